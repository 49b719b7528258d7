/* test-kiosk-directory-access.c — the directory's accessibility needs, without a display:
 * the store's ranking in three tiers and the words for what a place lacks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-directory-access.h"
#include "kiosk-test-store.h"
#include "nv-test-util.h"

typedef struct
{
  char       *dir;
  KioskStore *store;
} Fixture;

/* The test content's library has steps at its door and no accessible toilet, but an
 * induction loop; its association was never surveyed; a third place has everything a
 * wheelchair needs. */
static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvContent) delta = nv_content_new ();
  g_autoptr (GError) error = NULL;
  NvOrganisation *library, *step_free;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  library = kiosk_store_get_organisation (fixture->store, "test-library");
  library->access[NV_ACCESS_STEP_FREE_ENTRANCE] = NV_ACCESS_NO;
  library->access[NV_ACCESS_ACCESSIBLE_TOILET] = NV_ACCESS_NO;
  library->access[NV_ACCESS_INDUCTION_LOOP] = NV_ACCESS_YES;
  step_free = nv_organisation_copy (library);
  g_free (step_free->id);
  step_free->id = g_strdup ("test-step-free");
  nv_text_set (&step_free->name, NV_LANG_FI, "Testitalo");
  memset (step_free->access, 0, sizeof step_free->access);
  for (NvAccessFact f = 0; f < NV_N_ACCESS_FACTS; f++)
    if (nv_access_profile_needs (NV_ACCESS_PROFILE_WHEELCHAIR, f))
      step_free->access[f] = NV_ACCESS_YES;
  g_ptr_array_add (delta->organisations, library);
  g_ptr_array_add (delta->organisations, step_free);
  delta->since = 1;
  delta->revision = 2;
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* The ids found for @profile, in order, joined by spaces. */
static char *
search_ids (Fixture *fixture, NvAccessProfile profile, GPtrArray **out_hits)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) ids = g_string_new (NULL);
  GPtrArray *hits = kiosk_store_search_organisations_for (fixture->store, "", NULL, NULL, profile,
                                                          NV_LANG_FI, 0, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            ((KioskDirectoryHit *) hits->pdata[i])->id);
  if (out_hits != NULL)
    *out_hits = hits;
  else
    g_ptr_array_unref (hits);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static KioskDirectoryHit *
find_hit (GPtrArray *hits, const char *id)
{
  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (((KioskDirectoryHit *) hits->pdata[i])->id, id))
      return hits->pdata[i];
  g_assert_not_reached ();
}

static void
test_three_tiers (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) hits = NULL;
  g_autofree char   *none = search_ids (fixture, NV_ACCESS_PROFILE_NONE, NULL);
  g_autofree char   *wheelchair = search_ids (fixture, NV_ACCESS_PROFILE_WHEELCHAIR, &hits);
  g_autofree char   *rollator = search_ids (fixture, NV_ACCESS_PROFILE_ROLLATOR, NULL);
  g_autofree char   *hearing = search_ids (fixture, NV_ACCESS_PROFILE_HEARING, NULL);
  g_autofree char   *visual = search_ids (fixture, NV_ACCESS_PROFILE_VISUAL, NULL);
  KioskDirectoryHit *library = find_hit (hits, "test-library");

  /* A to Ö without needs; the same through the older call. */
  g_assert_cmpstr (none, ==, "test-library test-step-free test-association");
  /* Meets, not known, lacks. */
  g_assert_cmpstr (wheelchair, ==, "test-step-free test-association test-library");
  g_assert_cmpstr (rollator, ==, "test-step-free test-association test-library");
  /* The library's loop makes it the one that meets a hearing aid's need. */
  g_assert_cmpstr (hearing, ==, "test-library test-step-free test-association");
  /* Nobody knows about guidance anywhere: the usual order, nothing marked. */
  g_assert_cmpstr (visual, ==, none);

  g_assert_cmpint (library->fit, ==, NV_ACCESS_LACKS);
  g_assert_cmpuint (library->lacks, ==,
                    1u << NV_ACCESS_STEP_FREE_ENTRANCE | 1u << NV_ACCESS_ACCESSIBLE_TOILET);
  g_assert_cmpint (find_hit (hits, "test-association")->fit, ==, NV_ACCESS_NOT_KNOWN);
  g_assert_cmpuint (find_hit (hits, "test-association")->lacks, ==, 0);
  g_assert_cmpint (find_hit (hits, "test-step-free")->fit, ==, NV_ACCESS_MEETS);
}

/* A line a lack, in the order of the facts; nothing for none. */
static void
test_lacks_text (void)
{
  g_autofree char *two = kiosk_access_lacks_text (1u << NV_ACCESS_INDUCTION_LOOP
                                                  | 1u << NV_ACCESS_STEP_FREE_ENTRANCE);

  g_assert_cmpstr (two, ==, "No step-free entrance\nNo induction loop");
  g_assert_null (kiosk_access_lacks_text (0));
  for (NvAccessProfile p = 1; p < NV_N_ACCESS_PROFILES; p++)
    g_assert_nonnull (kiosk_access_profile_label (p));
  g_assert_null (kiosk_access_profile_label (NV_ACCESS_PROFILE_NONE));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kiosk-directory-access/three-tiers", Fixture, NULL, fixture_setup, test_three_tiers,
              fixture_teardown);
  g_test_add_func ("/kiosk-directory-access/lacks-text", test_lacks_text);
  return g_test_run ();
}

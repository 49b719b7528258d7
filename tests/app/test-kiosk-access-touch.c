/* test-kiosk-access-touch.c — the directory's accessibility needs, driven by real taps
 *
 * The resident taps through the X server (XTest, kiosk-test-input.h), as in
 * test-kiosk-touch.c: "Accessibility needs", Wheelchair; the place that meets it rises
 * to the top, the one that falls short says what it lacks, on its row and on its page;
 * and when the kiosk is left alone the next resident finds no trace of the choice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-test-input.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-util.h"

typedef KioskTouchFixture Fixture;

/* The test content's two places, now surveyed: the library has steps at its door and no
 * accessible toilet; the association has everything a wheelchair needs. */
static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvContent) delta = nv_content_new ();
  g_autoptr (GError) error = NULL;
  NvOrganisation *library, *association;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  library = kiosk_store_get_organisation (fixture->store, "test-library");
  association = kiosk_store_get_organisation (fixture->store, "test-association");
  g_assert_nonnull (library);
  g_assert_nonnull (association);
  library->access[NV_ACCESS_STEP_FREE_ENTRANCE] = NV_ACCESS_NO;
  library->access[NV_ACCESS_ACCESSIBLE_TOILET] = NV_ACCESS_NO;
  library->access[NV_ACCESS_INDUCTION_LOOP] = NV_ACCESS_YES;
  for (NvAccessFact f = 0; f < NV_N_ACCESS_FACTS; f++)
    if (nv_access_profile_needs (NV_ACCESS_PROFILE_WHEELCHAIR, f))
      association->access[f] = NV_ACCESS_YES;
  g_ptr_array_add (delta->organisations, library);
  g_ptr_array_add (delta->organisations, association);
  delta->since = 1;
  delta->revision = 2;
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);
  kiosk_touch_fixture_show (fixture);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  kiosk_touch_fixture_teardown (fixture, data);
}

static gboolean
shows (Fixture *fixture, const char *text)
{
  return kiosk_test_find_label (fixture->root, text) != NULL;
}

/* Whether the label @first is shown above the label @second. */
static gboolean
shown_above (Fixture *fixture, const char *first, const char *second)
{
  GtkWidget       *a = kiosk_test_find_label (fixture->root, first);
  GtkWidget       *b = kiosk_test_find_label (fixture->root, second);
  graphene_point_t pa, pb;

  return a != NULL && b != NULL
         && gtk_widget_compute_point (a, fixture->root, &GRAPHENE_POINT_INIT (0, 0), &pa)
         && gtk_widget_compute_point (b, fixture->root, &GRAPHENE_POINT_INIT (0, 0), &pb)
         && pa.y < pb.y;
}

static void
test_wheelchair_reranks_and_reset_wipes (Fixture *fixture, gconstpointer data)
{
  KioskVisit      *visit = kiosk_window_get_visit (fixture->window);
  g_autofree char *lacks
      = g_strdup_printf ("%s\n%s", _ ("No step-free entrance"), _ ("No accessible toilet"));
  g_autofree char *chosen = g_strdup_printf ("%s: %s", _ ("Accessibility needs"),
                                             C_ ("accessibility profile", "Wheelchair"));
  g_autofree char *page_lacks = g_strdup_printf (C_ ("accessibility lacks", "%s:\n%s"),
                                                 C_ ("accessibility profile", "Wheelchair"), lacks);

  /* Without needs: A to Ö, and nothing marked. */
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Testiyhdistys"), 5000);
  nv_test_wait_until (NULL, shown_above (fixture, "Testikirjasto", "Testiyhdistys"), 5000);
  g_assert_false (shows (fixture, lacks));
  g_assert_true (shows (fixture, _ ("Accessibility needs")));

  /* The needs, as a finger chooses them. */
  kiosk_test_input_tap_label (fixture->input, fixture->root, _ ("Accessibility needs"));
  kiosk_test_input_tap_label (fixture->input, fixture->root,
                              C_ ("accessibility profile", "Wheelchair"));
  nv_test_wait_until (NULL, shows (fixture, lacks), 5000);
  g_assert_cmpint (kiosk_visit_get_access_profile (visit), ==, NV_ACCESS_PROFILE_WHEELCHAIR);
  nv_test_wait_until (NULL, shown_above (fixture, "Testiyhdistys", "Testikirjasto"), 5000);
  nv_test_wait_until (NULL, shown_above (fixture, "Testikirjasto", lacks), 5000);
  /* The button says what was chosen, and what for. */
  g_assert_true (shows (fixture, chosen));

  /* The place's page says it too, near the top. */
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Testikirjasto");
  nv_test_wait_until (NULL, shows (fixture, page_lacks), 5000);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "organisation");

  /* Left alone, the kiosk ends the visit: the next resident has no needs chosen. */
  kiosk_visit_set_idle_timeouts (visit, 200, 200);
  kiosk_visit_note_activity (visit);
  nv_test_wait_until (NULL, kiosk_visit_get_access_profile (visit) == NV_ACCESS_PROFILE_NONE,
                      10000);
  nv_test_wait_until (NULL, g_strcmp0 (kiosk_window_get_screen (fixture->window), "home") == 0,
                      5000);
  kiosk_visit_set_idle_timeouts (visit, 120 * 1000, 30 * 1000);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Testiyhdistys"), 5000);
  nv_test_wait_until (NULL, shown_above (fixture, "Testikirjasto", "Testiyhdistys"), 5000);
  g_assert_false (shows (fixture, lacks));
  g_assert_true (shows (fixture, _ ("Accessibility needs")));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/kiosk-access-touch/wheelchair-reranks-and-reset-wipes", Fixture, NULL,
              fixture_setup, test_wheelchair_reranks_and_reset_wipes, fixture_teardown);
  return g_test_run ();
}

/* test-server-directory.c — imported entries wait for review, on real SQLite files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-import-ptv.h"
#include "server-store-private.h"
#include "nv-test-util.h"

#define FULL_ID "ptv-0b6d3a52-6f6e-4c8e-9a41-2f3d0c1e5a10"
#define MINIMAL_ID "ptv-2c9e4b1d-8f7a-4e3b-9c2d-1a0b9c8d7e6f"

typedef struct
{
  char        *dir;
  ServerStore *store;
} Fixture;

typedef struct
{
  guint new, changed, unchanged, refused;
} Counts;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = server_store_open (fixture->dir, seed, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static char *
fixture_text (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "ptv", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Imports PTV texts as neuvokas-server import ptv does, on @day (YYYY-MM-DD). */
static Counts
import_texts (ServerStore *store, const char *day, const char *const *texts)
{
  g_autofree char *iso = g_strdup_printf ("%sT10:00:00Z", day);
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  g_autoptr (GPtrArray) records = NULL;
  Counts counts = { 0 };

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (texts[i], strlen (texts[i]));
      g_autoptr (GError) error = NULL;

      g_assert_true (server_ptv_import_add_bytes (import, bytes, "text", NULL, &error));
    }
  records = server_ptv_import_finish (import);
  for (guint i = 0; i < records->len; i++)
    {
      ServerPtvRecord    *record = g_ptr_array_index (records, i);
      ServerImportOutcome outcome;
      g_autoptr (GError) error = NULL;

      if (record->organisation == NULL)
        {
          counts.refused++;
          continue;
        }
      g_assert_true (server_store_offer_import (store, record->organisation, &outcome, &error));
      g_assert_no_error (error);
      if (outcome == SERVER_IMPORT_NEW)
        counts.new ++;
      else if (outcome == SERVER_IMPORT_CHANGED)
        counts.changed++;
      else
        counts.unchanged++;
    }
  return counts;
}

static Counts
import_fixtures (ServerStore *store, const char *day)
{
  g_autofree char *full = fixture_text ("location-full.json");
  g_autofree char *minimal = fixture_text ("location-minimal.json");
  g_autofree char *organisation = fixture_text ("organization.json");
  const char      *texts[] = { full, minimal, organisation, NULL };

  return import_texts (store, day, texts);
}

static void
assert_counts (Counts counts, guint new, guint changed, guint unchanged)
{
  g_assert_cmpuint (counts.new, ==, new);
  g_assert_cmpuint (counts.changed, ==, changed);
  g_assert_cmpuint (counts.unchanged, ==, unchanged);
  g_assert_cmpuint (counts.refused, ==, 0);
}

static guint
n_changes (ServerStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes = server_store_list_directory_changes (store, &error);

  g_assert_no_error (error);
  return changes->len;
}

static void
accept_all (ServerStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes = server_store_list_directory_changes (store, &error);

  for (guint i = 0; i < changes->len; i++)
    {
      ServerDirectoryChange *change = g_ptr_array_index (changes, i);

      g_assert_cmpint (
          server_store_accept_directory_change (store, change->id, NULL, "advisor", &error), >, 0);
      g_assert_no_error (error);
    }
}

/* An import waits for review: kiosks see nothing until an advisor accepts. */
static void
test_new_entries_wait (Fixture *fixture, gconstpointer data)
{
  gint64 before = server_store_get_revision (fixture->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (NvOrganisation) published = NULL;
  ServerDirectoryChange *change;

  assert_counts (import_fixtures (fixture->store, "2026-12-07"), 2, 0, 0);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, before);
  g_assert_null (server_store_get_organisation (fixture->store, FULL_ID, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_NOT_FOUND);
  g_clear_error (&error);

  changes = server_store_list_directory_changes (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  change = g_ptr_array_index (changes, 0); /* by Finnish name: Limingan… before Testikylän… */
  g_assert_cmpstr (change->id, ==, MINIMAL_ID);
  g_assert_cmpstr (change->state, ==, "new");
  g_assert_cmpstr (change->source, ==, "ptv");
  g_assert_cmpstr (change->source_id, ==, "2c9e4b1d-8f7a-4e3b-9c2d-1a0b9c8d7e6f");
  g_assert_cmpstr (change->checked_at, ==, "2026-12-07T10:00:00.000Z");
  g_assert_true (g_strv_contains ((const char *const *) change->fields, "name"));

  accept_all (fixture->store);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, before + 2);
  published = server_store_get_organisation (fixture->store, FULL_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (published->source, ==, "ptv");
  g_assert_cmpstr (published->provider.text[NV_LANG_FI], ==, "Testikylän kunta");
  g_assert_cmpuint (published->phone_details->len, ==, 5);
  g_assert_cmpuint (n_changes (fixture->store), ==, 0);
}

/* A second import of the same records, days later, changes nothing: no revision, nothing
 * to review, though the source was checked again. */
static void
test_second_import_changes_nothing (Fixture *fixture, gconstpointer data)
{
  gint64 revision;

  import_fixtures (fixture->store, "2026-12-07");
  accept_all (fixture->store);
  revision = server_store_get_revision (fixture->store);
  assert_counts (import_fixtures (fixture->store, "2026-12-09"), 0, 0, 2);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, revision);
  g_assert_cmpuint (n_changes (fixture->store), ==, 0);
  /* Before it is reviewed too: an import of what already waits changes nothing. */
  {
    g_autofree char *organisation = fixture_text ("organization.json");
    g_autofree char *over_midnight = fixture_text ("location-over-midnight.json");
    const char      *texts[] = { over_midnight, organisation, NULL };

    assert_counts (import_texts (fixture->store, "2026-12-09", texts), 1, 0, 0);
    assert_counts (import_texts (fixture->store, "2026-12-10", texts), 0, 0, 1);
  }
}

static char *
replace (const char *text, const char *from, const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), >, 1);
  return g_strjoinv (to, parts);
}

/* A changed record reaches advisors field by field, with both values. */
static void
test_changed_record_is_reviewable (Fixture *fixture, gconstpointer data)
{
  g_autofree char *full = fixture_text ("location-full.json");
  g_autofree char *changed = replace (full, "8 5584 7070", "8 5584 7000");
  const char      *texts[] = { changed, NULL };
  g_autoptr (GPtrArray) fields = NULL;
  g_auto (GStrv) hand_set = NULL;
  g_autoptr (ServerDirectoryChange) change = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) published = NULL;
  g_autofree char *current = NULL, *proposed = NULL;
  gint64           revision;

  import_fixtures (fixture->store, "2026-12-07");
  accept_all (fixture->store);
  revision = server_store_get_revision (fixture->store);

  assert_counts (import_texts (fixture->store, "2026-12-08", texts), 0, 1, 0);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, revision);
  change = server_store_get_directory_change (fixture->store, FULL_ID, &fields, &hand_set, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (change->state, ==, "changed");
  g_assert_cmpstr (change->checked_at, ==, "2026-12-08T10:00:00.000Z");
  g_assert_cmpstrv (change->fields, ((const char *const[]){ "phone_details", "phones", NULL }));
  g_assert_cmpuint (fields->len, ==, 2);
  current = nv_json_to_string (((ServerFieldChange *) fields->pdata[1])->current, FALSE);
  proposed = nv_json_to_string (((ServerFieldChange *) fields->pdata[1])->proposed, FALSE);
  g_assert_cmpstr (current, ==, "[\"+358 8 5584 7070\",\"0800 123 456\"]");
  g_assert_cmpstr (proposed, ==, "[\"+358 8 5584 7000\",\"0800 123 456\"]");
  g_assert_cmpuint (g_strv_length (hand_set), ==, 0);

  /* Kiosks still have the old number until it is accepted. */
  published = server_store_get_organisation (fixture->store, FULL_ID, &error);
  g_assert_cmpstr (published->phones[0], ==, "+358 8 5584 7070");
  g_clear_pointer (&published, nv_organisation_free);
  g_assert_cmpint (
      server_store_accept_directory_change (fixture->store, FULL_ID, NULL, "advisor", &error), ==,
      revision + 1);
  published = server_store_get_organisation (fixture->store, FULL_ID, &error);
  g_assert_cmpstr (published->phones[0], ==, "+358 8 5584 7000");
  g_assert_cmpstr (((NvPhone *) published->phone_details->pdata[0])->number, ==,
                   "+358 8 5584 7000");
  g_assert_cmpuint (n_changes (fixture->store), ==, 0);
}

/* What an advisor set by hand survives the next import. */
static void
test_advisor_value_survives (Fixture *fixture, gconstpointer data)
{
  g_autofree char *full = fixture_text ("location-full.json");
  g_autofree char *changed
      = replace (full, "Palvelupisteessä saa apua", "Palvelupisteestä saa apua");
  g_autofree char *renamed
      = replace (changed, "Testikylän palvelupiste", "Testikylän asiointipiste");
  const char *texts[] = { renamed, NULL };
  g_autoptr (NvOrganisation) organisation = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) fields = NULL;
  g_auto (GStrv) hand_set = NULL;
  g_autoptr (ServerDirectoryChange) change = NULL;
  gint64 revision;

  import_fixtures (fixture->store, "2026-12-07");
  accept_all (fixture->store);
  /* The advisor knows better: a library, and a direct number. */
  organisation = server_store_get_organisation (fixture->store, FULL_ID, &error);
  g_free (organisation->kind);
  organisation->kind = g_strdup ("library");
  g_free (organisation->phones[0]);
  organisation->phones[0] = g_strdup ("+358 8 5584 7099");
  g_assert_cmpint (server_store_save_organisation (fixture->store, organisation, "advisor", &error),
                   >, 0);
  g_assert_no_error (error);

  /* The same records again: the advisor's values stand, and nothing waits. */
  revision = server_store_get_revision (fixture->store);
  assert_counts (import_fixtures (fixture->store, "2026-12-08"), 0, 0, 2);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, revision);

  /* A real change in the source: only what the advisor did not set is proposed. */
  assert_counts (import_texts (fixture->store, "2026-12-09", texts), 0, 1, 0);
  change = server_store_get_directory_change (fixture->store, FULL_ID, &fields, &hand_set, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (change->fields, ((const char *const[]){ "description", "name", NULL }));
  /* The phones with their cost go with the plain list the advisor edited. */
  g_assert_cmpstrv (hand_set, ((const char *const[]){ "kind", "phone_details", "phones", NULL }));

  /* Accepting the description only: the advisor keeps their own name from now on. */
  g_assert_cmpint (
      server_store_accept_directory_change (
          fixture->store, FULL_ID, (const char *const[]){ "description", NULL }, "advisor", &error),
      ==, revision + 1);
  g_assert_no_error (error);
  g_clear_pointer (&organisation, nv_organisation_free);
  organisation = server_store_get_organisation (fixture->store, FULL_ID, &error);
  g_assert_cmpstr (organisation->kind, ==, "library");
  g_assert_cmpstr (organisation->phones[0], ==, "+358 8 5584 7099");
  g_assert_cmpstr (organisation->name.text[NV_LANG_FI], ==, "Testikylän palvelupiste");
  g_assert_true (g_str_has_prefix (organisation->description.text[NV_LANG_FI], "Palvelupisteestä"));
  g_assert_cmpstr (g_date_time_format_iso8601 (organisation->checked_at), ==,
                   "2026-12-09T10:00:00Z");
  assert_counts (import_texts (fixture->store, "2026-12-10", texts), 0, 0, 1);
}

/* Keeping one's own value: the proposal goes, and does not come back. */
static void
test_keep_own_value (Fixture *fixture, gconstpointer data)
{
  g_autofree char *full = fixture_text ("location-full.json");
  g_autofree char *changed = replace (full, "8 5584 7070", "8 5584 7000");
  const char      *texts[] = { changed, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  gint64 revision;

  import_fixtures (fixture->store, "2026-12-07");
  accept_all (fixture->store);
  revision = server_store_get_revision (fixture->store);
  assert_counts (import_texts (fixture->store, "2026-12-08", texts), 0, 1, 0);

  /* A field the change does not touch is named as the mistake it is. */
  g_assert_false (server_store_keep_directory_values (
      fixture->store, FULL_ID, (const char *const[]){ "phones", "kind", NULL }, "advisor", &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (error), ==, "fields[1]");
  g_clear_error (&error);
  g_assert_cmpuint (n_changes (fixture->store), ==, 1);

  g_assert_true (
      server_store_keep_directory_values (fixture->store, FULL_ID, NULL, "advisor", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changes (fixture->store), ==, 0);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, revision);
  assert_counts (import_texts (fixture->store, "2026-12-09", texts), 0, 0, 1);
  organisation = server_store_get_organisation (fixture->store, FULL_ID, &error);
  g_assert_cmpstr (organisation->phones[0], ==, "+358 8 5584 7070");

  /* Nothing to review any more. */
  g_assert_cmpint (
      server_store_accept_directory_change (fixture->store, FULL_ID, NULL, "advisor", &error), ==,
      -1);
  g_assert_error (error, NV_ERROR, NV_ERROR_NOT_FOUND);
}

/* A new entry kept out of the directory stays out. */
static void
test_keep_new_entry_out (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  import_fixtures (fixture->store, "2026-12-07");
  g_assert_true (
      server_store_keep_directory_values (fixture->store, MINIMAL_ID, NULL, "advisor", &error));
  g_assert_cmpuint (n_changes (fixture->store), ==, 1);
  assert_counts (import_fixtures (fixture->store, "2026-12-08"), 0, 0, 2);
  g_assert_cmpuint (n_changes (fixture->store), ==, 1);
  g_assert_null (server_store_get_organisation (fixture->store, MINIMAL_ID, &error));
}

/* A record gone from the source is flagged, not deleted; seen again, the flag goes. */
static void
test_missing_flagged (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  const char *seen[] = { FULL_ID, NULL };
  guint       flagged = 0;
  gint64      revision;

  import_fixtures (fixture->store, "2026-12-07");
  accept_all (fixture->store);
  revision = server_store_get_revision (fixture->store);
  g_assert_true (server_store_flag_missing (fixture->store, "ptv", seen, &flagged, &error));
  g_assert_cmpuint (flagged, ==, 1);
  /* Flagged once, not again by the next import that misses it too. */
  g_assert_true (server_store_flag_missing (fixture->store, "ptv", seen, &flagged, &error));
  g_assert_cmpuint (flagged, ==, 0);
  changes = server_store_list_directory_changes (fixture->store, &error);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpstr (((ServerDirectoryChange *) changes->pdata[0])->state, ==, "missing");
  g_assert_cmpstr (((ServerDirectoryChange *) changes->pdata[0])->id, ==, MINIMAL_ID);
  g_assert_nonnull (((ServerDirectoryChange *) changes->pdata[0])->missing_since);
  organisation = server_store_get_organisation (fixture->store, MINIMAL_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, revision);

  assert_counts (import_fixtures (fixture->store, "2026-12-08"), 0, 0, 2);
  g_assert_cmpuint (n_changes (fixture->store), ==, 0);
}

/* The tables come with the migrations; the store opens with them on a fresh file. */
static void
test_schema (Fixture *fixture, gconstpointer data)
{
  guint              n_migrations;
  const NvMigration *migrations = server_store_migrations (&n_migrations);
  gboolean           found = FALSE;

  for (guint i = 0; i < n_migrations; i++)
    found = found || strstr (migrations[i].sql, "directory_hand_set") != NULL;
  g_assert_true (found);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server_store_use_cheap_password_hashing ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/directory/new-entries-wait", test_new_entries_wait);
  ADD ("/directory/second-import-changes-nothing", test_second_import_changes_nothing);
  ADD ("/directory/changed-record-is-reviewable", test_changed_record_is_reviewable);
  ADD ("/directory/advisor-value-survives", test_advisor_value_survives);
  ADD ("/directory/keep-own-value", test_keep_own_value);
  ADD ("/directory/keep-new-entry-out", test_keep_new_entry_out);
  ADD ("/directory/missing-flagged", test_missing_flagged);
  ADD ("/directory/schema", test_schema);
  return g_test_run ();
}

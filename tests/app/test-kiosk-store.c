/* test-kiosk-store.c — the kiosk's local store on real SQLite files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-store.h"
#include "kiosk-store-private.h"
#include "nv-test-util.h"

typedef struct
{
  char       *dir;
  KioskStore *store;
  NvContent  *content;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr(GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->content = nv_content_load_dir (seed, &error);
  g_assert_no_error (error);
  fixture->content->revision = 4;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  nv_content_free (fixture->content);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static void
changed_cb (KioskStore *store,
            guint      *count)
{
  (*count)++;
}

static void
test_apply_and_reopen (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) guides = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(NvGuide) guide = NULL;
  guint changes = 0;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), &changes);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_clear_object (&fixture->store);

  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 4);
  categories = kiosk_store_list_categories (fixture->store);
  g_assert_cmpuint (categories->len, ==, 2);
  g_assert_cmpstr (((NvCategory *) categories->pdata[0])->id, ==, "health");
  guides = kiosk_store_list_guides (fixture->store, "safety", NV_LANG_FI);
  g_assert_cmpuint (guides->len, ==, 1);
  guide = kiosk_store_get_guide (fixture->store, "call-112");
  g_assert_nonnull (guide);
  g_assert_cmpuint (guide->steps->len, ==, 3);
  g_assert_null (kiosk_store_get_guide (fixture->store, "nope"));
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==, 2);
}

static void
test_full_bundle_replaces (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) smaller = nv_content_new ();

  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  /* A full bundle (since 0) is the whole truth: what it lacks is gone. */
  smaller->revision = 9;
  g_ptr_array_add (smaller->categories,
                   nv_category_copy (g_ptr_array_index (fixture->content->categories, 0)));
  g_assert_true (kiosk_store_apply_content (fixture->store, smaller, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "category"), ==, 1);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 0);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 9);
}

static void
test_delta_with_tombstones (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) delta = nv_content_new ();
  NvTombstone *tombstone = g_new0 (NvTombstone, 1);
  NvGuide *changed = nv_guide_copy (g_ptr_array_index (fixture->content->guides, 1));
  g_autoptr(NvGuide) reread = NULL;

  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  delta->since = 4;
  delta->revision = 6;
  tombstone->kind = g_strdup ("guide");
  tombstone->id = g_strdup ("call-112");
  tombstone->revision = 5;
  g_ptr_array_add (delta->tombstones, tombstone);
  nv_text_set (&changed->title, NV_LANG_FI, "Omaolo uudistettu");
  g_ptr_array_add (delta->guides, changed);

  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);
  g_assert_null (kiosk_store_get_guide (fixture->store, "call-112"));
  reread = kiosk_store_get_guide (fixture->store, "omaolo");
  g_assert_cmpstr (reread->title.text[NV_LANG_FI], ==, "Omaolo uudistettu");
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==, 2);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 6);
}

static void
test_bad_bundle_changes_nothing (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) bad = nv_content_new ();
  NvGuide *guide = nv_guide_copy (g_ptr_array_index (fixture->content->guides, 0));
  guint changes = 0;

  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), &changes);

  /* A full bundle whose guide names a missing category: refused whole. */
  bad->revision = 10;
  g_ptr_array_add (bad->guides, guide);
  g_assert_false (kiosk_store_apply_content (fixture->store, bad, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 4);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 2);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "category"), ==, 2);
}

/* A kiosk updated in the field keeps its content and its unsent events. */
static void
test_migrate_from_each_schema (Fixture       *fixture,
                               gconstpointer  data)
{
  guint n_migrations;
  const NvMigration *migrations = kiosk_store_migrations (&n_migrations);

  g_assert_cmpuint (n_migrations, >=, 2);
  for (guint version = 0; version < n_migrations; version++)
    {
      g_autofree char *dir = g_build_filename (fixture->dir, "old", NULL);
      g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskStore) store = NULL;
      g_autoptr(NvGuide) guide = NULL;
      sqlite3 *db;

      nv_test_rm_rf (dir);
      g_mkdir (dir, 0700);
      db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);
      g_assert_true (nv_sqlite_migrate (db, migrations, version, &error));
      if (version >= 1)
        g_assert_true (nv_sqlite_exec (db,
                                       "UPDATE meta SET value = '3' WHERE key = 'content_revision';"
                                       "INSERT INTO guides VALUES ('g', 'c', '{\"id\":\"g\","
                                       "\"category\":\"c\",\"title\":{\"fi\":\"Vanha\"},"
                                       "\"steps\":[{\"text\":{\"fi\":\"Askel\"}}]}');",
                                       &error));
      g_assert_no_error (error);
      nv_sqlite_close (db);

      store = kiosk_store_open (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (kiosk_store_outbox_count (store), ==, 0);
      if (version >= 1)
        {
          g_assert_cmpint (kiosk_store_get_revision (store), ==, 3);
          guide = kiosk_store_get_guide (store, "g");
          g_assert_cmpstr (guide->title.text[NV_LANG_FI], ==, "Vanha");
        }
      g_clear_object (&store);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-store/apply-and-reopen", test_apply_and_reopen);
  ADD ("/kiosk-store/full-bundle-replaces", test_full_bundle_replaces);
  ADD ("/kiosk-store/delta-with-tombstones", test_delta_with_tombstones);
  ADD ("/kiosk-store/bad-bundle-changes-nothing", test_bad_bundle_changes_nothing);
  ADD ("/kiosk-store/migrate-from-each-schema", test_migrate_from_each_schema);
#undef ADD

  return g_test_run ();
}

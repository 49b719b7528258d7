/* test-server-store.c — the backend store on real SQLite files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-store.h"
#include "server-store-private.h"
#include "server-store-kiosks.h"
#include "server-store-events.h"
#include "server-store-appointments.h"
#include "nv-test-util.h"

typedef struct
{
  char *dir;
  char *seed;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->seed);
}

static void
test_create_and_seed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (fixture->dir, fixture->seed, &error);
  g_autoptr (NvContent) content = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (server_store_get_revision (store), ==, 1);
  content = server_store_get_content (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (content->revision, ==, 1);
  g_assert_cmpuint (content->categories->len, ==, 2);
  g_assert_cmpuint (content->guides->len, ==, 2);
  g_assert_cmpuint (content->organisations->len, ==, 2);
}

static void
test_seed_only_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (fixture->dir, fixture->seed, &error);
  g_autoptr (NvContent) content = NULL;

  g_assert_true (server_store_delete (store, "guide", "omaolo", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Reopened with the seed at hand: the store keeps what advisors did. */
  store = server_store_open (fixture->dir, fixture->seed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (server_store_get_revision (store), ==, 2);
  content = server_store_get_content (store, 0, &error);
  g_assert_cmpuint (content->guides->len, ==, 1);
}

static NvGuide *
make_guide (const char *id, const char *category)
{
  NvGuide *guide = nv_guide_new ();

  guide->id = g_strdup (id);
  guide->category = g_strdup (category);
  nv_text_set (&guide->title, NV_LANG_FI, "Uusi opas");
  nv_guide_add_step (guide, "Ensimmäinen askel", NULL, NULL);
  return guide;
}

static void
test_revisions_and_deltas (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (fixture->dir, fixture->seed, &error);
  g_autoptr (NvGuide) guide = make_guide ("video-calls", "safety");
  g_autoptr (NvContent) delta = NULL;
  g_autoptr (NvContent) none = NULL;

  g_assert_true (server_store_put_guide (store, guide, &error));
  g_assert_cmpint (server_store_get_revision (store), ==, 2);
  g_assert_true (server_store_delete (store, "organisation", "test-association", &error));
  g_assert_cmpint (server_store_get_revision (store), ==, 3);

  delta = server_store_get_content (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (delta->since, ==, 1);
  g_assert_cmpint (delta->revision, ==, 3);
  g_assert_cmpuint (delta->guides->len, ==, 1);
  g_assert_cmpuint (delta->categories->len, ==, 0);
  g_assert_cmpuint (delta->tombstones->len, ==, 1);
  g_assert_cmpstr (((NvTombstone *) delta->tombstones->pdata[0])->id, ==, "test-association");

  none = server_store_get_content (store, 3, &error);
  g_assert_cmpuint (none->guides->len + none->tombstones->len, ==, 0);
}

/* Compact JSON of @node, which it takes. */
static char *
take_text (JsonNode *node)
{
  char *text = nv_json_to_string (node, FALSE);

  json_node_unref (node);
  return text;
}

/* The bundle written as it is read means what the tree of the whole bundle did, full and
 * delta, with the settings: parsed back, every item, tombstone and setting is the same. */
static void
test_written_content_same (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (fixture->dir, fixture->seed, &error);
  g_autoptr (NvGuide) guide = make_guide ("video-calls", "safety");
  g_autoptr (JsonNode) config = json_from_string ("{\"version\":1,\"settings\":"
                                                  "{\"idle-timeout\":120}}",
                                                  NULL);

  g_assert_true (server_store_put_guide (store, guide, &error));
  g_assert_true (server_store_delete (store, "organisation", "test-association", &error));
  g_assert_no_error (error);
  for (gint64 since = 0; since <= 3; since++)
    {
      g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
      g_autoptr (GBytes) written = NULL;
      g_autoptr (NvContent) expected = server_store_get_content (store, since, &error);
      g_autoptr (NvContent) parsed = NULL;
      g_autofree char *expected_text = NULL;
      g_autofree char *parsed_text = NULL;
      gint64           revision = -1;

      g_assert_no_error (error);
      expected->config = nv_kiosk_config_from_json (config, &error);
      g_assert_no_error (error);
      g_assert_true (server_store_write_content (store, since, config, memory, &revision, &error));
      g_assert_no_error (error);
      g_assert_cmpint (revision, ==, 3);
      g_output_stream_close (memory, NULL, NULL);
      written = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
      parsed = nv_content_from_bytes (written, &error);
      g_assert_no_error (error);
      expected_text = take_text (nv_content_to_json (expected));
      parsed_text = take_text (nv_content_to_json (parsed));
      g_assert_cmpstr (parsed_text, ==, expected_text);
      if (since == 0)
        g_assert_cmpuint (parsed->guides->len * parsed->organisations->len, >, 0);
    }
}

static void
test_invalid_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (fixture->dir, fixture->seed, &error);
  g_autoptr (NvGuide) no_category = make_guide ("g", "nonexistent");
  g_autoptr (NvGuide) no_title = make_guide ("h", "health");

  g_assert_false (server_store_put_guide (store, no_category, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "category");
  g_clear_error (&error);

  nv_text_clear (&no_title->title);
  g_assert_false (server_store_put_guide (store, no_title, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "title.fi");
  g_clear_error (&error);

  g_assert_false (server_store_delete (store, "guide", "nope", &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_NOT_FOUND);
  /* Nothing refused moved the revision. */
  g_assert_cmpint (server_store_get_revision (store), ==, 1);
}

static void
test_migrate_from_each_schema (Fixture *fixture, gconstpointer data)
{
  guint              n_migrations;
  const NvMigration *migrations = server_store_migrations (&n_migrations);

  g_assert_cmpint (server_store_schema_version (), ==, (int) n_migrations);
  for (guint version = 1; version < n_migrations; version++)
    {
      g_autofree char *dir = g_build_filename (fixture->dir, "v", NULL);
      g_autofree char *path = g_build_filename (dir, "neuvokas.db", NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (ServerStore) store = NULL;
      g_autoptr (NvContent) content = NULL;
      sqlite3 *db;

      nv_test_rm_rf (dir);
      g_mkdir (dir, 0700);
      /* A store as an older neuvokas-server left it, with content in it. */
      db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);
      g_assert_true (nv_sqlite_migrate (db, migrations, version, &error));
      g_assert_true (nv_sqlite_exec (db,
                                     "UPDATE meta SET value = '5' WHERE key = 'content_revision';"
                                     "INSERT INTO categories VALUES ('c', 5,"
                                     " '{\"id\":\"c\",\"title\":{\"fi\":\"C\"}}');",
                                     &error));
      g_assert_no_error (error);
      /* From schema 3 on: kiosks and their events too. */
      if (version >= 3)
        g_assert_true (nv_sqlite_exec (db,
                                       "INSERT INTO kiosks (id, name, municipality, token_hash,"
                                       " created) VALUES ('kiosk-1', 'Aula', '564', 'h', 1);"
                                       "INSERT INTO events (id, kiosk, session, time, received,"
                                       " type, subject, language, text_size, high_contrast, value,"
                                       " detail) VALUES ('0d8a1d4e-7a39-4c4f-9b0e-0c7d1e2f3a4b',"
                                       " 'kiosk-1', 's', '2026-11-20T10:00:00.000Z',"
                                       " '2026-11-20T10:00:01.000Z', 'session_start', NULL, 'fi',"
                                       " 0, 0, 0, NULL);",
                                       &error));
      g_assert_no_error (error);
      nv_sqlite_close (db);

      store = server_store_open (dir, fixture->seed, &error);
      g_assert_no_error (error);
      g_assert_cmpint (server_store_get_revision (store), ==, 5);
      content = server_store_get_content (store, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (content->categories->len, ==, 1);
      g_assert_cmpstr (((NvCategory *) content->categories->pdata[0])->id, ==, "c");
      /* Events stored by an older schema are kept. */
      g_assert_cmpint (server_store_count_events (store), ==, version >= 3 ? 1 : 0);
      g_assert_cmpuint (content->slots->len, ==, 0);
      if (version >= 3)
        {
          g_autoptr (GPtrArray) kiosks = server_store_list_kiosks (store, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (kiosks->len, ==, 1);
          g_assert_cmpstr (((ServerKiosk *) kiosks->pdata[0])->name, ==, "Aula");
          g_assert_cmpint (server_store_count_events (store), ==, 1);
        }
      /* The newest tables are there and work. */
      {
        g_autoptr (GPtrArray) slots = server_store_list_slots (store, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (slots->len, ==, 0);
      }
    }
}

static void
test_refuse_newer_and_unusable (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "neuvokas.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = NULL;
  sqlite3 *db;

  db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);
  g_assert_true (nv_sqlite_exec (db, "PRAGMA user_version = 99", &error));
  nv_sqlite_close (db);
  store = server_store_open (fixture->dir, fixture->seed, &error);
  g_assert_null (store);
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);

  store = server_store_open ("/dev/null/x", fixture->seed, &error);
  g_assert_null (store);
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-store/create-and-seed", test_create_and_seed);
  ADD ("/server-store/seed-only-once", test_seed_only_once);
  ADD ("/server-store/written-content-same", test_written_content_same);
  ADD ("/server-store/revisions-and-deltas", test_revisions_and_deltas);
  ADD ("/server-store/invalid-refused", test_invalid_refused);
  ADD ("/server-store/migrate-from-each-schema", test_migrate_from_each_schema);
  ADD ("/server-store/refuse-newer-and-unusable", test_refuse_newer_and_unusable);
#undef ADD

  return g_test_run ();
}

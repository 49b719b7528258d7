/* test-sqlite.c — opening and migrating real database files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static const NvMigration migrations[] = {
  { 1, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);" },
  { 2, "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown';" },
  { 3, "CREATE INDEX notes_author ON notes (author);" },
};

static char *
query (sqlite3    *db,
       const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_open_wal (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_FULL, &error);
  g_autofree char *mode = NULL;
  g_autofree char *sync = NULL;
  g_autofree char *keys = NULL;

  g_assert_no_error (error);
  mode = query (db, "PRAGMA journal_mode");
  sync = query (db, "PRAGMA synchronous");
  keys = query (db, "PRAGMA foreign_keys");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (sync, ==, "2");
  g_assert_cmpstr (keys, ==, "1");
}

static void
test_migrate_from_each_version (Fixture       *fixture,
                                gconstpointer  data)
{
  for (guint start = 0; start <= G_N_ELEMENTS (migrations); start++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3) db = NULL;
      g_autofree char *author = NULL;
      g_autofree char *text = NULL;

      g_remove (fixture->path);
      db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
      g_assert_no_error (error);
      /* Build the schema as an older program left it, with data in it. */
      g_assert_true (nv_sqlite_migrate (db, migrations, start, &error));
      g_assert_no_error (error);
      g_assert_cmpint (nv_sqlite_schema_version (db), ==, (int) start);
      if (start >= 1)
        g_assert_true (nv_sqlite_exec (db, "INSERT INTO notes (text) VALUES ('kept')", &error));

      g_assert_true (nv_sqlite_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
      g_assert_no_error (error);
      g_assert_cmpint (nv_sqlite_schema_version (db), ==, 3);
      if (start >= 1)
        {
          text = query (db, "SELECT text FROM notes");
          author = query (db, "SELECT author FROM notes");
          g_assert_cmpstr (text, ==, "kept");
          g_assert_cmpstr (author, ==, "unknown");
        }
      /* Migrating again changes nothing. */
      g_assert_true (nv_sqlite_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
    }
}

static void
test_refuse_newer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);

  g_assert_true (nv_sqlite_migrate (db, migrations, 3, &error));
  g_assert_false (nv_sqlite_migrate (db, migrations, 2, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer version"));
}

static void
test_failed_migration_rolls_back (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const NvMigration broken[] = {
    { 1, "CREATE TABLE a (x);" },
    { 2, "CREATE TABLE b (y); THIS IS NOT SQL;" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autofree char *tables = NULL;

  g_assert_false (nv_sqlite_migrate (db, broken, 2, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_assert_cmpint (nv_sqlite_schema_version (db), ==, 1);
  tables = query (db, "SELECT count(*) FROM sqlite_master WHERE name = 'b'");
  g_assert_cmpstr (tables, ==, "0");
}

static void
test_unopenable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.db", NULL);

  db = nv_sqlite_open ("/dev/null/x/test.db", NV_SQLITE_SYNC_NORMAL, &error);
  g_assert_null (db);
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "/dev/null/x/test.db"));
  g_clear_error (&error);

  /* A file that is not a database is refused, not overwritten. */
  g_file_set_contents (garbage, "this is not a database, but it is long enough to be read "
                       "as a header by SQLite, which looks at the first hundred bytes.", -1,
                       NULL);
  db = nv_sqlite_open (garbage, NV_SQLITE_SYNC_NORMAL, &error);
  g_assert_null (db);
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sqlite/open-wal", Fixture, NULL, fixture_setup, test_open_wal, fixture_teardown);
  g_test_add ("/sqlite/migrate-from-each-version", Fixture, NULL, fixture_setup,
              test_migrate_from_each_version, fixture_teardown);
  g_test_add ("/sqlite/refuse-newer", Fixture, NULL, fixture_setup, test_refuse_newer,
              fixture_teardown);
  g_test_add ("/sqlite/failed-migration-rolls-back", Fixture, NULL, fixture_setup,
              test_failed_migration_rolls_back, fixture_teardown);
  g_test_add ("/sqlite/unopenable", Fixture, NULL, fixture_setup, test_unopenable,
              fixture_teardown);

  return g_test_run ();
}

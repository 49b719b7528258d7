/* test-sqlite.c — opening and migrating real database files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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
  g_assert_cmpint (nv_sqlite_schema_version (db), ==, 0);
}

static void
test_open_normal (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *mode = NULL;
  g_autofree char *sync = NULL;
  g_autofree char *timeout = NULL;

  g_assert_no_error (error);
  mode = query (db, "PRAGMA journal_mode");
  sync = query (db, "PRAGMA synchronous");
  timeout = query (db, "PRAGMA busy_timeout");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (sync, ==, "1");
  g_assert_cmpstr (timeout, ==, "5000");

  /* Foreign keys are enforced. */
  g_assert_true (nv_sqlite_exec (db, "CREATE TABLE a (id INTEGER PRIMARY KEY);"
                                 "CREATE TABLE b (a INTEGER REFERENCES a (id));", &error));
  g_assert_false (nv_sqlite_exec (db, "INSERT INTO b (a) VALUES (7)", &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "FOREIGN KEY"));
  g_clear_error (&error);

  /* Closing folds the write-ahead log back into the database file. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_clear_pointer (&db, nv_sqlite_close);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
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
test_migrate_from_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autofree char *index = NULL;

  /* No migrations at all: nothing to do. */
  g_assert_true (nv_sqlite_migrate (db, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nv_sqlite_schema_version (db), ==, 0);

  g_assert_true (nv_sqlite_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
  g_assert_no_error (error);
  g_assert_cmpint (nv_sqlite_schema_version (db), ==, 3);
  index = query (db, "SELECT count(*) FROM sqlite_master WHERE name = 'notes_author'");
  g_assert_cmpstr (index, ==, "1");
}

/* Another process (here: another connection) migrated first: nothing is applied twice. */
static void
test_migrate_two_connections (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) first = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autoptr(sqlite3) second = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);

  g_assert_no_error (error);
  g_assert_true (nv_sqlite_migrate (first, migrations, 1, &error));
  g_assert_true (nv_sqlite_migrate (second, migrations, G_N_ELEMENTS (migrations), &error));
  g_assert_no_error (error);
  g_assert_true (nv_sqlite_migrate (first, migrations, G_N_ELEMENTS (migrations), &error));
  g_assert_no_error (error);
  g_assert_cmpint (nv_sqlite_schema_version (first), ==, 3);
  g_assert_cmpint (nv_sqlite_schema_version (second), ==, 3);
}

static void
test_refuse_newer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  g_assert_true (nv_sqlite_migrate (db, migrations, 3, &error));
  g_assert_true (nv_sqlite_exec (db, "INSERT INTO notes (text, author) VALUES ('x', 'y')",
                                 &error));
  g_assert_false (nv_sqlite_migrate (db, migrations, 2, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  expected = g_strdup_printf ("The database %s was written by a newer version of Neuvokas "
                              "(schema 3, this program knows up to 2)", fixture->path);
  g_assert_cmpstr (error->message, ==, expected);
  /* Refused, not touched. */
  g_assert_cmpint (nv_sqlite_schema_version (db), ==, 3);
  text = query (db, "SELECT text FROM notes");
  g_assert_cmpstr (text, ==, "x");
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
assert_unopenable (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);

  g_assert_null (db);
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_unopenable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no", "such", "dir", "a.db", NULL);
  g_autoptr(GError) error = NULL;

  assert_unopenable ("/dev/null/x/test.db");
  assert_unopenable (fixture->dir);
  assert_unopenable (missing);

  /* A file that is not a database is refused, not overwritten. */
  g_file_set_contents (garbage, "this is not a database, but it is long enough to be read "
                       "as a header by SQLite, which looks at the first hundred bytes.", -1,
                       &error);
  g_assert_no_error (error);
  assert_unopenable (garbage);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sqlite/open-wal", Fixture, NULL, fixture_setup, test_open_wal, fixture_teardown);
  g_test_add ("/sqlite/open-normal", Fixture, NULL, fixture_setup, test_open_normal,
              fixture_teardown);
  g_test_add ("/sqlite/migrate-from-empty", Fixture, NULL, fixture_setup,
              test_migrate_from_empty, fixture_teardown);
  g_test_add ("/sqlite/migrate-two-connections", Fixture, NULL, fixture_setup,
              test_migrate_two_connections, fixture_teardown);
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

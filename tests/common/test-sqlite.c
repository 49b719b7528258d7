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
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
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
query (sqlite3 *db, const char *sql)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_open_wal (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_FULL, &error);
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
test_open_normal (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
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
  g_assert_true (nv_sqlite_exec (db,
                                 "CREATE TABLE a (id INTEGER PRIMARY KEY);"
                                 "CREATE TABLE b (a INTEGER REFERENCES a (id));",
                                 &error));
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
test_migrate_from_each_version (Fixture *fixture, gconstpointer data)
{
  for (guint start = 0; start <= G_N_ELEMENTS (migrations); start++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (sqlite3) db = NULL;
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
test_migrate_from_empty (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
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
test_migrate_two_connections (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) first = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autoptr (sqlite3) second = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);

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
test_refuse_newer (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  g_assert_true (nv_sqlite_migrate (db, migrations, 3, &error));
  g_assert_true (nv_sqlite_exec (db, "INSERT INTO notes (text, author) VALUES ('x', 'y')", &error));
  g_assert_false (nv_sqlite_migrate (db, migrations, 2, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  expected = g_strdup_printf ("The database %s was written by a newer version of Neuvokas "
                              "(schema 3, this program knows up to 2)",
                              fixture->path);
  g_assert_cmpstr (error->message, ==, expected);
  /* Refused, not touched. */
  g_assert_cmpint (nv_sqlite_schema_version (db), ==, 3);
  text = query (db, "SELECT text FROM notes");
  g_assert_cmpstr (text, ==, "x");
}

static void
test_failed_migration_rolls_back (Fixture *fixture, gconstpointer data)
{
  static const NvMigration broken[] = {
    { 1, "CREATE TABLE a (x);" },
    { 2, "CREATE TABLE b (y); THIS IS NOT SQL;" },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);
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
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);

  g_assert_null (db);
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_unopenable (Fixture *fixture, gconstpointer data)
{
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no", "such", "dir", "a.db", NULL);
  g_autoptr (GError) error = NULL;

  assert_unopenable ("/dev/null/x/test.db");
  assert_unopenable (fixture->dir);
  assert_unopenable (missing);

  /* A file that is not a database is refused, not overwritten. */
  g_file_set_contents (garbage,
                       "this is not a database, but it is long enough to be read "
                       "as a header by SQLite, which looks at the first hundred bytes.",
                       -1, &error);
  g_assert_no_error (error);
  assert_unopenable (garbage);
}

static sqlite3 *
open_notes (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = nv_sqlite_open (fixture->path, NV_SQLITE_SYNC_NORMAL, &error);

  g_assert_no_error (error);
  g_assert_true (nv_sqlite_migrate (db, migrations, 1, &error));
  g_assert_no_error (error);
  return db;
}

static void
test_transaction_commits (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = open_notes (fixture);
  g_autofree char *count = NULL;

  g_assert_true (nv_sqlite_begin (db, NV_SQLITE_WRITE, &error));
  g_assert_true (nv_sqlite_end (
      db, nv_sqlite_exec (db, "INSERT INTO notes (text) VALUES ('a')", &error), &error));
  g_assert_no_error (error);
  g_assert_true (sqlite3_get_autocommit (db));
  count = query (db, "SELECT count(*) FROM notes");
  g_assert_cmpstr (count, ==, "1");
}

static void
test_transaction_rolls_back (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = open_notes (fixture);
  g_autofree char *count = NULL;
  gboolean         ok;

  /* The second insert fails: the first must not be kept either. */
  g_assert_true (nv_sqlite_begin (db, NV_SQLITE_WRITE, &error));
  ok = nv_sqlite_exec (db, "INSERT INTO notes (text) VALUES ('a')", &error)
       && nv_sqlite_exec (db, "INSERT INTO notes (text) VALUES (NULL)", &error);
  g_assert_false (ok);
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_assert_false (nv_sqlite_end (db, ok, NULL));
  g_assert_true (sqlite3_get_autocommit (db));
  count = query (db, "SELECT count(*) FROM notes");
  g_assert_cmpstr (count, ==, "0");
}

/* A writer that cannot take the lock is told so at BEGIN, before any work. */
static void
test_transaction_write_lock (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) first = open_notes (fixture);
  g_autoptr (sqlite3) second = open_notes (fixture);

  sqlite3_busy_timeout (second, 0);
  g_assert_true (nv_sqlite_begin (first, NV_SQLITE_WRITE, &error));
  g_assert_false (nv_sqlite_begin (second, NV_SQLITE_WRITE, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_clear_error (&error);
  /* A reader still sees the last committed snapshot. */
  g_assert_true (nv_sqlite_begin (second, NV_SQLITE_READ, &error));
  g_assert_true (nv_sqlite_end (second, TRUE, &error));
  g_assert_true (nv_sqlite_end (first, TRUE, &error));
  g_assert_no_error (error);
}

static void
test_step_done (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = open_notes (fixture);
  g_autoptr (sqlite3_stmt) good
      = nv_sqlite_prepare (db, "INSERT INTO notes (text) VALUES ('a')", &error);
  g_autoptr (sqlite3_stmt) bad
      = nv_sqlite_prepare (db, "INSERT INTO notes (text) VALUES (NULL)", &error);

  g_assert_true (nv_sqlite_step_done (db, good, "Cannot store a note", &error));
  g_assert_no_error (error);
  g_assert_false (nv_sqlite_step_done (db, bad, "Cannot store a note", &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_assert_true (g_str_has_prefix (error->message, "Cannot store a note: "));
}

static void
insert_cached (NvSqliteCache *cache, sqlite3 *db, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvSqliteCachedStmt) stmt
      = nv_sqlite_cache_prepare (cache, "INSERT INTO notes (text) VALUES (?)", &error);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  g_assert_true (nv_sqlite_step_done (db, stmt, "Cannot store a note", &error));
}

static void
test_cache_reuses (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = open_notes (fixture);
  g_autoptr (NvSqliteCache) cache = nv_sqlite_cache_new (db);
  g_autofree char *texts = NULL;
  sqlite3_stmt    *first, *again;

  insert_cached (cache, db, "a");
  insert_cached (cache, db, "b");
  texts = query (db, "SELECT group_concat(text, ',') FROM notes");
  g_assert_cmpstr (texts, ==, "a,b");

  /* The same SQL is the same statement, handed back reset with no bindings. */
  first = nv_sqlite_cache_prepare (cache, "SELECT ?", &error);
  sqlite3_bind_int (first, 1, 7);
  g_assert_cmpint (sqlite3_step (first), ==, SQLITE_ROW);
  nv_sqlite_cache_release (first);
  again = nv_sqlite_cache_prepare (cache, "SELECT ?", &error);
  g_assert_true (first == again);
  g_assert_cmpint (sqlite3_step (again), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_type (again, 0), ==, SQLITE_NULL);
  nv_sqlite_cache_release (again);
  g_assert_no_error (error);
}

static void
test_cache_in_use (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr (sqlite3) db = open_notes (fixture);
      g_autoptr (NvSqliteCache) cache = nv_sqlite_cache_new (db);
      g_autoptr (GError) error = NULL;
      sqlite3_stmt *held = nv_sqlite_cache_prepare (cache, "SELECT 1 UNION SELECT 2", &error);

      g_assert_cmpint (sqlite3_step (held), ==, SQLITE_ROW);
      g_assert_null (nv_sqlite_cache_prepare (cache, "SELECT 1 UNION SELECT 2", &error));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*still in use*");
}

static void
test_cache_bad_sql (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = open_notes (fixture);
  g_autoptr (NvSqliteCache) cache = nv_sqlite_cache_new (db);

  g_assert_null (nv_sqlite_cache_prepare (cache, "SELEKT", &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sqlite/open-wal", Fixture, NULL, fixture_setup, test_open_wal, fixture_teardown);
  g_test_add ("/sqlite/open-normal", Fixture, NULL, fixture_setup, test_open_normal,
              fixture_teardown);
  g_test_add ("/sqlite/migrate-from-empty", Fixture, NULL, fixture_setup, test_migrate_from_empty,
              fixture_teardown);
  g_test_add ("/sqlite/migrate-two-connections", Fixture, NULL, fixture_setup,
              test_migrate_two_connections, fixture_teardown);
  g_test_add ("/sqlite/migrate-from-each-version", Fixture, NULL, fixture_setup,
              test_migrate_from_each_version, fixture_teardown);
  g_test_add ("/sqlite/refuse-newer", Fixture, NULL, fixture_setup, test_refuse_newer,
              fixture_teardown);
  g_test_add ("/sqlite/failed-migration-rolls-back", Fixture, NULL, fixture_setup,
              test_failed_migration_rolls_back, fixture_teardown);
  g_test_add ("/sqlite/transaction-commits", Fixture, NULL, fixture_setup, test_transaction_commits,
              fixture_teardown);
  g_test_add ("/sqlite/transaction-rolls-back", Fixture, NULL, fixture_setup,
              test_transaction_rolls_back, fixture_teardown);
  g_test_add ("/sqlite/transaction-write-lock", Fixture, NULL, fixture_setup,
              test_transaction_write_lock, fixture_teardown);
  g_test_add ("/sqlite/step-done", Fixture, NULL, fixture_setup, test_step_done, fixture_teardown);
  g_test_add ("/sqlite/cache-reuses", Fixture, NULL, fixture_setup, test_cache_reuses,
              fixture_teardown);
  g_test_add ("/sqlite/cache-in-use", Fixture, NULL, fixture_setup, test_cache_in_use,
              fixture_teardown);
  g_test_add ("/sqlite/cache-bad-sql", Fixture, NULL, fixture_setup, test_cache_bad_sql,
              fixture_teardown);
  g_test_add ("/sqlite/unopenable", Fixture, NULL, fixture_setup, test_unopenable,
              fixture_teardown);

  return g_test_run ();
}

/* nv-sqlite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "nv-error.h"
#include "nv-sqlite.h"

/* A disk that is full, read-only or failing is not a fault in the data: the same write
 * works again once space returns, so the server answers it apart (503 with Retry-After,
 * logged once) and a kiosk keeps what it sent. */
static NvError
error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return NV_ERROR_DISK;
    default:
      return NV_ERROR_STORE;
    }
}

gboolean
nv_sqlite_error (GError **error, sqlite3 *db, const char *what)
{
  g_set_error (error, NV_ERROR,
               db != NULL ? error_code (sqlite3_extended_errcode (db)) : NV_ERROR_STORE, "%s: %s",
               what, db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

sqlite3_stmt *
nv_sqlite_prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      nv_sqlite_error (error, db, "Cannot prepare a query");
      return NULL;
    }
  return stmt;
}

gboolean
nv_sqlite_exec (sqlite3 *db, const char *sql, GError **error)
{
  char *message = NULL;
  int   rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if ((rc = sqlite3_exec (db, sql, NULL, NULL, &message)) != SQLITE_OK)
    {
      g_set_error (error, NV_ERROR, error_code (rc), "%s", message ? message : "SQLite failed");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
nv_sqlite_step_done (sqlite3 *db, sqlite3_stmt *stmt, const char *what, GError **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);

  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  return nv_sqlite_error (error, db, what);
}

gboolean
nv_sqlite_begin (sqlite3 *db, NvSqliteLock lock, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  return nv_sqlite_exec (db, lock == NV_SQLITE_WRITE ? "BEGIN IMMEDIATE" : "BEGIN", error);
}

gboolean
nv_sqlite_end (sqlite3 *db, gboolean ok, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  if (ok && nv_sqlite_exec (db, "COMMIT", error))
    return TRUE;
  /* After a failed COMMIT SQLite may already have rolled back; then this
   * ROLLBACK fails harmlessly, and the first error is the one reported. */
  if (sqlite3_get_autocommit (db) == 0)
    nv_sqlite_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

struct _NvSqliteCache
{
  sqlite3    *db;
  GHashTable *statements; /* SQL text → sqlite3_stmt, owned */
};

NvSqliteCache *
nv_sqlite_cache_new (sqlite3 *db)
{
  NvSqliteCache *cache;

  g_return_val_if_fail (db != NULL, NULL);

  cache = g_new0 (NvSqliteCache, 1);
  cache->db = db;
  cache->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  return cache;
}

void
nv_sqlite_cache_free (NvSqliteCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->statements);
  g_free (cache);
}

NvSqliteCachedStmt *
nv_sqlite_cache_prepare (NvSqliteCache *cache, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (cache != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (cache->statements, sql);
  if (stmt != NULL)
    {
      /* Stepped and not given back: someone still holds it. */
      if (sqlite3_stmt_busy (stmt))
        {
          g_critical ("A cached statement was asked for while still in use: %s", sql);
          g_set_error (error, NV_ERROR, NV_ERROR_STORE, "A query is already in use");
          return NULL;
        }
      return stmt;
    }
  if (sqlite3_prepare_v3 (cache->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      nv_sqlite_error (error, cache->db, "Cannot prepare a query");
      return NULL;
    }
  g_hash_table_insert (cache->statements, g_strdup (sql), stmt);
  return stmt;
}

void
nv_sqlite_cache_release (NvSqliteCachedStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static char *
query_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char         *result = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

sqlite3 *
nv_sqlite_open (const char *path, NvSqliteSync sync, GError **error)
{
  g_autofree char *mode = NULL;
  g_autofree char *keys = NULL;
  GError          *local_error = NULL;
  sqlite3         *db = NULL;
  int              rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (sync == NV_SQLITE_SYNC_NORMAL || sync == NV_SQLITE_SYNC_FULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE, "Cannot open the database %s: %s", path,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 5000);

  /* SQLite opens lazily: reading the journal mode is the first real use of the file,
   * so it also proves the path is a database we can write (not a directory, not junk). */
  mode = query_text (db, "PRAGMA journal_mode=WAL");
  if (mode == NULL || g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE, "Cannot open the database %s: %s", path,
                   mode == NULL ? sqlite3_errmsg (db)
                                : "it cannot be put in write-ahead-log (WAL) mode");
      sqlite3_close (db);
      return NULL;
    }
  if (!nv_sqlite_exec (
          db, sync == NV_SQLITE_SYNC_FULL ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
          &local_error)
      || !nv_sqlite_exec (db, "PRAGMA foreign_keys=ON", &local_error))
    {
      g_propagate_prefixed_error (error, local_error, "Cannot set up the database %s: ", path);
      sqlite3_close (db);
      return NULL;
    }
  /* A build without foreign key support ignores the pragma silently. */
  keys = query_text (db, "PRAGMA foreign_keys");
  if (g_strcmp0 (keys, "1") != 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE,
                   "Cannot set up the database %s: this SQLite does not enforce foreign keys",
                   path);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

void
nv_sqlite_close (sqlite3 *db)
{
  if (db == NULL)
    return;
  /* Fold the WAL back into the main file so a copied database is whole. */
  sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_close_v2 (db);
}

int
nv_sqlite_schema_version (sqlite3 *db)
{
  g_autofree char *version = NULL;

  g_return_val_if_fail (db != NULL, -1);
  version = query_text (db, "PRAGMA user_version");
  return version != NULL ? atoi (version) : -1;
}

/* The file the connection has open, for sentences; "" for a temporary database. */
static const char *
database_name (sqlite3 *db)
{
  const char *name = sqlite3_db_filename (db, "main");

  return name != NULL ? name : "";
}

/* One step: its SQL and the new user_version in one transaction, so a crash leaves
 * the schema at either version, never between. The version is read again under the
 * write lock: another process may have migrated meanwhile. */
/* A database that a newer program wrote is left alone: its schema is not ours to undo. */
static gboolean
check_not_newer (sqlite3 *db, int current, int latest, GError **error)
{
  if (current <= latest)
    return TRUE;
  g_set_error (error, NV_ERROR, NV_ERROR_STORE,
               "The database %s was written by a newer version of Neuvokas "
               "(schema %d, this program knows up to %d)",
               database_name (db), current, latest);
  return FALSE;
}

static gboolean
migrate_step (sqlite3 *db, const NvMigration *migration, int latest, GError **error)
{
  g_autofree char *bump = NULL;
  GError          *local_error = NULL;
  gboolean         ok;
  int              current;

  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    {
      g_prefix_error (error, "Cannot lock the database %s to update it: ", database_name (db));
      return FALSE;
    }
  current = nv_sqlite_schema_version (db);
  if (current < 0 || current > latest || current >= migration->version)
    {
      nv_sqlite_end (db, FALSE, NULL);
      if (current < 0)
        return nv_sqlite_error (error, db, "Cannot read the schema version");
      return check_not_newer (db, current, latest, error);
    }

  bump = g_strdup_printf ("PRAGMA user_version=%d", migration->version);
  ok = nv_sqlite_exec (db, migration->sql, &local_error) && nv_sqlite_exec (db, bump, &local_error);
  if (!nv_sqlite_end (db, ok, ok ? &local_error : NULL))
    {
      g_propagate_prefixed_error (
          error, local_error, "Cannot update the database %s to schema %d: ", database_name (db),
          migration->version);
      return FALSE;
    }
  return TRUE;
}

gboolean
nv_sqlite_migrate (sqlite3 *db, const NvMigration *migrations, guint n_migrations, GError **error)
{
  int current, latest;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* Versions count 1, 2, 3, … with no gaps: each migration starts where the last ended. */
  for (guint i = 0; i < n_migrations; i++)
    g_return_val_if_fail (migrations[i].version == (int) i + 1 && migrations[i].sql != NULL, FALSE);

  latest = (int) n_migrations;
  current = nv_sqlite_schema_version (db);
  if (current < 0)
    return nv_sqlite_error (error, db, "Cannot read the schema version");
  if (!check_not_newer (db, current, latest, error))
    return FALSE;

  for (guint i = (guint) current; i < n_migrations; i++)
    if (!migrate_step (db, &migrations[i], latest, error))
      return FALSE;
  return TRUE;
}

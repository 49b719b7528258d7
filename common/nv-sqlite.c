/* nv-sqlite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "nv-error.h"
#include "nv-sqlite.h"

gboolean
nv_sqlite_error (GError    **error,
                 sqlite3    *db,
                 const char *what)
{
  g_set_error (error, NV_ERROR, NV_ERROR_STORE, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

gboolean
nv_sqlite_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE, "%s", message ? message : "SQLite failed");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

sqlite3 *
nv_sqlite_open (const char    *path,
                NvSqliteSync   sync,
                GError       **error)
{
  g_autofree char *mode = NULL;
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                        | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE, "Cannot open the database %s: %s", path,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 5000);

  /* Reading the journal mode also proves the file is a database we can use. */
  mode = query_text (db, "PRAGMA journal_mode=WAL");
  if (mode == NULL || g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE,
                   "Cannot use the database %s: %s", path,
                   mode == NULL ? sqlite3_errmsg (db) : "it cannot be put in WAL mode");
      sqlite3_close (db);
      return NULL;
    }
  if (!nv_sqlite_exec (db, sync == NV_SQLITE_SYNC_FULL ? "PRAGMA synchronous=FULL"
                                                        : "PRAGMA synchronous=NORMAL", error)
      || !nv_sqlite_exec (db, "PRAGMA foreign_keys=ON", error))
    {
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

gboolean
nv_sqlite_migrate (sqlite3           *db,
                   const NvMigration *migrations,
                   guint              n_migrations,
                   GError           **error)
{
  int current, latest;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, FALSE);

  latest = n_migrations > 0 ? migrations[n_migrations - 1].version : 0;
  current = nv_sqlite_schema_version (db);
  if (current < 0)
    return nv_sqlite_error (error, db, "Cannot read the schema version");
  if (current > latest)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE,
                   "The database was written by a newer version of Neuvokas (schema %d; this "
                   "program knows up to %d)", current, latest);
      return FALSE;
    }

  for (guint i = 0; i < n_migrations; i++)
    {
      g_autofree char *bump = NULL;
      GError *local_error = NULL;

      if (migrations[i].version <= current)
        continue;
      g_assert (migrations[i].version == (i == 0 ? 1 : migrations[i - 1].version + 1));

      bump = g_strdup_printf ("PRAGMA user_version=%d", migrations[i].version);
      if (!nv_sqlite_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!nv_sqlite_exec (db, migrations[i].sql, &local_error)
          || !nv_sqlite_exec (db, bump, &local_error)
          || !nv_sqlite_exec (db, "COMMIT", &local_error))
        {
          nv_sqlite_exec (db, "ROLLBACK", NULL);
          g_propagate_prefixed_error (error, local_error,
                                      "Cannot update the database to schema %d: ",
                                      migrations[i].version);
          return FALSE;
        }
    }
  return TRUE;
}

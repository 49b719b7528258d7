/* server-store-health.c
 *
 * For /api/v1/health and /metrics (docs/deployment.md, "Health and metrics"): nothing
 * here reads a name, a phone number or an event, only counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "server-store-health.h"
#include "server-store-private.h"

/* A health check must answer soon, also when a writer holds the file. */
#define CHECK_BUSY_MS 2000

static gboolean
read_through_new_connection (const char *path, GError **error)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int           rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, CHECK_BUSY_MS);
      rc = sqlite3_prepare_v2 (db, "SELECT count (*) FROM meta", -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt) == SQLITE_ROW ? SQLITE_OK : sqlite3_errcode (db);
  if (rc != SQLITE_OK)
    g_set_error (error, NV_ERROR, NV_ERROR_STORE, "The database cannot be read (%s): %s", path,
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rc == SQLITE_OK;
}

gboolean
server_store_check_health (ServerStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  if ((stmt = server_store_cached (self, "SELECT count (*) FROM meta", error)) == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return nv_sqlite_error (error, server_store_get_db (self), "The database does not answer");
  path = g_build_filename (server_store_get_directory (self), "neuvokas.db", NULL);
  return read_through_new_connection (path, error);
}

gboolean
server_store_get_kiosk_stats (ServerStore      *self,
                              gint64            silent_before,
                              ServerKioskStats *stats,
                              GError          **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  if ((stmt = server_store_cached (self,
                                   "SELECT count (*), "
                                   "coalesce (sum (coalesce (last_contact, 0) < ?1), 0), "
                                   "coalesce (sum (max (coalesce (outbox_backlog, 0), 0)), 0) "
                                   "FROM kiosks WHERE revoked IS NULL OR revoked = 0",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, silent_before);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot count the kiosks");
  stats->registered = sqlite3_column_int64 (stmt, 0);
  stats->silent = sqlite3_column_int64 (stmt, 1);
  stats->outbox_backlog = sqlite3_column_int64 (stmt, 2);
  return TRUE;
}

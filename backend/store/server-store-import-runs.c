/* server-store-import-runs.c
 *
 * A scheduled refresh runs where nobody watches it: each run leaves a row (migration 16)
 * with what it brought and the first of what it refused, so that the operations report
 * shows a refresh that stopped working, or a source that went bad.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-store-import-runs.h"
#include "server-store-private.h"

gboolean
server_store_record_import_run (ServerStore *self, const ServerImportRun *run, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *started = NULL;
  g_autofree char *finished = NULL;
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (run != NULL && run->source != NULL, FALSE);
  g_return_val_if_fail (run->started != NULL && run->finished != NULL, FALSE);

  started = nv_format_time_utc (run->started);
  finished = nv_format_time_utc (run->finished);
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (stmt = server_store_cached (self,
                                    "INSERT INTO import_runs (source, started, finished, new, "
                                    "changed, unchanged, refused, problems) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                    error))
       != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, run->source, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, started, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, finished, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, run->n_new);
      sqlite3_bind_int64 (stmt, 5, run->n_changed);
      sqlite3_bind_int64 (stmt, 6, run->n_unchanged);
      sqlite3_bind_int64 (stmt, 7, run->n_refused);
      sqlite3_bind_text (stmt, 8, run->problems, -1, SQLITE_TRANSIENT);
      ok = nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot record the import run",
                                error);
    }
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  return nv_sqlite_end (server_store_get_db (self), ok, error) && ok;
}

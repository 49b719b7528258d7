/* server-store-rollups.c — the reports' counts per day, filled again from the events
 *
 * The definition is SQL in server-store-rollups.h, shared with the trigger and the
 * migration; here is only what the command line needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-store-private.h"
#include "server-store-rollups.h"

gboolean
server_store_rebuild_rollups (ServerStore *self, GError **error)
{
  sqlite3 *db;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  if (!nv_sqlite_exec (db, SERVER_ROLLUP_FILL, error))
    {
      nv_sqlite_end (db, FALSE, NULL);
      return FALSE;
    }
  return nv_sqlite_end (db, TRUE, error);
}

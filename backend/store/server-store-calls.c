/* server-store-calls.c — staff calls: a resident at a kiosk asking for help now
 *
 * A small table beside the appointments. A call is answered in minutes or not at all,
 * so nothing here is kept for long or holds anything personal: the kiosk, where it
 * was (screen, guide, step) and which staff member answered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-store-private.h"

/* A call older than this is no longer shown: the resident has long gone. */
#define CALL_SHOWN_SECONDS 3600

#define CALL_COLUMNS                                                                               \
  "c.id, c.kiosk, k.name, c.screen, c.guide, c.guide_step, c.state, c.handler, c.created, "        \
  "c.answered FROM staff_calls c JOIN kiosks k ON k.id = c.kiosk "

void
server_call_free (ServerCall *call)
{
  if (call == NULL)
    return;
  g_free (call->id);
  g_free (call->kiosk);
  g_free (call->kiosk_name);
  g_free (call->screen);
  g_free (call->guide);
  g_free (call->state);
  g_free (call->handler);
  g_free (call);
}

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static ServerCall *
read_call (sqlite3_stmt *stmt)
{
  ServerCall *call = g_new0 (ServerCall, 1);

  call->id = column_dup (stmt, 0);
  call->kiosk = column_dup (stmt, 1);
  call->kiosk_name = column_dup (stmt, 2);
  call->screen = column_dup (stmt, 3);
  call->guide = column_dup (stmt, 4);
  call->guide_step = (guint) sqlite3_column_int (stmt, 5);
  call->state = column_dup (stmt, 6);
  call->handler = column_dup (stmt, 7);
  call->created = sqlite3_column_int64 (stmt, 8);
  call->answered = sqlite3_column_int64 (stmt, 9);
  return call;
}

/* The one call that @sql (binding ?1 and ?2) selects; NULL with NV_ERROR_NOT_FOUND. */
static ServerCall *
select_call (
    ServerStore *self, const char *sql, const char *first, const char *second, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, second, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_call (stmt);
  if (rc != SQLITE_DONE)
    nv_sqlite_error (error, server_store_get_db (self), "Cannot read the staff call");
  else
    g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no such staff call");
  return NULL;
}

static ServerCall *
find_open_call (ServerStore *self, const char *kiosk, GError **error)
{
  return select_call (self,
                      "SELECT " CALL_COLUMNS
                      "WHERE c.kiosk = ?1 AND c.state != 'done' AND ?2 IS NULL "
                      "ORDER BY c.created DESC LIMIT 1",
                      kiosk, NULL, error);
}

ServerCall *
server_store_add_call (ServerStore *self,
                       const char  *kiosk,
                       const char  *screen,
                       const char  *guide,
                       guint        guide_step,
                       gint64       now,
                       GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *id = NULL;
  ServerCall      *call;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (kiosk != NULL && screen != NULL, NULL);

  /* A second tap, or a kiosk whose first answer was lost, finds the call it made. */
  if ((call = find_open_call (self, kiosk, &local_error)) != NULL)
    return call;
  if (!g_error_matches (local_error, NV_ERROR, NV_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if ((stmt = server_store_cached (self,
                                   "INSERT INTO staff_calls (id, kiosk, screen, guide, guide_step,"
                                   " state, created) VALUES (?1, ?2, ?3, ?4, ?5, 'waiting', ?6)",
                                   error))
      == NULL)
    return NULL;
  id = g_uuid_string_random ();
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kiosk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, screen, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, guide, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, (int) guide_step);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot store the staff call", error))
    return NULL;
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  return server_store_get_call (self, kiosk, id, error);
}

ServerCall *
server_store_get_call (ServerStore *self, const char *kiosk, const char *id, GError **error)
{
  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  return select_call (self, "SELECT " CALL_COLUMNS "WHERE c.id = ?2 AND c.kiosk = ?1", kiosk, id,
                      error);
}

GPtrArray *
server_store_list_calls (ServerStore *self, gint64 now, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) calls = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt
       = server_store_cached (self,
                              "SELECT " CALL_COLUMNS "WHERE c.state != 'done' AND c.created > ?1 "
                              "ORDER BY c.created, c.id",
                              error))
      == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now - CALL_SHOWN_SECONDS);
  calls = g_ptr_array_new_with_free_func ((GDestroyNotify) server_call_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (calls, read_call (stmt));
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot list the staff calls");
      return NULL;
    }
  return g_steal_pointer (&calls);
}

ServerCall *
server_store_mark_call (ServerStore *self,
                        const char  *id,
                        const char  *state,
                        const char  *handler,
                        gint64       now,
                        GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL && state != NULL && handler != NULL, NULL);

  if (g_strcmp0 (state, "coming") != 0 && g_strcmp0 (state, "done") != 0)
    {
      nv_set_field_error (error, "state", "The state must be “coming” or “done”");
      return NULL;
    }
  /* The first to answer is the one who comes; "done" keeps them. */
  if ((stmt = server_store_cached (self,
                                   "UPDATE staff_calls SET state = ?2,"
                                   " handler = coalesce (handler, ?3),"
                                   " answered = coalesce (answered, ?4) WHERE id = ?1",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, handler, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot answer the staff call",
                            error))
    return NULL;
  if (sqlite3_changes (server_store_get_db (self)) == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no staff call “%s”", id);
      return NULL;
    }
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  return select_call (self, "SELECT " CALL_COLUMNS "WHERE c.id = ?1 AND ?2 IS NULL", id, NULL,
                      error);
}

/* kiosk-store-outbox.c — the two outboxes: usage events and appointment requests
 *
 * Both keep rows (seq, id, document) that wait, oldest first, until the server has
 * them, and share one code path for adding, peeking and deleting. Appointment
 * requests are personal data (docs/privacy.md): their own table, and once deleted the
 * write-ahead log is emptied so no copy of a name stays behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-store-private.h"

static gboolean
step_done (KioskStore *self, sqlite3_stmt *stmt, GError **error)
{
  return nv_sqlite_step_done (self->db, stmt, "Cannot update the outbox", error);
}

/* Adds a validated item to the outbox @sql (with ?1 the id, ?2 the document) unless
 * its id is already there. Committed (synchronous=FULL) before this returns: nothing
 * depends on a row that a power cut could still take away. */
static gboolean
outbox_add (KioskStore *self, const char *sql, const char *id, JsonNode *node, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *document = nv_json_to_string (node, FALSE);
  gboolean         ok;

  if ((stmt = kiosk_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, document, -1, SQLITE_TRANSIENT);
  ok = step_done (self, stmt, error);
  /* An appointment request's copy in memory holds a name and a phone number. */
  memset (document, 0, strlen (document));
  return ok;
}

/* The oldest rows of an outbox: @sql selects id and document, with ?1 the limit. */
static GPtrArray *
outbox_peek (KioskStore *self, const char *sql, guint limit, GPtrArray **out_ids)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_free);

  *out_ids = g_ptr_array_new_with_free_func (g_free);
  if ((stmt = kiosk_store_prepare (self, sql, NULL)) == NULL)
    return documents;
  sqlite3_bind_int (stmt, 1, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (*out_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (documents, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  return documents;
}

/* Runs @sql (with ?1 an id) for each of @ids, the caller holding a write transaction;
 * @bind, when not NULL, binds the rest. */
typedef void (*BindFunc) (sqlite3_stmt *stmt, const char *id, gpointer user_data);

static gboolean
outbox_update (KioskStore *self,
               const char *sql,
               GPtrArray  *ids,
               BindFunc    bind,
               gpointer    user_data,
               GError    **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if (ids == NULL || ids->len == 0)
    return TRUE;
  if ((stmt = kiosk_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (bind != NULL)
        bind (stmt, id, user_data);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static guint
count_rows (KioskStore *self, const char *sql, guint *out_second)
{
  g_autoptr (NvSqliteCachedStmt) stmt = kiosk_store_prepare (self, sql, NULL);

  if (out_second != NULL)
    *out_second = 0;
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  if (out_second != NULL)
    *out_second = (guint) sqlite3_column_int (stmt, 1);
  return (guint) sqlite3_column_int (stmt, 0);
}

static gboolean
checkpoint (KioskStore *self, GError **error)
{
  /* The deleted rows' pages went through the write-ahead log: copy them into the
   * database (overwritten, secure_delete) and empty the log, so that no copy of a name
   * is left in kiosk.db-wal either. */
  return nv_sqlite_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

/* Usage events */

gboolean
kiosk_store_events_add (KioskStore *self, const NvEvent *event, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (!nv_event_validate (event, error))
    return FALSE;
  node = nv_event_to_json (event);
  return outbox_add (self, "INSERT OR IGNORE INTO outbox_events (id, document) VALUES (?1, ?2)",
                     event->id, node, error);
}

GPtrArray *
kiosk_store_events_peek (KioskStore *self, guint limit, GPtrArray **out_ids)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return outbox_peek (self, "SELECT id, document FROM outbox_events ORDER BY seq LIMIT ?1", limit,
                      out_ids);
}

gboolean
kiosk_store_events_remove (KioskStore *self, GPtrArray *ids, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  return nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error)
         && nv_sqlite_end (self->db,
                           outbox_update (self, "DELETE FROM outbox_events WHERE id = ?1", ids,
                                          NULL, NULL, error),
                           error);
}

guint
kiosk_store_events_count (KioskStore *self)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  return count_rows (self, "SELECT count(*) FROM outbox_events", NULL);
}

/* Appointment requests */

gboolean
kiosk_store_appointments_add (KioskStore *self, const NvAppointment *appointment, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (appointment != NULL, FALSE);

  if (!nv_appointment_validate (appointment, error))
    return FALSE;
  node = nv_appointment_to_json (appointment);
  /* Durable before the receipt is shown. */
  return outbox_add (self,
                     "INSERT OR IGNORE INTO outbox_appointments (id, document) VALUES (?1, ?2)",
                     appointment->id, node, error);
}

GPtrArray *
kiosk_store_appointments_peek (KioskStore *self, guint limit, GPtrArray **out_ids)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return outbox_peek (self,
                      "SELECT id, document FROM outbox_appointments "
                      "WHERE rejected_at IS NULL ORDER BY seq LIMIT ?1",
                      limit, out_ids);
}

static void
bind_rejection (sqlite3_stmt *stmt, const char *id, gpointer user_data)
{
  GHashTable *rejected_fields = user_data;

  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3,
                     rejected_fields != NULL ? g_hash_table_lookup (rejected_fields, id) : NULL, -1,
                     SQLITE_TRANSIENT);
}

gboolean
kiosk_store_appointments_settle (KioskStore *self,
                                 GPtrArray  *delivered,
                                 GPtrArray  *rejected,
                                 GHashTable *rejected_fields,
                                 GError    **error)
{
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  if ((delivered == NULL || delivered->len == 0) && (rejected == NULL || rejected->len == 0))
    return TRUE;
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = outbox_update (self, "DELETE FROM outbox_appointments WHERE id = ?1", delivered, NULL, NULL,
                      error)
       && outbox_update (self,
                         "UPDATE outbox_appointments SET rejected_at = ?2, rejected_field = ?3 "
                         "WHERE id = ?1",
                         rejected, bind_rejection, rejected_fields, error);
  if (!nv_sqlite_end (self->db, ok, error))
    return FALSE;
  return delivered == NULL || delivered->len == 0 || checkpoint (self, error);
}

guint
kiosk_store_appointments_count (KioskStore *self, guint *out_rejected)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  return count_rows (self, "SELECT count(*), count(rejected_at) FROM outbox_appointments",
                     out_rejected);
}

guint
kiosk_store_appointments_drop_rejected (KioskStore *self, gint64 before, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  guint dropped;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  if ((stmt = kiosk_store_prepare (self,
                                   "DELETE FROM outbox_appointments "
                                   "WHERE rejected_at IS NOT NULL AND rejected_at < ?1",
                                   error))
      == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, before);
  if (!step_done (self, stmt, error))
    return 0;
  dropped = (guint) sqlite3_changes (self->db);
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  if (dropped > 0)
    checkpoint (self, NULL);
  return dropped;
}

/* kiosk-store-repair.c — a damaged kiosk.db, found at start and rebuilt
 *
 * A crash or a power cut does not damage the store (WAL, synchronous=FULL), but a
 * failing SD card or a stray write can. So each start checks the file first
 * (PRAGMA quick_check). A damaged one is not opened for use: what can still be read of
 * its two outboxes (usage events and appointment requests the server has not taken) is
 * kept in memory, row by row, so that one unreadable page loses only the rows on it.
 * The damaged file and its log are then deleted, not moved aside: they may hold
 * residents' names and phone numbers. The fresh store takes the kept rows back in their
 * order; its content revision is 0, so the next sync pulls the whole bundle from the
 * server. Content itself is never salvaged: the server has all of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-store-private.h"

/* Row lookups a salvage tries at most in one outbox. */
#define MAX_LOOKUPS 1000000

struct _KioskSalvage
{
  char       *reason;   /* what the check found, for the log */
  GPtrArray  *events;   /* NvEvent, oldest first */
  GPtrArray  *requests; /* NvAppointment, oldest first: personal data */
  GPtrArray  *rejected; /* ids of requests the server had refused */
  GHashTable *rejected_fields;
  guint       lost;       /* rows that could not be read */
  gboolean    unreadable; /* an outbox could not be read at all */
};

void
kiosk_salvage_free (KioskSalvage *salvage)
{
  if (salvage == NULL)
    return;
  g_free (salvage->reason);
  g_ptr_array_unref (salvage->events);
  g_ptr_array_unref (salvage->requests);
  g_ptr_array_unref (salvage->rejected);
  g_hash_table_unref (salvage->rejected_fields);
  g_free (salvage);
}

static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* What quick_check says is wrong; NULL when nothing is. A file SQLite cannot read as a
 * database at all is damaged too; one it cannot open (missing, no permission) is not:
 * opening it for use then says why. */
static char *
find_damage (sqlite3 *db)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *first;
  int         rc;

  if ((rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL)) != SQLITE_OK)
    return is_damage (rc) ? g_strdup (sqlite3_errmsg (db)) : NULL;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return is_damage (rc) ? g_strdup (sqlite3_errmsg (db)) : NULL;
  first = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (first, "ok") == 0)
    return NULL;
  /* One line for the log: "*** in database main ***\nPage 4: …\nPage 9: …". */
  if (first == NULL)
    return g_strdup ("quick_check failed");
  if (g_str_has_prefix (first, "*** in database main ***\n"))
    first += strlen ("*** in database main ***\n");
  {
    g_auto (GStrv) lines = g_strsplit (first, "\n", -1);

    return g_strjoinv ("; ", lines);
  }
}

static gint64
query_int (sqlite3 *db, const char *sql, const char *table, gint64 fallback)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fallback;
  if (table != NULL)
    sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return fallback;
  return sqlite3_column_int64 (stmt, 0);
}

/* Reads the rows of one outbox by their seq, one lookup each: a lookup that meets a
 * damaged page fails alone. @keep takes a row (its document parsed) or refuses it. */
typedef gboolean (*KeepFunc) (KioskSalvage *salvage, sqlite3_stmt *row, JsonNode *document);

static void
salvage_outbox (
    KioskSalvage *salvage, sqlite3 *db, const char *table, const char *sql, KeepFunc keep)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *min_sql = g_strdup_printf ("SELECT min(seq) FROM %s", table);
  g_autofree char *max_sql = g_strdup_printf ("SELECT max(seq) FROM %s", table);
  gint64           first, last;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      salvage->unreadable = TRUE;
      return;
    }
  /* The first and last rows are found from the ends of the table; when those pages are
   * the damaged ones, from where AUTOINCREMENT started and got to. */
  first = query_int (db, min_sql, NULL, 1);
  last = query_int (db, max_sql, NULL,
                    query_int (db, "SELECT seq FROM sqlite_sequence WHERE name = ?1", table, 0));
  last = MIN (last, first + MAX_LOOKUPS);
  for (gint64 seq = first; seq <= last; seq++)
    {
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (JsonNode) document = NULL;
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, seq);
      if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
        continue; /* already sent and deleted */
      if (rc == SQLITE_ROW)
        {
          /* Not copied: a request's document holds a name and a phone number. */
          bytes
              = g_bytes_new_static (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
          document = nv_json_parse_bytes (bytes, 0, NULL);
        }
      if (document == NULL || !keep (salvage, stmt, document))
        salvage->lost++;
    }
}

static gboolean
keep_event (KioskSalvage *salvage, sqlite3_stmt *row, JsonNode *document)
{
  NvEvent *event = nv_event_from_json (document, NULL);

  if (event == NULL)
    return FALSE;
  g_ptr_array_add (salvage->events, event);
  return TRUE;
}

static gboolean
keep_request (KioskSalvage *salvage, sqlite3_stmt *row, JsonNode *document)
{
  NvAppointment *request = nv_appointment_from_json (document, NULL);

  if (request == NULL)
    return FALSE;
  if (sqlite3_column_type (row, 1) != SQLITE_NULL)
    {
      g_ptr_array_add (salvage->rejected, g_strdup (request->id));
      g_hash_table_insert (salvage->rejected_fields, g_strdup (request->id),
                           g_strdup ((const char *) sqlite3_column_text (row, 2)));
    }
  g_ptr_array_add (salvage->requests, request);
  return TRUE;
}

static void
delete_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/* What can be read of the outboxes of @db, which @reason says is damaged. */
static KioskSalvage *
salvage_db (sqlite3 *db, char *reason)
{
  KioskSalvage *salvage = g_new0 (KioskSalvage, 1);

  salvage->reason = reason;
  salvage->events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
  salvage->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_appointment_free);
  salvage->rejected = g_ptr_array_new_with_free_func (g_free);
  salvage->rejected_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  salvage_outbox (salvage, db, "outbox_events", "SELECT document FROM outbox_events WHERE seq = ?1",
                  keep_event);
  salvage_outbox (salvage, db, "outbox_appointments",
                  "SELECT document, rejected_at, rejected_field FROM outbox_appointments "
                  "WHERE seq = ?1",
                  keep_request);
  return salvage;
}

KioskSalvage *
kiosk_store_salvage_if_damaged (const char *path)
{
  KioskSalvage *salvage;
  char         *reason = NULL;
  sqlite3      *db = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  /* Read-write, as the store opens it: a log left by a crash is replayed first. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
      || (reason = find_damage (db)) == NULL)
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  salvage = salvage_db (db, reason);
  sqlite3_close_v2 (db);
  delete_files (path);
  return salvage;
}

gboolean
kiosk_store_repair_if_damaged (KioskStore *self, GError **error)
{
  g_autoptr (KioskSalvage) salvage = NULL;
  char *reason;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  if ((reason = find_damage (self->db)) == NULL)
    return FALSE;
  salvage = salvage_db (self->db, reason);
  /* Closed without the checkpoint nv_sqlite_close makes: nothing of it is kept. */
  g_clear_pointer (&self->directory, kiosk_directory_index_free);
  g_clear_pointer (&self->statements, nv_sqlite_cache_free);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  delete_files (self->path);
  if (!kiosk_store_open_file (self, error) || !kiosk_store_requeue_salvage (self, salvage, error))
    return FALSE;
  kiosk_store_content_changed (self);
  return TRUE;
}

/* On a read-only connection of its own, so that the store stays in use meanwhile (WAL:
 * the check reads one snapshot); mapped, which halves the time of reading every page. */
static void
check_thread (GTask *task, gpointer source, gpointer path, GCancellable *cancellable)
{
  sqlite3 *db = NULL;
  char    *reason = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      sqlite3_exec (db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
      reason = find_damage (db);
    }
  sqlite3_close_v2 (db);
  g_task_return_pointer (task, reason, g_free);
}

static void
checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autofree char *reason = g_task_propagate_pointer (G_TASK (result), NULL);
  GError          *error = NULL;
  gboolean         rebuilt;

  if (reason == NULL || g_task_return_error_if_cancelled (task))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  /* Checked again on the store's own connection, and rebuilt with what it can read. */
  rebuilt = kiosk_store_repair_if_damaged (g_task_get_source_object (task), &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, rebuilt);
}

void
kiosk_store_check_async (KioskStore         *self,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr (GTask) check = NULL;
  GTask *task;

  g_return_if_fail (KIOSK_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_store_check_async);
  /* Not the store's: the worker may hold the check a moment after it is done. */
  check = g_task_new (NULL, cancellable, checked_cb, task);
  g_task_set_task_data (check, g_strdup (self->path), g_free);
  g_task_run_in_thread (check, check_thread);
}

gboolean
kiosk_store_check_finish (KioskStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
kiosk_store_requeue_salvage (KioskStore *self, KioskSalvage *salvage, GError **error)
{
  gboolean ok = TRUE;

  /* One commit, not one fsync a row: an outbox after weeks offline is long. */
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error))
    return FALSE;
  for (guint i = 0; ok && i < salvage->events->len; i++)
    ok = kiosk_store_events_add (self, g_ptr_array_index (salvage->events, i), error);
  for (guint i = 0; ok && i < salvage->requests->len; i++)
    ok = kiosk_store_appointments_add (self, g_ptr_array_index (salvage->requests, i), error);
  if (!nv_sqlite_end (self->db, ok, ok ? error : NULL)
      || !kiosk_store_appointments_settle (self, NULL, salvage->rejected, salvage->rejected_fields,
                                           error))
    return FALSE;

  self->rebuilt = TRUE;
  self->salvaged = salvage->events->len + salvage->requests->len;
  self->lost = salvage->lost;
  /* Counts only: the rows themselves may be personal data. */
  g_warning (
      "The kiosk's database was found damaged (%s) and has been rebuilt: kept %u usage events "
      "and %u appointment requests waiting to be sent; %u rows could not be read%s. The "
      "content comes again from the server in full",
      salvage->reason, salvage->events->len, salvage->requests->len, salvage->lost,
      salvage->unreadable ? ", and an outbox could not be read at all" : "");
  return TRUE;
}

gboolean
kiosk_store_get_rebuilt (KioskStore *self, guint *out_salvaged, guint *out_lost)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  if (out_salvaged != NULL)
    *out_salvaged = self->salvaged;
  if (out_lost != NULL)
    *out_lost = self->lost;
  return self->rebuilt;
}

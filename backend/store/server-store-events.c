/* server-store-events.c — usage events: stored once each, exported as a stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-json-private.h"
#include "nv-random.h"
#include "server-store-private.h"
#include "server-store-rollups.h"

const char *const server_event_columns[SERVER_EVENT_N_COLUMNS] = {
  "id",      "kiosk",    "session",   "time",          "received", "type",
  "subject", "language", "text_size", "high_contrast", "value",    "detail",
};

/* The guide an event is about, if any: its version is looked up on arrival. */
static const char *
event_guide (const NvEvent *event)
{
  switch (event->type)
    {
    case NV_EVENT_GUIDE_VIEW:
    case NV_EVENT_STEP_VIEW:
    case NV_EVENT_GUIDE_COMPLETE:
    case NV_EVENT_FEEDBACK:
    case NV_EVENT_APPOINTMENT_STARTED:
      return event->subject;
    case NV_EVENT_QR_SHOWN:
    case NV_EVENT_READ_ALOUD:
      return g_str_has_prefix (event->subject, "guide:") ? event->subject + strlen ("guide:")
                                                         : NULL;
    default:
      return NULL;
    }
}

gboolean
server_store_insert_event_batches (ServerStore *self,
                                   ServerStore *contacts_from,
                                   GPtrArray   *kiosk_ids,
                                   GPtrArray   *batches,
                                   GPtrArray  **out_inserted,
                                   GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  ServerRollupBatch *rollups = NULL;
  g_autofree char   *received = nv_format_time_utc (now);
  sqlite3           *db = server_store_get_db (self);

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (kiosk_ids->len == batches->len, FALSE);

  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  /* OR IGNORE on the client's UUID: a retried push stores nothing twice. */
  stmt = server_store_cached (
      self,
      "INSERT OR IGNORE INTO events (id, kiosk, session, time, "
      "received, type, subject, language, text_size, high_contrast, "
      "value, detail, content_revision, guide_version) VALUES (?1, ?2, "
      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "(SELECT max (revision) FROM guide_versions "
      " WHERE guide = ?14 AND revision <= ?13)) RETURNING guide_version, seq",
      error);
  if (stmt == NULL)
    goto fail;
  /* The reports' counts, in the same transaction as the events they count. */
  rollups = server_rollup_batch_new ();

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint b = 0; b < batches->len; b++)
    {
      GPtrArray  *events = g_ptr_array_index (batches, b);
      const char *kiosk_id = g_ptr_array_index (kiosk_ids, b);
      GArray     *inserted = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), events->len);

      g_ptr_array_add (results, inserted);
      for (guint i = 0; i < events->len; i++)
        {
          const NvEvent   *event = g_ptr_array_index (events, i);
          g_autofree char *time = nv_format_time_utc (event->time);
          gboolean         was_new;
          int              rc;

          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, event->id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, kiosk_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, event->session, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, time, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, received, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, nv_event_type_to_string (event->type), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 7, event->subject, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 8, nv_lang_to_code (event->language), -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 9, event->text_size);
          sqlite3_bind_int (stmt, 10, event->high_contrast ? 1 : 0);
          sqlite3_bind_int64 (stmt, 11, event->value);
          sqlite3_bind_text (stmt, 12, event->detail, -1, SQLITE_STATIC);
          if (event->content_revision > 0)
            sqlite3_bind_int64 (stmt, 13, event->content_revision);
          else
            sqlite3_bind_null (stmt, 13);
          sqlite3_bind_text (stmt, 14, event_guide (event), -1, SQLITE_STATIC);
          /* A row back when stored, none for an id already there. */
          rc = sqlite3_step (stmt);
          was_new = rc == SQLITE_ROW;
          if (was_new)
            {
              ServerRollupEvent fact = {
                .kiosk = kiosk_id,
                .session = event->session,
                .time = time,
                .type = nv_event_type_to_string (event->type),
                .subject = event->subject,
                .language = nv_lang_to_code (event->language),
                .detail = event->detail,
                .text_size = event->text_size,
                .high_contrast = event->high_contrast,
                .value = event->value,
                .has_guide_version = sqlite3_column_type (stmt, 0) != SQLITE_NULL,
                .guide_version = sqlite3_column_int64 (stmt, 0),
                .seq = sqlite3_column_int64 (stmt, 1),
              };

              server_rollup_batch_add (rollups, &fact);
              rc = sqlite3_step (stmt);
            }
          if (rc != SQLITE_DONE)
            {
              nv_sqlite_error (error, db, "Cannot store events");
              goto fail;
            }
          g_array_append_val (inserted, was_new);
        }
    }
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  if (!server_rollup_batch_write (rollups, self, error))
    goto fail;
  g_clear_pointer (&rollups, server_rollup_batch_free);
  /* The kiosks' contacts ride along: no commit, no fsync of their own. */
  if (contacts_from != NULL)
    server_store_write_kiosk_contacts (self, contacts_from);
  if (!nv_sqlite_end (db, TRUE, error))
    return FALSE;
  if (out_inserted != NULL)
    *out_inserted = g_steal_pointer (&results);
  return TRUE;

fail:
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  g_clear_pointer (&rollups, server_rollup_batch_free);
  nv_sqlite_end (db, FALSE, NULL);
  return FALSE;
}

gboolean
server_store_insert_events (ServerStore *self,
                            const char  *kiosk_id,
                            GPtrArray   *events,
                            GArray     **out_inserted,
                            GError     **error)
{
  g_autoptr (GPtrArray) kiosk_ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) batches = g_ptr_array_new ();
  g_autoptr (GPtrArray) results = NULL;

  g_return_val_if_fail (kiosk_id != NULL, FALSE);

  g_ptr_array_add (kiosk_ids, (gpointer) kiosk_id);
  g_ptr_array_add (batches, events);
  if (!server_store_insert_event_batches (self, NULL, kiosk_ids, batches, &results, error))
    return FALSE;
  if (out_inserted != NULL)
    *out_inserted = g_array_ref (g_ptr_array_index (results, 0));
  return TRUE;
}

gint64
server_store_count_events (ServerStore *self)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), -1);

  stmt = server_store_cached (self, "SELECT count(*) FROM events", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

char *
server_store_kiosks_json (const char *const *kiosk_ids)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) node = NULL;

  if (kiosk_ids == NULL || kiosk_ids[0] == NULL)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; kiosk_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, kiosk_ids[i]);
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  return nv_json_to_string (node, FALSE);
}

/* The export */

const char *const server_event_export_columns[SERVER_EVENT_EXPORT_N_COLUMNS] = {
  "kiosk",         "visit",   "visit_hour", "seconds_into_visit",
  "type",          "subject", "language",   "text_size",
  "high_contrast", "value",   "detail",     "guide_version",
};

enum
{
  COL_KIOSK,
  COL_VISIT,
  COL_VISIT_HOUR,
  COL_SECONDS,
  COL_FIRST_AS_STORED = 4, /* type … guide_version: as they are stored */
};

#define PSEUDONYM_HEX 16 /* 64 bits: no two visits of an export share one in practice */
#define KEY_BYTES 32
/* A visit lasts minutes, so an hour's rows are a few thousand. Should a session run for
 * days (a kiosk whose clock or session went wrong), its hour is written in parts of this
 * many rows, each in pseudonym order, rather than held in memory whole. */
#define MAX_HOUR_ROWS 10000

typedef struct
{
  char *cells[SERVER_EVENT_EXPORT_N_COLUMNS];
  guint order; /* within its visit */
} ExportRow;

static void
export_row_free (ExportRow *row)
{
  for (guint i = 0; i < SERVER_EVENT_EXPORT_N_COLUMNS; i++)
    g_free (row->cells[i]);
  g_free (row);
}

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const ExportRow *x = *(const ExportRow *const *) a;
  const ExportRow *y = *(const ExportRow *const *) b;
  int              by_visit = strcmp (x->cells[COL_VISIT], y->cells[COL_VISIT]);

  if (by_visit != 0)
    return by_visit;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Within an hour, rows go in the order of their pseudonyms: random per export, so the
 * order says nothing about when visits began, nor which visit is which in another
 * export. */
static gboolean
flush_hour (GPtrArray *rows, ServerEventRowFunc func, gpointer user_data, GError **error)
{
  g_ptr_array_sort (rows, compare_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      ExportRow *row = g_ptr_array_index (rows, i);

      if (!func ((const char *const *) row->cells, user_data, error))
        return FALSE;
    }
  g_ptr_array_set_size (rows, 0);
  return TRUE;
}

/* "2026-11-10T10:00:00.000Z" (the visit's first event, UTC) → "2026-11-10T12:00+02:00":
 * the hour it began, in Helsinki time, whose offsets are whole hours. */
static char *
format_visit_hour (const char *start)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_iso8601 (start, NULL);
  g_autoptr (GDateTime) hour = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;
  hour = g_date_time_add (utc, -(g_date_time_get_minute (utc) * G_TIME_SPAN_MINUTE
                                 + (GTimeSpan) (g_date_time_get_seconds (utc) * G_USEC_PER_SEC)));
  local = g_date_time_to_timezone (hour, nv_helsinki_tz ());
  return g_date_time_format (local, "%Y-%m-%dT%H:%M%:z");
}

gboolean
server_store_export_events (ServerStore       *self,
                            GDateTime         *from,
                            GDateTime         *to,
                            const char *const *kiosk_ids,
                            guint              threshold,
                            ServerEventRowFunc func,
                            gpointer           user_data,
                            GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *from_text = from != NULL ? nv_format_time_utc (from) : NULL;
  g_autofree char *to_text = to != NULL ? nv_format_time_utc (to) : NULL;
  g_autofree char *kiosks = server_store_kiosks_json (kiosk_ids);
  g_autoptr (GPtrArray) hour_rows
      = g_ptr_array_new_with_free_func ((GDestroyNotify) export_row_free);
  g_autoptr (GHmac) keyed = NULL;
  g_autofree char *hour_key = NULL;
  g_autofree char *visit_hour = NULL;
  g_autofree char *session = NULL;
  g_autofree char *pseudonym = NULL;
  guint8           key[KEY_BYTES];
  guint            order = 0;
  int              rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* The key lives in this function only: two exports of the same events share no
   * pseudonym, and nobody can turn one back into a session id. */
  nv_random_buf (key, sizeof key);
  keyed = g_hmac_new (G_CHECKSUM_SHA256, key, sizeof key);
  memset (key, 0, sizeof key);

  /* Each event with the time its visit began (its first event in the range). Rows come
   * by that time, so each hour's rows come together; within the hour they are sorted by
   * pseudonym before they are written. */
  stmt = server_store_prepare (
      self,
      "WITH ev AS (SELECT e.*, min (e.time) OVER (PARTITION BY e.session) AS start "
      "FROM events e WHERE (?1 IS NULL OR e.time >= ?1) AND (?2 IS NULL OR e.time < ?2) "
      "AND (?3 IS NULL OR e.kiosk IN (SELECT value FROM json_each (?3)))), "
      "typed AS (SELECT detail FROM ev WHERE type = 'search' AND detail IS NOT NULL "
      "GROUP BY detail HAVING count (DISTINCT session) >= ?4) "
      "SELECT kiosk, session, start, substr (start, 1, 13), "
      "CAST (round ((julianday (time) - julianday (start)) * 86400.0, 3) AS INTEGER), "
      "type, subject, language, text_size, high_contrast, value, "
      "CASE WHEN type = 'search' AND detail NOT IN (SELECT detail FROM typed) THEN NULL "
      "ELSE detail END, guide_version "
      "FROM ev ORDER BY start, session, time, seq",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kiosks, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, MAX (threshold, 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_session = (const char *) sqlite3_column_text (stmt, 1);
      const char *row_hour = (const char *) sqlite3_column_text (stmt, 3);
      ExportRow  *row;

      if (g_strcmp0 (row_hour, hour_key) != 0 || hour_rows->len >= MAX_HOUR_ROWS)
        {
          if (!flush_hour (hour_rows, func, user_data, error))
            return FALSE;
          g_free (hour_key);
          hour_key = g_strdup (row_hour);
          g_free (visit_hour);
          visit_hour = format_visit_hour ((const char *) sqlite3_column_text (stmt, 2));
        }
      if (g_strcmp0 (row_session, session) != 0)
        {
          g_autoptr (GHmac) copy = g_hmac_copy (keyed);

          g_free (session);
          session = g_strdup (row_session);
          g_hmac_update (copy, (const guchar *) session, -1);
          g_free (pseudonym);
          /* "v" first: never all digits, which a spreadsheet would take for a number. */
          pseudonym = g_strdup_printf ("v%.*s", PSEUDONYM_HEX, g_hmac_get_string (copy));
          order = 0;
        }
      row = g_new0 (ExportRow, 1);
      row->order = order++;
      row->cells[COL_KIOSK] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->cells[COL_VISIT] = g_strdup (pseudonym);
      row->cells[COL_VISIT_HOUR] = g_strdup (visit_hour);
      row->cells[COL_SECONDS] = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      for (int i = COL_FIRST_AS_STORED; i < SERVER_EVENT_EXPORT_N_COLUMNS; i++)
        row->cells[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i + 1));
      g_ptr_array_add (hour_rows, row);
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read events");
  return flush_hour (hour_rows, func, user_data, error);
}

/* server-store-rollups.c — the reports' counts per day, kept as events arrive
 *
 * Until migration 25 a trigger on events kept them, row by row: it cost ingest 3.6×
 * (docs/performance.md). Now the writer hands each batch's new events to a
 * ServerRollupBatch, which works out their facts in C, keeps each fact, count and visit
 * once in memory however many events share it, and writes them with one statement each
 * in the events' own transaction: a crash loses both or neither. The rebuild reads every
 * stored event through the same code, so there is one definition of the measures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-store-private.h"
#include "server-store-rollups.h"

/* Events read per batch by the rebuild: enough to share the statements' work, little
 * enough memory. */
#define REBUILD_BATCH 65536

/* Strings of a batch are interned in its chunk: equal strings are one pointer, so the
 * tables below hash and compare pointers. */
typedef struct
{
  const char *session;
  const char *measure;
  const char *key;
  const char *day;
  const char *kiosk; /* not part of the fact's identity: the first event's */
} Fact;

typedef struct
{
  const char *measure;
  const char *day;
  const char *key;
  const char *kiosk;
  gint64      n;
} Count;

typedef struct
{
  const char *first_day;
  const char *last_day;
} Visit;

struct _ServerRollupBatch
{
  GStringChunk *strings;
  GHashTable   *facts;     /* Fact → itself */
  GHashTable   *counts;    /* Count → itself: the session lengths, then the new facts */
  GHashTable   *visits;    /* session → Visit */
  gboolean      uncounted; /* the rebuild: facts and visits only, counted in SQL after */
};

static guint
fact_hash (gconstpointer data)
{
  const Fact *fact = data;

  return g_direct_hash (fact->session) ^ (g_direct_hash (fact->key) * 31)
         ^ (g_direct_hash (fact->day) * 17) ^ g_direct_hash (fact->measure);
}

static gboolean
fact_equal (gconstpointer a, gconstpointer b)
{
  const Fact *one = a, *other = b;

  return one->session == other->session && one->measure == other->measure && one->key == other->key
         && one->day == other->day;
}

static guint
count_hash (gconstpointer data)
{
  const Count *count = data;

  return g_direct_hash (count->measure) ^ (g_direct_hash (count->key) * 31)
         ^ (g_direct_hash (count->day) * 17) ^ (g_direct_hash (count->kiosk) * 7);
}

static gboolean
count_equal (gconstpointer a, gconstpointer b)
{
  const Count *one = a, *other = b;

  return one->measure == other->measure && one->day == other->day && one->key == other->key
         && one->kiosk == other->kiosk;
}

ServerRollupBatch *
server_rollup_batch_new (void)
{
  ServerRollupBatch *batch = g_new0 (ServerRollupBatch, 1);

  batch->strings = g_string_chunk_new (4096);
  batch->facts = g_hash_table_new_full (fact_hash, fact_equal, g_free, NULL);
  batch->counts = g_hash_table_new_full (count_hash, count_equal, g_free, NULL);
  batch->visits = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return batch;
}

static void
clear_batch (ServerRollupBatch *batch)
{
  g_hash_table_remove_all (batch->facts);
  g_hash_table_remove_all (batch->counts);
  g_hash_table_remove_all (batch->visits);
  g_string_chunk_clear (batch->strings);
}

void
server_rollup_batch_free (ServerRollupBatch *batch)
{
  if (batch == NULL)
    return;
  g_hash_table_unref (batch->facts);
  g_hash_table_unref (batch->counts);
  g_hash_table_unref (batch->visits);
  g_string_chunk_free (batch->strings);
  g_free (batch);
}

static const char *
intern (ServerRollupBatch *batch, const char *text)
{
  return g_string_chunk_insert_const (batch->strings, text);
}

/* @measure, @day and @kiosk interned already. */
static void
add_count (ServerRollupBatch *batch,
           const char        *measure,
           const char        *day,
           const char        *key,
           const char        *kiosk,
           gint64             n)
{
  Count  probe = { measure, day, key, kiosk, 0 };
  Count *count = g_hash_table_lookup (batch->counts, &probe);

  if (count == NULL)
    {
      count = g_memdup2 (&probe, sizeof probe);
      g_hash_table_add (batch->counts, count);
    }
  count->n += n;
}

/* @session, @day and @kiosk interned already. */
static void
add_fact (ServerRollupBatch *batch,
          const char        *session,
          const char        *measure,
          const char        *key,
          const char        *day,
          const char        *kiosk)
{
  Fact probe = { session, intern (batch, measure), intern (batch, key), day, kiosk };

  if (!g_hash_table_contains (batch->facts, &probe))
    g_hash_table_add (batch->facts, g_memdup2 (&probe, sizeof probe));
}

/* As SQLite's json_array () writes a string, so that keys read by the reports' SQL (and
 * kept by the trigger before) are the same bytes. */
static void
append_json_string (GString *out, const char *text)
{
  static const char special[32]
      = { ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r' };

  g_string_append_c (out, '"');
  for (const guchar *c = (const guchar *) text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (out, '\\');
      else if (*c < 0x20 && special[*c] != 0)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, special[*c]);
          continue;
        }
      else if (*c < 0x20)
        {
          g_string_append_printf (out, "\\u00%c%c", '0' + (*c >> 4), "0123456789abcdef"[*c & 0xf]);
          continue;
        }
      g_string_append_c (out, (char) *c);
    }
  g_string_append_c (out, '"');
}

/* json_array (type, subject[, guide_version]) */
static char *
guide_key (const ServerRollupEvent *event, gboolean with_version)
{
  GString *key = g_string_new ("[");

  append_json_string (key, event->type);
  g_string_append_c (key, ',');
  append_json_string (key, event->subject);
  if (with_version && event->has_guide_version)
    g_string_append_printf (key, ",%" G_GINT64_FORMAT, event->guide_version);
  else if (with_version)
    g_string_append (key, ",null");
  g_string_append_c (key, ']');
  return g_string_free (key, FALSE);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static gint64
days_from_civil (gint64 y, int m, int d)
{
  gint64 era, yoe, doy;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
civil_from_days (gint64 z, gint64 *y, int *m, int *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* 0 Sunday … 6 Saturday */
static int
weekday_of_days (gint64 days)
{
  return (int) (((days % 7) + 7 + 4) % 7);
}

/* The last Sunday of @month (31 days long), in days since 1970. */
static gint64
last_sunday (gint64 year, int month)
{
  gint64 last = days_from_civil (year, month, 31);

  return last - weekday_of_days (last);
}

static gboolean
read_digits (const char *text, int n, int *out)
{
  *out = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *out = *out * 10 + (text[i] - '0');
    }
  return TRUE;
}

gboolean
server_rollup_local_day (const char *time, char day[11], int *weekday, int *hour)
{
  int    year, month, mday, h, min, sec = 0;
  gint64 days, utc, shift, local, local_days, local_year;
  int    local_month, local_mday;

  /* YYYY-MM-DDTHH:MM[:SS[.fff]][Z], as SQLite reads it. */
  if (time == NULL || strlen (time) < 16 || !read_digits (time, 4, &year) || time[4] != '-'
      || !read_digits (time + 5, 2, &month) || time[7] != '-' || !read_digits (time + 8, 2, &mday)
      || (time[10] != 'T' && time[10] != ' ') || !read_digits (time + 11, 2, &h) || time[13] != ':'
      || !read_digits (time + 14, 2, &min))
    return FALSE;
  if (time[16] == ':' && !read_digits (time + 17, 2, &sec))
    return FALSE;
  if (month < 1 || month > 12 || mday < 1 || mday > 31 || h > 24 || min > 59 || sec > 59)
    return FALSE;

  days = days_from_civil (year, month, mday);
  utc = days * 86400 + h * 3600 + min * 60 + sec;
  shift = utc >= last_sunday (year, 3) * 86400 + 3600 && utc < last_sunday (year, 10) * 86400 + 3600
              ? 3
              : 2;
  local = utc + shift * 3600;
  local_days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  civil_from_days (local_days, &local_year, &local_month, &local_mday);
  if (local_year < 0 || local_year > 9999)
    return FALSE;
  g_snprintf (day, 11, "%04d-%02d-%02d", (int) local_year, local_month, local_mday);
  *weekday = (weekday_of_days (local_days) + 6) % 7 + 1;
  *hour = (int) ((local - local_days * 86400) / 3600);
  return TRUE;
}

static gboolean
is (const char *type, const char *name)
{
  return type != NULL && strcmp (type, name) == 0;
}

void
server_rollup_batch_add (ServerRollupBatch *batch, const ServerRollupEvent *event)
{
  const char *type = event->type;
  const char *session, *day, *kiosk;
  char        day_text[11];
  int         weekday, hour;
  Visit      *visit;

  g_return_if_fail (batch != NULL);

  if (event->session == NULL || event->kiosk == NULL
      || !server_rollup_local_day (event->time, day_text, &weekday, &hour))
    return;
  session = intern (batch, event->session);
  day = intern (batch, day_text);
  kiosk = intern (batch, event->kiosk);

  if ((visit = g_hash_table_lookup (batch->visits, session)) == NULL)
    {
      visit = g_new (Visit, 1);
      visit->first_day = visit->last_day = day;
      g_hash_table_insert (batch->visits, (gpointer) session, visit);
    }
  else if (strcmp (day, visit->first_day) < 0)
    visit->first_day = day;
  else if (strcmp (day, visit->last_day) > 0)
    visit->last_day = day;

  if (is (type, "session_start"))
    {
      g_autofree char *key = g_strdup_printf ("%d %d", weekday, hour);

      add_fact (batch, session, "visit", "", day, kiosk);
      add_fact (batch, session, "visit_hour", key, day, kiosk);
    }
  if (event->language != NULL)
    add_fact (batch, session, "language", event->language, day, kiosk);
  if (event->text_size > 0)
    add_fact (batch, session, "setting", "larger-text", day, kiosk);
  if (event->high_contrast)
    add_fact (batch, session, "setting", "high-contrast", day, kiosk);
  if (is (type, "setting_changed") && is (event->subject, "language"))
    add_fact (batch, session, "setting", "language-changed", day, kiosk);
  if (is (type, "read_aloud"))
    add_fact (batch, session, "setting", "read-aloud", day, kiosk);
  if (is (type, "qr_shown"))
    add_fact (batch, session, "setting", "qr-code", day, kiosk);
  if (is (type, "guide_view"))
    add_fact (batch, session, "guide_viewed", "", day, kiosk);
  if (is (type, "guide_complete"))
    add_fact (batch, session, "guide_completed", "", day, kiosk);
  if ((is (type, "guide_view") || is (type, "guide_complete")) && event->subject != NULL)
    {
      g_autofree char *key = guide_key (event, FALSE);
      g_autofree char *versioned = guide_key (event, TRUE);

      add_fact (batch, session, "guide", key, day, kiosk);
      add_fact (batch, session, "guide_version", versioned, day, kiosk);
    }
  if (is (type, "organisation_view") && event->subject != NULL)
    add_fact (batch, session, "organisation", event->subject, day, kiosk);
  if (is (type, "search"))
    {
      add_fact (batch, session, "searched", "", day, kiosk);
      if (event->value == 0 && event->detail != NULL && event->detail[0] != '\0')
        add_fact (batch, session, "empty_search", event->detail, day, kiosk);
    }
  if (is (type, "appointment_started"))
    add_fact (batch, session, "appointment", "started", day, kiosk);
  else if (is (type, "appointment_submitted"))
    add_fact (batch, session, "appointment", "submitted", day, kiosk);
  else if (is (type, "appointment_step"))
    add_fact (batch, session, "appointment", event->detail != NULL ? event->detail : "", day,
              kiosk);
  if (is (type, "session_end"))
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, event->value);

      add_fact (batch, session, "session_end", event->detail != NULL ? event->detail : "", day,
                kiosk);
      if (!batch->uncounted)
        add_count (batch, intern (batch, SERVER_ROLLUP_SECONDS), day, intern (batch, seconds),
                   kiosk, 1);
    }
  if (is (type, "feedback"))
    add_fact (batch, session, "feedback", "", day, kiosk);
}

gboolean
server_rollup_batch_write (ServerRollupBatch *batch, ServerStore *store, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) fact_stmt = NULL;
  g_autoptr (NvSqliteCachedStmt) count_stmt = NULL;
  g_autoptr (NvSqliteCachedStmt) visit_stmt = NULL;
  sqlite3       *db = server_store_get_db (store);
  GHashTableIter iter;
  gpointer       item, value;

  g_return_val_if_fail (batch != NULL, FALSE);

  if ((fact_stmt = server_store_cached (store,
                                        "INSERT OR IGNORE INTO rollup_facts (session, measure, "
                                        "key, day, kiosk) VALUES (?1, ?2, ?3, ?4, ?5)",
                                        error))
      == NULL)
    return FALSE;
  /* A fact the store knew already (the visit seen in an earlier batch) counts nothing. */
  g_hash_table_iter_init (&iter, batch->facts);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      const Fact *fact = item;

      sqlite3_reset (fact_stmt);
      sqlite3_bind_text (fact_stmt, 1, fact->session, -1, SQLITE_STATIC);
      sqlite3_bind_text (fact_stmt, 2, fact->measure, -1, SQLITE_STATIC);
      sqlite3_bind_text (fact_stmt, 3, fact->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (fact_stmt, 4, fact->day, -1, SQLITE_STATIC);
      sqlite3_bind_text (fact_stmt, 5, fact->kiosk, -1, SQLITE_STATIC);
      if (!nv_sqlite_step_done (db, fact_stmt, "Cannot store the reports' counts", error))
        return FALSE;
      if (sqlite3_changes (db) > 0 && !batch->uncounted)
        add_count (batch, fact->measure, fact->day, fact->key, fact->kiosk, 1);
    }

  if ((count_stmt = server_store_cached (store,
                                         "INSERT INTO rollups (measure, day, key, kiosk, n) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5) "
                                         "ON CONFLICT DO UPDATE SET n = n + excluded.n",
                                         error))
      == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, batch->counts);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      const Count *count = item;

      sqlite3_reset (count_stmt);
      sqlite3_bind_text (count_stmt, 1, count->measure, -1, SQLITE_STATIC);
      sqlite3_bind_text (count_stmt, 2, count->day, -1, SQLITE_STATIC);
      sqlite3_bind_text (count_stmt, 3, count->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (count_stmt, 4, count->kiosk, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (count_stmt, 5, count->n);
      if (!nv_sqlite_step_done (db, count_stmt, "Cannot store the reports' counts", error))
        return FALSE;
    }

  if ((visit_stmt = server_store_cached (
           store,
           "INSERT INTO rollup_visits (session, first_day, last_day) VALUES (?1, ?2, ?3) "
           "ON CONFLICT DO UPDATE SET first_day = min (first_day, excluded.first_day), "
           "last_day = max (last_day, excluded.last_day)",
           error))
      == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, batch->visits);
  while (g_hash_table_iter_next (&iter, &item, &value))
    {
      const Visit *visit = value;

      sqlite3_reset (visit_stmt);
      sqlite3_bind_text (visit_stmt, 1, item, -1, SQLITE_STATIC);
      sqlite3_bind_text (visit_stmt, 2, visit->first_day, -1, SQLITE_STATIC);
      sqlite3_bind_text (visit_stmt, 3, visit->last_day, -1, SQLITE_STATIC);
      if (!nv_sqlite_step_done (db, visit_stmt, "Cannot store the reports' counts", error))
        return FALSE;
    }
  clear_batch (batch);
  return TRUE;
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* neuvokas_rollup_day (time): server_rollup_local_day () for the rebuild's SQL. */
static void
rollup_day_cb (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  char day[11];
  int  weekday, hour;

  if (server_rollup_local_day ((const char *) sqlite3_value_text (argv[0]), day, &weekday, &hour))
    sqlite3_result_text (context, day, 10, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (context);
}

/* The caller holds a write transaction. Two passes, so that every table is written in the
 * order of its key, a page at a time: writing the counts batch by batch, as the writer
 * does, touched every page of a table larger than SQLite's cache again for each batch
 * (18 GB written for 10,000,000 events before it was stopped).
 *
 * First the facts and visits, from the events read visit by visit (by session, then as
 * stored, so a fact's kiosk is its first event's, as at ingest); then the counts: a
 * fact's count is how many facts share its measure, day, key and kiosk, and the session
 * lengths are counted from the events, each on its Helsinki day as the writer finds it. */
static gboolean
fill_rollups (ServerStore *self, GError **error)
{
  sqlite3 *db = server_store_get_db (self);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  ServerRollupBatch *batch;
  gint64             n = 0;
  gboolean           ok = TRUE;
  int                rc;

  if (!nv_sqlite_exec (db,
                       "DELETE FROM rollup_facts; DELETE FROM rollups; DELETE FROM rollup_visits;"
                       "DELETE FROM meta WHERE key = 'rollups_rebuild';",
                       error))
    return FALSE;
  if ((stmt = server_store_prepare (self,
                                    "SELECT kiosk, session, time, type, subject, language, "
                                    "detail, text_size, high_contrast, value, guide_version "
                                    "FROM events ORDER BY session, seq",
                                    error))
      == NULL)
    return FALSE;
  batch = server_rollup_batch_new ();
  batch->uncounted = TRUE;
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerRollupEvent event = {
        .kiosk = column_text (stmt, 0),
        .session = column_text (stmt, 1),
        .time = column_text (stmt, 2),
        .type = column_text (stmt, 3),
        .subject = column_text (stmt, 4),
        .language = column_text (stmt, 5),
        .detail = column_text (stmt, 6),
        .text_size = sqlite3_column_int64 (stmt, 7),
        .high_contrast = sqlite3_column_int64 (stmt, 8) != 0,
        .value = sqlite3_column_int64 (stmt, 9),
        .has_guide_version = sqlite3_column_type (stmt, 10) != SQLITE_NULL,
        .guide_version = sqlite3_column_int64 (stmt, 10),
      };

      server_rollup_batch_add (batch, &event);
      if (++n % REBUILD_BATCH == 0)
        ok = server_rollup_batch_write (batch, self, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = nv_sqlite_error (error, db, "Cannot read the events");
  ok = ok && server_rollup_batch_write (batch, self, error);
  server_rollup_batch_free (batch);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!ok)
    return FALSE;

  if (sqlite3_create_function_v2 (db, "neuvokas_rollup_day", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                  rollup_day_cb, NULL, NULL, NULL)
      != SQLITE_OK)
    return nv_sqlite_error (error, db, "Cannot count the rollups");
  return nv_sqlite_exec (
      db,
      "INSERT INTO rollups (measure, day, key, kiosk, n) SELECT measure, day, key, kiosk, "
      "count (*) FROM rollup_facts GROUP BY measure, day, key, kiosk ORDER BY 1, 2, 3, 4;"
      "INSERT INTO rollups (measure, day, key, kiosk, n) SELECT '" SERVER_ROLLUP_SECONDS "', "
      "day, value, kiosk, count (*) FROM (SELECT neuvokas_rollup_day (time) AS day, value, "
      "kiosk FROM events WHERE type = 'session_end') WHERE day IS NOT NULL "
      "GROUP BY day, value, kiosk;",
      error);
}

gboolean
server_store_rebuild_rollups (ServerStore *self, GError **error)
{
  sqlite3 *db;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  if (!fill_rollups (self, error))
    return nv_sqlite_end (db, FALSE, NULL);
  return nv_sqlite_end (db, TRUE, error);
}

gboolean
server_store_rebuild_rollups_if_due (ServerStore *self, GError **error)
{
  const char *due_sql = "SELECT 1 FROM meta WHERE key = 'rollups_rebuild'";
  sqlite3    *db = server_store_get_db (self);
  gboolean    due, ok = TRUE;

  {
    g_autoptr (NvSqliteCachedStmt) stmt = server_store_cached (self, due_sql, error);

    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return TRUE;
  }
  /* Asked again under the write lock: another connection may have rebuilt meanwhile. */
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  {
    g_autoptr (NvSqliteCachedStmt) stmt = server_store_cached (self, due_sql, error);

    ok = stmt != NULL;
    due = ok && sqlite3_step (stmt) == SQLITE_ROW;
  }
  if (ok && due)
    ok = fill_rollups (self, error);
  if (!ok)
    return nv_sqlite_end (db, FALSE, NULL);
  return nv_sqlite_end (db, TRUE, error);
}

/* server-store-costs.c — what the kiosks, and the phone and counter service, cost
 *
 * The National Audit Office asks what digital guidance costs per contact, beside what the
 * same help costs on the phone and at a counter. Evaluators enter each kiosk's cost for a
 * period (rent, device, support: one sum), and the phone and counter service's cost and
 * contacts for it; the report divides a kiosk's cost by its visits and by the requests it
 * sent that were solved. Visits and requests are counts of residents: the report gives
 * them suppressed as the reports do, and a cost per visit is never made from a hidden count
 * (it would give it away: cost / cost per visit).
 *
 * A cost counts in a report when its period lies within the report's: a quarter's cost in
 * the quarter's report and in the year's, never half of it in a month's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-json-private.h"
#include "server-store-costs.h"
#include "server-store-private.h"
#include "server-store-reports-private.h"

gboolean
server_cost_channel_is_known (const char *channel)
{
  return g_strcmp0 (channel, SERVER_COST_KIOSK) == 0 || g_strcmp0 (channel, SERVER_COST_PHONE) == 0
         || g_strcmp0 (channel, SERVER_COST_COUNTER) == 0;
}

void
server_cost_row_free (ServerCostRow *row)
{
  if (row == NULL)
    return;
  g_free (row->channel);
  g_free (row->kiosk);
  g_free (row);
}

static gboolean
kiosk_exists (ServerStore *self, const char *id, gboolean *out_exists, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt
      = server_store_cached (self, "SELECT 1 FROM kiosks WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *out_exists = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE
         || nv_sqlite_error (error, server_store_get_db (self), "Cannot read the kiosks");
}

static gboolean
write_entry (ServerStore           *self,
             const char            *from_day,
             const char            *to_day,
             const ServerCostEntry *entry,
             const char            *now,
             const char            *user,
             GError               **error)
{
  const char *kiosk = entry->kiosk != NULL ? entry->kiosk : "";
  g_autoptr (NvSqliteCachedStmt) stmt = server_store_cached (
      self,
      entry->cost_cents < 0
          ? "DELETE FROM costs WHERE channel = ?1 AND kiosk = ?2 AND from_day = ?3 AND to_day = ?4"
          : "INSERT OR REPLACE INTO costs (channel, kiosk, from_day, to_day, cost_cents, contacts, "
            "updated, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry->channel, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kiosk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, from_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, to_day, -1, SQLITE_TRANSIENT);
  if (entry->cost_cents >= 0)
    {
      sqlite3_bind_int64 (stmt, 5, entry->cost_cents);
      if (entry->contacts >= 0)
        sqlite3_bind_int64 (stmt, 6, entry->contacts);
      else
        sqlite3_bind_null (stmt, 6);
      sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, user, -1, SQLITE_TRANSIENT);
    }
  return sqlite3_step (stmt) == SQLITE_DONE
         || nv_sqlite_error (error, server_store_get_db (self), "Cannot save the costs");
}

gboolean
server_store_set_costs (ServerStore     *self,
                        const char      *from_day,
                        const char      *to_day,
                        ServerCostEntry *entries,
                        guint            n_entries,
                        const char      *user,
                        GError         **error)
{
  sqlite3 *db;
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *now = NULL;
  gboolean         ok = TRUE;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (from_day != NULL && to_day != NULL && user != NULL, FALSE);

  for (guint i = 0; i < n_entries; i++)
    g_return_val_if_fail (server_cost_channel_is_known (entries[i].channel), FALSE);

  db = server_store_get_db (self);
  time = g_date_time_new_from_unix_utc (server_store_now (self));
  now = nv_format_time_utc (time);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  for (guint i = 0, k = 0; ok && i < n_entries; i++)
    {
      gboolean exists = TRUE;

      if (entries[i].kiosk != NULL && (ok = kiosk_exists (self, entries[i].kiosk, &exists, error))
          && !exists)
        {
          g_autofree char *field = g_strdup_printf ("kiosks[%u].kiosk", k);

          nv_set_field_error_code (error, field, "not-found", "There is no kiosk “%s”",
                                   entries[i].kiosk);
          ok = FALSE;
        }
      if (entries[i].kiosk != NULL)
        k++;
      ok = ok && write_entry (self, from_day, to_day, &entries[i], now, user, error);
    }
  return nv_sqlite_end (db, ok, ok ? error : NULL) && ok;
}

/* Residents counted for one kiosk, or for all of @kiosks (NULL-terminated). */
static gboolean
count_for (ServerStore             *self,
           const char              *sql,
           const ServerReportQuery *query,
           const char *const       *kiosks,
           gint64                  *out_count,
           GError                 **error)
{
  ServerReportQuery one = *query;

  one.kiosks = kiosks;
  return server_store_report_scalar (self, sql, &one, out_count, error);
}

#define VISITS_SQL                                                                                 \
  "SELECT count (DISTINCT e.session) FROM events e WHERE e.type = 'session_start' "                \
  "AND " SERVER_REPORT_EVENTS_IN_RANGE
#define SOLVED_SQL                                                                                 \
  "SELECT count (*) FROM appointments a WHERE a.state = 'done' AND a.outcome = 'solved' "          \
  "AND " SERVER_REPORT_REQUESTS_IN_RANGE

static gboolean
in_filter (const ServerReportQuery *query, const char *kiosk)
{
  if (query->kiosks == NULL || query->kiosks[0] == NULL)
    return TRUE;
  return g_strv_contains (query->kiosks, kiosk);
}

static ServerCostRow *
row_new (const char *channel, const char *kiosk, gint64 cost_cents, gint64 contacts)
{
  ServerCostRow *row = g_new0 (ServerCostRow, 1);

  row->channel = g_strdup (channel);
  row->kiosk = g_strdup (kiosk);
  row->cost_cents = cost_cents;
  row->contacts = contacts;
  row->solved = -1;
  return row;
}

/* Each kiosk's count suppressed when small; the total too, when it would give one away. */
static void
suppress_counts (GPtrArray *kiosk_rows, ServerCostRow *all, gboolean solved, guint threshold)
{
  gint64 shown = 0;
  guint  hidden = 0;

  for (guint i = 0; i < kiosk_rows->len; i++)
    {
      ServerCostRow *row = g_ptr_array_index (kiosk_rows, i);
      gint64        *count = solved ? &row->solved : &row->contacts;

      if (all != NULL)
        *(solved ? &all->solved : &all->contacts) += *count;
      if (*count > 0 && *count < (gint64) MAX (threshold, 1))
        {
          *count = -1;
          hidden++;
        }
      else
        shown += *count;
    }
  if (all != NULL)
    {
      gint64 *total = solved ? &all->solved : &all->contacts;

      if ((*total > 0 && *total < (gint64) MAX (threshold, 1))
          || server_report_total_gives_away (*total, shown, hidden, threshold))
        *total = -1;
    }
}

GPtrArray *
server_store_cost_report (ServerStore             *self,
                          const ServerReportQuery *query,
                          const char              *from_day,
                          const char              *to_day,
                          GError                 **error)
{
  g_autoptr (GPtrArray) rows
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_cost_row_free);
  g_autoptr (GPtrArray) kiosk_rows = g_ptr_array_new ();
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  ServerCostRow *all = NULL;
  sqlite3       *db;
  gboolean       ok = TRUE;
  int            rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL && from_day != NULL && to_day != NULL, NULL);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_READ, error))
    return NULL;
  stmt = server_store_cached (
      self,
      "SELECT channel, kiosk, sum (cost_cents), CASE WHEN count (contacts) > 0 "
      "THEN sum (contacts) END FROM costs WHERE from_day >= ? AND to_day <= ? "
      "GROUP BY channel, kiosk ORDER BY CASE channel WHEN 'kiosk' THEN 0 WHEN 'phone' THEN 1 "
      "ELSE 2 END, kiosk",
      error);
  if (stmt == NULL)
    {
      nv_sqlite_end (db, FALSE, NULL);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *channel = (const char *) sqlite3_column_text (stmt, 0);
      const char *kiosk = (const char *) sqlite3_column_text (stmt, 1);
      gint64      contacts
          = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
      ServerCostRow *row;

      if (g_str_equal (channel, SERVER_COST_KIOSK))
        {
          if (!in_filter (query, kiosk))
            continue;
          row = row_new (channel, kiosk, sqlite3_column_int64 (stmt, 2), 0);
          g_ptr_array_add (kiosk_rows, row);
        }
      else
        row = row_new (channel, NULL, sqlite3_column_int64 (stmt, 2), contacts);
      g_ptr_array_add (rows, row);
    }
  ok = rc == SQLITE_DONE || nv_sqlite_error (error, db, "Cannot read the costs");
  g_clear_pointer (&stmt, nv_sqlite_cache_release);

  for (guint i = 0; ok && i < kiosk_rows->len; i++)
    {
      ServerCostRow    *row = g_ptr_array_index (kiosk_rows, i);
      const char *const one[] = { row->kiosk, NULL };

      ok = count_for (self, VISITS_SQL, query, one, &row->contacts, error)
           && count_for (self, SOLVED_SQL, query, one, &row->solved, error);
    }
  if (ok && kiosk_rows->len > 1)
    {
      all = row_new ("all", NULL, 0, 0);
      all->solved = 0;
      for (guint i = 0; i < kiosk_rows->len; i++)
        all->cost_cents += ((ServerCostRow *) g_ptr_array_index (kiosk_rows, i))->cost_cents;
      g_ptr_array_insert (rows, (gint) kiosk_rows->len, all);
    }
  nv_sqlite_end (db, TRUE, NULL);
  if (!ok)
    return NULL;
  suppress_counts (kiosk_rows, all, FALSE, query->threshold);
  suppress_counts (kiosk_rows, all, TRUE, query->threshold);
  return g_steal_pointer (&rows);
}

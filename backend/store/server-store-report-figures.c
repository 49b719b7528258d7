/* server-store-report-figures.c — a report's key figures, and the same for the period before
 *
 * A steering group asks first "how many, and more or fewer than before?": each section has
 * a few key figures, each a count for the period and for the period of the same length
 * just before it. They are counts of residents like the tables' (visits, or requests), so
 * a figure from 1 to threshold - 1 is suppressed. A figure is also the total of a table
 * column (visits are the sum of sessions per day), and a total shown beside a column with a
 * suppressed cell would give that cell away: total minus the cells shown. So a figure is
 * shown only when the suppressed cells of every column it totals could each still be
 * anything from 1 to threshold - 1 (the rule of the aggregated export,
 * server_report_protect_group: at least two of them, with room enough in their sum); the
 * cells themselves stay as the tables have them. A column that counts a visit under several
 * rows (guides) is held to the same rule, which only ever hides more. The change is made
 * only from figures shown, so it gives away nothing they do not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-store-private.h"
#include "server-store-reports-private.h"

#define MAX_LINKS 4

typedef struct
{
  const char *section;
  const char *table;
  const char *columns[4]; /* NULL-terminated: cells of these columns make up the figure */
} Link;

typedef struct
{
  const char *section;
  const char *id;
  const char *title[NV_N_LANGS];
  /* One count for the range; NULL: the sum of the first link's column (only for figures
   * that count no residents). */
  const char *sql;
  /* The same from the rollups (server-store-rollups.h), for whole days; NULL: none. */
  const char *rollup_sql;
  gboolean    residents; /* a count of residents: suppressed when small */
  Link        links[MAX_LINKS];
} FigureSpec;

/* The scan's SQL, then the rollups': visits with an event that passes @filter, which are
 * the visits of @measure with a key that passes @key. */
#define SESSIONS_WITH(filter, measure, key)                                                        \
  "SELECT count (DISTINCT e.session) FROM events e WHERE " filter                                  \
  " AND " SERVER_REPORT_EVENTS_IN_RANGE,                                                           \
      "SELECT coalesce (sum (n), 0) FROM " SERVER_ROLLUP_TOTALS ("'" measure "'") " WHERE " key

static const FigureSpec figures[] = {
  { "reach",
    "visits",
    { "Käynnit", "Besök", "Visits" },
    SESSIONS_WITH ("e.type = 'session_start'", "visit", "1"),
    TRUE,
    { { "reach", "sessions_per_day", { "sessions" } },
      { "reach", "hour_of_week", { "sessions" } },
      { "reach", "visits_by_region", { "sessions" } },
      { "reach", "visits_by_kiosk", { "sessions" } } } },
  { "demand",
    "guide_visits",
    { "Käynnit, joilla avattiin opas", "Besök där en guide öppnades",
      "Visits that opened a guide" },
    SESSIONS_WITH ("e.type = 'guide_view'", "guide_viewed", "1"),
    TRUE,
    { { "demand", "top_guides", { "views" } },
      { "friction", "guide_completion", { "started" } } } },
  { "demand",
    "search_visits",
    { "Käynnit, joilla haettiin", "Besök med sökning", "Visits with a search" },
    SESSIONS_WITH ("e.type = 'search'", "searched", "1"),
    TRUE,
    { { NULL } } },
  { "friction",
    "completed_visits",
    { "Käynnit, joilla opas luettiin loppuun", "Besök där en guide lästes till slut",
      "Visits that read a guide to the end" },
    SESSIONS_WITH ("e.type = 'guide_complete'", "guide_completed", "1"),
    TRUE,
    { { "demand", "top_guides", { "completions" } },
      { "friction", "guide_completion", { "completed" } } } },
  { "friction",
    "timeouts",
    { "Aikakatkaisuun päättyneet käynnit", "Besök som avslutades av tidsgränsen",
      "Visits ended by the timeout" },
    SESSIONS_WITH (
        "e.type = 'session_end' AND e.detail = 'timeout'", "session_end", "key = 'timeout'"),
    TRUE,
    { { "friction", "timeouts", { "timeouts" } } } },
  { "handover",
    "requests_started",
    { "Aloitetut yhteydenottopyynnöt (käynnit)", "Påbörjade kontaktförfrågningar (besök)",
      "Requests started (visits)" },
    SESSIONS_WITH ("e.type = 'appointment_started'", "appointment", "key = 'started'"),
    TRUE,
    { { NULL } } },
  { "handover",
    "requests",
    { "Saapuneet yhteydenottopyynnöt", "Mottagna kontaktförfrågningar", "Requests received" },
    "SELECT count (*) FROM appointments a WHERE " SERVER_REPORT_REQUESTS_IN_RANGE,
    NULL,
    TRUE,
    { { "handover", "outcomes", { "requests" } } } },
  { "handover",
    "requests_solved",
    { "Ratkaistut pyynnöt", "Lösta förfrågningar", "Requests solved" },
    "SELECT count (*) FROM appointments a WHERE a.state = 'done' AND a.outcome = 'solved' "
    "AND " SERVER_REPORT_REQUESTS_IN_RANGE,
    NULL,
    TRUE,
    { { NULL } } },
  { "experience",
    "feedback_visits",
    { "Käynnit, joilla annettiin palautetta", "Besök med respons", "Visits that gave feedback" },
    SESSIONS_WITH ("e.type = 'feedback'", "feedback", "1"),
    TRUE,
    { { "experience", "feedback", { "happy", "neutral", "sad" } } } },
  { "operations",
    "info_reports",
    { "Ilmoitukset virheellisistä tiedoista", "Anmälningar om felaktiga uppgifter",
      "Reports of wrong information" },
    NULL,
    NULL,
    FALSE,
    { { "operations", "info_reports", { "reports" } } } },
};

static const ServerReportTable *
find_table (GPtrArray *tables, const char *id)
{
  for (guint i = 0; tables != NULL && i < tables->len; i++)
    {
      const ServerReportTable *table = g_ptr_array_index (tables, i);

      if (g_str_equal (table->id, id))
        return table;
    }
  return NULL;
}

static int
column_index (const ServerReportTable *table, const char *id)
{
  for (guint i = 0; i < table->n_columns; i++)
    if (g_str_equal (table->columns[i].id, id))
      return (int) i;
  return -1;
}

/* How many cells of @link's columns are suppressed, and the sum of those shown. */
static void
sum_link (const ServerReportTable *table, const Link *link, guint *out_hidden, gint64 *out_shown)
{
  *out_hidden = 0;
  *out_shown = 0;
  for (guint c = 0; c < G_N_ELEMENTS (link->columns) && link->columns[c] != NULL; c++)
    {
      int index = column_index (table, link->columns[c]);

      for (guint r = 0; index >= 0 && r < table->rows->len; r++)
        {
          const char *cell = ((GPtrArray *) g_ptr_array_index (table->rows, r))->pdata[index];

          if (cell == NULL)
            (*out_hidden)++;
          else
            *out_shown += g_ascii_strtoll (cell, NULL, 10);
        }
    }
}

/* The section's tables for @query, built once per call. */
static GPtrArray *
section_tables (ServerStore             *self,
                GHashTable              *built,
                const char              *section,
                const ServerReportQuery *query,
                GError                 **error)
{
  GPtrArray *tables = g_hash_table_lookup (built, section);

  if (tables == NULL)
    {
      if ((tables = server_store_report (self, section, NULL, query, error)) == NULL)
        return NULL;
      g_hash_table_insert (built, (gpointer) section, tables);
    }
  return tables;
}

/* The figure for @query: -1 when suppressed. */
static gboolean
figure_value (ServerStore             *self,
              const FigureSpec        *spec,
              const ServerReportQuery *query,
              GHashTable              *built,
              gint64                  *out_value,
              GError                 **error)
{
  gint64      value = 0;
  gint64      threshold = MAX (query->threshold, 1);
  const char *sql = spec->rollup_sql != NULL && server_report_query_uses_rollups (query)
                        ? spec->rollup_sql
                        : spec->sql;

  if (sql != NULL && !server_store_report_scalar (self, sql, query, &value, error))
    return FALSE;
  for (guint l = 0; l < MAX_LINKS && spec->links[l].section != NULL; l++)
    {
      const Link              *link = &spec->links[l];
      GPtrArray               *tables = section_tables (self, built, link->section, query, error);
      const ServerReportTable *table;
      guint                    hidden;
      gint64                   shown;

      if (tables == NULL)
        return FALSE;
      if ((table = find_table (tables, link->table)) == NULL)
        continue;
      sum_link (table, link, &hidden, &shown);
      if (spec->sql == NULL && l == 0)
        value = shown;
      /* total - shown is the suppressed cells' sum: it must leave each of them free. */
      if (spec->residents
          && server_report_total_gives_away (value, shown, hidden, (guint) threshold))
        {
          *out_value = -1;
          return TRUE;
        }
    }
  *out_value = spec->residents && value > 0 && value < threshold ? -1 : value;
  return TRUE;
}

GArray *
server_store_report_figures (ServerStore             *self,
                             const char              *section,
                             const ServerReportQuery *query,
                             const ServerReportQuery *previous,
                             GPtrArray               *tables,
                             GError                 **error)
{
  g_autoptr (GArray) result = g_array_new (FALSE, TRUE, sizeof (ServerReportFigure));
  g_autoptr (GHashTable) built_now
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GHashTable) built_before
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  sqlite3 *db;
  gboolean ok = TRUE;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL && previous != NULL, NULL);

  db = server_store_get_db (self);
  /* The section's tables the caller read already are not read again. */
  if (tables != NULL)
    g_hash_table_insert (built_now, (gpointer) section, g_ptr_array_ref (tables));

  /* One read: a figure and the cells it totals are counted from the same events. */
  if (!nv_sqlite_begin (db, NV_SQLITE_READ, error))
    return NULL;
  for (guint i = 0; ok && i < G_N_ELEMENTS (figures); i++)
    {
      ServerReportFigure figure = { figures[i].id, figures[i].title, 0, 0 };

      if (!g_str_equal (figures[i].section, section))
        continue;
      ok = figure_value (self, &figures[i], query, built_now, &figure.value, error)
           && figure_value (self, &figures[i], previous, built_before, &figure.previous, error);
      g_array_append_val (result, figure);
    }
  nv_sqlite_end (db, TRUE, NULL);
  return ok ? g_steal_pointer (&result) : NULL;
}

gboolean
server_report_figure_change (const ServerReportFigure *figure, double *out_percent)
{
  if (figure->value < 0 || figure->previous <= 0)
    return FALSE;
  *out_percent = server_report_round (1000.0 * (double) (figure->value - figure->previous)
                                      / (double) figure->previous)
                 / 10.0;
  return TRUE;
}

/* bench-reports.c — every report from the rollups against the full scan, at the scale of years
 *
 *   _build/bench/bench-reports [--events N] [--runs R] [--store DIR [--fill-only]]
 *
 * Fills a fresh server store in a temporary directory with N usage events (default
 * 10,000,000: three years of 20 kiosks, visits of ten events), generated inside SQLite,
 * then fills the rollups from them as `neuvokas-server rollups rebuild` does (timed, wall
 * and CPU: that is also what the first open after migration 21 costs). Then, for every section of
 * the reports and for the aggregated export, for a month and for a year, it times what the API does
 * for one request (the section's tables and its key figures for the period and the one before) read
 * from the rollups and with the full scan, alternated, each side first every other run, and prints
 * each run, then min / median / max and the ratio of the medians. The results of the two must be
 * the same (the test /server-rollups/match-scan checks every cell; here the tables' rows are
 * counted). The directory is removed at the end.
 *
 * --store DIR keeps the store in DIR instead, so that the fill (20 minutes at 10,000,000
 * events on a loaded machine) is paid once: a DIR without a store is filled (and with
 * --fill-only the events alone, the rollups left due for the next open); a DIR with one is
 * opened as it is, its rollups filled at the open if a migration asked for it (timed).
 * Remove DIR when done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-sqlite.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nv-json-private.h"
#include "nv-sqlite.h"
#include "server-store-private.h"
#include "server-store-reports-private.h"
#include "server-store-rollups.h"
#include "bench-tmp.h"

#define N_KIOSKS 20
#define EVENTS_PER_VISIT 10

static int      n_events = 10000000;
static int      n_runs = 3;
static int      year_scan_runs = -1;
static char    *store_dir;
static gboolean fill_only;

/* Three years from 2025-01-01, the same number of visits every day, one after another
 * across the kiosks in the libraries' hours (08:00 to 20:00 UTC, 10 to 22 or 11 to 23 in
 * Helsinki, so that the last ones run past midnight in summer), each visit ten events 40 s
 * apart: a start, guides and their steps, searches, places, feedback, a request now and
 * then, and an end. Session ids are spread as UUIDs are. */
static void
fill_events (sqlite3 *db)
{
  g_autofree char *sql = NULL;
  gint64           n_visits = n_events / EVENTS_PER_VISIT;
  gint64           per_day = MAX (n_visits / (3 * 365), 1);
  double           spacing = 12.0 * 3600.0 / (double) per_day;

  for (int k = 0; k < N_KIOSKS; k++)
    {
      static const char *const municipalities[] = { "564", "091", "179", "837", "853" };
      g_autofree char         *kiosk
          = g_strdup_printf ("INSERT INTO kiosks (id, name, municipality, token_hash, created) "
                             "VALUES ('kiosk-%02d', 'Kiosk %d', '%s', 'h', 1);",
                             k, k, municipalities[k % G_N_ELEMENTS (municipalities)]);

      bench_exec_or_die (db, kiosk);
    }
  sql = g_strdup_printf (
      "BEGIN;"
      "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d - 1), "
      "v AS (SELECT i, i / %d AS s, i %% %d AS j FROM n) "
      "INSERT INTO events (id, kiosk, session, time, received, type, subject, language, "
      "text_size, high_contrast, value, detail, content_revision, guide_version) "
      "SELECT printf ('%%016x', i), printf ('kiosk-%%02d', s %% %d), "
      "printf ('%%08x-%%04x', (s * 2654435761) %% 4294967296, s %% 65536), "
      "strftime ('%%Y-%%m-%%dT%%H:%%M:%%S.000Z', 1735689600 + 8 * 3600 + s / %" G_GINT64_FORMAT
      " * 86400 + CAST (s %% %" G_GINT64_FORMAT " * %f AS INTEGER) + j * 40, 'unixepoch'), "
      "'2028-01-01T00:00:00.000Z', "
      "CASE WHEN j = 0 THEN 'session_start' WHEN j = %d - 1 THEN 'session_end' "
      "ELSE CASE (s * 7 + j * 3) %% 11 WHEN 0 THEN 'guide_view' WHEN 1 THEN 'step_view' "
      "WHEN 2 THEN 'step_view' WHEN 3 THEN 'guide_complete' WHEN 4 THEN 'search' "
      "WHEN 5 THEN 'organisation_view' WHEN 6 THEN 'feedback' WHEN 7 THEN 'screen_view' "
      "WHEN 8 THEN 'appointment_started' WHEN 9 THEN 'appointment_step' "
      "ELSE 'read_aloud' END END AS type, "
      "CASE WHEN j IN (0, %d - 1) THEN NULL "
      "WHEN (s * 7 + j * 3) %% 11 IN (0, 1, 2, 3, 6) THEN 'guide-' || ((s + j) %% 60) "
      "WHEN (s * 7 + j * 3) %% 11 = 5 THEN 'place-' || ((s * 3 + j) %% 400) "
      "WHEN (s * 7 + j * 3) %% 11 = 10 THEN 'guide:guide-' || (s %% 60) END, "
      "CASE s %% 3 WHEN 0 THEN 'fi' WHEN 1 THEN 'sv' ELSE 'en' END, s %% 3 / 2, s %% 7 = 0, "
      "CASE WHEN j = %d - 1 THEN j * 40 + s %% 90 WHEN (s * 7 + j * 3) %% 11 = 4 THEN s %% 3 "
      "ELSE j END, "
      "CASE WHEN j = %d - 1 THEN CASE s %% 3 WHEN 0 THEN 'timeout' ELSE 'start-over' END "
      "WHEN (s * 7 + j * 3) %% 11 = 4 THEN CASE s %% 5 WHEN 0 THEN 'kela' WHEN 1 THEN 'vero' "
      "WHEN 2 THEN 'bussi' WHEN 3 THEN 'passi' ELSE 'omaolo' END "
      "WHEN (s * 7 + j * 3) %% 11 = 6 THEN CASE s %% 3 WHEN 0 THEN 'good' WHEN 1 THEN 'neutral' "
      "ELSE 'bad' END WHEN (s * 7 + j * 3) %% 11 = 9 THEN 'contact' END, "
      "1 + s / 100000, 1 + s / 300000 FROM v;"
      "COMMIT;",
      n_events, EVENTS_PER_VISIT, EVENTS_PER_VISIT, N_KIOSKS, per_day, per_day, spacing,
      EVENTS_PER_VISIT, EVENTS_PER_VISIT, EVENTS_PER_VISIT, EVENTS_PER_VISIT);
  bench_exec_or_die (db, sql);
}

static GDateTime *
helsinki_midnight (int year, int month, int day)
{
  return g_date_time_new (nv_helsinki_tz (), year, month, day, 0, 0, 0);
}

typedef struct
{
  const char *name;
  GDateTime  *from, *to, *before;
} Period;

/* One request's work: the section's tables and key figures (as GET reports/SECTION), or
 * the aggregated export (section NULL). Returns the rows read, to compare the two sides. */
static guint
run_report (ServerStore *store, const char *section, const Period *period, gboolean full_scan)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  ServerReportQuery query = { period->from, period->to, NULL, 5, now, full_scan };
  ServerReportQuery previous = { period->before, period->from, NULL, 5, now, full_scan };
  g_autoptr (GError) error = NULL;
  guint rows = 0;

  if (section == NULL)
    {
      g_autoptr (ServerReportTable) table = server_store_daily_counts (store, &query, &error);

      if (table == NULL)
        g_error ("%s", error->message);
      return table->rows->len;
    }
  {
    g_autoptr (GPtrArray) tables = server_store_report (store, section, NULL, &query, &error);
    g_autoptr (GArray) figures = NULL;

    if (tables == NULL)
      g_error ("%s", error->message);
    figures = server_store_report_figures (store, section, &query, &previous, tables, &error);
    if (figures == NULL)
      g_error ("%s", error->message);
    for (guint t = 0; t < tables->len; t++)
      rows += ((ServerReportTable *) g_ptr_array_index (tables, t))->rows->len;
    return rows + figures->len;
  }
}

/* The process's CPU time in ms: on a shared machine, wall time counts the other
 * processes' turns too. */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return (double) now.tv_sec * 1000.0 + (double) now.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
sort_runs (double *ms, int n)
{
  qsort (ms, (size_t) n, sizeof (double), (GCompareFunc) compare_doubles);
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[]
      = { { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events to store (10000000)", "N" },
          { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Runs of each side (3)", "R" },
          { "year-scan-runs", 0, 0, G_OPTION_ARG_INT, &year_scan_runs,
            "Runs of the full scan for the year (--runs; 0: none): at 10,000,000 events each "
            "takes minutes",
            "N" },
          { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_dir,
            "Keep the store in DIR, or reuse the one there", "DIR" },
          { "fill-only", 0, 0, G_OPTION_ARG_NONE, &fill_only,
            "With --store: store the events, leave the rollups due, stop", NULL },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("— reports: rollups vs full scan");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr (ServerStore) store = NULL;
  const char *sections[] = { "reach",      "demand",     "friction", "handover",
                             "experience", "operations", NULL /* the aggregated export */ };
  Period      periods[2] = {
         { "month", helsinki_midnight (2026, 6, 1), helsinki_midnight (2026, 7, 1),
           helsinki_midnight (2026, 5, 1) },
         { "year", helsinki_midnight (2026, 1, 1), helsinki_midnight (2027, 1, 1),
           helsinki_midnight (2025, 1, 1) },
  };
  gint64   start;
  double   start_cpu;
  double   worst = 0;
  gboolean reuse = FALSE;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (n_events < EVENTS_PER_VISIT || n_runs < 1)
    g_error ("--events must be at least %d and --runs at least 1", EVENTS_PER_VISIT);
  if (year_scan_runs < 0 || year_scan_runs > n_runs)
    year_scan_runs = n_runs;

  if (store_dir != NULL)
    {
      g_autofree char *db = g_build_filename (store_dir, "neuvokas.db", NULL);

      reuse = g_file_test (db, G_FILE_TEST_EXISTS);
      if (g_mkdir_with_parents (store_dir, 0700) != 0)
        g_error ("Cannot make %s", store_dir);
      dir = g_strdup (store_dir);
    }
  else
    dir = bench_tmp_dir_new ("reports");

  /* A reused store's open fills its rollups when a migration asked for it. */
  start = g_get_monotonic_time ();
  start_cpu = cpu_ms ();
  if ((store = server_store_open (dir, NULL, &error)) == NULL)
    g_error ("%s", error->message);
  if (reuse)
    g_print ("Opened the store in %s in %.1f s (CPU %.1f s), its rollups filled if due\n\n", dir,
             (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC,
             (cpu_ms () - start_cpu) / 1000.0);
  else
    {
      start = g_get_monotonic_time ();
      fill_events (server_store_get_db (store));
      g_print ("Filled %d events in %.1f s\n", n_events,
               (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
      if (fill_only)
        {
          bench_exec_or_die (server_store_get_db (store), SERVER_ROLLUP_REBUILD_DUE);
          g_clear_object (&store);
          return 0;
        }
      /* The rollups filled as `neuvokas-server rollups rebuild` fills them. */
      start = g_get_monotonic_time ();
      start_cpu = cpu_ms ();
      if (!server_store_rebuild_rollups (store, &error))
        g_error ("%s", error->message);
      g_print ("Filled the rollups in %.1f s (CPU %.1f s)\n\n",
               (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC,
               (cpu_ms () - start_cpu) / 1000.0);
    }
  bench_exec_or_die (server_store_get_db (store), "ANALYZE;");

  g_print ("%-12s %-6s      %-28s %-28s %s\n", "report", "period", "rollups ms (min/med/max)",
           "full scan ms (min/med/max)", "scan / rollups");
  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
      {
        g_autofree double *rolled = g_new0 (double, n_runs);
        g_autofree double *scanned = g_new0 (double, n_runs);
        g_autofree double *rolled_cpu = g_new0 (double, n_runs);
        g_autofree double *scanned_cpu = g_new0 (double, n_runs);

        /* A year's full scan takes minutes at 10,000,000 events: --year-scan-runs. */
        int   n_scans = p == 1 ? year_scan_runs : n_runs;
        guint last_rows = 0;

        for (int r = 0; r < n_runs; r++)
          for (int side = 0; side < 2; side++)
            {
              /* Each side first every other run. */
              gboolean full_scan = (side == 0) == (r % 2 == 1);
              gint64   t0;
              double   cpu0, ms, cpu;
              guint    rows;

              if (full_scan && r >= n_scans)
                continue;
              t0 = g_get_monotonic_time ();
              cpu0 = cpu_ms ();
              rows = run_report (store, sections[s], &periods[p], full_scan);
              ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
              cpu = cpu_ms () - cpu0;
              if (last_rows != 0 && rows != last_rows)
                g_error ("%s %s: %u rows from one side, %u from the other",
                         sections[s] != NULL ? sections[s] : "daily_counts", periods[p].name, rows,
                         last_rows);
              last_rows = rows;
              (full_scan ? scanned : rolled)[r] = ms;
              (full_scan ? scanned_cpu : rolled_cpu)[r] = cpu;
              g_print ("  run %d %-12s %-6s %-9s %9.1f ms (CPU %.1f ms)\n", r + 1,
                       sections[s] != NULL ? sections[s] : "daily_counts", periods[p].name,
                       full_scan ? "full scan" : "rollups", ms, cpu);
            }
        sort_runs (rolled, n_runs);
        sort_runs (scanned, n_scans);
        sort_runs (rolled_cpu, n_runs);
        sort_runs (scanned_cpu, n_scans);
        /* Without a scan (--year-scan-runs 0) its columns read 0. */
        n_scans = MAX (n_scans, 1);
        worst = MAX (worst, rolled_cpu[n_runs - 1]);
        g_print ("%-12s %-6s wall %8.1f %8.1f %8.1f    %8.1f %8.1f %8.1f    %8.1f\n",
                 sections[s] != NULL ? sections[s] : "daily_counts", periods[p].name, rolled[0],
                 rolled[n_runs / 2], rolled[n_runs - 1], scanned[0], scanned[n_scans / 2],
                 scanned[n_scans - 1], scanned[n_scans / 2] / rolled[n_runs / 2]);
        g_print ("%-12s %-6s CPU  %8.1f %8.1f %8.1f    %8.1f %8.1f %8.1f    %8.1f\n",
                 sections[s] != NULL ? sections[s] : "daily_counts", periods[p].name, rolled_cpu[0],
                 rolled_cpu[n_runs / 2], rolled_cpu[n_runs - 1], scanned_cpu[0],
                 scanned_cpu[n_scans / 2], scanned_cpu[n_scans - 1],
                 scanned_cpu[n_scans / 2] / rolled_cpu[n_runs / 2]);
      }
  g_print ("\nSlowest report from the rollups: %.1f ms of CPU (target: under 300 ms)\n", worst);

  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    {
      g_date_time_unref (periods[p].from);
      g_date_time_unref (periods[p].to);
      g_date_time_unref (periods[p].before);
    }
  g_clear_object (&store);
  if (store_dir == NULL)
    bench_tmp_dir_remove (dir);
  return worst < 300 ? 0 : 1;
}

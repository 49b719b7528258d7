/* bench-funnel.c — a funnel an evaluator defines, at 1,000,000 events in one month
 *
 *   _build/bench/bench-funnel [--events N] [--runs R]
 *
 * Fills a fresh server store in a temporary directory with N usage events (default
 * 1,000,000) all in June 2026 (Helsinki), 20 kiosks, visits of ten events, generated inside
 * SQLite. Then, alternated and each side first every other run, it times a three-step funnel
 * (guide_view → step_view → search, in order: server_store_funnel_report) against the
 * baseline of the handover report's fixed appointment funnel read from the same events
 * (the full scan, one table), and prints each run, min / median / max and the ratio of the
 * medians. The directory is removed at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-sqlite.h"

#include <glib/gstdio.h>

#include "nv-json-private.h"
#include "nv-sqlite.h"
#include "server-store-funnels.h"
#include "server-store-private.h"
#include "bench-tmp.h"

#define N_KIOSKS 20
#define EVENTS_PER_VISIT 10
#define JUNE_2026 1780272000 /* 2026-06-01T00:00:00Z */

static int n_events = 1000000;
static int n_runs = 5;

/* Visits one after another through June, each on one kiosk, ten events 30 s apart whose
 * kinds vary from visit to visit, so that some go through the funnel in order, some out
 * of order and some not at all. */
static void
fill_events (sqlite3 *db)
{
  g_autofree char *sql = NULL;
  gint64           n_visits = n_events / EVENTS_PER_VISIT;
  double           spacing = 29.0 * 86400.0 / (double) n_visits;

  for (int k = 0; k < N_KIOSKS; k++)
    {
      g_autofree char *kiosk
          = g_strdup_printf ("INSERT INTO kiosks (id, name, municipality, token_hash, created) "
                             "VALUES ('kiosk-%02d', 'Kiosk %d', '564', 'h', 1);",
                             k, k);

      bench_exec_or_die (db, kiosk);
    }
  sql = g_strdup_printf (
      "BEGIN;"
      "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d - 1), "
      "v AS (SELECT i, i / %d AS s, i %% %d AS j FROM n) "
      "INSERT INTO events (id, kiosk, session, time, received, type, subject, language, "
      "text_size, high_contrast, value, detail) "
      "SELECT printf ('%%016x', i), printf ('kiosk-%%02d', s %% %d), "
      "printf ('%%08x-%%04x', (s * 2654435761) %% 4294967296, s %% 65536), "
      "strftime ('%%Y-%%m-%%dT%%H:%%M:%%S.000Z', %d + CAST (s * %f AS INTEGER) + j * 30, "
      "'unixepoch'), '2026-07-01T00:00:00.000Z', "
      "CASE WHEN j = 0 THEN 'session_start' WHEN j = %d - 1 THEN 'session_end' "
      "ELSE CASE (s * 7 + j * 3) %% 11 WHEN 0 THEN 'guide_view' WHEN 1 THEN 'step_view' "
      "WHEN 2 THEN 'step_view' WHEN 3 THEN 'guide_complete' WHEN 4 THEN 'search' "
      "WHEN 5 THEN 'feedback' WHEN 6 THEN 'appointment_started' "
      "WHEN 7 THEN 'appointment_step' WHEN 8 THEN 'organisation_view' "
      "ELSE 'screen_view' END END, "
      "CASE WHEN (s * 7 + j * 3) %% 11 IN (0, 1, 2, 3, 5) THEN 'guide-' || (s %% 60) END, "
      "'fi', 0, 0, CASE WHEN j = %d - 1 THEN 300 ELSE j END, "
      "CASE WHEN j = %d - 1 THEN 'timeout' WHEN (s * 7 + j * 3) %% 11 = 5 THEN 'good' "
      "WHEN (s * 7 + j * 3) %% 11 = 7 THEN 'contact' WHEN (s * 7 + j * 3) %% 11 = 4 "
      "THEN 'kela' END FROM v;"
      "COMMIT;",
      n_events, EVENTS_PER_VISIT, EVENTS_PER_VISIT, N_KIOSKS, JUNE_2026, spacing, EVENTS_PER_VISIT,
      EVENTS_PER_VISIT, EVENTS_PER_VISIT);
  bench_exec_or_die (db, sql);
}

static NvFunnel *
make_funnel (void)
{
  static const NvEventType types[] = { NV_EVENT_GUIDE_VIEW, NV_EVENT_STEP_VIEW, NV_EVENT_SEARCH };
  NvFunnel                *funnel = nv_funnel_new ();

  funnel->name = g_strdup ("Guide, step, search");
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      NvFunnelStep *step = g_new0 (NvFunnelStep, 1);

      step->type = types[i];
      step->value = -1;
      g_ptr_array_add (funnel->steps, step);
    }
  return funnel;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[]
      = { { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events to store (1000000)", "N" },
          { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Runs of each side (5)", "R" },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("— a funnel at a month's events");
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (NvFunnel) funnel = make_funnel ();
  g_autoptr (GDateTime) from = g_date_time_new (nv_helsinki_tz (), 2026, 6, 1, 0, 0, 0);
  g_autoptr (GDateTime) to = g_date_time_new (nv_helsinki_tz (), 2026, 7, 1, 0, 0, 0);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char   *dir = NULL;
  g_autofree double *custom = NULL;
  g_autofree double *fixed = NULL;
  ServerReportQuery  query = { from, to, NULL, 5, now, TRUE };
  gint64             start;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (n_events < EVENTS_PER_VISIT || n_runs < 1)
    g_error ("--events must be at least %d and --runs at least 1", EVENTS_PER_VISIT);
  custom = g_new0 (double, n_runs);
  fixed = g_new0 (double, n_runs);

  dir = bench_tmp_dir_new ("funnel");
  if ((store = server_store_open (dir, NULL, &error)) == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  fill_events (server_store_get_db (store));
  bench_exec_or_die (server_store_get_db (store), "ANALYZE;");
  g_print ("Filled %d events in June 2026 in %.1f s\n\n", n_events,
           (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);

  for (int r = 0; r < n_runs; r++)
    for (int side = 0; side < 2; side++)
      {
        gboolean is_custom = (side == 0) == (r % 2 == 0);
        gint64   t0 = g_get_monotonic_time ();
        g_autoptr (ServerReportTable) table = NULL;
        g_autoptr (GPtrArray) tables = NULL;
        double ms;

        if (is_custom)
          table = server_store_funnel_report (store, funnel, &query, &error);
        else
          tables = server_store_report (store, "handover", "funnel", &query, &error);
        if (table == NULL && tables == NULL)
          g_error ("%s", error->message);
        ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
        (is_custom ? custom : fixed)[r] = ms;
        if (is_custom && r == 0)
          for (guint i = 0; i < table->rows->len; i++)
            {
              GPtrArray *row = g_ptr_array_index (table->rows, i);

              g_print ("  step %s %-12s %s visits (%s %%)\n", (char *) row->pdata[0],
                       (char *) row->pdata[1], (char *) row->pdata[5],
                       row->pdata[6] != NULL ? (char *) row->pdata[6] : "-");
            }
        g_print ("  run %d %-26s %8.1f ms\n", r + 1,
                 is_custom ? "defined funnel" : "fixed appointment funnel", ms);
      }
  qsort (custom, (size_t) n_runs, sizeof (double), (GCompareFunc) compare_doubles);
  qsort (fixed, (size_t) n_runs, sizeof (double), (GCompareFunc) compare_doubles);
  g_print ("\n%-26s %8.1f %8.1f %8.1f ms (min/med/max)\n", "defined funnel", custom[0],
           custom[n_runs / 2], custom[n_runs - 1]);
  g_print ("%-26s %8.1f %8.1f %8.1f ms (min/med/max)\n", "fixed appointment funnel", fixed[0],
           fixed[n_runs / 2], fixed[n_runs - 1]);
  g_print ("defined / fixed: %.2f\n", custom[n_runs / 2] / fixed[n_runs / 2]);

  g_clear_object (&store);
  bench_tmp_dir_remove (dir);
  return 0;
}

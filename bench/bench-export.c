/* bench-export.c — the evaluator export against the sqlite3 shell on the same table
 *
 *   _build/bench/bench-export [--events N]
 *
 * Fills a fresh server store with N usage events (default 1,000,000), then runs, each
 * as its own process writing to a file in the same temporary directory:
 *
 *   baseline:  sqlite3 -csv -header neuvokas.db "SELECT <the stored columns> FROM events
 *              ORDER BY time, seq"   (every row, raw; the export coarsens them)
 *   measured:  neuvokas-server --data-dir DIR export events --format csv
 *              neuvokas-server --data-dir DIR export events --format ndjson
 *
 * and prints rows/s, the ratio to the baseline, and each process's peak resident memory
 * (getrusage's ru_maxrss through wait4). Every output must hold N rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server-store.h"
#include "server-store-events.h"
#include "bench-tmp.h"

extern char **environ;

static int      n_events = 1000000;
static gboolean keep = FALSE;

typedef struct
{
  double seconds;
  double max_rss_mib;
  gint64 lines;
} Run;

static const char *const types[]
    = { "screen_view", "guide_view", "step_view", "search", "organisation_view" };
/* Search details as residents type them: commas, quotes and a leading minus or equals
 * sign all need the CSV writer's care. */
static const char *const queries[]
    = { "kela", "oulun kirjasto", "\"omaolo\"", "-", "=sum", "ääneSKOSKI, haapavesi" };

static void
fill_store (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (dir, NULL, &error);
  g_autoptr (GDateTime) base = g_date_time_new_utc (2026, 1, 1, 6, 0, 0);
  g_autoptr (GPtrArray) sessions = g_ptr_array_new_with_free_func (g_free);

  if (store == NULL)
    g_error ("%s", error->message);
  for (int s = 0; s < 64; s++)
    g_ptr_array_add (sessions, g_uuid_string_random ());
  for (int first = 0; first < n_events; first += 1000)
    {
      g_autoptr (GPtrArray) events
          = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
      g_autofree char *kiosk = g_strdup_printf ("kiosk-%02d", first / 1000 % 20);

      for (int i = first; i < first + 1000 && i < n_events; i++)
        {
          NvEventType type;
          NvEvent    *event;

          nv_event_type_from_string (types[i % G_N_ELEMENTS (types)], &type);
          event = nv_event_new (type, g_ptr_array_index (sessions, i % sessions->len));
          g_date_time_unref (event->time);
          /* One event every 3 seconds: a year of busy kiosks. */
          event->time = g_date_time_add_seconds (base, i * 3.0);
          event->language = (NvLang) (i % 3);
          event->text_size = i % 3;
          event->high_contrast = i % 5 == 0;
          if (type == NV_EVENT_SEARCH)
            {
              event->value = i % 17;
              event->detail = g_strdup (queries[i % G_N_ELEMENTS (queries)]);
            }
          else if (type != NV_EVENT_SCREEN_VIEW)
            {
              event->subject = g_strdup (i % 2 ? "omaolo" : "oulu-main-library");
              event->value = type == NV_EVENT_STEP_VIEW ? 1 + i % 7 : 0;
            }
          else
            event->subject = g_strdup ("home");
          g_ptr_array_add (events, event);
        }
      if (!server_store_insert_events (store, kiosk, events, NULL, &error))
        g_error ("%s", error->message);
    }
  if (server_store_count_events (store) != n_events)
    g_error ("the store holds %" G_GINT64_FORMAT " events, not %d",
             server_store_count_events (store), n_events);
}

/* Read in small blocks, not mapped: the benchmark's own resident memory must stay small,
 * because a spawned process starts with its parent's peak (see run()). */
static gint64
count_lines (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInputStream) input = g_file_read (file, NULL, &error);
  char   block[65536];
  gssize n;
  gint64 lines = 0;

  if (input == NULL)
    g_error ("%s", error->message);
  while ((n = g_input_stream_read (G_INPUT_STREAM (input), block, sizeof block, NULL, &error)) > 0)
    for (const char *p = block; (p = memchr (p, '\n', block + n - p)) != NULL; p++)
      lines++;
  if (n < 0)
    g_error ("%s", error->message);
  return lines;
}

static double
own_peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* Runs @argv with stdout to @output: its wall time and peak RSS. Linux keeps a process's
 * peak across fork and exec, so a child's figure is at least its parent's resident size
 * when it was spawned; main() keeps that small and prints it. */
static Run
run (const char *const *argv, const char *output)
{
  posix_spawn_file_actions_t actions;
  struct rusage              usage;
  Run                        result = { 0 };
  gint64                     start;
  pid_t                      pid;
  int                        status;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, output, O_WRONLY | O_CREAT | O_TRUNC,
                                    0600);
  start = g_get_monotonic_time ();
  if ((errno = posix_spawn (&pid, argv[0], &actions, NULL, (char **) argv, environ)) != 0)
    g_error ("cannot run %s: %s", argv[0], g_strerror (errno));
  posix_spawn_file_actions_destroy (&actions);
  if (wait4 (pid, &status, 0, &usage) != pid)
    g_error ("wait4: %s", g_strerror (errno));
  result.seconds = (g_get_monotonic_time () - start) / 1e6;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed (status %d)", argv[0], status);
  result.max_rss_mib = usage.ru_maxrss / 1024.0; /* ru_maxrss is in KiB on Linux */
  result.lines = count_lines (output);
  return result;
}

static void
report (const char *label, Run measured, gint64 expected_lines, double baseline_rate)
{
  double rate = n_events / measured.seconds;

  if (measured.lines != expected_lines)
    g_error ("%s wrote %" G_GINT64_FORMAT " lines, not %" G_GINT64_FORMAT, label, measured.lines,
             expected_lines);
  g_print ("%-34s %10.0f rows/s  %6.2f s  peak RSS %6.1f MiB", label, rate, measured.seconds,
           measured.max_rss_mib);
  if (baseline_rate > 0)
    g_print ("  ratio %.2f", rate / baseline_rate);
  g_print ("\n");
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[]
      = { { "events", 0, 0, G_OPTION_ARG_INT, &n_events, "Events in the store", "N" },
          { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the store and print where it is", NULL },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("- export benchmark");
  g_autofree char *dir = bench_tmp_dir_new ("export");
  g_autofree char *db = g_build_filename (dir, "neuvokas.db", NULL);
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  g_autofree char *baseline_out = g_build_filename (dir, "sqlite3.csv", NULL);
  g_autofree char *csv_out = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *ndjson_out = g_build_filename (dir, "export.ndjson", NULL);
  g_autoptr (GString) query = g_string_new ("SELECT ");
  Run    baseline, csv, ndjson;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || n_events < 1)
    return 2;
  if (sqlite3 == NULL)
    {
      g_printerr ("bench-export: the sqlite3 shell is needed for the baseline "
                  "(apt-get install sqlite3)\n");
      return 1;
    }
  for (int i = 0; i < SERVER_EVENT_N_COLUMNS; i++)
    g_string_append_printf (query, "%s%s", i ? ", " : "", server_event_columns[i]);
  g_string_append (query, " FROM events ORDER BY time, seq");

  /* Filled by a child process, so this one stays small (see run()). */
  start = g_get_monotonic_time ();
  {
    pid_t pid = fork ();
    int   status;

    if (pid == 0)
      {
        fill_store (dir);
        _exit (0);
      }
    if (pid < 0 || waitpid (pid, &status, 0) != pid || !WIFEXITED (status)
        || WEXITSTATUS (status) != 0)
      g_error ("filling the store failed");
  }
  g_print ("store: %d events, filled in %.1f s\n", n_events,
           (g_get_monotonic_time () - start) / 1e6);
  g_print ("this benchmark's own peak RSS: %.1f MiB (a floor for the figures below)\n",
           own_peak_rss_mib ());

  {
    const char *baseline_argv[] = { sqlite3, "-csv", "-header", db, query->str, NULL };
    const char *csv_argv[]
        = { NEUVOKAS_SERVER_EXE, "--data-dir", dir, "export", "events", "--format", "csv", NULL };
    const char *ndjson_argv[] = { NEUVOKAS_SERVER_EXE, "--data-dir", dir, "export", "events",
                                  "--format",          "ndjson",     NULL };

    baseline = run (baseline_argv, baseline_out);
    csv = run (csv_argv, csv_out);
    ndjson = run (ndjson_argv, ndjson_out);
  }
  report ("sqlite3 -csv (baseline)", baseline, n_events + 1, 0);
  report ("neuvokas-server export csv", csv, n_events + 1, n_events / baseline.seconds);
  report ("neuvokas-server export ndjson", ndjson, n_events, n_events / baseline.seconds);

  if (keep)
    {
      bench_tmp_dir_keep (dir);
      g_print ("kept: %s\n", dir);
      return 0;
    }
  bench_tmp_dir_remove (dir);
  return 0;
}

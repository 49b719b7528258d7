/* bench-tmp.h — a benchmark's folder under the temporary directory, never left behind
 *
 * A run that ends removes its folder itself (bench_tmp_dir_remove ()). One that is
 * stopped first cannot do it in its own code: Ctrl+C or a timeout's SIGTERM in the middle
 * of a fill of 10 million events, or a SIGKILL. So:
 *
 * - on SIGINT, SIGTERM or SIGHUP the run removes its folder (a child `rm -rf`, started
 *   with fork () and exec (), which a signal handler may call) and then dies of the
 *   signal as it would have;
 * - each folder holds its run's process id, and every benchmark, as it makes its own
 *   folder, removes the folders of runs whose process is gone (what a SIGKILL left).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nv-test-util.h"

#define BENCH_TMP_PREFIX "neuvokas-bench-"
#define BENCH_TMP_PID_FILE "bench.pid"

/* The folder of this run, for the signal handler: written once, before it is installed. */
static char bench_tmp_current[4096];

static inline void
bench_tmp_on_signal (int signum)
{
  int   saved_errno = errno;
  pid_t child = fork ();

  if (child == 0)
    {
      execlp ("rm", "rm", "-rf", "--", bench_tmp_current, (char *) NULL);
      _exit (127);
    }
  if (child > 0)
    waitpid (child, NULL, 0);
  errno = saved_errno;
  signal (signum, SIG_DFL);
  raise (signum);
}

/* Whether @dir was made by a run that is gone: its pid file names a process that no
 * longer exists. A folder without one (another program's, or one being made) is left. */
static inline gboolean
bench_tmp_orphaned (const char *dir)
{
  g_autofree char *pid_file = g_build_filename (dir, BENCH_TMP_PID_FILE, NULL);
  g_autofree char *text = NULL;
  gint64           pid;

  if (!g_file_get_contents (pid_file, &text, NULL, NULL))
    return FALSE;
  pid = g_ascii_strtoll (text, NULL, 10);
  return pid > 0 && pid <= G_MAXINT && kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

/* Removes what earlier runs that were killed left under the temporary directory. */
static inline void
bench_tmp_sweep (void)
{
  g_autoptr (GDir) tmp = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;

  while (tmp != NULL && (name = g_dir_read_name (tmp)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, BENCH_TMP_PREFIX))
        continue;
      path = g_build_filename (g_get_tmp_dir (), name, NULL);
      if (bench_tmp_orphaned (path))
        {
          g_printerr ("removing %s, left by a benchmark that was killed\n", path);
          nv_test_rm_rf (path);
        }
    }
}

/* A new folder `neuvokas-bench-@name-XXXXXX` under the temporary directory, removed
 * however the run ends; give it back with bench_tmp_dir_remove (). One a run. */
static inline char *
bench_tmp_dir_new (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *template = g_strconcat (BENCH_TMP_PREFIX, name, "-XXXXXX", NULL);
  g_autofree char *pid_file = NULL;
  g_autofree char *pid = g_strdup_printf ("%ld\n", (long) getpid ());
  char            *dir;
  struct sigaction action = { 0 };

  bench_tmp_sweep ();
  if ((dir = g_dir_make_tmp (template, &error)) == NULL)
    g_error ("Cannot make a temporary folder: %s", error->message);
  if (strlen (dir) >= sizeof bench_tmp_current)
    g_error ("The temporary folder's name is too long: %s", dir);
  pid_file = g_build_filename (dir, BENCH_TMP_PID_FILE, NULL);
  if (!g_file_set_contents (pid_file, pid, -1, &error))
    g_error ("Cannot write %s: %s", pid_file, error->message);

  g_strlcpy (bench_tmp_current, dir, sizeof bench_tmp_current);
  action.sa_handler = bench_tmp_on_signal;
  sigemptyset (&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGHUP, &action, NULL);
  return dir;
}

/* Keeps the run's folder for whoever asked (--keep): no longer this run's, so neither a
 * signal nor a later run's sweep removes it. */
static inline void
bench_tmp_dir_keep (const char *dir)
{
  g_autofree char *pid_file = g_build_filename (dir, BENCH_TMP_PID_FILE, NULL);

  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
  bench_tmp_current[0] = '\0';
  g_unlink (pid_file);
}

/* Removes the run's folder; a signal from now on only ends the run. */
static inline void
bench_tmp_dir_remove (const char *dir)
{
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
  bench_tmp_current[0] = '\0';
  nv_test_rm_rf (dir);
}

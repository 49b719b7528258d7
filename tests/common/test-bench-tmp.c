/* test-bench-tmp.c — a benchmark leaves nothing under the temporary directory
 *
 * bench/bench-tmp.h: a run stopped by SIGINT or SIGTERM removes its folder as it dies; what
 * a SIGKILL leaves is removed by the next run; a folder kept on purpose is left alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/wait.h>

#include "bench-tmp.h"

typedef enum
{
  END_SIGNAL,
  END_KEEP,
} End;

/* A run in a child: makes its folder, puts a file in it, tells the parent the folder's
 * name through @pipe_fd, then waits for @signum or keeps its folder and exits. */
static pid_t
start_run (End end, int *out_fd)
{
  int   fds[2];
  pid_t child;

  g_assert_cmpint (pipe (fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      g_autofree char *dir = bench_tmp_dir_new ("test");
      g_autofree char *file = g_build_filename (dir, "store.db", NULL);
      g_autofree char *line = g_strconcat (dir, "\n", NULL);

      close (fds[0]);
      g_file_set_contents (file, "data", -1, NULL);
      if (end == END_KEEP)
        bench_tmp_dir_keep (dir);
      if (write (fds[1], line, strlen (line)) < 0)
        _exit (2);
      close (fds[1]);
      if (end == END_KEEP)
        _exit (0);
      for (;;)
        pause ();
    }
  close (fds[1]);
  *out_fd = fds[0];
  return child;
}

static char *
read_dir (int fd)
{
  GString *line = g_string_new (NULL);
  char     c;

  while (read (fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (line, c);
  close (fd);
  g_assert_cmpuint (line->len, >, 0);
  return g_string_free (line, FALSE);
}

static void
test_signal_removes (gconstpointer data)
{
  int              signum = GPOINTER_TO_INT (data);
  int              fd;
  int              status;
  pid_t            child = start_run (END_SIGNAL, &fd);
  g_autofree char *dir = read_dir (fd);

  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  kill (child, signum);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  /* It still dies of the signal, as whoever sent it expects. */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, signum);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_killed_swept_by_next_run (void)
{
  int              fd;
  pid_t            child = start_run (END_SIGNAL, &fd);
  g_autofree char *dir = read_dir (fd);
  g_autofree char *mine = NULL;

  kill (child, SIGKILL);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  mine = bench_tmp_dir_new ("test");
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (mine, G_FILE_TEST_IS_DIR));
  bench_tmp_dir_remove (mine);
  g_assert_false (g_file_test (mine, G_FILE_TEST_EXISTS));
}

/* A live run's folder, a kept one and a folder of another program with the prefix are
 * left alone by the sweep. */
static void
test_sweep_leaves_the_living_and_the_kept (void)
{
  int              live_fd;
  int              kept_fd;
  pid_t            live = start_run (END_SIGNAL, &live_fd);
  pid_t            kept = start_run (END_KEEP, &kept_fd);
  g_autofree char *live_dir = read_dir (live_fd);
  g_autofree char *kept_dir = read_dir (kept_fd);
  g_autofree char *other = g_dir_make_tmp (BENCH_TMP_PREFIX "other-XXXXXX", NULL);

  g_assert_cmpint (waitpid (kept, NULL, 0), ==, kept);
  bench_tmp_sweep ();
  g_assert_true (g_file_test (live_dir, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (kept_dir, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_DIR));

  kill (live, SIGTERM);
  g_assert_cmpint (waitpid (live, NULL, 0), ==, live);
  g_assert_false (g_file_test (live_dir, G_FILE_TEST_EXISTS));
  nv_test_rm_rf (kept_dir);
  nv_test_rm_rf (other);
}

int
main (int argc, char *argv[])
{
  /* Its own temporary directory, so that the sweep sees only this test's runs: set before
   * anything asks GLib for the temporary directory, which it reads once. */
  char tmp[] = "/tmp/neuvokas-test-bench-tmp-XXXXXX";

  g_assert_nonnull (mkdtemp (tmp));
  g_setenv ("TMPDIR", tmp, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_tmp_dir (), ==, tmp);
  g_test_add_data_func ("/bench-tmp/sigint-removes", GINT_TO_POINTER (SIGINT), test_signal_removes);
  g_test_add_data_func ("/bench-tmp/sigterm-removes", GINT_TO_POINTER (SIGTERM),
                        test_signal_removes);
  g_test_add_func ("/bench-tmp/killed-swept-by-next-run", test_killed_swept_by_next_run);
  g_test_add_func ("/bench-tmp/sweep-leaves-living-and-kept",
                   test_sweep_leaves_the_living_and_the_kept);

  int status = g_test_run ();

  nv_test_rm_rf (tmp);
  return status;
}

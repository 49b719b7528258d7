/* test-kiosk-faults.c — SIGKILL the kiosk and the server at random moments of sync
 *
 * A headless kiosk (kiosk-outbox-driver) creates events and syncs back to back
 * against a real neuvokas-server. The test kills one or both with SIGKILL at random
 * moments, restarts them, and at the end lets the kiosk empty its outbox. Then every
 * event the kiosk committed must be on the server exactly once. The only events
 * allowed to be missing are ones whose id was logged but whose commit a kill
 * prevented: the last id before a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>

#include "nv-test-util.h"

/* 120 rounds in the suite (about 8 s); NEUVOKAS_FAULT_ROUNDS asks for a longer run. */
#define DEFAULT_ROUNDS 120

typedef struct
{
  char        *dir;
  char        *server_dir;
  char        *kiosk_dir;
  char        *log;
  char        *listen;
  char        *url;
  char        *token;
  GSubprocess *server;
  GSubprocess *kiosk;
} Faults;

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

static void
start_server (Faults *faults)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  const char *argv[] = { g_getenv ("NEUVOKAS_SERVER"),
                         "--data-dir",
                         faults->server_dir,
                         "serve",
                         "--listen",
                         faults->listen,
                         "--content-dir",
                         seed,
                         NULL };

  faults->server = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (faults->server));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &line);
  nv_test_wait_until (NULL, line != NULL, 10000);
  g_assert_nonnull (strstr (line, "http://"));
  if (faults->url == NULL)
    {
      /* The first start picks a free port; restarts come back on the same one. */
      faults->url = g_strdup (strstr (line, "http://"));
      g_free (faults->listen);
      faults->listen = g_strndup (faults->url + strlen ("http://"),
                                  strlen (faults->url) - strlen ("http://") - 1);
    }
}

static void
start_kiosk (Faults *faults, gboolean finish)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *driver
      = g_test_build_filename (G_TEST_BUILT, "app", "kiosk-outbox-driver", NULL);
  const char *argv[]
      = { driver,    "--data-dir",  faults->kiosk_dir, "--server",  faults->url,
          "--token", faults->token, "--log",           faults->log, finish ? "--finish" : NULL,
          NULL };

  faults->kiosk = nv_test_spawnv (G_SUBPROCESS_FLAGS_NONE, argv, &error);
  g_assert_no_error (error);
}

static void
kill_and_reap (GSubprocess **process)
{
  g_subprocess_send_signal (*process, SIGKILL);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

static char *
run_cli (Faults *faults, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char       *out = NULL;
  const char *arg;
  va_list     ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("NEUVOKAS_SERVER"));
  g_ptr_array_add (args, "--data-dir");
  g_ptr_array_add (args, faults->server_dir);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  process = g_subprocess_newv ((const char *const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return out;
}

static gboolean
fire_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
exited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
test_kill_during_sync (void)
{
  Faults           faults = { NULL };
  g_autofree char *added = NULL;
  g_autofree char *log = NULL;
  g_auto (GStrv) log_lines = NULL;
  g_autoptr (GHashTable) on_server = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) logged = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GRand) rand = g_rand_new ();
  guint       kiosk_kills = 0, server_kills = 0, rows = 0, missing = 0, logged_events = 0;
  guint64     rounds = DEFAULT_ROUNDS;
  const char *wanted = g_getenv ("NEUVOKAS_FAULT_ROUNDS");
  gboolean    finished = FALSE;

  if (wanted != NULL)
    g_assert_true (g_ascii_string_to_unsigned (wanted, 10, 100, 1000000, &rounds, NULL));
  faults.dir = nv_test_make_tmpdir ();
  faults.server_dir = g_build_filename (faults.dir, "server", NULL);
  faults.kiosk_dir = g_build_filename (faults.dir, "kiosk", NULL);
  faults.log = g_build_filename (faults.dir, "created.log", NULL);
  faults.listen = g_strdup ("127.0.0.1:0");
  g_mkdir (faults.kiosk_dir, 0700);

  start_server (&faults);
  added = run_cli (&faults, "kiosk", "add", "--name", "Fault test", "--municipality", "564", NULL);
  faults.token = g_strndup (strstr (added, "nvk_"), strcspn (strstr (added, "nvk_"), "\n"));
  start_kiosk (&faults, FALSE);

  for (guint64 round = 0; round < rounds; round++)
    {
      gboolean fired = FALSE;
      guint    victim = g_rand_int_range (rand, 0, 10);

      /* A random moment: the kiosk is creating, pushing or pulling all the time. */
      g_timeout_add (g_rand_int_range (rand, 5, 80), fire_cb, &fired);
      nv_test_wait_until (NULL, fired, 5000);

      if (victim < 5 || victim == 9)
        {
          kill_and_reap (&faults.kiosk);
          kiosk_kills++;
        }
      if (victim >= 5)
        {
          kill_and_reap (&faults.server);
          server_kills++;
          start_server (&faults);
        }
      if (faults.kiosk == NULL)
        start_kiosk (&faults, FALSE);
    }
  g_test_message ("killed the kiosk %u times and the server %u times", kiosk_kills, server_kills);
  g_assert_cmpuint (kiosk_kills + server_kills, >=, 100);

  /* Stop creating; let the kiosk deliver everything it has. */
  kill_and_reap (&faults.kiosk);
  kiosk_kills++;
  start_kiosk (&faults, TRUE);
  g_subprocess_wait_async (faults.kiosk, NULL, exited_cb, &finished);
  nv_test_wait_until (NULL, finished, 120000);
  g_assert_cmpint (g_subprocess_get_exit_status (faults.kiosk), ==, 0);
  g_clear_object (&faults.kiosk);

  /* Read from the server's store itself: the evaluators' export carries no event ids. */
  {
    g_autofree char *db_path = g_build_filename (faults.server_dir, "neuvokas.db", NULL);
    sqlite3         *db = NULL;
    sqlite3_stmt    *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM events", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        /* exactly once */
        g_assert_true (
            g_hash_table_add (on_server, g_strdup ((const char *) sqlite3_column_text (stmt, 0))));
        rows++;
      }
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  g_assert_true (g_file_get_contents (faults.log, &log, NULL, NULL));
  log_lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; log_lines[i] != NULL && log_lines[i][0] != '\0'; i++)
    {
      const char *line = log_lines[i];
      const char *next = log_lines[i + 1];

      if (g_str_equal (line, "start") || g_str_equal (line, "finish"))
        continue;
      logged_events++;
      g_hash_table_add (logged, (gpointer) line);
      if (!g_hash_table_contains (on_server, line))
        {
          /* Only a kill between logging an id and committing it may lose it. */
          if (next == NULL || (!g_str_equal (next, "start") && !g_str_equal (next, "finish")))
            g_error ("event %s was created but never reached the server", line);
          missing++;
        }
    }
  /* Nothing on the server that the kiosk did not create. */
  {
    GHashTableIter iter;
    gpointer       id;

    g_hash_table_iter_init (&iter, on_server);
    while (g_hash_table_iter_next (&iter, &id, NULL))
      g_assert_true (g_hash_table_contains (logged, id));
  }
  g_test_message ("%u events created, %u on the server, %u never committed", logged_events, rows,
                  missing);
  g_assert_cmpuint (rows, >, 100);
  g_assert_cmpuint (missing, <=, kiosk_kills);

  kill_and_reap (&faults.server);
  nv_test_rm_rf (faults.dir);
  g_free (faults.dir);
  g_free (faults.server_dir);
  g_free (faults.kiosk_dir);
  g_free (faults.log);
  g_free (faults.listen);
  g_free (faults.url);
  g_free (faults.token);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk-faults/kill-during-sync", test_kill_during_sync);

  return g_test_run ();
}

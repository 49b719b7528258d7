/* test-kiosk-faults.c — SIGKILL the kiosk and the server at random moments of sync
 *
 * Headless kiosks (kiosk-outbox-driver) create events and appointment requests and sync
 * back to back against a real neuvokas-server. The test kills a kiosk, the server or
 * both with SIGKILL at random moments, restarts them, and at the end lets each kiosk
 * empty its outboxes. Then every event and request a kiosk committed must be on the
 * server exactly once, and no database may be damaged. The only ones allowed to be
 * missing are those whose id was logged but whose commit a kill prevented: the last
 * line of a kiosk's log before a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>

#include "nv-sqlite.h"
#include "nv-test-cli.h"
#include "nv-test-util.h"

/* 120 rounds with two kiosks in the suite (seconds); NEUVOKAS_FAULT_ROUNDS and
 * NEUVOKAS_FAULT_KIOSKS ask for a longer run (build-aux/kill-soak, docs/faults.md). */
#define DEFAULT_ROUNDS 120
#define DEFAULT_KIOSKS 2

/* One headless kiosk: its own store, token and log of what it created. */
typedef struct
{
  char        *dir;
  char        *log;
  char        *token;
  GSubprocess *process;
} Kiosk;

typedef struct
{
  char        *dir;
  char        *server_dir;
  char        *listen;
  char        *url;
  GSubprocess *server;
  GArray      *kiosks; /* of Kiosk */
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
start_kiosk (Faults *faults, Kiosk *kiosk, gboolean finish)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *driver
      = g_test_build_filename (G_TEST_BUILT, "app", "kiosk-outbox-driver", NULL);
  const char *argv[]
      = { driver,    "--data-dir", kiosk->dir, "--server", faults->url,
          "--token", kiosk->token, "--log",    kiosk->log, finish ? "--finish" : NULL,
          NULL };

  kiosk->process = nv_test_spawnv (G_SUBPROCESS_FLAGS_NONE, argv, &error);
  g_assert_no_error (error);
}

static void
kill_and_reap (GSubprocess **process)
{
  g_subprocess_send_signal (*process, SIGKILL);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
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
  (*(guint *) user_data)++;
}

/* Reads the ids a kiosk's log holds (@prefix: "" for events, "request " for requests)
 * and checks each against @on_server: there, or lost only to a kill between logging it
 * and committing it (the line before a "start" or "finish"). Adds them to @logged;
 * returns how many were lost. */
static guint
check_log (
    const char *log, const char *prefix, GHashTable *on_server, GHashTable *logged, guint *n_logged)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  guint missing = 0;

  g_assert_true (g_file_get_contents (log, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *next = lines[i + 1];
      const char *id;

      if (g_str_equal (lines[i], "start") || g_str_equal (lines[i], "finish"))
        continue;
      if (prefix[0] == '\0' ? strchr (lines[i], ' ') != NULL : !g_str_has_prefix (lines[i], prefix))
        continue;
      id = lines[i] + strlen (prefix);
      (*n_logged)++;
      g_hash_table_add (logged, g_strdup (id));
      if (!g_hash_table_contains (on_server, id))
        {
          if (next == NULL || (!g_str_equal (next, "start") && !g_str_equal (next, "finish")))
            g_error ("%s%s was created but never reached the server", prefix, id);
          missing++;
        }
    }
  return missing;
}

/* Nothing on the server that no kiosk created. */
static void
assert_all_created (GHashTable *on_server, GHashTable *logged)
{
  GHashTableIter iter;
  gpointer       id;

  g_hash_table_iter_init (&iter, on_server);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_assert_true (g_hash_table_contains (logged, id));
}

/* No kill left a damaged database behind. */
static void
assert_intact (const char *path)
{
  g_autoptr (sqlite3) db = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
}

static guint64
env_number (const char *name, guint64 fallback, guint64 min, guint64 max)
{
  const char *wanted = g_getenv (name);
  guint64     value = fallback;

  if (wanted != NULL)
    g_assert_true (g_ascii_string_to_unsigned (wanted, 10, min, max, &value, NULL));
  return value;
}

static void
test_kill_during_sync (void)
{
  Faults           faults = { NULL };
  g_autofree char *listed = NULL;
  g_autofree char *server_db = NULL;
  g_auto (GStrv) list_lines = NULL;
  g_autoptr (GHashTable) events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) logged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GRand) rand = g_rand_new ();
  guint64 rounds = env_number ("NEUVOKAS_FAULT_ROUNDS", DEFAULT_ROUNDS, 100, 1000000);
  guint   n_kiosks = (guint) env_number ("NEUVOKAS_FAULT_KIOSKS", DEFAULT_KIOSKS, 1, 32);
  guint   kiosk_kills = 0, server_kills = 0, finished = 0;
  guint   logged_events = 0, logged_requests = 0, missing_events = 0, missing_requests = 0;
  gint64  started = g_get_monotonic_time ();

  faults.dir = nv_test_make_tmpdir ();
  faults.server_dir = g_build_filename (faults.dir, "server", NULL);
  faults.listen = g_strdup ("127.0.0.1:0");
  faults.kiosks = g_array_new (FALSE, TRUE, sizeof (Kiosk));
  start_server (&faults);
  for (guint i = 0; i < n_kiosks; i++)
    {
      g_autofree char *name = g_strdup_printf ("Fault test %u", i);
      Kiosk            kiosk = { NULL };

      kiosk.dir = g_strdup_printf ("%s/kiosk-%u", faults.dir, i);
      kiosk.log = g_strdup_printf ("%s/created-%u.log", faults.dir, i);
      kiosk.token = nv_test_cli_add_kiosk (faults.server_dir, name);
      g_mkdir (kiosk.dir, 0700);
      g_array_append_val (faults.kiosks, kiosk);
      start_kiosk (&faults, &g_array_index (faults.kiosks, Kiosk, i), FALSE);
    }

  for (guint64 round = 0; round < rounds; round++)
    {
      Kiosk   *kiosk = &g_array_index (faults.kiosks, Kiosk, g_rand_int_range (rand, 0, n_kiosks));
      gboolean fired = FALSE;
      guint    victim = g_rand_int_range (rand, 0, 10);

      /* A random moment: the kiosks are creating, pushing or pulling all the time. */
      g_timeout_add (g_rand_int_range (rand, 5, 80), fire_cb, &fired);
      nv_test_wait_until (NULL, fired, 5000);

      if (victim < 5 || victim == 9)
        {
          kill_and_reap (&kiosk->process);
          kiosk_kills++;
        }
      if (victim >= 5)
        {
          kill_and_reap (&faults.server);
          server_kills++;
          start_server (&faults);
        }
      if (kiosk->process == NULL)
        start_kiosk (&faults, kiosk, FALSE);
    }
  g_assert_cmpuint (kiosk_kills + server_kills, >=, rounds);

  /* Stop creating; let each kiosk deliver everything it has. */
  for (guint i = 0; i < n_kiosks; i++)
    {
      Kiosk *kiosk = &g_array_index (faults.kiosks, Kiosk, i);

      kill_and_reap (&kiosk->process);
      kiosk_kills++;
      start_kiosk (&faults, kiosk, TRUE);
      g_subprocess_wait_async (kiosk->process, NULL, exited_cb, &finished);
    }
  nv_test_wait_until (NULL, finished == n_kiosks, MAX (120000, rounds * 100));
  for (guint i = 0; i < n_kiosks; i++)
    {
      Kiosk *kiosk = &g_array_index (faults.kiosks, Kiosk, i);

      g_assert_cmpint (g_subprocess_get_exit_status (kiosk->process), ==, 0);
      g_clear_object (&kiosk->process);
    }
  kill_and_reap (&faults.server);

  /* Each on the server exactly once (the store's ids are unique). */
  {
    GHashTable *ids = nv_test_server_event_ids (faults.server_dir, NULL);

    g_hash_table_unref (events);
    events = ids;
  }
  listed = nv_test_cli_run (faults.server_dir, "appointment", "list", "--all", NULL);
  list_lines = g_strsplit (listed, "\n", -1);
  for (guint i = 0; list_lines[i] != NULL; i++)
    if (g_str_has_prefix (list_lines[i], "  Id: "))
      g_assert_true (g_hash_table_add (requests, g_strdup (list_lines[i] + strlen ("  Id: "))));

  for (guint i = 0; i < n_kiosks; i++)
    {
      Kiosk           *kiosk = &g_array_index (faults.kiosks, Kiosk, i);
      g_autofree char *kiosk_db = g_build_filename (kiosk->dir, "kiosk.db", NULL);

      missing_events += check_log (kiosk->log, "", events, logged, &logged_events);
      missing_requests += check_log (kiosk->log, "request ", requests, logged, &logged_requests);
      assert_intact (kiosk_db);
    }
  assert_all_created (events, logged);
  assert_all_created (requests, logged);
  server_db = g_build_filename (faults.server_dir, "neuvokas.db", NULL);
  assert_intact (server_db);

  g_test_message ("%u kiosks, %" G_GUINT64_FORMAT " rounds in %.0f s: killed a kiosk %u times "
                  "and the server %u times; events: %u created, %u on the server, %u never "
                  "committed; requests: %u created, %u on the server, %u never committed; "
                  "duplicates: 0; damaged databases: 0",
                  n_kiosks, rounds, (g_get_monotonic_time () - started) / 1e6, kiosk_kills,
                  server_kills, logged_events, g_hash_table_size (events), missing_events,
                  logged_requests, g_hash_table_size (requests), missing_requests);
  g_assert_cmpuint (g_hash_table_size (events), >, 100);
  g_assert_cmpuint (g_hash_table_size (requests), >, 0);
  g_assert_cmpuint (missing_events + missing_requests, <=, kiosk_kills);

  nv_test_rm_rf (faults.dir);
  for (guint i = 0; i < n_kiosks; i++)
    {
      Kiosk *kiosk = &g_array_index (faults.kiosks, Kiosk, i);

      g_free (kiosk->dir);
      g_free (kiosk->log);
      g_free (kiosk->token);
    }
  g_array_unref (faults.kiosks);
  g_free (faults.dir);
  g_free (faults.server_dir);
  g_free (faults.listen);
  g_free (faults.url);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk-faults/kill-during-sync", test_kill_during_sync);

  return g_test_run ();
}

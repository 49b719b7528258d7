/* test-kiosk-sync.c — the kiosk syncing from a real neuvokas-server process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "kiosk-sync.h"
#include "nv-test-util.h"

typedef struct
{
  char        *dir;
  char        *server_dir;
  GSubprocess *server;
  char        *url;
  KioskStore  *store;
} Fixture;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->server_dir = g_build_filename (fixture->dir, "server", NULL);
  fixture->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      g_getenv ("NEUVOKAS_SERVER"),
                                      "--data-dir", fixture->server_dir, "serve",
                                      "--listen", "127.0.0.1:0", "--content-dir", seed, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &line);
  nv_test_wait_until (NULL, line != NULL, 10000);
  g_assert_nonnull (strstr (line, "http://"));
  fixture->url = g_strdup (strstr (line, "http://"));

  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_subprocess_force_exit (fixture->server);
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_clear_object (&fixture->server);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->server_dir);
  g_free (fixture->url);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  gboolean changed;
  GError  *error;
} SyncResult;

static void
sync_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SyncResult *sync = user_data;

  sync->ok = kiosk_sync_run_finish (KIOSK_SYNC (source), result, &sync->changed, &sync->error);
  sync->done = TRUE;
}

static void
run_sync (KioskSync  *sync,
          SyncResult *result)
{
  *result = (SyncResult) { FALSE, FALSE, FALSE, NULL };
  kiosk_sync_run_async (sync, NULL, sync_cb, result);
  nv_test_wait_until (NULL, result->done, 20000);
}

static void
test_sync_then_not_modified (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url);
  SyncResult result;

  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_true (result.changed);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 2);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==, 2);
  g_assert_cmpint (kiosk_sync_get_state (sync), ==, KIOSK_SYNC_IDLE);
  g_assert_cmpint (kiosk_sync_get_last_success (sync), >, 0);

  run_sync (sync, &result);
  g_assert_true (result.ok);
  g_assert_false (result.changed);
}

static void
test_server_gone (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url);
  SyncResult result;

  run_sync (sync, &result);
  g_assert_true (result.ok);

  /* The server dies without a word: the kiosk keeps everything it has. */
  g_subprocess_send_signal (fixture->server, SIGKILL);
  g_subprocess_wait (fixture->server, NULL, NULL);
  run_sync (sync, &result);
  g_assert_false (result.ok);
  g_assert_nonnull (result.error);
  g_clear_error (&result.error);
  g_assert_cmpint (kiosk_sync_get_state (sync), ==, KIOSK_SYNC_FAILED);
  g_assert_nonnull (kiosk_sync_get_last_error (sync));
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 2);
}

static void
test_unreachable_from_start (Fixture       *fixture,
                             gconstpointer  data)
{
  /* Port 1 on loopback: nobody listens there. */
  g_autoptr(KioskSync) sync = kiosk_sync_new (fixture->store, "http://127.0.0.1:1/");
  SyncResult result;

  run_sync (sync, &result);
  g_assert_false (result.ok);
  g_assert_true (g_str_has_prefix (result.error->message, "Cannot reach the server"));
  g_clear_error (&result.error);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-sync/sync-then-not-modified", test_sync_then_not_modified);
  ADD ("/kiosk-sync/server-gone", test_server_gone);
  ADD ("/kiosk-sync/unreachable-from-start", test_unreachable_from_start);
#undef ADD

  return g_test_run ();
}

/* test-kiosk-deploy.c — a kiosk against a server as a county deploys it
 *
 * The real neuvokas-server program: over HTTPS, with a certificate the kiosk trusts or
 * not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "kiosk-sync.h"
#include "kiosk-window-private.h"
#include "nv-test-tls.h"
#include "nv-test-util.h"

typedef struct
{
  char        *dir;
  char        *server_dir;
  GSubprocess *server;
  char        *url;
  char        *token;
  KioskStore  *store;
  NvTestTls    tls;
} Fixture;

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

/* Runs `neuvokas-server --data-dir SERVER_DIR @args…` to its end; returns its output. */
static char *
run_cli (Fixture *fixture, int *status, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char       *out = NULL;
  const char *arg;
  va_list     ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("NEUVOKAS_SERVER"));
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, fixture->server_dir);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  process = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                            (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  return out;
}

/* `kiosk add`, then the token line of its output. */
static char *
register_kiosk (Fixture *fixture)
{
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status;

  out = run_cli (fixture, &status, "kiosk", "add", "--name", "Test kiosk", "--municipality", "564",
                 NULL);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "nvk_"))
      return g_strdup (lines[i]);
  g_error ("kiosk add printed no token: %s", out);
}

/* (Re)starts the server on the fixture's data directory, on a free port, over HTTPS. */
static void
start_server (Fixture *fixture)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  const char      *argv[] = { g_getenv ("NEUVOKAS_SERVER"),
                              "--data-dir",
                              fixture->server_dir,
                              "serve",
                              "--listen",
                              "127.0.0.1:0",
                              "--content-dir",
                              seed,
                              "--tls-certificate",
                              fixture->tls.certificate,
                              "--tls-key",
                              fixture->tls.key,
                              NULL };
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  g_clear_object (&fixture->server);
  fixture->server = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &line);
  nv_test_wait_until (NULL, line != NULL, 10000);
  g_assert_nonnull (strstr (line, "https://127.0.0.1:"));
  g_free (fixture->url);
  fixture->url = g_strdup (strstr (line, "https://"));
}

static void
stop_server (Fixture *fixture)
{
  if (fixture->server == NULL)
    return;
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_clear_object (&fixture->server);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  nv_test_tls_make (&fixture->tls);
  fixture->dir = nv_test_make_tmpdir ();
  fixture->server_dir = g_build_filename (fixture->dir, "server", NULL);
  start_server (fixture);
  fixture->token = register_kiosk (fixture);
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  stop_server (fixture);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  nv_test_tls_clear (&fixture->tls);
  g_free (fixture->dir);
  g_free (fixture->server_dir);
  g_free (fixture->url);
  g_free (fixture->token);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SyncResult;

static void
sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncResult *sync = user_data;

  sync->ok = kiosk_sync_run_finish (KIOSK_SYNC (source), result, NULL, &sync->error);
  sync->done = TRUE;
}

/* One sync round; TRUE when it worked. */
static gboolean
run_sync (KioskSync *sync)
{
  SyncResult result = { FALSE, FALSE, NULL };

  kiosk_sync_run_async (sync, NULL, sync_cb, &result);
  nv_test_wait_until (NULL, result.done, 20000);
  g_clear_error (&result.error);
  return result.ok;
}

static void
add_events (KioskStore *store, guint n)
{
  g_autofree char *session = g_uuid_string_random ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (NvEvent) event = nv_event_new (NV_EVENT_SCREEN_VIEW, session);
      g_autoptr (GError) error = NULL;

      event->subject = g_strdup ("home");
      g_assert_true (kiosk_store_events_add (store, event, &error));
      g_assert_no_error (error);
    }
}

/* The kiosk trusts the server through the authority in server-ca-file: it syncs, and
 * its events reach the server. */
static void
test_https_trusted_ca (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);

  kiosk_sync_set_ca_file (sync, fixture->tls.ca);
  add_events (fixture->store, 3);
  g_assert_true (run_sync (sync));
  g_assert_cmpint (kiosk_sync_get_state (sync), ==, KIOSK_SYNC_IDLE);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 2);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
}

/* With the system's authorities only, the test's certificate is refused: a warning
 * names the server and the reason, once however often the kiosk tries, the staff status
 * page shows it, and the outbox stays whole. Trusting the authority mends it. */
static void
test_https_untrusted_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  KioskWindow     *window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  KioskStatusPage *page = kiosk_window_get_status_page (window);
  guint            warnings = nv_test_sync_warnings ();
  const char      *warning;

  add_events (fixture->store, 3);
  g_assert_false (run_sync (sync));
  g_assert_cmpuint (nv_test_sync_warnings (), ==, warnings + 1);
  warning = nv_test_sync_warnings_last ();
  g_assert_nonnull (strstr (warning, fixture->url));
  g_assert_nonnull (strstr (warning, "signed by an authority this kiosk does not trust"));
  g_assert_cmpint (kiosk_sync_get_state (sync), ==, KIOSK_SYNC_FAILED);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 3);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);

  kiosk_window_set_sync (window, sync);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-status", NULL));
  kiosk_status_page_refresh (page);
  g_assert_nonnull (strstr (kiosk_status_page_get_value (page, "last-error"),
                            "its certificate is signed by an authority this kiosk does not trust"));

  /* The same refusal again is not logged again. */
  g_assert_false (run_sync (sync));
  g_assert_cmpuint (nv_test_sync_warnings (), ==, warnings + 1);

  kiosk_sync_set_ca_file (sync, fixture->tls.ca);
  g_assert_true (run_sync (sync));
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);
  kiosk_window_set_sync (window, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A server-ca-file that cannot be read trusts nothing rather than everything the system
 * trusts, and says so. */
static void
test_https_unreadable_ca_file (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.pem", NULL);

  kiosk_sync_set_ca_file (sync, missing);
  g_assert_false (run_sync (sync));
  g_assert_nonnull (strstr (kiosk_sync_get_last_error (sync), missing));
  g_assert_nonnull (strstr (nv_test_sync_warnings_last (), "server-ca-file"));
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
}

int
main (int argc, char **argv)
{
  nv_test_expect_sync_warnings ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-deploy/https-trusted-ca", test_https_trusted_ca);
  ADD ("/kiosk-deploy/https-untrusted-refused", test_https_untrusted_refused);
  ADD ("/kiosk-deploy/https-unreadable-ca-file", test_https_unreadable_ca_file);
#undef ADD
  return g_test_run ();
}

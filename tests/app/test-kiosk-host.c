/* test-kiosk-host.c — the running kiosk follows the host its server gives it
 *
 * The real KioskApplication, windowed, syncing with a server on 127.0.0.1 port 0 in this
 * process: the host an admin sets on the server becomes the window's (Help's staff on
 * duty, the receipt's phone), and a change there reaches the running kiosk at its next
 * sync, without a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-application.h"
#include "kiosk-window-private.h"
#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-private.h"

#define ADMIN_PASSWORD "admin-password-1"

typedef struct
{
  NvTestHttpServer server;
  NvTestStaff     *admin;
  char            *kiosk_id;
  char            *dir;
  gboolean         done;
} Fixture;

static KioskWindow *
find_window (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return window != NULL ? KIOSK_WINDOW (window) : NULL;
}

static void
sync_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  *done = kiosk_sync_run_finish (KIOSK_SYNC (source), result, NULL, NULL) || TRUE;
}

/* One sync round of the running kiosk, now rather than at its interval. */
static void
sync_now (KioskWindow *window)
{
  gboolean done = FALSE;

  kiosk_sync_run_async (window->sync, NULL, sync_done_cb, &done);
  nv_test_wait_until (NULL, done, 20000);
}

/* Runs inside the application's main loop. */
static gboolean
drive_cb (gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  Fixture      *fixture = user_data;
  KioskWindow  *window;

  nv_test_wait_until (NULL, find_window (app) != NULL, 20000);
  window = find_window (app);
  g_assert_nonnull (window->sync);
  /* Its first sync brings the host set before it started. */
  nv_test_wait_until (NULL, g_strcmp0 (window->host_organisation, "test-library") == 0, 20000);

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->kiosk_id, "test-association");
  sync_now (window);
  g_assert_cmpstr (window->host_organisation, ==, "test-association");

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->kiosk_id, NULL);
  sync_now (window);
  g_assert_cmpstr (window->host_organisation, ==, "");

  fixture->done = TRUE;
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
test_follows_server (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_path = NULL;
  g_autoptr (KioskApplication) app = NULL;
  char *argv[7] = { "neuvokas-kiosk", "--windowed", "--data-dir", fixture->dir, "--server" };

  server_store_use_cheap_password_hashing ();
  nv_test_http_server_start (&fixture->server, NULL);
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Oulu", "564", &fixture->kiosk_id,
                                         &token, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "admin", SERVER_ROLE_ADMIN,
                                        ADMIN_PASSWORD, &error));
  g_assert_no_error (error);
  fixture->admin = nv_test_staff_login (fixture->server.url, "admin", ADMIN_PASSWORD);
  nv_test_staff_set_kiosk_host (fixture->admin, fixture->kiosk_id, "test-library");
  token_path = g_build_filename (fixture->dir, "token", NULL);
  g_assert_true (g_file_set_contents (token_path, token, -1, &error));

  argv[5] = fixture->server.url;
  app = kiosk_application_new ();
  g_idle_add (drive_cb, fixture);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);
  g_assert_true (fixture->done);

  g_clear_pointer (&fixture->admin, nv_test_staff_free);
  nv_test_http_server_stop (&fixture->server);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->kiosk_id);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/kiosk-host/follows-server", Fixture, NULL, fixture_setup, test_follows_server,
              fixture_teardown);
  return g_test_run ();
}

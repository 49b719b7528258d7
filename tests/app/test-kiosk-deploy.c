/* test-kiosk-deploy.c — a kiosk against a server as a county deploys it
 *
 * The real neuvokas-server program: over HTTPS, with a certificate the kiosk trusts or
 * not; and restored from an older backup under a kiosk that saw newer content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libintl.h>
#include <libsoup/soup.h>

#include "kiosk-language.h"
#include "kiosk-sync.h"
#include "kiosk-test-widgets.h"
#include "kiosk-window-private.h"
#include "nv-test-staff.h"
#include "nv-test-tls.h"
#include "nv-test-util.h"

typedef struct
{
  char         *dir;
  char         *server_dir;
  NvTestServer *server;
  char         *url;
  char         *token;
  KioskStore   *store;
  NvTestTls     tls;
  gboolean      https;
  guint16       port; /* kept when the server is started again */
} Fixture;

#define ADVISOR "aino"
#define ADVISOR_PASSWORD "a long enough password"

/* Runs `neuvokas-server --data-dir SERVER_DIR @args…` to its end with @input on its
 * standard input (may be NULL); returns its output and standard error. */
static char *
run_cli_with_input (Fixture *fixture, const char *input, int *status, const char *first, ...)
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
  process = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                            (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
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

  out = run_cli_with_input (fixture, NULL, &status, "kiosk", "add", "--name", "Test kiosk",
                            "--municipality", "564", NULL);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "nvk_"))
      return g_strdup (lines[i]);
  g_error ("kiosk add printed no token: %s", out);
}

/* (Re)starts the server on the fixture's data directory, over HTTPS when the fixture
 * is, on a free port the first time and on the same one after. */
static void
start_server (Fixture *fixture)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", fixture->port);
  const char      *args[] = { "--listen",
                              listen,
                              "--content-dir",
                              seed,
                         fixture->https ? "--tls-certificate" : NULL,
                              fixture->tls.certificate,
                              "--tls-key",
                              fixture->tls.key,
                              NULL };
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) error = NULL;

  fixture->server = nv_test_server_startv (g_getenv ("NEUVOKAS_SERVER"), fixture->server_dir, args);
  g_assert_true (g_str_has_prefix (fixture->server->url, fixture->https ? "https://" : "http://"));
  g_free (fixture->url);
  fixture->url = g_strdup (fixture->server->url);
  uri = g_uri_parse (fixture->url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fixture->port = (guint16) g_uri_get_port (uri);
}

static void
stop_server (Fixture *fixture)
{
  g_clear_pointer (&fixture->server, nv_test_server_stop);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  nv_test_tls_make (&fixture->tls);
  fixture->https = data == NULL;
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

/* The resident switched the kiosk to Finnish and the screen is Finnish; the process's
 * environment is left as it was, so the warning about a failed sync, and GLib's and
 * libsoup's own messages, stay English for whoever reads the log. */
static void
test_failure_logged_in_english (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *language_before = g_strdup (g_getenv ("LANGUAGE"));
  KioskWindow     *window;
  guint            warnings = nv_test_sync_warnings ();

  window = kiosk_window_new (NULL, fixture->store, NV_LANG_EN);
  gtk_window_present (GTK_WINDOW (window));
  nv_test_wait_until (NULL, kiosk_test_shows_label (GTK_WIDGET (window), "Guides"), 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", "fi"));
  nv_test_wait_until (NULL, kiosk_test_shows_label (GTK_WIDGET (window), "Ohjeet"), 5000);
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, language_before);
  g_assert_cmpstr (g_dgettext ("glib20", "Could not connect to %s: "), ==,
                   "Could not connect to %s: ");

  /* A port nothing listens on: the server stopped. */
  url = g_strdup (fixture->url);
  stop_server (fixture);
  sync = kiosk_sync_new (fixture->store, url, fixture->token);
  g_assert_false (run_sync (sync));
  expected = g_strdup_printf ("Sync with %s failed; the kiosk keeps what it has and tries again: "
                              "Cannot reach the server: the connection was refused",
                              url);
  /* Caught at warning level by nv_test_expect_sync_warnings (). */
  g_assert_cmpuint (nv_test_sync_warnings (), ==, warnings + 1);
  g_assert_cmpstr (nv_test_sync_warnings_last (), ==, expected);
  g_assert_cmpstr (kiosk_sync_get_last_error (sync), ==,
                   "Cannot reach the server: the connection was refused");
  /* And the resident still reads Finnish. */
  g_assert_true (kiosk_test_shows_label (GTK_WIDGET (window), "Ohjeet"));
  g_assert_false (kiosk_test_shows_label (GTK_WIDGET (window), "Guides"));
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, language_before);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Posts the organisation @id named @name as an advisor does in the console. */
static void
post_organisation (NvTestStaff *advisor, const char *id, const char *name)
{
  g_autofree char *body
      = g_strdup_printf ("{\"organisation\": {\"id\": \"%s\", \"name\": {\"fi\": \"%s\"},"
                         " \"kind\": \"other\", \"municipality\": \"564\"}}",
                         id, name);
  g_autoptr (JsonNode) answer
      = nv_test_staff_call (advisor, "POST", "/api/v1/staff/organisations", body, SOUP_STATUS_OK);
}

/* The server's whole content, as a new kiosk gets it. */
static NvContent *
server_content (Fixture *fixture)
{
  g_autofree char *url = g_strconcat (fixture->url, "api/v1/kiosk/content", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->token, NULL);
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  NvContent *content;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  body = nv_test_http_send (session, msg, 10000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  content = nv_content_from_bytes (body, &error);
  g_assert_no_error (error);
  return content;
}

typedef gpointer (*GetItemFunc) (KioskStore *store, const char *id);
typedef JsonNode *(*ItemToJsonFunc) (gconstpointer item);

/* Each of the server's @items is in the kiosk's store, the same to the last field. */
static void
assert_same_items (KioskStore    *store,
                   GPtrArray     *items,
                   GetItemFunc    get,
                   ItemToJsonFunc to_json,
                   GDestroyNotify free_item)
{
  for (guint i = 0; i < items->len; i++)
    {
      gconstpointer item = g_ptr_array_index (items, i);
      /* Every model type starts with its id. */
      gpointer held = get (store, *(const char *const *) item);
      g_autoptr (JsonNode) want = to_json (item);
      g_autoptr (JsonNode) have = NULL;

      g_assert_nonnull (held);
      have = to_json (held);
      g_assert_true (json_node_equal (want, have));
      free_item (held);
    }
}

/* The kiosk's store holds exactly the server's content: the same revision, the same
 * items, each as the server has it. */
static void
assert_kiosk_holds_server_content (Fixture *fixture)
{
  g_autoptr (NvContent) content = server_content (fixture);

  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, content->revision);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "category"), ==, content->categories->len);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, content->guides->len);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==,
                    content->organisations->len);
  assert_same_items (fixture->store, content->categories, (GetItemFunc) kiosk_store_get_category,
                     (ItemToJsonFunc) nv_category_to_json, (GDestroyNotify) nv_category_free);
  assert_same_items (fixture->store, content->guides, (GetItemFunc) kiosk_store_get_guide,
                     (ItemToJsonFunc) nv_guide_to_json, (GDestroyNotify) nv_guide_free);
  assert_same_items (
      fixture->store, content->organisations, (GetItemFunc) kiosk_store_get_organisation,
      (ItemToJsonFunc) nv_organisation_to_json, (GDestroyNotify) nv_organisation_free);
}

/* A backup taken, then changes the kiosk receives and events it delivers, then the backup
 * restored under the same kiosk, still running with the ETag of the newer content, and
 * more changes after the restore: the kiosk ends with exactly the restored server's
 * content, and the restore says what the backup lacks. */
static void
test_restore_older_backup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  g_autoptr (NvTestStaff) advisor = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *added = NULL;
  g_autofree char *said = NULL;
  g_autoptr (NvOrganisation) renamed = NULL;
  gint64 before_restore;
  int    status;

  added = run_cli_with_input (fixture, ADVISOR_PASSWORD "\n", &status, "user", "add", ADVISOR,
                              "--role", "advisor", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run_sync (sync));
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);

  /* The backup, taken while the server serves. */
  g_free (run_cli_with_input (fixture, NULL, &status, "backup", backup, NULL));
  g_assert_cmpint (status, ==, 0);

  /* After it: a new organisation, another renamed, and usage events delivered. */
  advisor = nv_test_staff_login (fixture->url, ADVISOR, ADVISOR_PASSWORD);
  post_organisation (advisor, "after-backup", "Tuli varmuuskopion jälkeen");
  post_organisation (advisor, "test-library", "Uusi nimi");
  g_clear_pointer (&advisor, nv_test_staff_free);
  add_events (fixture->store, 4);
  g_assert_true (run_sync (sync));
  before_restore = kiosk_store_get_revision (fixture->store);
  g_assert_cmpint (before_restore, ==, 3);
  g_assert_nonnull (kiosk_store_get_organisation (fixture->store, "after-backup"));
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);

  /* Refused while the server runs; done once it is stopped. */
  said = run_cli_with_input (fixture, NULL, &status, "restore", backup, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (said, "in use by a running server"));
  g_clear_pointer (&said, g_free);
  stop_server (fixture);
  said = run_cli_with_input (fixture, NULL, &status, "restore", backup, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (said, "holds 4 usage event(s) and 0 appointment request(s) received "
                                  "after the backup"));
  start_server (fixture);

  /* More changes after the restore, before the kiosk asks again. */
  advisor = nv_test_staff_login (fixture->url, ADVISOR, ADVISOR_PASSWORD);
  post_organisation (advisor, "after-restore", "Tuli palautuksen jälkeen");
  post_organisation (advisor, "after-restore-2", "Tuli myös palautuksen jälkeen");

  g_assert_true (run_sync (sync));
  assert_kiosk_holds_server_content (fixture);
  g_assert_null (kiosk_store_get_organisation (fixture->store, "after-backup"));
  g_assert_nonnull (kiosk_store_get_organisation (fixture->store, "after-restore-2"));
  renamed = kiosk_store_get_organisation (fixture->store, "test-library");
  g_assert_cmpstr (renamed->name.text[NV_LANG_FI], !=, "Uusi nimi");
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), >, before_restore + 1000000);

  /* And from then on deltas and 304 again. */
  g_assert_true (run_sync (sync));
  assert_kiosk_holds_server_content (fixture);
}

int
main (int argc, char **argv)
{
  nv_test_expect_sync_warnings ();
  /* The translations built from po/, as an uninstalled kiosk uses them. */
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-deploy/https-trusted-ca", test_https_trusted_ca);
  ADD ("/kiosk-deploy/https-untrusted-refused", test_https_untrusted_refused);
  ADD ("/kiosk-deploy/https-unreadable-ca-file", test_https_unreadable_ca_file);
  ADD ("/kiosk-deploy/failure-logged-in-english", test_failure_logged_in_english);
  g_test_add ("/kiosk-deploy/restore-older-backup", Fixture, "http", fixture_setup,
              test_restore_older_backup, fixture_teardown);
#undef ADD
  return g_test_run ();
}

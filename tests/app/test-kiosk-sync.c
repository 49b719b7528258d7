/* test-kiosk-sync.c — the kiosk syncing from a real neuvokas-server process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "kiosk-sync-private.h"
#include "kiosk-window-private.h"
#include "kiosk-test-widgets.h"
#include "nv-test-cli.h"
#include "nv-test-http.h"
#include "nv-test-util.h"

typedef struct
{
  char        *dir;
  char        *server_dir;
  GSubprocess *server;
  char        *url;
  char        *token;
  KioskStore  *store;
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

/* (Re)starts the server on the fixture's data directory, on a free port. */
static void
start_server (Fixture *fixture, const char *seed)
{
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  g_clear_object (&fixture->server);
  fixture->server = g_subprocess_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("NEUVOKAS_SERVER"), "--data-dir",
      fixture->server_dir, "serve", "--listen", "127.0.0.1:0", "--content-dir", seed, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &line);
  nv_test_wait_until (NULL, line != NULL, 10000);
  g_assert_nonnull (strstr (line, "http://"));
  g_free (fixture->url);
  fixture->url = g_strdup (strstr (line, "http://"));
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = data != NULL
                              ? g_strdup (nv_test_content_dir ())
                              : g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->server_dir = g_build_filename (fixture->dir, "server", NULL);
  start_server (fixture, seed);
  fixture->token = nv_test_cli_add_kiosk (fixture->server_dir, "Test kiosk");

  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_subprocess_force_exit (fixture->server);
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_clear_object (&fixture->server);
  nv_test_wait_finalized (fixture->store, 5000);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->server_dir);
  g_free (fixture->url);
  g_free (fixture->token);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  gboolean changed;
  GError  *error;
} SyncResult;

static void
sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncResult *sync = user_data;

  sync->ok = kiosk_sync_run_finish (KIOSK_SYNC (source), result, &sync->changed, &sync->error);
  sync->done = TRUE;
}

static void
run_sync (KioskSync *sync, SyncResult *result)
{
  *result = (SyncResult){ FALSE, FALSE, FALSE, NULL };
  kiosk_sync_run_async (sync, NULL, sync_cb, result);
  nv_test_wait_until (NULL, result->done, 20000);
}

static void
test_sync_then_not_modified (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
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
test_server_gone (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
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
test_unreachable_from_start (Fixture *fixture, gconstpointer data)
{
  /* Port 1 on loopback: nobody listens there. */
  g_autoptr (KioskSync) sync
      = kiosk_sync_new (fixture->store, "http://127.0.0.1:1/", fixture->token);
  SyncResult result;

  run_sync (sync, &result);
  g_assert_false (result.ok);
  g_assert_true (g_str_has_prefix (result.error->message, "Cannot reach the server"));
  g_clear_error (&result.error);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
}

static void
add_events (KioskStore *store, guint n, GPtrArray *ids)
{
  g_autofree char *session = g_uuid_string_random ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (NvEvent) event = nv_event_new (NV_EVENT_SCREEN_VIEW, session);
      g_autoptr (GError) error = NULL;

      event->subject = g_strdup ("home");
      g_assert_true (kiosk_store_events_add (store, event, &error));
      g_assert_no_error (error);
      if (ids != NULL)
        g_ptr_array_add (ids, g_strdup (event->id));
    }
}

static void
test_outbox_delivered_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) on_server = NULL;
  SyncResult result;
  guint      rows = 0;

  /* More than one batch. */
  add_events (fixture->store, 1203, ids);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 1203);
  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);

  run_sync (sync, &result);
  g_assert_true (result.ok);
  on_server = nv_test_server_event_ids (fixture->server_dir, &rows);
  g_assert_cmpuint (rows, ==, 1203);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_contains (on_server, g_ptr_array_index (ids, i)));
}

static void
test_outbox_kept_while_server_away (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = NULL;
  SyncResult result;

  add_events (fixture->store, 25, NULL);
  g_subprocess_send_signal (fixture->server, SIGKILL);
  g_subprocess_wait (fixture->server, NULL, NULL);

  sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  run_sync (sync, &result);
  g_assert_false (result.ok);
  g_clear_error (&result.error);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 25);
}

static void
test_wrong_token (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync
      = kiosk_sync_new (fixture->store, fixture->url,
                        "nvk_kiosk-00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  SyncResult result;

  add_events (fixture->store, 3, NULL);
  run_sync (sync, &result);
  g_assert_false (result.ok);
  g_assert_nonnull (strstr (result.error->message, "token"));
  g_clear_error (&result.error);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 3);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
}

/* Runs the server's command line on the fixture's data directory; returns its output. */
static char *
run_cli (Fixture *fixture, ...)
{
  va_list args;
  char   *out;

  va_start (args, fixture);
  out = nv_test_cli_runv (fixture->server_dir, args);
  va_end (args);
  return out;
}

static guint
count_occurrences (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE; /* no file holds nothing */
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

#define PLANTED_NAME "Plantadotter Kioskinen"
#define PLANTED_DIGITS "0409876543"

static NvAppointment *
make_request (void)
{
  NvAppointment *appointment = nv_appointment_new ();
  g_autoptr (GError) error = NULL;

  appointment->reason = g_strdup ("device");
  appointment->contact_method = g_strdup ("phone");
  appointment->preferred_days = g_strsplit ("tue,thu", ",", -1);
  appointment->preferred_time = g_strdup ("morning");
  appointment->name = g_strdup (PLANTED_NAME);
  g_assert_true (nv_phone_normalise ("040 987 6543", &appointment->phone, &error));
  g_assert_no_error (error);
  appointment->guide = g_strdup ("test-guide");
  appointment->guide_step = 2;
  return appointment;
}

/* A request made while the server is down waits in the kiosk's outbox and reaches the
 * server exactly once when it is back; then no trace of the name or the number is left
 * in the kiosk's database files, and none ever was in the events. */
static void
test_appointment_offline_exactly_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvAppointment) request = make_request ();
  g_autoptr (KioskSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *events = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "kiosk.db", NULL);
  g_autofree char *wal = g_build_filename (fixture->dir, "kiosk.db-wal", NULL);
  SyncResult       result;

  g_subprocess_send_signal (fixture->server, SIGKILL);
  g_subprocess_wait (fixture->server, NULL, NULL);
  add_events (fixture->store, 3, NULL);
  g_assert_true (kiosk_store_appointments_add (fixture->store, request, &error));
  g_assert_no_error (error);
  /* Twice (a double tap on Confirm): still one request. */
  g_assert_true (kiosk_store_appointments_add (fixture->store, request, &error));
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 1);

  sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  run_sync (sync, &result);
  g_assert_false (result.ok);
  g_clear_error (&result.error);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 1);
  g_assert_true (file_contains (db, PLANTED_NAME) || file_contains (wal, PLANTED_NAME));

  /* The server is back (on another port); the kiosk is restarted with a new sync. */
  start_server (fixture, g_test_get_filename (G_TEST_DIST, "fixtures", "content", NULL));
  g_clear_object (&sync);
  sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 0);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
  run_sync (sync, &result);
  g_assert_true (result.ok);

  listed = run_cli (fixture, "appointment", "list", "--all", NULL);
  g_assert_cmpuint (count_occurrences (listed, request->id), ==, 1);
  g_assert_cmpuint (count_occurrences (listed, "Id: "), ==, 1);
  g_assert_nonnull (strstr (listed, PLANTED_NAME));
  g_assert_nonnull (strstr (listed, "From the guide test-guide, step 2"));

  /* Gone from the kiosk: the database, its write-ahead log, its shared memory file. */
  g_assert_false (file_contains (db, PLANTED_NAME));
  g_assert_false (file_contains (db, PLANTED_DIGITS + 1));
  g_assert_false (file_contains (wal, PLANTED_NAME));
  g_assert_false (file_contains (wal, PLANTED_DIGITS + 1));
  /* Never in the usage events the server holds. */
  events = run_cli (fixture, "export", "events", "--format", "ndjson", NULL);
  g_assert_null (strstr (events, "Plantadotter"));
  /* The number whole, in any of its forms (a part of it could be in an id or a time). */
  g_assert_null (strstr (events, PLANTED_DIGITS + 1));
}

/* A request the server will never take (here: one a newer server no longer knows the
 * reason of) is kept on the kiosk, marked, not sent again, and counted for staff. */
static void
test_appointment_rejected_kept (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvAppointment) request = make_request ();
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "kiosk.db", NULL);
  sqlite3         *db = NULL;
  SyncResult       result;
  guint            rejected = 0;

  g_assert_true (kiosk_store_appointments_add (fixture->store, request, &error));
  /* As if an older kiosk had written it: the server rejects the reason. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE outbox_appointments SET document = "
                                 "replace(document, '\"device\"', '\"telepathy\"')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, &rejected), ==, 1);
  g_assert_cmpuint (rejected, ==, 1);
  documents = kiosk_store_appointments_peek (fixture->store, 10, &ids);
  g_assert_cmpuint (documents->len, ==, 0);
  {
    g_autofree char *listed = run_cli (fixture, "appointment", "list", "--all", NULL);
    KioskStatusPage *page = KIOSK_STATUS_PAGE (kiosk_status_page_new (fixture->store));

    g_object_ref_sink (page);
    g_assert_null (strstr (listed, request->id));
    /* Counted for staff on the status page. */
    g_assert_cmpstr (kiosk_status_page_get_value (page, "appointments"), ==,
                     "1 (1 refused by the server, kept 30 days)");
    g_object_unref (page);
  }

  /* Kept for staff for 30 days, then dropped. */
  g_assert_cmpuint (kiosk_store_appointments_drop_rejected (
                        fixture->store, g_get_real_time () / G_USEC_PER_SEC - 3600, NULL),
                    ==, 0);
  g_assert_cmpuint (kiosk_store_appointments_drop_rejected (
                        fixture->store, g_get_real_time () / G_USEC_PER_SEC + 1, NULL),
                    ==, 1);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 0);
}

/* Slots reach the kiosk with the content; a cancelled one leaves it with the next delta. */
static void
test_slots_synced (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
  g_autoptr (GDateTime) local = g_date_time_new_now (helsinki);
  g_autoptr (GDateTime) later = g_date_time_add_days (local, 2);
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%d 10:00");
  g_autofree char *added = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) slots = NULL;
  g_autoptr (GPtrArray) none = NULL;
  SyncResult result;

  added = run_cli (fixture, "slot", "add", "--organisation", "test-library", "--kind",
                   "digital-support", "--start", start, NULL);
  id = g_strstrip (g_strdup (added));
  run_sync (sync, &result);
  g_assert_no_error (result.error);
  slots = kiosk_store_list_free_slots (fixture->store, "digital-support", now, 14, 0);
  g_assert_cmpuint (slots->len, ==, 1);
  g_assert_cmpstr (((NvSlot *) g_ptr_array_index (slots, 0))->organisation, ==, "test-library");
  none = kiosk_store_list_free_slots (fixture->store, "home-visit", now, 14, 0);
  g_assert_cmpuint (none->len, ==, 0);

  g_free (run_cli (fixture, "slot", "cancel", ((NvSlot *) g_ptr_array_index (slots, 0))->id, NULL));
  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_clear_pointer (&slots, g_ptr_array_unref);
  slots = kiosk_store_list_free_slots (fixture->store, NULL, now, 14, 0);
  g_assert_cmpuint (slots->len, ==, 0);
}

static void
test_backoff_delays (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint previous_ceiling = 0;

  g_assert_cmpuint (kiosk_sync_next_delay (0, 300000, 0, rand), ==, 300000);
  g_assert_cmpuint (kiosk_sync_next_delay (0, 300000, 600000, rand), ==, 600000);
  for (guint failures = 1; failures < 40; failures++)
    {
      guint ceiling = MIN (5000u << MIN (failures - 1, 20u), 15u * 60 * 1000);
      guint lowest = G_MAXUINT, highest = 0;

      for (guint i = 0; i < 200; i++)
        {
          guint delay = kiosk_sync_next_delay (failures, 300000, 0, rand);

          lowest = MIN (lowest, delay);
          highest = MAX (highest, delay);
        }
      /* Grows, is capped at 15 minutes, and is spread over the upper half. */
      g_assert_cmpuint (lowest, >=, ceiling / 2);
      g_assert_cmpuint (highest, <=, ceiling);
      g_assert_cmpuint (highest, >, lowest);
      g_assert_cmpuint (ceiling, >=, previous_ceiling);
      previous_ceiling = ceiling;
    }
  g_assert_cmpuint (kiosk_sync_next_delay (1, 300000, 120000, rand), >=, 120000);
}

static void
busy_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  guint *hits = user_data;

  (*hits)++;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                "120");
  soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
}

static void
test_retry_after_honoured (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (KioskSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  GSList          *uris;
  guint            hits = 0;

  soup_server_add_handler (server, NULL, busy_cb, &hits, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  store = kiosk_store_open (dir, &error);
  sync = kiosk_sync_new (store, url, NULL);
  kiosk_sync_start (sync, 300);
  nv_test_wait_until (NULL, hits == 1 && kiosk_sync_get_scheduled_delay (sync) > 0, 10000);
  /* Busy says come back in two minutes: the kiosk waits at least that long. */
  g_assert_cmpint (kiosk_sync_get_state (sync), ==, KIOSK_SYNC_FAILED);
  g_assert_cmpuint (kiosk_sync_get_scheduled_delay (sync), >=, 120000);
  g_clear_object (&sync);
  nv_test_wait_finalized (g_steal_pointer (&store), 5000);
  nv_test_rm_rf (dir);
}

/* The walking skeleton end to end: default content from the server, then the server
 * gone and the kiosk restarted, and every guide still opens from the local store. */
static void
test_default_content_offline (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  g_autoptr (GPtrArray) guides = NULL;
  g_autoptr (GError) error = NULL;
  KioskWindow *window;
  SyncResult   result;

  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), >=, 12);

  g_subprocess_send_signal (fixture->server, SIGKILL);
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_clear_object (&sync);
  nv_test_wait_finalized (fixture->store, 5000);
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);

  window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  gtk_window_present (GTK_WINDOW (window));
  guides = kiosk_store_list_guides (fixture->store, NULL, NV_LANG_FI);
  g_assert_cmpuint (guides->len, >=, 12);
  for (guint i = 0; i < guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (guides, i);
      const NvStep  *first = g_ptr_array_index (guide->steps, 0);

      g_assert_true (
          gtk_widget_activate_action (GTK_WIDGET (window), "win.open-guide", "s", guide->id));
      nv_test_wait_until (
          NULL, kiosk_test_shows_label (GTK_WIDGET (window), first->text.text[NV_LANG_FI]), 5000);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.home", NULL);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_button_for (GtkWidget *widget, const char *action)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_button_for (child, action))
      return TRUE;
  return FALSE;
}

/* The sync's health, on a page only staff reach (a keyboard shortcut, no button). */
static void
test_status_page (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  g_autoptr (KioskSync) unreachable
      = kiosk_sync_new (fixture->store, "http://127.0.0.1:1/", fixture->token);
  KioskWindow     *window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  KioskStatusPage *page = kiosk_window_get_status_page (window);
  g_autofree char *working = NULL;
  SyncResult       result;
  guint            outbox;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (has_button_for (GTK_WIDGET (window), "win.show-status"));
  kiosk_window_set_sync (window, sync);
  run_sync (sync, &result);
  g_assert_true (result.ok);
  add_events (fixture->store, 3, NULL);
  outbox = kiosk_store_events_count (fixture->store);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-status", NULL));
  g_assert_cmpstr (kiosk_window_get_screen (window), ==, "status");
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (page)), 5000);
  /* Staff looking is not a resident's visit: nothing recorded. */
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, outbox);
  g_assert_cmpstr (kiosk_status_page_get_value (page, "server"), ==, fixture->url);
  g_assert_cmpstr (kiosk_status_page_get_value (page, "revision"), ==, "1");
  g_assert_cmpstr (kiosk_status_page_get_value (page, "backlog"), ==, "3");
  g_assert_cmpstr (kiosk_status_page_get_value (page, "version"), ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (kiosk_status_page_get_value (page, "last-sync"), "20"));
  working = g_strdup (kiosk_status_page_get_value (page, "state"));

  /* The server out of reach: said here, with the reason. */
  kiosk_window_set_sync (window, unreachable);
  run_sync (unreachable, &result);
  g_assert_false (result.ok);
  g_clear_error (&result.error);
  kiosk_status_page_refresh (page);
  g_assert_cmpstr (kiosk_status_page_get_value (page, "state"), !=, working);
  g_assert_true (g_str_has_prefix (kiosk_status_page_get_value (page, "last-error"),
                                   "Cannot reach the server"));
  g_assert_cmpstr (kiosk_status_page_get_value (page, "backlog"), ==, "3");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.home", NULL));
  g_assert_cmpstr (kiosk_window_get_screen (window), ==, "home");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A relay between the kiosk and the real server that passes on the request, then the
 * answer's headers and only the first half of its body, and kills the server: a content
 * sync cut off halfway, at a point chosen exactly rather than by timing. */
typedef struct
{
  Fixture *fixture;
  gboolean cut; /* set from the relay's thread */
  gsize    full_size;
} Relay;

static gboolean
relay_run_cb (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source,
              gpointer                user_data)
{
  Relay         *relay = user_data;
  GInputStream  *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr (GString) head = g_string_new (NULL);
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *reply = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) request_line = NULL;
  char c;

  /* The request's head, byte by byte, up to the blank line. */
  while (!g_str_has_suffix (head->str, "\r\n\r\n")
         && g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
    g_string_append_c (head, c);
  lines = g_strsplit (head->str, "\r\n", -1);
  request_line = g_strsplit (lines[0], " ", 3);
  if (g_strv_length (request_line) < 2 || !g_str_equal (request_line[0], "GET"))
    return TRUE; /* only content is relayed; the connection just closes */

  url = g_strconcat (relay->fixture->url, request_line[1] + 1, NULL);
  msg = soup_message_new ("GET", url);
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], "Authorization: ", 15) == 0)
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    lines[i] + 15);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_nonnull (body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  relay->full_size = g_bytes_get_size (body);

  reply = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                           relay->full_size);
  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (body, NULL), relay->full_size / 2, NULL, NULL,
                             NULL);
  g_output_stream_flush (out, NULL, NULL);
  /* The server dies mid-answer; the connection goes with it. */
  g_subprocess_send_signal (relay->fixture->server, SIGKILL);
  /* Said before the close, which is what ends the kiosk's sync. */
  g_atomic_int_set (&relay->cut, TRUE);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* What the kiosk has before a stand-in server answers: the small fixture bundle at
 * revision 5. */
static NvContent *
apply_fixture_content (Fixture *fixture)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GError) error = NULL;
  NvContent *before = nv_content_load_dir (dir, &error);

  g_assert_no_error (error);
  before->revision = 5;
  g_assert_true (kiosk_store_apply_content (fixture->store, before, &error));
  g_assert_no_error (error);
  return before;
}

/* A server on a free loopback port whose connections @run_cb (a
 * GThreadedSocketService::run handler) answers; *@url gets its address. */
static GSocketService *
start_stand_in (GCallback run_cb, gpointer data, char **url)
{
  GSocketService *service = g_threaded_socket_service_new (2);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), any_port,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (service, "run", run_cb, data);
  g_socket_service_start (service);
  *url = g_strdup_printf ("http://127.0.0.1:%u/",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return service;
}

static void
stop_stand_in (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_object_unref (service);
}

static void
test_content_cut_halfway (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvContent) before = NULL;
  g_autoptr (KioskSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *relay_url = NULL;
  GSocketService  *service;
  Relay            relay = { fixture, FALSE, 0 };
  SyncResult       result;

  /* What the kiosk has: a small bundle at revision 5. The server (the default content,
   * revision 1) is behind it, so it answers with everything, to replace it all: the
   * worst moment to be cut off. */
  before = apply_fixture_content (fixture);
  service = start_stand_in (G_CALLBACK (relay_run_cb), &relay, &relay_url);

  sync = kiosk_sync_new (fixture->store, relay_url, fixture->token);
  run_sync (sync, &result);
  g_assert_true (g_atomic_int_get (&relay.cut));
  g_assert_cmpuint (relay.full_size, >, 100000);
  g_assert_false (result.ok);
  g_assert_nonnull (result.error);
  g_clear_error (&result.error);
  stop_stand_in (service);
  g_subprocess_wait (fixture->server, NULL, NULL);

  /* Still the previous revision, whole: reopened as after a restart, every guide there. */
  g_clear_object (&sync);
  nv_test_wait_finalized (fixture->store, 5000);
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 5);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, before->guides->len);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==,
                    before->organisations->len);
  for (guint i = 0; i < before->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (before->guides, i);
      g_autoptr (NvGuide) stored = kiosk_store_get_guide (fixture->store, guide->id);

      g_assert_nonnull (stored);
      g_assert_cmpuint (stored->steps->len, ==, guide->steps->len);
    }

  /* The server comes back: the next sync completes it. */
  start_server (fixture, nv_test_content_dir ());
  sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_true (result.changed);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), >=, 12);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), >=, 30);
}

/* A server whose content answer would not end: 64 MiB of a bundle that never closes. */
typedef struct
{
  gsize    sent;    /* bytes of the body written, from the server's thread */
  gboolean stopped; /* a write failed: the kiosk closed the connection */
} Endless;

#define ENDLESS_SIZE (64 * 1024 * 1024)

static gboolean
endless_run_cb (GThreadedSocketService *service,
                GSocketConnection      *connection,
                GObject                *source,
                gpointer                user_data)
{
  Endless       *endless = user_data;
  GInputStream  *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr (GString) head = g_string_new (NULL);
  g_autofree char *spaces = g_malloc (64 * 1024);
  g_autofree char *chunk_head = g_strdup_printf ("%x\r\n", 64 * 1024);
  const char      *start = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n"
                           "14\r\n{\"organisations\": [\r\n";
  char             c;

  while (!g_str_has_suffix (head->str, "\r\n\r\n")
         && g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
    g_string_append_c (head, c);
  if (!g_str_has_prefix (head->str, "GET "))
    return TRUE;

  memset (spaces, ' ', 64 * 1024);
  if (!g_output_stream_write_all (out, start, strlen (start), NULL, NULL, NULL))
    return TRUE;
  while (g_atomic_pointer_get (&endless->sent) < ENDLESS_SIZE)
    {
      if (!g_output_stream_write_all (out, chunk_head, strlen (chunk_head), NULL, NULL, NULL)
          || !g_output_stream_write_all (out, spaces, 64 * 1024, NULL, NULL, NULL)
          || !g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, NULL))
        {
          g_atomic_int_set (&endless->stopped, TRUE);
          return TRUE;
        }
      g_atomic_pointer_add (&endless->sent, 64 * 1024);
    }
  g_output_stream_write_all (out, "2\r\n]}\r\n0\r\n\r\n", 12, NULL, NULL, NULL);
  return TRUE;
}

/* An answer larger than the kiosk takes is refused while it arrives, not once it is
 * whole (the kiosk never holds a whole bundle), and leaves the content as it was. */
static void
test_content_too_large_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvContent) before = apply_fixture_content (fixture);
  g_autoptr (KioskSync) sync = NULL;
  g_autofree char *url = NULL;
  Endless          endless = { 0, FALSE };
  GSocketService  *service = start_stand_in (G_CALLBACK (endless_run_cb), &endless, &url);
  SyncResult       result;

  sync = kiosk_sync_new (fixture->store, url, fixture->token);
  kiosk_sync_set_max_content_size (sync, 1024 * 1024);
  run_sync (sync, &result);
  g_assert_false (result.ok);
  g_assert_error (result.error, NV_ERROR, NV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (result.error->message, "1048576 bytes"));
  g_clear_error (&result.error);
  /* The kiosk hung up: the server's writes fail long before its 64 MiB are out (what
   * the sockets' buffers hold is all that went beyond the limit). */
  nv_test_wait_until (NULL, g_atomic_int_get (&endless.stopped), 10000);
  g_assert_cmpuint (g_atomic_pointer_get (&endless.sent), <, ENDLESS_SIZE / 4);
  stop_stand_in (service);

  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 5);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, before->guides->len);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==,
                    before->organisations->len);
}

/* A TCP proxy in front of the server: counts the connections it accepts and the bytes
 * that cross it each way, as the wire sees them. */
typedef struct
{
  GSocketService *service;
  char           *url;
  guint16         server_port;
  guint           accepted;
  guint64         sent;     /* kiosk → server */
  guint64         received; /* server → kiosk */
} Proxy;

typedef struct
{
  Proxy     *proxy;
  GIOStream *from;
  GIOStream *to;
  guint64   *count;
  char       buffer[16384];
} Pump;

static void pump_read (Pump *pump);

static void
pump_free (Pump *pump)
{
  g_io_stream_close (pump->from, NULL, NULL);
  g_io_stream_close (pump->to, NULL, NULL);
  g_object_unref (pump->from);
  g_object_unref (pump->to);
  g_free (pump);
}

static void
pump_written_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pump *pump = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      pump_free (pump);
      return;
    }
  pump_read (pump);
}

static void
pump_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pump  *pump = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      pump_free (pump);
      return;
    }
  *pump->count += n;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (pump->to), pump->buffer, n,
                                   G_PRIORITY_DEFAULT, NULL, pump_written_cb, pump);
}

static void
pump_read (Pump *pump)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (pump->from), pump->buffer,
                             sizeof pump->buffer, G_PRIORITY_DEFAULT, NULL, pump_read_cb, pump);
}

static void
pump_start (Proxy *proxy, GIOStream *from, GIOStream *to, guint64 *count)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->proxy = proxy;
  pump->from = g_object_ref (from);
  pump->to = g_object_ref (to);
  pump->count = count;
  pump_read (pump);
}

static gboolean
proxy_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  Proxy *proxy = user_data;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) server = NULL;
  g_autoptr (GError) error = NULL;

  proxy->accepted++;
  server = g_socket_client_connect_to_host (client, "127.0.0.1", proxy->server_port, NULL, &error);
  g_assert_no_error (error);
  pump_start (proxy, G_IO_STREAM (connection), G_IO_STREAM (server), &proxy->sent);
  pump_start (proxy, G_IO_STREAM (server), G_IO_STREAM (connection), &proxy->received);
  return TRUE;
}

static Proxy *
proxy_new (const char *server_url)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr (GUri) uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GError) error = NULL;
  guint16 port;

  proxy->server_port = g_uri_get_port (uri);
  proxy->service = g_socket_service_new ();
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy->service), NULL, &error);
  g_assert_no_error (error);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (proxy_incoming_cb), proxy);
  g_socket_service_start (proxy->service);
  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_object_unref (proxy->service);
  g_free (proxy->url);
  g_free (proxy);
}

/* A kiosk keeps one connection for its syncs (the server keeps it alive). The bytes an
 * unchanged poll costs on the wire are reported (docs/performance.md). */
static void
test_connection_reused (Fixture *fixture, gconstpointer data)
{
  Proxy *proxy = proxy_new (fixture->url);
  g_autoptr (KioskSync) sync = kiosk_sync_new (fixture->store, proxy->url, fixture->token);
  SyncResult result;

  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.changed);
  for (int i = 0; i < 5; i++)
    {
      guint64 sent = proxy->sent;
      guint64 received = proxy->received;

      run_sync (sync, &result);
      g_assert_no_error (result.error);
      g_assert_false (result.changed);
      g_test_message ("an unchanged poll: %" G_GUINT64_FORMAT " bytes sent, %" G_GUINT64_FORMAT
                      " received",
                      proxy->sent - sent, proxy->received - received);
      /* Issue 18: an unchanged poll costs at most 400 bytes on the wire, both ways. */
      g_assert_cmpuint ((proxy->sent - sent) + (proxy->received - received), <=, 400);
    }
  /* Pushes too: an event pushed in each of three syncs, on the same connection. */
  for (int i = 0; i < 3; i++)
    {
      add_events (fixture->store, 1, NULL);
      run_sync (sync, &result);
      g_assert_no_error (result.error);
      g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
    }
  g_assert_cmpuint (proxy->accepted, ==, 1);
  g_clear_object (&sync);
  proxy_free (proxy);
}

/* A full or unwritable disk on the server. Without root, and as root too (a mode does not
 * stop root), a file size limit of 0 on the running server (RLIMIT_FSIZE through
 * prlimit, SIGXFSZ ignored) makes every write to its database fail with EFBIG, as a full
 * or read-only file system does: SQLite's write error path, for real. */
static void
ignore_file_size_signal_cb (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  signal (SIGXFSZ, SIG_IGN);
}

static void
limit_file_size (GSubprocess *process, rlim_t size)
{
  struct rlimit limit = { size, RLIM_INFINITY };

  g_assert_cmpint (
      prlimit ((pid_t) atoi (g_subprocess_get_identifier (process)), RLIMIT_FSIZE, &limit, NULL),
      ==, 0);
}

/* All the server wrote on stderr, once it has exited. */
static char *
read_all (GInputStream *stream)
{
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (memory, "", 1, NULL, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

/* The fixture's server again (the old one stopped), with @setup run in the child, its
 * log kept for the test to read and no fatal warnings (a warning may be the point).
 * Returns the first line the server printed, "" when it exited without one. */
static char *
launch_server (Fixture *fixture, GSubprocessLauncher *launcher, GSpawnChildSetupFunc setup)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  char *line;

  if (fixture->server != NULL)
    {
      g_subprocess_send_signal (fixture->server, SIGTERM);
      g_subprocess_wait (fixture->server, NULL, NULL);
      g_clear_object (&fixture->server);
    }
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, setup, NULL, NULL);
  fixture->server = g_subprocess_launcher_spawn (
      launcher, &error, g_getenv ("NEUVOKAS_SERVER"), "--data-dir", fixture->server_dir, "serve",
      "--listen", "127.0.0.1:0", "--content-dir", seed, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
  if (line != NULL && strstr (line, "http://") != NULL)
    {
      g_free (fixture->url);
      fixture->url = g_strdup (strstr (line, "http://"));
    }
  return line != NULL ? line : g_strdup ("");
}

/* The kiosk is answered 503 with Retry-After and a JSON error, keeps every event and
 * request, and once the disk takes writes again (no restart) delivers each exactly once;
 * the server says so once, not once a request. */
static void
test_disk_full (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (NvAppointment) request = make_request ();
  g_autoptr (KioskSync) sync = NULL;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GHashTable) on_server = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *log = NULL;
  guint            rows;
  SyncResult       result;

  /* Its log is read from a pipe: with no byte writable, a log file would lose the
   * warning too. */
  line = launch_server (fixture, launcher, ignore_file_size_signal_cb);
  g_assert_nonnull (strstr (line, "http://"));

  sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  run_sync (sync, &result);
  g_assert_true (result.ok);
  add_events (fixture->store, 5, ids);
  g_assert_true (kiosk_store_appointments_add (fixture->store, request, &error));
  g_assert_no_error (error);

  limit_file_size (fixture->server, 0);
  for (guint i = 0; i < 3; i++)
    {
      run_sync (sync, &result);
      g_assert_false (result.ok);
      g_assert_nonnull (strstr (result.error->message, "503"));
      g_clear_error (&result.error);
    }
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 5);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 1);

  /* What the kiosk was answered: 503, when to come back, and a sentence in JSON. */
  url = g_strconcat (fixture->url, "api/v1/kiosk/events", NULL);
  auth = g_strconcat ("Bearer ", fixture->token, NULL);
  msg = soup_message_new ("POST", url);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
  {
    g_autoptr (NvEvent) event = nv_event_new (NV_EVENT_SCREEN_VIEW, ids->pdata[0]);
    g_autoptr (JsonNode) node = NULL;
    g_autofree char *json = NULL;
    g_autofree char *batch = NULL;
    g_autoptr (GBytes) bytes = NULL;

    event->subject = g_strdup ("home");
    node = nv_event_to_json (event);
    json = json_to_string (node, FALSE);
    batch = g_strdup_printf ("{\"events\": [%s]}", json);
    bytes = g_bytes_new (batch, strlen (batch));
    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  }
  body = nv_test_http_send (session, msg, 20000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 503);
  g_assert_cmpstr (
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"), ==,
      "60");
  {
    g_autoptr (JsonNode) answer = json_from_string (g_bytes_get_data (body, NULL), &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (
        json_object_get_string_member (json_node_get_object (answer), "error"), "disk is full"));
  }

  /* Space returns; the same server, not restarted, takes everything, once. */
  limit_file_size (fixture->server, RLIM_INFINITY);
  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 0);
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, NULL);
  log = read_all (g_subprocess_get_stderr_pipe (fixture->server));

  on_server = nv_test_server_event_ids (fixture->server_dir, &rows);
  g_assert_cmpuint (rows, ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_contains (on_server, ids->pdata[i]));
  listed = run_cli (fixture, "appointment", "list", "--all", NULL);
  g_assert_cmpuint (count_occurrences (listed, request->id), ==, 1);
  g_assert_cmpuint (count_occurrences (listed, "Id: "), ==, 1);

  /* Four refused writes, one warning; and one line when writing worked again. */
  g_assert_cmpuint (count_occurrences (log, "Cannot write to the data directory"), ==, 1);
  g_assert_cmpuint (count_occurrences (log, "works again"), ==, 1);
}

/* Root writes through any mode: as root the server runs as nobody, as it runs as its
 * own user when deployed, so that a read-only mode stops it as it would. */
#define UNPRIVILEGED 65534

static void
unprivileged_cb (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getuid () == 0 && (setgid (UNPRIVILEGED) != 0 || setuid (UNPRIVILEGED) != 0))
    _exit (126);
}

/* Gives the server's data directory and its files @dir_mode and @file_mode (and, as root,
 * to nobody). */
static void
set_modes (Fixture *fixture, int dir_mode, int file_mode)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->server_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->server_dir, name, NULL);

      if (getuid () == 0)
        g_assert_cmpint (chown (path, UNPRIVILEGED, UNPRIVILEGED), ==, 0);
      g_assert_cmpint (g_chmod (path, file_mode), ==, 0);
    }
  if (getuid () == 0)
    {
      g_assert_cmpint (chown (fixture->server_dir, UNPRIVILEGED, UNPRIVILEGED), ==, 0);
      g_assert_cmpint (g_chmod (fixture->dir, 0711), ==, 0); /* nobody passes through */
    }
  g_assert_cmpint (g_chmod (fixture->server_dir, dir_mode), ==, 0);
}

/* A data directory the server cannot write (chmod 0500, its files 0400): the server
 * refuses to start with one sentence naming it; the kiosk keeps its events and its
 * request, and once the directory is writable again (systemd restarts the server) all
 * of them arrive exactly once. A mode does not affect files a running server already
 * has open: a file system that turns read-only under it is the disk-full case above. */
static void
test_read_only_data_dir (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (NvAppointment) request = make_request ();
  g_autoptr (KioskSync) sync = NULL;
  g_autoptr (GHashTable) on_server = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *log = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *sentence = NULL;
  guint            rows;
  SyncResult       result;

  sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  run_sync (sync, &result);
  g_assert_true (result.ok);
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_clear_object (&fixture->server);
  add_events (fixture->store, 3, ids);
  g_assert_true (kiosk_store_appointments_add (fixture->store, request, &error));

  set_modes (fixture, 0500, 0400);
  line = launch_server (fixture, launcher, unprivileged_cb);
  g_assert_cmpstr (line, ==, "");
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->server), !=, 0);
  log = read_all (g_subprocess_get_stderr_pipe (fixture->server));
  sentence = g_strdup_printf ("cannot write in the data directory %s", fixture->server_dir);
  g_assert_cmpuint (count_occurrences (log, sentence), ==, 1);
  g_clear_object (&fixture->server);

  run_sync (sync, &result);
  g_assert_false (result.ok);
  g_clear_error (&result.error);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 3);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 1);

  /* Writable again; the server starts (on another port) and takes everything once. */
  set_modes (fixture, 0700, 0600);
  g_free (line);
  line = launch_server (fixture, launcher, unprivileged_cb);
  g_assert_nonnull (strstr (line, "http://"));
  g_clear_object (&sync);
  sync = kiosk_sync_new (fixture->store, fixture->url, fixture->token);
  run_sync (sync, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 0);
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, NULL);

  on_server = nv_test_server_event_ids (fixture->server_dir, &rows);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_contains (on_server, ids->pdata[i]));
  g_assert_cmpuint (g_hash_table_size (on_server), ==, rows); /* none twice */
  listed = run_cli (fixture, "appointment", "list", "--all", NULL);
  g_assert_cmpuint (count_occurrences (listed, request->id), ==, 1);
  g_assert_cmpuint (count_occurrences (listed, "Id: "), ==, 1);
}

int
main (int argc, char **argv)
{
  nv_test_expect_sync_warnings ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-sync/sync-then-not-modified", test_sync_then_not_modified);
  ADD ("/kiosk-sync/server-gone", test_server_gone);
  ADD ("/kiosk-sync/unreachable-from-start", test_unreachable_from_start);
  ADD ("/kiosk-sync/outbox-delivered-once", test_outbox_delivered_once);
  ADD ("/kiosk-sync/outbox-kept-while-server-away", test_outbox_kept_while_server_away);
  ADD ("/kiosk-sync/wrong-token", test_wrong_token);
  ADD ("/kiosk-sync/status-page", test_status_page);
  ADD ("/kiosk-sync/appointment-offline-exactly-once", test_appointment_offline_exactly_once);
  ADD ("/kiosk-sync/appointment-rejected-kept", test_appointment_rejected_kept);
  ADD ("/kiosk-sync/slots-synced", test_slots_synced);
  ADD ("/kiosk-sync/connection-reused", test_connection_reused);
  ADD ("/kiosk-sync/disk-full", test_disk_full);
  ADD ("/kiosk-sync/read-only-data-dir", test_read_only_data_dir);
#undef ADD
  g_test_add_func ("/kiosk-sync/backoff-delays", test_backoff_delays);
  g_test_add_func ("/kiosk-sync/retry-after-honoured", test_retry_after_honoured);
  g_test_add ("/kiosk-sync/default-content-offline", Fixture, "default", fixture_setup,
              test_default_content_offline, fixture_teardown);
  g_test_add ("/kiosk-sync/content-cut-halfway", Fixture, "default", fixture_setup,
              test_content_cut_halfway, fixture_teardown);
  g_test_add ("/kiosk-sync/content-too-large-refused", Fixture, "default", fixture_setup,
              test_content_too_large_refused, fixture_teardown);

  return g_test_run ();
}

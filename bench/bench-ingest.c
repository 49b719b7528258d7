/* bench-ingest.c — usage events per second: over HTTP against in-process inserts
 *
 *   _build/bench/bench-ingest [--events N] [--kiosks K] [--batch B] [--runs R]
 *
 * Baseline: the same JSON bodies parsed (the strict reader), validated and stored
 * through ServerStore in this process, one transaction per body. Measured: K client
 * threads, each a kiosk with its own token, POSTing the bodies to a real ServerHttp on
 * 127.0.0.1 (its own thread and main loop). R runs of each, alternated, each on fresh
 * SQLite files in a temporary directory that is removed; prints each run, min / median /
 * max and the ratio, and how often the server's main loop committed or waited in
 * SQLite's busy handler (both should stay 0: the writer thread does the writing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "nv-json.h"
#include "nv-test-util.h"
#include "server-api.h"
#include "server-api-private.h"
#include "server-store.h"
#include "server-store-kiosks.h"
#include "server-store-events.h"
#include "server-store-private.h"
#include "bench-tmp.h"

static int n_events = 100000;
static int n_kiosks = 8;
static int batch_size = 100;

static char *
make_batch (int first, int count)
{
  GString         *body = g_string_new ("{\"events\":[");
  g_autofree char *session = g_uuid_string_random ();

  for (int i = 0; i < count; i++)
    {
      g_autofree char *id = nv_event_make_id (); /* as kiosks make them */

      /* Kiosks send events in the order they happened: 20 a second from 08:00. */
      g_autoptr (GDateTime) base = g_date_time_new_utc (2026, 11, 20, 8, 0, 0);
      g_autoptr (GDateTime) time = g_date_time_add (base, (GTimeSpan) (first + i) * 50000);
      g_autofree char *stamp = g_date_time_format (time, "%FT%T.%fZ");

      stamp[23] = 'Z'; /* milliseconds */
      stamp[24] = '\0';
      g_string_append_printf (body,
                              "%s{\"id\":\"%s\",\"session\":\"%s\","
                              "\"time\":\"%s\",\"type\":\"step_view\","
                              "\"subject\":\"omaolo\",\"language\":\"fi\",\"text_size\":0,"
                              "\"high_contrast\":false,\"value\":%d,\"detail\":null}",
                              i ? "," : "", id, session, stamp, 1 + i % 7);
    }
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

/* What the server's handler does with a push (server-kiosk-api.c): the strict reader
 * (yajl, then json-glib), the batch's shape, then each item validated on its own. */
static GPtrArray *
parse_events (const char *body)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = nv_json_parse_bytes (bytes, SERVER_KIOSK_BATCH_MAX_BYTES, &error);
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
  JsonNode  *items;

  if (root == NULL)
    g_error ("%s", error->message);
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || (items = json_object_get_member (json_node_get_object (root), "events")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (items)
      || json_array_get_length (json_node_get_array (items)) > SERVER_KIOSK_BATCH_MAX_ITEMS)
    g_error ("not a batch of events");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      NvEvent *event
          = nv_event_from_json (json_array_get_element (json_node_get_array (items), i), &error);

      if (event == NULL)
        g_error ("%s", error->message);
      g_ptr_array_add (events, event);
    }
  return events;
}

/* The baseline: the same bodies parsed, validated and stored in this process, one
 * transaction per body, as a server without HTTP and without other kiosks would. */
static double
in_process_rate (const char *dir, GPtrArray *batches)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (dir, NULL, &error);
  gint64 start;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < batches->len; i++)
    {
      g_autoptr (GPtrArray) events = parse_events (g_ptr_array_index (batches, i));

      if (!server_store_insert_events (store, "kiosk-bench", events, NULL, &error))
        g_error ("%s", error->message);
    }
  return (double) n_events / ((g_get_monotonic_time () - start) / 1e6);
}

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  ServerStore  *store;
  char         *url;
  GMutex        lock;
  GCond         ready;
  guint         commits; /* by the main loop's own connection */
  guint         busy;    /* its busy handler's calls: each a wait for the writer's lock */
} Server;

static int
count_commit_cb (void *data)
{
  ((Server *) data)->commits++;
  return 0;
}

/* Waits as the store's busy timeout would (1 ms a try, 5 s in all), and counts. */
static int
count_busy_cb (void *data, int n_calls)
{
  ((Server *) data)->busy++;
  g_usleep (1000);
  return n_calls < 5000;
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr (ServerHttp) http = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;

  g_main_context_push_thread_default (server->context);
  sqlite3_commit_hook (server_store_get_db (server->store), count_commit_cb, server);
  sqlite3_busy_handler (server_store_get_db (server->store), count_busy_cb, server);
  http = server_api_new_http (server->store, NULL);
  if (!server_http_listen (http, address, &error))
    g_error ("%s", error->message);
  g_mutex_lock (&server->lock);
  server->url = server_http_get_url (http);
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);
  g_main_loop_run (server->loop);
  g_clear_object (&http);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

typedef struct
{
  const char *url;
  char       *token;
  GPtrArray  *batches;
  guint       first, step;
  guint       failures;
} Client;

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (SoupSession) session = NULL;
  g_autofree char *url = g_strconcat (client->url, "api/v1/kiosk/events", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", client->token, NULL);

  g_main_context_push_thread_default (context);
  session = soup_session_new ();
  for (guint i = client->first; i < client->batches->len; i += client->step)
    {
      const char *body = g_ptr_array_index (client->batches, i);
      g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr (GBytes) bytes = g_bytes_new_static (body, strlen (body));
      g_autoptr (GBytes) reply = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      /* A push may be repeated (each event id is stored once): without this libsoup opens
       * a new connection for every POST. */
      soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
      reply = soup_session_send_and_read (session, msg, NULL, NULL);
      if (reply == NULL || soup_message_get_status (msg) != 200)
        client->failures++;
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* The contacts the main loop noted, written by the event writer with the events. */
static guint
count_kiosks_without_contact (ServerStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) kiosks = server_store_list_kiosks (store, &error);
  guint missing = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < kiosks->len; i++)
    missing += ((ServerKiosk *) g_ptr_array_index (kiosks, i))->last_contact == 0;
  return missing;
}

typedef struct
{
  double rate;
  guint  commits;
  guint  busy;
} HttpRun;

static HttpRun
http_rate (const char *dir, GPtrArray *batches)
{
  g_autoptr (GError) error = NULL;
  Server server = { 0 };
  g_autoptr (GPtrArray) clients = g_ptr_array_new ();
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  GThread *thread;
  guint    failures = 0;
  gint64   start, elapsed;
  HttpRun  run;

  server.store = server_store_open (dir, NULL, &error);
  g_assert_no_error (error);
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);
  for (int k = 0; k < n_kiosks; k++)
    {
      Client          *client = g_new0 (Client, 1);
      g_autofree char *id = NULL;

      if (!server_store_add_kiosk (server.store, "Bench", "564", &id, &client->token, &error))
        g_error ("%s", error->message);
      client->batches = batches;
      client->first = k;
      client->step = n_kiosks;
      g_ptr_array_add (clients, client);
    }

  g_mutex_lock (&server.lock);
  thread = g_thread_new ("server", server_thread, &server);
  while (server.url == NULL)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);

  start = g_get_monotonic_time ();
  for (int k = 0; k < n_kiosks; k++)
    {
      Client *client = g_ptr_array_index (clients, k);

      client->url = server.url;
      g_ptr_array_add (threads, g_thread_new ("kiosk", client_thread, client));
    }
  for (guint k = 0; k < threads->len; k++)
    g_thread_join (g_ptr_array_index (threads, k));
  elapsed = g_get_monotonic_time () - start;

  for (guint k = 0; k < clients->len; k++)
    {
      Client *client = g_ptr_array_index (clients, k);

      failures += client->failures;
      g_free (client->token);
      g_free (client);
    }
  if (server_store_count_events (server.store) != n_events || failures > 0)
    g_error ("stored %" G_GINT64_FORMAT " of %d events, %u failed requests",
             server_store_count_events (server.store), n_events, failures);

  g_main_loop_quit (server.loop);
  g_main_context_wakeup (server.context);
  g_thread_join (thread);
  /* The server stopped: its writer wrote every contact noted. */
  sqlite3_commit_hook (server_store_get_db (server.store), NULL, NULL);
  sqlite3_busy_timeout (server_store_get_db (server.store), 5000);
  if (count_kiosks_without_contact (server.store) > 0)
    g_error ("%u kiosks have no contact written", count_kiosks_without_contact (server.store));
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  g_object_unref (server.store);
  g_mutex_clear (&server.lock);
  g_cond_clear (&server.ready);
  g_free (server.url);
  run.rate = (double) n_events / (elapsed / 1e6);
  run.commits = server.commits;
  run.busy = server.busy;
  return run;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* min / median / max, sorting @rates */
static void
print_spread (const char *what, GArray *rates)
{
  g_array_sort (rates, compare_double);
  g_print ("%-26s min %8.0f  median %8.0f  max %8.0f events/s\n", what,
           g_array_index (rates, double, 0), g_array_index (rates, double, rates->len / 2),
           g_array_index (rates, double, rates->len - 1));
}

int
main (int argc, char **argv)
{
  int          n_runs = 3;
  GOptionEntry entries[]
      = { { "events", 0, 0, G_OPTION_ARG_INT, &n_events, "Events in all (100000)", "N" },
          { "kiosks", 0, 0, G_OPTION_ARG_INT, &n_kiosks, "Concurrent kiosks (8)", "K" },
          { "batch", 0, 0, G_OPTION_ARG_INT, &batch_size, "Events per request (100)", "B" },
          { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs of each, alternated (3)", "R" },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("- ingest benchmark");
  g_autoptr (GPtrArray) batches = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) baselines = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) measured = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  guint            busy = 0, commits = 0;
  double           baseline_median, measured_median;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || batch_size < 1 || n_kiosks < 1
      || n_runs < 1 || batch_size > SERVER_KIOSK_BATCH_MAX_ITEMS)
    return 2;
  n_events -= n_events % batch_size;
  for (int first = 0; first < n_events; first += batch_size)
    g_ptr_array_add (batches, make_batch (first, batch_size));
  dir = bench_tmp_dir_new ("ingest");

  g_print ("events: %d in batches of %d, %d concurrent kiosks, %d runs of each\n", n_events,
           batch_size, n_kiosks, n_runs);
  for (int r = 0; r < n_runs; r++)
    {
      g_autofree char *dir_a = g_strdup_printf ("%s/in-process-%d", dir, r);
      g_autofree char *dir_b = g_strdup_printf ("%s/http-%d", dir, r);
      double           baseline;
      HttpRun          run;

      g_mkdir (dir_a, 0700);
      g_mkdir (dir_b, 0700);
      /* Alternated, and each first every other run: neither always follows the other. */
      if (r % 2 == 0)
        {
          baseline = in_process_rate (dir_a, batches);
          run = http_rate (dir_b, batches);
        }
      else
        {
          run = http_rate (dir_b, batches);
          baseline = in_process_rate (dir_a, batches);
        }
      /* Each run on fresh files, and none left behind. */
      nv_test_rm_rf (dir_a);
      nv_test_rm_rf (dir_b);
      g_print ("run %d: in-process %8.0f events/s, HTTP %8.0f events/s, ratio %.2f%s\n", r + 1,
               baseline, run.rate, run.rate / baseline, r % 2 ? " (HTTP first)" : "");
      g_array_append_val (baselines, baseline);
      g_array_append_val (measured, run.rate);
      g_array_append_val (ratios, (double){ run.rate / baseline });
      busy += run.busy;
      commits += run.commits;
    }
  bench_tmp_dir_remove (dir);

  print_spread ("in-process (baseline):", baselines);
  print_spread ("HTTP ingest:", measured);
  g_array_sort (ratios, compare_double);
  baseline_median = g_array_index (baselines, double, n_runs / 2);
  measured_median = g_array_index (measured, double, n_runs / 2);
  g_print ("ratio HTTP / in-process:   min %8.2f  median %8.2f  max %8.2f (of medians %.2f)\n",
           g_array_index (ratios, double, 0), g_array_index (ratios, double, n_runs / 2),
           g_array_index (ratios, double, n_runs - 1), measured_median / baseline_median);
  g_print ("server main loop during HTTP ingest: %u commits, %u busy-handler calls\n", commits,
           busy);
  return 0;
}

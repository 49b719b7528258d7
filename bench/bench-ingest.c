/* bench-ingest.c — usage events per second: over HTTP against in-process inserts
 *
 *   _build/bench/bench-ingest [--events N] [--kiosks K] [--batch B]
 *
 * Baseline: the same rows inserted through ServerStore in batches, in this process.
 * Measured: K client threads, each a kiosk with its own token, POSTing batches to a
 * real ServerHttp on 127.0.0.1 (its own thread and main loop). Both use fresh SQLite
 * files in a temporary directory on the same disk. Prints both rates and the ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "server-api.h"
#include "server-store.h"
#include "server-store-kiosks.h"
#include "server-store-events.h"

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

static GPtrArray *
parse_events (const char *batch)
{
  g_autoptr (JsonNode) root = json_from_string (batch, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "events");
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);

  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (events, nv_event_from_json (json_array_get_element (items, i), NULL));
  return events;
}

/* The baseline: parsing and validating done beforehand, only the store's inserts timed. */
static double
in_process_rate (const char *dir, GPtrArray *batches)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (dir, NULL, &error);
  g_autoptr (GPtrArray) parsed
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gint64 start;

  g_assert_no_error (error);
  for (guint i = 0; i < batches->len; i++)
    g_ptr_array_add (parsed, parse_events (g_ptr_array_index (batches, i)));
  start = g_get_monotonic_time ();
  for (guint i = 0; i < parsed->len; i++)
    if (!server_store_insert_events (store, "kiosk-bench", g_ptr_array_index (parsed, i), NULL,
                                     &error))
      g_error ("%s", error->message);
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
} Server;

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr (ServerHttp) http = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;

  g_main_context_push_thread_default (server->context);
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
      reply = soup_session_send_and_read (session, msg, NULL, NULL);
      if (reply == NULL || soup_message_get_status (msg) != 200)
        client->failures++;
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

static double
http_rate (const char *dir, GPtrArray *batches)
{
  g_autoptr (GError) error = NULL;
  Server server = { 0 };
  g_autoptr (GPtrArray) clients = g_ptr_array_new ();
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  GThread *thread;
  guint    failures = 0;
  gint64   start, elapsed;

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
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  g_object_unref (server.store);
  g_free (server.url);
  return (double) n_events / (elapsed / 1e6);
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[]
      = { { "events", 0, 0, G_OPTION_ARG_INT, &n_events, "Events in all", "N" },
          { "kiosks", 0, 0, G_OPTION_ARG_INT, &n_kiosks, "Concurrent kiosks", "K" },
          { "batch", 0, 0, G_OPTION_ARG_INT, &batch_size, "Events per request", "B" },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("- ingest benchmark");
  g_autoptr (GPtrArray) batches = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_dir_make_tmp ("neuvokas-bench-XXXXXX", NULL);
  g_autofree char *dir_a = g_build_filename (dir, "in-process", NULL);
  g_autofree char *dir_b = g_build_filename (dir, "http", NULL);
  double           baseline, measured;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || batch_size < 1 || n_kiosks < 1)
    return 2;
  n_events -= n_events % batch_size;
  for (int first = 0; first < n_events; first += batch_size)
    g_ptr_array_add (batches, make_batch (first, batch_size));
  g_mkdir (dir_a, 0700);
  g_mkdir (dir_b, 0700);

  baseline = in_process_rate (dir_a, batches);
  measured = http_rate (dir_b, batches);
  g_print ("events: %d in batches of %d, %d concurrent kiosks\n", n_events, batch_size, n_kiosks);
  g_print ("in-process store inserts: %8.0f events/s (baseline)\n", baseline);
  g_print ("HTTP ingest:              %8.0f events/s\n", measured);
  g_print ("ratio HTTP / in-process:  %8.2f\n", measured / baseline);
  return 0;
}

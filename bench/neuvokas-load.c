/* neuvokas-load.c — N simulated kiosks against a server on 127.0.0.1
 *
 *   _build/bench/neuvokas-load [--kiosks N] [--duration SECONDS] [--push-interval S]
 *                              [--sync-interval S] [--events-per-push MAX]
 *                              [--url URL --data-dir DIR]
 *
 * Without --url it starts its own `neuvokas-server serve` (a separate process) on a
 * free port with a fresh store in a temporary directory. The kiosks are registered with
 * `neuvokas-server kiosk add`, each with its own token.
 *
 * Each kiosk, like the real one: a full content sync when it starts (the starts spread
 * over the first push interval), then a content sync every --sync-interval seconds with
 * `since` and `If-None-Match` (mostly 304), and a push of 1 … --events-per-push new
 * usage events every --push-interval seconds (both with ±20 % jitter). All kiosks share
 * one process and one main loop; every request runs concurrently on its own connection.
 *
 * At the end it prints, per endpoint, the requests, the errors and the latency
 * percentiles, then checks the server stored every acknowledged event exactly once.
 * An error is: no answer, a status other than 200 (or 304 for content), an event
 * answered other than "accepted". Exits 1 when there was any error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>

#include "nv-test-util.h"
#include "server-store.h"
#include "server-store-events.h"

static int    n_kiosks = 200;
static int    duration_s = 600;
static double push_interval_s = 5.0;
static double sync_interval_s = 60.0;
static int    events_per_push = 20;
static char  *url_option = NULL;
static char  *data_dir_option = NULL;

typedef enum
{
  ENDPOINT_CONTENT_FULL,
  ENDPOINT_CONTENT_DELTA,
  ENDPOINT_EVENTS,
  N_ENDPOINTS
} Endpoint;

static const char *const endpoint_names[] = {
  "GET content (full)",
  "GET content (since)",
  "POST events",
};

typedef struct
{
  GArray *latencies_us; /* guint32 */
  guint   requests;
  guint   errors;
  guint   not_modified;
  guint64 bytes;
} Stats;

typedef struct _Load Load;

typedef struct
{
  Load  *load;
  int    number;
  char  *authorization;
  char  *session;
  gint64 revision;
  char  *etag;
  guint  pushes_in_session;
} Kiosk;

struct _Load
{
  SoupSession *http;
  char        *url;
  GPtrArray   *kiosks;
  Stats        stats[N_ENDPOINTS];
  GRand       *rand;
  gint64       started;
  gint64       deadline; /* monotonic µs: no new request after it */
  guint        in_flight;
  guint64      events_sent;
  guint64      events_accepted;
  GHashTable  *first_errors; /* message → count, to print what went wrong */
};

typedef struct
{
  Kiosk       *kiosk;
  Endpoint     endpoint;
  SoupMessage *msg;
  gint64       start;
  guint        n_events;
} Request;

static void schedule_push (Kiosk *kiosk, double seconds);
static void schedule_sync (Kiosk *kiosk, double seconds);

static double
jitter (Load *load, double seconds)
{
  return seconds * g_rand_double_range (load->rand, 0.8, 1.2);
}

static void note_error (Load *load, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
note_error (Load *load, const char *format, ...)
{
  va_list args;
  char   *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_hash_table_replace (
      load->first_errors, message,
      GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (load->first_errors, message)) + 1));
}

static void
finish_request (Request *request, gboolean ok, gsize bytes)
{
  Load   *load = request->kiosk->load;
  Stats  *stats = &load->stats[request->endpoint];
  guint32 latency = (guint32) MIN (g_get_monotonic_time () - request->start, G_MAXUINT32);

  stats->requests++;
  stats->bytes += bytes;
  g_array_append_val (stats->latencies_us, latency);
  if (!ok)
    stats->errors++;
  load->in_flight--;
  g_object_unref (request->msg);
  g_free (request);
}

static void
content_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  Kiosk   *kiosk = request->kiosk;
  Load    *load = kiosk->load;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body
      = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint    status = soup_message_get_status (request->msg);
  gboolean ok = FALSE;

  if (body == NULL)
    note_error (load, "content: %s", error->message);
  else if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      load->stats[request->endpoint].not_modified++;
      ok = TRUE;
    }
  else if (status != SOUP_STATUS_OK)
    note_error (load, "content: HTTP %u", status);
  else
    {
      g_autoptr (NvContent) content = nv_content_from_bytes (body, &error);

      if (content == NULL)
        note_error (load, "content: %s", error->message);
      else
        {
          kiosk->revision = content->revision;
          g_free (kiosk->etag);
          kiosk->etag = g_strdup (soup_message_headers_get_one (
              soup_message_get_response_headers (request->msg), "ETag"));
          ok = TRUE;
        }
    }
  finish_request (request, ok, body != NULL ? g_bytes_get_size (body) : 0);
  schedule_sync (kiosk, jitter (load, sync_interval_s));
}

static void
sync_content (Kiosk *kiosk)
{
  Load               *load = kiosk->load;
  Request            *request = g_new0 (Request, 1);
  g_autofree char    *url = g_strdup_printf ("%sapi/v1/kiosk/content?since=%" G_GINT64_FORMAT,
                                             load->url, kiosk->revision);
  g_autofree char    *revision = g_strdup_printf ("%" G_GINT64_FORMAT, kiosk->revision);
  SoupMessageHeaders *headers;

  request->kiosk = kiosk;
  request->endpoint = kiosk->revision == 0 ? ENDPOINT_CONTENT_FULL : ENDPOINT_CONTENT_DELTA;
  request->msg = soup_message_new ("GET", url);
  headers = soup_message_get_request_headers (request->msg);
  soup_message_headers_replace (headers, "Authorization", kiosk->authorization);
  soup_message_headers_replace (headers, "X-Neuvokas-Content-Revision", revision);
  if (kiosk->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", kiosk->etag);
  request->start = g_get_monotonic_time ();
  load->in_flight++;
  soup_session_send_and_read_async (load->http, request->msg, G_PRIORITY_DEFAULT, NULL,
                                    content_done_cb, request);
}

static JsonNode *
parse_json (GBytes *bytes, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize       size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, NV_ERROR, NV_ERROR_PARSE, "the answer is not an object");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

static void
events_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  Kiosk   *kiosk = request->kiosk;
  Load    *load = kiosk->load;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body
      = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = soup_message_get_status (request->msg);
  g_autoptr (JsonNode) node = NULL;
  gboolean ok = FALSE;

  if (body == NULL)
    note_error (load, "events: %s", error->message);
  else if (status != SOUP_STATUS_OK)
    note_error (load, "events: HTTP %u", status);
  else if ((node = parse_json (body, &error)) == NULL)
    note_error (load, "events: %s", error->message);
  else
    {
      JsonArray *results = json_object_get_array_member (json_node_get_object (node), "results");
      guint      accepted = 0;

      for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
        {
          JsonObject *item = json_array_get_object_element (results, i);
          const char *answer = json_object_get_string_member_with_default (item, "status", "");

          if (g_str_equal (answer, "accepted"))
            accepted++;
          else
            note_error (load, "events: an item was %s", answer);
        }
      load->events_accepted += accepted;
      ok = accepted == request->n_events;
    }
  finish_request (request, ok, body != NULL ? g_bytes_get_size (body) : 0);
  schedule_push (kiosk, jitter (load, push_interval_s));
}

static const char *const screens[] = { "home", "categories", "guide-list", "guide", "directory" };
static const char *const guides[]
    = { "omaolo", "116117-or-112", "strong-identification", "omakanta", "scams", "video-calls" };

static void
push_events (Kiosk *kiosk)
{
  Load            *load = kiosk->load;
  Request         *request = g_new0 (Request, 1);
  g_autofree char *url = g_strconcat (load->url, "api/v1/kiosk/events", NULL);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) body = NULL;
  guint n = g_rand_int_range (load->rand, 1, events_per_push + 1);

  /* A new visitor now and then: a new session id. */
  if (kiosk->session == NULL || kiosk->pushes_in_session++ > 6)
    {
      g_free (kiosk->session);
      kiosk->session = g_uuid_string_random ();
      kiosk->pushes_in_session = 0;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      static const NvEventType types[]
          = { NV_EVENT_SCREEN_VIEW, NV_EVENT_GUIDE_VIEW, NV_EVENT_STEP_VIEW };
      NvEventType type = types[g_rand_int_range (load->rand, 0, G_N_ELEMENTS (types))];
      g_autoptr (NvEvent) event = nv_event_new (type, kiosk->session);

      event->language = (NvLang) g_rand_int_range (load->rand, 0, 3);
      if (type == NV_EVENT_SCREEN_VIEW)
        event->subject
            = g_strdup (screens[g_rand_int_range (load->rand, 0, G_N_ELEMENTS (screens))]);
      else
        event->subject = g_strdup (guides[g_rand_int_range (load->rand, 0, G_N_ELEMENTS (guides))]);
      if (type == NV_EVENT_STEP_VIEW)
        event->value = g_rand_int_range (load->rand, 1, 8);
      json_builder_add_value (builder, nv_event_to_json (event));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = nv_json_to_bytes (root);

  request->kiosk = kiosk;
  request->endpoint = ENDPOINT_EVENTS;
  request->n_events = n;
  request->msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (request->msg), "Authorization",
                                kiosk->authorization);
  soup_message_set_request_body_from_bytes (request->msg, "application/json", body);
  request->start = g_get_monotonic_time ();
  load->in_flight++;
  load->events_sent += n;
  soup_session_send_and_read_async (load->http, request->msg, G_PRIORITY_DEFAULT, NULL,
                                    events_done_cb, request);
}

static gboolean
push_cb (gpointer data)
{
  push_events (data);
  return G_SOURCE_REMOVE;
}

static gboolean
sync_cb (gpointer data)
{
  sync_content (data);
  return G_SOURCE_REMOVE;
}

static void
schedule_push (Kiosk *kiosk, double seconds)
{
  if (g_get_monotonic_time () + seconds * G_USEC_PER_SEC < kiosk->load->deadline)
    g_timeout_add ((guint) (seconds * 1000), push_cb, kiosk);
}

static void
schedule_sync (Kiosk *kiosk, double seconds)
{
  if (g_get_monotonic_time () + seconds * G_USEC_PER_SEC < kiosk->load->deadline)
    g_timeout_add ((guint) (seconds * 1000), sync_cb, kiosk);
}

static int
compare_guint32 (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *sorted, double p)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = (guint) MIN (sorted->len - 1, p / 100.0 * sorted->len);
  return g_array_index (sorted, guint32, index) / 1000.0;
}

static gboolean
progress_cb (gpointer data)
{
  Load *load = data;
  guint requests = 0, errors = 0;

  for (int e = 0; e < N_ENDPOINTS; e++)
    {
      requests += load->stats[e].requests;
      errors += load->stats[e].errors;
    }
  g_printerr ("%4.0f s: %u requests, %u errors, %" G_GUINT64_FORMAT " events acknowledged, "
              "%u in flight\n",
              (g_get_monotonic_time () - load->started) / 1e6, requests, errors,
              load->events_accepted, load->in_flight);
  return G_SOURCE_CONTINUE;
}

static void
wake_cb (gpointer data)
{
  /* Only wakes the loop in main() at the deadline. */
}

static char *
register_kiosk (const char *data_dir, int number)
{
  g_autofree char *name = g_strdup_printf ("Load kiosk %d", number);
  const char      *argv[]
      = { NEUVOKAS_SERVER_EXE, "--data-dir", data_dir, "kiosk", "add", "--name", name,
          "--municipality",    "564",        NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("kiosk add: %s", error->message);
  lines = g_strsplit (out, "\n", -1);
  if (g_strv_length (lines) < 2 || !g_str_has_prefix (lines[1], "nvk_"))
    g_error ("kiosk add printed no token");
  return g_strdup (lines[1]);
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[]
      = { { "kiosks", 'k', 0, G_OPTION_ARG_INT, &n_kiosks, "Simulated kiosks (200)", "N" },
          { "duration", 'd', 0, G_OPTION_ARG_INT, &duration_s, "Seconds to run (600)", "SECONDS" },
          { "push-interval", 0, 0, G_OPTION_ARG_DOUBLE, &push_interval_s,
            "Seconds between each kiosk's event pushes (5)", "S" },
          { "sync-interval", 0, 0, G_OPTION_ARG_DOUBLE, &sync_interval_s,
            "Seconds between each kiosk's content syncs (60)", "S" },
          { "events-per-push", 0, 0, G_OPTION_ARG_INT, &events_per_push,
            "Most events in one push (20)", "N" },
          { "url", 0, 0, G_OPTION_ARG_STRING, &url_option,
            "A running server's URL (default: start one)", "URL" },
          { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir_option,
            "The running server's data directory, to register kiosks and count events", "DIR" },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("- simulated kiosks");
  g_autofree char *tmp = NULL;
  g_autofree char *data_dir = NULL;
  NvTestServer    *server = NULL;
  Load             load = { 0 };
  guint            errors = 0;
  gint64           stored = -1;
  guint            progress;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || n_kiosks < 1 || duration_s < 1
      || push_interval_s <= 0 || sync_interval_s <= 0 || events_per_push < 1
      || events_per_push > 1000 || (url_option != NULL) != (data_dir_option != NULL))
    {
      g_printerr ("neuvokas-load: see --help (--url and --data-dir go together)\n");
      return 2;
    }

  if (url_option == NULL)
    {
      tmp = g_dir_make_tmp ("neuvokas-load-XXXXXX", NULL);
      data_dir = g_build_filename (tmp, "server", NULL);
      server = nv_test_server_start (NEUVOKAS_SERVER_EXE, data_dir, NULL);
      load.url = g_strdup (nv_test_server_get_url (server));
    }
  else
    {
      data_dir = g_strdup (data_dir_option);
      load.url = g_str_has_suffix (url_option, "/") ? g_strdup (url_option)
                                                    : g_strconcat (url_option, "/", NULL);
    }

  load.http = soup_session_new_with_options ("max-conns", n_kiosks * 2 + 8, "max-conns-per-host",
                                             n_kiosks * 2 + 8, "timeout", 60, NULL);
  load.rand = g_rand_new ();
  load.kiosks = g_ptr_array_new ();
  load.first_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int e = 0; e < N_ENDPOINTS; e++)
    load.stats[e].latencies_us = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_printerr ("registering %d kiosks…\n", n_kiosks);
  for (int k = 0; k < n_kiosks; k++)
    {
      Kiosk           *kiosk = g_new0 (Kiosk, 1);
      g_autofree char *token = register_kiosk (data_dir, k + 1);

      kiosk->load = &load;
      kiosk->number = k + 1;
      kiosk->authorization = g_strconcat ("Bearer ", token, NULL);
      g_ptr_array_add (load.kiosks, kiosk);
    }

  g_printerr ("%d kiosks against %s for %d s\n", n_kiosks, load.url, duration_s);
  load.started = g_get_monotonic_time ();
  load.deadline = load.started + (gint64) duration_s * G_USEC_PER_SEC;
  for (guint k = 0; k < load.kiosks->len; k++)
    {
      Kiosk *kiosk = g_ptr_array_index (load.kiosks, k);

      /* Kiosks are switched on over the first push interval, not all at once. */
      schedule_sync (kiosk, g_rand_double_range (load.rand, 0, push_interval_s));
      schedule_push (kiosk, g_rand_double_range (load.rand, push_interval_s, 2 * push_interval_s));
    }
  progress = g_timeout_add_seconds (10, progress_cb, &load);
  g_timeout_add_once ((guint) duration_s * 1000, wake_cb, NULL);
  while (g_get_monotonic_time () < load.deadline || load.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (progress);

  /* What the server stored: every acknowledged event, once. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (ServerStore) store = server_store_open (data_dir, NULL, &error);

    if (store != NULL)
      stored = server_store_count_events (store);
    else
      g_printerr ("cannot count the stored events: %s\n", error->message);
  }
  if (server != NULL)
    nv_test_server_stop (server);

  g_print ("%d kiosks, %d s, push every %.0f s (1–%d events), content sync every %.0f s\n",
           n_kiosks, duration_s, push_interval_s, events_per_push, sync_interval_s);
  g_print ("%-22s %9s %7s %6s %9s %9s %9s %9s\n", "endpoint", "requests", "errors", "304", "p50 ms",
           "p90 ms", "p99 ms", "max ms");
  for (int e = 0; e < N_ENDPOINTS; e++)
    {
      Stats *stats = &load.stats[e];

      g_array_sort (stats->latencies_us, compare_guint32);
      g_print ("%-22s %9u %7u %6u %9.1f %9.1f %9.1f %9.1f\n", endpoint_names[e], stats->requests,
               stats->errors, stats->not_modified, percentile_ms (stats->latencies_us, 50),
               percentile_ms (stats->latencies_us, 90), percentile_ms (stats->latencies_us, 99),
               percentile_ms (stats->latencies_us, 100));
      errors += stats->errors;
    }
  g_print ("events: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT
           " acknowledged, %" G_GINT64_FORMAT " stored (%.0f events/s)\n",
           load.events_sent, load.events_accepted, stored,
           load.events_accepted / (double) duration_s);
  {
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init (&iter, load.first_errors);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_print ("  %u × %s\n", GPOINTER_TO_UINT (value), (const char *) key);
  }
  /* Against a server of our own, everything it stored came from us. */
  if (server != NULL && stored != (gint64) load.events_accepted)
    {
      g_print ("MISMATCH: the server stored %" G_GINT64_FORMAT " events, %" G_GUINT64_FORMAT
               " were acknowledged\n",
               stored, load.events_accepted);
      errors++;
    }
  g_print ("%s: %u errors\n", errors == 0 ? "PASS" : "FAIL", errors);
  if (tmp != NULL)
    nv_test_rm_rf (tmp);
  return errors == 0 ? 0 : 1;
}

/* neuvokas-load.c — N simulated kiosks against a server on 127.0.0.1
 *
 *   _build/bench/neuvokas-load [--kiosks N] [--duration SECONDS] [--threads T]
 *                              [--push-interval S] [--sync-interval S]
 *                              [--events-per-push MAX] [--publish-interval S]
 *                              [--url URL --data-dir DIR [--server-pid PID]]
 *
 * Without --url it starts its own `neuvokas-server serve` (a separate process) on a
 * free port with a fresh store in a temporary directory, which it removes at the end.
 * The kiosks (and, for its own server, an advisor) are registered in the store before
 * the run, each kiosk with its own token.
 *
 * Each kiosk, like the real one: a full content sync when it starts (the starts spread
 * over the first push interval), then a content sync every --sync-interval seconds with
 * `since` and `If-None-Match`, and a push of 1 … --events-per-push new usage events every
 * --push-interval seconds (both with ±20 % jitter). Against its own server an advisor
 * publishes an organisation every --publish-interval seconds, so the polls that follow
 * get a delta, not only 304.
 *
 * What is the server's time and what is the client's own are measured apart, since the
 * client shares the machine with the server:
 * - the kiosks are split over T threads, each with its own main loop and SoupSession
 *   on kept-alive connections, at most 48 from an address of its own (the server refuses
 *   a 65th from one address);
 * - a request's time is from the moment it is written (or its connection opened) to its
 *   answer's last byte, from libsoup's own timestamps (SoupMessageMetrics); the time a
 *   request waited in the client for a free connection is reported apart (queued);
 * - every thread's loop is probed every 10 ms: how late the probe runs is the client's
 *   own lag, reported apart (a late loop also reads answers late);
 * - the server's CPU is read from /proc/PID/stat (its own process, or --server-pid),
 *   and the client's own from getrusage.
 *
 * At the end it prints, per endpoint, the requests, the errors and the percentiles, then
 * checks the server stored every acknowledged event exactly once. An error is: no answer,
 * a status other than 200 (or 304 for content), an event answered other than "accepted".
 * Exits 1 when there was any error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <sys/resource.h>
#include <unistd.h>

#include "nv-sqlite.h"
#include "nv-test-staff.h"
#include "nv-test-util.h"
#include "server-store.h"
#include "server-store-events.h"
#include "server-store-kiosks.h"
#include "server-store-private.h"
#include "server-store-users.h"

static int      n_kiosks = 200;
static int      duration_s = 600;
static int      n_threads = 4;
static double   push_interval_s = 5.0;
static double   sync_interval_s = 60.0;
static double   publish_interval_s = 90.0;
static int      events_per_push = 20;
static char    *url_option = NULL;
static char    *data_dir_option = NULL;
static int      server_pid_option = 0;
static gboolean new_connection_per_push = FALSE;

/* The server refuses a 65th connection from one address, and any past 512: each thread
 * connects from an address of its own (127.0.0.2, .3, …) with at most 48. */
#define CONNECTIONS_PER_THREAD 48
#define MAX_THREADS 10
#define PROBE_INTERVAL_MS 10

typedef enum
{
  ENDPOINT_CONTENT_FULL,
  ENDPOINT_CONTENT_NOT_MODIFIED,
  ENDPOINT_CONTENT_DELTA,
  ENDPOINT_EVENTS,
  ENDPOINT_PUBLISH,
  N_ENDPOINTS
} Endpoint;

static const char *const endpoint_names[] = {
  "GET content (full)", "GET content (304)", "GET content (delta)",
  "POST events",        "advisor publishes",
};

typedef struct
{
  GArray *server_us; /* guint32: written (or connecting) → last byte of the answer */
  GArray *queued_us; /* guint32: asked for → written: waiting for a connection */
  guint   requests;
  guint   errors;
} Stats;

typedef struct _Load   Load;
typedef struct _Worker Worker;

typedef struct
{
  Worker *worker;
  char   *authorization;
  char   *session;
  gint64  revision;
  char   *etag;
  guint   pushes_in_session;
} Kiosk;

/* One client thread: its kiosks, its loop, its connections. */
struct _Worker
{
  Load           *load;
  GThread        *thread;
  GMainContext   *context;
  SoupSession    *http;
  GRand          *rand;
  GPtrArray      *kiosks;
  Stats           stats[N_ENDPOINTS];
  GArray         *lag_us;             /* guint32: how late each probe of the loop ran */
  GSocketAddress *address;            /* its own: 127.0.0.2, .3, … */
  GBytes         *validated;          /* the last full bundle parsed and validated */
  gint64          validated_revision; /* its revision */
  gint64          probe_due;
  guint           in_flight; /* requests handed to libsoup, at most CONNECTIONS_PER_THREAD */
  GQueue          waiting;   /* requests waiting for one of those to end: libsoup walks its
                              * whole queue on every dispatch, too slow with thousands */
  gint requests;             /* atomic, for the progress line */
  gint errors;               /* atomic */
  gint events_sent;
  gint events_accepted; /* atomic */
};

struct _Load
{
  char       *url;
  GPtrArray  *workers;
  gint64      started;
  gint64      deadline; /* monotonic µs: no new request after it */
  gint        stopping; /* atomic: interrupted, stop as at the deadline */
  GMutex      lock;
  GHashTable *first_errors; /* message → count, to print what went wrong; under the lock */
};

typedef struct
{
  Kiosk              *kiosk;
  SoupMessage        *msg;
  GAsyncReadyCallback callback;
  gint64              asked;
  guint               n_events;
} Request;

/* Whether a request may still start at @when (monotonic µs). */
static gboolean
load_running (Load *load, gint64 when)
{
  return when < load->deadline && !g_atomic_int_get (&load->stopping);
}

static void schedule_push (Kiosk *kiosk, double seconds);
static void schedule_sync (Kiosk *kiosk, double seconds);

static void
stats_init (Stats *stats)
{
  stats->server_us = g_array_new (FALSE, FALSE, sizeof (guint32));
  stats->queued_us = g_array_new (FALSE, FALSE, sizeof (guint32));
}

static void
append_us (GArray *array, gint64 us)
{
  guint32 value = (guint32) CLAMP (us, 0, G_MAXUINT32);

  g_array_append_val (array, value);
}

static double
jitter (Worker *worker, double seconds)
{
  return seconds * g_rand_double_range (worker->rand, 0.8, 1.2);
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
  g_mutex_lock (&load->lock);
  g_hash_table_replace (
      load->first_errors, message,
      GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (load->first_errors, message)) + 1));
  g_mutex_unlock (&load->lock);
}

/* The server's share of a request, by libsoup's clock (g_get_monotonic_time): from
 * opening the connection, or else writing the request, to the answer's last byte. */
static void
record_times (Stats *stats, SoupMessage *msg, gint64 asked)
{
  SoupMessageMetrics *metrics = soup_message_get_metrics (msg);
  gint64              now = g_get_monotonic_time ();
  gint64              start = 0, end = 0;

  if (metrics != NULL)
    {
      start = (gint64) soup_message_metrics_get_connect_start (metrics);
      if (start == 0)
        start = (gint64) soup_message_metrics_get_request_start (metrics);
      end = (gint64) soup_message_metrics_get_response_end (metrics);
    }
  if (start == 0 || end < start)
    {
      /* No answer: all of it, as the kiosk saw it. */
      start = asked;
      end = now;
    }
  append_us (stats->server_us, end - start);
  append_us (stats->queued_us, start - asked);
}

static void
start_request (Request *request)
{
  Worker *worker = request->kiosk->worker;

  worker->in_flight++;
  soup_session_send_and_read_async (worker->http, request->msg, G_PRIORITY_DEFAULT, NULL,
                                    request->callback, request);
}

static void
finish_request (Request *request, Endpoint endpoint, gboolean ok)
{
  Worker *worker = request->kiosk->worker;
  Stats  *stats = &worker->stats[endpoint];

  stats->requests++;
  record_times (stats, request->msg, request->asked);
  g_atomic_int_inc (&worker->requests);
  if (!ok)
    {
      stats->errors++;
      g_atomic_int_inc (&worker->errors);
    }
  g_object_unref (request->msg);
  g_free (request);
  worker->in_flight--;
  if (worker->waiting.length > 0)
    start_request (g_queue_pop_head (&worker->waiting));
}

static Request *
new_request (Kiosk *kiosk, const char *method, const char *url)
{
  Request *request = g_new0 (Request, 1);

  request->kiosk = kiosk;
  request->msg = soup_message_new (method, url);
  soup_message_add_flags (request->msg, SOUP_MESSAGE_COLLECT_METRICS);
  soup_message_headers_replace (soup_message_get_request_headers (request->msg), "Authorization",
                                kiosk->authorization);
  return request;
}

static void
send_request (Request *request, GAsyncReadyCallback callback)
{
  Worker *worker = request->kiosk->worker;

  request->asked = g_get_monotonic_time ();
  request->callback = callback;
  if (worker->in_flight < CONNECTIONS_PER_THREAD)
    start_request (request);
  else
    g_queue_push_tail (&worker->waiting, request);
}

/* What the kiosk asks with next: the revision it now holds, and its ETag. */
static void
hold_content (Kiosk *kiosk, SoupMessage *msg, gint64 revision)
{
  kiosk->revision = revision;
  g_free (kiosk->etag);
  kiosk->etag
      = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));
}

static void
content_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  Kiosk   *kiosk = request->kiosk;
  Worker  *worker = kiosk->worker;
  Load    *load = worker->load;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body
      = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint    status = soup_message_get_status (request->msg);
  Endpoint endpoint = kiosk->revision == 0 ? ENDPOINT_CONTENT_FULL : ENDPOINT_CONTENT_DELTA;
  gboolean ok = FALSE;

  if (body == NULL)
    note_error (load, "content: %s", error->message);
  else if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      endpoint = ENDPOINT_CONTENT_NOT_MODIFIED;
      ok = TRUE;
    }
  else if (status != SOUP_STATUS_OK)
    note_error (load, "content: HTTP %u %.*s", status, (int) MIN (g_bytes_get_size (body), 200),
                (const char *) g_bytes_get_data (body, NULL));
  else if (worker->validated != NULL && g_bytes_equal (body, worker->validated))
    {
      /* The same bundle as one validated already: thousands of kiosks starting would
       * otherwise parse it thousands of times in this one process, a lag of the client's
       * that is no time of the server's. Each real kiosk parses its own. */
      hold_content (kiosk, request->msg, worker->validated_revision);
      ok = TRUE;
    }
  else
    {
      g_autoptr (NvContent) content = nv_content_from_bytes (body, &error);

      if (content == NULL)
        note_error (load, "content: %s", error->message);
      else
        {
          if (endpoint == ENDPOINT_CONTENT_FULL)
            {
              g_clear_pointer (&worker->validated, g_bytes_unref);
              worker->validated = g_bytes_ref (body);
              worker->validated_revision = content->revision;
            }
          hold_content (kiosk, request->msg, content->revision);
          ok = TRUE;
        }
    }
  finish_request (request, endpoint, ok);
  schedule_sync (kiosk, jitter (worker, sync_interval_s));
}

static void
sync_content (Kiosk *kiosk)
{
  Load               *load = kiosk->worker->load;
  g_autofree char    *url = g_strdup_printf ("%sapi/v1/kiosk/content?since=%" G_GINT64_FORMAT,
                                             load->url, kiosk->revision);
  g_autofree char    *revision = g_strdup_printf ("%" G_GINT64_FORMAT, kiosk->revision);
  Request            *request = new_request (kiosk, "GET", url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (request->msg);

  soup_message_headers_replace (headers, "X-Neuvokas-Content-Revision", revision);
  if (kiosk->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", kiosk->etag);
  send_request (request, content_done_cb);
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
  Worker  *worker = kiosk->worker;
  Load    *load = worker->load;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body
      = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = soup_message_get_status (request->msg);
  g_autoptr (JsonNode) node = NULL;
  gboolean ok = FALSE;

  if (body == NULL)
    note_error (load, "events: %s", error->message);
  else if (status != SOUP_STATUS_OK)
    note_error (load, "events: HTTP %u %.*s", status, (int) MIN (g_bytes_get_size (body), 200),
                (const char *) g_bytes_get_data (body, NULL));
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
      g_atomic_int_add (&worker->events_accepted, (gint) accepted);
      ok = accepted == request->n_events;
    }
  finish_request (request, ENDPOINT_EVENTS, ok);
  schedule_push (kiosk, jitter (worker, push_interval_s));
}

static const char *const screens[] = { "home", "categories", "guide-list", "guide", "directory" };
static const char *const guides[]
    = { "omaolo", "116117-or-112", "strong-identification", "omakanta", "scams", "video-calls" };

static void
push_events (Kiosk *kiosk)
{
  Worker          *worker = kiosk->worker;
  g_autofree char *url = g_strconcat (worker->load->url, "api/v1/kiosk/events", NULL);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) body = NULL;
  guint    n = g_rand_int_range (worker->rand, 1, events_per_push + 1);
  Request *request;

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
      NvEventType type = types[g_rand_int_range (worker->rand, 0, G_N_ELEMENTS (types))];
      g_autoptr (NvEvent) event = nv_event_new (type, kiosk->session);

      event->language = (NvLang) g_rand_int_range (worker->rand, 0, 3);
      if (type == NV_EVENT_SCREEN_VIEW)
        event->subject
            = g_strdup (screens[g_rand_int_range (worker->rand, 0, G_N_ELEMENTS (screens))]);
      else
        event->subject
            = g_strdup (guides[g_rand_int_range (worker->rand, 0, G_N_ELEMENTS (guides))]);
      if (type == NV_EVENT_STEP_VIEW)
        event->value = g_rand_int_range (worker->rand, 1, 8);
      json_builder_add_value (builder, nv_event_to_json (event));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = nv_json_to_bytes (root);

  request = new_request (kiosk, "POST", url);
  request->n_events = n;
  /* libsoup opens a new connection for every POST unless told it may be repeated, which a
   * push may: the server stores each event id once. */
  if (!new_connection_per_push)
    soup_message_add_flags (request->msg, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_set_request_body_from_bytes (request->msg, "application/json", body);
  worker->events_sent += n;
  send_request (request, events_done_cb);
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

/* In the worker's own context: g_timeout_add would use the global default one. */
static void
add_timeout (Worker *worker, guint ms, GSourceFunc func, gpointer data)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, worker->context);
  g_source_unref (source);
}

static void
schedule_push (Kiosk *kiosk, double seconds)
{
  if (load_running (kiosk->worker->load, g_get_monotonic_time () + seconds * G_USEC_PER_SEC))
    add_timeout (kiosk->worker, (guint) (seconds * 1000), push_cb, kiosk);
}

static void
schedule_sync (Kiosk *kiosk, double seconds)
{
  if (load_running (kiosk->worker->load, g_get_monotonic_time () + seconds * G_USEC_PER_SEC))
    add_timeout (kiosk->worker, (guint) (seconds * 1000), sync_cb, kiosk);
}

/* How late the loop runs a timer that is due: time this thread's kiosks would wait. */
static gboolean
probe_cb (gpointer data)
{
  Worker *worker = data;
  gint64  now = g_get_monotonic_time ();

  append_us (worker->lag_us, now - worker->probe_due);
  worker->probe_due = now + PROBE_INTERVAL_MS * 1000;
  return load_running (worker->load, now);
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  Load   *load = worker->load;

  g_main_context_push_thread_default (worker->context);
  worker->http = soup_session_new_with_options (
      "max-conns", CONNECTIONS_PER_THREAD, "max-conns-per-host", CONNECTIONS_PER_THREAD,
      "local-address", worker->address, "timeout", 60, NULL);
  for (guint k = 0; k < worker->kiosks->len; k++)
    {
      Kiosk *kiosk = g_ptr_array_index (worker->kiosks, k);

      /* Kiosks are switched on over the first push interval, not all at once. */
      schedule_sync (kiosk, g_rand_double_range (worker->rand, 0, push_interval_s));
      schedule_push (kiosk,
                     g_rand_double_range (worker->rand, push_interval_s, 2 * push_interval_s));
    }
  worker->probe_due = g_get_monotonic_time () + PROBE_INTERVAL_MS * 1000;
  add_timeout (worker, PROBE_INTERVAL_MS, probe_cb, worker);
  while (load_running (load, g_get_monotonic_time ()) || worker->in_flight > 0)
    g_main_context_iteration (worker->context, TRUE);
  g_assert (worker->waiting.length == 0);
  g_clear_object (&worker->http);
  g_clear_pointer (&worker->validated, g_bytes_unref);
  g_main_context_pop_thread_default (worker->context);
  return NULL;
}

/* CPU seconds (user + system) a process has used, from /proc/PID/stat; < 0 if unknown. */
static double
process_cpu_s (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after;

  if (pid <= 0 || !g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* After "pid (comm) ": state is the first field, utime the 12th, stime the 13th. */
  if ((after = strrchr (text, ')')) == NULL)
    return -1;
  fields = g_strsplit (after + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / sysconf (_SC_CLK_TCK);
}

/* Seconds the threads of process @pid have waited, runnable, for a CPU (the second field
 * of each task's schedstat): what a loaded machine adds to the server's answers. */
static double
process_cpu_wait_s (int pid)
{
  g_autofree char *tasks = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr (GDir) dir = pid > 0 ? g_dir_open (tasks, 0, NULL) : NULL;
  const char *task;
  double      wait_ns = 0;

  if (dir == NULL)
    return -1;
  while ((task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tasks, task, "schedstat", NULL);
      g_autofree char *text = NULL;
      g_auto (GStrv) fields = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL)
          && g_strv_length (fields = g_strsplit (text, " ", 3)) == 3)
        wait_ns += g_ascii_strtod (fields[1], NULL);
    }
  return wait_ns / 1e9;
}

static double
own_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The machine's load averages over 1, 5 and 15 minutes: "1.20 0.80 0.50". */
static char *
read_loadavg (void)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL)
      || g_strv_length (fields = g_strsplit (text, " ", 4)) < 4)
    return g_strdup ("unknown");
  return g_strdup_printf ("%s %s %s", fields[0], fields[1], fields[2]);
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

/* The kiosks (and the advisor) straight into the store: registering 5,000 kiosks one
 * `kiosk add` at a time would take minutes. */
static void
register_kiosks (const char *data_dir, Load *load, const char *advisor_password)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (data_dir, NULL, &error);
  sqlite3 *db;

  if (store == NULL)
    g_error ("%s", error->message);
  db = server_store_get_db (store);
  if (advisor_password != NULL
      && !server_store_add_user (store, "load-advisor", SERVER_ROLE_ADVISOR, advisor_password,
                                 &error))
    g_error ("%s", error->message);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, &error))
    g_error ("%s", error->message);
  for (int k = 0; k < n_kiosks; k++)
    {
      Worker          *worker = g_ptr_array_index (load->workers, k % n_threads);
      Kiosk           *kiosk = g_new0 (Kiosk, 1);
      g_autofree char *name = g_strdup_printf ("Load kiosk %d", k + 1);
      g_autofree char *id = NULL;
      g_autofree char *token = NULL;

      if (!server_store_add_kiosk (store, name, "564", &id, &token, &error))
        g_error ("%s", error->message);
      kiosk->worker = worker;
      kiosk->authorization = g_strconcat ("Bearer ", token, NULL);
      g_ptr_array_add (worker->kiosks, kiosk);
    }
  if (!nv_sqlite_end (db, TRUE, &error))
    g_error ("%s", error->message);
}

/* An advisor saves an organisation, published at once: the next polls get a delta. */
static void
publish (NvTestStaff *advisor, Stats *stats, guint number)
{
  g_autofree char *body = g_strdup_printf (
      "{\"organisation\": {\"id\": \"load-test-place\", \"name\": {\"fi\": \"Kuormitustesti %u\"},"
      " \"kind\": \"digital-support\", \"municipality\": \"564\"}}",
      number);
  gint64 start = g_get_monotonic_time ();
  guint  status
      = nv_test_staff_send (advisor, "POST", "/api/v1/staff/organisations", body, NULL, NULL);

  append_us (stats->server_us, g_get_monotonic_time () - start);
  append_us (stats->queued_us, 0);
  stats->requests++;
  if (status != SOUP_STATUS_OK)
    stats->errors++;
}

/* The server's own time for each request, from its access log ("POST /api/v1/kiosk/events
 * 200 3.1 ms", docs/deployment.md), read from its standard output as it writes it. */
typedef struct
{
  GDataInputStream *lines;
  Stats             stats[N_ENDPOINTS]; /* content 200 is under full, whether full or delta */
} AccessLog;

static gpointer
access_log_thread (gpointer data)
{
  AccessLog *log = data;
  char      *line;

  while ((line = g_data_input_stream_read_line (log->lines, NULL, NULL, NULL)) != NULL)
    {
      const char *request = strstr (line, "GET /");
      char        path[256];
      guint       status;
      double      ms;

      if (request == NULL)
        request = strstr (line, "POST /");
      if (request != NULL
          && sscanf (strchr (request, ' ') + 1, "%255s %u %lf ms", path, &status, &ms) == 3)
        {
          int endpoint = -1;

          if (g_str_equal (path, "/api/v1/kiosk/content"))
            endpoint = status == 304 ? ENDPOINT_CONTENT_NOT_MODIFIED : ENDPOINT_CONTENT_FULL;
          else if (g_str_equal (path, "/api/v1/kiosk/events"))
            endpoint = ENDPOINT_EVENTS;
          else if (g_str_equal (path, "/api/v1/staff/organisations"))
            endpoint = ENDPOINT_PUBLISH;
          if (endpoint >= 0)
            {
              log->stats[endpoint].requests++;
              append_us (log->stats[endpoint].server_us, (gint64) (ms * 1000));
            }
        }
      g_free (line);
    }
  return NULL;
}

static void
wake_cb (gpointer data)
{
  /* Only wakes the main thread's loop. */
}

/* Iterates the default context (the advisor's) until @until, monotonic µs. */
static void
run_until (Load *load, gint64 until)
{
  gint64 now = g_get_monotonic_time ();

  if (until <= now)
    return;
  g_timeout_add_once ((guint) ((until - now + 999) / 1000), wake_cb, NULL);
  while (load_running (load, g_get_monotonic_time ()) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

/* Ctrl+C: end as at the deadline, print what was measured, leave nothing in /tmp. */
static gboolean
interrupted_cb (gpointer data)
{
  Load *load = data;

  g_atomic_int_set (&load->stopping, TRUE);
  return G_SOURCE_CONTINUE;
}

static guint
sum_requests (Load *load, gboolean errors)
{
  guint sum = 0;

  for (guint w = 0; w < load->workers->len; w++)
    {
      Worker *worker = g_ptr_array_index (load->workers, w);

      sum += (guint) g_atomic_int_get (errors ? &worker->errors : &worker->requests);
    }
  return sum;
}

static void
print_row (const char *name, Stats *stats)
{
  g_array_sort (stats->server_us, compare_guint32);
  g_array_sort (stats->queued_us, compare_guint32);
  g_print ("%-20s %9u %6u %8.1f %8.1f %8.1f %8.1f %10.1f %10.1f\n", name, stats->requests,
           stats->errors, percentile_ms (stats->server_us, 50),
           percentile_ms (stats->server_us, 90), percentile_ms (stats->server_us, 99),
           percentile_ms (stats->server_us, 100), percentile_ms (stats->queued_us, 99),
           percentile_ms (stats->queued_us, 100));
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[]
      = { { "kiosks", 'k', 0, G_OPTION_ARG_INT, &n_kiosks, "Simulated kiosks (200)", "N" },
          { "duration", 'd', 0, G_OPTION_ARG_INT, &duration_s, "Seconds to run (600)", "SECONDS" },
          { "threads", 't', 0, G_OPTION_ARG_INT, &n_threads, "Client threads, at most 10 (4)",
            "T" },
          { "push-interval", 0, 0, G_OPTION_ARG_DOUBLE, &push_interval_s,
            "Seconds between each kiosk's event pushes (5)", "S" },
          { "sync-interval", 0, 0, G_OPTION_ARG_DOUBLE, &sync_interval_s,
            "Seconds between each kiosk's content syncs (60)", "S" },
          { "events-per-push", 0, 0, G_OPTION_ARG_INT, &events_per_push,
            "Most events in one push (20)", "N" },
          { "publish-interval", 0, 0, G_OPTION_ARG_DOUBLE, &publish_interval_s,
            "Seconds between an advisor's publishings, own server only; 0: none (90)", "S" },
          { "new-connection-per-push", 0, 0, G_OPTION_ARG_NONE, &new_connection_per_push,
            "Push as libsoup does by default: a new connection for every POST", NULL },
          { "url", 0, 0, G_OPTION_ARG_STRING, &url_option,
            "A running server's URL (default: start one)", "URL" },
          { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir_option,
            "The running server's data directory, to register kiosks and count events", "DIR" },
          { "server-pid", 0, 0, G_OPTION_ARG_INT, &server_pid_option,
            "The running server's process id, to report its CPU", "PID" },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("- simulated kiosks");
  g_autofree char *tmp = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *advisor_password = NULL;
  g_autofree char *load_before = NULL;
  g_autofree char *load_after = NULL;
  g_autoptr (NvTestStaff) advisor = NULL;
  g_autoptr (GArray) lag = g_array_new (FALSE, FALSE, sizeof (guint32));
  NvTestServer *server = NULL;
  AccessLog     access_log = { 0 };
  GThread      *access_log_reader = NULL;
  Load          load = { 0 };
  Stats         totals[N_ENDPOINTS] = { { 0 } };
  guint         errors = 0, published = 0;
  gint64        stored = -1, now, next_progress, next_publish, last_progress;
  guint64       events_sent = 0, events_accepted = 0;
  double        wall;
  double        server_cpu_start, server_cpu_last, client_cpu_start, peak_share = 0;
  double        server_wait_start, client_wait_start;
  int           server_pid = server_pid_option;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || n_kiosks < 1 || duration_s < 1
      || n_threads < 1 || n_threads > MAX_THREADS || push_interval_s <= 0 || sync_interval_s <= 0
      || publish_interval_s < 0 || events_per_push < 1 || events_per_push > 1000
      || (url_option != NULL) != (data_dir_option != NULL))
    {
      g_printerr ("neuvokas-load: see --help (--url and --data-dir go together)\n");
      return 2;
    }

  load.first_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&load.lock);
  load.workers = g_ptr_array_new ();
  for (int t = 0; t < n_threads; t++)
    {
      Worker *worker = g_new0 (Worker, 1);

      g_autofree char *address = g_strdup_printf ("127.0.0.%d", t + 2);

      worker->load = &load;
      worker->address = g_inet_socket_address_new_from_string (address, 0);
      worker->context = g_main_context_new ();
      worker->rand = g_rand_new ();
      worker->kiosks = g_ptr_array_new ();
      worker->lag_us = g_array_new (FALSE, FALSE, sizeof (guint32));
      for (int e = 0; e < N_ENDPOINTS; e++)
        stats_init (&worker->stats[e]);
      g_ptr_array_add (load.workers, worker);
    }
  for (int e = 0; e < N_ENDPOINTS; e++)
    {
      stats_init (&totals[e]);
      stats_init (&access_log.stats[e]);
    }

  g_unix_signal_add (SIGINT, interrupted_cb, &load);
  g_unix_signal_add (SIGTERM, interrupted_cb, &load);
  g_printerr ("registering %d kiosks…\n", n_kiosks);
  if (url_option == NULL)
    {
      tmp = g_dir_make_tmp ("neuvokas-load-XXXXXX", NULL);
      data_dir = g_build_filename (tmp, "server", NULL);
      g_mkdir (data_dir, 0700);
      /* Publishing is only for a server of our own: never on a real fleet. */
      if (publish_interval_s > 0)
        advisor_password = g_uuid_string_random ();
      register_kiosks (data_dir, &load, advisor_password);
      /* Its access log, for the server's own measure of each request. */
      g_setenv ("G_MESSAGES_DEBUG", "neuvokas-access", TRUE);
      server = nv_test_server_start (NEUVOKAS_SERVER_EXE, data_dir, NULL);
      g_unsetenv ("G_MESSAGES_DEBUG");
      access_log.lines = server->out;
      access_log_reader = g_thread_new ("access-log", access_log_thread, &access_log);
      load.url = g_strdup (nv_test_server_get_url (server));
      server_pid = atoi (g_subprocess_get_identifier (server->process));
    }
  else
    {
      data_dir = g_strdup (data_dir_option);
      register_kiosks (data_dir, &load, NULL);
      load.url = g_str_has_suffix (url_option, "/") ? g_strdup (url_option)
                                                    : g_strconcat (url_option, "/", NULL);
    }
  if (advisor_password != NULL)
    advisor = nv_test_staff_login (load.url, "load-advisor", advisor_password);

  g_printerr ("%d kiosks in %d threads against %s for %d s\n", n_kiosks, n_threads, load.url,
              duration_s);
  load_before = read_loadavg ();
  load.started = g_get_monotonic_time ();
  load.deadline = load.started + (gint64) duration_s * G_USEC_PER_SEC;
  server_cpu_start = server_cpu_last = process_cpu_s (server_pid);
  client_cpu_start = own_cpu_s ();
  server_wait_start = process_cpu_wait_s (server_pid);
  client_wait_start = process_cpu_wait_s (getpid ());
  for (int t = 0; t < n_threads; t++)
    {
      Worker *worker = g_ptr_array_index (load.workers, t);

      worker->thread = g_thread_new ("kiosks", worker_thread, worker);
    }

  /* The main thread: the advisor, and a line every 10 s. */
  last_progress = load.started;
  next_progress = load.started + 10 * G_USEC_PER_SEC;
  next_publish = advisor != NULL ? load.started + (gint64) (publish_interval_s * G_USEC_PER_SEC)
                                 : G_MAXINT64;
  while (load_running (&load, now = g_get_monotonic_time ()))
    {
      run_until (&load, MIN (MIN (next_progress, next_publish), load.deadline));
      now = g_get_monotonic_time ();
      if (now >= next_publish)
        {
          publish (advisor, &totals[ENDPOINT_PUBLISH], ++published);
          next_publish += (gint64) (publish_interval_s * G_USEC_PER_SEC);
        }
      if (now >= next_progress)
        {
          double cpu = process_cpu_s (server_pid);
          double share = (cpu - server_cpu_last) / ((now - last_progress) / 1e6);

          peak_share = MAX (peak_share, share);
          g_printerr ("%4.0f s: %u requests, %u errors, server CPU %.1f %% of a core\n",
                      (now - load.started) / 1e6, sum_requests (&load, FALSE),
                      sum_requests (&load, TRUE), cpu >= 0 ? share * 100 : -1.0);
          server_cpu_last = cpu;
          last_progress = now;
          next_progress += 10 * G_USEC_PER_SEC;
        }
    }
  now = g_get_monotonic_time ();
  wall = (now - load.started) / 1e6;
  {
    double server_cpu = process_cpu_s (server_pid) - server_cpu_start;
    double client_cpu = own_cpu_s () - client_cpu_start;
    /* Threads that ended during the run take their waits with them: a floor. */
    double server_wait = process_cpu_wait_s (server_pid) - server_wait_start;
    double client_wait = process_cpu_wait_s (getpid ()) - client_wait_start;

    load_after = read_loadavg ();
    for (guint w = 0; w < load.workers->len; w++)
      g_thread_join (((Worker *) g_ptr_array_index (load.workers, w))->thread);

    /* What the server stored: every acknowledged event, once. */
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ServerStore) store = server_store_open (data_dir, NULL, &error);

      if (store != NULL)
        stored = server_store_count_events (store);
      else
        g_printerr ("cannot count the stored events: %s\n", error->message);
    }
    g_clear_pointer (&advisor, nv_test_staff_free);
    if (server != NULL)
      {
        /* Its output ends when it exits; then the stream can go. */
        g_subprocess_send_signal (server->process, SIGTERM);
        g_thread_join (access_log_reader);
        nv_test_server_stop (server);
      }

    for (guint w = 0; w < load.workers->len; w++)
      {
        Worker *worker = g_ptr_array_index (load.workers, w);

        for (int e = 0; e < N_ENDPOINTS; e++)
          {
            Stats *from = &worker->stats[e];

            g_array_append_vals (totals[e].server_us, from->server_us->data, from->server_us->len);
            g_array_append_vals (totals[e].queued_us, from->queued_us->data, from->queued_us->len);
            totals[e].requests += from->requests;
            totals[e].errors += from->errors;
          }
        g_array_append_vals (lag, worker->lag_us->data, worker->lag_us->len);
        events_sent += worker->events_sent;
        events_accepted += worker->events_accepted;
      }

    g_print ("%d kiosks in %d client threads, %d s, push every %.0f s (1–%d events), content "
             "sync every %.0f s",
             n_kiosks, n_threads, duration_s, push_interval_s, events_per_push, sync_interval_s);
    if (advisor_password != NULL)
      g_print (", an advisor publishing every %.0f s", publish_interval_s);
    if (new_connection_per_push)
      g_print (", a new connection for every push");
    g_print ("\nload average before %s, after %s (%ld CPUs)\n", load_before, load_after,
             sysconf (_SC_NPROCESSORS_ONLN));
    g_print ("%-20s %9s %6s %8s %8s %8s %8s %10s %10s\n", "server's time (ms)", "requests",
             "errors", "p50", "p90", "p99", "max", "queued p99", "queued max");
    for (int e = 0; e < N_ENDPOINTS; e++)
      {
        print_row (endpoint_names[e], &totals[e]);
        errors += totals[e].errors;
      }
    if (server != NULL)
      {
        g_print ("%-20s %9s %6s %8s %8s %8s %8s\n", "its access log (ms)", "requests", "", "p50",
                 "p90", "p99", "max");
        for (int e = 0; e < N_ENDPOINTS; e++)
          if (e != ENDPOINT_CONTENT_DELTA)
            {
              Stats *stats = &access_log.stats[e];

              g_array_sort (stats->server_us, compare_guint32);
              g_print ("%-20s %9u %6s %8.1f %8.1f %8.1f %8.1f\n",
                       e == ENDPOINT_CONTENT_FULL ? "GET content (200)" : endpoint_names[e],
                       stats->requests, "", percentile_ms (stats->server_us, 50),
                       percentile_ms (stats->server_us, 90), percentile_ms (stats->server_us, 99),
                       percentile_ms (stats->server_us, 100));
            }
      }
    g_array_sort (lag, compare_guint32);
    g_print ("client's own lag (a 10 ms timer late by): p50 %.1f, p99 %.1f, max %.1f ms\n",
             percentile_ms (lag, 50), percentile_ms (lag, 99), percentile_ms (lag, 100));
    if (server_pid > 0)
      g_print ("server CPU: %.1f %% of a core (%.1f s in %.0f s; busiest 10 s: %.1f %%)\n",
               server_cpu / wall * 100, server_cpu, wall, peak_share * 100);
    else
      g_print ("server CPU: unknown (give --server-pid)\n");
    g_print ("client CPU: %.1f %% of a core\n", client_cpu / wall * 100);
    /* Ready to run, but the machine's cores were busy (other processes, or the client). */
    if (server_pid > 0)
      g_print ("waiting for a CPU while runnable: server %.1f s, client %.1f s (of %.0f s)\n",
               server_wait, client_wait, wall);
  }
  g_print ("events: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT
           " acknowledged, %" G_GINT64_FORMAT " stored (%.0f events/s)\n",
           events_sent, events_accepted, stored, events_accepted / wall);
  {
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init (&iter, load.first_errors);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_print ("  %u × %s\n", GPOINTER_TO_UINT (value), (const char *) key);
  }
  /* Long enough for a publishing and the polls after it: some must have seen it. */
  if (advisor_password != NULL && duration_s > publish_interval_s + 1.2 * sync_interval_s
      && totals[ENDPOINT_CONTENT_DELTA].requests == 0)
    {
      g_print ("NO DELTA: no poll got a delta of what the advisor published\n");
      errors++;
    }
  /* Against a server of our own, everything it stored came from us. */
  if (server != NULL && stored != (gint64) events_accepted)
    {
      g_print ("MISMATCH: the server stored %" G_GINT64_FORMAT " events, %" G_GUINT64_FORMAT
               " were acknowledged\n",
               stored, events_accepted);
      errors++;
    }
  g_print ("%s: %u errors\n", errors == 0 ? "PASS" : "FAIL", errors);
  if (tmp != NULL)
    nv_test_rm_rf (tmp);
  return errors == 0 ? 0 : 1;
}

/* server-http.c
 *
 * One SoupServer handler dispatches every request through the route tables its caller
 * added, so access control and error replies live in one place and handlers stay
 * small. The router knows no route family: each hands over its table and its state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-auth.h"
#include "server-http-metrics.h"
#include "server-http-private.h"
#include "server-reply.h"

/* A route table and the state its handlers get as request->family. */
typedef struct
{
  const ServerRoute *routes;
  gpointer           data;
  GDestroyNotify     destroy;
} Family;

typedef struct
{
  const ServerRoute *route;
  Family            *family;
} Entry;

struct _ServerHttp
{
  GObject parent_instance;

  ServerStore     *store;
  SoupServer      *server;
  ServerListener  *listener;
  ServerHttpLimits limits;
  GBytes          *unreadable;  /* the answer to a request libsoup cannot parse */
  GTlsCertificate *certificate; /* NULL: plain HTTP */
  GPtrArray       *proxies;     /* GInetAddressMask: the trusted proxies */
  GPtrArray       *families;    /* Family *, owned */
  GArray          *entries;     /* Entry, in the order the tables were added */
  ServerMetrics   *metrics;     /* requests by route, for /metrics */
};

G_DEFINE_FINAL_TYPE (ServerHttp, server_http, G_TYPE_OBJECT)

#define LISTEN_BACKLOG 512
/* Browsers that saw the server over HTTPS use nothing else for a year. */
#define HSTS "max-age=31536000"

/* A route's path is matched whole, or up to its '*' when it ends in one: the console's
 * files ("/console/" and a star) are one route however many there are. */
static gboolean
route_matches_path (const ServerRoute *route, const char *path)
{
  gsize length = strlen (route->path);

  if (length > 0 && route->path[length - 1] == '*')
    return strncmp (route->path, path, length - 1) == 0;
  return g_str_equal (route->path, path);
}

/* HEAD is answered by the GET route, without its body. */
static gboolean
route_matches_method (const ServerRoute *route, const char *method)
{
  return g_str_equal (route->method, method)
         || (g_str_equal (method, "HEAD") && g_str_equal (route->method, "GET"));
}

/* A path may have routes for several methods (GET and POST /api/v1/staff/users): the
 * entry for @method, or NULL with the methods that @path does take in @allowed. */
static const Entry *
find_entry (ServerHttp *self, const char *method, const char *path, GString *allowed)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);

      if (!route_matches_path (entry->route, path))
        continue;
      if (route_matches_method (entry->route, method))
        return entry;
      if (allowed != NULL)
        g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", entry->route->method);
    }
  return NULL;
}

static void
reply_too_large (SoupServerMessage *msg, const ServerRoute *route)
{
  server_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL,
                      "The body is larger than the %" G_GSIZE_FORMAT " bytes accepted here",
                      route->max_body);
}

/* What the router decided from a request's headers, for its handler. */
typedef struct
{
  const Entry   *entry;
  char          *path; /* decoded */
  char          *kiosk_id;
  ServerSession *session;
  goffset        received; /* bytes of the body so far */
} Admission;

#define ADMISSION_KEY "server-http-admission"
#define STARTED_KEY "server-http-started"
/* The access log's domain: one line a request (docs/deployment.md, "Logs"). */
#define ACCESS_LOG_DOMAIN "neuvokas-access"
#define DEADLINE_KEY "server-http-deadline"
#define HTTP_KEY "server-http"

static void
admission_free (Admission *admission)
{
  g_free (admission->path);
  g_free (admission->kiosk_id);
  g_clear_pointer (&admission->session, server_session_free);
  g_free (admission);
}

static void
source_destroy_unref (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static gboolean
deadline_cb (gpointer user_data)
{
  /* libsoup reads the end of the stream, and closes the connection. */
  g_socket_shutdown (user_data, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

/* Closes @msg's connection in @seconds unless the deadline is set again before; 0: none. */
static void
set_deadline (ServerHttp *self, SoupServerMessage *msg, guint seconds)
{
  GSocket *socket = NULL;
  GSource *source = NULL;

  if (seconds > 0 && self->listener != NULL)
    socket = server_listener_lookup (self->listener, soup_server_message_get_remote_address (msg));
  if (socket != NULL)
    {
      source = g_timeout_source_new (seconds * 1000);
      g_source_set_callback (source, deadline_cb, g_object_ref (socket), g_object_unref);
      g_source_attach (source, g_main_context_get_thread_default ());
    }
  g_object_set_data_full (G_OBJECT (msg), DEADLINE_KEY, source,
                          (GDestroyNotify) source_destroy_unref);
}

/* RFC 9112 6.3: a Content-Length that is not one run of digits, or given twice, or beside
 * Transfer-Encoding leaves the body's end unknown (a proxy in front may read it otherwise:
 * request smuggling). FALSE after replying 400. */
static gboolean
check_framing (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char         *length = soup_message_headers_get_list (headers, "Content-Length");

  if (length == NULL)
    return TRUE;
  if (soup_message_headers_get_list (headers, "Transfer-Encoding") != NULL)
    {
      server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, NULL,
                          "A request may not have both Content-Length and Transfer-Encoding");
      return FALSE;
    }
  /* 18 digits: any more could overflow a goffset. */
  if (length[0] == '\0' || strspn (length, "0123456789") != strlen (length) || strlen (length) > 18)
    {
      server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, NULL,
                          "Content-Length must be given once, as a number of bytes");
      return FALSE;
    }
  return TRUE;
}

/* Whether @msg may go on to its handler, decided from its headers alone: its route, its
 * method, its origin and who sends it. FALSE after replying 400, 401, 403, 404 or 405. */
static gboolean
admit (ServerHttp *self, SoupServerMessage *msg, Admission *admission)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char         *method = soup_server_message_get_method (msg);
  const char         *raw_path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autoptr (GString) allowed = g_string_new (NULL);
  const ServerRoute *route;

  /* The server reads paths raw (raw-paths) and decodes them here, refusing an encoded
   * slash or NUL: "/api%2fv1%2fhealth" names no route, it is not /api/v1/health. */
  admission->path = g_uri_unescape_string (raw_path, "/");
  if (admission->path == NULL || !g_utf8_validate (admission->path, -1, NULL))
    {
      server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "There is nothing at %s", raw_path);
      return FALSE;
    }
  g_debug ("%s %s", method, admission->path);

  admission->entry = find_entry (self, method, admission->path, allowed);
  if (admission->entry == NULL && allowed->len > 0)
    {
      soup_message_headers_replace (response_headers, "Allow", allowed->str);
      server_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL,
                          "%s is not allowed here; use %s", method, allowed->str);
      return FALSE;
    }
  if (admission->entry == NULL)
    {
      server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "There is nothing at %s",
                          admission->path);
      return FALSE;
    }
  route = admission->entry->route;

  if (!server_auth_is_safe_method (method) && !server_auth_origin_matches_host (msg))
    {
      server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL,
                          "Requests from another site's pages are refused here");
      return FALSE;
    }
  if (route->auth == SERVER_AUTH_KIOSK
      && (admission->kiosk_id = server_auth_kiosk (self->store, msg)) == NULL)
    {
      soup_message_headers_replace (response_headers, "WWW-Authenticate",
                                    "Bearer realm=\"neuvokas\"");
      server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                          "This kiosk is not known: its token is missing, wrong or revoked");
      return FALSE;
    }
  if (route->auth == SERVER_AUTH_STAFF)
    {
      if ((admission->session = server_auth_staff (self->store, msg, route)) == NULL)
        return FALSE;
      /* What staff see is personal: no cache keeps it. */
      soup_message_headers_replace (response_headers, "Cache-Control", "no-store");
    }
  return TRUE;
}

/* A body sent in chunks has no length to check beforehand: it is counted as it comes. */
static void
got_chunk_cb (SoupServerMessage *msg, GBytes *chunk, Admission *admission)
{
  admission->received += g_bytes_get_size (chunk);
  if (admission->received > (goffset) admission->entry->route->max_body)
    {
      reply_too_large (msg, admission->entry->route);
      server_http_answer_now (msg);
    }
}

/* Everything that can be decided without the body is decided here, and a refusal answered
 * at once: no byte of a refused request's body is read (server-http-early.c). */
static void
got_headers_cb (SoupServerMessage *msg, ServerHttp *self)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  guint               refused = soup_server_message_get_status (msg);
  Admission          *admission;
  goffset             length;

  set_deadline (self, msg, self->limits.body_timeout);
  /* The answer request_started_cb prepared is for requests that never get here. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_headers_remove (response_headers, "Content-Type");
  soup_message_headers_remove (response_headers, "Connection");

  if (refused != 0)
    {
      /* libsoup refused it (an absolute URI of another scheme) and would answer with no body. */
      server_reply_error (msg, refused, NULL, "This request cannot be read: %s",
                          soup_status_get_phrase (refused));
      server_http_answer_now (msg);
      return;
    }

  server_auth_note_client (msg, self->certificate != NULL, self->proxies);
  if (server_auth_client_is_secure (msg))
    soup_message_headers_replace (response_headers, "Strict-Transport-Security", HSTS);

  admission = g_new0 (Admission, 1);
  g_object_set_data_full (G_OBJECT (msg), ADMISSION_KEY, admission,
                          (GDestroyNotify) admission_free);
  if (!check_framing (msg) || !admit (self, msg, admission))
    {
      server_http_answer_now (msg);
      return;
    }
  length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));
  if (length > (goffset) admission->entry->route->max_body)
    {
      reply_too_large (msg, admission->entry->route);
      server_http_answer_now (msg);
      return;
    }
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), admission);
}

static void
got_body_cb (SoupServerMessage *msg, ServerHttp *self)
{
  set_deadline (self, msg, 0);
}

/* One line a request: method, path, status, duration. Never the query, a header, a body
 * or the client's address: nothing secret or personal reaches the log. */
void
server_http_log_access (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  GUri       *uri = soup_server_message_get_uri (msg);
  gint64      started = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), STARTED_KEY));
  gint64      duration = started > 0 ? g_get_monotonic_time () - started : 0;
  guint       status = soup_server_message_get_status (msg);
  g_autofree char *path = NULL;
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *duration_text = g_strdup_printf ("%" G_GINT64_FORMAT, duration);

  /* A request libsoup could not read has no method or path worth a line of its own. */
  if (method == NULL || uri == NULL)
    return;
  path = g_utf8_make_valid (g_uri_get_path (uri), -1);
  /* MESSAGE last: its format takes the remaining arguments. */
  g_log_structured (ACCESS_LOG_DOMAIN, G_LOG_LEVEL_INFO, "NEUVOKAS_METHOD", method, "NEUVOKAS_PATH",
                    path, "NEUVOKAS_STATUS", status_text, "NEUVOKAS_DURATION_US", duration_text,
                    "MESSAGE", "%s %s %u %.1f ms", method, path, status, duration / 1000.0);
}

/* Once the whole answer is written: its access log line, and its count for /metrics. */
static void
request_done_cb (SoupServerMessage *msg, ServerHttp *self)
{
  Admission *admission = g_object_get_data (G_OBJECT (msg), ADMISSION_KEY);
  gint64     started = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), STARTED_KEY));

  server_http_log_access (msg);
  server_metrics_record (
      self->metrics,
      admission != NULL && admission->entry != NULL ? admission->entry->route->path : NULL,
      soup_server_message_get_status (msg), started > 0 ? g_get_monotonic_time () - started : 0);
}

void
server_http_request_done (SoupServerMessage *msg)
{
  ServerHttp *self = g_object_get_data (G_OBJECT (msg), HTTP_KEY);

  if (self != NULL)
    request_done_cb (msg, self);
  else
    server_http_log_access (msg);
}

static void
request_started_cb (SoupServer *server, SoupServerMessage *msg, ServerHttp *self)
{
  gsize         size;
  gconstpointer data = g_bytes_get_data (self->unreadable, &size);

  /* libsoup answers a request whose headers it cannot parse (400, or 501) itself, with no
   * signal between parsing and writing, and with an empty body. The answer's body is
   * therefore prepared before the headers are read; got_headers_cb clears it for every
   * request libsoup could read. */
  server_add_common_headers (msg);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, data,
                                    size);
  /* After a head it could not read, libsoup cannot know where the next request begins. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");

  g_object_set_data (G_OBJECT (msg), STARTED_KEY,
                     GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
  set_deadline (self, msg, self->limits.header_timeout);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (got_body_cb), self, 0);
  /* Once the whole answer is written (on a kept-alive connection "request-finished"
   * waits for the next request). */
  g_signal_connect_object (msg, "wrote-body", G_CALLBACK (request_done_cb), self, 0);
  /* For an answer written before the body is read (server-http-early.c), which answers
   * from within this object's handlers. */
  g_object_set_data (G_OBJECT (msg), HTTP_KEY, self);
}

/* The connection waits for its next request, if its client sends one. */
static void
request_finished_cb (SoupServer *server, SoupServerMessage *msg, ServerHttp *self)
{
  if (self->listener != NULL)
    server_listener_between_requests (self->listener, soup_server_message_get_remote_address (msg));
}

static void
dispatch_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  ServerHttp   *self = user_data;
  Admission    *admission = g_object_get_data (G_OBJECT (msg), ADMISSION_KEY);
  ServerRequest request = { 0 };

  /* got_headers_cb admitted every request that gets here. */
  if (admission == NULL || admission->entry == NULL)
    {
      server_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL,
                          "The server cannot do this right now; try again later");
      g_return_if_reached ();
    }

  request.store = self->store;
  request.msg = msg;
  request.path = admission->path;
  request.query = query;
  request.kiosk_id = admission->kiosk_id;
  request.staff = admission->session;
  request.family = admission->entry->family->data;
  admission->entry->route->handler (&request);
}

/* Class */

static void
family_free (Family *family)
{
  if (family->destroy != NULL)
    family->destroy (family->data);
  g_free (family);
}

static void
server_http_dispose (GObject *object)
{
  ServerHttp *self = (ServerHttp *) object;

  g_clear_pointer (&self->listener, server_listener_free);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* A family's state may finish work of its own (the event writer drains its queue). */
  if (self->entries != NULL)
    g_array_set_size (self->entries, 0);
  g_clear_pointer (&self->families, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->proxies, g_ptr_array_unref);
  G_OBJECT_CLASS (server_http_parent_class)->dispose (object);
}

static void
server_http_finalize (GObject *object)
{
  ServerHttp *self = (ServerHttp *) object;

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->unreadable, g_bytes_unref);
  g_clear_pointer (&self->metrics, server_metrics_free);
  G_OBJECT_CLASS (server_http_parent_class)->finalize (object);
}

static void
server_http_class_init (ServerHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = server_http_dispose;
  object_class->finalize = server_http_finalize;
}

static void
server_http_init (ServerHttp *self)
{
  self->families = g_ptr_array_new_with_free_func ((GDestroyNotify) family_free);
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->metrics = server_metrics_new ();
  self->limits = SERVER_HTTP_LIMITS_DEFAULT;
  self->unreadable = server_error_json (
      NULL, "This request cannot be read: its request line or headers are malformed or use "
            "what this server does not support");
}

/* libsoup 3.2 ends every chunked response by closing its body stream asynchronously,
 * which GIO runs in a worker of GTask's pool (SoupBodyOutputStream has no close_async of
 * its own). GLib 2.74 ends such a worker after half a second without work whenever
 * another is already idle, and after 15 s idle otherwise, and starts a new one for the
 * next burst; a worker that ends can leave its per-thread records behind (GSlice's
 * magazines, 2,032 bytes, and its GMainDispatch, 16: docs/fuzzing.md). So idle workers
 * are kept for good instead. Their number stays at the most ever busy at once: GTask's
 * pool runs 10 tasks at a time and grows by one only while all of them stay busy (0.1 s,
 * then a little longer each time), and each is one connection's close (at most
 * max_connections). Process-wide, so set once. */
static void
keep_pool_threads (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_thread_pool_set_max_unused_threads (-1);
      g_thread_pool_set_max_idle_time (0);
      g_once_init_leave (&done, 1);
    }
}

ServerHttp *
server_http_new (ServerStore *store)
{
  ServerHttp *self;

  g_return_val_if_fail (SERVER_IS_STORE (store), NULL);

  keep_pool_threads ();

  self = g_object_new (SERVER_TYPE_HTTP, NULL);
  self->store = g_object_ref (store);
  /* Raw paths: admit() decodes them, so that an encoded slash is never a separator. */
  self->server = soup_server_new ("server-header", "neuvokas-server/" PACKAGE_VERSION, "raw-paths",
                                  TRUE, NULL);
  soup_server_add_handler (self->server, NULL, dispatch_cb, self, NULL);
  g_signal_connect_object (self->server, "request-finished", G_CALLBACK (request_finished_cb), self,
                           0);
  g_signal_connect_object (self->server, "request-started", G_CALLBACK (request_started_cb), self,
                           0);
  return self;
}

void
server_http_add_family (ServerHttp        *self,
                        const ServerRoute *routes,
                        guint              n_routes,
                        gpointer           data,
                        GDestroyNotify     destroy)
{
  Family *family;

  g_return_if_fail (SERVER_IS_HTTP (self));
  g_return_if_fail (routes != NULL || n_routes == 0);

  family = g_new0 (Family, 1);
  family->routes = routes;
  family->data = data;
  family->destroy = destroy;
  g_ptr_array_add (self->families, family);
  for (guint i = 0; i < n_routes; i++)
    {
      Entry entry = { &routes[i], family };

      g_array_append_val (self->entries, entry);
    }
}

ServerMetrics *
server_http_get_metrics (ServerHttp *self)
{
  g_return_val_if_fail (SERVER_IS_HTTP (self), NULL);
  return self->metrics;
}

gpointer
server_http_get_family (ServerHttp *self, const ServerRoute *routes)
{
  g_return_val_if_fail (SERVER_IS_HTTP (self), NULL);

  for (guint i = 0; i < self->families->len; i++)
    {
      Family *family = g_ptr_array_index (self->families, i);

      if (family->routes == routes)
        return family->data;
    }
  return NULL;
}

void
server_http_set_limits (ServerHttp *self, const ServerHttpLimits *limits)
{
  g_return_if_fail (SERVER_IS_HTTP (self));
  g_return_if_fail (limits != NULL);
  g_return_if_fail (limits->max_connections > 0 && limits->max_connections_per_address > 0);

  self->limits = *limits;
  if (self->listener != NULL)
    server_listener_set_limits (self->listener, limits);
}

void
server_http_set_certificate (ServerHttp *self, GTlsCertificate *certificate)
{
  g_return_if_fail (SERVER_IS_HTTP (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));
  g_return_if_fail (self->listener == NULL);

  g_set_object (&self->certificate, certificate);
}

GPtrArray *
server_http_parse_proxies (const char *const *proxies, GError **error)
{
  g_autoptr (GPtrArray) masks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; proxies != NULL && proxies[i] != NULL; i++)
    {
      GInetAddressMask *mask = g_inet_address_mask_new_from_string (proxies[i], NULL);

      if (mask == NULL)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                       "“%s” is not an IP address with an optional /PREFIX, such as 10.0.0.5 or "
                       "10.0.0.0/24",
                       proxies[i]);
          return NULL;
        }
      g_ptr_array_add (masks, mask);
    }
  return g_steal_pointer (&masks);
}

void
server_http_set_trusted_proxies (ServerHttp *self, GPtrArray *proxies)
{
  g_return_if_fail (SERVER_IS_HTTP (self));

  g_clear_pointer (&self->proxies, g_ptr_array_unref);
  if (proxies != NULL && proxies->len > 0)
    self->proxies = g_ptr_array_ref (proxies);
  if (self->listener != NULL)
    server_listener_set_proxies (self->listener, self->proxies);
}

gboolean
server_http_listen (ServerHttp *self, GSocketAddress *address, GError **error)
{
  g_autoptr (GSocket) socket = NULL;

  g_return_val_if_fail (SERVER_IS_HTTP (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  /* GSocket's default backlog is 10: a burst of kiosks connecting at once while the
   * server is busy overflows it, and the kernel answers the overflow with resets. */
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;
  self->listener
      = server_listener_new (self->server, socket, &self->limits, self->certificate, self->proxies);
  return TRUE;
}

char *
server_http_get_url (ServerHttp *self)
{
  g_autoptr (GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  GInetAddress    *inet;

  g_return_val_if_fail (SERVER_IS_HTTP (self), NULL);

  if (self->listener == NULL
      || (address = g_socket_get_local_address (server_listener_get_socket (self->listener), NULL))
             == NULL
      || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  host = g_inet_address_to_string (inet);
  return g_strdup_printf (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? "%s://[%s]:%u/"
                                                                                   : "%s://%s:%u/",
                          self->certificate != NULL ? "https" : "http", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

SoupServer *
server_http_get_soup_server (ServerHttp *self)
{
  g_return_val_if_fail (SERVER_IS_HTTP (self), NULL);
  return self->server;
}

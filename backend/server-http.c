/* server-http.c
 *
 * One SoupServer handler dispatches every request through a table of routes,
 * so access control and error replies live in one place and handlers stay small.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-http.h"
#include "server-http-private.h"

struct _ServerHttp
{
  GObject parent_instance;

  ServerStore      *store;
  ServerIngest     *ingest;
  SoupServer       *server;
  GPtrArray        *routes; /* const ServerRoute * */
  ServerBundleCache bundle_cache;
  guint             report_threshold;
};

G_DEFINE_FINAL_TYPE (ServerHttp, server_http, G_TYPE_OBJECT)

#define LISTEN_BACKLOG 512

static void handle_health (ServerRequest *request);

static const ServerRoute base_routes[] = {
  { "GET", "/api/v1/health", handle_health, SERVER_AUTH_NONE, 0 },
};

/* Replies */

void
server_add_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
}

static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Accept-Encoding");

  return accept != NULL && soup_header_contains (accept, "gzip");
}

static GBytes *
gzip_bytes (GBytes *input)
{
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) zipped
      = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  gsize         size;
  gconstpointer data = g_bytes_get_data (input, &size);

  if (!g_output_stream_write_all (zipped, data, size, NULL, NULL, NULL)
      || !g_output_stream_close (zipped, NULL, NULL))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

void
server_reply_json_bytes (SoupServerMessage *msg, guint status, GBytes *body, GBytes *gzipped)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr (GBytes) zipped = NULL;
  GBytes       *sent = body;
  gsize         size;
  gconstpointer data;

  server_add_common_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  /* Bundles are large and repetitive: gzip makes them a fraction of their size. */
  if (g_bytes_get_size (body) > 1024 && accepts_gzip (msg))
    {
      if (gzipped == NULL)
        gzipped = zipped = gzip_bytes (body);
      if (gzipped != NULL)
        {
          sent = gzipped;
          soup_message_headers_replace (headers, "Content-Encoding", "gzip");
        }
    }
  soup_message_headers_append (headers, "Vary", "Accept-Encoding");
  data = g_bytes_get_data (sent, &size);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, data,
                                    size);
}

void
server_reply_json (SoupServerMessage *msg, guint status, JsonNode *node)
{
  g_autoptr (GBytes) body = nv_json_to_bytes (node);

  server_reply_json_bytes (msg, status, body, NULL);
}

GBytes *
server_gzip (GBytes *body)
{
  return gzip_bytes (body);
}

void
server_reply_error (
    SoupServerMessage *msg, guint status, const char *field, const char *format, ...)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *sentence = NULL;
  va_list          args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, sentence);
  if (field != NULL && field[0] != '\0')
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  server_reply_json (msg, status, node);
}

void
server_json_add_string (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
server_json_add_unix_time (JsonBuilder *builder, const char *member, gint64 seconds)
{
  json_builder_set_member_name (builder, member);
  if (seconds > 0)
    {
      g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (seconds);
      g_autofree char *text = nv_format_time_utc (time);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

JsonObject *
server_read_json_object (ServerRequest *request, gsize max_bytes, JsonNode **out_root)
{
  g_autoptr (GBytes) bytes
      = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  g_autoptr (GError) error = NULL;

  if ((*out_root = nv_json_parse_bytes (bytes, max_bytes, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (*out_root))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, NULL,
                          "The body must be a JSON object");
      return NULL;
    }
  return json_node_get_object (*out_root);
}

void
server_reply_gerror (SoupServerMessage *msg, const GError *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (error->domain == NV_ERROR)
    switch ((NvError) error->code)
      {
      case NV_ERROR_PARSE:
        status = SOUP_STATUS_BAD_REQUEST;
        break;
      case NV_ERROR_INVALID:
        status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
        break;
      case NV_ERROR_NOT_FOUND:
        status = SOUP_STATUS_NOT_FOUND;
        break;
      case NV_ERROR_CONFLICT:
        status = SOUP_STATUS_CONFLICT;
        break;
      case NV_ERROR_TOO_LARGE:
        status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
        break;
      case NV_ERROR_STORE:
      case NV_ERROR_IO:
        status = SOUP_STATUS_SERVICE_UNAVAILABLE;
        break;
      case NV_ERROR_FAILED:
      default:
        break;
      }

  if (status >= 500)
    {
      /* The details are for the log, not for the client. */
      g_warning ("Request failed: %s", error->message);
      server_reply_error (msg, status, NULL,
                          "The server cannot do this right now; try again later");
      return;
    }
  server_reply_error (msg, status, nv_error_get_field (error), "%s", error->message);
}

/* Routes */

static void
handle_health (ServerRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "content_revision");
  json_builder_add_int_value (builder, server_store_get_revision (request->store));
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  server_reply_json (request->msg, SOUP_STATUS_OK, node);
}

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

/* A path may have routes for several methods (GET and POST /api/v1/staff/users). */
static const ServerRoute *
find_route (ServerHttp *self, const char *method, const char *path)
{
  for (guint i = 0; i < self->routes->len; i++)
    {
      const ServerRoute *route = g_ptr_array_index (self->routes, i);

      if (route_matches_path (route, path)
          && (g_str_equal (route->method, method)
              || (g_str_equal (method, "HEAD") && g_str_equal (route->method, "GET"))))
        return route;
    }
  return NULL;
}

/* "neuvokas-kiosk/0.1.0" → "0.1.0"; anything odd is not recorded. */
static char *
kiosk_version_from_agent (const char *agent)
{
  const char      *slash;
  g_autofree char *version = NULL;

  if (agent == NULL || !g_str_has_prefix (agent, "neuvokas-kiosk/"))
    return NULL;
  slash = strchr (agent, '/');
  version = g_strndup (slash + 1, strcspn (slash + 1, " "));
  if (version[0] == '\0' || strlen (version) > 32 || !g_utf8_validate (version, -1, NULL))
    return NULL;
  return g_steal_pointer (&version);
}

static gint64
header_count (SoupMessageHeaders *headers, const char *name)
{
  const char *text = soup_message_headers_get_one (headers, name);
  guint64     value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return (gint64) value;
}

static char *
authenticate_kiosk (ServerHttp *self, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char         *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char    *version = NULL;
  char               *kiosk_id;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  kiosk_id = server_store_authenticate_kiosk (self->store, authorization + 7);
  if (kiosk_id == NULL)
    return NULL;
  /* What the kiosk reports of itself, for `kiosk list` and the operations report. */
  version = kiosk_version_from_agent (soup_message_headers_get_one (headers, "User-Agent"));
  server_store_note_kiosk_contact (self->store, kiosk_id, version,
                                   header_count (headers, "X-Neuvokas-Content-Revision"),
                                   header_count (headers, "X-Neuvokas-Outbox-Backlog"));
  return kiosk_id;
}

static gboolean
is_safe_method (const char *method)
{
  return g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
}

/* A browser names the page's origin on every cross-site POST; a request without Origin
 * (a kiosk, curl) passes. The scheme is not compared: TLS may end at a proxy in front. */
static gboolean
origin_matches_host (SoupMessageHeaders *headers)
{
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  const char *host = soup_message_headers_get_one (headers, "Host");
  g_autoptr (GUri) origin_uri = NULL;
  g_autoptr (GUri) host_uri = NULL;
  g_autofree char *host_url = NULL;

  if (origin == NULL)
    return TRUE;
  if (host == NULL
      || (origin_uri = g_uri_parse (origin, G_URI_FLAGS_SCHEME_NORMALIZE, NULL)) == NULL
      || g_uri_get_host (origin_uri) == NULL)
    return FALSE;
  /* Read Host as an authority of the origin's scheme, so default ports compare equal. */
  host_url = g_strconcat (g_uri_get_scheme (origin_uri), "://", host, NULL);
  if (strpbrk (host, "/?#@") != NULL
      || (host_uri = g_uri_parse (host_url, G_URI_FLAGS_SCHEME_NORMALIZE, NULL)) == NULL
      || g_uri_get_host (host_uri) == NULL)
    return FALSE;
  return g_ascii_strcasecmp (g_uri_get_host (origin_uri), g_uri_get_host (host_uri)) == 0
         && g_uri_get_port (origin_uri) == g_uri_get_port (host_uri);
}

/* The value of the nv_session cookie, or NULL. */
static char *
session_token_from_cookie (SoupMessageHeaders *headers)
{
  const char *cookie = soup_message_headers_get_list (headers, "Cookie");
  g_auto (GStrv) pairs = NULL;

  if (cookie == NULL)
    return NULL;
  /* get_list joins several Cookie headers with ", "; cookies are "; "-separated. */
  pairs = g_strsplit_set (cookie, ";,", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = g_strstrip (pairs[i]);

      if (g_str_has_prefix (pair, SERVER_SESSION_COOKIE "="))
        return g_strdup (pair + strlen (SERVER_SESSION_COOKIE "="));
    }
  return NULL;
}

static gboolean
csrf_token_matches (SoupMessageHeaders *headers, const ServerSession *session)
{
  const char *token = soup_message_headers_get_one (headers, "X-CSRF-Token");

  return token != NULL && strlen (token) == strlen (session->csrf_token)
         && sodium_memcmp (token, session->csrf_token, strlen (token)) == 0;
}

/* The session for a SERVER_AUTH_STAFF route, or NULL after replying 401 or 403. */
static ServerSession *
authorize_staff (ServerHttp *self, SoupServerMessage *msg, const ServerRoute *route)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char    *token = session_token_from_cookie (headers);
  g_autoptr (ServerSession) session = NULL;

  if ((session = server_store_authenticate_session (self->store, token)) == NULL)
    {
      server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                          "Sign in first: there is no session, or it has ended");
      return NULL;
    }
  if (((route->roles | SERVER_ROLE_ADMIN) & session->role) == 0)
    {
      server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL, "The role %s may not do this",
                          server_role_to_string (session->role));
      return NULL;
    }
  if (!is_safe_method (soup_server_message_get_method (msg))
      && !csrf_token_matches (headers, session))
    {
      server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL,
                          "The X-CSRF-Token header is missing or is not this session's");
      return NULL;
    }
  return g_steal_pointer (&session);
}

/* Refuses an oversized body from its Content-Length, before reading it. */
static void
got_headers_cb (SoupServerMessage *msg, ServerHttp *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const ServerRoute  *route;
  goffset             length;

  route = find_route (self, soup_server_message_get_method (msg),
                      g_uri_get_path (soup_server_message_get_uri (msg)));
  length = soup_message_headers_get_content_length (headers);
  if (route != NULL && length > (goffset) route->max_body)
    {
      server_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL,
                          "The body is larger than the %" G_GSIZE_FORMAT " bytes accepted here",
                          route->max_body);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                    "close");
    }
}

static void
request_started_cb (SoupServer *server, SoupServerMessage *msg, ServerHttp *self)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
}

static void
dispatch_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  ServerHttp *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr (GString) allowed = g_string_new (NULL);
  const ServerRoute *route = NULL;
  ServerRequest      request;

  g_debug ("%s %s", method, path);

  /* One request a connection. libsoup 3.2 (Debian 12) never closes an idle keep-alive
   * connection that its client closed: under 200 kiosks the server ran out of file
   * descriptors in eight minutes (fixed upstream in 3.3, libsoup commit d20c6601).
   * Closing after each answer costs a TCP handshake per request, which kiosks calling
   * every few minutes never notice. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");

  for (guint i = 0; i < self->routes->len; i++)
    {
      const ServerRoute *candidate = g_ptr_array_index (self->routes, i);

      if (!route_matches_path (candidate, path))
        continue;
      if (g_str_equal (candidate->method, method)
          || (g_str_equal (method, "HEAD") && g_str_equal (candidate->method, "GET")))
        {
          route = candidate;
          break;
        }
      g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", candidate->method);
    }

  if (route == NULL && allowed->len > 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    allowed->str);
      server_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL,
                          "%s is not allowed here; use %s", method, allowed->str);
      return;
    }
  if (route == NULL)
    {
      server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "There is nothing at %s", path);
      return;
    }

  if (soup_server_message_get_status (msg) == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    return; /* refused in got_headers_cb before the body was read */
  if (soup_server_message_get_request_body (msg)->length > (goffset) route->max_body)
    {
      server_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL,
                          "The body is larger than the %" G_GSIZE_FORMAT " bytes accepted here",
                          route->max_body);
      return;
    }

  request.store = self->store;
  request.msg = msg;
  request.path = path;
  request.query = query;
  request.kiosk_id = NULL;
  request.ingest = self->ingest;
  request.bundle_cache = &self->bundle_cache;
  request.staff = NULL;
  request.report_threshold = self->report_threshold;

  if (!is_safe_method (method)
      && !origin_matches_host (soup_server_message_get_request_headers (msg)))
    {
      server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL,
                          "Requests from another site's pages are refused here");
      return;
    }

  if (route->auth == SERVER_AUTH_KIOSK)
    {
      g_autofree char *kiosk_id = authenticate_kiosk (self, msg);

      if (kiosk_id == NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "WWW-Authenticate", "Bearer realm=\"neuvokas\"");
          server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                              "This kiosk is not known: its token is missing, wrong or revoked");
          return;
        }
      request.kiosk_id = kiosk_id;
      route->handler (&request);
      return;
    }
  if (route->auth == SERVER_AUTH_STAFF)
    {
      g_autoptr (ServerSession) session = authorize_staff (self, msg, route);

      if (session == NULL)
        return;
      /* What staff see is personal: no cache keeps it. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                    "no-store");
      request.staff = session;
      route->handler (&request);
      return;
    }
  route->handler (&request);
}

/* Class */

static void
server_http_dispose (GObject *object)
{
  ServerHttp *self = (ServerHttp *) object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Writes what was queued, then stops. */
  g_clear_pointer (&self->ingest, server_ingest_free);
  g_clear_object (&self->store);
  g_clear_pointer (&self->bundle_cache.body, g_bytes_unref);
  g_clear_pointer (&self->bundle_cache.gzipped, g_bytes_unref);
  G_OBJECT_CLASS (server_http_parent_class)->dispose (object);
}

static void
server_http_finalize (GObject *object)
{
  ServerHttp *self = (ServerHttp *) object;

  g_clear_pointer (&self->routes, g_ptr_array_unref);
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
add_routes (ServerHttp *self, const ServerRoute *routes, guint n_routes)
{
  for (guint i = 0; i < n_routes; i++)
    g_ptr_array_add (self->routes, (gpointer) &routes[i]);
}

static void
server_http_init (ServerHttp *self)
{
  const ServerRoute *routes;
  guint              n_routes;

  self->routes = g_ptr_array_new ();
  add_routes (self, base_routes, G_N_ELEMENTS (base_routes));
  routes = server_console_routes (&n_routes);
  add_routes (self, routes, n_routes);
  routes = server_kiosk_api_routes (&n_routes);
  add_routes (self, routes, n_routes);
  routes = server_staff_accounts_api_routes (&n_routes);
  add_routes (self, routes, n_routes);
  routes = server_kiosk_appointments_api_routes (&n_routes);
  add_routes (self, routes, n_routes);
  routes = server_staff_appointments_api_routes (&n_routes);
  add_routes (self, routes, n_routes);
  routes = server_staff_content_api_routes (&n_routes);
  add_routes (self, routes, n_routes);
  routes = server_staff_reports_api_routes (&n_routes);
  add_routes (self, routes, n_routes);
  self->report_threshold = SERVER_REPORT_THRESHOLD_DEFAULT;
}

ServerHttp *
server_http_new (ServerStore *store)
{
  g_autoptr (GError) error = NULL;
  ServerHttp *self;

  g_return_val_if_fail (SERVER_IS_STORE (store), NULL);

  self = g_object_new (SERVER_TYPE_HTTP, NULL);
  self->store = g_object_ref (store);
  self->ingest = server_ingest_new (server_store_get_directory (store), &error);
  if (self->ingest == NULL)
    g_debug ("Events are written in place: %s", error->message);
  self->server = soup_server_new ("server-header", "neuvokas-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, dispatch_cb, self, NULL);
  g_signal_connect_object (self->server, "request-started", G_CALLBACK (request_started_cb), self,
                           0);
  return self;
}

gboolean
server_http_listen (ServerHttp *self, GSocketAddress *address, GError **error)
{
  g_autoptr (GSocket) socket = NULL;

  g_return_val_if_fail (SERVER_IS_HTTP (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), FALSE);

  /* GSocket's default backlog is 10: a burst of kiosks connecting at once while the
   * server is busy overflows it, and the kernel answers the overflow with resets. */
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;
  return soup_server_listen_socket (self->server, socket, 0, error);
}

void
server_http_set_report_threshold (ServerHttp *self, guint threshold)
{
  g_return_if_fail (SERVER_IS_HTTP (self));
  g_return_if_fail (threshold >= 1);
  self->report_threshold = threshold;
}

char *
server_http_get_url (ServerHttp *self)
{
  GSList *uris;
  char   *url = NULL;

  g_return_val_if_fail (SERVER_IS_HTTP (self), NULL);

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

SoupServer *
server_http_get_soup_server (ServerHttp *self)
{
  g_return_val_if_fail (SERVER_IS_HTTP (self), NULL);
  return self->server;
}

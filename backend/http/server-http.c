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
#include "server-http.h"
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

  ServerStore *store;
  SoupServer  *server;
  GPtrArray   *families; /* Family *, owned */
  GArray      *entries;  /* Entry, in the order the tables were added */
};

G_DEFINE_FINAL_TYPE (ServerHttp, server_http, G_TYPE_OBJECT)

#define LISTEN_BACKLOG 512

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

/* Refuses an oversized body from its Content-Length, before reading it. */
static void
got_headers_cb (SoupServerMessage *msg, ServerHttp *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const Entry        *entry;
  goffset             length;

  entry = find_entry (self, soup_server_message_get_method (msg),
                      g_uri_get_path (soup_server_message_get_uri (msg)), NULL);
  length = soup_message_headers_get_content_length (headers);
  if (entry != NULL && length > (goffset) entry->route->max_body)
    {
      reply_too_large (msg, entry->route);
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
  g_autofree char *kiosk_id = NULL;
  g_autoptr (ServerSession) session = NULL;
  const ServerRoute *route;
  const Entry       *entry;
  ServerRequest      request = { 0 };

  g_debug ("%s %s", method, path);

  /* One request a connection. libsoup 3.2 (Debian 12) never closes an idle keep-alive
   * connection that its client closed: under 200 kiosks the server ran out of file
   * descriptors in eight minutes (fixed upstream in 3.3, libsoup commit d20c6601).
   * Closing after each answer costs a TCP handshake per request, which kiosks calling
   * every few minutes never notice. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");

  entry = find_entry (self, method, path, allowed);
  if (entry == NULL && allowed->len > 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    allowed->str);
      server_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL,
                          "%s is not allowed here; use %s", method, allowed->str);
      return;
    }
  if (entry == NULL)
    {
      server_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL, "There is nothing at %s", path);
      return;
    }
  route = entry->route;

  if (soup_server_message_get_status (msg) == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    return; /* refused in got_headers_cb before the body was read */
  if (soup_server_message_get_request_body (msg)->length > (goffset) route->max_body)
    {
      reply_too_large (msg, route);
      return;
    }

  if (!server_auth_is_safe_method (method) && !server_auth_origin_matches_host (msg))
    {
      server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL,
                          "Requests from another site's pages are refused here");
      return;
    }

  if (route->auth == SERVER_AUTH_KIOSK && (kiosk_id = server_auth_kiosk (self->store, msg)) == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"neuvokas\"");
      server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                          "This kiosk is not known: its token is missing, wrong or revoked");
      return;
    }
  if (route->auth == SERVER_AUTH_STAFF)
    {
      if ((session = server_auth_staff (self->store, msg, route)) == NULL)
        return;
      /* What staff see is personal: no cache keeps it. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                    "no-store");
    }

  request.store = self->store;
  request.msg = msg;
  request.path = path;
  request.query = query;
  request.kiosk_id = kiosk_id;
  request.staff = session;
  request.family = entry->family->data;
  route->handler (&request);
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

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* A family's state may finish work of its own (the event writer drains its queue). */
  if (self->entries != NULL)
    g_array_set_size (self->entries, 0);
  g_clear_pointer (&self->families, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (server_http_parent_class)->dispose (object);
}

static void
server_http_finalize (GObject *object)
{
  ServerHttp *self = (ServerHttp *) object;

  g_clear_pointer (&self->entries, g_array_unref);
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
}

ServerHttp *
server_http_new (ServerStore *store)
{
  ServerHttp *self;

  g_return_val_if_fail (SERVER_IS_STORE (store), NULL);

  self = g_object_new (SERVER_TYPE_HTTP, NULL);
  self->store = g_object_ref (store);
  self->server = soup_server_new ("server-header", "neuvokas-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, dispatch_cb, self, NULL);
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

/* server-http-listener.c
 *
 * neuvokas-server accepts its connections itself and hands each to libsoup
 * (soup_server_accept_iostream), for what soup_server_listen_socket does not do in 3.2:
 *
 * - a cap on connections, in total and per address, answered 503 with Retry-After, so one
 *   client cannot take every file descriptor;
 * - recovery when accept() fails (EMFILE: out of file descriptors). The listening socket
 *   stays readable while connections wait, so the server logs once, stops polling it and
 *   tries again a little later, until accept() works again;
 * - an idle timeout on every socket (g_socket_set_timeout): a read or write that waits
 *   longer fails, and libsoup closes the connection;
 * - HTTPS: with a certificate, every connection is TLS (server-http-connection.c), the
 *   503 of a refusal included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "server-http-private.h"

/* How often a failing accept() is tried again. */
#define ACCEPT_RETRY_MS 100
/* Refusals (503) in progress, beyond the cap, before new connections are closed unanswered. */
#define REFUSING_MAX 64
/* What the client of a 503 is told to wait, in seconds. */
#define RETRY_AFTER "5"

/* One open connection, counted until its stream is finalized. */
typedef struct
{
  ServerListener    *listener;   /* NULL once the listener is gone */
  char              *address;    /* the client's IP address */
  char              *peer;       /* address and port: the key of by_peer */
  GSocket           *socket;     /* not a reference */
  GSocketConnection *connection; /* not a reference: a ServerHttpConnection */
} Tracked;

struct _ServerListener
{
  SoupServer      *server;  /* not a reference: the server owns its ServerHttp */
  GMainContext    *context; /* the thread-default one of the thread that serves */
  GSocket         *socket;
  GSocket         *keep_alive_socket; /* see allow_keep_alive() */
  GSource         *accept_source;
  GSource         *retry_source;
  gboolean         failing; /* accept() failed and it was logged */
  ServerHttpLimits limits;
  guint            n_connections;
  GHashTable      *per_address; /* IP address → count of its connections */
  GHashTable      *by_peer;     /* "address:port" → Tracked */
  GHashTable      *tracked;     /* every Tracked still counted */
  GTlsCertificate *certificate; /* NULL: plain HTTP */
  GPtrArray       *proxies;     /* GInetAddressMask: trusted proxies, no per-address cap */
};

static gboolean accept_cb (GSocket *socket, GIOCondition condition, gpointer user_data);

static char *
peer_key (GSocketAddress *address)
{
  g_autofree char *ip = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;
  ip = g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  return g_strdup_printf ("%s:%u", ip,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

static void
tracked_free (Tracked *tracked)
{
  g_free (tracked->address);
  g_free (tracked->peer);
  g_free (tracked);
}

static void
connection_gone_cb (gpointer data, GObject *where_the_object_was)
{
  Tracked        *tracked = data;
  ServerListener *self = tracked->listener;
  guint           count;

  if (self != NULL)
    {
      self->n_connections--;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, tracked->address));
      if (count <= 1)
        g_hash_table_remove (self->per_address, tracked->address);
      else
        g_hash_table_insert (self->per_address, g_strdup (tracked->address),
                             GUINT_TO_POINTER (count - 1));
      if (g_hash_table_lookup (self->by_peer, tracked->peer) == tracked)
        g_hash_table_remove (self->by_peer, tracked->peer);
      g_hash_table_remove (self->tracked, tracked);
    }
  tracked_free (tracked);
}

/* Counts @connection until it is finalized; FALSE when it is over a cap. */
static gboolean
track (ServerListener *self, GSocketConnection *connection, gboolean *out_refuse_silently)
{
  g_autoptr (GSocketAddress) remote
      = g_socket_get_remote_address (g_socket_connection_get_socket (connection), NULL);
  Tracked *tracked;
  guint    count;

  tracked = g_new0 (Tracked, 1);
  tracked->listener = self;
  tracked->peer = remote != NULL ? peer_key (remote) : NULL;
  tracked->address = remote != NULL && G_IS_INET_SOCKET_ADDRESS (remote)
                         ? g_inet_address_to_string (
                             g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)))
                         : g_strdup ("");
  if (tracked->peer == NULL)
    tracked->peer = g_strdup ("");
  tracked->socket = g_socket_connection_get_socket (connection);
  tracked->connection = connection;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, tracked->address));
  /* Every client behind a trusted proxy comes from its address: only the total counts. */
  if (remote != NULL && server_http_proxies_trust (self->proxies, remote))
    count = 0;

  *out_refuse_silently = self->n_connections >= self->limits.max_connections + REFUSING_MAX;
  g_hash_table_insert (self->per_address, g_strdup (tracked->address),
                       GUINT_TO_POINTER (count + 1));
  g_hash_table_replace (self->by_peer, g_strdup (tracked->peer), tracked);
  g_hash_table_add (self->tracked, tracked);
  self->n_connections++;
  g_object_weak_ref (G_OBJECT (connection), connection_gone_cb, tracked);
  return self->n_connections <= self->limits.max_connections
         && count + 1 <= self->limits.max_connections_per_address;
}

static void
take_connection (ServerListener *self, GSocket *socket)
{
  g_autoptr (GSocketConnection) connection = server_http_connection_new (socket);
  g_autoptr (GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr (GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  g_autoptr (SoupMessageHeaders) headers = NULL;
  g_autoptr (GIOStream) stream = NULL;
  g_autoptr (GError) error = NULL;
  gboolean silently = FALSE;

  g_socket_set_timeout (socket, self->limits.idle_timeout);
  /* libsoup writes an answer's headers and body apart: with Nagle's algorithm the body
   * waits for the client's delayed ACK, 40 ms on Linux, on a kept-alive connection. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  if (self->certificate == NULL)
    stream = G_IO_STREAM (g_object_ref (connection));
  else if ((stream = server_http_connection_start_tls (SERVER_HTTP_CONNECTION (connection),
                                                       self->certificate, &error))
           == NULL)
    {
      g_warning ("Cannot start TLS on a connection: %s", error->message);
      return;
    }
  if (!track (self, connection, &silently))
    {
      if (silently)
        return; /* closed with its last reference */
      headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      soup_message_headers_append (headers, "Retry-After", RETRY_AFTER);
      server_http_refuse_stream (stream, SOUP_STATUS_SERVICE_UNAVAILABLE, headers,
                                 "The server has too many connections; try again in a moment");
      return;
    }
  if (local == NULL || remote == NULL)
    return;
  soup_server_accept_iostream (self->server, stream, local, remote, NULL);
}

static void
watch_socket (ServerListener *self)
{
  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->accept_source, self->context);
}

static gboolean
retry_accept_cb (gpointer user_data)
{
  ServerListener *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  watch_socket (self);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_cb (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  ServerListener *self = user_data;

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSocket) client = g_socket_accept (self->socket, NULL, &error);

      if (client == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (client == NULL)
        {
          /* Logged once, not at every try: the log must not fill the disk as well. */
          if (!self->failing)
            g_warning ("Cannot accept connections (%s); trying again every %d ms", error->message,
                       ACCEPT_RETRY_MS);
          self->failing = TRUE;
          g_clear_pointer (&self->accept_source, g_source_unref);
          self->retry_source = g_timeout_source_new (ACCEPT_RETRY_MS);
          g_source_set_callback (self->retry_source, retry_accept_cb, self, NULL);
          g_source_attach (self->retry_source, self->context);
          return G_SOURCE_REMOVE;
        }
      if (self->failing)
        g_message ("Accepting connections again");
      self->failing = FALSE;
      take_connection (self, client);
    }
}

/* libsoup 3.2 keeps a connection alive after an answer only when the SoupServer has a
 * listener of its own: it gets one that nobody can reach, a Unix socket whose path is
 * removed at once. Every connection still comes through accept_cb. */
static GSocket *
allow_keep_alive (SoupServer *server)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if ((dir = g_dir_make_tmp ("neuvokas-server-XXXXXX", &error)) == NULL)
    goto fail;
  path = g_build_filename (dir, "unreachable", NULL);
  address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                         &error);
  if (socket != NULL && g_socket_bind (socket, address, FALSE, &error)
      && g_socket_listen (socket, &error))
    {
      g_unlink (path);
      g_rmdir (dir);
      if (soup_server_listen_socket (server, socket, 0, &error))
        return g_steal_pointer (&socket);
    }
  g_unlink (path);
  g_rmdir (dir);
fail:
  g_warning ("Connections will not be kept alive: %s", error->message);
  return NULL;
}

ServerListener *
server_listener_new (SoupServer             *server,
                     GSocket                *socket,
                     const ServerHttpLimits *limits,
                     GTlsCertificate        *certificate,
                     GPtrArray              *proxies)
{
  ServerListener *self = g_new0 (ServerListener, 1);

  self->server = server;
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->proxies = proxies != NULL ? g_ptr_array_ref (proxies) : NULL;
  self->context = g_main_context_ref_thread_default ();
  self->socket = g_object_ref (socket);
  self->limits = *limits;
  self->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_peer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tracked = g_hash_table_new (NULL, NULL);
  self->keep_alive_socket = allow_keep_alive (server);
  g_socket_set_blocking (socket, FALSE);
  watch_socket (self);
  return self;
}

void
server_listener_free (ServerListener *self)
{
  GHashTableIter iter;
  Tracked       *tracked;

  if (self == NULL)
    return;
  if (self->accept_source != NULL)
    g_source_destroy (self->accept_source);
  g_clear_pointer (&self->accept_source, g_source_unref);
  if (self->retry_source != NULL)
    g_source_destroy (self->retry_source);
  g_clear_pointer (&self->retry_source, g_source_unref);
  g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_object (&self->keep_alive_socket);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->proxies, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  /* Connections still closing outlive the listener: they stop counting. */
  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, (gpointer *) &tracked, NULL))
    tracked->listener = NULL;
  g_clear_pointer (&self->tracked, g_hash_table_unref);
  g_clear_pointer (&self->by_peer, g_hash_table_unref);
  g_clear_pointer (&self->per_address, g_hash_table_unref);
  g_free (self);
}

void
server_listener_set_limits (ServerListener *self, const ServerHttpLimits *limits)
{
  self->limits = *limits;
}

void
server_listener_set_proxies (ServerListener *self, GPtrArray *proxies)
{
  g_clear_pointer (&self->proxies, g_ptr_array_unref);
  self->proxies = proxies != NULL ? g_ptr_array_ref (proxies) : NULL;
}

GSocket *
server_listener_get_socket (ServerListener *self)
{
  return self->socket;
}

GSocket *
server_listener_lookup (ServerListener *self, GSocketAddress *remote)
{
  g_autofree char *key = remote != NULL ? peer_key (remote) : NULL;
  Tracked         *tracked = key != NULL ? g_hash_table_lookup (self->by_peer, key) : NULL;

  return tracked != NULL ? tracked->socket : NULL;
}

void
server_listener_between_requests (ServerListener *self, GSocketAddress *remote)
{
  g_autofree char *key = remote != NULL ? peer_key (remote) : NULL;
  Tracked         *tracked = key != NULL ? g_hash_table_lookup (self->by_peer, key) : NULL;

  if (tracked != NULL && SERVER_IS_HTTP_CONNECTION (tracked->connection))
    server_http_connection_between_requests (SERVER_HTTP_CONNECTION (tracked->connection));
}

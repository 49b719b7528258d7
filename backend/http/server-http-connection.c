/* server-http-connection.c — keep-alive connections that close when their client goes
 *
 * libsoup 3.2 (Debian 12 has 3.2.3) waits for the next request on a keep-alive connection
 * with a message it only "starts" once a byte of that request arrives. When the client
 * closes the idle connection instead (or the idle timeout ends the wait), the read fails
 * before any byte, nobody is told, and the connection stays open for good: under 200
 * kiosks the server ran out of file descriptors in eight minutes (fixed upstream in 3.3,
 * libsoup commit d20c6601). That is why every answer used to carry Connection: close.
 *
 * ServerHttpConnection is the GTcpConnection the listener hands to libsoup. Its input
 * stream knows when the connection is between requests (server-http.c says so when an
 * answer is finished). A client that closes then, or stays silent past the idle timeout,
 * makes it shut the socket down and give libsoup one line feed before the end: libsoup
 * starts a request, cannot read it, and disconnects the connection as it does for any
 * request that fails. Nothing is written: the socket is already shut down.
 *
 * Over TLS the watch must sit above the TLS layer, where the line feed is a byte of the
 * request and not a broken record: server_http_connection_start_tls() puts the TLS
 * connection on the socket's own streams and the watched input on top of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-http-private.h"

/* The input: the socket's, watched between requests. */

typedef enum
{
  IDLE_IN_REQUEST,       /* a request is on its way, or the first one */
  IDLE_BETWEEN_REQUESTS, /* an answer was finished, no byte of the next came yet */
  IDLE_ENDED,            /* the client went: libsoup had its line feed, now the end */
} IdleState;

#define SERVER_TYPE_IDLE_INPUT (server_idle_input_get_type ())
G_DECLARE_FINAL_TYPE (ServerIdleInput, server_idle_input, SERVER, IDLE_INPUT, GFilterInputStream)

struct _ServerIdleInput
{
  GFilterInputStream parent_instance;

  GSocket  *socket; /* not a reference: the connection's */
  IdleState state;
};

static void server_idle_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ServerIdleInput,
                               server_idle_input,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      server_idle_input_pollable_init))

static gssize
idle_read (ServerIdleInput *self,
           void            *buffer,
           gsize            count,
           gboolean         blocking,
           GCancellable    *cancellable,
           GError         **error)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  GError       *local_error = NULL;
  gssize        n;

  if (self->state == IDLE_ENDED)
    return 0;

  n = g_pollable_stream_read (base, buffer, count, blocking, cancellable, &local_error);
  if (n > 0)
    {
      self->state = IDLE_IN_REQUEST;
      return n;
    }
  if (self->state == IDLE_BETWEEN_REQUESTS && count > 0
      && (n == 0 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)))
    {
      /* The client closed, or was silent past the idle timeout, between requests. */
      g_clear_error (&local_error);
      g_socket_shutdown (self->socket, TRUE, TRUE, NULL);
      self->state = IDLE_ENDED;
      ((char *) buffer)[0] = '\n';
      return 1;
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return n;
}

static gssize
server_idle_input_read (
    GInputStream *stream, void *buffer, gsize count, GCancellable *cancellable, GError **error)
{
  return idle_read (SERVER_IDLE_INPUT (stream), buffer, count, TRUE, cancellable, error);
}

static gssize
server_idle_input_read_nonblocking (GPollableInputStream *stream,
                                    void                 *buffer,
                                    gsize                 count,
                                    GError              **error)
{
  return idle_read (SERVER_IDLE_INPUT (stream), buffer, count, FALSE, NULL, error);
}

static gboolean
server_idle_input_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
server_idle_input_is_readable (GPollableInputStream *stream)
{
  ServerIdleInput *self = SERVER_IDLE_INPUT (stream);
  GInputStream    *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));

  return self->state == IDLE_ENDED
         || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base));
}

static GSource *
server_idle_input_create_source (GPollableInputStream *stream, GCancellable *cancellable)
{
  ServerIdleInput *self = SERVER_IDLE_INPUT (stream);
  GInputStream    *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  g_autoptr (GSource) base_source = NULL;

  base_source = self->state == IDLE_ENDED
                    ? g_timeout_source_new (0)
                    : g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (base), NULL);
  return g_pollable_source_new_full (self, base_source, cancellable);
}

static void
server_idle_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = server_idle_input_can_poll;
  iface->is_readable = server_idle_input_is_readable;
  iface->create_source = server_idle_input_create_source;
  iface->read_nonblocking = server_idle_input_read_nonblocking;
}

static void
server_idle_input_class_init (ServerIdleInputClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = server_idle_input_read;
}

static void
server_idle_input_init (ServerIdleInput *self)
{
}

/* The connection */

struct _ServerHttpConnection
{
  GTcpConnection parent_instance;

  ServerIdleInput *input; /* the watched input: the socket's, or the TLS connection's */
  gboolean         tls;   /* the TLS connection reads the socket's own input */
};

G_DEFINE_FINAL_TYPE (ServerHttpConnection, server_http_connection, G_TYPE_TCP_CONNECTION)

static ServerIdleInput *
idle_input_new (GInputStream *base, GSocket *socket)
{
  ServerIdleInput *input = g_object_new (SERVER_TYPE_IDLE_INPUT, "base-stream", base, NULL);

  input->socket = socket;
  return input;
}

static GInputStream *
server_http_connection_get_input_stream (GIOStream *stream)
{
  ServerHttpConnection *self = SERVER_HTTP_CONNECTION (stream);
  GInputStream         *base;

  base = G_IO_STREAM_CLASS (server_http_connection_parent_class)->get_input_stream (stream);
  if (self->tls)
    return base;
  if (self->input == NULL)
    self->input
        = idle_input_new (base, g_socket_connection_get_socket (G_SOCKET_CONNECTION (self)));
  return G_INPUT_STREAM (self->input);
}

static void
server_http_connection_finalize (GObject *object)
{
  ServerHttpConnection *self = SERVER_HTTP_CONNECTION (object);

  g_clear_object (&self->input);
  G_OBJECT_CLASS (server_http_connection_parent_class)->finalize (object);
}

static void
server_http_connection_class_init (ServerHttpConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = server_http_connection_finalize;
  G_IO_STREAM_CLASS (klass)->get_input_stream = server_http_connection_get_input_stream;
}

static void
server_http_connection_init (ServerHttpConnection *self)
{
}

GSocketConnection *
server_http_connection_new (GSocket *socket)
{
  return g_object_new (SERVER_TYPE_HTTP_CONNECTION, "socket", socket, NULL);
}

GIOStream *
server_http_connection_start_tls (ServerHttpConnection *self,
                                  GTlsCertificate      *certificate,
                                  GError              **error)
{
  g_autoptr (GIOStream) tls = NULL;
  GSocket   *socket;
  GIOStream *stream;

  g_return_val_if_fail (SERVER_IS_HTTP_CONNECTION (self), NULL);
  g_return_val_if_fail (self->input == NULL && !self->tls, NULL);

  socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (self));
  self->tls = TRUE;
  if ((tls = g_tls_server_connection_new (G_IO_STREAM (self), certificate, error)) == NULL)
    return NULL;
  /* As libsoup's own listener: HTTP says where a body ends, a missing close_notify hides
   * nothing (and kiosks on a cut connection rarely send one). */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  self->input = idle_input_new (g_io_stream_get_input_stream (tls), socket);
  stream
      = g_simple_io_stream_new (G_INPUT_STREAM (self->input), g_io_stream_get_output_stream (tls));
  /* The TLS streams hold their connection only weakly. */
  g_object_set_data_full (G_OBJECT (stream), "server-http-tls", g_steal_pointer (&tls),
                          g_object_unref);
  g_object_set_data (G_OBJECT (stream), SERVER_HTTP_SOCKET_KEY, socket);
  return stream;
}

void
server_http_connection_between_requests (ServerHttpConnection *self)
{
  g_return_if_fail (SERVER_IS_HTTP_CONNECTION (self));

  if (self->input == NULL)
    server_http_connection_get_input_stream (G_IO_STREAM (self));
  if (self->input != NULL && self->input->state == IDLE_IN_REQUEST)
    self->input->state = IDLE_BETWEEN_REQUESTS;
}

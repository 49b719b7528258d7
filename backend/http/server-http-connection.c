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
 * The same input screens each request's head before libsoup parses it. libsoup 3.2 leaks
 * the path of a request whose Content-Length or Transfer-Encoding it cannot read (fixed
 * upstream in 3.5.2, commit 450d43c4): before any authentication, as many bytes as the
 * path, for good. It also keeps every method it reads, interned: a request whose method
 * HTTP does not define is refused the same way. So the input holds a head back until it is whole,
 * reads its framing as libsoup will (soup_headers_parse(), which does not leak), and when libsoup
 * could not read it, puts a NUL in it: libsoup then refuses the head before it copies the path, and
 * answers 400 with the JSON body server-http.c prepared, and closes the connection. libsoup never
 * reads past the request being screened: the input gives it the head, then exactly the body the
 * head announces (a length, or chunks followed as libsoup follows them), and holds back what comes
 * after, the next pipelined request, for the next screening.
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

/* Where the screen is in the bytes that come (see the top of the file). */
typedef enum
{
  SCREEN_HEAD,       /* a request's head, held back until whole */
  SCREEN_BODY,       /* body_left bytes of a body of known length */
  SCREEN_CHUNK_SIZE, /* a chunk's size line */
  SCREEN_CHUNK_DATA, /* body_left bytes of a chunk */
  SCREEN_CHUNK_END,  /* the line after a chunk's data */
  SCREEN_TRAILER,    /* a trailer line, or the empty line that ends the body */
  SCREEN_PASS,       /* libsoup will end the connection: everything passes */
} ScreenState;

/* A head bigger than this is refused (libsoup would read one of any size). */
#define SCREEN_HEAD_MAX (64 * 1024)
/* libsoup reads a chunked body's lines into a buffer of 128 bytes; a longer one fails it. */
#define SCREEN_LINE_MAX 128

struct _ServerIdleInput
{
  GFilterInputStream parent_instance;

  GSocket  *socket; /* not a reference: the connection's */
  IdleState state;

  GByteArray *pending;   /* read from the base stream, not yet given to libsoup */
  gsize       ready;     /* the first bytes of pending, screened: libsoup may have them */
  ScreenState screen;    /* what the bytes after ready are */
  gsize       line;      /* bytes of the current line (head or chunk line) in pending */
  guint64     body_left; /* SCREEN_BODY, SCREEN_CHUNK_DATA */
};

static void server_idle_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ServerIdleInput,
                               server_idle_input,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      server_idle_input_pollable_init))

/* Whether the request line at @line (of @length bytes) names a method of HTTP (RFC 9110
 * section 9): libsoup 3.2 keeps every method it reads for good (g_intern_string () in
 * soup_server_message_set_method ()), so a client that sent a new one in each request
 * would grow the server without end, before any authentication. */
static gboolean
has_known_method (const char *line, gsize length)
{
  static const char *const methods[]
      = { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      gsize n = strlen (methods[i]);

      if (length > n && memcmp (line, methods[i], n) == 0 && line[n] == ' ')
        return TRUE;
    }
  return FALSE;
}

/* The head at pending[ready…ready+length) is whole: sets what comes after it, and spoils it
 * (a NUL) when libsoup could not read its framing, or would keep its method. */
static void
screen_head (ServerIdleInput *self, gsize length, gboolean ended)
{
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  char        *head = (char *) self->pending->data + self->ready;
  gsize        skip = 0;
  gsize        parsed;
  SoupEncoding encoding;
  goffset      content_length;

  /* As libsoup: the empty lines before a request line are skipped, and the head is parsed
   * without the empty line that ends it ("\n\n" or "\n\r\n"), or, when the client
   * closed before that line (@ended), as far as it came. */
  while (skip < length && (head[skip] == '\r' || head[skip] == '\n'))
    skip++;
  parsed = ended ? length : length - (head[length - 2] == '\r' ? 2 : 1);
  self->screen = SCREEN_BODY;
  self->body_left = 0;
  if (skip < parsed && !has_known_method (head + skip, parsed - skip))
    {
      /* Refused before libsoup reads the method: a JSON 400, and the connection ends. */
      head[skip] = '\0';
      self->screen = SCREEN_PASS;
      return;
    }
  if (skip >= parsed || !soup_headers_parse (head + skip, (int) (parsed - skip), headers))
    return; /* libsoup refuses it before it copies anything */
  encoding = soup_message_headers_get_encoding (headers);
  content_length = soup_message_headers_get_content_length (headers);
  if (encoding == SOUP_ENCODING_CHUNKED)
    self->screen = SCREEN_CHUNK_SIZE;
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH && content_length >= 0)
    self->body_left = (guint64) content_length;
  else if (encoding != SOUP_ENCODING_NONE)
    {
      /* Unreadable framing (or a negative length, which libsoup 3.2 reads as one): the
       * request line gets a NUL, libsoup refuses the head at once and closes. */
      head[skip] = '\0';
      self->screen = SCREEN_PASS;
    }
}

/* Whether the line of @self->line bytes before @end, in a chunked body, ends the body
 * (SCREEN_TRAILER) or gives the next chunk's size (SCREEN_CHUNK_SIZE): as libsoup reads it. */
static void
screen_chunk_line (ServerIdleInput *self, const char *line, gsize length)
{
  char text[SCREEN_LINE_MAX + 1];

  memcpy (text, line, length);
  text[length] = '\0';
  switch (self->screen)
    {
    case SCREEN_CHUNK_SIZE:
      /* libsoup: strtoul (line, NULL, 16) into a goffset; not above 0 means the last chunk. */
      self->body_left = (guint64) strtoul (text, NULL, 16);
      self->screen = (gint64) self->body_left > 0 ? SCREEN_CHUNK_DATA : SCREEN_TRAILER;
      break;
    case SCREEN_CHUNK_END:
      self->screen = SCREEN_CHUNK_SIZE;
      break;
    case SCREEN_TRAILER:
      if (g_str_has_prefix (text, "\r\n") || text[0] == '\n')
        self->screen = SCREEN_HEAD;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Screens what came after @self->ready: moves ready over what libsoup may read. Stops at a
 * head that is not whole yet (or, in a chunked body, a line). */
static void
screen_pending (ServerIdleInput *self)
{
  while (self->ready < self->pending->len)
    {
      const char *at = (const char *) self->pending->data + self->ready;
      gsize       avail = self->pending->len - self->ready;
      const char *newline;
      gsize       length;

      switch (self->screen)
        {
        case SCREEN_PASS:
          self->ready = self->pending->len;
          return;

        case SCREEN_BODY:
        case SCREEN_CHUNK_DATA:
          length = (gsize) MIN ((guint64) avail, self->body_left);
          self->ready += length;
          self->body_left -= length;
          if (self->body_left == 0)
            self->screen = self->screen == SCREEN_BODY ? SCREEN_HEAD : SCREEN_CHUNK_END;
          break;

        case SCREEN_HEAD:
          /* libsoup ends a head at a line "\n" after at least two bytes, or "\r\n" after
           * at least three, that follows a line feed. */
          for (length = self->line; length < avail; length++)
            if (at[length] == '\n'
                && ((length >= 2 && at[length - 1] == '\n')
                    || (length >= 4 && at[length - 1] == '\r' && at[length - 2] == '\n')))
              break;
          if (length == avail)
            {
              self->line = avail;
              if (avail > SCREEN_HEAD_MAX)
                {
                  /* Too big: spoilt, as an unreadable one. */
                  ((char *) self->pending->data)[self->ready] = '\0';
                  self->screen = SCREEN_PASS;
                  break;
                }
              return;
            }
          self->line = 0;
          screen_head (self, length + 1, FALSE);
          self->ready += length + 1;
          break;

        case SCREEN_CHUNK_SIZE:
        case SCREEN_CHUNK_END:
        case SCREEN_TRAILER:
          newline = memchr (at + self->line, '\n', MIN (avail, SCREEN_LINE_MAX) - self->line);
          if (newline == NULL)
            {
              if (avail >= SCREEN_LINE_MAX)
                self->screen = SCREEN_PASS; /* libsoup fails such a line and closes */
              else
                self->line = avail;
              if (self->screen != SCREEN_PASS)
                return;
              break;
            }
          length = newline - at + 1;
          self->line = 0;
          screen_chunk_line (self, at, length);
          self->ready += length;
          break;
        }
    }
}

/* Gives libsoup up to @count screened bytes. */
static gsize
take_ready (ServerIdleInput *self, void *buffer, gsize count)
{
  gsize n = MIN (count, self->ready);

  memcpy (buffer, self->pending->data, n);
  g_byte_array_remove_range (self->pending, 0, n);
  self->ready -= n;
  return n;
}

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

  guint8 block[16384];

  if (self->state == IDLE_ENDED)
    return 0;
  if (count == 0)
    return 0;

  /* Screened bytes first; then more from the socket until some are screened. */
  while (self->ready == 0)
    {
      n = g_pollable_stream_read (base, block, sizeof block, blocking, cancellable, &local_error);
      if (n <= 0)
        break;
      self->state = IDLE_IN_REQUEST;
      g_byte_array_append (self->pending, block, n);
      screen_pending (self);
    }
  if (self->ready > 0)
    {
      g_clear_error (&local_error);
      self->state = IDLE_IN_REQUEST;
      return take_ready (self, buffer, count);
    }
  /* The end, or an error, with part of a head held back: libsoup parses what came of a
   * head when its client closes, so that is screened as a whole head. */
  if (self->pending->len > 0
      && (n == 0 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)))
    {
      g_clear_error (&local_error);
      if (self->screen == SCREEN_HEAD)
        screen_head (self, self->pending->len, TRUE);
      self->ready = self->pending->len;
      self->screen = SCREEN_PASS;
      return take_ready (self, buffer, count);
    }
  if (self->state == IDLE_BETWEEN_REQUESTS
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

  return self->state == IDLE_ENDED || self->ready > 0
         || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base));
}

static GSource *
server_idle_input_create_source (GPollableInputStream *stream, GCancellable *cancellable)
{
  ServerIdleInput *self = SERVER_IDLE_INPUT (stream);
  GInputStream    *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  g_autoptr (GSource) base_source = NULL;

  base_source = self->state == IDLE_ENDED || self->ready > 0
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
server_idle_input_finalize (GObject *object)
{
  ServerIdleInput *self = SERVER_IDLE_INPUT (object);

  g_byte_array_unref (self->pending);
  G_OBJECT_CLASS (server_idle_input_parent_class)->finalize (object);
}

static void
server_idle_input_class_init (ServerIdleInputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = server_idle_input_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = server_idle_input_read;
}

static void
server_idle_input_init (ServerIdleInput *self)
{
  self->pending = g_byte_array_new ();
  self->screen = SCREEN_HEAD;
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

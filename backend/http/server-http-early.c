/* server-http-early.c
 *
 * Answering a request without reading its body. libsoup 3.2 reads the whole body of every
 * request before it writes an answer, even one refused from its headers (no token, an
 * unknown path, a Content-Length over the route's limit): 256 MiB sent to a path that does
 * not exist were read, and, with a Content-Length of -1, the server waited for a body that
 * never ends. So a refusal takes the connection from libsoup, writes the answer itself and
 * closes.
 *
 * Closing a socket whose client is still sending makes the kernel answer with a reset,
 * which may reach the client before it has read the answer. So the server stops writing,
 * then reads and drops what still comes for a short while (a "lingering close", as other
 * servers do), and only then closes: the client sees its answer, and no byte is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-http-private.h"
#include "server-reply.h"

/* How long, and how much, a refused client may go on sending before the socket closes. */
#define LINGER_MS 2000
#define LINGER_MAX (4 * 1024 * 1024)
#define LINGER_BUFFER 16384

typedef struct
{
  GIOStream    *stream;
  GBytes       *answer;
  GCancellable *cancellable;
  GSource      *timeout;
  gsize         drained;
  guint8        buffer[LINGER_BUFFER];
} Closing;

static void
closing_finish (Closing *closing)
{
  if (closing->timeout != NULL)
    g_source_destroy (closing->timeout);
  g_clear_pointer (&closing->timeout, g_source_unref);
  g_io_stream_close (closing->stream, NULL, NULL);
  g_clear_object (&closing->stream);
  g_clear_object (&closing->cancellable);
  g_clear_pointer (&closing->answer, g_bytes_unref);
  g_free (closing);
}

static gboolean
linger_timeout_cb (gpointer user_data)
{
  Closing *closing = user_data;

  g_cancellable_cancel (closing->cancellable);
  return G_SOURCE_REMOVE;
}

static void
drained_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Closing *closing = user_data;
  gssize   n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (closing->drained += n) >= LINGER_MAX)
    {
      closing_finish (closing);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), closing->buffer, sizeof closing->buffer,
                             G_PRIORITY_DEFAULT, closing->cancellable, drained_cb, closing);
}

/* The socket under @stream: a GSocketConnection, a TLS stream of the listener's, or
 * libsoup's wrapper of either. */
static GSocket *
socket_of_stream (GIOStream *stream)
{
  g_autoptr (GIOStream) base = NULL;

  if (G_IS_SOCKET_CONNECTION (stream))
    return g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
  if (g_object_get_data (G_OBJECT (stream), SERVER_HTTP_SOCKET_KEY) != NULL)
    return g_object_get_data (G_OBJECT (stream), SERVER_HTTP_SOCKET_KEY);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (stream), "base-iostream") == NULL)
    return NULL;
  g_object_get (stream, "base-iostream", &base, NULL);
  return base != NULL && !G_IS_SOCKET_CONNECTION (base) ? socket_of_stream (base)
         : G_IS_SOCKET_CONNECTION (base)
             ? g_socket_connection_get_socket (G_SOCKET_CONNECTION (base))
             : NULL;
}

static void
written_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Closing *closing = user_data;
  GSocket *socket;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL)
      || (socket = socket_of_stream (closing->stream)) == NULL
      || !g_socket_shutdown (socket, FALSE, TRUE, NULL))
    {
      closing_finish (closing);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (closing->stream), closing->buffer,
                             sizeof closing->buffer, G_PRIORITY_DEFAULT, closing->cancellable,
                             drained_cb, closing);
}

/* Writes @answer on @stream (taken), then closes it as above. */
static void
send_and_close (GIOStream *stream, GBytes *answer)
{
  Closing      *closing = g_new0 (Closing, 1);
  gsize         size;
  gconstpointer data = g_bytes_get_data (answer, &size);

  closing->stream = stream;
  closing->answer = answer;
  closing->cancellable = g_cancellable_new ();
  /* One deadline for writing and lingering: a client that never reads fills the socket. */
  closing->timeout = g_timeout_source_new (LINGER_MS);
  g_source_set_callback (closing->timeout, linger_timeout_cb, closing, NULL);
  g_source_attach (closing->timeout, g_main_context_get_thread_default ());
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), data, size,
                                   G_PRIORITY_DEFAULT, closing->cancellable, written_cb, closing);
}

/* An HTTP/1.1 answer with @headers, a Content-Length of @body and Connection: close. */
static GBytes *
format_answer (guint status, SoupMessageHeaders *headers, GBytes *body, gboolean with_body)
{
  GString               *text = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char            *name, *value;
  gsize                  size = body != NULL ? g_bytes_get_size (body) : 0;

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  if (headers != NULL)
    {
      soup_message_headers_iter_init (&iter, headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (g_ascii_strcasecmp (name, "Content-Length") != 0
            && g_ascii_strcasecmp (name, "Connection") != 0
            && g_ascii_strcasecmp (name, "Transfer-Encoding") != 0)
          g_string_append_printf (text, "%s: %s\r\n", name, value);
    }
  g_string_append_printf (text, "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          size);
  if (with_body && size > 0)
    g_string_append_len (text, g_bytes_get_data (body, NULL), size);
  return g_string_free_to_bytes (text);
}

void
server_http_answer_now (SoupServerMessage *msg)
{
  g_autoptr (GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  GBytes    *answer;
  GIOStream *stream;

  server_http_request_done (msg);
  answer = format_answer (soup_server_message_get_status (msg),
                          soup_server_message_get_response_headers (msg), body,
                          !g_str_equal (soup_server_message_get_method (msg), "HEAD"));
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_bytes_unref (answer);
      return;
    }
  send_and_close (stream, answer);
}

void
server_http_refuse_stream (GIOStream          *stream,
                           guint               status,
                           SoupMessageHeaders *headers,
                           const char         *sentence)
{
  g_autoptr (SoupMessageHeaders) all = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr (GBytes) body
      = server_error_json_coded (server_error_code_for_status (status), NULL, sentence);
  SoupMessageHeadersIter iter;
  const char            *name, *value;

  soup_message_headers_append (all, "Content-Type", "application/json; charset=utf-8");
  soup_message_headers_append (all, "X-Content-Type-Options", "nosniff");
  if (headers != NULL)
    {
      soup_message_headers_iter_init (&iter, headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        soup_message_headers_append (all, name, value);
    }
  send_and_close (g_object_ref (stream), format_answer (status, all, body, TRUE));
}

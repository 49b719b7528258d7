/* server-http-stream.c — a response body written by a worker thread, streamed as it comes
 *
 * An export can be far larger than memory, and reading it from SQLite blocks, so a worker
 * thread writes it to a GOutputStream of its own while the main loop serves other requests.
 * Each write of the worker becomes one chunk of a chunked response. The worker waits while
 * MAX_QUEUED chunks are queued, and the main thread hands libsoup one chunk at a time (the
 * next only once it is written, with the body not accumulating): memory stays bounded
 * however many rows there are and however slow the client reads. When the client goes
 * away, the message finishes and the worker's next write fails, which stops it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-reply.h"

#define MAX_QUEUED 4

typedef struct
{
  GMutex lock;
  GCond  cond;
  /* Under the lock */
  GQueue   chunks;    /* GBytes the worker wrote, not yet given to libsoup */
  gboolean in_body;   /* a chunk is in the body, not yet written out */
  gboolean produced;  /* the worker is done */
  gboolean failed;    /* … and failed: the response must not look complete */
  gboolean gone;      /* the message finished: the worker writes in vain */
  gboolean scheduled; /* a feed is queued on the main context */
  /* Main thread only */
  SoupServerMessage *msg; /* NULL once finished */
  gboolean           completed;
  GMainContext      *context;
  /* The worker's */
  ServerStreamFunc func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} Stream;

static Stream *
stream_ref (Stream *stream)
{
  return g_atomic_rc_box_acquire (stream);
}

static void
stream_clear (Stream *stream)
{
  g_queue_clear_full (&stream->chunks, (GDestroyNotify) g_bytes_unref);
  g_mutex_clear (&stream->lock);
  g_cond_clear (&stream->cond);
  g_main_context_unref (stream->context);
}

static void
stream_unref (Stream *stream)
{
  g_atomic_rc_box_release_full (stream, (GDestroyNotify) stream_clear);
}

static void feed (Stream *stream);

static gboolean
feed_cb (gpointer data)
{
  Stream *stream = data;

  g_mutex_lock (&stream->lock);
  stream->scheduled = FALSE;
  g_mutex_unlock (&stream->lock);
  feed (stream);
  return G_SOURCE_REMOVE;
}

/* Called with the lock held, from the worker. */
static void
schedule_feed (Stream *stream)
{
  GSource *source;

  if (stream->scheduled)
    return;
  stream->scheduled = TRUE;
  source = g_idle_source_new ();
  g_source_set_callback (source, feed_cb, stream_ref (stream), (GDestroyNotify) stream_unref);
  g_source_attach (source, stream->context);
  g_source_unref (source);
}

/* Main thread: gives libsoup the next chunk when it has written the last one, or ends the
 * body once the worker is done. */
static void
feed (Stream *stream)
{
  g_autoptr (GBytes) chunk = NULL;
  SoupMessageBody *body;
  gboolean         end = FALSE;
  gboolean         failed = FALSE;

  if (stream->msg == NULL || stream->completed)
    return;
  g_mutex_lock (&stream->lock);
  if (!stream->in_body)
    {
      chunk = g_queue_pop_head (&stream->chunks);
      if (chunk != NULL)
        {
          stream->in_body = TRUE;
          g_cond_signal (&stream->cond);
        }
      else if (stream->produced)
        {
          end = TRUE;
          failed = stream->failed;
        }
    }
  g_mutex_unlock (&stream->lock);

  body = soup_server_message_get_response_body (stream->msg);
  if (chunk != NULL)
    soup_message_body_append_bytes (body, chunk);
  else if (end)
    {
      /* A cut before the last chunk: the client sees a broken response, never a short one
       * that looks whole. */
      if (failed && soup_server_message_get_socket (stream->msg) != NULL)
        g_socket_shutdown (soup_server_message_get_socket (stream->msg), FALSE, TRUE, NULL);
      soup_message_body_complete (body);
      stream->completed = TRUE;
    }
  else
    return;
  soup_server_message_unpause (stream->msg);
}

static void
wrote_chunk_cb (SoupServerMessage *msg, Stream *stream)
{
  g_mutex_lock (&stream->lock);
  stream->in_body = FALSE;
  g_mutex_unlock (&stream->lock);
  feed (stream);
}

static void
finished_cb (SoupServerMessage *msg, Stream *stream)
{
  g_mutex_lock (&stream->lock);
  stream->gone = TRUE;
  g_queue_clear_full (&stream->chunks, (GDestroyNotify) g_bytes_unref);
  g_cond_broadcast (&stream->cond);
  g_mutex_unlock (&stream->lock);

  g_signal_handlers_disconnect_by_data (msg, stream);
  g_clear_object (&stream->msg);
  stream_unref (stream); /* the signal handlers' */
}

/* The worker's end of it */

#define SERVER_TYPE_CHUNK_OUTPUT (server_chunk_output_get_type ())
G_DECLARE_FINAL_TYPE (ServerChunkOutput, server_chunk_output, SERVER, CHUNK_OUTPUT, GOutputStream)

struct _ServerChunkOutput
{
  GOutputStream parent_instance;
  Stream       *stream;
};

G_DEFINE_FINAL_TYPE (ServerChunkOutput, server_chunk_output, G_TYPE_OUTPUT_STREAM)

static gssize
server_chunk_output_write_fn (GOutputStream *output,
                              const void    *buffer,
                              gsize          count,
                              GCancellable  *cancellable,
                              GError       **error)
{
  Stream *stream = SERVER_CHUNK_OUTPUT (output)->stream;

  if (count == 0)
    return 0;
  g_mutex_lock (&stream->lock);
  while (stream->chunks.length >= MAX_QUEUED && !stream->gone)
    g_cond_wait (&stream->cond, &stream->lock);
  if (stream->gone)
    {
      g_mutex_unlock (&stream->lock);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "The client went away");
      return -1;
    }
  g_queue_push_tail (&stream->chunks, g_bytes_new (buffer, count));
  schedule_feed (stream);
  g_mutex_unlock (&stream->lock);
  return (gssize) count;
}

static void
server_chunk_output_finalize (GObject *object)
{
  ServerChunkOutput *self = SERVER_CHUNK_OUTPUT (object);

  g_clear_pointer (&self->stream, stream_unref);
  G_OBJECT_CLASS (server_chunk_output_parent_class)->finalize (object);
}

static void
server_chunk_output_class_init (ServerChunkOutputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = server_chunk_output_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = server_chunk_output_write_fn;
}

static void
server_chunk_output_init (ServerChunkOutput *self)
{
}

static gpointer
produce (gpointer data)
{
  Stream            *stream = data;
  ServerChunkOutput *output = g_object_new (SERVER_TYPE_CHUNK_OUTPUT, NULL);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  output->stream = stream_ref (stream);
  ok = stream->func (G_OUTPUT_STREAM (output), stream->user_data, &error);
  if (stream->destroy != NULL)
    stream->destroy (stream->user_data);
  g_object_unref (output);
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    g_warning ("A streamed response stopped: %s", error->message);

  g_mutex_lock (&stream->lock);
  stream->produced = TRUE;
  stream->failed = !ok;
  schedule_feed (stream);
  g_mutex_unlock (&stream->lock);
  stream_unref (stream);
  return NULL;
}

void
server_reply_stream (SoupServerMessage *msg,
                     const char        *content_type,
                     ServerStreamFunc   func,
                     gpointer           user_data,
                     GDestroyNotify     destroy)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Stream             *stream;

  server_add_common_headers (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", content_type);
  if (g_str_equal (soup_server_message_get_method (msg), "HEAD"))
    {
      if (destroy != NULL)
        destroy (user_data);
      return;
    }
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  stream = g_atomic_rc_box_new0 (Stream);
  g_mutex_init (&stream->lock);
  g_cond_init (&stream->cond);
  g_queue_init (&stream->chunks);
  stream->msg = g_object_ref (msg);
  stream->context = g_main_context_ref_thread_default ();
  stream->func = func;
  stream->user_data = user_data;
  stream->destroy = destroy;

  /* One reference for the signal handlers (dropped when the message finishes), one for
   * the worker. */
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), stream);
  g_thread_unref (g_thread_new ("neuvokas-stream", produce, stream_ref (stream)));
}

/* kiosk-sync.c
 *
 * Everything here is asynchronous: the request runs in libsoup's own machinery and
 * the bundle is parsed and validated piece by piece in a worker thread as it arrives
 * (never held whole), so a 10,000-organisation bundle never stalls the screen. The store is written
 * on the main thread, where every other store call happens; applying is one SQLite transaction.
 *
 * Failures are for the people who run the kiosk, never for residents: each is kept as
 * last-error for the staff status page, and logged as a warning in English when it is
 * new (not at every retry of the same one). An https:// server is trusted through the
 * system's authorities or a configured CA file; a certificate refused says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "kiosk-sync-private.h"
#include "kiosk-sync-images.h"
#include "nv-content-reader.h"

struct _KioskSync
{
  GObject parent_instance;

  KioskStore    *store;
  SoupSession   *session;
  char          *server_url;
  char          *token;
  char          *etag;
  char          *last_error;
  char          *logged_error; /* the failure last logged; NULL after a success */
  GError        *ca_error;     /* the configured CA file cannot be used */
  gint64         last_success;
  KioskSyncState state;
  guint          timer_id;
  guint          interval_ms;
  guint          failures;        /* in a row */
  guint          retry_after_ms;  /* from the last answer, 0 when none */
  guint          scheduled_delay; /* ms, of the pending timer */
  gsize          max_content;     /* bytes of a content answer, unpacked */
  GRand         *rand;
  GCancellable  *cancellable;
  gboolean       version_told; /* a sync went through: the server knows our version */
};

enum
{
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CONFIG_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskSync, kiosk_sync, G_TYPE_OBJECT)

static void
set_state (KioskSync *self, KioskSyncState state, const char *error_message)
{
  if (g_strcmp0 (self->last_error, error_message) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

#define KIOSK_SYNC_BATCH 500

typedef struct
{
  SoupMessage     *msg;
  SoupMessage     *push_msg;
  GPtrArray       *push_ids;
  gboolean         changed;
  GInputStream    *answer;   /* the content answer, as it arrives (gzip undone by libsoup) */
  NvContentReader *reader;   /* only for a 200: the bundle read record by record */
  gsize            received; /* bytes of the answer read so far, unpacked */
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_object (&data->answer);
  g_clear_pointer (&data->reader, nv_content_reader_free);
  g_clear_object (&data->msg);
  g_clear_object (&data->push_msg);
  g_clear_pointer (&data->push_ids, g_ptr_array_unref);
  g_free (data);
}

/* Retry-After is seconds or an HTTP date (RFC 9110); anything else is ignored. */
static guint
parse_retry_after (SoupMessage *msg)
{
  const char *value
      = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return (guint) seconds * 1000;
  {
    g_autoptr (GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    GTimeSpan span;

    if (when == NULL)
      return 0;
    span = g_date_time_difference (when, now);
    return span > 0 ? (guint) MIN (span / 1000, 24 * 3600 * 1000) : 0;
  }
}

/* Why a certificate was refused, in words. */
static char *
certificate_reasons (GTlsCertificateFlags flags)
{
  static const struct
  {
    GTlsCertificateFlags flag;
    const char          *reason;
  } reasons[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "signed by an authority this kiosk does not trust" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "made for another server name" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not valid yet" },
    { G_TLS_CERTIFICATE_EXPIRED, "expired" },
    { G_TLS_CERTIFICATE_REVOKED, "revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "made with an insecure algorithm" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "unusable" },
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (flags & reasons[i].flag)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", reasons[i].reason);
  if (text->len == 0)
    g_string_append (text, "refused");
  return g_string_free (text, FALSE);
}

/* Why a request got no answer, in English. The libraries' own messages follow the
 * language residents chose (gettext's LANGUAGE), and the log is for whoever runs the
 * kiosk: so the sentence is made here from the error's code. */
static char *
describe_transport_error (const GError *error)
{
  static const struct
  {
    int         code;
    const char *words;
  } io_errors[] = {
    { G_IO_ERROR_CONNECTION_REFUSED, "the connection was refused" },
    { G_IO_ERROR_TIMED_OUT, "it did not answer in time" },
    { G_IO_ERROR_HOST_UNREACHABLE, "the server's machine cannot be reached" },
    { G_IO_ERROR_NETWORK_UNREACHABLE, "the network cannot be reached" },
    { G_IO_ERROR_CONNECTION_CLOSED, "the connection was closed" },
    { G_IO_ERROR_BROKEN_PIPE, "the connection was cut" },
    { G_IO_ERROR_NOT_CONNECTED, "the connection was cut" },
    { G_IO_ERROR_PROXY_FAILED, "the proxy failed" },
    { G_IO_ERROR_PARTIAL_INPUT, "the answer was cut off" },
  };

  if (error->domain == G_IO_ERROR)
    for (guint i = 0; i < G_N_ELEMENTS (io_errors); i++)
      if (error->code == io_errors[i].code)
        return g_strdup (io_errors[i].words);
  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup ("the server's name was not found");
  if (error->domain == G_TLS_ERROR)
    return g_strdup_printf ("the secure connection failed (TLS error %d)", error->code);
  if (error->domain == SOUP_SESSION_ERROR)
    return g_strdup_printf ("its answer cannot be read (HTTP error %d)", error->code);
  return g_strdup_printf ("%s %d", g_quark_to_string (error->domain), error->code);
}

/* A request that got no answer (@error, taken), in words a person can act on: a refused
 * certificate names the server and why. Cancelling is left as it is. */
static GError *
explain_transport_error (KioskSync *self, SoupMessage *msg, GError *error)
{
  g_autofree char *reasons = NULL;
  g_autofree char *words = NULL;
  GError          *explained;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) && msg != NULL)
    {
      reasons = certificate_reasons (soup_message_get_tls_peer_certificate_errors (msg));
      explained = g_error_new (NV_ERROR, NV_ERROR_FAILED,
                               "The server %s was refused: its certificate is %s. Set "
                               "server-ca-file to the authority that signed it, or renew it",
                               self->server_url, reasons);
    }
  else
    {
      words = describe_transport_error (error);
      explained = g_error_new (NV_ERROR, NV_ERROR_FAILED, "Cannot reach the server: %s", words);
    }
  g_error_free (error);
  return explained;
}

static void
fail (GTask *task, KioskSync *self, GError *error)
{
  SyncData    *data = g_task_get_task_data (task);
  SoupMessage *answered = data->push_msg != NULL ? data->push_msg : data->msg;

  /* The kiosk's own store failed: if it is damaged, it is rebuilt now (keeping its
   * outboxes) and the next sync brings the whole content again. */
  if (g_error_matches (error, NV_ERROR, NV_ERROR_STORE))
    kiosk_store_repair_if_damaged (self->store, NULL);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && g_strcmp0 (self->logged_error, error->message) != 0)
    {
      /* English, whatever language residents see: the log is for whoever runs the kiosk. */
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                        "Sync with %s failed; the kiosk keeps what it has and tries again: %s",
                        self->server_url, error->message, "NEUVOKAS_SERVER", self->server_url);
      g_free (self->logged_error);
      self->logged_error = g_strdup (error->message);
    }
  self->failures++;
  self->retry_after_ms = answered != NULL ? parse_retry_after (answered) : 0;
  set_state (self, KIOSK_SYNC_FAILED, error->message);
  g_task_return_error (task, error);
}

static void
succeed (GTask *task, KioskSync *self)
{
  if (self->logged_error != NULL)
    g_message ("Sync with %s works again", self->server_url);
  g_clear_pointer (&self->logged_error, g_free);
  self->failures = 0;
  self->retry_after_ms = 0;
  self->last_success = g_get_real_time ();
  self->version_told = TRUE;
  set_state (self, KIOSK_SYNC_IDLE, NULL);
  g_task_return_boolean (task, TRUE);
}

guint
kiosk_sync_next_delay (guint failures, guint interval_ms, guint retry_after_ms, GRand *rand)
{
  const guint64 first = 5 * 1000, ceiling = 15 * 60 * 1000;
  guint64       delay;

  if (failures == 0)
    return MAX (interval_ms, retry_after_ms);
  delay = first << MIN (failures - 1, 20u);
  delay = MIN (delay, ceiling);
  /* Half fixed, half random: spread out, but never much sooner than planned. */
  delay = delay / 2 + (guint64) (g_rand_double (rand) * (double) (delay / 2));
  return (guint) MAX (delay, (guint64) retry_after_ms);
}

static GError *
status_error (SoupMessage *msg)
{
  guint status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (NV_ERROR, NV_ERROR_FAILED,
                        "The server refused this kiosk's token (401): register the kiosk again");
  return g_error_new (NV_ERROR, NV_ERROR_FAILED, "The server answered %u %s", status,
                      soup_message_get_reason_phrase (msg));
}

static void
images_fetched_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskSync *self = g_task_get_source_object (task);
  GError    *error = NULL;

  if (!kiosk_sync_images_fetch_finish (result, &error))
    fail (task, self, error);
  else
    succeed (task, self);
}

/* The content is in: the pictures it names that the kiosk lacks come next, so that a
 * kiosk that stopped halfway gets the rest at its next sync, changed content or not. */
static void
fetch_images (GTask *task)
{
  KioskSync *self = g_task_get_source_object (task);

  kiosk_sync_images_fetch_async (self->store, self->session, self->server_url, self->token,
                                 g_task_get_cancellable (task), images_fetched_cb, task);
}

static void
parsed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);
  g_autoptr (NvContent) content = NULL;
  GError     *error = NULL;
  const char *etag;

  if ((content = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    {
      g_prefix_error (&error, "The server sent content the kiosk cannot use: ");
      fail (task, self, error);
      return;
    }
  if (!kiosk_store_apply_content (self->store, content, &error))
    {
      fail (task, self, error);
      return;
    }

  etag = soup_message_headers_get_one (soup_message_get_response_headers (data->msg), "ETag");
  g_free (self->etag);
  self->etag = g_strdup (etag);
  data->changed = TRUE;
  /* After the content: settings never decide whether content is kept. */
  if (content->config != NULL)
    g_signal_emit (self, signals[CONFIG_RECEIVED], 0, content->config);
  fetch_images (g_steal_pointer (&task));
}

/* Pieces the answer is read in. Each is parsed in a worker thread as it arrives
 * (nv-content-reader.c: only the record being read is ever a JSON tree), and the next is
 * read only once it is parsed: the kiosk never holds the whole body, which is 17 MiB
 * unpacked for 10,000 places. */
#define ANSWER_PIECE (64 * 1024)

static void read_answer (GTask *task);

/* Worker-thread tasks carry the sync's task as their data: the reader is used by one
 * thread at a time, each piece after the last. */
static void
parse_piece_in_thread (GTask        *piece_task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  SyncData     *data = g_task_get_task_data (G_TASK (task_data));
  GBytes       *piece = g_object_get_data (G_OBJECT (piece_task), "piece");
  GError       *error = NULL;
  gsize         size;
  const guint8 *bytes = g_bytes_get_data (piece, &size);

  if (nv_content_reader_feed (data->reader, bytes, size, &error))
    g_task_return_boolean (piece_task, TRUE);
  else
    g_task_return_error (piece_task, error);
}

static void
finish_in_thread (GTask        *finish_task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SyncData  *data = g_task_get_task_data (G_TASK (task_data));
  GError    *error = NULL;
  NvContent *content = nv_content_reader_finish (data->reader, &error);

  if (content == NULL)
    g_task_return_error (finish_task, error);
  else
    g_task_return_pointer (finish_task, content, (GDestroyNotify) nv_content_free);
}

/* A connection is kept for the next request only once its answer was read to its end
 * (libsoup): so a 304 or an error answer is read out too. An answer given up halfway (too
 * large, not a bundle) is closed unread, which drops its connection. */
static void
answer_closed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);
  GTask     *finish_task;
  guint      status = soup_message_get_status (data->msg);

  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      fetch_images (g_steal_pointer (&task));
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      fail (task, self, status_error (data->msg));
      return;
    }
  finish_task = g_task_new (self, g_task_get_cancellable (task), parsed_cb, task);
  g_task_set_task_data (finish_task, g_steal_pointer (&task), NULL);
  g_task_run_in_thread (finish_task, finish_in_thread);
  g_object_unref (finish_task);
}

typedef enum
{
  ANSWER_TRANSPORT, /* the connection failed */
  ANSWER_CONTENT,   /* the text is no bundle */
  ANSWER_REFUSED,   /* the error says why already */
} AnswerFailure;

/* Gives up on the answer: closing it before its end drops the connection. */
static void
give_up_answer (GTask *task, AnswerFailure failure, GError *error)
{
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);

  g_input_stream_close (data->answer, NULL, NULL);
  if (failure == ANSWER_TRANSPORT)
    error = explain_transport_error (self, data->msg, error);
  else if (failure == ANSWER_CONTENT && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, "The server sent content the kiosk cannot use: ");
  fail (task, self, error);
}

static void
piece_parsed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask  *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      give_up_answer (task, ANSWER_CONTENT, error);
      g_object_unref (task);
      return;
    }
  read_answer (task);
}

static void
piece_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask     *task = user_data;
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);
  g_autoptr (GBytes) piece = NULL;
  GError *error = NULL;
  GTask  *piece_task;

  piece = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (piece == NULL)
    {
      give_up_answer (task, ANSWER_TRANSPORT, error);
      g_object_unref (task);
      return;
    }
  if (g_bytes_get_size (piece) == 0)
    {
      g_input_stream_close_async (data->answer, G_PRIORITY_LOW, NULL, answer_closed_cb, task);
      return;
    }
  data->received += g_bytes_get_size (piece);
  /* Refused as it arrives: a body that would not fit is never read to its end. */
  if (data->received > self->max_content)
    {
      give_up_answer (task, ANSWER_REFUSED,
                      g_error_new (NV_ERROR, NV_ERROR_TOO_LARGE,
                                   "The server's content is more than %" G_GSIZE_FORMAT
                                   " bytes; at most that many are accepted",
                                   self->max_content));
      g_object_unref (task);
      return;
    }
  if (data->reader == NULL)
    {
      read_answer (task);
      return;
    }
  piece_task = g_task_new (self, g_task_get_cancellable (task), piece_parsed_cb, task);
  g_task_set_task_data (piece_task, task, NULL);
  g_object_set_data_full (G_OBJECT (piece_task), "piece", g_steal_pointer (&piece),
                          (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (piece_task, parse_piece_in_thread);
  g_object_unref (piece_task);
}

/* The next piece of the answer; @task (owned) goes on with it. */
static void
read_answer (GTask *task)
{
  SyncData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->answer, ANSWER_PIECE, G_PRIORITY_LOW,
                                   g_task_get_cancellable (task), piece_read_cb, task);
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask     *task = user_data;
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);
  GError    *error = NULL;

  data->answer = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (data->answer == NULL)
    {
      fail (task, self, explain_transport_error (self, data->msg, error));
      g_object_unref (task);
      return;
    }
  if (soup_message_get_status (data->msg) == SOUP_STATUS_OK)
    data->reader = nv_content_reader_new ();
  read_answer (task);
}

/* What every request carries: who the kiosk is and how it is doing. An unchanged content
 * poll is most of a fleet's traffic, so a poll (@poll) says only what changes: its revision
 * in ?since= alone, its outbox only when something waits, and the kiosk's version (which
 * changes only with a restart) until one sync has gone through. It stays under 400 bytes
 * on the wire (issue 18; /kiosk-sync/connection-reused). */
static void
add_kiosk_headers (KioskSync *self, SoupMessage *msg, gboolean poll)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  guint               backlog = kiosk_store_events_count (self->store);

  if (!poll || !self->version_told)
    soup_message_headers_replace (headers, "User-Agent", "neuvokas-kiosk/" PACKAGE_VERSION);
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (!poll)
    {
      g_autofree char *revision
          = g_strdup_printf ("%" G_GINT64_FORMAT, kiosk_store_get_revision (self->store));

      soup_message_headers_replace (headers, "X-Neuvokas-Content-Revision", revision);
    }
  if (backlog > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", backlog);

      soup_message_headers_replace (headers, "X-Neuvokas-Outbox-Backlog", text);
    }
  /* Content is sent gzipped or not at all compressed: "deflate" is never used. */
  soup_message_headers_replace (headers, "Accept-Encoding", "gzip");
}

static void pull_content (GTask *task);
static void push_events (GTask *task);
static void push_appointments (GTask *task);

#define KIOSK_SYNC_APPOINTMENT_BATCH 50
/* A request the server rejected is kept this long for staff to see, then dropped. */
#define KIOSK_SYNC_REJECTED_KEEP_DAYS 30

/* Removes what the server answered for: accepted and duplicate are stored there,
 * rejected will never be stored (and is logged). Anything unanswered stays. */
static gboolean
remove_acknowledged (
    KioskSync *self, GBytes *body, GPtrArray *sent_ids, guint *out_removed, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) sent = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *results;

  if ((root = nv_json_parse_bytes (body, 0, error)) == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "results"))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "The server's answer has no results");
      return FALSE;
    }
  for (guint i = 0; i < sent_ids->len; i++)
    g_hash_table_add (sent, g_ptr_array_index (sent_ids, i));
  results = json_object_get_array_member (json_node_get_object (root), "results");
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonNode   *node = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id
          = result ? json_object_get_string_member_with_default (result, "id", NULL) : NULL;
      const char *status
          = result ? json_object_get_string_member_with_default (result, "status", NULL) : NULL;

      if (id == NULL || status == NULL || !g_hash_table_contains (sent, id))
        continue;
      if (g_str_equal (status, "rejected"))
        g_debug ("The server rejected event %s: %s", id,
                 json_object_get_string_member_with_default (result, "error", ""));
      else if (!g_str_equal (status, "accepted") && !g_str_equal (status, "duplicate"))
        continue;
      g_ptr_array_add (done, g_strdup (id));
    }
  *out_removed = done->len;
  return kiosk_store_events_remove (self->store, done, error);
}

/* Settles what the server answered for; *@out_settled gets how many items it settled. */
typedef gboolean (*SettleFunc) (
    KioskSync *self, GBytes *body, GPtrArray *sent_ids, guint *out_settled, GError **error);

/* The server's answer to a batch from an outbox: settled, then @again for the next
 * batch while there was something to settle, else on to @next. */
static void
push_answered (GTask        *task_in,
               SoupSession  *session,
               GAsyncResult *result,
               SettleFunc    settle,
               void (*again) (GTask *task),
               void (*next) (GTask *task))
{
  g_autoptr (GTask) task = task_in;
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;
  GError *error = NULL;
  guint   settled = 0;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      fail (task, self, explain_transport_error (self, data->push_msg, error));
      return;
    }
  if (soup_message_get_status (data->push_msg) != SOUP_STATUS_OK)
    {
      fail (task, self, status_error (data->push_msg));
      return;
    }
  if (!settle (self, body, data->push_ids, &settled, &error))
    {
      fail (task, self, error);
      return;
    }
  g_clear_object (&data->push_msg);
  g_clear_pointer (&data->push_ids, g_ptr_array_unref);
  if (settled > 0)
    again (g_steal_pointer (&task));
  else
    next (g_steal_pointer (&task));
}

static void
pushed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  push_answered (user_data, SOUP_SESSION (source), result, remove_acknowledged, push_events,
                 pull_content);
}

/* Settles the requests the server answered for: accepted and duplicate are stored
 * there and deleted here at once; rejected ones are kept, marked. Unanswered stay. */
static gboolean
settle_appointments (
    KioskSync *self, GBytes *body, GPtrArray *sent_ids, guint *out_settled, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) delivered = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rejected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) sent = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *results = NULL;

  if ((root = nv_json_parse_bytes (body, 0, error)) == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (root), "results");

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        results = json_node_get_array (node);
    }
  if (results == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "The server's answer has no results");
      return FALSE;
    }
  for (guint i = 0; i < sent_ids->len; i++)
    g_hash_table_add (sent, g_ptr_array_index (sent_ids, i));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode   *node = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id, *status;

      if (result == NULL)
        continue;
      id = json_object_get_string_member_with_default (result, "id", NULL);
      status = json_object_get_string_member_with_default (result, "status", NULL);
      if (id == NULL || status == NULL || !g_hash_table_contains (sent, id))
        continue;
      if (g_str_equal (status, "accepted") || g_str_equal (status, "duplicate"))
        g_ptr_array_add (delivered, g_strdup (id));
      else if (g_str_equal (status, "rejected"))
        {
          const char *field = json_object_get_string_member_with_default (result, "field", NULL);

          /* The server's sentence never repeats a name or a number; only the id is logged. */
          g_message ("The server rejected appointment request %s (field %s): it stays on this "
                     "kiosk for %d days",
                     id, field ? field : "none", KIOSK_SYNC_REJECTED_KEEP_DAYS);
          g_ptr_array_add (rejected, g_strdup (id));
          g_hash_table_insert (fields, g_strdup (id), g_strdup (field));
        }
    }
  *out_settled = delivered->len + rejected->len;
  return kiosk_store_appointments_settle (self->store, delivered, rejected, fields, error);
}

static void
appointments_pushed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  push_answered (user_data, SOUP_SESSION (source), result, settle_appointments, push_appointments,
                 push_events);
}

/* Sends @documents (already validated JSON from an outbox: joined, not encoded again) as
 * {"@member": [...]} to @path; each copy of a document is wiped once it is in the body,
 * as a request's holds a name and a phone number. */
static void
post_batch (GTask              *task,
            const char         *member,
            const char         *path,
            GPtrArray          *documents,
            int                 priority,
            GAsyncReadyCallback callback)
{
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *url = NULL;

  g_string_append_printf (body, "{\"%s\":[", member);
  for (guint i = 0; i < documents->len; i++)
    {
      char *document = g_ptr_array_index (documents, i);

      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, document);
      memset (document, 0, strlen (document));
    }
  g_string_append (body, "]}");

  url = g_strdup_printf ("%s%s", self->server_url, path);
  data->push_msg = soup_message_new (SOUP_METHOD_POST, url);
  /* A push may be sent twice: the server keeps each event and request once, by its id.
   * Said so, libsoup sends it on the open connection rather than opening a new one (and
   * in production a new TLS session) for every push. */
  soup_message_add_flags (data->push_msg, SOUP_MESSAGE_IDEMPOTENT);
  add_kiosk_headers (self, data->push_msg, FALSE);
  bytes = g_string_free_to_bytes (g_steal_pointer (&body));
  soup_message_set_request_body_from_bytes (data->push_msg, "application/json", bytes);
  soup_session_send_and_read_async (self->session, data->push_msg, priority,
                                    g_task_get_cancellable (task), callback, task);
}

/* Requests first of all: a resident is waiting for a call. */
static void
push_appointments (GTask *task)
{
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) documents
      = kiosk_store_appointments_peek (self->store, KIOSK_SYNC_APPOINTMENT_BATCH, &data->push_ids);

  if (documents->len == 0)
    {
      g_clear_pointer (&data->push_ids, g_ptr_array_unref);
      push_events (task);
      return;
    }
  post_batch (task, "appointments", "api/v1/kiosk/appointments", documents, G_PRIORITY_DEFAULT,
              appointments_pushed_cb);
}

static void
push_events (GTask *task)
{
  KioskSync *self = g_task_get_source_object (task);
  SyncData  *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) documents
      = kiosk_store_events_peek (self->store, KIOSK_SYNC_BATCH, &data->push_ids);

  if (documents->len == 0)
    {
      g_clear_pointer (&data->push_ids, g_ptr_array_unref);
      pull_content (task);
      return;
    }
  post_batch (task, "events", "api/v1/kiosk/events", documents, G_PRIORITY_LOW, pushed_cb);
}

/* The epoch in @etag ("rev-12.3f9c…", quoted) when it names @revision, or NULL. */
static char *
epoch_of_etag (const char *etag, gint64 revision)
{
  g_autofree char *prefix = g_strdup_printf ("\"rev-%" G_GINT64_FORMAT ".", revision);
  gsize            length;

  if (etag == NULL || !g_str_has_prefix (etag, prefix))
    return NULL;
  etag += strlen (prefix);
  length = strspn (etag, "0123456789abcdef");
  if (length == 0 || length > 64 || !g_str_equal (etag + length, "\""))
    return NULL;
  return g_strndup (etag, length);
}

static void
pull_content (GTask *task)
{
  KioskSync       *self = g_task_get_source_object (task);
  SyncData        *data = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autofree char *epoch = NULL;
  gint64           revision;

  revision = kiosk_store_get_revision (self->store);
  /* The revision within the server's epoch, from the ETag of what the kiosk applied
   * ("rev-12.3f9c…"): ?since=12.3f9c… is If-None-Match in fewer bytes. */
  epoch = epoch_of_etag (self->etag, revision);
  if (revision > 0 && epoch != NULL)
    url = g_strdup_printf ("%sapi/v1/kiosk/content?since=%" G_GINT64_FORMAT ".%s", self->server_url,
                           revision, epoch);
  else if (revision > 0)
    url = g_strdup_printf ("%sapi/v1/kiosk/content?since=%" G_GINT64_FORMAT, self->server_url,
                           revision);
  else
    url = g_strdup_printf ("%sapi/v1/kiosk/content", self->server_url);

  data->msg = soup_message_new (SOUP_METHOD_GET, url);
  add_kiosk_headers (self, data->msg, revision > 0);
  if (self->etag != NULL && revision > 0 && epoch == NULL)
    soup_message_headers_replace (soup_message_get_request_headers (data->msg), "If-None-Match",
                                  self->etag);
  soup_session_send_async (self->session, data->msg, G_PRIORITY_LOW, g_task_get_cancellable (task),
                           sent_cb, task);
}

void
kiosk_sync_run_async (KioskSync          *self,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GUri) uri = NULL;

  g_return_if_fail (KIOSK_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_sync_run_async);
  g_task_set_task_data (task, g_new0 (SyncData, 1), (GDestroyNotify) sync_data_free);

  uri = g_uri_parse (self->server_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      fail (task, self,
            g_error_new (NV_ERROR, NV_ERROR_FAILED, "The server address %s is not a URL",
                         self->server_url));
      return;
    }

  if (self->ca_error != NULL)
    {
      fail (task, self, g_error_copy (self->ca_error));
      return;
    }

  set_state (self, KIOSK_SYNC_RUNNING, self->last_error);
  kiosk_store_appointments_drop_rejected (
      self->store, g_get_real_time () / G_USEC_PER_SEC - KIOSK_SYNC_REJECTED_KEEP_DAYS * 24 * 3600,
      NULL);
  /* Requests and events first: they are what must never be lost; content can wait a
   * round. */
  push_appointments (g_steal_pointer (&task));
}

gboolean
kiosk_sync_run_finish (KioskSync *self, GAsyncResult *result, gboolean *changed, GError **error)
{
  SyncData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (changed != NULL)
    *changed = data != NULL && data->changed;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void schedule (KioskSync *self);

static void
periodic_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskSync *self = KIOSK_SYNC (source);
  g_autoptr (GError) error = NULL;

  /* Failures were logged and kept in last-error for the staff status page (fail()). */
  if (!kiosk_sync_run_finish (self, result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Sync failed (%u in a row): %s", self->failures, error->message);
    }
  schedule (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  KioskSync *self = user_data;

  self->timer_id = 0;
  self->scheduled_delay = 0;
  kiosk_sync_run_async (self, self->cancellable, periodic_done_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule (KioskSync *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->scheduled_delay
      = kiosk_sync_next_delay (self->failures, self->interval_ms, self->retry_after_ms, self->rand);
  self->timer_id = g_timeout_add (self->scheduled_delay, tick_cb, self);
}

void
kiosk_sync_start (KioskSync *self, guint interval_seconds)
{
  g_return_if_fail (KIOSK_IS_SYNC (self));
  g_return_if_fail (interval_seconds > 0);

  self->interval_ms = interval_seconds * 1000;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_idle_add (tick_cb, self);
}

void
kiosk_sync_run_soon (KioskSync *self)
{
  g_return_if_fail (KIOSK_IS_SYNC (self));

  /* Only when periodic syncing runs and is waiting: a running sync ends by scheduling
   * the next, and a failing one keeps its back-off (the server is away anyway). */
  if (self->timer_id == 0 || self->state == KIOSK_SYNC_RUNNING || self->failures > 0)
    return;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->scheduled_delay = 0;
  self->timer_id = g_idle_add (tick_cb, self);
}

guint
kiosk_sync_get_scheduled_delay (KioskSync *self)
{
  g_return_val_if_fail (KIOSK_IS_SYNC (self), 0);
  return self->timer_id != 0 ? self->scheduled_delay : 0;
}

KioskSyncState
kiosk_sync_get_state (KioskSync *self)
{
  g_return_val_if_fail (KIOSK_IS_SYNC (self), KIOSK_SYNC_IDLE);
  return self->state;
}

const char *
kiosk_sync_get_last_error (KioskSync *self)
{
  g_return_val_if_fail (KIOSK_IS_SYNC (self), NULL);
  return self->last_error;
}

const char *
kiosk_sync_get_server_url (KioskSync *self)
{
  g_return_val_if_fail (KIOSK_IS_SYNC (self), NULL);
  return self->server_url;
}

gint64
kiosk_sync_get_last_success (KioskSync *self)
{
  g_return_val_if_fail (KIOSK_IS_SYNC (self), 0);
  return self->last_success;
}

static void
kiosk_sync_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskSync *self = KIOSK_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_sync_dispose (GObject *object)
{
  KioskSync *self = (KioskSync *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kiosk_sync_parent_class)->dispose (object);
}

static void
kiosk_sync_finalize (GObject *object)
{
  KioskSync *self = (KioskSync *) object;

  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->server_url);
  g_free (self->token);
  g_free (self->etag);
  g_free (self->last_error);
  g_free (self->logged_error);
  g_clear_error (&self->ca_error);
  G_OBJECT_CLASS (kiosk_sync_parent_class)->finalize (object);
}

static void
kiosk_sync_class_init (KioskSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_sync_get_property;
  object_class->dispose = kiosk_sync_dispose;
  object_class->finalize = kiosk_sync_finalize;

  properties[PROP_STATE]
      = g_param_spec_int ("state", NULL, NULL, KIOSK_SYNC_IDLE, KIOSK_SYNC_FAILED, KIOSK_SYNC_IDLE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR]
      = g_param_spec_string ("last-error", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONFIG_RECEIVED]
      = g_signal_new ("config-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
kiosk_sync_init (KioskSync *self)
{
  self->cancellable = g_cancellable_new ();
  self->rand = g_rand_new ();
  self->max_content = NV_CONTENT_MAX_SIZE;
}

KioskSync *
kiosk_sync_new (KioskStore *store, const char *server_url, const char *token)
{
  KioskSync *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->token = g_strdup (token);
  self->server_url = g_str_has_suffix (server_url, "/") ? g_strdup (server_url)
                                                        : g_strconcat (server_url, "/", NULL);
  /* The User-Agent is set per request: see add_kiosk_headers(). */
  self->session = soup_session_new_with_options ("timeout", 60, NULL);
  return self;
}

void
kiosk_sync_set_ca_file (KioskSync *self, const char *path)
{
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (KIOSK_IS_SYNC (self));

  g_clear_error (&self->ca_error);
  if (path == NULL || path[0] == '\0')
    {
      /* A new reference, which the session takes one of its own of. */
      database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
      soup_session_set_tls_database (self->session, database);
      return;
    }
  if ((database = g_tls_file_database_new (path, &error)) == NULL)
    {
      /* Trusting the system's authorities instead would trust more than was meant. */
      /* GLib's sentence would be in the residents' language: the log's is English. */
      self->ca_error = g_error_new (NV_ERROR, NV_ERROR_FAILED,
                                    "The server-ca-file %s cannot be read as PEM certificates, so "
                                    "no server is trusted",
                                    path);
      return;
    }
  soup_session_set_tls_database (self->session, database);
}

void
kiosk_sync_set_max_content_size (KioskSync *self, gsize max_bytes)
{
  g_return_if_fail (KIOSK_IS_SYNC (self));

  self->max_content = max_bytes;
}

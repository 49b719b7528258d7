/* server-reply.c
 *
 * Every answer is JSON with the same headers, every failure {"error", "field"} with a
 * status chosen in one place (server_reply_gerror), so route families never build
 * either by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-auth.h"
#include "server-reply.h"

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

/* A full, read-only or failing disk fails every write until someone fixes it, and then
 * works again by itself: one warning when it starts and one line when a write works
 * again, not one a request. Set and cleared on the main thread, read by no other. */
static gboolean disk_failing;
static guint    disk_failures;

/* Seconds a kiosk waits before sending again what the disk could not take. */
#define DISK_RETRY_AFTER "60"

static void
reply_disk_error (SoupServerMessage *msg, const GError *error)
{
  if (!disk_failing)
    g_warning ("Cannot write to the data directory; answering 503 to every write until it "
               "can: %s",
               error->message);
  disk_failing = TRUE;
  disk_failures++;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                DISK_RETRY_AFTER);
  server_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL,
                      "The server cannot store anything right now: its disk is full or cannot "
                      "be written. Nothing was stored; send it again later");
}

static void
note_write_worked (SoupServerMessage *msg, guint status)
{
  if (!disk_failing || !SOUP_STATUS_IS_SUCCESSFUL (status)
      || server_auth_is_safe_method (soup_server_message_get_method (msg)))
    return;
  g_message ("Writing to the data directory works again, after %u refused requests", disk_failures);
  disk_failing = FALSE;
  disk_failures = 0;
}

void
server_reply_json_bytes (SoupServerMessage *msg, guint status, GBytes *body, GBytes *gzipped)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr (GBytes) zipped = NULL;
  GBytes       *sent = body;
  gsize         size;
  gconstpointer data;

  note_write_worked (msg, status);
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

/* Streams @gzipped (user_data) unpacked, in a worker (server-http-stream.c). */
static gboolean
write_gunzipped (GOutputStream *output, gpointer user_data, GError **error)
{
  g_autoptr (GZlibDecompressor) decompressor
      = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr (GOutputStream) plain
      = g_converter_output_stream_new (output, G_CONVERTER (decompressor));
  gsize         size;
  const guint8 *data = g_bytes_get_data (user_data, &size);

  for (gsize at = 0; at < size; at += 16 * 1024)
    if (!g_output_stream_write_all (plain, data + at, MIN (16 * 1024, size - at), NULL, NULL,
                                    error))
      return FALSE;
  return g_output_stream_close (plain, NULL, error);
}

void
server_reply_json_gzipped (SoupServerMessage *msg, GBytes *gzipped)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody    *body = soup_server_message_get_response_body (msg);

  soup_message_headers_append (headers, "Vary", "Accept-Encoding");
  if (!accepts_gzip (msg))
    {
      /* Unpacked as it is sent: the plain text is never whole in memory. */
      server_reply_stream (msg, "application/json; charset=utf-8", write_gunzipped,
                           g_bytes_ref (gzipped), (GDestroyNotify) g_bytes_unref);
      return;
    }
  server_add_common_headers (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", "application/json; charset=utf-8");
  soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  /* Shared with the cache, not copied. */
  soup_message_body_truncate (body);
  soup_message_body_append_bytes (body, gzipped);
}

void
server_reply_json (SoupServerMessage *msg, guint status, JsonNode *node)
{
  g_autoptr (GBytes) body = nv_json_to_bytes (node);

  server_reply_json_bytes (msg, status, body, NULL);
}

void
server_reply_builder (SoupServerMessage *msg, guint status, JsonBuilder *builder)
{
  g_autoptr (JsonNode) node = json_builder_get_root (builder);

  server_reply_json (msg, status, node);
}

void
server_reply_list (SoupServerMessage *msg,
                   const char        *member,
                   GPtrArray         *items,
                   const GError      *error,
                   ServerListItemFunc add_item,
                   gpointer           user_data)
{
  g_autoptr (JsonBuilder) builder = NULL;

  if (items == NULL)
    {
      server_reply_gerror (msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_item (builder, g_ptr_array_index (items, i), user_data);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

const char *
server_error_code_for_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      return "malformed";
    case SOUP_STATUS_UNAUTHORIZED:
      return "unauthenticated";
    case SOUP_STATUS_FORBIDDEN:
      return "forbidden";
    case SOUP_STATUS_NOT_FOUND:
      return "not-found";
    case SOUP_STATUS_METHOD_NOT_ALLOWED:
      return "method-not-allowed";
    case SOUP_STATUS_CONFLICT:
      return "conflict";
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return "too-large";
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return "invalid";
    case 429:
      return "throttled";
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return "unavailable";
    case SOUP_STATUS_NOT_IMPLEMENTED:
      return "not-implemented";
    default:
      return "failed";
    }
}

GBytes *
server_error_json_coded (const char *code, const char *field, const char *sentence)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  /* A sentence may echo what the client sent (a path of any bytes): the body is UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (sentence, -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, valid);
  if (field != NULL && field[0] != '\0')
    {
      g_autofree char *valid_field = g_utf8_make_valid (field, -1);

      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, valid_field);
    }
  if (code != NULL)
    {
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return nv_json_to_bytes (node);
}

GBytes *
server_error_json (const char *field, const char *sentence)
{
  return server_error_json_coded (NULL, field, sentence);
}

static void
reply_error_coded (
    SoupServerMessage *msg, guint status, const char *code, const char *field, const char *sentence)
{
  g_autoptr (GBytes) body = server_error_json_coded (code, field, sentence);

  server_reply_json_bytes (msg, status, body, NULL);
}

void
server_reply_error (
    SoupServerMessage *msg, guint status, const char *field, const char *format, ...)
{
  g_autofree char *sentence = NULL;
  va_list          args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);

  reply_error_coded (msg, status, server_error_code_for_status (status), field, sentence);
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
server_json_add_time (JsonBuilder *builder, const char *member, GDateTime *time)
{
  g_autofree char *text = time != NULL ? nv_format_time_utc (time) : NULL;

  server_json_add_string (builder, member, text);
}

void
server_json_add_unix_time (JsonBuilder *builder, const char *member, gint64 seconds)
{
  g_autoptr (GDateTime) time = seconds > 0 ? g_date_time_new_from_unix_utc (seconds) : NULL;

  server_json_add_time (builder, member, time);
}

void
server_json_add_count (JsonBuilder *builder, const char *member, gint64 value)
{
  json_builder_set_member_name (builder, member);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
server_json_add_node (JsonBuilder *builder, const char *member, JsonNode *node)
{
  json_builder_set_member_name (builder, member);
  if (node != NULL)
    json_builder_add_value (builder, node);
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

  if (g_error_matches (error, NV_ERROR, NV_ERROR_DISK))
    {
      reply_disk_error (msg, error);
      return;
    }
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
      case NV_ERROR_DISK:
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
  reply_error_coded (msg, status, nv_error_get_code (error), nv_error_get_field (error),
                     error->message);
}

JsonArray *
server_read_batch (ServerRequest *request,
                   const char    *member,
                   gsize          max_bytes,
                   guint          max_items,
                   JsonNode     **out_root)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr (GError) error = NULL;
  JsonNode *items;

  *out_root = nv_json_parse_bytes (bytes, max_bytes, &error);
  if (*out_root == NULL)
    {
      server_reply_gerror (request->msg, error);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (*out_root)
      || (items = json_object_get_member (json_node_get_object (*out_root), member)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (items))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, member,
                          "The body must be an object with an array “%s”", member);
      return NULL;
    }
  if (json_array_get_length (json_node_get_array (items)) > max_items)
    {
      server_reply_error (request->msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, member,
                          "A batch holds at most %u items; send the rest in another", max_items);
      return NULL;
    }
  return json_node_get_array (items);
}

static void
add_item_result (JsonBuilder *builder, JsonNode *item, const char *status, const GError *error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
  JsonNode   *id = object != NULL ? json_object_get_member (object, "id") : NULL;

  json_builder_set_member_name (builder, "id");
  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING
      && g_uuid_string_is_valid (json_node_get_string (id)))
    json_builder_add_string_value (builder, json_node_get_string (id));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
      if (nv_error_get_field (error) != NULL)
        {
          json_builder_set_member_name (builder, "field");
          json_builder_add_string_value (builder, nv_error_get_field (error));
        }
    }
}

void
server_batch_reply_init (ServerBatchReply *reply)
{
  reply->builder = json_builder_new ();
  reply->accepted = reply->duplicates = reply->rejected = 0;
  json_builder_begin_object (reply->builder);
  json_builder_set_member_name (reply->builder, "results");
  json_builder_begin_array (reply->builder);
}

void
server_batch_reply_begin_item (ServerBatchReply *reply,
                               JsonNode         *item,
                               gboolean          duplicate,
                               const GError     *error)
{
  const char *status;

  if (error != NULL)
    {
      status = "rejected";
      reply->rejected++;
    }
  else if (duplicate)
    {
      status = "duplicate";
      reply->duplicates++;
    }
  else
    {
      status = "accepted";
      reply->accepted++;
    }
  json_builder_begin_object (reply->builder);
  add_item_result (reply->builder, item, status, error);
}

void
server_batch_reply_send (ServerBatchReply *reply, SoupServerMessage *msg)
{
  json_builder_end_array (reply->builder);
  json_builder_set_member_name (reply->builder, "accepted");
  json_builder_add_int_value (reply->builder, reply->accepted);
  json_builder_set_member_name (reply->builder, "duplicates");
  json_builder_add_int_value (reply->builder, reply->duplicates);
  json_builder_set_member_name (reply->builder, "rejected");
  json_builder_add_int_value (reply->builder, reply->rejected);
  json_builder_end_object (reply->builder);
  server_reply_builder (msg, SOUP_STATUS_OK, reply->builder);
  g_clear_object (&reply->builder);
}

void
server_reply_id (SoupServerMessage *msg, guint status, const char *id, gint64 revision)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", id);
  if (revision >= 0)
    {
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, revision);
    }
  json_builder_end_object (builder);
  server_reply_builder (msg, status, builder);
}

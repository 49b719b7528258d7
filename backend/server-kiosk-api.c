/* server-kiosk-api.c — what kiosks call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "nv-common.h"
#include "server-http-private.h"

static void handle_content (ServerRequest *request);
static void handle_events (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/kiosk/content", handle_content, SERVER_AUTH_KIOSK, 0 },
  { "POST", "/api/v1/kiosk/events", handle_events, SERVER_AUTH_KIOSK,
    SERVER_KIOSK_BATCH_MAX_BYTES },
};

const ServerRoute *
server_kiosk_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static gboolean
parse_revision (const char *text, gint64 *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

/* Strong ETag of what a kiosk holds after applying the answer: the revision. */
static char *
make_etag (gint64 revision)
{
  return g_strdup_printf ("\"rev-%" G_GINT64_FORMAT "\"", revision);
}

static void
handle_content (ServerRequest *request)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (request->msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (request->msg);
  g_autoptr (NvContent) content = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *etag = NULL;
  const char *since_text = request->query ? g_hash_table_lookup (request->query, "since") : NULL;
  const char *if_none_match;
  gint64      revision;
  gint64      since = 0;

  if (since_text != NULL && !parse_revision (since_text, &since))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "since",
                          "since must be a content revision: a whole number of 0 or more");
      return;
    }

  revision = server_store_get_revision (request->store);
  etag = make_etag (revision);
  soup_message_headers_replace (response_headers, "ETag", etag);
  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");

  if_none_match = soup_message_headers_get_one (request_headers, "If-None-Match");
  if ((if_none_match != NULL && g_str_equal (if_none_match, etag))
      || (since_text != NULL && since == revision))
    {
      soup_server_message_set_status (request->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  /* A kiosk ahead of the server (a restored backup) starts again from everything. */
  if (since > revision)
    since = 0;

  if (since == 0 && request->bundle_cache->body != NULL
      && request->bundle_cache->revision == revision)
    {
      server_reply_json_bytes (request->msg, SOUP_STATUS_OK, request->bundle_cache->body,
                               request->bundle_cache->gzipped);
      return;
    }

  if ((content = server_store_get_content (request->store, since, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  /* The revision read above may be older than the bundle's; name what is sent. */
  if (content->revision != revision)
    {
      g_autofree char *bundle_etag = make_etag (content->revision);

      soup_message_headers_replace (response_headers, "ETag", bundle_etag);
    }
  node = nv_content_to_json (content);
  if (since == 0)
    {
      ServerBundleCache *cache = request->bundle_cache;

      g_clear_pointer (&cache->body, g_bytes_unref);
      g_clear_pointer (&cache->gzipped, g_bytes_unref);
      cache->revision = content->revision;
      cache->body = nv_json_to_bytes (node);
      cache->gzipped = server_gzip (cache->body);
      server_reply_json_bytes (request->msg, SOUP_STATUS_OK, cache->body, cache->gzipped);
      return;
    }
  server_reply_json (request->msg, SOUP_STATUS_OK, node);
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

void
server_add_item_result (JsonBuilder  *builder,
                        JsonNode     *item,
                        const char   *status,
                        const GError *error)
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

static void
add_result (JsonBuilder *builder, JsonNode *item, const char *status, const GError *error)
{
  json_builder_begin_object (builder);
  server_add_item_result (builder, item, status, error);
  json_builder_end_object (builder);
}

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

/* One push being answered: what was sent, and each item's verdict so far. */
typedef struct
{
  SoupServerMessage *msg;
  JsonNode          *root;
  JsonArray         *items;
  GPtrArray         *errors;   /* GError* per item, NULL when valid */
  gboolean           finished; /* the client went away while we wrote */
} Push;

static void
push_free (Push *push)
{
  g_signal_handlers_disconnect_by_data (push->msg, push);
  g_object_unref (push->msg);
  json_node_unref (push->root);
  g_ptr_array_unref (push->errors);
  g_free (push);
}

static void
push_finished_cb (SoupServerMessage *msg, Push *push)
{
  push->finished = TRUE;
}

/* Each answer is accepted, duplicate (already stored: a retry) or rejected with why. */
static void
reply_results (Push *push, GArray *inserted, const GError *error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) reply = NULL;
  guint accepted = 0, duplicates = 0, rejected = 0, next = 0;
  guint n = json_array_get_length (push->items);

  if (error != NULL)
    {
      server_reply_gerror (push->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      JsonNode     *item = json_array_get_element (push->items, i);
      const GError *item_error = g_ptr_array_index (push->errors, i);

      if (item_error != NULL)
        {
          add_result (builder, item, "rejected", item_error);
          rejected++;
        }
      else if (g_array_index (inserted, gboolean, next++))
        {
          add_result (builder, item, "accepted", NULL);
          accepted++;
        }
      else
        {
          add_result (builder, item, "duplicate", NULL);
          duplicates++;
        }
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "accepted");
  json_builder_add_int_value (builder, accepted);
  json_builder_set_member_name (builder, "duplicates");
  json_builder_add_int_value (builder, duplicates);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_int_value (builder, rejected);
  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  server_reply_json (push->msg, SOUP_STATUS_OK, reply);
}

static void
events_written_cb (GArray *inserted, const GError *error, gpointer user_data)
{
  Push *push = user_data;

  /* Written either way: a client that left will get "duplicate" on its retry. */
  if (!push->finished)
    {
      reply_results (push, inserted, error);
      soup_server_message_unpause (push->msg);
    }
  push_free (push);
}

/* Validates every item on its own: one bad item never costs the good ones. The valid
 * ones go to the writer, which commits them with other kiosks' pushes in one
 * transaction; the answer waits for that commit. */
static void
handle_events (ServerRequest *request)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
  g_autoptr (JsonNode) root = NULL;
  Push      *push;
  JsonArray *items;

  if ((items = server_read_batch (request, "events", SERVER_KIOSK_BATCH_MAX_BYTES,
                                  SERVER_KIOSK_BATCH_MAX_ITEMS, &root))
      == NULL)
    return;

  push = g_new0 (Push, 1);
  push->msg = g_object_ref (request->msg);
  push->root = json_node_ref (root);
  push->items = items;
  push->errors = g_ptr_array_new_with_free_func (error_free0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      GError  *item_error = NULL;
      NvEvent *event = nv_event_from_json (json_array_get_element (items, i), &item_error);

      g_ptr_array_add (push->errors, item_error);
      if (event != NULL)
        g_ptr_array_add (events, event);
    }

  if (request->ingest == NULL)
    {
      g_autoptr (GArray) inserted = NULL;
      g_autoptr (GError) error = NULL;

      server_store_insert_events (request->store, request->kiosk_id, events, &inserted, &error);
      reply_results (push, inserted, error);
      push_free (push);
      return;
    }

  g_signal_connect (request->msg, "finished", G_CALLBACK (push_finished_cb), push);
  soup_server_message_pause (request->msg);
  server_ingest_submit (request->ingest, request->kiosk_id, g_steal_pointer (&events),
                        events_written_cb, push);
}

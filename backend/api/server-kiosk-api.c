/* server-kiosk-api.c — what kiosks call: the content bundle, and usage events
 *
 * The family keeps state of its own: the last full bundle as sent, and the event
 * writer (server-ingest.c), the one way events from kiosks reach the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-ingest.h"
#include "server-reply.h"
#include "server-store-settings.h"

/* Kiosks with different settings get different bundles; beyond this many, the cache
 * starts again rather than grow with the fleet. Each is kept gzipped only (0.7 MiB for
 * 10,000 organisations, against 15 MiB plain). */
#define BUNDLES_MAX 16

struct _ServerKioskApi
{
  /* The full bundles of the revision as sent, gzipped, by the settings they carry (their
   * JSON): built once per revision and settings instead of once per kiosk. Used on the
   * server's main thread only. */
  gint64      bundle_revision;
  GHashTable *bundles; /* char* → GBytes* */

  ServerIngest *ingest;
};

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

ServerKioskApi *
server_kiosk_api_new (ServerStore *store, GError **error)
{
  g_autoptr (ServerIngest) ingest = NULL;
  ServerKioskApi *api;

  g_return_val_if_fail (SERVER_IS_STORE (store), NULL);

  if ((ingest = server_ingest_new (store, error)) == NULL)
    return NULL;
  api = g_new0 (ServerKioskApi, 1);
  api->ingest = g_steal_pointer (&ingest);
  api->bundles
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  return api;
}

ServerIngest *
server_kiosk_api_get_ingest (ServerKioskApi *api)
{
  return api->ingest;
}

void
server_kiosk_api_free (ServerKioskApi *api)
{
  if (api == NULL)
    return;
  /* Writes what was queued, then stops. */
  g_clear_pointer (&api->ingest, server_ingest_free);
  g_clear_pointer (&api->bundles, g_hash_table_unref);
  g_free (api);
}

/* "12", or "12.3f9c…": a revision within an epoch (the kiosk's short form of
 * If-None-Match). @out_epoch points into @text, or is NULL. */
static gboolean
parse_revision (const char *text, gint64 *out, const char **out_epoch)
{
  g_autofree char *number = NULL;
  const char      *dot;
  guint64          value;

  *out_epoch = NULL;
  if (text == NULL)
    return FALSE;
  if ((dot = strchr (text, '.')) != NULL)
    {
      gsize length = strspn (dot + 1, "0123456789abcdef");

      if (length == 0 || length > 64 || dot[1 + length] != '\0')
        return FALSE;
      *out_epoch = dot + 1;
    }
  number = g_strndup (text, dot != NULL ? (gsize) (dot - text) : strlen (text));
  if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

/* Strong ETag of what a kiosk holds after applying the answer: the revision within the
 * store's epoch ("rev-12.3f9c…"), as a revision alone names other content after a
 * backup is restored. */
static char *
make_etag (ServerStore *store, gint64 revision)
{
  return g_strdup_printf ("\"rev-%" G_GINT64_FORMAT ".%s\"", revision,
                          server_store_get_epoch (store));
}

/* Whether a kiosk's If-None-Match names content of another epoch: an ETag of an older
 * epoch, or of a server from before epochs ("rev-12"). */
static gboolean
names_other_epoch (ServerStore *store, const char *if_none_match)
{
  g_autofree char *suffix = NULL;

  if (if_none_match == NULL)
    return FALSE;
  suffix = g_strdup_printf (".%s\"", server_store_get_epoch (store));
  return !g_str_has_suffix (if_none_match, suffix);
}

/* The bundle after @since written as the store reads it (server_store_write_content),
 * gzipped when @gzip: the plain text of a full bundle is never in memory. */
static GBytes *
build_bundle (ServerStore *store,
              gint64       since,
              JsonNode    *config,
              gboolean     gzip,
              gint64      *revision,
              GError     **error)
{
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) output = NULL;

  if (gzip)
    {
      g_autoptr (GZlibCompressor) compressor
          = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);

      output = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
    }
  else
    output = g_object_ref (memory);
  if (!server_store_write_content (store, since, config, output, revision, error)
      || !g_output_stream_close (output, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
handle_content (ServerRequest *request)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (request->msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (request->msg);
  ServerKioskApi     *api = request->family;
  g_autoptr (NvKioskConfig) config = NULL;
  g_autoptr (JsonNode) config_node = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *config_key = NULL;
  GBytes          *bundle;
  const char *since_text = request->query ? g_hash_table_lookup (request->query, "since") : NULL;
  const char *if_none_match;
  const char *since_epoch = NULL;
  gint64      revision;
  gint64      bundle_revision;
  gint64      since = 0;

  if (since_text != NULL && !parse_revision (since_text, &since, &since_epoch))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "since",
                          "since must be a content revision: a whole number of 0 or more, "
                          "or one followed by a dot and the store's epoch");
      return;
    }

  revision = server_store_get_revision (request->store);
  etag = make_etag (request->store, revision);
  soup_message_headers_replace (response_headers, "ETag", etag);
  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");

  if_none_match = soup_message_headers_get_one (request_headers, "If-None-Match");
  /* What a kiosk holds from another epoch (before a backup was restored) is replaced
   * whole: its revision numbers say nothing of this epoch's content. So is what a kiosk
   * ahead of the server holds. */
  if (names_other_epoch (request->store, if_none_match)
      || (since_epoch != NULL
          && !g_str_equal (since_epoch, server_store_get_epoch (request->store)))
      || (since > 0 && since < server_store_get_revision_floor (request->store))
      || since > revision)
    since = 0;
  if ((if_none_match != NULL && g_str_equal (if_none_match, etag))
      || (since_text != NULL && since > 0 && since == revision))
    {
      /* An unchanged poll is most of a fleet's traffic: headers that mean something only
       * beside a body stay off it (issue 18: at most 400 bytes on the wire). */
      soup_message_headers_remove (response_headers, "X-Content-Type-Options");
      soup_message_headers_remove (response_headers, "Referrer-Policy");
      soup_message_headers_remove (response_headers, "Server");
      soup_server_message_set_status (request->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  /* The kiosk's settings come with every answer that brings content: setting one is a
   * revision, so a kiosk gets them at its next sync (docs/sync.md). */
  if ((config = server_store_get_kiosk_config (request->store, request->kiosk_id, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  config_node = nv_kiosk_config_to_json (config);
  config_key = nv_json_to_string (config_node, FALSE);
  if (since == 0 && api->bundle_revision == revision
      && (bundle = g_hash_table_lookup (api->bundles, config_key)) != NULL)
    {
      server_reply_json_gzipped (request->msg, bundle);
      return;
    }

  /* A delta is small; a full bundle is kept for the kiosks that follow. */
  if ((body
       = build_bundle (request->store, since, config_node, since == 0, &bundle_revision, &error))
      == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  /* The revision read above may be older than the bundle's; name what is sent. */
  if (bundle_revision != revision)
    {
      g_autofree char *bundle_etag = make_etag (request->store, bundle_revision);

      soup_message_headers_replace (response_headers, "ETag", bundle_etag);
    }
  if (since == 0)
    {
      if (api->bundle_revision != bundle_revision
          || g_hash_table_size (api->bundles) >= BUNDLES_MAX)
        g_hash_table_remove_all (api->bundles);
      api->bundle_revision = bundle_revision;
      g_hash_table_replace (api->bundles, g_steal_pointer (&config_key), g_bytes_ref (body));
      server_reply_json_gzipped (request->msg, body);
      return;
    }
  server_reply_json_bytes (request->msg, SOUP_STATUS_OK, body, NULL);
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
  ServerBatchReply reply;
  guint            next = 0;

  if (error != NULL)
    {
      server_reply_gerror (push->msg, error);
      return;
    }
  server_batch_reply_init (&reply);
  for (guint i = 0; i < json_array_get_length (push->items); i++)
    {
      const GError *item_error = g_ptr_array_index (push->errors, i);
      gboolean      duplicate = item_error == NULL && !g_array_index (inserted, gboolean, next++);

      server_batch_reply_begin_item (&reply, json_array_get_element (push->items, i), duplicate,
                                     item_error);
      json_builder_end_object (reply.builder);
    }
  server_batch_reply_send (&reply, push->msg);
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
  ServerKioskApi *api = request->family;
  Push           *push;
  JsonArray      *items;

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

  g_signal_connect (request->msg, "finished", G_CALLBACK (push_finished_cb), push);
  soup_server_message_pause (request->msg);
  server_ingest_submit (api->ingest, request->kiosk_id, g_steal_pointer (&events),
                        events_written_cb, push);
}

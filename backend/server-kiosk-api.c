/* server-kiosk-api.c — what kiosks call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "nv-common.h"
#include "server-http-private.h"

static void handle_content (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/kiosk/content", handle_content, SERVER_AUTH_NONE },
};

const ServerRoute *
server_kiosk_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static gboolean
parse_revision (const char *text,
                gint64     *out)
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
  g_autoptr(NvContent) content = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  const char *since_text = request->query ? g_hash_table_lookup (request->query, "since") : NULL;
  const char *if_none_match;
  gint64 revision;
  gint64 since = 0;

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
  server_reply_json (request->msg, SOUP_STATUS_OK, node);
}

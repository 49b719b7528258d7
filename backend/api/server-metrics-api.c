/* server-metrics-api.c — GET /metrics, for operators' Prometheus
 *
 * Requests and errors by route, their durations, the ingest lag, the kiosks' backlog and
 * how many kiosks fell silent, the content revision: counts only, nothing personal, no
 * kiosk's or person's name. Served only to whom the operator allowed (docs/deployment.md,
 * "Health and metrics"): a client from a configured address (the real one, behind a
 * trusted proxy), a client with the configured bearer token, or an admin signed in to the
 * console. Anyone else gets 401 or 403, as the console's routes answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "server-api.h"
#include "server-api-private.h"
#include "server-auth.h"
#include "server-ingest.h"
#include "server-reply.h"
#include "server-store-health.h"

/* A kiosk syncs every five minutes: an hour without a word is worth a look. */
#define SILENT_SECONDS 3600

struct _ServerMetricsApi
{
  ServerHttp *http;  /* owns this family */
  GPtrArray  *allow; /* GInetAddressMask */
  GBytes     *token; /* NULL: no token opens it */
};

static void handle_metrics (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/metrics", handle_metrics, SERVER_AUTH_NONE, 0 },
};

/* What the console's admin would need, checked by hand after the other ways in. */
static const ServerRoute admin_route
    = { "GET", "/metrics", handle_metrics, SERVER_AUTH_STAFF, 0, SERVER_ROLE_ADMIN };

const ServerRoute *
server_metrics_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

ServerMetricsApi *
server_metrics_api_new (ServerHttp *http)
{
  ServerMetricsApi *api = g_new0 (ServerMetricsApi, 1);

  api->http = http;
  api->allow = g_ptr_array_new_with_free_func (g_object_unref);
  return api;
}

void
server_metrics_api_free (ServerMetricsApi *api)
{
  if (api == NULL)
    return;
  g_ptr_array_unref (api->allow);
  g_clear_pointer (&api->token, g_bytes_unref);
  g_free (api);
}

static gboolean
token_matches (ServerMetricsApi *api, SoupServerMessage *msg)
{
  const char *authorization = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "Authorization");
  gsize         expected_length;
  gconstpointer expected;
  const char   *given;

  if (api->token == NULL || authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    return FALSE;
  given = authorization + strlen ("Bearer ");
  expected = g_bytes_get_data (api->token, &expected_length);
  /* In constant time: the token is a secret. */
  return strlen (given) == expected_length && sodium_memcmp (given, expected, expected_length) == 0;
}

static gboolean
address_allowed (ServerMetricsApi *api, SoupServerMessage *msg)
{
  const char *client = server_auth_client_address (msg);
  g_autoptr (GInetAddress) address
      = client != NULL ? g_inet_address_new_from_string (client) : NULL;

  for (guint i = 0; address != NULL && i < api->allow->len; i++)
    if (g_inet_address_mask_matches (g_ptr_array_index (api->allow, i), address))
      return TRUE;
  return FALSE;
}

static void
write_store_gauges (ServerRequest *request, GString *out)
{
  ServerMetricsApi *api = request->family;
  ServerKioskStats  stats = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean        healthy = server_store_check_health (request->store, &error);
  guint           n_routes;
  ServerKioskApi *kiosk = server_http_get_family (api->http, server_kiosk_api_routes (&n_routes));
  guint           pending = 0;
  guint           lag_ms = 0;

  server_metrics_write_gauge (out, "neuvokas_database_up",
                              "1 when the database answers (as /api/v1/health checks), else 0.",
                              healthy ? 1 : 0);
  if (healthy)
    {
      server_metrics_write_gauge (out, "neuvokas_content_revision",
                                  "The content revision kiosks sync to.",
                                  (double) server_store_get_revision (request->store));
      if (server_store_get_kiosk_stats (
              request->store, server_store_now (request->store) - SILENT_SECONDS, &stats, NULL))
        {
          server_metrics_write_gauge (out, "neuvokas_kiosks_registered",
                                      "Kiosks registered and not revoked.",
                                      (double) stats.registered);
          server_metrics_write_gauge (out, "neuvokas_kiosks_silent",
                                      "Kiosks not revoked that have not called for an hour, or "
                                      "never (contacts are written up to a minute late).",
                                      (double) stats.silent);
          server_metrics_write_gauge (out, "neuvokas_kiosk_outbox_backlog_events",
                                      "Usage events the kiosks last said they still hold.",
                                      (double) stats.outbox_backlog);
        }
    }
  if (kiosk != NULL)
    {
      server_ingest_get_stats (server_kiosk_api_get_ingest (kiosk), &pending, &lag_ms);
      server_metrics_write_gauge (out, "neuvokas_ingest_pending_events",
                                  "Usage events received and not yet committed.", pending);
      server_metrics_write_gauge (out, "neuvokas_ingest_lag_seconds",
                                  "How long the last events committed waited for their commit.",
                                  lag_ms / 1000.0);
    }
}

static void
handle_metrics (ServerRequest *request)
{
  ServerMetricsApi *api = request->family;
  g_autoptr (ServerSession) session = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  gsize length;

  if (!token_matches (api, request->msg) && !address_allowed (api, request->msg)
      && (session = server_auth_staff (request->store, request->msg, &admin_route)) == NULL)
    return;

  g_string_append_printf (out,
                          "# HELP neuvokas_build_info The server's version.\n"
                          "# TYPE neuvokas_build_info gauge\n"
                          "neuvokas_build_info{version=\"%s\"} 1\n",
                          PACKAGE_VERSION);
  server_metrics_write (server_http_get_metrics (api->http), out);
  write_store_gauges (request, out);
  length = out->len;
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, "text/plain; version=0.0.4; charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_string_free (g_steal_pointer (&out), FALSE),
                                    length);
}

void
server_api_set_metrics_access (ServerHttp *http, GPtrArray *allow, const char *token)
{
  ServerMetricsApi *api;
  guint             n_routes;

  g_return_if_fail (SERVER_IS_HTTP (http));

  api = server_http_get_family (http, server_metrics_api_routes (&n_routes));
  g_return_if_fail (api != NULL);
  g_ptr_array_set_size (api->allow, 0);
  for (guint i = 0; allow != NULL && i < allow->len; i++)
    g_ptr_array_add (api->allow, g_object_ref (g_ptr_array_index (allow, i)));
  g_clear_pointer (&api->token, g_bytes_unref);
  if (token != NULL && token[0] != '\0')
    api->token = g_bytes_new (token, strlen (token));
}

/* server-api.c
 *
 * Where the route families meet the router: the one place that knows them all, so
 * that the HTTP layer (server-http.c) knows none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-health.h"
#include "server-store-reports.h"

static void handle_health (ServerRequest *request);

static const ServerRoute health_routes[] = {
  { "GET", "/api/v1/health", handle_health, SERVER_AUTH_NONE, 0 },
};

typedef const ServerRoute *(*RoutesFunc) (guint *n_routes);

/* The families without state of their own, matched after the kiosks' and before the
 * reports'. */
static const RoutesFunc stateless_families[] = {
  server_staff_accounts_api_routes,
  server_kiosk_appointments_api_routes,
  server_calls_api_routes,
  server_images_api_routes,
  server_staff_appointments_api_routes,
  server_staff_content_api_routes,
  server_public_api_routes,
  server_staff_info_reports_api_routes,
  server_staff_directory_api_routes,
  server_staff_settings_api_routes,
  server_staff_slots_api_routes,
  server_staff_synonyms_api_routes,
  server_staff_funnels_api_routes,
};

/* For load balancers and monitors: 200 when the database answers, else 503 with the
 * reason (the whole error, with the database's path, goes only to the log). */
static void
handle_health (ServerRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;

  if (!server_store_check_health (request->store, &error))
    {
      g_warning ("Health check failed: %s", error->message);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "unavailable");
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, "The database cannot be read");
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, PACKAGE_VERSION);
      json_builder_end_object (builder);
      server_reply_builder (request->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "content_revision");
  json_builder_add_int_value (builder, server_store_get_revision (request->store));
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

char *
server_api_today (ServerRequest *request)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  g_autoptr (GDateTime) local = g_date_time_to_timezone (now, nv_helsinki_tz ());

  return nv_format_date (local);
}

ServerHttp *
server_api_new_http (ServerStore *store, GError **error)
{
  g_autoptr (ServerHttp) http = NULL;
  ServerKioskApi    *kiosk;
  ServerReportsApi  *reports;
  const ServerRoute *routes;
  guint              n_routes;

  g_return_val_if_fail (SERVER_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((kiosk = server_kiosk_api_new (store, error)) == NULL)
    return NULL;
  http = server_http_new (store);
  server_http_add_family (http, health_routes, G_N_ELEMENTS (health_routes), NULL, NULL);
  routes = server_metrics_api_routes (&n_routes);
  server_http_add_family (http, routes, n_routes, server_metrics_api_new (http),
                          (GDestroyNotify) server_metrics_api_free);
  routes = server_console_routes (&n_routes);
  server_http_add_family (http, routes, n_routes, NULL, NULL);
  routes = server_kiosk_api_routes (&n_routes);
  server_http_add_family (http, routes, n_routes, kiosk, (GDestroyNotify) server_kiosk_api_free);
  for (guint i = 0; i < G_N_ELEMENTS (stateless_families); i++)
    {
      routes = stateless_families[i](&n_routes);
      server_http_add_family (http, routes, n_routes, NULL, NULL);
    }
  reports = g_new0 (ServerReportsApi, 1);
  reports->threshold = SERVER_REPORT_THRESHOLD_DEFAULT;
  routes = server_staff_reports_api_routes (&n_routes);
  server_http_add_family (http, routes, n_routes, reports, g_free);
  return g_steal_pointer (&http);
}

void
server_api_set_report_threshold (ServerHttp *http, guint threshold)
{
  ServerReportsApi *reports;
  guint             n_routes;

  g_return_if_fail (SERVER_IS_HTTP (http));
  g_return_if_fail (threshold >= 1);

  reports = server_http_get_family (http, server_staff_reports_api_routes (&n_routes));
  g_return_if_fail (reports != NULL);
  reports->threshold = threshold;
}

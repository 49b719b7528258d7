/* server-api-private.h — the route families, and the state each keeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-http.h"
#include "server-ingest.h"
#include "server-route.h"

G_BEGIN_DECLS

#define SERVER_KIOSK_BATCH_MAX_BYTES (1024 * 1024)
#define SERVER_KIOSK_BATCH_MAX_ITEMS 1000

#define SERVER_APPOINTMENT_BATCH_MAX_BYTES (256 * 1024)
#define SERVER_APPOINTMENT_BATCH_MAX_ITEMS 100

/* The kiosks' family: the content bundle as last sent, and the event writer. */
typedef struct _ServerKioskApi ServerKioskApi;

ServerKioskApi *server_kiosk_api_new (ServerStore *store, GError **error);
void            server_kiosk_api_free (ServerKioskApi *api);

ServerIngest *server_kiosk_api_get_ingest (ServerKioskApi *api);

/* /metrics: who may read it (server-metrics-api.c). */
typedef struct _ServerMetricsApi ServerMetricsApi;

ServerMetricsApi *server_metrics_api_new (ServerHttp *http);
void              server_metrics_api_free (ServerMetricsApi *api);

/* The reports' family */
typedef struct
{
  guint threshold; /* counts below it are suppressed */
} ServerReportsApi;

/* "labels": {COLUMN: {VALUE: {"fi", "sv", "en"}}}, the names of a report table's ids and
 * codes (server_store_report_labels), as a member of the object @builder is in. */
void server_json_add_report_labels (JsonBuilder *builder, GHashTable *labels);

/* Today in Finland, YYYY-MM-DD, by the store's clock: a review date is due, and an
 * exception to opening hours is past, by the day there. */
char *server_api_today (ServerRequest *request);

/* Route families; each table is static */
const ServerRoute *server_calls_api_routes (guint *n_routes);
const ServerRoute *server_console_routes (guint *n_routes);
const ServerRoute *server_images_api_routes (guint *n_routes);
const ServerRoute *server_kiosk_api_routes (guint *n_routes);
const ServerRoute *server_kiosk_appointments_api_routes (guint *n_routes);
const ServerRoute *server_metrics_api_routes (guint *n_routes);
const ServerRoute *server_public_api_routes (guint *n_routes);
const ServerRoute *server_staff_accounts_api_routes (guint *n_routes);
const ServerRoute *server_staff_appointments_api_routes (guint *n_routes);
const ServerRoute *server_staff_content_api_routes (guint *n_routes);
const ServerRoute *server_staff_info_reports_api_routes (guint *n_routes);

const ServerRoute *server_staff_directory_api_routes (guint *n_routes);
const ServerRoute *server_staff_reports_api_routes (guint *n_routes);
const ServerRoute *server_staff_settings_api_routes (guint *n_routes);
const ServerRoute *server_staff_slots_api_routes (guint *n_routes);
const ServerRoute *server_staff_synonyms_api_routes (guint *n_routes);
const ServerRoute *server_staff_funnels_api_routes (guint *n_routes);

G_END_DECLS

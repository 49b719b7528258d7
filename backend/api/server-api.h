/* server-api.h — neuvokas-server's HTTP API: every route family on one ServerHttp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-http.h"

G_BEGIN_DECLS

/* A server answering every route of the API and the console, each family with its own
 * state (the kiosks' bundle cache and event writer, the reports' threshold); NULL when
 * the event writer cannot open its connection to @store. */
ServerHttp *server_api_new_http (ServerStore *store, GError **error);
/* Counts below @threshold (at least 1; default SERVER_REPORT_THRESHOLD_DEFAULT) are
 * suppressed in the evaluators' reports of @http, made by server_api_new_http(). */
void server_api_set_report_threshold (ServerHttp *http, guint threshold);
/* Who may read /metrics besides an admin signed in to the console: clients from @allow
 * (GInetAddressMask; may be NULL) and clients sending "Authorization: Bearer @token"
 * (NULL or "": none). */
void server_api_set_metrics_access (ServerHttp *http, GPtrArray *allow, const char *token);

G_END_DECLS

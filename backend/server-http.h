/* server-http.h — the HTTP front: a SoupServer, its routes and JSON replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "server-store.h"

G_BEGIN_DECLS

#define SERVER_TYPE_HTTP (server_http_get_type ())

G_DECLARE_FINAL_TYPE (ServerHttp, server_http, SERVER, HTTP, GObject)

ServerHttp *server_http_new (ServerStore *store);
/* Listens on @address (port 0: any free port). */
gboolean server_http_listen (ServerHttp *self, GSocketAddress *address, GError **error);
/* Counts below @threshold (at least 1; default SERVER_REPORT_THRESHOLD_DEFAULT) are
 * suppressed in the evaluators' reports. */
void server_http_set_report_threshold (ServerHttp *self, guint threshold);
/* The base URL, "http://127.0.0.1:PORT/"; NULL before listening. */
char       *server_http_get_url (ServerHttp *self);
SoupServer *server_http_get_soup_server (ServerHttp *self);

G_END_DECLS

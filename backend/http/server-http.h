/* server-http.h — the HTTP front: a SoupServer and the route tables handed to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "server-http-metrics.h"
#include "server-route.h"
#include "server-store.h"

G_BEGIN_DECLS

#define SERVER_TYPE_HTTP (server_http_get_type ())

G_DECLARE_FINAL_TYPE (ServerHttp, server_http, SERVER, HTTP, GObject)

/* What the server allows its clients (docs/deployment.md, "Limits"); times in seconds. */
typedef struct
{
  guint header_timeout;  /* from a request's first byte to the end of its headers */
  guint body_timeout;    /* from the end of its headers to the end of its body */
  guint idle_timeout;    /* the longest a connection may stay silent, reading or writing */
  guint max_connections; /* open at once; more are answered 503 */
  guint max_connections_per_address; /* open at once from one address; more get 503 */
} ServerHttpLimits;

#define SERVER_HTTP_LIMITS_DEFAULT ((ServerHttpLimits){ 10, 60, 60, 512, 64 })

/* A server with no routes yet: every request is answered 404 until families are added. */
ServerHttp *server_http_new (ServerStore *store);
/* Routes @routes (static, @n_routes of them) after those added before. Their handlers
 * get @data as request->family; @destroy frees it with the server. */
void server_http_add_family (ServerHttp        *self,
                             const ServerRoute *routes,
                             guint              n_routes,
                             gpointer           data,
                             GDestroyNotify     destroy);
/* The data added with the table @routes, or NULL. */
gpointer server_http_get_family (ServerHttp *self, const ServerRoute *routes);
/* The requests answered so far, by route (server-http-metrics.h). */
ServerMetrics *server_http_get_metrics (ServerHttp *self);
/* Connections accepted from now on get @limits. */
void server_http_set_limits (ServerHttp *self, const ServerHttpLimits *limits);
/* Serves HTTPS with @certificate (with its private key), from the next listen on;
 * NULL: plain HTTP. Answers then carry Strict-Transport-Security. */
void server_http_set_certificate (ServerHttp *self, GTlsCertificate *certificate);
/* @proxies, each "ADDRESS" or "ADDRESS/PREFIX", as GInetAddressMask; NULL, with a
 * sentence naming the one that is wrong, when one is not an address. */
GPtrArray *server_http_parse_proxies (const char *const *proxies, GError **error);
/* The reverse proxies (from server_http_parse_proxies(); NULL or empty: none) whose
 * X-Forwarded-For and X-Forwarded-Proto are believed, from the next request on. */
void server_http_set_trusted_proxies (ServerHttp *self, GPtrArray *proxies);
/* Listens on @address (port 0: any free port). */
gboolean server_http_listen (ServerHttp *self, GSocketAddress *address, GError **error);
/* The base URL, "http://127.0.0.1:PORT/" (https with a certificate); NULL before
 * listening. */
char       *server_http_get_url (ServerHttp *self);
SoupServer *server_http_get_soup_server (ServerHttp *self);

G_END_DECLS

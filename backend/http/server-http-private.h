/* server-http-private.h — the pieces of the HTTP layer that only the layer uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "server-http.h"

G_BEGIN_DECLS

/* Answering early (server-http-early.c) */

/* Sends the answer @msg holds now, without reading the rest of the request, and closes the
 * connection: libsoup 3.2 would read a refused request's whole body (or wait for a body
 * that never ends) before answering. @msg is usually freed by the time this returns. */
void server_http_answer_now (SoupServerMessage *msg);
/* The access log's line for @msg, once its answer is written (server-http.c). */
void server_http_log_access (SoupServerMessage *msg);
/* The same, and @msg counted for /metrics: what an answer written early calls. */
void server_http_request_done (SoupServerMessage *msg);
/* Writes @status (a JSON error body with @sentence) on @stream, a connection no
 * SoupServer holds, and closes it; @headers (may be NULL) are added. */
void server_http_refuse_stream (GIOStream          *stream,
                                guint               status,
                                SoupMessageHeaders *headers,
                                const char         *sentence);

/* Whether @address (a GInetSocketAddress) is in one of @proxies (GInetAddressMask; may
 * be NULL): a trusted proxy (server-auth.c). */
gboolean server_http_proxies_trust (GPtrArray *proxies, GSocketAddress *address);

/* Accepting connections (server-http-listener.c) */

typedef struct _ServerListener ServerListener;

/* Accepts connections on @socket (bound and listening) for @server, within @limits; over
 * TLS with @certificate unless it is NULL. @proxies (GInetAddressMask, may be NULL) are
 * exempt from the per-address cap. */
ServerListener *server_listener_new (SoupServer             *server,
                                     GSocket                *socket,
                                     const ServerHttpLimits *limits,
                                     GTlsCertificate        *certificate,
                                     GPtrArray              *proxies);
void            server_listener_free (ServerListener *self);
void            server_listener_set_limits (ServerListener *self, const ServerHttpLimits *limits);
void            server_listener_set_proxies (ServerListener *self, GPtrArray *proxies);
GSocket        *server_listener_get_socket (ServerListener *self);
/* The socket of the connection whose client is @remote (the request's remote address),
 * or NULL. */
GSocket *server_listener_lookup (ServerListener *self, GSocketAddress *remote);

/* Tells the connection of @remote that its answer is finished: until a byte of the next
 * request comes, its client closing it (or the idle timeout) closes it on our side too. */
void server_listener_between_requests (ServerListener *self, GSocketAddress *remote);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerListener, server_listener_free)

/* Keep-alive connections (server-http-connection.c) */

#define SERVER_TYPE_HTTP_CONNECTION (server_http_connection_get_type ())
G_DECLARE_FINAL_TYPE (
    ServerHttpConnection, server_http_connection, SERVER, HTTP_CONNECTION, GTcpConnection)

/* The connection for an accepted @socket, as the listener hands it to libsoup. */
GSocketConnection *server_http_connection_new (GSocket *socket);
/* The stream to hand libsoup instead of @self to serve HTTPS with @certificate: TLS on
 * @self's socket, with the watched input on top of it. Its socket is the object data
 * SERVER_HTTP_SOCKET_KEY. */
GIOStream *server_http_connection_start_tls (ServerHttpConnection *self,
                                             GTlsCertificate      *certificate,
                                             GError              **error);
#define SERVER_HTTP_SOCKET_KEY "server-http-socket"
/* Its answer is finished: see server_listener_between_requests(). */
void server_http_connection_between_requests (ServerHttpConnection *self);

G_END_DECLS

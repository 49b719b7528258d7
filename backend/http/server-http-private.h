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
/* Writes @status (a JSON error body with @sentence) on @stream, a connection no
 * SoupServer holds, and closes it; @headers (may be NULL) are added. */
void server_http_refuse_stream (GIOStream          *stream,
                                guint               status,
                                SoupMessageHeaders *headers,
                                const char         *sentence);

/* Accepting connections (server-http-listener.c) */

typedef struct _ServerListener ServerListener;

/* Accepts connections on @socket (bound and listening) for @server, within @limits. */
ServerListener          *
server_listener_new (SoupServer *server, GSocket *socket, const ServerHttpLimits *limits);
void     server_listener_free (ServerListener *self);
void     server_listener_set_limits (ServerListener *self, const ServerHttpLimits *limits);
GSocket *server_listener_get_socket (ServerListener *self);
/* The socket of the connection whose client is @remote (the request's remote address),
 * or NULL. */
GSocket *server_listener_lookup (ServerListener *self, GSocketAddress *remote);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerListener, server_listener_free)

G_END_DECLS

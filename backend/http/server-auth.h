/* server-auth.h — who is calling: a kiosk's token, a staff session, the page's origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "server-route.h"

G_BEGIN_DECLS

/* GET and HEAD: they change nothing, so they need no CSRF token and no Origin check. */
gboolean server_auth_is_safe_method (const char *method);
/* Whether a change may come from where the browser says it does: a request without
 * Origin (a kiosk, curl) passes; a browser's must name this server's own host. */
gboolean server_auth_origin_matches_host (SoupServerMessage *msg);
/* The kiosk id of the request's bearer token, its contact noted; NULL when the token is
 * missing, wrong or revoked. */
char *server_auth_kiosk (ServerStore *store, SoupServerMessage *msg);
/* The session for a SERVER_AUTH_STAFF @route, or NULL after replying 401 or 403. */
ServerSession *
server_auth_staff (ServerStore *store, SoupServerMessage *msg, const ServerRoute *route);

/* Notes who sent @msg: its peer, or, when the peer is in @proxies (GInetAddressMask, may
 * be NULL), the rightmost address of X-Forwarded-For that is not a trusted proxy; and
 * whether it came over HTTPS: @tls, or a trusted proxy's X-Forwarded-Proto: https. */
void server_auth_note_client (SoupServerMessage *msg, gboolean tls, GPtrArray *proxies);
/* The client's IP address as noted above, for sign-in throttling and logs. */
const char *server_auth_client_address (SoupServerMessage *msg);
/* Whether the client reached the server over HTTPS (a Secure cookie may be set). */
gboolean server_auth_client_is_secure (SoupServerMessage *msg);

G_END_DECLS

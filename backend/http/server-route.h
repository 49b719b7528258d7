/* server-route.h — what a route family hands the router, and what its handlers get
 *
 * A route family (backend/api/) is a table of ServerRoute and, optionally, state of
 * its own; its caller gives both to server_http_add_family(). The router never
 * knows the families: it checks each route's authentication and body limit, then
 * calls its handler with a ServerRequest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "server-store.h"
#include "server-store-users.h"

G_BEGIN_DECLS

/* Who may call a route; checked in one place (server-http.c) before any handler. */
typedef enum
{
  SERVER_AUTH_NONE,
  SERVER_AUTH_KIOSK, /* Authorization: Bearer <kiosk token>; 401 otherwise */
  /* The nv_session cookie of a live session (401 otherwise) whose role is in the route's
   * roles (403 otherwise); for methods other than GET and HEAD also the session's
   * X-CSRF-Token (403 otherwise). */
  SERVER_AUTH_STAFF,
} ServerAuth;

/* What every route needs; a family's own state is in @family. */
typedef struct
{
  ServerStore         *store;
  SoupServerMessage   *msg;
  const char          *path;
  GHashTable          *query;    /* may be NULL */
  const char          *kiosk_id; /* set for SERVER_AUTH_KIOSK routes */
  const ServerSession *staff;    /* set for SERVER_AUTH_STAFF routes */
  gpointer             family;   /* the data given with the route's table, or NULL */
} ServerRequest;

typedef void (*ServerHandler) (ServerRequest *request);

typedef struct
{
  const char   *method;
  const char   *path; /* ending in '*': every path that begins with what precedes it */
  ServerHandler handler;
  ServerAuth    auth;
  gsize         max_body; /* bytes; 0: the route takes no body */
  guint         roles;    /* SERVER_AUTH_STAFF: ServerRole bits; admin may call any route */
} ServerRoute;

#define SERVER_SESSION_COOKIE "nv_session"

G_END_DECLS

/* server-http-private.h — what route handlers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "server-store.h"

G_BEGIN_DECLS

/* Who may call a route; checked in one place (server-http.c) before any handler. */
typedef enum
{
  SERVER_AUTH_NONE,
} ServerAuth;

typedef struct
{
  ServerStore       *store;
  SoupServerMessage *msg;
  const char        *path;
  GHashTable        *query;  /* may be NULL */
} ServerRequest;

typedef void (*ServerHandler) (ServerRequest *request);

typedef struct
{
  const char    *method;
  const char    *path;
  ServerHandler  handler;
  ServerAuth     auth;
} ServerRoute;

/* Replies */
void server_reply_json  (SoupServerMessage *msg,
                         guint              status,
                         JsonNode          *node);
/* {"error": "sentence", "field": "path"}; @field may be NULL. */
void server_reply_error (SoupServerMessage *msg,
                         guint              status,
                         const char        *field,
                         const char        *format,
                         ...) G_GNUC_PRINTF (4, 5);
/* Maps an NV_ERROR to a status (invalid → 422, parse → 400, too large → 413, …). */
void server_reply_gerror (SoupServerMessage *msg,
                          const GError      *error);

/* Route families */
const ServerRoute *server_kiosk_api_routes (guint *n_routes);

G_END_DECLS

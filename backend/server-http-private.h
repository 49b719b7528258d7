/* server-http-private.h — what route handlers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "server-ingest.h"
#include "server-store.h"

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

/* The last full bundle (since 0) as sent, plain and gzipped: built once per revision
 * instead of once per kiosk. Used on the server's main thread only. */
typedef struct
{
  gint64  revision;
  GBytes *body;
  GBytes *gzipped; /* NULL when gzip failed */
} ServerBundleCache;

typedef struct
{
  ServerStore         *store;
  SoupServerMessage   *msg;
  const char          *path;
  GHashTable          *query;    /* may be NULL */
  const char          *kiosk_id; /* set for SERVER_AUTH_KIOSK routes */
  ServerIngest        *ingest;   /* the event writer; NULL: write in place */
  ServerBundleCache   *bundle_cache;
  const ServerSession *staff;            /* set for SERVER_AUTH_STAFF routes */
  guint                report_threshold; /* counts below it are suppressed in reports */
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

#define SERVER_KIOSK_BATCH_MAX_BYTES (1024 * 1024)
#define SERVER_KIOSK_BATCH_MAX_ITEMS 1000

/* Replies */
/* X-Content-Type-Options and Referrer-Policy, which every answer carries. */
void server_add_common_headers (SoupServerMessage *msg);
void server_reply_json (SoupServerMessage *msg, guint status, JsonNode *node);
/* @gzipped: @body already compressed, or NULL to compress here when the client takes gzip. */
void server_reply_json_bytes (SoupServerMessage *msg, guint status, GBytes *body, GBytes *gzipped);
GBytes *server_gzip (GBytes *body);
/* {"error": "sentence", "field": "path"}; @field may be NULL. */
void server_reply_error (SoupServerMessage *msg,
                         guint              status,
                         const char        *field,
                         const char        *format,
                         ...) G_GNUC_PRINTF (4, 5);
/* "member": value, or null for NULL: what the staff API answers for an unset field. */
void server_json_add_string (JsonBuilder *builder, const char *member, const char *value);
/* "member": RFC 3339 UTC time of @seconds (Unix time), or null for 0 (never). */
void server_json_add_unix_time (JsonBuilder *builder, const char *member, gint64 seconds);
/* The request body as a JSON object of at most @max_bytes, or NULL after replying 400
 * (not JSON, not an object) or 413. *@out_root owns it. */
JsonObject *server_read_json_object (ServerRequest *request, gsize max_bytes, JsonNode **out_root);
/* Maps an NV_ERROR to a status (invalid → 422, parse → 400, too large → 413, …). */
void server_reply_gerror (SoupServerMessage *msg, const GError *error);

/* Streamed answers (server-http-stream.c) */

/* Runs in a worker thread: writes the whole body to @output, which blocks while the
 * client is behind and fails once it is gone. */
typedef gboolean (*ServerStreamFunc) (GOutputStream *output, gpointer user_data, GError **error);
/* Answers 200 with a chunked body that @func writes in a thread of its own, so memory does
 * not grow with the size of the body. @destroy is called for @user_data in that thread once
 * @func returns (at once for HEAD). A failure after the headers cuts the connection before
 * the last chunk: the client never takes a partial body for a whole one. */
void server_reply_stream (SoupServerMessage *msg,
                          const char        *content_type,
                          ServerStreamFunc   func,
                          gpointer           user_data,
                          GDestroyNotify     destroy);

/* Batch pushes from kiosks (server-kiosk-api.c) */

/* The body {"<member>": [ ... ]} of at most @max_bytes and @max_items; NULL after
 * replying with the error (400, or 413 with field @member for too many items). */
JsonArray *server_read_batch (ServerRequest *request,
                              const char    *member,
                              gsize          max_bytes,
                              guint          max_items,
                              JsonNode     **out_root);
/* Adds the members of one item's result to an object being built: "id" (the item's
 * UUID, or null), "status", and "error" and "field" when @error is set. */
void server_add_item_result (JsonBuilder  *builder,
                             JsonNode     *item,
                             const char   *status,
                             const GError *error);

#define SERVER_APPOINTMENT_BATCH_MAX_BYTES (256 * 1024)
#define SERVER_APPOINTMENT_BATCH_MAX_ITEMS 100

/* Route families */
const ServerRoute *server_console_routes (guint *n_routes);
const ServerRoute *server_kiosk_api_routes (guint *n_routes);
const ServerRoute *server_staff_accounts_api_routes (guint *n_routes);
const ServerRoute *server_kiosk_appointments_api_routes (guint *n_routes);
const ServerRoute *server_staff_appointments_api_routes (guint *n_routes);
const ServerRoute *server_staff_content_api_routes (guint *n_routes);
const ServerRoute *server_staff_reports_api_routes (guint *n_routes);

G_END_DECLS

/* server-reply.h — answers and request bodies in JSON, for every route family
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "server-route.h"

G_BEGIN_DECLS

/* X-Content-Type-Options and Referrer-Policy, which every answer carries. */
void server_add_common_headers (SoupServerMessage *msg);
void server_reply_json (SoupServerMessage *msg, guint status, JsonNode *node);
/* @gzipped: @body already compressed, or NULL to compress here when the client takes gzip. */
void server_reply_json_bytes (SoupServerMessage *msg, guint status, GBytes *body, GBytes *gzipped);
/* Answers 200 with JSON already gzipped: as it is to a client that takes gzip, else
 * unpacked as it is streamed. */
void server_reply_json_gzipped (SoupServerMessage *msg, GBytes *gzipped);
/* {"error": "sentence", "field": "path"}, valid UTF-8 whatever bytes @sentence echoes;
 * @field may be NULL. */
GBytes *server_error_json (const char *field, const char *sentence);
/* The same with "code": a machine code (docs/api.md) the console turns into a sentence
 * in its own language; NULL leaves it out. */
GBytes *server_error_json_coded (const char *code, const char *field, const char *sentence);
/* The code of an answer whose cause is no more precise than its @status. */
const char *server_error_code_for_status (guint status);
/* Answers @status with server_error_json_coded(), its code from the status. */
void server_reply_error (SoupServerMessage *msg,
                         guint              status,
                         const char        *field,
                         const char        *format,
                         ...) G_GNUC_PRINTF (4, 5);
/* Answers @status with the object @builder has built. */
void server_reply_builder (SoupServerMessage *msg, guint status, JsonBuilder *builder);
/* Answers @status with {"id": @id}, and "revision" when @revision is not negative: what
 * a route that made or changed one item says. */
void server_reply_id (SoupServerMessage *msg, guint status, const char *id, gint64 revision);

/* Adds one item of a list to @builder, inside the list's array. */
typedef void (*ServerListItemFunc) (JsonBuilder *builder, gconstpointer item, gpointer user_data);
/* Answers 200 {"@member": [...]}, each of @items added by @add_item; when @items is NULL
 * (the store failed), answers @error instead. */
void server_reply_list (SoupServerMessage *msg,
                        const char        *member,
                        GPtrArray         *items,
                        const GError      *error,
                        ServerListItemFunc add_item,
                        gpointer           user_data);

/* Maps an NV_ERROR to a status (invalid → 422, parse → 400, too large → 413, …). */
void server_reply_gerror (SoupServerMessage *msg, const GError *error);

/* The staff API's one rule for empty fields (docs/api.md): every member is always
 * written, and a value that is not set, not known or never happened is null. These
 * are the only writers of such members. */

/* "member": value, or null for NULL. */
void server_json_add_string (JsonBuilder *builder, const char *member, const char *value);
/* "member": RFC 3339 UTC time, or null for NULL. */
void server_json_add_time (JsonBuilder *builder, const char *member, GDateTime *time);
/* "member": RFC 3339 UTC time of @seconds (Unix time), or null for 0 (never). */
void server_json_add_unix_time (JsonBuilder *builder, const char *member, gint64 seconds);
/* "member": @value, or null for a negative one (not reported). */
void server_json_add_count (JsonBuilder *builder, const char *member, gint64 value);
/* "member": @node (taken), or null for NULL. */
void server_json_add_node (JsonBuilder *builder, const char *member, JsonNode *node);

/* The request body as a JSON object of at most @max_bytes, or NULL after replying 400
 * (not JSON, not an object) or 413. *@out_root owns it. */
JsonObject *server_read_json_object (ServerRequest *request, gsize max_bytes, JsonNode **out_root);

/* Batch pushes from kiosks */

/* The body {"<member>": [ ... ]} of at most @max_bytes and @max_items; NULL after
 * replying with the error (400, or 413 with field @member for too many items). */
JsonArray *server_read_batch (ServerRequest *request,
                              const char    *member,
                              gsize          max_bytes,
                              guint          max_items,
                              JsonNode     **out_root);
/* The answer to a batch push, {"results": [...], "accepted": N, "duplicates": N,
 * "rejected": N}, built one item's result at a time. */
typedef struct
{
  JsonBuilder *builder;
  guint        accepted;
  guint        duplicates;
  guint        rejected;
} ServerBatchReply;

void server_batch_reply_init (ServerBatchReply *reply);
/* Opens one item's result object and counts it: "id" (the item's UUID, or null),
 * "status" (rejected when @error is set, else duplicate or accepted), and "error" and
 * "field" for @error. Add any members of your own, then end it with
 * json_builder_end_object (reply->builder). */
void server_batch_reply_begin_item (ServerBatchReply *reply,
                                    JsonNode         *item,
                                    gboolean          duplicate,
                                    const GError     *error);
/* Answers 200 with the whole reply, and clears it. */
void server_batch_reply_send (ServerBatchReply *reply, SoupServerMessage *msg);

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

G_END_DECLS

/* nv-json.h — parsing untrusted JSON and writing it back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses @bytes as JSON. Refuses with NV_ERROR_TOO_LARGE above @max_size bytes
 * (0: no limit), NV_ERROR_PARSE for invalid UTF-8, a NUL byte or malformed JSON,
 * each with a sentence a person can act on. */
JsonNode *nv_json_parse_bytes (GBytes *bytes, gsize max_size, GError **error);
JsonNode *nv_json_parse_file (const char *path, GError **error);
/* Compact UTF-8 JSON. */
char   *nv_json_to_string (JsonNode *node, gboolean pretty);
GBytes *nv_json_to_bytes (JsonNode *node);

G_END_DECLS

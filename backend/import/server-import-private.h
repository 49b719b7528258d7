/* server-import-private.h — what the importers share (server-import-json.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-common.h"

G_BEGIN_DECLS

/* "parent.member" ("member" without a parent); "parent.member[index]". */
char *server_import_field_at (const char *parent, const char *member);
char *server_import_field_index (const char *parent, const char *member, guint index);
/* The member, NULL when absent or null. */
JsonNode *server_import_member_node (JsonObject *object, const char *member);
/* A member of that type, *@out NULL (FALSE) when absent or null; FALSE with an error naming
 * "parent.member" when of another type. */
gboolean server_import_get_string (
    JsonObject *object, const char *parent, const char *member, const char **out, GError **error);
gboolean server_import_get_bool (
    JsonObject *object, const char *parent, const char *member, gboolean *out, GError **error);
gboolean server_import_get_array (
    JsonObject *object, const char *parent, const char *member, JsonArray **out, GError **error);
gboolean server_import_get_object (
    JsonObject *object, const char *parent, const char *member, JsonObject **out, GError **error);
/* Element @index of @array as an object; NULL with an error naming @field when not one. */
JsonObject *
server_import_element_object (JsonArray *array, guint index, const char *field, GError **error);

G_END_DECLS

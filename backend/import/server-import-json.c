/* server-import-json.c — reading a source's JSON members, each refusal naming the source's
 * own field ("serviceHours[2].openingHour[0].from", "schedules[3].times[0].status"), so
 * that whoever keeps the record can find it. Absent and null are the same: no value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-import-private.h"

char *
server_import_field_at (const char *parent, const char *member)
{
  return parent == NULL || parent[0] == '\0' ? g_strdup (member)
                                             : g_strconcat (parent, ".", member, NULL);
}

char *
server_import_field_index (const char *parent, const char *member, guint index)
{
  return parent == NULL || parent[0] == '\0' ? g_strdup_printf ("%s[%u]", member, index)
                                             : g_strdup_printf ("%s.%s[%u]", parent, member, index);
}

JsonNode *
server_import_member_node (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

/* A string member: NULL when absent or null; FALSE when another type. */
gboolean
server_import_get_string (
    JsonObject *object, const char *parent, const char *member, const char **out, GError **error)
{
  JsonNode *node = server_import_member_node (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *field = server_import_field_at (parent, member);

      nv_set_field_error (error, field, "must be a string");
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
server_import_get_bool (
    JsonObject *object, const char *parent, const char *member, gboolean *out, GError **error)
{
  JsonNode *node = server_import_member_node (object, member);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *field = server_import_field_at (parent, member);

      nv_set_field_error (error, field, "must be true or false");
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An array member: NULL (and TRUE) when absent or null. */
gboolean
server_import_get_array (
    JsonObject *object, const char *parent, const char *member, JsonArray **out, GError **error)
{
  JsonNode *node = server_import_member_node (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *field = server_import_field_at (parent, member);

      nv_set_field_error (error, field, "must be an array");
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
server_import_get_object (
    JsonObject *object, const char *parent, const char *member, JsonObject **out, GError **error)
{
  JsonNode *node = server_import_member_node (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *field = server_import_field_at (parent, member);

      nv_set_field_error (error, field, "must be an object");
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

JsonObject *
server_import_element_object (JsonArray *array, guint index, const char *field, GError **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      nv_set_field_error (error, field, "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

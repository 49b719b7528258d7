/* server-staff-settings-api.c — the settings administrators give kiosks
 *
 * Admins only: a setting changes how every kiosk it reaches behaves. Each value is
 * checked as the kiosk's GSettings key would check it (nv-kiosk-config.c), and a refusal
 * names the setting ("settings.idle-timeout"); a change reaches kiosks with the content
 * at their next sync (docs/deployment.md, "Remote settings").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-settings.h"

#define BODY_MAX (16 * 1024)

static void handle_list (ServerRequest *request);
static void handle_set (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/staff/kiosk-settings", handle_list, SERVER_AUTH_STAFF, 0, SERVER_ROLE_ADMIN },
  { "POST", "/api/v1/staff/kiosk-settings", handle_set, SERVER_AUTH_STAFF, BODY_MAX,
    SERVER_ROLE_ADMIN },
};

const ServerRoute *
server_staff_settings_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static void
add_setting (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  const ServerKioskSetting *setting = item;

  json_builder_begin_object (builder);
  server_json_add_string (builder, "scope", server_settings_scope_to_string (setting->scope));
  server_json_add_string (builder, "target", setting->target);
  server_json_add_string (builder, "name", setting->name);
  json_builder_set_member_name (builder, "value");
  json_builder_add_value (builder, json_node_copy (setting->value));
  server_json_add_unix_time (builder, "updated", setting->updated);
  server_json_add_string (builder, "updated_by", setting->updated_by);
  json_builder_end_object (builder);
}

static const char *
type_name (NvKioskSettingType type)
{
  switch (type)
    {
    case NV_KIOSK_SETTING_UINT:
      return "number";
    case NV_KIOSK_SETTING_BOOL:
      return "boolean";
    case NV_KIOSK_SETTING_CHOICE:
      return "choice";
    case NV_KIOSK_SETTING_URL:
      return "url";
    case NV_KIOSK_SETTING_ID:
      return "id";
    }
  g_return_val_if_reached (NULL);
}

/* What may be set, so that the console offers exactly that. */
static void
add_known (JsonBuilder *builder)
{
  const NvKioskSettingInfo *infos;
  guint                     n_infos;

  infos = nv_kiosk_settings (&n_infos);
  json_builder_set_member_name (builder, "known");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_infos; i++)
    {
      json_builder_begin_object (builder);
      server_json_add_string (builder, "name", infos[i].name);
      server_json_add_string (builder, "type", type_name (infos[i].type));
      if (infos[i].type == NV_KIOSK_SETTING_UINT)
        {
          json_builder_set_member_name (builder, "min");
          json_builder_add_int_value (builder, infos[i].min);
          json_builder_set_member_name (builder, "max");
          json_builder_add_int_value (builder, infos[i].max);
        }
      if (infos[i].choices != NULL)
        nv_json_write_strv (builder, "choices", infos[i].choices);
      server_json_add_string (builder, "what", infos[i].what);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
handle_list (ServerRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GPtrArray) settings = NULL;
  g_autoptr (GError) error = NULL;

  if ((settings = server_store_list_kiosk_settings (request->store, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "settings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < settings->len; i++)
    add_setting (builder, g_ptr_array_index (settings, i), NULL);
  json_builder_end_array (builder);
  add_known (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* Every change valid: a value, or null to remove the setting. */
static gboolean
check_changes (JsonObject *changes, GError **error)
{
  g_autoptr (GList) names = json_object_get_members (changes);

  if (names == NULL)
    {
      nv_set_field_error (error, "settings", "must name at least one setting");
      return FALSE;
    }
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *field = g_strdup_printf ("settings.%s", (const char *) l->data);
      JsonNode        *value = json_object_get_member (changes, l->data);

      if (JSON_NODE_HOLDS_NULL (value) && nv_kiosk_setting_lookup (l->data) != NULL)
        continue;
      if (!nv_kiosk_setting_validate (l->data, value, field, error))
        return FALSE;
    }
  return TRUE;
}

/* {"scope": "all" | "municipality" | "kiosk", "target": CODE or ID ("" or absent for
 * all), "settings": {NAME: VALUE or null}}: 200 with {"revision"}. */
static void
handle_set (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *scope_text = NULL;
  g_autofree char *target = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  ServerSettingsScope scope;
  JsonObject         *object;
  JsonNode           *changes;
  gint64              revision;

  if ((object = server_read_json_object (request, BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "scope", TRUE, &scope_text, &error)
      || !nv_json_read_string (object, "target", FALSE, &target, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  if (!server_settings_scope_from_string (scope_text, &scope))
    {
      nv_set_field_error (&error, "scope", "must be all, municipality or kiosk");
      server_reply_gerror (request->msg, error);
      return;
    }
  changes = json_object_get_member (object, "settings");
  if (changes == NULL || !JSON_NODE_HOLDS_OBJECT (changes))
    {
      nv_set_field_error (&error, "settings", "must be an object of settings by name");
      server_reply_gerror (request->msg, error);
      return;
    }
  if (!check_changes (json_node_get_object (changes), &error)
      || (revision = server_store_set_kiosk_settings (
              request->store, scope, target != NULL ? target : "", json_node_get_object (changes),
              request->staff->name, &error))
             < 0)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  g_message ("Kiosk settings for %s %s changed by an admin", scope_text,
             target != NULL ? target : "");
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

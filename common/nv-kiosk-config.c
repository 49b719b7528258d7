/* nv-kiosk-config.c
 *
 * What an administrator sets for kiosks on the server (docs/deployment.md, "Remote
 * settings"). Each setting is named as the kiosk's GSettings key it sets, and has the
 * same range as that key, so the server refuses what the kiosk could not take. The
 * server checks everything strictly; a kiosk reads only the shape and checks each value
 * as it applies it, so that a value it cannot take is skipped alone and never fails a
 * sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nv-error.h"
#include "nv-json-private.h"
#include "nv-kiosk-config.h"

#define URL_MAX_CHARS 500

static const char *const languages[] = { "fi", "sv", "en", "fi-x-selko", NULL };
static const char *const off_on[] = { "off", "on", NULL };

static const NvKioskSettingInfo known_settings[] = {
  { "idle-timeout", NV_KIOSK_SETTING_UINT, 30, 3600, NULL,
    "seconds of inactivity before the kiosk warns that it will start over" },
  { "idle-warning", NV_KIOSK_SETTING_UINT, 20, 300, NULL,
    "seconds the inactivity warning counts down" },
  { "qr-base-url", NV_KIOSK_SETTING_URL, 0, 0, NULL,
    "the address of the server whose pages the take-home QR codes lead to" },
  { "default-language", NV_KIOSK_SETTING_CHOICE, 0, 0, languages,
    "the language a new resident sees" },
  { "default-text-size", NV_KIOSK_SETTING_UINT, 0, 2, NULL,
    "the text size a new resident sees: 0 the normal (already large), 1 or 2 larger" },
  { "speech-default", NV_KIOSK_SETTING_CHOICE, 0, 0, off_on,
    "whether a new resident's visit starts with everything read aloud (speech mode): off or on" },
  { "advisor-call-days", NV_KIOSK_SETTING_UINT, 0, 30, NULL,
    "working days within which an advisor contacts a resident who chose no free time; 0: "
    "no promise on the receipt" },
  { "sleep-schedule", NV_KIOSK_SETTING_CHOICE, 0, 0, off_on,
    "whether the screen sleeps outside the host library's opening hours: off or on" },
  { "sleep-margin", NV_KIOSK_SETTING_UINT, 0, 120, NULL,
    "minutes the screen stays on after the host library closes, and wakes before it opens" },
  { "sleep-wake-on-touch", NV_KIOSK_SETTING_CHOICE, 0, 0, off_on,
    "whether a touch wakes a sleeping screen for a visit: off or on" },
  /* docs/events.md, "Feedback": a county that evaluates with THL's measures asks everywhere
   * at once, and a kiosk where the questions do not fit is turned off from the console. */
  { "feedback-questions", NV_KIOSK_SETTING_BOOL, 0, 0, NULL,
    "whether the feedback questions are asked at the end of a visit: true or false" },
};

/* Delivered as the others are, but each kiosk's own, kept elsewhere on the server: the
 * host is the one the console's Kiosks page and `kiosk host` set (kiosk_hosts), so that
 * silence, the sleep schedule and Help's staff on duty follow the same library. */
static const NvKioskSettingInfo derived_settings[] = {
  { "host-organisation", NV_KIOSK_SETTING_ID, 0, 0, NULL,
    "the organisation, usually a library, the kiosk stands in",
    "the kiosk's host: `neuvokas-server kiosk host ID ORGANISATION` or the console's Kiosks page" },
};

const NvKioskSettingInfo *
nv_kiosk_settings (guint *n_settings)
{
  *n_settings = G_N_ELEMENTS (known_settings);
  return known_settings;
}

const NvKioskSettingInfo *
nv_kiosk_setting_lookup (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (known_settings); i++)
    if (g_str_equal (known_settings[i].name, name))
      return &known_settings[i];
  for (guint i = 0; i < G_N_ELEMENTS (derived_settings); i++)
    if (g_str_equal (derived_settings[i].name, name))
      return &derived_settings[i];
  return NULL;
}

static gboolean
validate_url (const char *url, const char *field, GError **error)
{
  g_autoptr (GUri) uri = NULL;

  if (!nv_validate_line (url, field, URL_MAX_CHARS, FALSE, error))
    return FALSE;
  if (url[0] == '\0')
    return TRUE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
      || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      nv_set_field_error_code (error, field, "invalid-url",
                               "must be an address beginning with https:// or http://, or empty");
      return FALSE;
    }
  return TRUE;
}

gboolean
nv_kiosk_setting_validate (const char *name, JsonNode *value, const char *field, GError **error)
{
  const NvKioskSettingInfo *info = nv_kiosk_setting_lookup (name);
  g_autoptr (JsonObject) holder = json_object_new ();
  g_autofree char *text = NULL;
  gint64           number;
  gboolean         flag;

  g_return_val_if_fail (field != NULL, FALSE);

  if (info == NULL)
    {
      nv_set_field_error_code (error, field, "unknown-setting",
                               "is not a setting kiosks know: see `neuvokas-server settings list`");
      return FALSE;
    }
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      nv_set_field_error_code (error, field, "required", "needs a value (%s)", info->what);
      return FALSE;
    }
  /* The typed readers word the error and name @field. */
  json_object_set_member (holder, field, json_node_copy (value));
  switch (info->type)
    {
    case NV_KIOSK_SETTING_UINT:
      return nv_json_read_int (holder, field, info->min, info->max, 0, &number, error);
    case NV_KIOSK_SETTING_BOOL:
      return nv_json_read_bool (holder, field, FALSE, &flag, error);
    case NV_KIOSK_SETTING_CHOICE:
      if (!nv_json_read_string (holder, field, TRUE, &text, error))
        return FALSE;
      if (!g_strv_contains (info->choices, text))
        {
          g_autofree char *choices = g_strjoinv (", ", (GStrv) info->choices);

          nv_set_field_error_code (error, field, "invalid-choice", "must be one of %s", choices);
          return FALSE;
        }
      return TRUE;
    case NV_KIOSK_SETTING_URL:
      return nv_json_read_string (holder, field, TRUE, &text, error)
             && validate_url (text, field, error);
    case NV_KIOSK_SETTING_ID:
      return nv_json_read_string (holder, field, TRUE, &text, error)
             && nv_validate_id (text, field, error);
    }
  g_return_val_if_reached (FALSE);
}

JsonNode *
nv_kiosk_setting_parse (const char *name, const char *text, GError **error)
{
  const NvKioskSettingInfo *info = nv_kiosk_setting_lookup (name);
  g_autoptr (JsonNode) node = NULL;
  guint64 number;

  g_return_val_if_fail (text != NULL, NULL);

  if (info == NULL)
    {
      nv_kiosk_setting_validate (name, NULL, name != NULL ? name : "", error);
      return NULL;
    }
  switch (info->type)
    {
    case NV_KIOSK_SETTING_UINT:
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &number, NULL))
        {
          nv_set_field_error_code (error, name, "wrong-type", "must be a whole number");
          return NULL;
        }
      node = json_node_init_int (json_node_alloc (), (gint64) number);
      break;
    case NV_KIOSK_SETTING_BOOL:
      if (!g_str_equal (text, "true") && !g_str_equal (text, "false"))
        {
          nv_set_field_error_code (error, name, "wrong-type", "must be true or false");
          return NULL;
        }
      node = json_node_init_boolean (json_node_alloc (), g_str_equal (text, "true"));
      break;
    case NV_KIOSK_SETTING_CHOICE:
    case NV_KIOSK_SETTING_URL:
    case NV_KIOSK_SETTING_ID:
      node = json_node_init_string (json_node_alloc (), text);
      break;
    }
  if (!nv_kiosk_setting_validate (name, node, name, error))
    return NULL;
  return g_steal_pointer (&node);
}

GVariant *
nv_kiosk_setting_to_variant (const NvKioskSettingInfo *info, JsonNode *value)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (value != NULL && JSON_NODE_HOLDS_VALUE (value), NULL);

  switch (info->type)
    {
    case NV_KIOSK_SETTING_UINT:
      return g_variant_new_uint32 ((guint32) CLAMP (json_node_get_int (value), 0, G_MAXUINT32));
    case NV_KIOSK_SETTING_BOOL:
      return g_variant_new_boolean (json_node_get_boolean (value));
    case NV_KIOSK_SETTING_CHOICE:
    case NV_KIOSK_SETTING_URL:
    case NV_KIOSK_SETTING_ID:
      return g_variant_new_string (json_node_get_string (value));
    }
  g_return_val_if_reached (NULL);
}

NvKioskConfig *
nv_kiosk_config_new (void)
{
  NvKioskConfig *config = g_new0 (NvKioskConfig, 1);

  config->version = NV_KIOSK_CONFIG_VERSION;
  config->settings = json_object_new ();
  return config;
}

void
nv_kiosk_config_free (NvKioskConfig *config)
{
  if (config == NULL)
    return;
  json_object_unref (config->settings);
  g_free (config);
}

void
nv_kiosk_config_set (NvKioskConfig *config, const char *name, JsonNode *value)
{
  g_return_if_fail (config != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  json_object_set_member (config->settings, name, value);
}

JsonNode *
nv_kiosk_config_to_json (const NvKioskConfig *config)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GList) names = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, config->version);
  json_builder_set_member_name (builder, "settings");
  json_builder_begin_object (builder);
  names = json_object_get_members (config->settings);
  names = g_list_sort (names, (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_value (builder,
                              json_node_copy (json_object_get_member (config->settings, l->data)));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

NvKioskConfig *
nv_kiosk_config_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvKioskConfig) config = nv_kiosk_config_new ();
  JsonObject *object;
  JsonNode   *settings;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((object = nv_json_expect_object (node, "the kiosks' settings", error)) == NULL)
    return NULL;
  if (!nv_json_read_int (object, "version", 1, G_MAXINT32, 0, &config->version, error))
    return NULL;
  if (config->version == 0)
    {
      nv_set_field_error_code (error, "version", "required", "is required");
      return NULL;
    }
  settings = json_object_get_member (object, "settings");
  if (settings == NULL || !JSON_NODE_HOLDS_OBJECT (settings))
    {
      nv_set_field_error_code (error, "settings", "wrong-type",
                               "must be an object of settings by name");
      return NULL;
    }
  json_object_unref (config->settings);
  config->settings = json_object_ref (json_node_get_object (settings));
  return g_steal_pointer (&config);
}

gboolean
nv_kiosk_config_validate (const NvKioskConfig *config, GError **error)
{
  g_autoptr (GList) names = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  if (config->version != NV_KIOSK_CONFIG_VERSION)
    {
      nv_set_field_error_code (error, "version", "out-of-range", "must be %d",
                               NV_KIOSK_CONFIG_VERSION);
      return FALSE;
    }
  names = json_object_get_members (config->settings);
  names = g_list_sort (names, (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *field = g_strdup_printf ("settings.%s", (const char *) l->data);

      if (!nv_kiosk_setting_validate (l->data, json_object_get_member (config->settings, l->data),
                                      field, error))
        return FALSE;
    }
  return TRUE;
}

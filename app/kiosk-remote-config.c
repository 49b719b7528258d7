/* kiosk-remote-config.c
 *
 * A county sets kiosks' inactivity times, QR address and language on the server; they
 * arrive with the content (nv-kiosk-config.c) and are written here into the kiosk's own
 * GSettings, which the rest of the kiosk reads. The local administrator has the last
 * word: a key locked on the machine (dconf lockdown: g_settings_is_writable() is FALSE)
 * is never changed. Nothing here can fail a sync: a setting that cannot be applied is
 * skipped and logged, in English, for whoever runs the kiosk.
 *
 * The keys the server set are listed in "remote-settings", so that a setting removed on
 * the server returns to the kiosk's default instead of staying for good.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "kiosk-remote-config.h"

#define REMOTE_KEYS "remote-settings"

struct _KioskRemoteConfig
{
  GObject parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (KioskRemoteConfig, kiosk_remote_config, G_TYPE_OBJECT)

/* Writes one setting; FALSE (logged) when it is skipped. */
static gboolean
apply_setting (KioskRemoteConfig *self, GSettingsSchema *schema, const char *name, JsonNode *value)
{
  const NvKioskSettingInfo *info = nv_kiosk_setting_lookup (name);
  g_autoptr (GSettingsSchemaKey) key = NULL;
  g_autoptr (GVariant) variant = NULL;
  g_autoptr (GVariant) current = NULL;
  g_autoptr (GError) error = NULL;

  if (info == NULL || !g_settings_schema_has_key (schema, name))
    {
      g_message ("The server's setting “%s” is not known to this kiosk (version %s): skipped", name,
                 PACKAGE_VERSION);
      return FALSE;
    }
  if (!nv_kiosk_setting_validate (name, value, name, &error))
    {
      g_warning ("The server's setting %s is skipped: %s", name, error->message);
      return FALSE;
    }
  if (!g_settings_is_writable (self->settings, name))
    {
      g_message ("The setting %s is locked on this kiosk by its administrator: the server's "
                 "value is not used",
                 name);
      return FALSE;
    }
  variant = g_variant_ref_sink (nv_kiosk_setting_to_variant (info, value));
  key = g_settings_schema_get_key (schema, name);
  if (!g_variant_is_of_type (variant, g_settings_schema_key_get_value_type (key))
      || !g_settings_schema_key_range_check (key, variant))
    {
      g_autofree char *text = g_variant_print (variant, FALSE);

      g_warning ("The server's setting %s is skipped: this kiosk cannot take %s", name, text);
      return FALSE;
    }
  current = g_settings_get_value (self->settings, name);
  if (!g_variant_equal (current, variant) && !g_settings_set_value (self->settings, name, variant))
    {
      g_warning ("The server's setting %s is skipped: it cannot be written", name);
      return FALSE;
    }
  return TRUE;
}

static void
config_received_cb (KioskSync *sync, const NvKioskConfig *config, KioskRemoteConfig *self)
{
  kiosk_remote_config_apply (self, config);
}

static void
kiosk_remote_config_dispose (GObject *object)
{
  KioskRemoteConfig *self = (KioskRemoteConfig *) object;

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (kiosk_remote_config_parent_class)->dispose (object);
}

static void
kiosk_remote_config_class_init (KioskRemoteConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kiosk_remote_config_dispose;
}

static void
kiosk_remote_config_init (KioskRemoteConfig *self)
{
}

KioskRemoteConfig *
kiosk_remote_config_new (GSettings *settings)
{
  KioskRemoteConfig *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KIOSK_TYPE_REMOTE_CONFIG, NULL);
  self->settings = g_object_ref (settings);
  return self;
}

void
kiosk_remote_config_apply (KioskRemoteConfig *self, const NvKioskConfig *config)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GStrvBuilder) remote = g_strv_builder_new ();
  g_auto (GStrv) previous = NULL;
  g_auto (GStrv) now_remote = NULL;
  g_autoptr (GList) names = NULL;

  g_return_if_fail (KIOSK_IS_REMOTE_CONFIG (self));
  g_return_if_fail (config != NULL);

  if (config->version != NV_KIOSK_CONFIG_VERSION)
    {
      g_warning ("The server's settings are of version %" G_GINT64_FORMAT
                 ", which this kiosk (%s) does not know: it keeps its own",
                 config->version, PACKAGE_VERSION);
      return;
    }
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  previous = g_settings_get_strv (self->settings, REMOTE_KEYS);
  names = json_object_get_members (config->settings);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      /* One the server still gives but this kiosk skipped keeps the value it had. */
      if (apply_setting (self, schema, name, json_object_get_member (config->settings, name))
          || g_strv_contains ((const char *const *) previous, name))
        g_strv_builder_add (remote, name);
    }
  now_remote = g_strv_builder_end (remote);
  for (guint i = 0; previous[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) now_remote, previous[i])
        && g_settings_schema_has_key (schema, previous[i])
        && g_settings_is_writable (self->settings, previous[i]))
      g_settings_reset (self->settings, previous[i]);
  if (!g_strv_equal ((const char *const *) previous, (const char *const *) now_remote))
    g_settings_set_strv (self->settings, REMOTE_KEYS, (const char *const *) now_remote);
}

void
kiosk_remote_config_follow (KioskRemoteConfig *self, KioskSync *sync)
{
  g_return_if_fail (KIOSK_IS_REMOTE_CONFIG (self));
  g_return_if_fail (KIOSK_IS_SYNC (sync));

  g_signal_connect_object (sync, "config-received", G_CALLBACK (config_received_cb), self, 0);
}

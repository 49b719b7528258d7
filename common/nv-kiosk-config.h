/* nv-kiosk-config.h — settings the server gives kiosks: the "config" member of the content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The format of the "config" member; a kiosk leaves a config of another version alone. */
#define NV_KIOSK_CONFIG_VERSION 1

typedef enum
{
  NV_KIOSK_SETTING_UINT,   /* a whole number from min to max */
  NV_KIOSK_SETTING_BOOL,   /* true or false */
  NV_KIOSK_SETTING_CHOICE, /* one of choices */
  NV_KIOSK_SETTING_URL,    /* "" or an http:// or https:// address */
  NV_KIOSK_SETTING_ID,     /* a content item's id, e.g. an organisation's */
} NvKioskSettingType;

/* One setting a server may give: named as the kiosk's GSettings key it sets. */
typedef struct
{
  const char        *name;
  NvKioskSettingType type;
  gint64             min;
  gint64             max;
  const char *const *choices; /* NULL-terminated; NV_KIOSK_SETTING_CHOICE only */
  const char        *what;    /* what it is, in English, for errors and `settings list` */
  /* NULL: set with `settings`; otherwise the server derives it for each kiosk from what
   * this names, and `settings` refuses it (host-organisation: the kiosk's host). */
  const char *set_with;
} NvKioskSettingInfo;

/* Every setting `settings` may set, in the order they are listed. */
const NvKioskSettingInfo *nv_kiosk_settings (guint *n_settings);
/* NULL when no setting is called @name; also finds those the server derives (set_with). */
const NvKioskSettingInfo *nv_kiosk_setting_lookup (const char *name);
/* Whether @value (JSON) is a valid value of @name; the error's field is @field. */
gboolean
nv_kiosk_setting_validate (const char *name, JsonNode *value, const char *field, GError **error);
/* A value typed on the command line ("90", "true", "fi", an address) as JSON, checked. */
JsonNode *nv_kiosk_setting_parse (const char *name, const char *text, GError **error);
/* A valid @value as the GVariant its GSettings key holds ("u", "b" or "s"). */
GVariant *nv_kiosk_setting_to_variant (const NvKioskSettingInfo *info, JsonNode *value);

typedef struct
{
  gint64      version;
  JsonObject *settings; /* setting name → value; never NULL */
} NvKioskConfig;

NvKioskConfig *nv_kiosk_config_new (void);
void           nv_kiosk_config_free (NvKioskConfig *config);
/* {"version": 1, "settings": {"idle-timeout": 90, …}} */
JsonNode *nv_kiosk_config_to_json (const NvKioskConfig *config);
/* Reads the shape only (a version, an object of settings): a kiosk checks each setting
 * as it applies it, so one bad value never costs the others. */
NvKioskConfig *nv_kiosk_config_from_json (JsonNode *node, GError **error);
/* Every setting known and valid; the error's field is "settings.NAME". */
gboolean nv_kiosk_config_validate (const NvKioskConfig *config, GError **error);
/* Sets @name to @value (taken) in @config, replacing what it had. */
void nv_kiosk_config_set (NvKioskConfig *config, const char *name, JsonNode *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvKioskConfig, nv_kiosk_config_free)

G_END_DECLS

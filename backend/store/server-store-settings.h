/* server-store-settings.h — the settings administrators give kiosks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-kiosk-config.h"
#include "server-store.h"

G_BEGIN_DECLS

/* Whom a setting is for; a kiosk's own wins over its municipality's, which wins over
 * every kiosk's. */
typedef enum
{
  SERVER_SETTINGS_ALL,
  SERVER_SETTINGS_MUNICIPALITY,
  SERVER_SETTINGS_KIOSK,
} ServerSettingsScope;

/* "all", "municipality", "kiosk" */
const char *server_settings_scope_to_string (ServerSettingsScope scope);
gboolean    server_settings_scope_from_string (const char *text, ServerSettingsScope *out);

typedef struct
{
  ServerSettingsScope scope;
  char               *target; /* "" for all, a municipality's code, or a kiosk's id */
  char               *name;
  JsonNode           *value;
  gint64              updated; /* Unix seconds */
  char               *updated_by;
} ServerKioskSetting;

void server_kiosk_setting_free (ServerKioskSetting *setting);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerKioskSetting, server_kiosk_setting_free)

/* Sets (a value) or removes (NULL) each setting of @changes (name → value or null) for
 * @target of @scope, in one transaction that is a new content revision, so every kiosk
 * fetches its settings at its next sync. The values must be valid
 * (nv_kiosk_config_validate); @target must be "" for all, a municipality of Finland, or
 * a registered kiosk (NV_ERROR_INVALID on "target" otherwise). Returns the revision. */
gint64 server_store_set_kiosk_settings (ServerStore        *self,
                                        ServerSettingsScope scope,
                                        const char         *target,
                                        JsonObject         *changes,
                                        const char         *actor,
                                        GError            **error);
/* Every setting stored, by scope, target and name (ServerKioskSetting*). */
GPtrArray *server_store_list_kiosk_settings (ServerStore *self, GError **error);
/* What kiosk @kiosk_id gets: every kiosk's settings, overridden by its municipality's,
 * overridden by its own. A stored value that no longer passes the validator is left out
 * and logged. */
NvKioskConfig *
server_store_get_kiosk_config (ServerStore *self, const char *kiosk_id, GError **error);

G_END_DECLS

/* server-store-settings.c
 *
 * Settings administrators give kiosks (docs/deployment.md, "Remote settings"), one row
 * per scope, target and setting. Changing one is a content revision: the kiosks' ETag
 * changes, and each kiosk gets its settings with the content at its next sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-store-private.h"
#include "server-store-settings.h"

static const char *const scope_names[] = { "all", "municipality", "kiosk" };

const char *
server_settings_scope_to_string (ServerSettingsScope scope)
{
  g_return_val_if_fail ((guint) scope < G_N_ELEMENTS (scope_names), NULL);
  return scope_names[scope];
}

gboolean
server_settings_scope_from_string (const char *text, ServerSettingsScope *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (scope_names); i++)
    if (g_str_equal (text, scope_names[i]))
      {
        *out = (ServerSettingsScope) i;
        return TRUE;
      }
  return FALSE;
}

void
server_kiosk_setting_free (ServerKioskSetting *setting)
{
  if (setting == NULL)
    return;
  g_free (setting->target);
  g_free (setting->name);
  g_clear_pointer (&setting->value, json_node_unref);
  g_free (setting->updated_by);
  g_free (setting);
}

static gboolean
kiosk_exists (ServerStore *self, const char *id, gboolean *exists, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self, "SELECT 1 FROM kiosks WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the kiosks");
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
check_target (ServerStore *self, ServerSettingsScope scope, const char *target, GError **error)
{
  gboolean exists = FALSE;

  switch (scope)
    {
    case SERVER_SETTINGS_ALL:
      if (target[0] != '\0')
        {
          nv_set_field_error (error, "target", "must be empty for settings of every kiosk");
          return FALSE;
        }
      return TRUE;
    case SERVER_SETTINGS_MUNICIPALITY:
      if (nv_municipality_lookup (target) == NULL)
        {
          nv_set_field_error (error, "target",
                              "must be a municipality's code from Statistics Finland, e.g. 564");
          return FALSE;
        }
      return TRUE;
    case SERVER_SETTINGS_KIOSK:
      if (!kiosk_exists (self, target, &exists, error))
        return FALSE;
      if (!exists)
        {
          nv_set_field_error (error, "target", "must be a registered kiosk's id");
          return FALSE;
        }
      return TRUE;
    }
  g_return_val_if_reached (FALSE);
}

static gboolean
write_setting (ServerStore        *self,
               ServerSettingsScope scope,
               const char         *target,
               const char         *name,
               JsonNode           *value,
               const char         *actor,
               GError            **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *text = NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    stmt = server_store_cached (self,
                                "DELETE FROM kiosk_settings WHERE scope = ?1 AND target = ?2 "
                                "AND name = ?3",
                                error);
  else
    stmt = server_store_cached (
        self,
        "INSERT INTO kiosk_settings (scope, target, name, value, updated, updated_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (scope, target, name) DO UPDATE SET "
        "value = excluded.value, updated = excluded.updated, updated_by = excluded.updated_by",
        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, server_settings_scope_to_string (scope), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, target, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
    {
      text = nv_json_to_string (value, FALSE);
      sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, server_store_now (self));
      sqlite3_bind_text (stmt, 6, actor, -1, SQLITE_TRANSIENT);
    }
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot store the setting", error);
}

gint64
server_store_set_kiosk_settings (ServerStore        *self,
                                 ServerSettingsScope scope,
                                 const char         *target,
                                 JsonObject         *changes,
                                 const char         *actor,
                                 GError            **error)
{
  g_autoptr (GList) names = NULL;
  sqlite3 *db;
  gint64   revision = -1;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), -1);
  g_return_val_if_fail (target != NULL, -1);
  g_return_val_if_fail (changes != NULL, -1);
  g_return_val_if_fail (actor != NULL, -1);

  names = json_object_get_members (changes);
  /* What the server derives for each kiosk is set where it is kept, never here. */
  for (GList *l = names; l != NULL; l = l->next)
    {
      const NvKioskSettingInfo *info = nv_kiosk_setting_lookup (l->data);

      if (info != NULL && info->set_with != NULL)
        {
          g_autofree char *field = g_strdup_printf ("settings.%s", (const char *) l->data);

          nv_set_field_error_code (error, field, "not-settable", "is set as %s", info->set_with);
          return -1;
        }
    }
  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return -1;
  ok = check_target (self, scope, target, error);
  for (GList *l = names; ok && l != NULL; l = l->next)
    ok = write_setting (self, scope, target, l->data, json_object_get_member (changes, l->data),
                        actor, error);
  ok = ok && (revision = server_store_bump_revision (self, error)) > 0;
  if (!nv_sqlite_end (db, ok, error))
    return -1;
  return revision;
}

static ServerKioskSetting *
read_setting (sqlite3_stmt *stmt)
{
  g_autoptr (ServerKioskSetting) setting = g_new0 (ServerKioskSetting, 1);
  const char *text = (const char *) sqlite3_column_text (stmt, 3);
  g_autoptr (GError) error = NULL;

  server_settings_scope_from_string ((const char *) sqlite3_column_text (stmt, 0), &setting->scope);
  setting->target = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  setting->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  setting->updated = sqlite3_column_int64 (stmt, 4);
  setting->updated_by = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  /* Nothing stored reaches a kiosk unchecked (server_store_warn_damaged). */
  if (text == NULL
      || (setting->value = nv_json_parse_data (text, strlen (text), 0, "The setting", &error))
             == NULL
      || !nv_kiosk_setting_validate (setting->name, setting->value, setting->name, &error))
    {
      g_autofree char *id = g_strdup_printf ("%s:%s:%s", scope_names[setting->scope],
                                             setting->target, setting->name);

      server_store_warn_damaged ("kiosk setting", id, error);
      return NULL;
    }
  return g_steal_pointer (&setting);
}

static GPtrArray *
read_settings (ServerStore *self, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr (GPtrArray) settings
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_kiosk_setting_free);
  ServerKioskSetting *setting;
  int                 rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if ((setting = read_setting (stmt)) != NULL)
      g_ptr_array_add (settings, setting);
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the kiosks' settings");
      return NULL;
    }
  return g_steal_pointer (&settings);
}

#define SCOPE_ORDER "CASE scope WHEN 'all' THEN 0 WHEN 'municipality' THEN 1 ELSE 2 END"

GPtrArray *
server_store_list_kiosk_settings (ServerStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (self,
                                   "SELECT scope, target, name, value, updated, updated_by "
                                   "FROM kiosk_settings ORDER BY " SCOPE_ORDER ", target, name",
                                   error))
      == NULL)
    return NULL;
  return read_settings (self, stmt, error);
}

NvKioskConfig *
server_store_get_kiosk_config (ServerStore *self, const char *kiosk_id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (NvKioskConfig) config = nv_kiosk_config_new ();
  g_autoptr (GPtrArray) settings = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (kiosk_id != NULL, NULL);

  /* In order of precedence, so that each later row overrides. */
  if ((stmt = server_store_cached (
           self,
           "SELECT scope, target, name, value, updated, updated_by FROM kiosk_settings "
           "WHERE scope = 'all' "
           "OR (scope = 'municipality' AND target = (SELECT municipality FROM kiosks "
           "                                         WHERE id = ?1)) "
           "OR (scope = 'kiosk' AND target = ?1) ORDER BY " SCOPE_ORDER ", name",
           error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  if ((settings = read_settings (self, stmt, error)) == NULL)
    return NULL;
  for (guint i = 0; i < settings->len; i++)
    {
      ServerKioskSetting *setting = g_ptr_array_index (settings, i);

      nv_kiosk_config_set (config, setting->name, json_node_ref (setting->value));
    }
  /* The kiosk's host, as the console's Kiosks page set it; none: the kiosk's default. */
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  if ((stmt
       = server_store_cached (self, "SELECT organisation FROM kiosk_hosts WHERE kiosk = ?1", error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    nv_kiosk_config_set (
        config, "host-organisation",
        json_node_init_string (json_node_alloc (), (const char *) sqlite3_column_text (stmt, 0)));
  else if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the kiosk's host");
      return NULL;
    }
  return g_steal_pointer (&config);
}

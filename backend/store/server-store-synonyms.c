/* server-store-synonyms.c — the directory search's synonym groups
 *
 * A group is a document in `synonyms`; what was last changed, and when, in
 * meta.synonyms_revision. They are few (tens), so a bundle carries the whole list
 * whenever any of it changed after the kiosk's revision (NvContent.has_synonyms), and a
 * deleted group needs no tombstone: kiosks built before the list came would refuse a
 * tombstone of a kind they do not know, but pass over a member they do not know.
 *
 * Every change is audited (audit_log: "synonyms-saved" or "synonyms-deleted", the group's
 * id, by whom) and noted as the group's last edit (content_edits, kind "synonym").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-store-private.h"
#include "server-store-synonyms.h"

typedef gpointer (*SynonymFromJsonFunc) (JsonNode *node, GError **error);

void
server_synonym_entry_free (ServerSynonymEntry *entry)
{
  if (entry == NULL)
    return;
  nv_synonym_group_free (entry->group);
  g_free (entry->updated_by);
  g_free (entry);
}

GPtrArray *
server_store_list_synonyms (ServerStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) entries
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_synonym_entry_free);
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (self,
                                   "SELECT s.document, s.id, e.updated, e.updated_by "
                                   "FROM synonyms AS s LEFT JOIN content_edits AS e "
                                   "ON e.kind = 'synonym' AND e.id = s.id ORDER BY s.id",
                                   error))
      == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NvSynonymGroup *group = server_store_column_item (
          stmt, 0, (SynonymFromJsonFunc) nv_synonym_group_from_json, "synonym group",
          (const char *) sqlite3_column_text (stmt, 1));
      ServerSynonymEntry *entry;

      if (group == NULL)
        continue;
      entry = g_new0 (ServerSynonymEntry, 1);
      entry->group = group;
      entry->updated = sqlite3_column_int64 (stmt, 2);
      entry->updated_by = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the synonyms");
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/* The caller holds a write transaction: the list changed at @revision. */
static gboolean
note_list_changed (ServerStore *self, gint64 revision, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (self,
                                   "INSERT OR REPLACE INTO meta (key, value) "
                                   "VALUES ('synonyms_revision', ?1)",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, revision);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot store the synonyms", error);
}

gboolean
server_store_write_synonym_groups (ServerStore *self,
                                   GPtrArray   *groups,
                                   gint64       revision,
                                   GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (self,
                                   "INSERT INTO synonyms (id, document) VALUES (?1, ?2) "
                                   "ON CONFLICT (id) DO UPDATE SET document = excluded.document",
                                   error))
      == NULL)
    return FALSE;
  for (guint i = 0; i < groups->len; i++)
    {
      const NvSynonymGroup *group = groups->pdata[i];
      g_autoptr (JsonNode) node = nv_synonym_group_to_json (group);
      g_autofree char *document = nv_json_to_string (node, FALSE);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, group->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, document, -1, SQLITE_TRANSIENT);
      if (!nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot store the synonyms",
                                error))
        return FALSE;
    }
  return note_list_changed (self, revision, error);
}

/* Synonyms are edited only by staff, in the console: "staff:NAME", as the audit log
 * names staff elsewhere. */
static gboolean
audit_now (ServerStore *self, const char *user, const char *action, const char *id, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (self));
  g_autofree char *time = nv_format_time_utc (now);
  g_autofree char *actor = g_strconcat ("staff:", user, NULL);

  return server_store_audit (self, time, actor, action, id, error);
}

gint64
server_store_save_synonym_group (ServerStore          *self,
                                 const NvSynonymGroup *group,
                                 const char           *user,
                                 GError              **error)
{
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  gint64   revision = -1;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), -1);
  g_return_val_if_fail (group != NULL && user != NULL, -1);

  if (!nv_synonym_group_validate (group, error))
    return -1;
  g_ptr_array_add (one, (gpointer) group);
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return -1;
  ok = (revision = server_store_bump_revision (self, error)) > 0
       && server_store_write_synonym_groups (self, one, revision, error)
       && server_store_note_edit (self, "synonym", group->id, user, error)
       && audit_now (self, user, "synonyms-saved", group->id, error);
  return nv_sqlite_end (server_store_get_db (self), ok, error) ? revision : -1;
}

gboolean
server_store_delete_synonym_group (ServerStore *self,
                                   const char  *id,
                                   const char  *user,
                                   GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) remove = NULL;
  g_autoptr (NvSqliteCachedStmt) forget = NULL;
  sqlite3 *db = server_store_get_db (self);
  gint64   revision;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && user != NULL, FALSE);

  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (remove = server_store_cached (self, "DELETE FROM synonyms WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (remove, 1, id, -1, SQLITE_TRANSIENT);
      ok = nv_sqlite_step_done (db, remove, "Cannot delete the synonym group", error);
    }
  if (ok && sqlite3_changes (db) == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no synonym group “%s”", id);
      ok = FALSE;
    }
  ok = ok
       && (forget = server_store_cached (
               self, "DELETE FROM content_edits WHERE kind = 'synonym' AND id = ?1", error))
              != NULL;
  if (ok)
    {
      sqlite3_bind_text (forget, 1, id, -1, SQLITE_TRANSIENT);
      ok = nv_sqlite_step_done (db, forget, "Cannot delete the synonym group", error);
    }
  ok = ok && (revision = server_store_bump_revision (self, error)) > 0
       && note_list_changed (self, revision, error)
       && audit_now (self, user, "synonyms-deleted", id, error);
  return nv_sqlite_end (db, ok, error);
}

gboolean
server_store_read_synonyms (ServerStore *self, NvContent *content, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) changed = NULL;
  g_autoptr (NvSqliteCachedStmt) read = NULL;
  int rc;

  if ((changed = server_store_cached (self,
                                      "SELECT CAST(value AS INTEGER) FROM meta "
                                      "WHERE key = 'synonyms_revision'",
                                      error))
      == NULL)
    return FALSE;
  /* None was ever written (a store seeded from a folder without synonyms.json): kiosks
   * keep their built-in list. */
  if (sqlite3_step (changed) != SQLITE_ROW)
    return TRUE;
  if (content->since != 0 && sqlite3_column_int64 (changed, 0) <= content->since)
    return TRUE;
  content->has_synonyms = TRUE;
  if ((read = server_store_cached (self, "SELECT document, id FROM synonyms ORDER BY id", error))
      == NULL)
    return FALSE;
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      gpointer group = server_store_column_item (
          read, 0, (SynonymFromJsonFunc) nv_synonym_group_from_json, "synonym group",
          (const char *) sqlite3_column_text (read, 1));

      if (group != NULL)
        g_ptr_array_add (content->synonyms, group);
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the synonyms");
  return TRUE;
}

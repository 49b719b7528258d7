/* server-store-directory.c
 *
 * Three tables beside the organisations kiosks receive (migration 10):
 * directory_sources (where an imported entry came from, when the source last had it, and
 * since when it is missing), directory_proposals (the entry as the last import would
 * have it, waiting for an advisor) and directory_hand_set (the fields an advisor set by
 * hand, which no import changes). A proposal is always compared with the published
 * entry with the fields set by hand put back, so that it shows only what the source
 * would really change. checked_at alone is no change: a second import of the same
 * records makes no revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-store-directory.h"
#include "server-store-private.h"

/* A new entry an advisor kept out of the directory: the hand-set "field" that says so. */
#define KEPT_OUT "*"

void
server_directory_change_free (ServerDirectoryChange *change)
{
  if (change == NULL)
    return;
  g_free (change->id);
  nv_text_clear (&change->name);
  g_free (change->state);
  g_free (change->source);
  g_free (change->source_id);
  g_free (change->checked_at);
  g_free (change->missing_since);
  g_strfreev (change->fields);
  g_clear_pointer (&change->part_sources, g_ptr_array_unref);
  g_free (change);
}

void
server_part_source_free (ServerPartSource *part)
{
  if (part == NULL)
    return;
  g_free (part->part);
  g_free (part->source);
  g_free (part->source_id);
  g_free (part->checked_at);
  g_free (part);
}

void
server_field_change_free (ServerFieldChange *change)
{
  if (change == NULL)
    return;
  g_free (change->field);
  g_clear_pointer (&change->current, json_node_unref);
  g_clear_pointer (&change->proposed, json_node_unref);
  g_free (change);
}

/* Reading */

static JsonNode *
parse_column (sqlite3_stmt *stmt, int column, const char *id)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  if (text == NULL)
    return NULL;
  node = nv_json_parse_data (text, strlen (text), 0, "A stored document", &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error == NULL)
        g_set_error (&error, NV_ERROR, NV_ERROR_STORE, "its document is not an object");
      server_store_warn_damaged ("organisation", id, error);
      g_clear_pointer (&node, json_node_unref);
    }
  return node;
}

static JsonNode *
read_document (ServerStore *self, const char *sql, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return parse_column (stmt, 0, id);
  if (rc != SQLITE_DONE)
    nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
  return NULL;
}

static JsonNode *
read_published (ServerStore *self, const char *id, GError **error)
{
  return read_document (self, "SELECT document FROM organisations WHERE id = ?1", id, error);
}

static JsonNode *
read_proposal (ServerStore *self, const char *id, GError **error)
{
  return read_document (self, "SELECT document FROM directory_proposals WHERE id = ?1", id, error);
}

/* The fields of @id set by hand, as a set; NULL on failure. */
static GHashTable *
read_hand_set (ServerStore *self, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if ((stmt
       = server_store_cached (self, "SELECT field FROM directory_hand_set WHERE id = ?1", error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (fields, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
      return NULL;
    }
  return g_steal_pointer (&fields);
}

/* Comparing */

static char *
member_text (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL ? nv_json_to_string (node, FALSE) : NULL;
}

/* Puts the published value of every field set by hand into @proposed. */
static void
put_back_hand_set (JsonObject *proposed, JsonObject *published, GHashTable *hand_set)
{
  GHashTableIter iter;
  const char    *field;

  if (published == NULL)
    return;
  g_hash_table_iter_init (&iter, hand_set);
  while (g_hash_table_iter_next (&iter, (gpointer *) &field, NULL))
    {
      JsonNode *value = json_object_get_member (published, field);

      if (value != NULL)
        json_object_set_member (proposed, field, json_node_copy (value));
      else if (json_object_has_member (proposed, field))
        json_object_remove_member (proposed, field);
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The members in which @proposed differs from @published (NULL: nothing published),
 * sorted; when it was checked is no difference, nor where a part came from, which goes
 * with the part (part_sources: see offer_hours ()). */
static GPtrArray *
changed_fields (JsonObject *published, JsonObject *proposed)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray     *fields = g_ptr_array_new_with_free_func (g_free);
  JsonObject    *objects[] = { published, proposed };
  GHashTableIter iter;
  const char    *name;

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autoptr (GList) members = objects[i] != NULL ? json_object_get_members (objects[i]) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        g_hash_table_add (names, l->data);
    }
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    {
      g_autofree char *a = member_text (published, name);
      g_autofree char *b = member_text (proposed, name);

      if (!g_str_equal (name, "checked_at") && !g_str_equal (name, "part_sources")
          && g_strcmp0 (a, b) != 0)
        g_ptr_array_add (fields, g_strdup (name));
    }
  g_ptr_array_sort (fields, compare_strings);
  return fields;
}

static gboolean
fields_contain (GPtrArray *fields, const char *field)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_str_equal (g_ptr_array_index (fields, i), field))
      return TRUE;
  return FALSE;
}

/* Writing */

static gboolean
write_proposal (ServerStore *self, const char *id, JsonNode *document, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (self));
  g_autofree char *text = nv_json_to_string (document, FALSE);
  g_autofree char *received = nv_format_time_utc (now);

  if ((stmt = server_store_cached (self,
                                   "INSERT INTO directory_proposals (id, document, received) "
                                   "VALUES (?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET "
                                   "document = excluded.document, received = excluded.received",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, received, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot keep the proposed change",
                              error);
}

static gboolean
run_with_id (ServerStore *self, const char *sql, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot change the directory",
                              error);
}

static gboolean
remove_proposal (ServerStore *self, const char *id, GError **error)
{
  return run_with_id (self, "DELETE FROM directory_proposals WHERE id = ?1", id, error);
}

static gboolean
clear_missing (ServerStore *self, const char *id, GError **error)
{
  return run_with_id (self, "UPDATE directory_sources SET missing_since = NULL WHERE id = ?1", id,
                      error);
}

static gboolean
set_hand_set (
    ServerStore *self, const char *id, const char *field, const char *actor, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (self));
  g_autofree char *set_at = nv_format_time_utc (now);

  if ((stmt = server_store_cached (self,
                                   "INSERT INTO directory_hand_set (id, field, set_at, set_by) "
                                   "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id, field) DO UPDATE "
                                   "SET set_at = excluded.set_at, set_by = excluded.set_by",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, set_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, actor, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot note the hand-set field",
                              error);
}

/* Runs @sql with @id, @imported's source, source id and checked_at as ?1…?4 (and @part,
 * when not NULL, as ?5). */
static gboolean
write_source_row (ServerStore          *self,
                  const char           *sql,
                  const char           *id,
                  const char           *part,
                  const NvOrganisation *imported,
                  GError              **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *checked_at = nv_format_time_utc (imported->checked_at);

  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, imported->source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, imported->source_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, checked_at, -1, SQLITE_TRANSIENT);
  if (part != NULL)
    sqlite3_bind_text (stmt, 5, part, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot note the source", error);
}

static gboolean
note_source (ServerStore *self, const NvOrganisation *imported, GError **error)
{
  return write_source_row (
      self,
      "INSERT INTO directory_sources (id, source, source_id, checked_at, missing_since) "
      "VALUES (?1, ?2, ?3, ?4, NULL) ON CONFLICT (id) DO UPDATE SET source = "
      "excluded.source, source_id = excluded.source_id, checked_at = excluded.checked_at, "
      "missing_since = NULL",
      imported->id, NULL, imported, error);
}

/* The parts of @imported's entry that another source keeps (a library's opening hours on a
 * place from Suomi.fi) are not this source's to propose: they stay as waiting (@waiting) or
 * as published. */
static gboolean
put_back_other_sources (ServerStore          *self,
                        const NvOrganisation *imported,
                        JsonObject           *proposed,
                        JsonObject           *published,
                        JsonObject           *waiting,
                        GError              **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (
           self, "SELECT part FROM directory_part_sources WHERE id = ?1 AND source != ?2", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, imported->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, imported->source, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *part = (const char *) sqlite3_column_text (stmt, 0);
      JsonObject *kept = waiting != NULL ? waiting : published;
      JsonNode   *value = kept != NULL ? json_object_get_member (kept, part) : NULL;

      if (value != NULL)
        json_object_set_member (proposed, part, json_node_copy (value));
      else if (json_object_has_member (proposed, part))
        json_object_remove_member (proposed, part);
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
  return TRUE;
}

static void
keep_provider (JsonObject *proposed, JsonObject *known)
{
  if (known != NULL && !json_object_has_member (proposed, "provider")
      && json_object_has_member (known, "provider"))
    json_object_set_member (proposed, "provider",
                            json_node_copy (json_object_get_member (known, "provider")));
}

/* The published entry @id, its waiting proposal (each NULL when there is none) and the
 * fields set by hand. */
static gboolean
read_entry (ServerStore *self,
            const char  *id,
            JsonNode   **out_published,
            JsonNode   **out_waiting,
            GHashTable **out_hand_set,
            GError     **error)
{
  GError *local_error = NULL;

  *out_published = read_published (self, id, &local_error);
  if (local_error == NULL)
    *out_waiting = read_proposal (self, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return (*out_hand_set = read_hand_set (self, id, error)) != NULL;
}

/* @proposed (fields set by hand already put back) against what is published and what
 * waits: nothing to review when it is as published; unchanged when it is as already
 * waiting; else the proposal for review. */
static gboolean
propose (ServerStore         *self,
         const char          *id,
         JsonNode            *proposed,
         JsonNode            *published,
         JsonNode            *waiting,
         ServerImportOutcome *out,
         GError             **error)
{
  g_autoptr (GPtrArray) fields = changed_fields (
      published != NULL ? json_node_get_object (published) : NULL, json_node_get_object (proposed));

  if (published != NULL && fields->len == 0)
    {
      *out = SERVER_IMPORT_UNCHANGED;
      return remove_proposal (self, id, error);
    }
  if (waiting != NULL)
    {
      g_autoptr (GPtrArray) since_last
          = changed_fields (json_node_get_object (waiting), json_node_get_object (proposed));

      if (since_last->len == 0)
        {
          *out = SERVER_IMPORT_UNCHANGED;
          return TRUE;
        }
    }
  *out = published != NULL ? SERVER_IMPORT_CHANGED : SERVER_IMPORT_NEW;
  return write_proposal (self, id, proposed, error);
}

static gboolean
offer (ServerStore *self, const NvOrganisation *imported, ServerImportOutcome *out, GError **error)
{
  g_autoptr (JsonNode) proposed = nv_organisation_to_json (imported);
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (JsonNode) waiting = NULL;
  g_autoptr (GHashTable) hand_set = NULL;
  JsonObject *published_object;

  if (!read_entry (self, imported->id, &published, &waiting, &hand_set, error)
      || !note_source (self, imported, error))
    return FALSE;
  published_object = published != NULL ? json_node_get_object (published) : NULL;
  if (published == NULL && g_hash_table_contains (hand_set, KEPT_OUT))
    {
      *out = SERVER_IMPORT_UNCHANGED;
      return TRUE;
    }
  put_back_hand_set (json_node_get_object (proposed), published_object, hand_set);
  if (!put_back_other_sources (self, imported, json_node_get_object (proposed), published_object,
                               waiting != NULL ? json_node_get_object (waiting) : NULL, error))
    return FALSE;
  /* The provider's name comes with the organisation's record, which an import of some
   * places alone does not have: not knowing it this time is no change. */
  keep_provider (json_node_get_object (proposed), published_object);
  keep_provider (json_node_get_object (proposed),
                 waiting != NULL ? json_node_get_object (waiting) : NULL);
  return propose (self, imported->id, proposed, published, waiting, out, error);
}

gboolean
server_store_offer_import (ServerStore          *self,
                           const NvOrganisation *imported,
                           ServerImportOutcome  *out_outcome,
                           GError              **error)
{
  ServerImportOutcome outcome = SERVER_IMPORT_UNCHANGED;
  gboolean            ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (imported != NULL, FALSE);
  g_return_val_if_fail (imported->source != NULL && imported->source_id != NULL, FALSE);
  g_return_val_if_fail (imported->checked_at != NULL, FALSE);

  if (!nv_organisation_validate (imported, error)
      || !nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = offer (self, imported, &outcome, error);
  if (!nv_sqlite_end (server_store_get_db (self), ok, error))
    return FALSE;
  if (out_outcome != NULL)
    *out_outcome = outcome;
  return TRUE;
}

gboolean
server_store_flag_missing (ServerStore       *self,
                           const char        *source,
                           const char *const *seen_ids,
                           guint             *out_flagged,
                           GError           **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) ids = NULL;
  g_autofree char *ids_text = NULL;
  g_autofree char *since = NULL;
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  json_builder_begin_array (builder);
  for (guint i = 0; seen_ids != NULL && seen_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, seen_ids[i]);
  json_builder_end_array (builder);
  ids = json_builder_get_root (builder);
  ids_text = nv_json_to_string (ids, FALSE);
  now = g_date_time_new_from_unix_utc (server_store_now (self));
  since = nv_format_time_utc (now);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (stmt = server_store_cached (
            self,
            "UPDATE directory_sources SET missing_since = ?1 WHERE source = ?2 AND "
            "missing_since IS NULL AND id NOT IN (SELECT value FROM json_each (?3))",
            error))
       != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, since, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, source, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, ids_text, -1, SQLITE_TRANSIENT);
      ok = nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot flag missing entries",
                                error);
    }
  if (ok && out_flagged != NULL)
    *out_flagged = sqlite3_changes (server_store_get_db (self));
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  return nv_sqlite_end (server_store_get_db (self), ok, error);
}

/* Review */

#define CHANGE_COLUMNS                                                                             \
  "SELECT s.id, s.source, s.source_id, s.checked_at, s.missing_since, p.document, o.document "     \
  "FROM directory_sources AS s LEFT JOIN directory_proposals AS p ON p.id = s.id "                 \
  "LEFT JOIN organisations AS o ON o.id = s.id "

/* The parts of @id that a source keeps (directory_part_sources); NULL on failure. */
static GPtrArray *
read_part_sources (ServerStore *self, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) parts
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_part_source_free);
  int rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT part, source, source_id, checked_at FROM "
                                   "directory_part_sources WHERE id = ?1 ORDER BY part",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerPartSource *part = g_new0 (ServerPartSource, 1);

      part->part = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      part->source = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      part->source_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      part->checked_at = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (parts, part);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
      return NULL;
    }
  return g_steal_pointer (&parts);
}

/* A row of CHANGE_COLUMNS as a change; *@out_* (optional) get its documents with the
 * fields set by hand put back. NULL (logged) when a document is damaged. */
static ServerDirectoryChange *
read_change (ServerStore  *self,
             sqlite3_stmt *stmt,
             JsonNode    **out_proposed,
             JsonNode    **out_published,
             GHashTable  **out_hand_set,
             GError      **error)
{
  g_autoptr (ServerDirectoryChange) change = g_new0 (ServerDirectoryChange, 1);
  g_autoptr (JsonNode) proposed = NULL;
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (GHashTable) hand_set = NULL;
  JsonObject *named;

  change->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  change->source = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  change->source_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  change->checked_at = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  change->missing_since = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  proposed = parse_column (stmt, 5, change->id);
  published = parse_column (stmt, 6, change->id);
  if ((hand_set = read_hand_set (self, change->id, error)) == NULL
      || (change->part_sources = read_part_sources (self, change->id, error)) == NULL)
    return NULL;
  if (proposed == NULL && published == NULL)
    return NULL;
  if (proposed != NULL)
    {
      g_autoptr (GPtrArray) fields = NULL;

      put_back_hand_set (json_node_get_object (proposed),
                         published != NULL ? json_node_get_object (published) : NULL, hand_set);
      fields = changed_fields (published != NULL ? json_node_get_object (published) : NULL,
                               json_node_get_object (proposed));
      g_ptr_array_add (fields, NULL);
      change->fields = (GStrv) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
    }
  change->state = g_strdup (change->missing_since != NULL ? "missing"
                            : published != NULL           ? "changed"
                                                          : "new");
  named = json_node_get_object (proposed != NULL ? proposed : published);
  if (!nv_text_from_json (&change->name, json_object_get_member (named, "name"), "name", NULL))
    nv_text_set (&change->name, NV_LANG_FI, change->id);
  if (out_proposed != NULL)
    *out_proposed = g_steal_pointer (&proposed);
  if (out_published != NULL)
    *out_published = g_steal_pointer (&published);
  if (out_hand_set != NULL)
    *out_hand_set = g_steal_pointer (&hand_set);
  return g_steal_pointer (&change);
}

static int
compare_changes (gconstpointer a, gconstpointer b)
{
  const ServerDirectoryChange *x = *(ServerDirectoryChange *const *) a;
  const ServerDirectoryChange *y = *(ServerDirectoryChange *const *) b;
  int order = g_utf8_collate (x->name.text[NV_LANG_FI], y->name.text[NV_LANG_FI]);

  return order != 0 ? order : strcmp (x->id, y->id);
}

GPtrArray *
server_store_list_directory_changes (ServerStore *self, GError **error)
{
  g_autoptr (GPtrArray) changes
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_directory_change_free);
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (
           self, CHANGE_COLUMNS "WHERE p.id IS NOT NULL OR s.missing_since IS NOT NULL", error))
      == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GError                *local_error = NULL;
      ServerDirectoryChange *change = read_change (self, stmt, NULL, NULL, NULL, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (change != NULL && change->missing_since == NULL && change->fields != NULL
          && change->fields[0] == NULL)
        server_directory_change_free (change); /* all of it set by hand since */
      else if (change != NULL)
        g_ptr_array_add (changes, change);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
      return NULL;
    }
  g_ptr_array_sort (changes, compare_changes);
  return g_steal_pointer (&changes);
}

/* One entry's change and its documents; NV_ERROR_NOT_FOUND when there is nothing to
 * review. */
static ServerDirectoryChange *
find_change (ServerStore *self,
             const char  *id,
             JsonNode   **out_proposed,
             JsonNode   **out_published,
             GHashTable **out_hand_set,
             GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  ServerDirectoryChange *change = NULL;
  GError                *local_error = NULL;
  int                    rc;

  if ((stmt = server_store_cached (
           self,
           CHANGE_COLUMNS "WHERE s.id = ?1 AND (p.id IS NOT NULL OR s.missing_since IS NOT NULL)",
           error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    change = read_change (self, stmt, out_proposed, out_published, out_hand_set, &local_error);
  else if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
      return NULL;
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (change == NULL)
    g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "“%s” has no change to review", id);
  return change;
}

ServerDirectoryChange *
server_store_get_directory_change (
    ServerStore *self, const char *id, GPtrArray **out_fields, GStrv *out_hand_set, GError **error)
{
  g_autoptr (JsonNode) proposed = NULL;
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (GHashTable) hand_set = NULL;
  ServerDirectoryChange *change;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((change = find_change (self, id, &proposed, &published, &hand_set, error)) == NULL)
    return NULL;
  if (out_fields != NULL)
    {
      *out_fields = g_ptr_array_new_with_free_func ((GDestroyNotify) server_field_change_free);
      for (guint i = 0; change->fields != NULL && change->fields[i] != NULL; i++)
        {
          ServerFieldChange *field = g_new0 (ServerFieldChange, 1);
          JsonNode          *value;

          field->field = g_strdup (change->fields[i]);
          if (published != NULL
              && (value = json_object_get_member (json_node_get_object (published), field->field))
                     != NULL)
            field->current = json_node_copy (value);
          if ((value = json_object_get_member (json_node_get_object (proposed), field->field))
              != NULL)
            field->proposed = json_node_copy (value);
          g_ptr_array_add (*out_fields, field);
        }
    }
  if (out_hand_set != NULL)
    {
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      GHashTableIter iter;
      const char    *name;

      g_hash_table_iter_init (&iter, hand_set);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_strings);
      g_ptr_array_add (names, NULL);
      *out_hand_set = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
    }
  return change;
}

/* A new entry has nothing of one's own to keep: it is accepted or kept out whole. */
static gboolean
refuse_fields_of_new (GError **error)
{
  nv_set_field_error (error, "fields",
                      "cannot be chosen for a new entry: accept it whole or keep it out");
  return FALSE;
}

/* @fields (NULL: all of @change's) checked against what @change would change, as a list
 * of those to act on. */
static GPtrArray *
chosen_fields (const ServerDirectoryChange *change, const char *const *fields, GError **error)
{
  g_autoptr (GPtrArray) changed = g_ptr_array_new ();
  GPtrArray *chosen = g_ptr_array_new ();

  for (guint i = 0; change->fields != NULL && change->fields[i] != NULL; i++)
    g_ptr_array_add (changed, change->fields[i]);
  if (fields == NULL)
    {
      g_ptr_array_extend (chosen, changed, NULL, NULL);
      return chosen;
    }
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (!fields_contain (changed, fields[i]))
        {
          g_autofree char *name = g_strdup_printf ("fields[%u]", i);

          nv_set_field_error (error, name, "“%s” is not a field this change would change",
                              fields[i]);
          g_ptr_array_unref (chosen);
          return NULL;
        }
      g_ptr_array_add (chosen, (gpointer) fields[i]);
    }
  return chosen;
}

static gint64
accept (
    ServerStore *self, const char *id, const char *const *fields, const char *actor, GError **error)
{
  g_autoptr (ServerDirectoryChange) change = NULL;
  g_autoptr (JsonNode) proposed = NULL;
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (GHashTable) hand_set = NULL;
  g_autoptr (GPtrArray) chosen = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (JsonNode) written = NULL;
  GError *local_error = NULL;
  gint64  revision;

  if ((change = find_change (self, id, &proposed, &published, &hand_set, error)) == NULL)
    return -1;
  if (proposed == NULL)
    return clear_missing (self, id, error) ? 0 : -1;
  if (published == NULL && fields != NULL)
    {
      refuse_fields_of_new (error);
      return -1;
    }
  if ((chosen = chosen_fields (change, fields, error)) == NULL)
    return -1;
  if (published == NULL)
    result = json_node_copy (proposed);
  else
    {
      JsonObject *object;

      result = json_node_copy (published);
      object = json_node_get_object (result);
      for (guint i = 0; i < chosen->len; i++)
        {
          const char *field = g_ptr_array_index (chosen, i);
          JsonNode   *value = json_object_get_member (json_node_get_object (proposed), field);

          if (value != NULL)
            json_object_set_member (object, field, json_node_copy (value));
          else
            json_object_remove_member (object, field);
        }
      /* Accepted hours come with where they came from. */
      if (fields_contain (chosen, "opening_hours"))
        {
          JsonNode *parts
              = json_object_get_member (json_node_get_object (proposed), "part_sources");

          if (parts != NULL)
            json_object_set_member (object, "part_sources", json_node_copy (parts));
          else
            json_object_remove_member (object, "part_sources");
        }
      json_object_set_member (
          object, "checked_at",
          json_node_copy (json_object_get_member (json_node_get_object (proposed), "checked_at")));
      /* What was not accepted is the advisor's own value from now on. */
      for (guint i = 0; change->fields[i] != NULL; i++)
        if (!fields_contain (chosen, change->fields[i])
            && !set_hand_set (self, id, change->fields[i], actor, error))
          return -1;
    }
  /* Checked again as every reader checks it: a proposal is kept validated, but the mix
   * of two versions is new. */
  if ((organisation = nv_organisation_from_json (result, &local_error)) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT,
                   "The accepted fields do not make a valid entry with the others: %s",
                   local_error->message);
      g_error_free (local_error);
      return -1;
    }
  written = nv_organisation_to_json (organisation);
  if ((revision = server_store_write_item (self, "organisation", id, written, error)) < 0
      || !server_store_note_edit (self, "organisation", id, actor, error)
      || !remove_proposal (self, id, error) || !clear_missing (self, id, error))
    return -1;
  return revision;
}

gint64
server_store_accept_directory_change (
    ServerStore *self, const char *id, const char *const *fields, const char *actor, GError **error)
{
  gint64 revision;

  g_return_val_if_fail (SERVER_IS_STORE (self), -1);
  g_return_val_if_fail (id != NULL, -1);
  g_return_val_if_fail (actor != NULL, -1);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return -1;
  revision = accept (self, id, fields, actor, error);
  return nv_sqlite_end (server_store_get_db (self), revision >= 0, error) ? revision : -1;
}

static gboolean
keep (
    ServerStore *self, const char *id, const char *const *fields, const char *actor, GError **error)
{
  g_autoptr (ServerDirectoryChange) change = NULL;
  g_autoptr (JsonNode) proposed = NULL;
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (GPtrArray) chosen = NULL;

  if ((change = find_change (self, id, &proposed, &published, NULL, error)) == NULL)
    return FALSE;
  if (!clear_missing (self, id, error))
    return FALSE;
  if (proposed == NULL)
    return TRUE;
  /* A new entry kept out stays out: later imports of it change nothing. */
  if (published == NULL && fields != NULL)
    return refuse_fields_of_new (error);
  if (published == NULL)
    return set_hand_set (self, id, KEPT_OUT, actor, error) && remove_proposal (self, id, error);
  if ((chosen = chosen_fields (change, fields, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < chosen->len; i++)
    if (!set_hand_set (self, id, g_ptr_array_index (chosen, i), actor, error))
      return FALSE;
  /* Nothing left to review: the proposal goes. */
  if (chosen->len == g_strv_length (change->fields))
    return remove_proposal (self, id, error);
  return TRUE;
}

gboolean
server_store_keep_directory_values (
    ServerStore *self, const char *id, const char *const *fields, const char *actor, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = keep (self, id, fields, actor, error);
  return nv_sqlite_end (server_store_get_db (self), ok, error) && ok;
}

/* The parts of @published that another source keeps stay so in @document, unless the
 * advisor changed them (@fields): then they are the advisor's. */
static void
carry_part_sources (JsonObject *document, JsonObject *published, GPtrArray *fields)
{
  JsonNode  *parts = published != NULL ? json_object_get_member (published, "part_sources") : NULL;
  JsonArray *kept = json_array_new ();

  for (guint i = 0; parts != NULL && JSON_NODE_HOLDS_ARRAY (parts)
                    && i < json_array_get_length (json_node_get_array (parts));
       i++)
    {
      JsonNode   *element = json_array_get_element (json_node_get_array (parts), i);
      const char *part = JSON_NODE_HOLDS_OBJECT (element)
                             ? json_object_get_string_member_with_default (
                                 json_node_get_object (element), "part", NULL)
                             : NULL;

      if (part != NULL && !fields_contain (fields, part))
        json_array_add_element (kept, json_node_copy (element));
    }
  if (json_array_get_length (kept) > 0)
    json_object_set_array_member (document, "part_sources", kept);
  else
    {
      json_array_unref (kept);
      json_object_remove_member (document, "part_sources");
    }
}

gboolean
server_store_note_hand_set (
    ServerStore *self, const char *id, JsonNode *document, const char *actor, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (GPtrArray) fields = NULL;
  GError  *local_error = NULL;
  gboolean imported;
  int      rc;

  if ((stmt = server_store_cached (self, "SELECT 1 FROM directory_sources WHERE id = ?1", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  imported = rc == SQLITE_ROW;
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
  /* Where a part came from is the server's to say, never the editor's. */
  if (!imported)
    {
      json_object_remove_member (json_node_get_object (document), "part_sources");
      return TRUE;
    }
  published = read_published (self, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  fields = changed_fields (published != NULL ? json_node_get_object (published) : NULL,
                           json_node_get_object (document));
  carry_part_sources (json_node_get_object (document),
                      published != NULL ? json_node_get_object (published) : NULL, fields);
  /* The plain phone list is what the console edits; the numbers with their cost say the
   * same, and must not go on changing beside a list the advisor keeps. */
  if (fields_contain (fields, "phones") && !fields_contain (fields, "phone_details"))
    g_ptr_array_add (fields, g_strdup ("phone_details"));
  for (guint i = 0; i < fields->len; i++)
    if (!set_hand_set (self, id, g_ptr_array_index (fields, i), actor, error))
      return FALSE;
  return TRUE;
}

/* Parts from another source */

/* @text in lower case with every run of spaces and punctuation one space: "Viides linja
 * 11" and "VIIDES LINJA, 11" are the same place. */
static char *
normalised (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString         *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  return g_strchomp (g_string_free (out, FALSE));
}

static gboolean
normalised_equal (const char *a, const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  x = normalised (a);
  y = normalised (b);
  return x[0] != '\0' && g_str_equal (x, y);
}

static char *
find_by_source (ServerStore *self, const char *sql, const NvOrganisation *record, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record->source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record->source_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
  return NULL;
}

char *
server_store_match_directory_entry (ServerStore *self, const NvOrganisation *record, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  GError *local_error = NULL;
  char   *id;
  int     rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (record != NULL && record->source != NULL && record->source_id != NULL,
                        NULL);

  /* The source's own id, kept on the entry since an earlier import. */
  if ((id = find_by_source (self,
                            "SELECT id FROM directory_part_sources WHERE source = ?1 AND "
                            "source_id = ?2 ORDER BY id LIMIT 1",
                            record, &local_error))
          != NULL
      || local_error != NULL
      || (id = find_by_source (self,
                               "SELECT id FROM directory_sources WHERE source = ?1 AND "
                               "source_id = ?2 ORDER BY id LIMIT 1",
                               record, &local_error))
             != NULL
      || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return id;
    }
  /* Else the same name, street address and municipality, published or waiting as new;
   * never an entry of the same source, which is another of its records (and leaving them
   * out spares reading the documents the import itself is writing). */
  if ((stmt
       = server_store_cached (self,
                              "WITH own AS (SELECT id FROM directory_sources WHERE source = ?2) "
                              "SELECT id, document FROM organisations WHERE id NOT IN own "
                              "AND json_extract (document, '$.municipality') = ?1 UNION ALL "
                              "SELECT id, document FROM directory_proposals WHERE id NOT IN own "
                              "AND id NOT IN (SELECT id FROM organisations) "
                              "AND json_extract (document, '$.municipality') = ?1 ORDER BY id",
                              error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record->municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record->source, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *candidate = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr (JsonNode) document = parse_column (stmt, 1, candidate);
      JsonObject *object = document != NULL ? json_node_get_object (document) : NULL;
      JsonObject *name = object != NULL && json_object_has_member (object, "name")
                                 && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "name"))
                             ? json_object_get_object_member (object, "name")
                             : NULL;

      if (name != NULL && json_object_has_member (name, "fi")
          && json_object_has_member (object, "street_address")
          && normalised_equal (json_object_get_string_member_with_default (name, "fi", NULL),
                               record->name.text[NV_LANG_FI])
          && normalised_equal (
              json_object_get_string_member_with_default (object, "street_address", NULL),
              record->street_address))
        return g_strdup (candidate);
    }
  if (rc != SQLITE_DONE)
    nv_sqlite_error (error, server_store_get_db (self), "Cannot read the directory");
  return NULL;
}

static gboolean
note_part_source (ServerStore          *self,
                  const char           *id,
                  const char           *part,
                  const NvOrganisation *imported,
                  GError              **error)
{
  return write_source_row (self,
                           "INSERT INTO directory_part_sources (id, source, source_id, checked_at, "
                           "part) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id, part) DO UPDATE "
                           "SET source = excluded.source, source_id = excluded.source_id, "
                           "checked_at = excluded.checked_at",
                           id, part, imported, error);
}

/* An entry made by hand (or a sample) gets the source's row, so that its review lists it
 * and an advisor's later edit is theirs; one from another import keeps that source's. */
static gboolean
note_source_unless_known (ServerStore          *self,
                          const char           *id,
                          const NvOrganisation *imported,
                          GError              **error)
{
  return write_source_row (
      self,
      "INSERT INTO directory_sources (id, source, source_id, checked_at, missing_since) "
      "VALUES (?1, ?2, ?3, ?4, NULL) ON CONFLICT (id) DO NOTHING",
      id, NULL, imported, error);
}

static gboolean
offer_hours (ServerStore          *self,
             const char           *id,
             const NvOrganisation *imported,
             ServerImportOutcome  *out,
             GError              **error)
{
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (JsonNode) waiting = NULL;
  g_autoptr (JsonNode) proposed = NULL;
  g_autoptr (GHashTable) hand_set = NULL;
  g_autoptr (NvOrganisation) base = NULL;

  if (!read_entry (self, id, &published, &waiting, &hand_set, error))
    return FALSE;
  if (published == NULL && waiting == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "“%s” is not in the directory", id);
      return FALSE;
    }
  if (!note_part_source (self, id, "opening_hours", imported, error)
      || !note_source_unless_known (self, id, imported, error))
    return FALSE;
  /* Hours the advisor set are theirs; hours the source does not know are no change. */
  if (g_hash_table_contains (hand_set, "opening_hours") || imported->hours == NULL)
    {
      *out = SERVER_IMPORT_UNCHANGED;
      return TRUE;
    }
  /* A new document (json_node_copy () would share the object with the one compared). */
  if ((base = nv_organisation_from_json (waiting != NULL ? waiting : published, error)) == NULL)
    return FALSE;
  nv_opening_hours_free (base->hours);
  base->hours = nv_opening_hours_copy (imported->hours);
  /* The hours say where they came from, for the kiosk's page; no other change. */
  for (guint i = 0; base->part_sources != NULL && i < base->part_sources->len; i++)
    if (g_str_equal (((NvPartSource *) g_ptr_array_index (base->part_sources, i))->part,
                     "opening_hours"))
      g_ptr_array_remove_index (base->part_sources, i--);
  if (base->part_sources == NULL)
    base->part_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_part_source_free);
  g_ptr_array_add (base->part_sources,
                   nv_part_source_new ("opening_hours", imported->source, imported->checked_at));
  proposed = nv_organisation_to_json (base);
  put_back_hand_set (json_node_get_object (proposed),
                     published != NULL ? json_node_get_object (published) : NULL, hand_set);
  return propose (self, id, proposed, published, waiting, out, error);
}

gboolean
server_store_offer_imported_hours (ServerStore          *self,
                                   const char           *id,
                                   const NvOrganisation *imported,
                                   ServerImportOutcome  *out_outcome,
                                   GError              **error)
{
  ServerImportOutcome outcome = SERVER_IMPORT_UNCHANGED;
  gboolean            ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (imported != NULL && imported->source != NULL && imported->source_id != NULL
                            && imported->checked_at != NULL,
                        FALSE);

  if (imported->hours != NULL && !nv_opening_hours_validate (imported->hours, error))
    return FALSE;
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = offer_hours (self, id, imported, &outcome, error);
  if (!nv_sqlite_end (server_store_get_db (self), ok, error) || !ok)
    return FALSE;
  if (out_outcome != NULL)
    *out_outcome = outcome;
  return TRUE;
}

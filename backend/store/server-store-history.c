/* server-store-history.c — every published version of guides and organisations
 *
 * The one write of content (write_document in server-store.c) keeps the document as a
 * version when it differs from what is published, so no path that publishes (an
 * advisor, an import, the command line, the seed) can leave a change out of the
 * history; who made it is signed afterwards by server_store_note_edit, which every
 * staff publish calls. A version is named by the content revision that published it:
 * the same number kiosks and usage events know.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-store-history.h"
#include "server-store-private.h"

void
server_content_version_free (ServerContentVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->changed_by);
  g_free (version);
}

gboolean
server_store_kind_has_history (const char *kind)
{
  return g_strcmp0 (kind, "guide") == 0 || g_strcmp0 (kind, "organisation") == 0;
}

gboolean
server_store_keep_version (ServerStore *self,
                           const char  *kind,
                           const char  *id,
                           const char  *document,
                           gint64       revision,
                           GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if (!server_store_kind_has_history (kind))
    return TRUE;
  /* Published unchanged, it is the same version; deleted and published again, it is a
   * new one. */
  if ((stmt = server_store_cached (
           self,
           "INSERT OR REPLACE INTO content_versions (kind, id, revision, document, changed_at)"
           "  SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS"
           "  (SELECT 1 FROM guides WHERE ?1 = 'guide' AND id = ?2 AND document = ?4"
           "   UNION ALL SELECT 1 FROM organisations WHERE ?1 = 'organisation' AND id = ?2"
           "   AND document = ?4)",
           error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, revision);
  sqlite3_bind_text (stmt, 4, document, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, server_store_now (self));
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot keep the version", error);
}

gboolean
server_store_sign_version (
    ServerStore *self, const char *kind, const char *id, const char *actor, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if (!server_store_kind_has_history (kind))
    return TRUE;
  /* Only the version the item is now: a publish that changed nothing made none. */
  if ((stmt = server_store_cached (
           self,
           "UPDATE content_versions SET changed_by = ?3 WHERE kind = ?1 AND id = ?2"
           "  AND revision = (SELECT revision FROM guides WHERE ?1 = 'guide' AND id = ?2"
           "  UNION ALL SELECT revision FROM organisations WHERE ?1 = 'organisation'"
           "  AND id = ?2)",
           error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, actor, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot sign the version", error);
}

static ServerContentVersion *
column_version (sqlite3_stmt *stmt, int first_column)
{
  ServerContentVersion *version = g_new0 (ServerContentVersion, 1);

  version->revision = sqlite3_column_int64 (stmt, first_column);
  version->changed_at = sqlite3_column_int64 (stmt, first_column + 1);
  version->changed_by = g_strdup ((const char *) sqlite3_column_text (stmt, first_column + 2));
  version->restored_from = sqlite3_column_int64 (stmt, first_column + 3);
  return version;
}

/* The revision kiosks have of @id now, 0 when it is deleted; -1 on failure. */
static gint64
current_revision (ServerStore *self, const char *kind, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (
           self,
           "SELECT revision FROM guides WHERE ?1 = 'guide' AND id = ?2"
           "  UNION ALL SELECT revision FROM organisations WHERE ?1 = 'organisation' AND id = ?2",
           error))
      == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read content");
      return -1;
    }
  return 0;
}

GPtrArray *
server_store_list_versions (
    ServerStore *self, const char *kind, const char *id, gint64 *out_current, GError **error)
{
  g_autoptr (GPtrArray) versions
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_content_version_free);
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  sqlite3 *db;
  gint64   current = -1;
  int      rc = SQLITE_ERROR;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (server_store_kind_has_history (kind), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_READ, error))
    return NULL;
  stmt = server_store_cached (self,
                              "SELECT revision, changed_at, changed_by, restored_from"
                              "  FROM content_versions WHERE kind = ?1 AND id = ?2"
                              "  ORDER BY revision DESC",
                              error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (versions, column_version (stmt, 0));
      if (rc != SQLITE_DONE)
        nv_sqlite_error (error, db, "Cannot read the versions");
      g_clear_pointer (&stmt, nv_sqlite_cache_release);
      if (rc == SQLITE_DONE)
        current = current_revision (self, kind, id, error);
    }
  nv_sqlite_end (db, TRUE, NULL);
  if (current < 0)
    return NULL;
  if (versions->len == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no %s “%s”", kind, id);
      return NULL;
    }
  if (out_current != NULL)
    *out_current = current;
  return g_steal_pointer (&versions);
}

/* The stored text of a version, or NULL: *@error set when it is absent or unreadable. */
static GBytes *
read_version (ServerStore           *self,
              const char            *kind,
              const char            *id,
              gint64                 revision,
              ServerContentVersion **out_version,
              GError               **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT document, revision, changed_at, changed_by,"
                                   "  restored_from FROM content_versions"
                                   "  WHERE kind = ?1 AND id = ?2 AND revision = ?3",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, revision);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND,
                   "The %s “%s” has no version %" G_GINT64_FORMAT, kind, id, revision);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the version");
      return NULL;
    }
  if (out_version != NULL)
    *out_version = column_version (stmt, 1);
  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

/* A version's document through the validator every reader applies: stored damage is
 * NV_ERROR_STORE, never the caller's mistake. */
static JsonNode *
parse_version (const char *kind, const char *id, GBytes *bytes, GError **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (NvGuide) guide = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;

  if ((node = nv_json_parse_bytes (bytes, 0, &local_error)) != NULL)
    {
      if (g_str_equal (kind, "guide"))
        guide = nv_guide_from_json (node, &local_error);
      else
        organisation = nv_organisation_from_json (node, &local_error);
    }
  if (local_error != NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE, "A stored version of “%s” is damaged: %s", id,
                   local_error->message);
      return NULL;
    }
  /* Written again from the model: what a save of it would publish. */
  return guide != NULL ? nv_guide_to_json (guide) : nv_organisation_to_json (organisation);
}

JsonNode *
server_store_get_version (ServerStore           *self,
                          const char            *kind,
                          const char            *id,
                          gint64                 revision,
                          ServerContentVersion **out_version,
                          GError               **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (ServerContentVersion) version = NULL;
  JsonNode *node;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (server_store_kind_has_history (kind), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((bytes = read_version (self, kind, id, revision, &version, error)) == NULL)
    return NULL;
  if ((node = parse_version (kind, id, bytes, error)) == NULL)
    return NULL;
  if (out_version != NULL)
    *out_version = g_steal_pointer (&version);
  return node;
}

/* Refuses a restore over a draft, which holds an advisor's work not yet published. */
static gboolean
check_no_draft (ServerStore *self, const char *kind, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (
           self,
           "SELECT 1 FROM guide_drafts WHERE ?1 = 'guide' AND id = ?2"
           "  UNION ALL SELECT 1 FROM organisation_drafts WHERE ?1 = 'organisation' AND id = ?2",
           error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      nv_set_field_error_code (error, "id", "draft-exists",
                               "has a draft not yet published: publish or discard it first");
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the drafts");
  return TRUE;
}

static gboolean
mark_restored (ServerStore *self,
               const char  *kind,
               const char  *id,
               gint64       revision,
               gint64       restored_from,
               GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (self,
                                   "UPDATE content_versions SET restored_from = ?4"
                                   "  WHERE kind = ?1 AND id = ?2 AND revision = ?3",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, revision);
  sqlite3_bind_int64 (stmt, 4, restored_from);
  if (!nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot keep the version", error))
    return FALSE;
  /* No version was made: the document is the one published now. */
  if (sqlite3_changes (server_store_get_db (self)) == 0)
    {
      nv_set_field_error_code (error, "revision", "version-current",
                               "is the text published now: there is nothing to restore");
      return FALSE;
    }
  return TRUE;
}

gint64
server_store_restore_version (ServerStore *self,
                              const char  *kind,
                              const char  *id,
                              gint64       revision,
                              const char  *actor,
                              GError     **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (NvGuide) guide = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *subject = NULL;
  sqlite3         *db;
  gint64           restored = -1;
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), -1);
  g_return_val_if_fail (server_store_kind_has_history (kind), -1);
  g_return_val_if_fail (id != NULL, -1);
  g_return_val_if_fail (actor != NULL, -1);

  db = server_store_get_db (self);
  now = g_date_time_new_from_unix_utc (server_store_now (self));
  time_text = nv_format_time_utc (now);
  subject = g_strdup_printf ("%s/%s", kind, id);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return -1;
  ok = (bytes = read_version (self, kind, id, revision, NULL, error)) != NULL
       && (node = parse_version (kind, id, bytes, error)) != NULL
       && check_no_draft (self, kind, id, error);
  /* A category or organisation the guide names may have been deleted since. */
  if (ok && g_str_equal (kind, "guide"))
    ok = (guide = nv_guide_from_json (node, error)) != NULL
         && server_store_check_guide (self, guide, error);
  /* An imported entry's fields restored here are the advisor's own from now on. */
  if (ok && g_str_equal (kind, "organisation"))
    ok = server_store_note_hand_set (self, id, node, actor, error);
  ok = ok && (restored = server_store_write_item (self, kind, id, node, error)) > 0
       && server_store_note_edit (self, kind, id, actor, error)
       && mark_restored (self, kind, id, restored, revision, error)
       && server_store_audit (self, time_text, actor, "content-restored", subject, error);
  return nv_sqlite_end (db, ok, error) ? restored : -1;
}

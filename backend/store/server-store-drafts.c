/* server-store-drafts.c — content as staff edit it: guides' drafts, and who changed what
 *
 * A guide's draft lives in its own table beside the published guide. Saving a draft is
 * no content change: the revision stays, and no kiosk ever sees a draft. Publishing is
 * one transaction that writes the guide as the next revision (the same write as
 * server_store_put_guide), removes the draft and notes who published it, so kiosks get
 * the guide with their next `since` delta. Lists read the few members they show with
 * json_extract instead of parsing every document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-store-private.h"

/* Helpers */

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* fi, sv and en in three columns from @first_column; plain Finnish, added later, in
 * @plain_column. */
static void
column_text (sqlite3_stmt *stmt, int first_column, int plain_column, NvText *text)
{
  for (guint lang = 0; lang < NV_LANG_FI_PLAIN; lang++)
    nv_text_set (text, lang, (const char *) sqlite3_column_text (stmt, first_column + lang));
  nv_text_set (text, NV_LANG_FI_PLAIN, (const char *) sqlite3_column_text (stmt, plain_column));
}

/* Lists read a few members with json_extract, which fails the whole statement on a
 * document that is not JSON: such a row (column 0 is its id) is left out and logged. */
static gboolean
column_is_json (sqlite3_stmt *stmt, int valid_column, const char *kind)
{
  g_autoptr (GError) error = NULL;

  if (sqlite3_column_int (stmt, valid_column) != 0)
    return TRUE;
  g_set_error (&error, NV_ERROR, NV_ERROR_STORE, "its document is not JSON");
  server_store_warn_damaged (kind, (const char *) sqlite3_column_text (stmt, 0), error);
  return FALSE;
}

/* A stored document, or NULL when there is none (not an error: *@error stays unset). */
static JsonNode *
read_document (
    ServerStore *self, const char *sql, const char *id, gint64 *out_revision, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GBytes) bytes = NULL;
  int rc;

  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read content");
      return NULL;
    }
  if (out_revision != NULL)
    *out_revision = sqlite3_column_int64 (stmt, 1);
  bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  return nv_json_parse_bytes (bytes, 0, error);
}

typedef gpointer (*FromJsonFunc) (JsonNode *node, GError **error);

/* The item in a stored document, or NULL: with *@error set when reading failed, unset
 * when there is no such document. */
static gpointer
read_item (ServerStore *self,
           const char  *sql,
           const char  *id,
           FromJsonFunc from_json,
           gint64      *out_revision,
           GError     **error)
{
  g_autoptr (JsonNode) node = NULL;
  GError  *local_error = NULL;
  gpointer item = NULL;

  node = read_document (self, sql, id, out_revision, &local_error);
  if (node != NULL)
    item = from_json (node, &local_error);
  if (local_error != NULL && !g_error_matches (local_error, NV_ERROR, NV_ERROR_STORE)
      && !g_error_matches (local_error, NV_ERROR, NV_ERROR_DISK))
    {
      /* The store wrote it validated: this is damage, not the caller's mistake. */
      g_set_error (error, NV_ERROR, NV_ERROR_STORE, "A stored item “%s” is damaged: %s", id,
                   local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return item;
}

gboolean
server_store_note_edit (
    ServerStore *self, const char *kind, const char *id, const char *actor, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (self,
                                   "INSERT INTO content_edits (kind, id, updated, "
                                   "updated_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, id) "
                                   "DO UPDATE SET updated = excluded.updated, updated_by = "
                                   "excluded.updated_by",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, server_store_now (self));
  sqlite3_bind_text (stmt, 4, actor, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot note the change", error)
         && server_store_sign_version (self, kind, id, actor, error);
}

static gboolean
forget_edit (ServerStore *self, const char *kind, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt
       = server_store_cached (self, "DELETE FROM content_edits WHERE kind = ?1 AND id = ?2", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot note the change", error);
}

/* Removes a draft (@sql deletes by ?1); *@out_removed says whether there was one. */
static gboolean
remove_draft_with (
    ServerStore *self, const char *sql, const char *id, gboolean *out_removed, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (!nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot remove the draft", error))
    return FALSE;
  *out_removed = sqlite3_changes (server_store_get_db (self)) > 0;
  return TRUE;
}

/* Removes a guide's draft; *@out_removed says whether there was one. */
static gboolean
remove_draft (ServerStore *self, const char *id, gboolean *out_removed, GError **error)
{
  return remove_draft_with (self, "DELETE FROM guide_drafts WHERE id = ?1", id, out_removed, error);
}

static gboolean
remove_organisation_draft (ServerStore *self, const char *id, gboolean *out_removed, GError **error)
{
  return remove_draft_with (self, "DELETE FROM organisation_drafts WHERE id = ?1", id, out_removed,
                            error);
}

static gboolean
is_published (ServerStore *self, const char *id, gboolean *out_published, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self, "SELECT 1 FROM guides WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read content");
  *out_published = rc == SQLITE_ROW;
  return TRUE;
}

/* Categories */

static int
compare_categories (gconstpointer a, gconstpointer b)
{
  const NvCategory *ca = *(const NvCategory *const *) a;
  const NvCategory *cb = *(const NvCategory *const *) b;

  if (ca->position != cb->position)
    return ca->position < cb->position ? -1 : 1;
  return g_strcmp0 (ca->id, cb->id);
}

GPtrArray *
server_store_list_categories (ServerStore *self, GError **error)
{
  g_autoptr (GPtrArray) categories
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_category_free);
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (self, "SELECT document, id FROM categories", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NvCategory *category
          = server_store_column_item (stmt, 0, (FromJsonFunc) nv_category_from_json, "category",
                                      (const char *) sqlite3_column_text (stmt, 1));

      if (category != NULL)
        g_ptr_array_add (categories, category);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the categories");
      return NULL;
    }
  g_ptr_array_sort (categories, compare_categories);
  return g_steal_pointer (&categories);
}

/* Translation completeness, per language: SQL over a list's document "doc". */
#define GUIDE_MISSING(lang)                                                                        \
  "(json_extract(doc, '$.title." lang "') IS NULL"                                                 \
  " OR (json_extract(doc, '$.summary.fi') IS NOT NULL"                                             \
  "     AND json_extract(doc, '$.summary." lang "') IS NULL)"                                      \
  " OR EXISTS (SELECT 1 FROM json_each(doc, '$.steps') AS s"                                       \
  "            WHERE json_extract(s.value, '$.text." lang "') IS NULL))"
#define ORGANISATION_PART_MISSING(part, lang)                                                      \
  " OR (json_extract(o.doc, '$." part ".fi') IS NOT NULL"                                          \
  "     AND json_extract(o.doc, '$." part "." lang "') IS NULL)"
#define ORGANISATION_MISSING(lang)                                                                 \
  "(json_extract(o.doc, '$.name." lang                                                             \
  "') IS NULL" ORGANISATION_PART_MISSING ("description", lang)                                     \
      ORGANISATION_PART_MISSING ("services", lang)                                                 \
          ORGANISATION_PART_MISSING ("accessibility", lang) ")"

/* Guides */

void
server_guide_summary_free (ServerGuideSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->id);
  g_free (summary->category);
  nv_text_clear (&summary->title);
  g_free (summary->owner);
  g_free (summary->review_date);
  g_free (summary->updated_by);
  g_free (summary);
}

static int
compare_guide_summaries (gconstpointer a, gconstpointer b)
{
  const ServerGuideSummary *ga = *(const ServerGuideSummary *const *) a;
  const ServerGuideSummary *gb = *(const ServerGuideSummary *const *) b;
  int                       order = g_utf8_collate (nv_text_get (&ga->title, NV_LANG_FI, NULL),
                                                    nv_text_get (&gb->title, NV_LANG_FI, NULL));

  return order != 0 ? order : g_strcmp0 (ga->id, gb->id);
}

GPtrArray *
server_store_list_guides (ServerStore *self, GError **error)
{
  g_autoptr (GPtrArray) guides
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_guide_summary_free);
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  /* Each guide once: its draft when it has one (what is being worked on), else the
   * published guide. */
  stmt = server_store_cached (
      self,
      "SELECT id, json_extract(doc, '$.category'), json_extract(doc, '$.title.fi'),"
      "       json_extract(doc, '$.title.sv'), json_extract(doc, '$.title.en'),"
      "       json_extract(doc, '$.owner'), json_extract(doc, '$.review_date'),"
      "       json_array_length(doc, '$.steps'), published, draft, updated, updated_by, valid,"
      "       json_extract(doc, '$.title.\"fi-x-selko\"'),"
      "       " GUIDE_MISSING ("sv") ", " GUIDE_MISSING ("en") ", " GUIDE_MISSING (
          "\"fi-x-selko\"") "  FROM (SELECT ids.id AS id, json_valid(coalesce(d.document, "
                            "g.document)) AS valid,"
                            "               CASE WHEN json_valid(coalesce(d.document, g.document))"
                            "                 THEN coalesce(d.document, g.document) ELSE '{}' END "
                            "AS doc,"
                            "               g.id IS NOT NULL AS published, d.id IS NOT NULL AS "
                            "draft,"
                            "               CASE WHEN d.id IS NOT NULL THEN d.updated ELSE "
                            "e.updated END AS updated,"
                            "               CASE WHEN d.id IS NOT NULL THEN d.updated_by ELSE "
                            "e.updated_by END"
                            "                 AS updated_by"
                            "          FROM (SELECT id FROM guides UNION SELECT id FROM "
                            "guide_drafts) AS ids"
                            "          LEFT JOIN guides AS g ON g.id = ids.id"
                            "          LEFT JOIN guide_drafts AS d ON d.id = ids.id"
                            "          LEFT JOIN content_edits AS e ON e.kind = 'guide' AND e.id = "
                            "ids.id)",
      error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerGuideSummary *summary;

      if (!column_is_json (stmt, 12, "guide"))
        continue;
      summary = g_new0 (ServerGuideSummary, 1);
      summary->id = column_dup (stmt, 0);
      summary->category = column_dup (stmt, 1);
      column_text (stmt, 2, 13, &summary->title);
      summary->owner = column_dup (stmt, 5);
      summary->review_date = column_dup (stmt, 6);
      summary->n_steps = (guint) sqlite3_column_int (stmt, 7);
      summary->published = sqlite3_column_int (stmt, 8) != 0;
      summary->draft = sqlite3_column_int (stmt, 9) != 0;
      summary->updated = sqlite3_column_int64 (stmt, 10);
      summary->updated_by = column_dup (stmt, 11);
      summary->missing[NV_LANG_SV] = sqlite3_column_int (stmt, 14) != 0;
      summary->missing[NV_LANG_EN] = sqlite3_column_int (stmt, 15) != 0;
      summary->missing[NV_LANG_FI_PLAIN] = sqlite3_column_int (stmt, 16) != 0;
      g_ptr_array_add (guides, summary);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the guides");
      return NULL;
    }
  g_ptr_array_sort (guides, compare_guide_summaries);
  return g_steal_pointer (&guides);
}

gboolean
server_store_get_guide_versions (ServerStore *self,
                                 const char  *id,
                                 NvGuide    **out_published,
                                 NvGuide    **out_draft,
                                 gint64      *out_revision,
                                 GError     **error)
{
  sqlite3 *db = server_store_get_db (self);
  g_autoptr (NvGuide) published = NULL;
  g_autoptr (NvGuide) draft = NULL;
  GError *local_error = NULL;
  gint64  revision = 0;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  /* One read transaction: a publish in between cannot show the guide twice or not at all. */
  if (!nv_sqlite_begin (db, NV_SQLITE_READ, error))
    return FALSE;
  published = read_item (self, "SELECT document, revision FROM guides WHERE id = ?1", id,
                         (FromJsonFunc) nv_guide_from_json, &revision, &local_error);
  if (local_error == NULL)
    draft = read_item (self, "SELECT document FROM guide_drafts WHERE id = ?1", id,
                       (FromJsonFunc) nv_guide_from_json, NULL, &local_error);
  nv_sqlite_end (db, TRUE, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (published == NULL && draft == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no guide “%s”", id);
      return FALSE;
    }
  *out_published = g_steal_pointer (&published);
  *out_draft = g_steal_pointer (&draft);
  *out_revision = revision;
  return TRUE;
}

gboolean
server_store_save_guide_draft (ServerStore   *self,
                               const NvGuide *guide,
                               const char    *actor,
                               gboolean      *out_published,
                               GError       **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *document = NULL;
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (guide != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  node = nv_guide_to_json (guide);
  document = nv_json_to_string (node, FALSE);
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = server_store_check_guide (self, guide, error)
       && (stmt = server_store_cached (self,
                                       "INSERT INTO guide_drafts (id, document, updated, "
                                       "updated_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) "
                                       "DO UPDATE SET document = excluded.document, updated = "
                                       "excluded.updated, updated_by = excluded.updated_by",
                                       error))
              != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, guide->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, document, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, server_store_now (self));
      sqlite3_bind_text (stmt, 4, actor, -1, SQLITE_TRANSIENT);
      ok = nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot store the draft", error)
           && is_published (self, guide->id, out_published, error);
    }
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  return nv_sqlite_end (server_store_get_db (self), ok, error);
}

gint64
server_store_publish_guide_draft (ServerStore *self,
                                  const char  *id,
                                  const char  *actor,
                                  GError     **error)
{
  g_autoptr (NvGuide) draft = NULL;
  g_autoptr (JsonNode) node = NULL;
  GError  *local_error = NULL;
  gint64   revision = -1;
  gboolean removed = FALSE;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), -1);
  g_return_val_if_fail (id != NULL, -1);
  g_return_val_if_fail (actor != NULL, -1);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return -1;
  draft = read_item (self, "SELECT document FROM guide_drafts WHERE id = ?1", id,
                     (FromJsonFunc) nv_guide_from_json, NULL, &local_error);
  if (draft == NULL && local_error == NULL)
    g_set_error (&local_error, NV_ERROR, NV_ERROR_NOT_FOUND, "The guide “%s” has no draft", id);
  ok = draft != NULL;
  /* Its category or an organisation may have been deleted since the draft was saved. */
  ok = ok && server_store_check_guide (self, draft, &local_error);
  if (ok)
    {
      node = nv_guide_to_json (draft);
      ok = (revision = server_store_write_item (self, "guide", id, node, &local_error)) > 0
           && remove_draft (self, id, &removed, &local_error)
           && server_store_note_edit (self, "guide", id, actor, &local_error);
    }
  if (!nv_sqlite_end (server_store_get_db (self), ok, ok ? &local_error : NULL))
    {
      g_propagate_error (error, local_error);
      return -1;
    }
  return revision;
}

gboolean
server_store_discard_guide_draft (ServerStore *self, const char *id, GError **error)
{
  gboolean removed = FALSE;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!remove_draft (self, id, &removed, error))
    return FALSE;
  if (!removed)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "The guide “%s” has no draft", id);
      return FALSE;
    }
  return TRUE;
}

gboolean
server_store_delete_guide (ServerStore *self, const char *id, GError **error)
{
  GError  *local_error = NULL;
  gboolean removed = FALSE;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = remove_draft (self, id, &removed, &local_error);
  if (ok && server_store_bury_item (self, "guide", id, &local_error) < 0)
    {
      /* A guide that was only ever a draft: no kiosk has it, so no tombstone. */
      if (removed && g_error_matches (local_error, NV_ERROR, NV_ERROR_NOT_FOUND))
        g_clear_error (&local_error);
      else
        ok = FALSE;
    }
  ok = ok && forget_edit (self, "guide", id, &local_error);
  if (!nv_sqlite_end (server_store_get_db (self), ok, ok ? &local_error : NULL))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Organisations */

void
server_organisation_summary_free (ServerOrganisationSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->id);
  nv_text_clear (&summary->name);
  g_free (summary->municipality);
  g_free (summary->kind);
  g_free (summary->updated_by);
  g_free (summary);
}

static int
compare_organisation_summaries (gconstpointer a, gconstpointer b)
{
  const ServerOrganisationSummary *oa = *(const ServerOrganisationSummary *const *) a;
  const ServerOrganisationSummary *ob = *(const ServerOrganisationSummary *const *) b;
  int order = g_utf8_collate (nv_text_get (&oa->name, NV_LANG_FI, NULL),
                              nv_text_get (&ob->name, NV_LANG_FI, NULL));

  return order != 0 ? order : g_strcmp0 (oa->id, ob->id);
}

GPtrArray *
server_store_list_organisations (ServerStore *self, GError **error)
{
  g_autoptr (GPtrArray) organisations
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_organisation_summary_free);
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  stmt = server_store_cached (
      self,
      "SELECT o.id, json_extract(o.doc, '$.name.fi'), json_extract(o.doc, '$.name.sv'),"
      "       json_extract(o.doc, '$.name.en'), json_extract(o.doc, '$.municipality'),"
      "       json_extract(o.doc, '$.kind'), e.updated, e.updated_by, o.valid,"
      "       json_extract(o.doc, '$.name.\"fi-x-selko\"'),"
      "       " ORGANISATION_MISSING ("sv") ", " ORGANISATION_MISSING (
          "en") ", " ORGANISATION_MISSING ("\"fi-x-selko\"") "  FROM (SELECT id, "
                                                             "json_valid(document) AS valid,"
                                                             "               CASE WHEN "
                                                             "json_valid(document) THEN document "
                                                             "ELSE '{}' END AS doc"
                                                             "          FROM organisations) AS o"
                                                             "  LEFT JOIN content_edits AS e ON "
                                                             "e.kind = 'organisation' AND e.id = "
                                                             "o.id",
      error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerOrganisationSummary *summary;

      if (!column_is_json (stmt, 8, "organisation"))
        continue;
      summary = g_new0 (ServerOrganisationSummary, 1);
      summary->id = column_dup (stmt, 0);
      column_text (stmt, 1, 9, &summary->name);
      summary->municipality = column_dup (stmt, 4);
      summary->kind = column_dup (stmt, 5);
      summary->updated = sqlite3_column_int64 (stmt, 6);
      summary->updated_by = column_dup (stmt, 7);
      summary->missing[NV_LANG_SV] = sqlite3_column_int (stmt, 10) != 0;
      summary->missing[NV_LANG_EN] = sqlite3_column_int (stmt, 11) != 0;
      summary->missing[NV_LANG_FI_PLAIN] = sqlite3_column_int (stmt, 12) != 0;
      g_ptr_array_add (organisations, summary);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the organisations");
      return NULL;
    }
  g_ptr_array_sort (organisations, compare_organisation_summaries);
  return g_steal_pointer (&organisations);
}

NvOrganisation *
server_store_get_organisation (ServerStore *self, const char *id, GError **error)
{
  GError         *local_error = NULL;
  NvOrganisation *organisation;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  organisation = read_item (self, "SELECT document FROM organisations WHERE id = ?1", id,
                            (FromJsonFunc) nv_organisation_from_json, NULL, &local_error);
  if (organisation == NULL && local_error == NULL)
    g_set_error (&local_error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no organisation “%s”", id);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return organisation;
}

gint64
server_store_save_organisation (ServerStore          *self,
                                const NvOrganisation *organisation,
                                const char           *actor,
                                GError              **error)
{
  g_autoptr (JsonNode) node = NULL;
  gint64   revision = -1;
  gboolean removed;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), -1);
  g_return_val_if_fail (organisation != NULL, -1);
  g_return_val_if_fail (actor != NULL, -1);

  if (!nv_organisation_validate (organisation, error))
    return -1;
  node = nv_organisation_to_json (organisation);
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return -1;
  /* An imported entry's fields changed here are the advisor's own from now on. */
  ok = server_store_note_hand_set (self, organisation->id, node, actor, error)
       && (revision = server_store_write_item (self, "organisation", organisation->id, node, error))
              > 0
       && server_store_note_edit (self, "organisation", organisation->id, actor, error)
       && remove_organisation_draft (self, organisation->id, &removed, error);
  return nv_sqlite_end (server_store_get_db (self), ok, error) ? revision : -1;
}

gboolean
server_store_delete_organisation (ServerStore *self, const char *id, GError **error)
{
  gboolean removed;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = server_store_bury_item (self, "organisation", id, error) > 0
       && forget_edit (self, "organisation", id, error)
       && remove_organisation_draft (self, id, &removed, error);
  return nv_sqlite_end (server_store_get_db (self), ok, error);
}

gboolean
server_store_save_organisation_draft (ServerStore          *self,
                                      const NvOrganisation *organisation,
                                      const char           *actor,
                                      GError              **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *document = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (organisation != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  if (!nv_organisation_validate (organisation, error))
    return FALSE;
  node = nv_organisation_to_json (organisation);
  document = nv_json_to_string (node, FALSE);
  if ((stmt = server_store_cached (self,
                                   "INSERT INTO organisation_drafts (id, document, updated, "
                                   "updated_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) "
                                   "DO UPDATE SET document = excluded.document, updated = "
                                   "excluded.updated, updated_by = excluded.updated_by",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, organisation->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, document, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, server_store_now (self));
  sqlite3_bind_text (stmt, 4, actor, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot store the draft", error);
}

NvOrganisation *
server_store_get_organisation_draft (
    ServerStore *self, const char *id, gint64 *out_updated, char **out_updated_by, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (NvOrganisation) draft = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  draft = read_item (self, "SELECT document FROM organisation_drafts WHERE id = ?1", id,
                     (FromJsonFunc) nv_organisation_from_json, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (draft == NULL)
    return NULL;
  if ((stmt = server_store_cached (self,
                                   "SELECT updated, updated_by FROM organisation_drafts "
                                   "WHERE id = ?1",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_updated = sqlite3_column_int64 (stmt, 0);
      *out_updated_by = column_dup (stmt, 1);
    }
  return g_steal_pointer (&draft);
}

gboolean
server_store_discard_organisation_draft (ServerStore *self, const char *id, GError **error)
{
  gboolean removed = FALSE;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!remove_organisation_draft (self, id, &removed, error))
    return FALSE;
  if (!removed)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no draft of “%s”", id);
      return FALSE;
    }
  return TRUE;
}

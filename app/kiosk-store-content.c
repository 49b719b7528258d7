/* kiosk-store-content.c — applying bundles; categories, guides and appointment slots
 *
 * A bundle is applied in one transaction, so a crash or a bad item never leaves half
 * a revision. Organisations are written here with the rest of a bundle; reading them
 * is the directory's (kiosk-store-directory.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-store-private.h"

/* Makes an item's JSON document; the columns beside it are read from the document
 * (json_extract), so one path writes every kind. */
typedef JsonNode *(*ToJsonFunc) (gconstpointer item);
/* The one column that is not text in the document: ?2. */
typedef gint64 (*NumberFunc) (gconstpointer item);

static gint64
category_position (gconstpointer item)
{
  return ((const NvCategory *) item)->position;
}

static gint64
slot_starts_at (gconstpointer item)
{
  /* As a number, so that slots are found and sorted by time, not by text. */
  return g_date_time_to_unix (((const NvSlot *) item)->starts_at);
}

/* A kind of item a bundle carries, and the table it is kept in. */
typedef struct
{
  const char *kind;      /* as tombstones name it */
  const char *write_sql; /* ?1 the document, ?2 the number */
  const char *delete_sql;
  ToJsonFunc  to_json;
  NumberFunc  number; /* NULL where ?2 is not used */
} ContentTable;

enum
{
  CATEGORIES,
  GUIDES,
  ORGANISATIONS,
  SLOTS,
};

static const ContentTable tables[] = {
  [CATEGORIES]
  = { "category",
      "INSERT OR REPLACE INTO categories (id, position, document) "
      "VALUES (json_extract (?1, '$.id'), ?2, ?1)",
      "DELETE FROM categories WHERE id = ?1", (ToJsonFunc) nv_category_to_json, category_position },
  [GUIDES] = { "guide",
               "INSERT OR REPLACE INTO guides (id, category, document) "
               "VALUES (json_extract (?1, '$.id'), json_extract (?1, '$.category'), ?1)",
               "DELETE FROM guides WHERE id = ?1", (ToJsonFunc) nv_guide_to_json, NULL },
  [ORGANISATIONS]
  = { "organisation",
      "INSERT OR REPLACE INTO organisations (id, municipality, kind, document) "
      "VALUES (json_extract (?1, '$.id'), json_extract (?1, '$.municipality'), "
      "        json_extract (?1, '$.kind'), ?1)",
      "DELETE FROM organisations WHERE id = ?1", (ToJsonFunc) nv_organisation_to_json, NULL },
  [SLOTS] = { "slot",
              "INSERT OR REPLACE INTO slots (id, kind, starts_at, document) "
              "VALUES (json_extract (?1, '$.id'), json_extract (?1, '$.kind'), ?2, ?1)",
              "DELETE FROM slots WHERE id = ?1", (ToJsonFunc) nv_slot_to_json, slot_starts_at },
};

static gboolean
step_done (KioskStore *self, sqlite3_stmt *stmt, GError **error)
{
  return nv_sqlite_step_done (self->db, stmt, "Cannot store content", error);
}

static gboolean
write_items (KioskStore *self, const ContentTable *table, GPtrArray *items, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if (items->len == 0)
    return TRUE;
  if ((stmt = kiosk_store_prepare (self, table->write_sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr (JsonNode) node = table->to_json (items->pdata[i]);
      g_autofree char *document = nv_json_to_string (node, FALSE);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, document, -1, SQLITE_TRANSIENT);
      if (table->number != NULL)
        sqlite3_bind_int64 (stmt, 2, table->number (items->pdata[i]));
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
delete_item (KioskStore *self, const NvTombstone *tombstone, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tombstone->kind, tables[i].kind))
      {
        g_autoptr (NvSqliteCachedStmt) stmt
            = kiosk_store_prepare (self, tables[i].delete_sql, error);

        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_text (stmt, 1, tombstone->id, -1, SQLITE_TRANSIENT);
        return step_done (self, stmt, error);
      }
  return TRUE; /* a kind this kiosk does not keep */
}

static gboolean
set_revision (KioskStore *self, gint64 revision, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = kiosk_store_prepare (
           self, "UPDATE meta SET value = ?1 WHERE key = 'content_revision'", error))
      == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, revision);
  return step_done (self, stmt, error);
}

/* The synonyms come whole, or not at all (NvContent.has_synonyms): a full bundle without
 * them is from a server that keeps none, and the built-in list holds again. */
static gboolean
replace_synonyms (KioskStore *self, const NvContent *content, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) write = NULL;

  if (!content->has_synonyms && content->since != 0)
    return TRUE;
  if (!nv_sqlite_exec (self->db,
                       "DELETE FROM synonyms; DELETE FROM meta WHERE key = 'synonyms_from_server';",
                       error))
    return FALSE;
  if (!content->has_synonyms)
    return TRUE;
  if (!nv_sqlite_exec (self->db,
                       "INSERT INTO meta (key, value) VALUES ('synonyms_from_server', '1')", error)
      || (write = kiosk_store_prepare (self, "INSERT INTO synonyms (id, document) VALUES (?1, ?2)",
                                       error))
             == NULL)
    return FALSE;
  for (guint i = 0; i < content->synonyms->len; i++)
    {
      const NvSynonymGroup *group = content->synonyms->pdata[i];
      g_autoptr (JsonNode) node = nv_synonym_group_to_json (group);
      g_autofree char *document = nv_json_to_string (node, FALSE);

      sqlite3_reset (write);
      sqlite3_bind_text (write, 1, group->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 2, document, -1, SQLITE_TRANSIENT);
      if (!step_done (self, write, error))
        return FALSE;
    }
  return TRUE;
}

/* The caller holds the write transaction. */
static gboolean
apply_items (KioskStore *self, const NvContent *content, GError **error)
{
  if (content->since == 0
      && !nv_sqlite_exec (self->db,
                          "DELETE FROM categories; DELETE FROM guides;"
                          "DELETE FROM organisations; DELETE FROM slots;",
                          error))
    return FALSE;
  for (guint i = 0; i < content->tombstones->len; i++)
    if (!delete_item (self, g_ptr_array_index (content->tombstones, i), error))
      return FALSE;
  return write_items (self, &tables[CATEGORIES], content->categories, error)
         && write_items (self, &tables[GUIDES], content->guides, error)
         && write_items (self, &tables[ORGANISATIONS], content->organisations, error)
         && write_items (self, &tables[SLOTS], content->slots, error)
         && replace_synonyms (self, content, error)
         && set_revision (self, content->revision, error);
}

gboolean
kiosk_store_apply_content (KioskStore *self, const NvContent *content, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  /* Validated again here: the store must never hold what the screens cannot show. */
  if (!nv_content_validate (content, error))
    return FALSE;
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error)
      || !nv_sqlite_end (self->db, apply_items (self, content, error), error))
    return FALSE;
  /* Validated words a kiosk still cannot take (a server of a newer rule) leave the
   * list in use: the content itself is applied. */
  if ((content->has_synonyms || content->since == 0)
      && !kiosk_store_load_synonyms (self, &local_error))
    g_warning ("The server's synonyms are not used: %s", local_error->message);
  kiosk_store_content_changed (self);
  return TRUE;
}

gint64
kiosk_store_get_revision (KioskStore *self)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  stmt = kiosk_store_prepare (self,
                              "SELECT CAST(value AS INTEGER) FROM meta "
                              "WHERE key = 'content_revision'",
                              NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

guint
kiosk_store_count (KioskStore *self, const char *kind)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  const char *sql;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  if (g_strcmp0 (kind, "category") == 0)
    sql = "SELECT count(*) FROM categories";
  else if (g_strcmp0 (kind, "guide") == 0)
    sql = "SELECT count(*) FROM guides";
  else if (g_strcmp0 (kind, "organisation") == 0)
    sql = "SELECT count(*) FROM organisations";
  else
    g_return_val_if_reached (0);
  stmt = kiosk_store_prepare (self, sql, NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int (stmt, 0);
}

/* Categories and guides */

GPtrArray *
kiosk_store_list_categories (KioskStore *self)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  stmt = kiosk_store_prepare (self, "SELECT document FROM categories ORDER BY position, id", NULL);
  return kiosk_store_read_documents (stmt, (KioskFromJsonFunc) nv_category_from_json,
                                     (GDestroyNotify) nv_category_free);
}

NvCategory *
kiosk_store_get_category (KioskStore *self, const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return kiosk_store_read_one (self, "SELECT document FROM categories WHERE id = ?1", id,
                               (KioskFromJsonFunc) nv_category_from_json,
                               (GDestroyNotify) nv_category_free);
}

/* What residents need most first (the guide's position), then by title in the
 * resident's language. A guide given no position (0) comes after those given one: a
 * new guide an advisor has not yet placed never pushes the most needed ones down. */
static int
compare_guides (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NvLang         sort_lang = *(NvLang *) user_data;
  const NvGuide *ga = *(NvGuide *const *) a;
  const NvGuide *gb = *(NvGuide *const *) b;

  if (ga->position != gb->position)
    {
      if (ga->position == 0 || gb->position == 0)
        return ga->position == 0 ? 1 : -1;
      return ga->position < gb->position ? -1 : 1;
    }
  return g_utf8_collate (nv_text_get (&ga->title, sort_lang, NULL),
                         nv_text_get (&gb->title, sort_lang, NULL));
}

GPtrArray *
kiosk_store_list_guides (KioskStore *self, const char *category, NvLang lang)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  GPtrArray *guides;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  stmt = kiosk_store_prepare (self,
                              category != NULL ? "SELECT document FROM guides WHERE category = ?1"
                                               : "SELECT document FROM guides",
                              NULL);
  if (stmt != NULL && category != NULL)
    sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT);
  guides = kiosk_store_read_documents (stmt, (KioskFromJsonFunc) nv_guide_from_json,
                                       (GDestroyNotify) nv_guide_free);
  g_ptr_array_sort_with_data (guides, compare_guides, &lang);
  return guides;
}

NvGuide *
kiosk_store_get_guide (KioskStore *self, const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return kiosk_store_read_one (self, "SELECT document FROM guides WHERE id = ?1", id,
                               (KioskFromJsonFunc) nv_guide_from_json,
                               (GDestroyNotify) nv_guide_free);
}

/* Appointment slots */

GPtrArray *
kiosk_store_list_free_slots (
    KioskStore *self, const char *kind, GDateTime *now, guint days, guint limit)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  GPtrArray *slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  gint64     from;

  g_return_val_if_fail (KIOSK_IS_STORE (self), slots);
  g_return_val_if_fail (now != NULL, slots);

  from = g_date_time_to_unix (now);
  stmt = kiosk_store_prepare (self,
                              "SELECT document FROM slots WHERE (?1 IS NULL OR kind = ?1) "
                              "AND starts_at > ?2 AND starts_at <= ?3 ORDER BY starts_at, id",
                              NULL);
  if (stmt == NULL)
    return slots;
  if (kind != NULL)
    sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, from + (gint64) days * 24 * 3600);
  while (sqlite3_step (stmt) == SQLITE_ROW && (limit == 0 || slots->len < limit))
    {
      g_autoptr (GBytes) bytes
          = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      g_autoptr (JsonNode) node = nv_json_parse_bytes (bytes, 0, NULL);
      NvSlot *slot = node != NULL ? nv_slot_from_json (node, NULL) : NULL;

      /* Full ones stay listed by the server until they start: the kiosk leaves them out. */
      if (slot != NULL && nv_slot_is_free (slot, now))
        g_ptr_array_add (slots, slot);
      else
        g_clear_pointer (&slot, nv_slot_free);
    }
  return slots;
}

NvSlot *
kiosk_store_get_slot (KioskStore *self, const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return kiosk_store_read_one (self, "SELECT document FROM slots WHERE id = ?1", id,
                               (KioskFromJsonFunc) nv_slot_from_json,
                               (GDestroyNotify) nv_slot_free);
}

/* kiosk-store.c
 *
 * Content is kept as the JSON documents the server sent (already validated by
 * common/), with the columns needed to list and sort them. A bundle is applied in
 * one transaction, so a crash or a bad item never leaves half a revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-store.h"
#include "kiosk-store-private.h"

struct _KioskStore
{
  GObject  parent_instance;

  sqlite3 *db;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskStore, kiosk_store, G_TYPE_OBJECT)

static const NvMigration migrations[] = {
  { 1,
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta (key, value) VALUES ('content_revision', '0');"
    "CREATE TABLE categories (id TEXT PRIMARY KEY, position INTEGER NOT NULL,"
    "                         document TEXT NOT NULL);"
    "CREATE TABLE guides (id TEXT PRIMARY KEY, category TEXT NOT NULL,"
    "                     document TEXT NOT NULL);"
    "CREATE INDEX guides_category ON guides (category);"
    "CREATE TABLE organisations (id TEXT PRIMARY KEY, municipality TEXT NOT NULL,"
    "                            kind TEXT NOT NULL, document TEXT NOT NULL);" },
  /* Usage events wait here until the server has acknowledged them (docs/events.md). */
  { 2,
    "CREATE TABLE outbox_events (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "                            id TEXT NOT NULL UNIQUE, document TEXT NOT NULL);" },
};

typedef gpointer (*FromJsonFunc) (JsonNode *node, GError **error);

const NvMigration *
kiosk_store_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

static void
kiosk_store_finalize (GObject *object)
{
  KioskStore *self = (KioskStore *) object;

  g_clear_pointer (&self->db, nv_sqlite_close);
  G_OBJECT_CLASS (kiosk_store_parent_class)->finalize (object);
}

static void
kiosk_store_class_init (KioskStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_store_finalize;

  /**
   * KioskStore::changed:
   *
   * The content changed: screens showing it should read it again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_store_init (KioskStore *self)
{
}

KioskStore *
kiosk_store_open (const char  *data_dir,
                  GError     **error)
{
  g_autoptr(KioskStore) self = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_STORE, NULL);
  path = g_build_filename (data_dir, "kiosk.db", NULL);
  /* FULL: the outbox that comes with usage events must survive a power cut. */
  if ((self->db = nv_sqlite_open (path, NV_SQLITE_SYNC_FULL, error)) == NULL)
    return NULL;
  if (!nv_sqlite_migrate (self->db, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;
  return g_steal_pointer (&self);
}

static sqlite3_stmt *
prepare (KioskStore  *self,
         const char  *sql,
         GError     **error)
{
  return nv_sqlite_prepare (self->db, sql, error);
}

gint64
kiosk_store_get_revision (KioskStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  stmt = prepare (self, "SELECT CAST(value AS INTEGER) FROM meta "
                  "WHERE key = 'content_revision'", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
step_done (KioskStore    *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot store content");
  return TRUE;
}

static gboolean
write_row (KioskStore   *self,
           const char   *sql,
           const char   *id,
           const char   *column2,
           gint64        position,
           const char   *column3,
           JsonNode     *node,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *document = nv_json_to_string (node, FALSE);
  int n = 1;

  if ((stmt = prepare (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, n++, id, -1, SQLITE_TRANSIENT);
  if (column2 != NULL)
    sqlite3_bind_text (stmt, n++, column2, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, n++, position);
  if (column3 != NULL)
    sqlite3_bind_text (stmt, n++, column3, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, n, document, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static gboolean
delete_row (KioskStore  *self,
            const char  *kind,
            const char  *id,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;

  if (g_str_equal (kind, "category"))
    sql = "DELETE FROM categories WHERE id = ?1";
  else if (g_str_equal (kind, "guide"))
    sql = "DELETE FROM guides WHERE id = ?1";
  else
    sql = "DELETE FROM organisations WHERE id = ?1";
  if ((stmt = prepare (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static gboolean
apply_items (KioskStore       *self,
             const NvContent  *content,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) revision = NULL;

  if (content->since == 0
      && !nv_sqlite_exec (self->db, "DELETE FROM categories; DELETE FROM guides;"
                          "DELETE FROM organisations;", error))
    return FALSE;

  for (guint i = 0; i < content->tombstones->len; i++)
    {
      const NvTombstone *tombstone = g_ptr_array_index (content->tombstones, i);

      if (!delete_row (self, tombstone->kind, tombstone->id, error))
        return FALSE;
    }
  for (guint i = 0; i < content->categories->len; i++)
    {
      const NvCategory *category = g_ptr_array_index (content->categories, i);
      g_autoptr(JsonNode) node = nv_category_to_json (category);

      if (!write_row (self, "INSERT OR REPLACE INTO categories (id, position, document) "
                      "VALUES (?1, ?2, ?3)", category->id, NULL, category->position, NULL,
                      node, error))
        return FALSE;
    }
  for (guint i = 0; i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);
      g_autoptr(JsonNode) node = nv_guide_to_json (guide);

      if (!write_row (self, "INSERT OR REPLACE INTO guides (id, category, document) "
                      "VALUES (?1, ?2, ?3)", guide->id, guide->category, 0, NULL, node, error))
        return FALSE;
    }
  for (guint i = 0; i < content->organisations->len; i++)
    {
      const NvOrganisation *organisation = g_ptr_array_index (content->organisations, i);
      g_autoptr(JsonNode) node = nv_organisation_to_json (organisation);

      if (!write_row (self, "INSERT OR REPLACE INTO organisations "
                      "(id, municipality, kind, document) VALUES (?1, ?2, ?3, ?4)",
                      organisation->id, organisation->municipality, 0, organisation->kind, node,
                      error))
        return FALSE;
    }

  if ((revision = prepare (self, "UPDATE meta SET value = ?1 WHERE key = 'content_revision'",
                           error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (revision, 1, content->revision);
  return step_done (self, revision, error);
}

gboolean
kiosk_store_apply_content (KioskStore       *self,
                           const NvContent  *content,
                           GError          **error)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  /* Validated again here: the store must never hold what the screens cannot show. */
  if (!nv_content_validate (content, error))
    return FALSE;
  if (!nv_sqlite_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!apply_items (self, content, error) || !nv_sqlite_exec (self->db, "COMMIT", error))
    {
      nv_sqlite_exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Reading */

static GPtrArray *
read_documents (KioskStore     *self,
                sqlite3_stmt   *stmt,
                FromJsonFunc    from_json,
                GDestroyNotify  free_func)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (free_func);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      gpointer item;

      bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      if ((node = nv_json_parse_bytes (bytes, 0, &error)) == NULL
          || (item = from_json (node, &error)) == NULL)
        {
          /* Only ever written after validation: a damaged row is skipped, not shown. */
          g_debug ("Skipping a damaged row: %s", error->message);
          continue;
        }
      g_ptr_array_add (items, item);
    }
  return items;
}

GPtrArray *
kiosk_store_list_categories (KioskStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT document FROM categories ORDER BY position, id", NULL);
  return read_documents (self, stmt, (FromJsonFunc) nv_category_from_json,
                         (GDestroyNotify) nv_category_free);
}

static int
compare_guides (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  NvLang sort_lang = *(NvLang *) user_data;
  const NvGuide *ga = *(NvGuide * const *) a;
  const NvGuide *gb = *(NvGuide * const *) b;

  return g_utf8_collate (nv_text_get (&ga->title, sort_lang, NULL),
                         nv_text_get (&gb->title, sort_lang, NULL));
}

static int
compare_organisations (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  NvLang sort_lang = *(NvLang *) user_data;
  const NvOrganisation *oa = *(NvOrganisation * const *) a;
  const NvOrganisation *ob = *(NvOrganisation * const *) b;

  return g_utf8_collate (nv_text_get (&oa->name, sort_lang, NULL),
                         nv_text_get (&ob->name, sort_lang, NULL));
}

GPtrArray *
kiosk_store_list_guides (KioskStore *self,
                         const char *category,
                         NvLang      lang)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *guides;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  if (category != NULL)
    {
      stmt = prepare (self, "SELECT document FROM guides WHERE category = ?1", NULL);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT);
    }
  else
    stmt = prepare (self, "SELECT document FROM guides", NULL);
  guides = read_documents (self, stmt, (FromJsonFunc) nv_guide_from_json,
                           (GDestroyNotify) nv_guide_free);
  g_ptr_array_sort_with_data (guides, compare_guides, &lang);
  return guides;
}

GPtrArray *
kiosk_store_list_organisations (KioskStore *self,
                                NvLang      lang)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *organisations;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT document FROM organisations", NULL);
  organisations = read_documents (self, stmt, (FromJsonFunc) nv_organisation_from_json,
                                  (GDestroyNotify) nv_organisation_free);
  g_ptr_array_sort_with_data (organisations, compare_organisations, &lang);
  return organisations;
}

static gpointer
get_one (KioskStore     *self,
         const char     *sql,
         const char     *id,
         FromJsonFunc    from_json,
         GDestroyNotify  free_func)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;

  if (id == NULL || (stmt = prepare (self, sql, NULL)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  items = read_documents (self, stmt, from_json, free_func);
  return items->len > 0 ? g_ptr_array_steal_index (items, 0) : NULL;
}

NvGuide *
kiosk_store_get_guide (KioskStore *self,
                       const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  return get_one (self, "SELECT document FROM guides WHERE id = ?1", id,
                  (FromJsonFunc) nv_guide_from_json, (GDestroyNotify) nv_guide_free);
}

NvCategory *
kiosk_store_get_category (KioskStore *self,
                          const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  return get_one (self, "SELECT document FROM categories WHERE id = ?1", id,
                  (FromJsonFunc) nv_category_from_json, (GDestroyNotify) nv_category_free);
}

NvOrganisation *
kiosk_store_get_organisation (KioskStore *self,
                              const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  return get_one (self, "SELECT document FROM organisations WHERE id = ?1", id,
                  (FromJsonFunc) nv_organisation_from_json,
                  (GDestroyNotify) nv_organisation_free);
}

guint
kiosk_store_count (KioskStore *self,
                   const char *kind)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
  stmt = prepare (self, sql, NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int (stmt, 0);
}

/* The outbox */

gboolean
kiosk_store_add_event (KioskStore     *self,
                       const NvEvent  *event,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *document = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (!nv_event_validate (event, error))
    return FALSE;
  node = nv_event_to_json (event);
  document = nv_json_to_string (node, FALSE);
  if ((stmt = prepare (self, "INSERT OR IGNORE INTO outbox_events (id, document) VALUES (?1, ?2)",
                       error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, event->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, document, -1, SQLITE_TRANSIENT);
  /* Committed (synchronous=FULL) before this returns: nothing depends on an event
   * that a power cut could still take away. */
  return step_done (self, stmt, error);
}

GPtrArray *
kiosk_store_outbox_peek (KioskStore *self,
                         guint       limit,
                         GPtrArray **out_ids)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (KIOSK_IS_STORE (self), documents);

  *out_ids = g_ptr_array_new_with_free_func (g_free);
  stmt = prepare (self, "SELECT id, document FROM outbox_events ORDER BY seq LIMIT ?1", NULL);
  if (stmt == NULL)
    return documents;
  sqlite3_bind_int (stmt, 1, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (*out_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (documents, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  return documents;
}

gboolean
kiosk_store_outbox_remove (KioskStore  *self,
                           GPtrArray   *ids,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  if (!nv_sqlite_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if ((stmt = prepare (self, "DELETE FROM outbox_events WHERE id = ?1", error)) == NULL)
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (ids, i), -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (nv_sqlite_exec (self->db, "COMMIT", error))
    return TRUE;

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  nv_sqlite_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

guint
kiosk_store_outbox_count (KioskStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  stmt = prepare (self, "SELECT count(*) FROM outbox_events", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int (stmt, 0);
}

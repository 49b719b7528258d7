/* kiosk-store.c
 *
 * Content is kept as the JSON documents the server sent (already validated by
 * common/), with the columns needed to list and sort them. A bundle is applied in
 * one transaction, so a crash or a bad item never leaves half a revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-store.h"
#include "kiosk-store-private.h"

/* The directory as search needs it, built from the store on the first search after a
 * change: a keystroke then costs an FTS5 lookup of rowids and a walk over a sorted
 * array, never a JSON document per match (docs/performance.md). */
typedef struct
{
  char *id;
  char *municipality;
  char *kind;
  char *name[NV_N_LANGS]; /* the name in each language, Finnish where missing */
  char *street_address;
  char *postal_code;
  char *post_office;
} DirectoryEntry;

typedef struct
{
  GPtrArray *entries;           /* DirectoryEntry*, by rowid */
  GArray    *rowids;            /* gint64: entries[i]'s organisations.rowid, ascending */
  guint     *order[NV_N_LANGS]; /* indices sorted by name in that language, made lazily */
} DirectoryIndex;

struct _KioskStore
{
  GObject parent_instance;

  sqlite3        *db;
  DirectoryIndex *directory; /* NULL until a search needs it; dropped on change */
};

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskStore, kiosk_store, G_TYPE_OBJECT)

static const NvMigration migrations[] = {
  { 1, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
       "INSERT INTO meta (key, value) VALUES ('content_revision', '0');"
       "CREATE TABLE categories (id TEXT PRIMARY KEY, position INTEGER NOT NULL,"
       "                         document TEXT NOT NULL);"
       "CREATE TABLE guides (id TEXT PRIMARY KEY, category TEXT NOT NULL,"
       "                     document TEXT NOT NULL);"
       "CREATE INDEX guides_category ON guides (category);"
       "CREATE TABLE organisations (id TEXT PRIMARY KEY, municipality TEXT NOT NULL,"
       "                            kind TEXT NOT NULL, document TEXT NOT NULL);" },
  /* Usage events wait here until the server has acknowledged them (docs/events.md). */
  { 2, "CREATE TABLE outbox_events (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
       "                            id TEXT NOT NULL UNIQUE, document TEXT NOT NULL);" },
  /* Directory search. The index shares the organisations' rowids and is kept in step by
   * triggers, so every write (delta, tombstone, full replace) updates it in the same
   * transaction; the view is the one definition of what is indexed. Municipality names
   * are not stored: the municipality is a code token ("m564"), and a query term that
   * names a municipality (in Finnish or Swedish, from nv-municipality) also matches its
   * token (kiosk_store_search_organisations). Rowids of a table without an INTEGER
   * PRIMARY KEY may change on VACUUM: the kiosk never runs one. */
  { 3, "CREATE VIRTUAL TABLE organisation_search USING fts5 ("
       "  name, municipality, address, text,"
       "  tokenize = 'unicode61 remove_diacritics 2');"
       "CREATE VIEW organisation_search_source AS"
       "  SELECT o.rowid AS organisation_rowid,"
       "         (SELECT group_concat(value, ' ') FROM json_each(o.document, '$.name')) AS name,"
       "         'm' || o.municipality AS municipality,"
       "         coalesce(json_extract(o.document, '$.street_address'), '') || ' '"
       "           || coalesce(json_extract(o.document, '$.postal_code'), '') || ' '"
       "           || coalesce(json_extract(o.document, '$.post_office'), '') AS address,"
       "         (SELECT group_concat(value, ' ') FROM"
       "            (SELECT value FROM json_each(o.document, '$.description')"
       "             UNION ALL SELECT value FROM json_each(o.document, '$.services'))) AS text"
       "  FROM organisations AS o;"
       "INSERT INTO organisation_search (rowid, name, municipality, address, text)"
       "  SELECT * FROM organisation_search_source;"
       /* INSERT OR REPLACE deletes the old row without firing delete triggers. */
       "CREATE TRIGGER organisation_search_before_insert BEFORE INSERT ON organisations BEGIN"
       "  DELETE FROM organisation_search"
       "  WHERE rowid = (SELECT rowid FROM organisations WHERE id = new.id);"
       "END;"
       "CREATE TRIGGER organisation_search_after_insert AFTER INSERT ON organisations BEGIN"
       "  INSERT INTO organisation_search (rowid, name, municipality, address, text)"
       "    SELECT * FROM organisation_search_source WHERE organisation_rowid = new.rowid;"
       "END;"
       "CREATE TRIGGER organisation_search_after_update AFTER UPDATE ON organisations BEGIN"
       "  DELETE FROM organisation_search WHERE rowid = old.rowid;"
       "  INSERT INTO organisation_search (rowid, name, municipality, address, text)"
       "    SELECT * FROM organisation_search_source WHERE organisation_rowid = new.rowid;"
       "END;"
       "CREATE TRIGGER organisation_search_after_delete AFTER DELETE ON organisations BEGIN"
       "  DELETE FROM organisation_search WHERE rowid = old.rowid;"
       "END;" },
  /* Appointment slots come with the content. Residents' requests are personal data
   * (docs/privacy.md): their own table, never mixed with usage events, deleted the
   * moment the server has them. One the server rejected (it can never be stored there)
   * is kept, marked, for staff to see on the status page, and dropped after 30 days. */
  { 4, "CREATE TABLE slots (id TEXT PRIMARY KEY, kind TEXT NOT NULL,"
       "                    starts_at INTEGER NOT NULL, document TEXT NOT NULL);"
       "CREATE INDEX slots_starts_at ON slots (starts_at);"
       "CREATE TABLE outbox_appointments (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
       "                                  id TEXT NOT NULL UNIQUE, document TEXT NOT NULL,"
       "                                  rejected_at INTEGER, rejected_field TEXT);" },
};

typedef gpointer (*FromJsonFunc) (JsonNode *node, GError **error);

const NvMigration *
kiosk_store_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

static void
directory_entry_free (gpointer data)
{
  DirectoryEntry *entry = data;

  g_free (entry->id);
  g_free (entry->municipality);
  g_free (entry->kind);
  for (guint i = 0; i < NV_N_LANGS; i++)
    g_free (entry->name[i]);
  g_free (entry->street_address);
  g_free (entry->postal_code);
  g_free (entry->post_office);
  g_free (entry);
}

static void
directory_index_free (DirectoryIndex *index)
{
  g_ptr_array_unref (index->entries);
  g_array_unref (index->rowids);
  for (guint i = 0; i < NV_N_LANGS; i++)
    g_free (index->order[i]);
  g_free (index);
}

static void
kiosk_store_finalize (GObject *object)
{
  KioskStore *self = (KioskStore *) object;

  g_clear_pointer (&self->directory, directory_index_free);
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
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_store_init (KioskStore *self)
{
}

static sqlite3_stmt *
prepare (KioskStore *self, const char *sql, GError **error)
{
  return nv_sqlite_prepare (self->db, sql, error);
}

/* The municipalities' Finnish and Swedish names, for this connection only, folded by
 * the same tokenizer as the search index: "uleaborg" finds Uleåborg as "oulun" finds
 * Oulun. Built from nv-municipality on every open, so it never goes stale. */
static gboolean
create_municipality_names (KioskStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const NvMunicipality *municipalities;
  guint                 n;

  if (!nv_sqlite_exec (self->db,
                       "CREATE VIRTUAL TABLE temp.municipality_names USING fts5 ("
                       "  code UNINDEXED, names,"
                       "  tokenize = 'unicode61 remove_diacritics 2')",
                       error))
    return FALSE;
  if ((stmt = prepare (self,
                       "INSERT INTO temp.municipality_names (code, names) "
                       "VALUES (?1, ?2 || ' ' || ?3)",
                       error))
      == NULL)
    return FALSE;
  municipalities = nv_municipalities (&n);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, municipalities[i].code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, municipalities[i].name_fi, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, municipalities[i].name_sv, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return nv_sqlite_error (error, self->db, "Cannot list the municipalities");
    }
  return TRUE;
}

KioskStore *
kiosk_store_open (const char *data_dir, GError **error)
{
  g_autoptr (KioskStore) self = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_STORE, NULL);
  path = g_build_filename (data_dir, "kiosk.db", NULL);
  /* FULL: the outbox that comes with usage events must survive a power cut. */
  if ((self->db = nv_sqlite_open (path, NV_SQLITE_SYNC_FULL, error)) == NULL)
    return NULL;
  /* A deleted appointment request is overwritten, not only unlinked: a name and a phone
   * number must not linger in free pages once the server has them. */
  if (!nv_sqlite_exec (self->db, "PRAGMA secure_delete = ON", error)
      || !nv_sqlite_migrate (self->db, migrations, G_N_ELEMENTS (migrations), error)
      || !create_municipality_names (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gint64
kiosk_store_get_revision (KioskStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  stmt = prepare (self,
                  "SELECT CAST(value AS INTEGER) FROM meta "
                  "WHERE key = 'content_revision'",
                  NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
step_done (KioskStore *self, sqlite3_stmt *stmt, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot store content");
  return TRUE;
}

static gboolean
write_row (KioskStore *self,
           const char *sql,
           const char *id,
           const char *column2,
           gint64      position,
           const char *column3,
           JsonNode   *node,
           GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *document = nv_json_to_string (node, FALSE);
  int              n = 1;

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
delete_row (KioskStore *self, const char *kind, const char *id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *sql;

  if (g_str_equal (kind, "category"))
    sql = "DELETE FROM categories WHERE id = ?1";
  else if (g_str_equal (kind, "guide"))
    sql = "DELETE FROM guides WHERE id = ?1";
  else if (g_str_equal (kind, "organisation"))
    sql = "DELETE FROM organisations WHERE id = ?1";
  else if (g_str_equal (kind, "slot"))
    sql = "DELETE FROM slots WHERE id = ?1";
  else
    return TRUE; /* a kind this kiosk does not keep */
  if ((stmt = prepare (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static gboolean
apply_items (KioskStore *self, const NvContent *content, GError **error)
{
  g_autoptr (sqlite3_stmt) revision = NULL;

  if (content->since == 0
      && !nv_sqlite_exec (self->db,
                          "DELETE FROM categories; DELETE FROM guides;"
                          "DELETE FROM organisations; DELETE FROM slots;",
                          error))
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
      g_autoptr (JsonNode) node = nv_category_to_json (category);

      if (!write_row (self,
                      "INSERT OR REPLACE INTO categories (id, position, document) "
                      "VALUES (?1, ?2, ?3)",
                      category->id, NULL, category->position, NULL, node, error))
        return FALSE;
    }
  for (guint i = 0; i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);
      g_autoptr (JsonNode) node = nv_guide_to_json (guide);

      if (!write_row (self,
                      "INSERT OR REPLACE INTO guides (id, category, document) "
                      "VALUES (?1, ?2, ?3)",
                      guide->id, guide->category, 0, NULL, node, error))
        return FALSE;
    }
  for (guint i = 0; i < content->organisations->len; i++)
    {
      const NvOrganisation *organisation = g_ptr_array_index (content->organisations, i);
      g_autoptr (JsonNode) node = nv_organisation_to_json (organisation);

      if (!write_row (self,
                      "INSERT OR REPLACE INTO organisations "
                      "(id, municipality, kind, document) VALUES (?1, ?2, ?3, ?4)",
                      organisation->id, organisation->municipality, 0, organisation->kind, node,
                      error))
        return FALSE;
    }

  for (guint i = 0; i < content->slots->len; i++)
    {
      const NvSlot *slot = g_ptr_array_index (content->slots, i);
      g_autoptr (JsonNode) node = nv_slot_to_json (slot);
      g_autoptr (sqlite3_stmt) stmt = NULL;
      g_autofree char *document = nv_json_to_string (node, FALSE);

      if ((stmt = prepare (self,
                           "INSERT OR REPLACE INTO slots (id, kind, starts_at, document) "
                           "VALUES (?1, ?2, ?3, ?4)",
                           error))
          == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, slot->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, slot->kind, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (slot->starts_at));
      sqlite3_bind_text (stmt, 4, document, -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  if ((revision
       = prepare (self, "UPDATE meta SET value = ?1 WHERE key = 'content_revision'", error))
      == NULL)
    return FALSE;
  sqlite3_bind_int64 (revision, 1, content->revision);
  return step_done (self, revision, error);
}

gboolean
kiosk_store_apply_content (KioskStore *self, const NvContent *content, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  /* Validated again here: the store must never hold what the screens cannot show. */
  if (!nv_content_validate (content, error))
    return FALSE;
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error)
      || !nv_sqlite_end (self->db, apply_items (self, content, error), error))
    return FALSE;
  g_clear_pointer (&self->directory, directory_index_free);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Reading */

static GPtrArray *
read_documents (KioskStore    *self,
                sqlite3_stmt  *stmt,
                FromJsonFunc   from_json,
                GDestroyNotify free_func)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (free_func);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (GError) error = NULL;
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
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT document FROM categories ORDER BY position, id", NULL);
  return read_documents (self, stmt, (FromJsonFunc) nv_category_from_json,
                         (GDestroyNotify) nv_category_free);
}

static int
compare_guides (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NvLang         sort_lang = *(NvLang *) user_data;
  const NvGuide *ga = *(NvGuide *const *) a;
  const NvGuide *gb = *(NvGuide *const *) b;

  return g_utf8_collate (nv_text_get (&ga->title, sort_lang, NULL),
                         nv_text_get (&gb->title, sort_lang, NULL));
}

static int
compare_organisations (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NvLang                sort_lang = *(NvLang *) user_data;
  const NvOrganisation *oa = *(NvOrganisation *const *) a;
  const NvOrganisation *ob = *(NvOrganisation *const *) b;

  return g_utf8_collate (nv_text_get (&oa->name, sort_lang, NULL),
                         nv_text_get (&ob->name, sort_lang, NULL));
}

GPtrArray *
kiosk_store_list_guides (KioskStore *self, const char *category, NvLang lang)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
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
kiosk_store_list_organisations (KioskStore *self, NvLang lang)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *organisations;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT document FROM organisations", NULL);
  organisations = read_documents (self, stmt, (FromJsonFunc) nv_organisation_from_json,
                                  (GDestroyNotify) nv_organisation_free);
  g_ptr_array_sort_with_data (organisations, compare_organisations, &lang);
  return organisations;
}

static gpointer
get_one (KioskStore    *self,
         const char    *sql,
         const char    *id,
         FromJsonFunc   from_json,
         GDestroyNotify free_func)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) items = NULL;

  if (id == NULL || (stmt = prepare (self, sql, NULL)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  items = read_documents (self, stmt, from_json, free_func);
  return items->len > 0 ? g_ptr_array_steal_index (items, 0) : NULL;
}

NvGuide *
kiosk_store_get_guide (KioskStore *self, const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  return get_one (self, "SELECT document FROM guides WHERE id = ?1", id,
                  (FromJsonFunc) nv_guide_from_json, (GDestroyNotify) nv_guide_free);
}

NvCategory *
kiosk_store_get_category (KioskStore *self, const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  return get_one (self, "SELECT document FROM categories WHERE id = ?1", id,
                  (FromJsonFunc) nv_category_from_json, (GDestroyNotify) nv_category_free);
}

NvOrganisation *
kiosk_store_get_organisation (KioskStore *self, const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  return get_one (self, "SELECT document FROM organisations WHERE id = ?1", id,
                  (FromJsonFunc) nv_organisation_from_json, (GDestroyNotify) nv_organisation_free);
}

guint
kiosk_store_count (KioskStore *self, const char *kind)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
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

/* Directory search */

#define MAX_QUERY_TERMS 8
#define MAX_TERM_CHARS 40

/* The query's words: runs of letters, digits and their marks. Everything else,
 * including all of FTS5's syntax characters, only separates words. */
static GPtrArray *
split_terms (const char *query)
{
  g_autofree char *valid = g_utf8_make_valid (query, -1);
  g_autofree char *normalised = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  GPtrArray       *terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) term = g_string_new (NULL);
  guint term_chars = 0;

  for (const char *p = normalised; terms->len < MAX_QUERY_TERMS; p = g_utf8_next_char (p))
    {
      gunichar     c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (c != 0
          && (g_unichar_isalnum (c) || type == G_UNICODE_NON_SPACING_MARK
              || type == G_UNICODE_SPACING_MARK))
        {
          if (term_chars++ < MAX_TERM_CHARS)
            g_string_append_unichar (term, c);
          continue;
        }
      if (term->len > 0)
        g_ptr_array_add (terms, g_utf8_strdown (term->str, term->len));
      g_string_truncate (term, 0);
      term_chars = 0;
      if (c == 0)
        break;
    }
  return terms;
}

/* An FTS5 expression in which every word of @query is a quoted prefix ("oul"*), so
 * nothing the resident types is read as FTS5 syntax (AND, NEAR, column filters…): a
 * word holds no quote, and a quoted string is only ever text. A word that begins a
 * municipality's name also matches the organisations in it. NULL when there are no
 * words. */
static char *
build_match (KioskStore *self, const char *query)
{
  g_autoptr (GPtrArray) terms = split_terms (query);
  g_autoptr (sqlite3_stmt) names = NULL;
  g_autoptr (GString) match = g_string_new (NULL);

  if (terms->len == 0)
    return NULL;
  names = prepare (self,
                   "SELECT code FROM temp.municipality_names "
                   "WHERE municipality_names MATCH ?1",
                   NULL);
  for (guint i = 0; i < terms->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("\"%s\"*", (char *) terms->pdata[i]);
      g_autoptr (GString) codes = g_string_new (NULL);

      if (names != NULL)
        {
          sqlite3_reset (names);
          sqlite3_bind_text (names, 1, prefix, -1, SQLITE_TRANSIENT);
          while (sqlite3_step (names) == SQLITE_ROW)
            g_string_append_printf (codes, " OR municipality : \"m%s\"",
                                    (const char *) sqlite3_column_text (names, 0));
        }
      /* Explicit: FTS5 has no implicit AND next to parentheses. */
      if (match->len > 0)
        g_string_append (match, " AND ");
      if (codes->len > 0)
        g_string_append_printf (match, "(%s%s)", prefix, codes->str);
      else
        g_string_append (match, prefix);
    }
  return g_string_free (g_steal_pointer (&match), FALSE);
}

void
kiosk_directory_hit_free (KioskDirectoryHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->id);
  g_free (hit->name);
  g_free (hit->kind);
  g_free (hit->municipality);
  g_free (hit->street_address);
  g_free (hit->postal_code);
  g_free (hit->post_office);
  g_free (hit);
}

static DirectoryIndex *
get_directory_index (KioskStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  DirectoryIndex *index;
  int             status;

  if (self->directory != NULL)
    return self->directory;
  stmt = prepare (self,
                  "SELECT rowid, id, municipality, kind, json_extract(document, '$.name.fi'),"
                  "       json_extract(document, '$.name.sv'), json_extract(document, '$.name.en'),"
                  "       json_extract(document, '$.street_address'),"
                  "       json_extract(document, '$.postal_code'),"
                  "       json_extract(document, '$.post_office')"
                  "  FROM organisations ORDER BY rowid",
                  error);
  if (stmt == NULL)
    return NULL;
  index = g_new0 (DirectoryIndex, 1);
  index->entries = g_ptr_array_new_with_free_func (directory_entry_free);
  index->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DirectoryEntry *entry = g_new0 (DirectoryEntry, 1);
      gint64          rowid = sqlite3_column_int64 (stmt, 0);

      entry->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->municipality = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      for (guint lang = 0; lang < NV_N_LANGS; lang++)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 4 + lang);

          if (name == NULL)
            name = (const char *) sqlite3_column_text (stmt, 4);
          entry->name[lang] = g_strdup (name != NULL ? name : "");
        }
      entry->street_address = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      entry->postal_code = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      entry->post_office = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      g_ptr_array_add (index->entries, entry);
      g_array_append_val (index->rowids, rowid);
    }
  if (status != SQLITE_DONE)
    {
      nv_sqlite_error (error, self->db, "Cannot read the directory");
      directory_index_free (index);
      return NULL;
    }
  self->directory = index;
  return index;
}

typedef struct
{
  guint index;
  char *key;
} SortItem;

static int
compare_sort_items (gconstpointer a, gconstpointer b)
{
  return strcmp (((const SortItem *) a)->key, ((const SortItem *) b)->key);
}

/* The entries in the order of their names in @lang, by the locale's collation. */
static const guint *
get_name_order (DirectoryIndex *index, NvLang lang)
{
  guint                n = index->entries->len;
  g_autofree SortItem *items = NULL;

  if (index->order[lang] != NULL)
    return index->order[lang];
  items = g_new (SortItem, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      DirectoryEntry *entry = index->entries->pdata[i];

      items[i].index = i;
      items[i].key = g_utf8_collate_key (entry->name[lang], -1);
    }
  qsort (items, n, sizeof (SortItem), compare_sort_items);
  index->order[lang] = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      index->order[lang][i] = items[i].index;
      g_free (items[i].key);
    }
  return index->order[lang];
}

/* Adds one to @counts[i] for every entry i matching the FTS5 expression @match; FALSE
 * when the lookup failed. */
static gboolean
count_matches (KioskStore     *self,
               DirectoryIndex *index,
               sqlite3_stmt   *stmt,
               const char     *match,
               guint8         *counts,
               GError        **error)
{
  int status;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  const gint64 *rowids = (const gint64 *) (gpointer) index->rowids->data;
  guint         n = index->rowids->len;
  guint         low = 0;

  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      guint  high = n;

      /* FTS5 answers in rowid order: each search starts where the last one ended. */
      if (low > 0 && rowids[low - 1] >= rowid)
        low = 0;
      while (low < high)
        {
          guint middle = low + (high - low) / 2;

          if (rowids[middle] < rowid)
            low = middle + 1;
          else
            high = middle;
        }
      if (low < n && rowids[low] == rowid)
        counts[low++]++;
    }
  if (status != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot search the directory");
  return TRUE;
}

GPtrArray *
kiosk_store_search_organisations (KioskStore *self,
                                  const char *query,
                                  const char *municipality,
                                  const char *kind,
                                  NvLang      lang,
                                  guint       limit,
                                  guint      *out_total,
                                  GError    **error)
{
  g_autoptr (GPtrArray) terms = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char   *match = NULL;
  g_autofree guint8 *matched = NULL;
  g_autofree guint8 *in_name = NULL;
  GArray            *tiers[MAX_QUERY_TERMS + 1];
  DirectoryIndex    *index;
  const guint       *order;
  GPtrArray         *hits;
  guint              n, total = 0;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (lang < NV_N_LANGS, NULL);

  if (out_total != NULL)
    *out_total = 0;
  if ((index = get_directory_index (self, error)) == NULL)
    return NULL;
  n = index->entries->len;
  order = get_name_order (index, lang);
  terms = split_terms (query != NULL ? query : "");
  match = build_match (self, query != NULL ? query : "");

  /* Which entries match every word, and how many of the words each has in its name. */
  matched = g_malloc0 (MAX (n, 1));
  in_name = g_malloc0 (MAX (n, 1));
  if (match == NULL)
    memset (matched, 1, n);
  else
    {
      if ((stmt = prepare (self,
                           "SELECT rowid FROM organisation_search"
                           " WHERE organisation_search MATCH ?1",
                           error))
              == NULL
          || !count_matches (self, index, stmt, match, matched, error))
        return NULL;
      for (guint t = 0; t < terms->len; t++)
        {
          g_autofree char *name_match
              = g_strdup_printf ("name : \"%s\"*", (char *) terms->pdata[t]);

          if (!count_matches (self, index, stmt, name_match, in_name, error))
            return NULL;
        }
    }

  /* Places named by more of the words come first, and A to Ö within each tier: an
   * order someone reading down the list can follow (bm25's was not, and ranking
   * every match cost a keystroke 50 ms with 10,000 places). */
  for (guint t = 0; t <= terms->len; t++)
    tiers[t] = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      guint           position = order[i];
      DirectoryEntry *entry = index->entries->pdata[position];
      GArray         *tier;

      if (!matched[position]
          || (municipality != NULL && g_strcmp0 (entry->municipality, municipality) != 0)
          || (kind != NULL && g_strcmp0 (entry->kind, kind) != 0))
        continue;
      total++;
      tier = tiers[MIN (in_name[position], terms->len)];
      if (limit == 0 || tier->len < limit)
        g_array_append_val (tier, position);
    }
  if (out_total != NULL)
    *out_total = total;

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_directory_hit_free);
  for (guint t = terms->len + 1; t-- > 0;)
    for (guint i = 0; i < tiers[t]->len && (limit == 0 || hits->len < limit); i++)
      {
        DirectoryEntry    *entry = index->entries->pdata[g_array_index (tiers[t], guint, i)];
        KioskDirectoryHit *hit = g_new0 (KioskDirectoryHit, 1);

        hit->id = g_strdup (entry->id);
        hit->name = g_strdup (entry->name[lang]);
        hit->kind = g_strdup (entry->kind);
        hit->municipality = g_strdup (entry->municipality);
        hit->street_address = g_strdup (entry->street_address);
        hit->postal_code = g_strdup (entry->postal_code);
        hit->post_office = g_strdup (entry->post_office);
        g_ptr_array_add (hits, hit);
      }
  for (guint t = 0; t <= terms->len; t++)
    g_array_unref (tiers[t]);
  return hits;
}

static int
compare_municipality_codes (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NvLang sort_lang = *(NvLang *) user_data;

  return g_utf8_collate (nv_municipality_name (*(const char *const *) a, sort_lang),
                         nv_municipality_name (*(const char *const *) b, sort_lang));
}

GPtrArray *
kiosk_store_list_municipalities_with_organisations (KioskStore *self, NvLang lang)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (KIOSK_IS_STORE (self), codes);

  stmt = prepare (self, "SELECT DISTINCT municipality FROM organisations", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_ptr_array_sort_with_data (codes, compare_municipality_codes, &lang);
  return codes;
}

GPtrArray *
kiosk_store_list_organisation_kinds (KioskStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *const *kinds = nv_organisation_kinds ();
  GPtrArray         *present = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (KIOSK_IS_STORE (self), present);

  stmt = prepare (self, "SELECT EXISTS (SELECT 1 FROM organisations WHERE kind = ?1)", NULL);
  for (guint i = 0; stmt != NULL && kinds[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, kinds[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0))
        g_ptr_array_add (present, g_strdup (kinds[i]));
    }
  return present;
}

/* The outbox */

gboolean
kiosk_store_add_event (KioskStore *self, const NvEvent *event, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *document = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (!nv_event_validate (event, error))
    return FALSE;
  node = nv_event_to_json (event);
  document = nv_json_to_string (node, FALSE);
  if ((stmt = prepare (self, "INSERT OR IGNORE INTO outbox_events (id, document) VALUES (?1, ?2)",
                       error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, event->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, document, -1, SQLITE_TRANSIENT);
  /* Committed (synchronous=FULL) before this returns: nothing depends on an event
   * that a power cut could still take away. */
  return step_done (self, stmt, error);
}

/* The oldest rows of an outbox: @sql selects id and document, with ?1 the limit. */
static GPtrArray *
peek_documents (KioskStore *self, const char *sql, guint limit, GPtrArray **out_ids)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_free);

  *out_ids = g_ptr_array_new_with_free_func (g_free);
  if ((stmt = prepare (self, sql, NULL)) == NULL)
    return documents;
  sqlite3_bind_int (stmt, 1, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (*out_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (documents, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  return documents;
}

GPtrArray *
kiosk_store_outbox_peek (KioskStore *self, guint limit, GPtrArray **out_ids)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return peek_documents (self, "SELECT id, document FROM outbox_events ORDER BY seq LIMIT ?1",
                         limit, out_ids);
}

gboolean
kiosk_store_outbox_remove (KioskStore *self, GPtrArray *ids, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (stmt = prepare (self, "DELETE FROM outbox_events WHERE id = ?1", error)) != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (ids, i), -1, SQLITE_TRANSIENT);
      ok = step_done (self, stmt, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  return nv_sqlite_end (self->db, ok, error);
}

guint
kiosk_store_outbox_count (KioskStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  stmt = prepare (self, "SELECT count(*) FROM outbox_events", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int (stmt, 0);
}

/* Appointment slots */

GPtrArray *
kiosk_store_list_free_slots (
    KioskStore *self, const char *kind, GDateTime *now, guint days, guint limit)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  gint64     from;

  g_return_val_if_fail (KIOSK_IS_STORE (self), slots);
  g_return_val_if_fail (now != NULL, slots);

  from = g_date_time_to_unix (now);
  stmt = prepare (self,
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
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) slots = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  if ((stmt = prepare (self, "SELECT document FROM slots WHERE id = ?1", NULL)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  slots = read_documents (self, stmt, (FromJsonFunc) nv_slot_from_json,
                          (GDestroyNotify) nv_slot_free);
  return slots->len > 0 ? g_ptr_array_steal_index (slots, 0) : NULL;
}

/* The outbox of appointment requests */

gboolean
kiosk_store_add_appointment (KioskStore *self, const NvAppointment *appointment, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *document = NULL;
  gboolean         ok;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (appointment != NULL, FALSE);

  if (!nv_appointment_validate (appointment, error))
    return FALSE;
  node = nv_appointment_to_json (appointment);
  document = nv_json_to_string (node, FALSE);
  if ((stmt = prepare (self,
                       "INSERT OR IGNORE INTO outbox_appointments (id, document) "
                       "VALUES (?1, ?2)",
                       error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, appointment->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, document, -1, SQLITE_TRANSIENT);
  /* Durable (synchronous=FULL) before the receipt is shown. */
  ok = step_done (self, stmt, error);
  memset (document, 0, strlen (document));
  return ok;
}

GPtrArray *
kiosk_store_appointments_peek (KioskStore *self, guint limit, GPtrArray **out_ids)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return peek_documents (self,
                         "SELECT id, document FROM outbox_appointments "
                         "WHERE rejected_at IS NULL ORDER BY seq LIMIT ?1",
                         limit, out_ids);
}

static gboolean
checkpoint (KioskStore *self, GError **error)
{
  /* The deleted rows' pages went through the write-ahead log: copy them into the
   * database (overwritten, secure_delete) and empty the log, so that no copy of a name
   * is left in kiosk.db-wal either. */
  return nv_sqlite_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

/* Deletes the @delivered and marks the @rejected, the caller holding a write
 * transaction. */
static gboolean
settle_appointments (KioskStore *self,
                     GPtrArray  *delivered,
                     GPtrArray  *rejected,
                     GHashTable *rejected_fields,
                     GError    **error)
{
  g_autoptr (sqlite3_stmt) remove = NULL;
  g_autoptr (sqlite3_stmt) mark = NULL;

  if ((remove = prepare (self, "DELETE FROM outbox_appointments WHERE id = ?1", error)) == NULL
      || (mark = prepare (self,
                          "UPDATE outbox_appointments SET rejected_at = ?2, "
                          "rejected_field = ?3 WHERE id = ?1",
                          error))
             == NULL)
    return FALSE;
  for (guint i = 0; delivered != NULL && i < delivered->len; i++)
    {
      sqlite3_reset (remove);
      sqlite3_bind_text (remove, 1, g_ptr_array_index (delivered, i), -1, SQLITE_TRANSIENT);
      if (!step_done (self, remove, error))
        return FALSE;
    }
  for (guint i = 0; rejected != NULL && i < rejected->len; i++)
    {
      const char *id = g_ptr_array_index (rejected, i);

      sqlite3_reset (mark);
      sqlite3_bind_text (mark, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (mark, 2, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_bind_text (mark, 3,
                         rejected_fields != NULL ? g_hash_table_lookup (rejected_fields, id) : NULL,
                         -1, SQLITE_TRANSIENT);
      if (!step_done (self, mark, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_store_appointments_settle (KioskStore *self,
                                 GPtrArray  *delivered,
                                 GPtrArray  *rejected,
                                 GHashTable *rejected_fields,
                                 GError    **error)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  if ((delivered == NULL || delivered->len == 0) && (rejected == NULL || rejected->len == 0))
    return TRUE;
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error)
      || !nv_sqlite_end (
          self->db, settle_appointments (self, delivered, rejected, rejected_fields, error), error))
    return FALSE;
  return delivered == NULL || delivered->len == 0 || checkpoint (self, error);
}

guint
kiosk_store_appointments_count (KioskStore *self, guint *out_rejected)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  if (out_rejected != NULL)
    *out_rejected = 0;
  stmt = prepare (self, "SELECT count(*), count(rejected_at) FROM outbox_appointments", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  if (out_rejected != NULL)
    *out_rejected = (guint) sqlite3_column_int (stmt, 1);
  return (guint) sqlite3_column_int (stmt, 0);
}

guint
kiosk_store_appointments_drop_rejected (KioskStore *self, gint64 before, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  guint dropped;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  if ((stmt = prepare (self,
                       "DELETE FROM outbox_appointments "
                       "WHERE rejected_at IS NOT NULL AND rejected_at < ?1",
                       error))
      == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, before);
  if (!step_done (self, stmt, error))
    return 0;
  dropped = (guint) sqlite3_changes (self->db);
  if (dropped > 0)
    checkpoint (self, NULL);
  return dropped;
}

/* kiosk-store.c — opening kiosk.db, its schema, the statement cache, change notification
 *
 * Content is kept as the JSON documents the server sent (already validated by
 * common/), with the columns needed to list and sort them. The other concerns live
 * beside this file: kiosk-store-content.c, kiosk-store-directory.c and
 * kiosk-store-outbox.c (see kiosk-store-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-store-private.h"

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
  /* Search finds what people mean: beside the text, the index holds the Finnish base
   * forms and compound parts (libvoikko) and the Swedish stems (Snowball) of the names
   * and of the rest, the compound parts of both, and the kind as a token ("kdigitalsupport") for
   * words of need. kiosk_search_bases () and kiosk_search_stems () are this connection's functions
   * (kiosk-store-directory.c), so the triggers still keep every write path (delta,
   * tombstone, full replace) in step within its transaction. */
  { 5, "DROP TRIGGER organisation_search_before_insert;"
       "DROP TRIGGER organisation_search_after_insert;"
       "DROP TRIGGER organisation_search_after_update;"
       "DROP TRIGGER organisation_search_after_delete;"
       "DROP VIEW organisation_search_source;"
       "DROP TABLE organisation_search;"
       "CREATE VIRTUAL TABLE organisation_search USING fts5 ("
       "  name, name_bases, name_stems, municipality, kind, address, text, bases, stems,"
       "  tokenize = 'unicode61 remove_diacritics 2');"
       "CREATE VIEW organisation_search_text AS"
       "  SELECT o.rowid AS organisation_rowid,"
       "         (SELECT group_concat(value, ' ') FROM json_each(o.document, '$.name')) AS name,"
       "         'm' || o.municipality AS municipality,"
       "         'k' || replace(o.kind, '-', '') AS kind,"
       "         coalesce(json_extract(o.document, '$.street_address'), '') || ' '"
       "           || coalesce(json_extract(o.document, '$.postal_code'), '') || ' '"
       "           || coalesce(json_extract(o.document, '$.post_office'), '') AS address,"
       "         (SELECT group_concat(value, ' ') FROM"
       "            (SELECT value FROM json_each(o.document, '$.description')"
       "             UNION ALL SELECT value FROM json_each(o.document, '$.services'))) AS text"
       "  FROM organisations AS o;"
       "CREATE VIEW organisation_search_source AS"
       /* A name's compound parts count as found anywhere, not in the name: a query's
        * whole words in the name rank a place first. */
       "  SELECT organisation_rowid, name, kiosk_search_bases(name, 0), kiosk_search_stems(name),"
       "         municipality, kind, address, text,"
       "         kiosk_search_bases(name || ' ' || coalesce(text, ''), 1),"
       "         kiosk_search_stems(text)"
       "  FROM organisation_search_text;"
       "INSERT INTO organisation_search"
       "  (rowid, name, name_bases, name_stems, municipality, kind, address, text, bases, stems)"
       "  SELECT * FROM organisation_search_source;"
       /* INSERT OR REPLACE deletes the old row without firing delete triggers. */
       "CREATE TRIGGER organisation_search_before_insert BEFORE INSERT ON organisations BEGIN"
       "  DELETE FROM organisation_search"
       "  WHERE rowid = (SELECT rowid FROM organisations WHERE id = new.id);"
       "END;"
       "CREATE TRIGGER organisation_search_after_insert AFTER INSERT ON organisations BEGIN"
       "  INSERT INTO organisation_search"
       "    (rowid, name, name_bases, name_stems, municipality, kind, address, text, bases, stems)"
       "    SELECT * FROM organisation_search_source WHERE organisation_rowid = new.rowid;"
       "END;"
       "CREATE TRIGGER organisation_search_after_update AFTER UPDATE ON organisations BEGIN"
       "  DELETE FROM organisation_search WHERE rowid = old.rowid;"
       "  INSERT INTO organisation_search"
       "    (rowid, name, name_bases, name_stems, municipality, kind, address, text, bases, stems)"
       "    SELECT * FROM organisation_search_source WHERE organisation_rowid = new.rowid;"
       "END;"
       "CREATE TRIGGER organisation_search_after_delete AFTER DELETE ON organisations BEGIN"
       "  DELETE FROM organisation_search WHERE rowid = old.rowid;"
       "END;" },
  /* The search's synonym groups as advisors keep them on the server, a document each;
   * they come whole with a bundle (docs/search.md). Empty, with no
   * meta.synonyms_from_server, until a server sends them: the built-in list is used. */
  { 6, "CREATE TABLE IF NOT EXISTS synonyms (id TEXT PRIMARY KEY, document TEXT NOT NULL);" },
  /* The names again, in an index of their own: a query's words are looked up once more
   * in the names alone to rank places named by them first, and in the whole index that
   * read every description and service too (half of a search's time with 10,000
   * places). Filled from organisation_search's own columns after each of its writes,
   * in the same trigger, so each name is analysed once. */
  { 7, "CREATE VIRTUAL TABLE organisation_names USING fts5 ("
       "  name, name_bases, name_stems, tokenize = 'unicode61 remove_diacritics 2');"
       "INSERT INTO organisation_names (rowid, name, name_bases, name_stems)"
       "  SELECT rowid, name, name_bases, name_stems FROM organisation_search;"
       "DROP TRIGGER organisation_search_before_insert;"
       "DROP TRIGGER organisation_search_after_insert;"
       "DROP TRIGGER organisation_search_after_update;"
       "DROP TRIGGER organisation_search_after_delete;"
       "CREATE TRIGGER organisation_search_before_insert BEFORE INSERT ON organisations BEGIN"
       "  DELETE FROM organisation_search"
       "  WHERE rowid = (SELECT rowid FROM organisations WHERE id = new.id);"
       "  DELETE FROM organisation_names"
       "  WHERE rowid = (SELECT rowid FROM organisations WHERE id = new.id);"
       "END;"
       "CREATE TRIGGER organisation_search_after_insert AFTER INSERT ON organisations BEGIN"
       "  INSERT INTO organisation_search"
       "    (rowid, name, name_bases, name_stems, municipality, kind, address, text, bases, stems)"
       "    SELECT * FROM organisation_search_source WHERE organisation_rowid = new.rowid;"
       "  INSERT INTO organisation_names (rowid, name, name_bases, name_stems)"
       "    SELECT rowid, name, name_bases, name_stems FROM organisation_search"
       "    WHERE rowid = new.rowid;"
       "END;"
       "CREATE TRIGGER organisation_search_after_update AFTER UPDATE ON organisations BEGIN"
       "  DELETE FROM organisation_search WHERE rowid = old.rowid;"
       "  DELETE FROM organisation_names WHERE rowid = old.rowid;"
       "  INSERT INTO organisation_search"
       "    (rowid, name, name_bases, name_stems, municipality, kind, address, text, bases, stems)"
       "    SELECT * FROM organisation_search_source WHERE organisation_rowid = new.rowid;"
       "  INSERT INTO organisation_names (rowid, name, name_bases, name_stems)"
       "    SELECT rowid, name, name_bases, name_stems FROM organisation_search"
       "    WHERE rowid = new.rowid;"
       "END;"
       "CREATE TRIGGER organisation_search_after_delete AFTER DELETE ON organisations BEGIN"
       "  DELETE FROM organisation_search WHERE rowid = old.rowid;"
       "  DELETE FROM organisation_names WHERE rowid = old.rowid;"
       "END;" },
};

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

  g_clear_pointer (&self->directory, kiosk_directory_index_free);
  g_clear_pointer (&self->home_municipality, g_free);
  /* Statements first: a connection closes only once they are finalized. */
  g_clear_pointer (&self->statements, nv_sqlite_cache_free);
  g_clear_pointer (&self->db, nv_sqlite_close);
  g_free (self->path);
  /* After the connection, whose search functions use it. */
  g_clear_pointer (&self->terms, kiosk_search_terms_free);
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

gboolean
kiosk_store_open_file (KioskStore *self, GError **error)
{
  /* A new connection (a rebuilt file, kiosk-store-repair.c) has neither yet. */
  self->names_made = self->synonyms_loaded = FALSE;
  /* FULL: the outbox that comes with usage events must survive a power cut. */
  if ((self->db = nv_sqlite_open (self->path, NV_SQLITE_SYNC_FULL, error)) == NULL)
    return FALSE;
  /* A deleted appointment request is overwritten, not only unlinked: a name and a phone
   * number must not linger in free pages once the server has them. */
  if (!nv_sqlite_exec (self->db, "PRAGMA secure_delete = ON", error)
      || !kiosk_store_create_search_functions (self, self->use_voikko, error)
      || !nv_sqlite_migrate (self->db, migrations, G_N_ELEMENTS (migrations), error)
      || !kiosk_store_check_search_index (self, error))
    return FALSE;
  /* Every screen, keystroke and event asks the same few queries: each is prepared
   * once, after the migrations, so none is compiled against an older schema. The
   * municipalities' names and the synonyms wait for the first search: the kiosk opens
   * its store before its first frame, which shows neither. */
  self->statements = nv_sqlite_cache_new (self->db);
  return TRUE;
}

KioskStore *
kiosk_store_open (const char *data_dir, GError **error)
{
  return kiosk_store_open_with_voikko (data_dir, TRUE, error);
}

KioskStore *
kiosk_store_open_with_voikko (const char *data_dir, gboolean use_voikko, GError **error)
{
  g_autoptr (KioskStore) self = NULL;
  g_autoptr (KioskSalvage) salvage = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_STORE, NULL);
  self->use_voikko = use_voikko;
  self->path = g_build_filename (data_dir, "kiosk.db", NULL);
  /* A damaged file is replaced by a fresh one that keeps what its outboxes still hold. */
  salvage = kiosk_store_salvage_if_damaged (self->path);
  if (!kiosk_store_open_file (self, error))
    return NULL;
  if (salvage != NULL && !kiosk_store_requeue_salvage (self, salvage, error))
    return NULL;
  return g_steal_pointer (&self);
}

KioskStore *
kiosk_store_open_unchecked (const char *data_dir, GError **error)
{
  g_autoptr (KioskStore) self = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_STORE, NULL);
  self->use_voikko = TRUE;
  self->path = g_build_filename (data_dir, "kiosk.db", NULL);
  if (kiosk_store_open_file (self, NULL))
    return g_steal_pointer (&self);
  /* Not even its schema reads: checked, and rebuilt when damaged, before any use. */
  g_clear_object (&self);
  return kiosk_store_open (data_dir, error);
}

NvSqliteCachedStmt *
kiosk_store_prepare (KioskStore *self, const char *sql, GError **error)
{
  return nv_sqlite_cache_prepare (self->statements, sql, error);
}

void
kiosk_store_content_changed (KioskStore *self)
{
  g_clear_pointer (&self->directory, kiosk_directory_index_free);
  g_signal_emit (self, signals[CHANGED], 0);
}

GPtrArray *
kiosk_store_read_documents (sqlite3_stmt     *stmt,
                            KioskFromJsonFunc from_json,
                            GDestroyNotify    free_func)
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

gpointer
kiosk_store_read_one (KioskStore       *self,
                      const char       *sql,
                      const char       *id,
                      KioskFromJsonFunc from_json,
                      GDestroyNotify    free_func)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) items = NULL;

  if (id == NULL || (stmt = kiosk_store_prepare (self, sql, NULL)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  items = kiosk_store_read_documents (stmt, from_json, free_func);
  return items->len > 0 ? g_ptr_array_steal_index (items, 0) : NULL;
}

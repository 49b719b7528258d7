/* kiosk-store-private.h — shared by the files of KioskStore, and by tests
 *
 * The store is one object split by concern, the way ServerStore is:
 * kiosk-store.c (opening, migrations, the statement cache, change notification),
 * kiosk-store-content.c (bundles, categories, guides, slots), kiosk-store-directory.c
 * (organisations and search) and kiosk-store-outbox.c (the two outboxes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-search-terms.h"
#include "kiosk-store.h"
#include "nv-sqlite.h"

G_BEGIN_DECLS

/* The directory as search needs it (kiosk-store-directory.c). */
typedef struct _KioskDirectoryIndex KioskDirectoryIndex;

struct _KioskStore
{
  GObject parent_instance;

  char                *path; /* kiosk.db */
  sqlite3             *db;
  NvSqliteCache       *statements;        /* prepared once for the life of the connection */
  KioskDirectoryIndex *directory;         /* NULL until a search needs it; dropped on change */
  KioskSearchTerms    *terms;             /* what a word means: base forms, stems, synonyms */
  char                *home_municipality; /* the kiosk's own; NULL when not set */
  gboolean             use_voikko;        /* Finnish word forms (tests may turn it off) */
  gboolean             names_made;        /* temp.municipality_names, made for the first search */
  gboolean             synonyms_loaded;   /* the groups given to terms, at the first search */
  gboolean             rebuilt;           /* the file was damaged at start (kiosk-store-repair.c) */
  guint                salvaged;          /* outbox rows the rebuilt store took back */
  guint                lost;              /* outbox rows that could not be read */
};

/* Tests: a store whose search knows no Finnish word forms without @use_voikko, as on a
 * machine without voikko-fi. */
KioskStore *
kiosk_store_open_with_voikko (const char *data_dir, gboolean use_voikko, GError **error);

/* Tests: the schema history. */
const NvMigration *kiosk_store_migrations (guint *n_migrations);

/* The statement for @sql from the store's cache, reset and unbound. Hold it in a
 * g_autoptr (NvSqliteCachedStmt), and never ask for the same SQL while holding it. */
NvSqliteCachedStmt *kiosk_store_prepare (KioskStore *self, const char *sql, GError **error);

/* Makes an item from one stored JSON document; NULL with @error when it is damaged. */
typedef gpointer (*KioskFromJsonFunc) (JsonNode *node, GError **error);
/* Every row of @stmt, whose first column is a document, as items; damaged rows are
 * skipped. */
GPtrArray *kiosk_store_read_documents (sqlite3_stmt     *stmt,
                                       KioskFromJsonFunc from_json,
                                       GDestroyNotify    free_func);
/* The one item @sql (with ?1 the id) finds; NULL when none, or for a NULL @id. */
gpointer kiosk_store_read_one (KioskStore       *self,
                               const char       *sql,
                               const char       *id,
                               KioskFromJsonFunc from_json,
                               GDestroyNotify    free_func);

/* After a committed change of content: drops what was built from the old content and
 * emits KioskStore::changed. */
void kiosk_store_content_changed (KioskStore *self);

/* kiosk-store-directory.c: the municipalities' names for search, made on the first search
 * after each open. */
gboolean kiosk_store_create_municipality_names (KioskStore *self, GError **error);
/* The search index's functions on this connection, and the default synonym list; before
 * the migrations, whose triggers call them. */
gboolean
kiosk_store_create_search_functions (KioskStore *self, gboolean use_voikko, GError **error);
/* The functions the search index's triggers call, on @db, analysing with @terms (which
 * must outlive the connection). */
gboolean kiosk_store_add_search_functions (sqlite3 *db, KioskSearchTerms *terms, GError **error);
/* Gives the search the synonym groups the server sent, or the built-in list when none
 * has (data/content/synonyms.json). After the migrations: on the first search after an
 * open, and whenever a bundle brings them. */
gboolean kiosk_store_load_synonyms (KioskStore *self, GError **error);
/* Indexes the directory again when the Finnish dictionary came or went since it was. */
gboolean kiosk_store_check_search_index (KioskStore *self, GError **error);
void     kiosk_directory_index_free (KioskDirectoryIndex *index);

/* Opens, sets up and migrates self->path into self->db and self->statements. */
gboolean kiosk_store_open_file (KioskStore *self, GError **error);

/* kiosk-store-repair.c: when @path is a damaged database, deletes it (and its log) and
 * returns what could be read of its outboxes; NULL when it is whole, absent or cannot
 * be opened at all. */
typedef struct _KioskSalvage KioskSalvage;
KioskSalvage                *kiosk_store_salvage_if_damaged (const char *path);
/* Adds the salvaged rows to the fresh store @self and logs the rebuild. */
gboolean kiosk_store_requeue_salvage (KioskStore *self, KioskSalvage *salvage, GError **error);
void     kiosk_salvage_free (KioskSalvage *salvage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSalvage, kiosk_salvage_free)

G_END_DECLS

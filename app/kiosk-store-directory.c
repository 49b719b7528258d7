/* kiosk-store-directory.c — organisations, the directory's search index and search
 *
 * Search runs on every keystroke, so it reads from an index in memory built from the
 * store on the first search after a change (dropped by kiosk_store_content_changed),
 * and from statements prepared once (kiosk_store_prepare). What a word means (its base
 * form, stem, synonyms, the kind of place a word of need asks for) is
 * kiosk-search-terms.c's; this file turns it into FTS5 expressions and ranks the places
 * found: the kiosk's own municipality, then its region, then the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-store-private.h"

/* The directory as search needs it, built from the store on the first search after a
 * change: a keystroke then costs an FTS5 lookup of rowids and a walk over a sorted
 * array, never a JSON document per match (docs/performance.md). */
typedef struct
{
  char         *id;
  char         *municipality;
  char         *kind;
  char         *name[NV_N_LANGS]; /* the name in each language, Finnish where missing */
  char         *street_address;
  char         *postal_code;
  char         *post_office;
  const char   *region; /* static, from nv-municipality; NULL when unknown */
  gboolean      helps;  /* a digital-support point: first among equals */
  NvAccessValue access[NV_N_ACCESS_FACTS];
} DirectoryEntry;

struct _KioskDirectoryIndex
{
  GPtrArray      *entries;           /* DirectoryEntry*, by rowid */
  GArray         *rowids;            /* gint64: entries[i]'s organisations.rowid, ascending */
  guint          *order[NV_N_LANGS]; /* indices sorted by name in that language, made lazily */
  GHashTable     *group_sets; /* group * 2 + scope + 1 → guint8[entries->len]: found by it */
  guint           groups_generation; /* of the synonym groups group_sets holds */
  guint          *rank_bases;        /* rank_base () of each entry for rank_home and rank_profile */
  char           *rank_home;
  NvAccessProfile rank_profile;
};

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

void
kiosk_directory_index_free (KioskDirectoryIndex *index)
{
  g_ptr_array_unref (index->entries);
  g_array_unref (index->rowids);
  for (guint i = 0; i < NV_N_LANGS; i++)
    g_free (index->order[i]);
  g_hash_table_unref (index->group_sets);
  g_free (index->rank_bases);
  g_free (index->rank_home);
  g_free (index);
}

/* The municipalities' Finnish and Swedish names, for this connection only, folded by
 * the same tokenizer as the search index: "uleaborg" finds Uleåborg as "oulun" finds
 * Oulun. Built from nv-municipality on every open, so it never goes stale. Prepared
 * once, not cached: it runs only here. */
gboolean
kiosk_store_create_municipality_names (KioskStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const NvMunicipality *municipalities;
  guint                 n;

  self->names_made = TRUE;
  if (!nv_sqlite_exec (self->db,
                       "CREATE VIRTUAL TABLE temp.municipality_names USING fts5 ("
                       "  code UNINDEXED, names,"
                       "  tokenize = 'unicode61 remove_diacritics 2')",
                       error))
    return FALSE;
  if ((stmt = nv_sqlite_prepare (self->db,
                                 "INSERT INTO temp.municipality_names (code, names) "
                                 "VALUES (?1, ?2 || ' ' || ?3)",
                                 error))
      == NULL)
    return FALSE;
  /* One transaction (of the temporary database only): row by row, each insert was a
   * transaction of its own, about 13 ms of the kiosk's start for 300 rows. */
  if (!nv_sqlite_exec (self->db, "BEGIN", error))
    return FALSE;
  municipalities = nv_municipalities (&n);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, municipalities[i].code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, municipalities[i].name_fi, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, municipalities[i].name_sv, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          nv_sqlite_error (error, self->db, "Cannot list the municipalities");
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return nv_sqlite_exec (self->db, "COMMIT", error);
}

/* kiosk_search_bases (text, parts), kiosk_search_stems (text): the index's view calls
 * them. */
static void
search_bases_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  sqlite3_result_text (
      context,
      kiosk_search_terms_bases (sqlite3_user_data (context), text, sqlite3_value_int (argv[1])), -1,
      g_free);
}

static void
search_stems_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  sqlite3_result_text (context, kiosk_search_terms_stems (sqlite3_user_data (context), text), -1,
                       g_free);
}

/* The column of the directory query holding the name in plain Finnish. */
#define PLAIN_NAME_COLUMN (10 + NV_N_ACCESS_FACTS)

#define SYNONYMS_RESOURCE "/fi/neuvokas/Kiosk/search-synonyms.ini"
#define DEFAULT_SYNONYMS_RESOURCE "/fi/neuvokas/Kiosk/synonyms.json"

gboolean
kiosk_store_create_search_functions (KioskStore *self, gboolean use_voikko, GError **error)
{
  g_autoptr (GBytes) synonyms = NULL;
  gsize length;

  self->terms = kiosk_search_terms_new (use_voikko);
  /* Built in: a broken list is a bug of this build, caught by the tests. */
  synonyms = g_resources_lookup_data (SYNONYMS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (synonyms == NULL
      || !kiosk_search_terms_set_synonyms (self->terms, g_bytes_get_data (synonyms, &length),
                                           g_bytes_get_size (synonyms), error))
    return FALSE;
  return kiosk_store_add_search_functions (self->db, self->terms, error);
}

gboolean
kiosk_store_add_search_functions (sqlite3 *db, KioskSearchTerms *terms, GError **error)
{
  if (sqlite3_create_function_v2 (db, "kiosk_search_bases", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                  terms, search_bases_function, NULL, NULL, NULL)
          != SQLITE_OK
      || sqlite3_create_function_v2 (db, "kiosk_search_stems", 1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC, terms,
                                     search_stems_function, NULL, NULL, NULL)
             != SQLITE_OK)
    return nv_sqlite_error (error, db, "Cannot make the search functions");
  return TRUE;
}

gboolean
kiosk_store_load_synonyms (KioskStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) from_server = NULL;
  g_autoptr (GPtrArray) groups = NULL;

  /* Tried once: a list that cannot be used leaves the one in use (kiosk_store_apply_content). */
  self->synonyms_loaded = TRUE;
  if ((from_server
       = kiosk_store_prepare (self, "SELECT 1 FROM meta WHERE key = 'synonyms_from_server'", error))
      == NULL)
    return FALSE;
  if (sqlite3_step (from_server) == SQLITE_ROW)
    {
      g_autoptr (NvSqliteCachedStmt) read
          = kiosk_store_prepare (self, "SELECT document FROM synonyms ORDER BY id", error);

      if (read == NULL)
        return FALSE;
      groups = kiosk_store_read_documents (read, (KioskFromJsonFunc) nv_synonym_group_from_json,
                                           (GDestroyNotify) nv_synonym_group_free);
    }
  else
    {
      /* Built in: a broken list is a bug of this build, caught by the tests. */
      g_autoptr (GBytes) bytes = g_resources_lookup_data (DEFAULT_SYNONYMS_RESOURCE,
                                                          G_RESOURCE_LOOKUP_FLAGS_NONE, error);

      if (bytes == NULL || (groups = nv_content_synonyms_from_bytes (bytes, error)) == NULL)
        return FALSE;
    }
  return kiosk_search_terms_set_groups (self->terms, groups, error);
}

/* The index was built with or without voikko-fi's base forms: when that changed since
 * (the package was installed or removed), it is built again, in one transaction. */
gboolean
kiosk_store_check_search_index (KioskStore *self, GError **error)
{
  const char *analyser = kiosk_search_terms_has_voikko (self->terms) ? "voikko" : "prefix";
  g_autoptr (sqlite3_stmt) read = NULL;
  g_autoptr (sqlite3_stmt) write = NULL;
  gboolean ok;

  if ((read
       = nv_sqlite_prepare (self->db, "SELECT value FROM meta WHERE key = 'search_words'", error))
      == NULL)
    return FALSE;
  if (sqlite3_step (read) == SQLITE_ROW
      && g_strcmp0 ((const char *) sqlite3_column_text (read, 0), analyser) == 0)
    return TRUE;
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = nv_sqlite_exec (self->db,
                       "DELETE FROM organisation_search;"
                       "INSERT INTO organisation_search (rowid, name, name_bases, name_stems,"
                       "  municipality, kind, address, text, bases, stems)"
                       "  SELECT * FROM organisation_search_source;"
                       "DELETE FROM organisation_names;"
                       "INSERT INTO organisation_names (rowid, name, name_bases, name_stems)"
                       "  SELECT rowid, name, name_bases, name_stems FROM organisation_search;",
                       error)
       && (write = nv_sqlite_prepare (self->db,
                                      "INSERT OR REPLACE INTO meta (key, value)"
                                      " VALUES ('search_words', ?1)",
                                      error))
              != NULL;
  if (ok)
    {
      sqlite3_bind_text (write, 1, analyser, -1, SQLITE_STATIC);
      if (sqlite3_step (write) != SQLITE_DONE)
        ok = nv_sqlite_error (error, self->db, "Cannot note how the directory was indexed");
    }
  return nv_sqlite_end (self->db, ok, error) && ok;
}

void
kiosk_store_set_home_municipality (KioskStore *self, const char *code)
{
  g_return_if_fail (KIOSK_IS_STORE (self));

  g_free (self->home_municipality);
  self->home_municipality = code != NULL && code[0] != '\0' ? g_strdup (code) : NULL;
}

const char *
kiosk_store_get_home_municipality (KioskStore *self)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return self->home_municipality;
}

/* Organisations */

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
kiosk_store_list_organisations (KioskStore *self, NvLang lang)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  GPtrArray *organisations;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  stmt = kiosk_store_prepare (self, "SELECT document FROM organisations", NULL);
  organisations = kiosk_store_read_documents (stmt, (KioskFromJsonFunc) nv_organisation_from_json,
                                              (GDestroyNotify) nv_organisation_free);
  g_ptr_array_sort_with_data (organisations, compare_organisations, &lang);
  return organisations;
}

NvOrganisation *
kiosk_store_get_organisation (KioskStore *self, const char *id)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  return kiosk_store_read_one (self, "SELECT document FROM organisations WHERE id = ?1", id,
                               (KioskFromJsonFunc) nv_organisation_from_json,
                               (GDestroyNotify) nv_organisation_free);
}

/* Directory search */

#define MAX_QUERY_WORDS KIOSK_SEARCH_MAX_WORDS
/* A word of fewer letters is still being typed: it has no base form, stem or synonym
 * worth looking up, and as a prefix it already matches most of the directory. */
#define MIN_WORD_LETTERS 3

static gboolean
is_being_typed (const char *word)
{
  return g_utf8_strlen (word, -1) < MIN_WORD_LETTERS;
}

/* kiosk_search_terms_match_own() for @word, each alternative once (a base form may be
 * the word as typed). An alternative holds no " OR " (a quoted word has no space). */
static GString *
match_own (KioskStore *self, const char *word, KioskSearchScope scope)
{
  g_autofree char *own = kiosk_search_terms_match_own (self->terms, word, scope);
  g_auto (GStrv) alternatives = g_strsplit (own, " OR ", -1);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GString *match = g_string_new (NULL);

  for (guint i = 0; alternatives[i] != NULL; i++)
    if (g_hash_table_add (seen, alternatives[i]))
      g_string_append_printf (match, "%s%s", match->len > 0 ? " OR " : "", alternatives[i]);
  return match;
}

/* The municipalities whose Finnish or Swedish name @word begins, or names by a base
 * form or stem of @word ("oulussa", "uleåborgs"), as FTS5 alternatives. */
static void
append_municipalities (KioskStore *self, GString *match, const char *word)
{
  g_autoptr (NvSqliteCachedStmt) names = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *bases = kiosk_search_terms_query_bases (self->terms, word);
  g_autoptr (GPtrArray) forms = kiosk_search_terms_split (bases, G_MAXUINT);

  names = kiosk_store_prepare (self,
                               "SELECT code FROM temp.municipality_names "
                               "WHERE municipality_names MATCH ?1",
                               NULL);
  if (names == NULL)
    return;
  g_ptr_array_insert (forms, 0, g_strdup (word));
  for (guint i = 0; i < forms->len; i++)
    {
      /* The first is the word being typed: a prefix; base forms are whole words. */
      g_autofree char *expression
          = g_strdup_printf ("\"%s\"%s", (char *) forms->pdata[i], i == 0 ? "*" : "");

      sqlite3_reset (names);
      sqlite3_bind_text (names, 1, expression, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (names) == SQLITE_ROW)
        {
          const char *code = (const char *) sqlite3_column_text (names, 0);

          if (g_hash_table_add (seen, g_strdup (code)))
            g_string_append_printf (match, " OR municipality : \"m%s\"", code);
        }
    }
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

static KioskDirectoryIndex *
get_directory_index (KioskStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  KioskDirectoryIndex *index;
  int                  status;

  if (self->directory != NULL)
    return self->directory;
  stmt = kiosk_store_prepare (
      self,
      "SELECT rowid, id, municipality, kind, json_extract(document, '$.name.fi'),"
      "       json_extract(document, '$.name.sv'), json_extract(document, '$.name.en'),"
      "       json_extract(document, '$.street_address'),"
      "       json_extract(document, '$.postal_code'),"
      "       json_extract(document, '$.post_office'),"
      /* The accessibility facts, in the order of NvAccessFact: 1, 0 or NULL. */
      "       json_extract(document, '$.access.step_free_entrance'),"
      "       json_extract(document, '$.access.lift_or_ramp'),"
      "       json_extract(document, '$.access.accessible_toilet'),"
      "       json_extract(document, '$.access.disabled_parking'),"
      "       json_extract(document, '$.access.induction_loop'),"
      "       json_extract(document, '$.access.visual_guidance'),"
      /* Plain Finnish came after the columns above: its name is last. */
      "       json_extract(document, '$.name.\"fi-x-selko\"')"
      "  FROM organisations ORDER BY rowid",
      error);
  if (stmt == NULL)
    return NULL;
  index = g_new0 (KioskDirectoryIndex, 1);
  index->entries = g_ptr_array_new_with_free_func (directory_entry_free);
  index->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  index->group_sets = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DirectoryEntry *entry = g_new0 (DirectoryEntry, 1);
      gint64          rowid = sqlite3_column_int64 (stmt, 0);

      entry->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->municipality = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->region = nv_municipality_region (entry->municipality);
      entry->helps = g_strcmp0 (entry->kind, "digital-support") == 0;
      for (guint lang = 0; lang < NV_N_LANGS; lang++)
        {
          const char *name = (const char *) sqlite3_column_text (
              stmt, lang == NV_LANG_FI_PLAIN ? PLAIN_NAME_COLUMN : 4 + (int) lang);

          if (name == NULL)
            name = (const char *) sqlite3_column_text (stmt, 4);
          entry->name[lang] = g_strdup (name != NULL ? name : "");
        }
      entry->street_address = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      entry->postal_code = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      entry->post_office = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      G_STATIC_ASSERT (NV_N_ACCESS_FACTS == 6);
      for (guint f = 0; f < NV_N_ACCESS_FACTS; f++)
        if (sqlite3_column_type (stmt, 10 + f) != SQLITE_NULL)
          entry->access[f] = sqlite3_column_int (stmt, 10 + f) ? NV_ACCESS_YES : NV_ACCESS_NO;
      g_ptr_array_add (index->entries, entry);
      g_array_append_val (index->rowids, rowid);
    }
  if (status != SQLITE_DONE)
    {
      nv_sqlite_error (error, self->db, "Cannot read the directory");
      kiosk_directory_index_free (index);
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
get_name_order (KioskDirectoryIndex *index, NvLang lang)
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
count_matches (KioskStore          *self,
               KioskDirectoryIndex *index,
               sqlite3_stmt        *stmt,
               const char          *match,
               guint8              *counts,
               GError             **error)
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

typedef struct
{
  guint position; /* in index->entries */
  guint rank;     /* where the place is, how much of the query its name holds, its kind */
  guint order;    /* its name's place from A to Ö */
} RankedEntry;

static int
compare_ranked_entries (gconstpointer a, gconstpointer b)
{
  const RankedEntry *ra = a, *rb = b;

  if (ra->rank != rb->rank)
    return ra->rank < rb->rank ? -1 : 1;
  return ra->order < rb->order ? -1 : ra->order > rb->order;
}

/* Lower first: the kiosk's own municipality, then its region, then the rest of Finland;
 * within each, places named by more of the words; among equals found by a query,
 * digital-support points (the help a resident at a kiosk most often needs). Without
 * words, the list stays A to Ö. What does not depend on the query is worked out once per
 * home and profile (get_rank_bases): the base, doubled, plus one for a digital-support
 * point. */
static guint
rank_entry (guint base, guint n_words, guint in_name)
{
  return (base >> 1) + (MAX_QUERY_WORDS - MIN (in_name, MAX_QUERY_WORDS)) * 2
         + ((base & 1) || n_words == 0 ? 0 : 1);
}

static guint
rank_base (const DirectoryEntry *entry,
           const char           *home,
           const char           *home_region,
           NvAccessProfile       profile)
{
  guint place = 0;

  if (home != NULL && g_strcmp0 (entry->municipality, home) != 0)
    place = home_region != NULL && g_strcmp0 (entry->region, home_region) == 0 ? 1 : 2;
  /* A resident who told the kiosk their needs gets the places that meet them first, the
   * places nobody surveyed next, and the ones known to fall short last. */
  return (nv_access_assess (entry->access, profile) * 10000 + place * 1000) * 2
         + (entry->helps ? 1 : 0);
}

/* rank_base () of every entry, by index: reading each entry's own allocation for every
 * match, in the order of the names, cost a key as much as the rest of the ranking. */
static const guint *
get_rank_bases (KioskDirectoryIndex *index, const char *home, NvAccessProfile profile)
{
  const char *home_region = home != NULL ? nv_municipality_region (home) : NULL;

  if (index->rank_bases != NULL && index->rank_profile == profile
      && g_strcmp0 (index->rank_home, home) == 0)
    return index->rank_bases;
  g_free (index->rank_home);
  index->rank_home = g_strdup (home);
  index->rank_profile = profile;
  g_free (index->rank_bases);
  index->rank_bases = g_new (guint, MAX (index->entries->len, 1));
  for (guint i = 0; i < index->entries->len; i++)
    index->rank_bases[i] = rank_base (index->entries->pdata[i], home, home_region, profile);
  return index->rank_bases;
}

/* Whether @entry is in the area @filter names: a municipality's code, or "region:" and a
 * region's code. */
static gboolean
is_in_area (const DirectoryEntry *entry, const char *filter)
{
  if (filter == NULL)
    return TRUE;
  if (g_str_has_prefix (filter, KIOSK_STORE_REGION_PREFIX))
    return g_strcmp0 (entry->region, filter + strlen (KIOSK_STORE_REGION_PREFIX)) == 0;
  return g_strcmp0 (entry->municipality, filter) == 0;
}

/* In the area @municipality names (is_in_area) and, unless NULL, of @kind. */
static gboolean
is_wanted (const DirectoryEntry *entry, const char *municipality, const char *kind)
{
  return is_in_area (entry, municipality) && (kind == NULL || g_strcmp0 (entry->kind, kind) == 0);
}

/* The statement that finds rowids in the index of @scope. */
static NvSqliteCachedStmt *
prepare_scope (KioskStore *self, KioskSearchScope scope, GError **error)
{
  return kiosk_store_prepare (self,
                              scope == KIOSK_SEARCH_NAME ? "SELECT rowid FROM organisation_names"
                                                           " WHERE organisation_names MATCH ?1"
                                                         : "SELECT rowid FROM organisation_search"
                                                           " WHERE organisation_search MATCH ?1",
                              error);
}

/* What synonym group @group finds in @scope, one byte per entry: looked up by its FTS5
 * expression the first time a query needs it, then kept until the content or the groups
 * change. A group's expression has all its words, their base forms and stems (30 or more
 * alternatives for "neuvonta"), and looking them up took most of such a key's search,
 * several times the raw query for the word alone (docs/performance.md). */
static const guint8 *
get_group_set (KioskStore          *self,
               KioskDirectoryIndex *index,
               guint                group,
               guint                generation,
               KioskSearchScope     scope,
               GError             **error)
{
  gpointer key = GUINT_TO_POINTER (group * 2 + scope + 1);
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char   *match = NULL;
  g_autofree guint8 *set = NULL;
  guint8            *kept;

  if (index->groups_generation != generation)
    {
      g_hash_table_remove_all (index->group_sets);
      index->groups_generation = generation;
    }
  if ((kept = g_hash_table_lookup (index->group_sets, key)) != NULL)
    return kept;
  set = g_malloc0 (MAX (index->entries->len, 1));
  match = kiosk_search_terms_group_match (self->terms, group, generation, scope);
  if (match != NULL
      && ((stmt = prepare_scope (self, scope, error)) == NULL
          || !count_matches (self, index, stmt, match, set, error)))
    return NULL;
  kept = g_steal_pointer (&set);
  g_hash_table_insert (index->group_sets, key, kept);
  return kept;
}

/* Marks in @found (one byte per entry, zeroed) the entries that @word finds in @scope:
 * as typed (a prefix), by its base forms and stem, and anywhere by the municipalities it
 * names, through FTS5; by its synonym groups, through what each group found before. A
 * word still being typed is only its prefix. Nothing the resident types is read as FTS5
 * syntax (AND, NEAR, column filters…): a word holds no quote, and a quoted string is only
 * ever text. */
static gboolean
find_word (KioskStore          *self,
           KioskDirectoryIndex *index,
           const char          *word,
           KioskSearchScope     scope,
           guint8              *found,
           GError             **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GString) match = NULL;
  g_autoptr (GArray) groups = NULL;
  guint generation;
  guint n = index->entries->len;

  if (is_being_typed (word))
    {
      match = g_string_new (NULL);
      g_string_printf (match, "\"%s\"*", word);
    }
  else
    {
      match = match_own (self, word, scope);
      if (scope == KIOSK_SEARCH_ANYWHERE)
        append_municipalities (self, match, word);
      groups = kiosk_search_terms_word_groups (self->terms, word, &generation);
    }
  if ((stmt = prepare_scope (self, scope, error)) == NULL
      || !count_matches (self, index, stmt, match->str, found, error))
    return FALSE;
  for (guint g = 0; groups != NULL && g < groups->len; g++)
    {
      const guint8 *set
          = get_group_set (self, index, g_array_index (groups, guint, g), generation, scope, error);

      if (set == NULL)
        return FALSE;
      for (guint i = 0; i < n; i++)
        found[i] |= set[i];
    }
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
  return kiosk_store_search_organisations_for (
      self, query, municipality, kind, NV_ACCESS_PROFILE_NONE, lang, limit, out_total, error);
}

GPtrArray *
kiosk_store_search_organisations_for (KioskStore     *self,
                                      const char     *query,
                                      const char     *municipality,
                                      const char     *kind,
                                      NvAccessProfile profile,
                                      NvLang          lang,
                                      guint           limit,
                                      guint          *out_total,
                                      GError        **error)
{
  g_autoptr (GPtrArray) words = NULL;
  g_autoptr (GArray) ranked = NULL;
  g_autofree guint8   *matched = NULL;
  g_autofree guint8   *in_name = NULL;
  KioskDirectoryIndex *index;
  const guint         *order;
  const guint         *bases;
  GPtrArray           *hits;
  guint                n;
  guint                total = 0;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (lang < NV_N_LANGS, NULL);
  g_return_val_if_fail (profile < NV_N_ACCESS_PROFILES, NULL);

  if (out_total != NULL)
    *out_total = 0;
  if ((!self->names_made && !kiosk_store_create_municipality_names (self, error))
      || (!self->synonyms_loaded && !kiosk_store_load_synonyms (self, error))
      || (index = get_directory_index (self, error)) == NULL)
    return NULL;
  n = index->entries->len;
  order = get_name_order (index, lang);
  bases = get_rank_bases (index, self->home_municipality, profile);
  words = kiosk_search_terms_query_words (self->terms, query);

  /* Which entries match every word, and how many of the words each has in its name. */
  matched = g_malloc0 (MAX (n, 1));
  in_name = g_malloc0 (MAX (n, 1));
  if (words->len == 0)
    memset (matched, 1, n);
  else
    {
      g_autofree guint8 *found = g_malloc (MAX (n, 1));

      for (guint w = 0; w < words->len; w++)
        {
          /* Anywhere, then (a word typed whole) once more in the names alone: a word still
           * being typed counts for no place's name, since a second search on each of the
           * first keys ranked places by a letter or two. */
          for (KioskSearchScope scope = KIOSK_SEARCH_ANYWHERE; scope <= KIOSK_SEARCH_NAME; scope++)
            {
              if (scope == KIOSK_SEARCH_NAME && is_being_typed (words->pdata[w]))
                break;
              memset (found, 0, n);
              if (!find_word (self, index, words->pdata[w], scope, found, error))
                return NULL;
              for (guint i = 0; i < n; i++)
                (scope == KIOSK_SEARCH_ANYWHERE ? matched : in_name)[i] += found[i];
            }
        }
      for (guint i = 0; i < n; i++)
        matched[i] = matched[i] == words->len;
    }

  /* Ranked, then A to Ö within a rank: an order someone reading down the list can
   * follow (bm25's was not, and ranking every match by it cost a keystroke 50 ms with
   * 10,000 places). Walked from A to Ö, only the first @limit are kept in order: sorting
   * every match (all 10,000 for a letter) was most of what a key cost beyond the FTS5
   * query itself. */
  ranked = g_array_new (FALSE, FALSE, sizeof (RankedEntry));
  for (guint position = 0; position < n; position++)
    {
      guint       i = order[position];
      RankedEntry item = { i, 0, position };
      guint       at;

      /* Only a filter reads the entry itself. */
      if (!matched[i]
          || ((municipality != NULL || kind != NULL)
              && !is_wanted (index->entries->pdata[i], municipality, kind)))
        continue;
      total++;
      item.rank = rank_entry (bases[i], words->len, in_name[i]);
      if (limit == 0)
        {
          g_array_append_val (ranked, item);
          continue;
        }
      /* After every kept one of the same rank or better: those come earlier from A to Ö. */
      for (at = ranked->len; at > 0 && g_array_index (ranked, RankedEntry, at - 1).rank > item.rank;
           at--)
        ;
      if (at < limit)
        {
          g_array_insert_val (ranked, at, item);
          if (ranked->len > limit)
            g_array_set_size (ranked, limit);
        }
    }
  if (limit == 0)
    g_array_sort (ranked, compare_ranked_entries);
  if (out_total != NULL)
    *out_total = total;

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_directory_hit_free);
  for (guint i = 0; i < ranked->len && (limit == 0 || hits->len < limit); i++)
    {
      DirectoryEntry *entry
          = index->entries->pdata[g_array_index (ranked, RankedEntry, i).position];
      KioskDirectoryHit *hit = g_new0 (KioskDirectoryHit, 1);

      hit->id = g_strdup (entry->id);
      hit->name = g_strdup (entry->name[lang]);
      hit->kind = g_strdup (entry->kind);
      hit->municipality = g_strdup (entry->municipality);
      hit->street_address = g_strdup (entry->street_address);
      hit->postal_code = g_strdup (entry->postal_code);
      hit->post_office = g_strdup (entry->post_office);
      hit->fit = nv_access_assess (entry->access, profile);
      hit->lacks = nv_access_lacks (entry->access, profile);
      g_ptr_array_add (hits, hit);
    }
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
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (KIOSK_IS_STORE (self), codes);

  stmt = kiosk_store_prepare (self, "SELECT DISTINCT municipality FROM organisations", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_ptr_array_sort_with_data (codes, compare_municipality_codes, &lang);
  return codes;
}

GPtrArray *
kiosk_store_list_organisation_kinds (KioskStore *self)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  const char *const *kinds = nv_organisation_kinds ();
  GPtrArray         *present = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (KIOSK_IS_STORE (self), present);

  stmt = kiosk_store_prepare (self, "SELECT EXISTS (SELECT 1 FROM organisations WHERE kind = ?1)",
                              NULL);
  for (guint i = 0; stmt != NULL && kinds[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, kinds[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0))
        g_ptr_array_add (present, g_strdup (kinds[i]));
    }
  return present;
}

gboolean
kiosk_store_has_sample_organisations (KioskStore *self)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  stmt = kiosk_store_prepare (
      self, "SELECT 1 FROM organisations WHERE json_extract (document, '$.sample') = 1 LIMIT 1",
      NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

/* kiosk-store-directory.c — organisations, the directory's search index and search
 *
 * Search runs on every keystroke, so it reads from an index in memory built from the
 * store on the first search after a change (dropped by kiosk_store_content_changed),
 * and from statements prepared once (kiosk_store_prepare).
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
  char *id;
  char *municipality;
  char *kind;
  char *name[NV_N_LANGS]; /* the name in each language, Finnish where missing */
  char *street_address;
  char *postal_code;
  char *post_office;
} DirectoryEntry;

struct _KioskDirectoryIndex
{
  GPtrArray *entries;           /* DirectoryEntry*, by rowid */
  GArray    *rowids;            /* gint64: entries[i]'s organisations.rowid, ascending */
  guint     *order[NV_N_LANGS]; /* indices sorted by name in that language, made lazily */
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
  g_autoptr (NvSqliteCachedStmt) names = NULL;
  g_autoptr (GString) match = g_string_new (NULL);

  if (terms->len == 0)
    return NULL;
  names = kiosk_store_prepare (self,
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
      "       json_extract(document, '$.post_office')"
      "  FROM organisations ORDER BY rowid",
      error);
  if (stmt == NULL)
    return NULL;
  index = g_new0 (KioskDirectoryIndex, 1);
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
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char     *match = NULL;
  g_autofree guint8   *matched = NULL;
  g_autofree guint8   *in_name = NULL;
  GArray              *tiers[MAX_QUERY_TERMS + 1];
  KioskDirectoryIndex *index;
  const guint         *order;
  GPtrArray           *hits;
  guint                n, total = 0;

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
      if ((stmt = kiosk_store_prepare (self,
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

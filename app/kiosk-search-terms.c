/* kiosk-search-terms.c — what a word means to the directory search
 *
 * Residents type the word as they would say it: "terveyskeskuksessa", "kirjastoon",
 * "biblioteket", "apua". Finnish inflects and compounds, so the index holds, beside the
 * text, the base forms and compound parts libvoikko finds (voikko-fi's dictionary), and
 * the Swedish stems Snowball's stemmer gives ("biblioteken" → "bibliotek"); a query word is
 * normalised the same way. Both are well-kept libraries: no suffix rule here is written by hand.
 * Synonyms
 * ("terveyskeskus" ↔ "terveysasema") and words of need ("apua" → digital support) come
 * from the list advisors edit, which travels with the content (NvSynonymGroup; the
 * default is data/content/synonyms.json); the words that only carry a sentence from
 * data/search-synonyms.ini.
 *
 * Neither libvoikko's nor libstemmer's handles are thread-safe: each analyser owns one
 * of each and uses them under its lock. Analyses are cached: a directory repeats its
 * words, and a full replace of 10,000 places would otherwise ask voikko 600,000 times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-search-terms.h"

#include <libstemmer.h>
#include <libvoikko/voikko.h>
#include <string.h>

#include "nv-error.h"
#include "nv-synonym.h"

#define MAX_CACHED 50000
#define MIN_LISTED_PREFIX 4

typedef struct
{
  char *kind;     /* a word of need: the kind of place that helps; else NULL */
  char *match[2]; /* FTS5 alternatives for the whole group, by KioskSearchScope */
} SynonymGroup;

struct _KioskSearchTerms
{
  GMutex               lock;
  struct VoikkoHandle *voikko; /* NULL: no Finnish dictionary */
  struct sb_stemmer   *swedish;
  GHashTable          *bases_cache; /* word → "base part part" (index form) */
  GHashTable          *base_cache;  /* word → "base base" (query form: no parts) */
  GPtrArray           *groups;      /* SynonymGroup* */
  GHashTable          *group_of;    /* form → GArray of guint: indices into groups */
  GHashTable          *ignored;     /* form → itself: words that only carry the sentence */
  guint                generation;  /* one more each time the groups are replaced */
};

static void
synonym_group_free (gpointer data)
{
  SynonymGroup *group = data;

  g_free (group->kind);
  g_free (group->match[0]);
  g_free (group->match[1]);
  g_free (group);
}

static void
array_unref (gpointer data)
{
  g_array_unref (data);
}

KioskSearchTerms *
kiosk_search_terms_new (gboolean use_voikko)
{
  KioskSearchTerms *self = g_new0 (KioskSearchTerms, 1);

  g_mutex_init (&self->lock);
  if (use_voikko)
    {
      const char *message = NULL;

      if ((self->voikko = voikkoInit (&message, "fi", NULL)) == NULL)
        g_message ("Finnish word forms are not known (%s): search matches word beginnings",
                   message != NULL ? message : "no dictionary");
    }
  self->swedish = sb_stemmer_new ("swedish", NULL);
  self->bases_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->base_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->groups = g_ptr_array_new_with_free_func (synonym_group_free);
  self->group_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, array_unref);
  self->ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
kiosk_search_terms_free (KioskSearchTerms *self)
{
  if (self == NULL)
    return;
  if (self->voikko != NULL)
    voikkoTerminate (self->voikko);
  sb_stemmer_delete (self->swedish);
  g_hash_table_unref (self->bases_cache);
  g_hash_table_unref (self->base_cache);
  g_ptr_array_unref (self->groups);
  g_hash_table_unref (self->group_of);
  g_hash_table_unref (self->ignored);
  g_mutex_clear (&self->lock);
  g_free (self);
}

gboolean
kiosk_search_terms_has_voikko (KioskSearchTerms *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->voikko != NULL;
}

GPtrArray *
kiosk_search_terms_split (const char *text, guint max_words)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *normalised = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  GPtrArray       *words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) word = g_string_new (NULL);
  guint    word_chars = 0;
  gboolean has_alnum = FALSE;

  for (const char *p = normalised; words->len < max_words; p = g_utf8_next_char (p))
    {
      gunichar     c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (c != 0
          && (g_unichar_isalnum (c) || type == G_UNICODE_NON_SPACING_MARK
              || type == G_UNICODE_SPACING_MARK))
        {
          has_alnum = has_alnum || g_unichar_isalnum (c);
          if (word_chars++ < KIOSK_SEARCH_MAX_WORD_CHARS)
            g_string_append_unichar (word, c);
          continue;
        }
      /* Marks alone, after punctuation, are no word: the index (FTS5's unicode61) has no
       * token for them, and a query word it cannot match found nothing at all. */
      if (word->len > 0 && has_alnum)
        g_ptr_array_add (words, g_utf8_strdown (word->str, word->len));
      g_string_truncate (word, 0);
      word_chars = 0;
      has_alnum = FALSE;
      if (c == 0)
        break;
    }
  return words;
}

/* Appends @text's words to @out, each once. */
static void
append_words (GString *out, GHashTable *seen, const char *text)
{
  g_autoptr (GPtrArray) words = kiosk_search_terms_split (text, G_MAXUINT);

  for (guint i = 0; i < words->len; i++)
    if (g_hash_table_add (seen, g_strdup (words->pdata[i])))
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", (char *) words->pdata[i]);
}

/* The parts of a compound from voikko's WORDBASES, "+terve(terve)+ys(+ys)+keskus(keskus)":
 * pieces separated by "+" outside parentheses, each its surface and maybe its base. A
 * piece whose base begins with "+" (a derivation, "ys") or that has none (a linking
 * piece, "n") belongs to the part before it: this gives "terveys" and "keskus". */
static void
append_compound_parts (GString *out, GHashTable *seen, const char *wordbases)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) part = g_string_new (NULL);
  const char *p = wordbases;

  while (*p != '\0')
    {
      const char *start, *open, *end;
      gboolean    new_part;

      if (*p == '+')
        p++;
      start = p;
      while (*p != '\0' && *p != '+' && *p != '(')
        p++;
      end = p;
      open = *p == '(' ? p : NULL;
      if (open != NULL)
        {
          while (*p != '\0' && *p != ')')
            p++;
          if (*p == ')')
            p++;
        }
      new_part = open != NULL && open[1] != '+' && open[1] != ')';
      if (new_part && part->len > 0)
        {
          g_ptr_array_add (parts, g_strdup (part->str));
          g_string_truncate (part, 0);
        }
      g_string_append_len (part, start, end - start);
    }
  if (part->len > 0)
    g_ptr_array_add (parts, g_strdup (part->str));
  if (parts->len < 2)
    return;
  for (guint i = 0; i < parts->len; i++)
    append_words (out, seen, parts->pdata[i]);
}

/* Voikko's base forms of @word, and with @parts the parts of its compounds; "" when it
 * knows none. Called under the lock. */
static const char *
analyse_word (KioskSearchTerms *self, const char *word, gboolean parts)
{
  GHashTable                  *cache = parts ? self->bases_cache : self->base_cache;
  const char                  *cached = g_hash_table_lookup (cache, word);
  struct voikko_mor_analysis **analyses;
  g_autoptr (GString) out = NULL;
  g_autoptr (GHashTable) seen = NULL;

  if (cached != NULL)
    return cached;
  /* A number has no base form: a house number or a postcode is found as written. */
  if (self->voikko == NULL || word[strspn (word, "0123456789")] == '\0')
    return "";
  out = g_string_new (NULL);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  analyses = voikkoAnalyzeWordCstr (self->voikko, word);
  for (guint i = 0; analyses != NULL && analyses[i] != NULL; i++)
    {
      char *base = voikko_mor_analysis_value_cstr (analyses[i], "BASEFORM");
      char *wordbases = parts ? voikko_mor_analysis_value_cstr (analyses[i], "WORDBASES") : NULL;

      if (base != NULL)
        append_words (out, seen, base);
      if (wordbases != NULL)
        append_compound_parts (out, seen, wordbases);
      voikko_free_mor_analysis_value_cstr (base);
      voikko_free_mor_analysis_value_cstr (wordbases);
    }
  voikko_free_mor_analysis (analyses);
  if (g_hash_table_size (cache) >= MAX_CACHED)
    g_hash_table_remove_all (cache);
  cached = g_string_free (g_steal_pointer (&out), FALSE);
  g_hash_table_insert (cache, g_strdup (word), (char *) cached);
  return cached;
}

/* The Swedish stem of @word (lower case). Called under the lock. */
static char *
stem_word (KioskSearchTerms *self, const char *word)
{
  const sb_symbol *stem;

  if (self->swedish == NULL)
    return g_strdup (word);
  stem = sb_stemmer_stem (self->swedish, (const sb_symbol *) word, (int) strlen (word));
  if (stem == NULL)
    return g_strdup (word);
  return g_strndup ((const char *) stem, sb_stemmer_length (self->swedish));
}

char *
kiosk_search_terms_bases (KioskSearchTerms *self, const char *text, gboolean parts)
{
  g_autoptr (GPtrArray) words = NULL;
  g_autoptr (GHashTable) seen = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  if (self->voikko == NULL)
    return g_string_free (out, FALSE);
  words = kiosk_search_terms_split (text, G_MAXUINT);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < words->len; i++)
    append_words (out, seen, analyse_word (self, words->pdata[i], parts));
  g_mutex_unlock (&self->lock);
  return g_string_free (out, FALSE);
}

char *
kiosk_search_terms_stems (KioskSearchTerms *self, const char *text)
{
  g_autoptr (GPtrArray) words = NULL;
  g_autoptr (GHashTable) seen = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  words = kiosk_search_terms_split (text, G_MAXUINT);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < words->len; i++)
    {
      g_autofree char *stem = stem_word (self, words->pdata[i]);

      append_words (out, seen, stem);
    }
  g_mutex_unlock (&self->lock);
  return g_string_free (out, FALSE);
}

/* The forms under which @word is looked up in the synonyms and ignored words: itself,
 * its base forms and its Swedish stem (prefixed "sv:", as stems are no Finnish words). */
static GPtrArray *
word_forms (KioskSearchTerms *self, const char *word)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bases = NULL;
  g_autofree char *stem = NULL;

  g_ptr_array_add (forms, g_strdup (word));
  g_mutex_lock (&self->lock);
  bases = kiosk_search_terms_split (analyse_word (self, word, FALSE), G_MAXUINT);
  stem = stem_word (self, word);
  g_mutex_unlock (&self->lock);
  for (guint i = 0; i < bases->len; i++)
    if (!g_str_equal (bases->pdata[i], word))
      g_ptr_array_add (forms, g_strdup (bases->pdata[i]));
  g_ptr_array_add (forms, g_strconcat ("sv:", stem, NULL));
  return forms;
}

char *
kiosk_search_terms_query_bases (KioskSearchTerms *self, const char *word)
{
  g_autofree char *stem = NULL;
  char            *bases;

  g_return_val_if_fail (self != NULL && word != NULL, NULL);

  g_mutex_lock (&self->lock);
  stem = stem_word (self, word);
  bases = g_strconcat (analyse_word (self, word, FALSE), " ", stem, NULL);
  g_mutex_unlock (&self->lock);
  return bases;
}

/* Alternatives for @word itself in @scope: as typed (a prefix, or whole when @exact),
 * its base forms and its Swedish stem. */
static void
append_word_alternatives (KioskSearchTerms *self,
                          GString          *match,
                          const char       *word,
                          KioskSearchScope  scope,
                          gboolean          exact)
{
  static const char *const raw_columns[] = { "", "{name name_bases name_stems} : " };
  static const char *const base_columns[] = { "{name_bases bases} : ", "name_bases : " };
  static const char *const stem_columns[] = { "{name_stems stems} : ", "name_stems : " };
  g_autoptr (GPtrArray) bases = NULL;
  g_autofree char *stem = NULL;

  g_mutex_lock (&self->lock);
  bases = kiosk_search_terms_split (analyse_word (self, word, FALSE), G_MAXUINT);
  stem = stem_word (self, word);
  g_mutex_unlock (&self->lock);
  g_string_append_printf (match, "%s%s\"%s\"%s", match->len > 0 ? " OR " : "", raw_columns[scope],
                          word, exact ? "" : "*");
  for (guint i = 0; i < bases->len; i++)
    g_string_append_printf (match, " OR %s\"%s\"", base_columns[scope], (char *) bases->pdata[i]);
  g_string_append_printf (match, " OR %s\"%s\"", stem_columns[scope], stem);
}

/* Builds the search's groups from @synonym_groups (NvSynonymGroup*), each named in an
 * error by its line of @labels ("The synonym list's [synonyms] kela"). */
static gboolean
build_groups (KioskSearchTerms *self,
              GPtrArray        *synonym_groups,
              GPtrArray        *labels,
              GPtrArray       **out_groups,
              GHashTable      **out_group_of,
              GError          **error)
{
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (synonym_group_free);
  g_autoptr (GHashTable) group_of
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, array_unref);

  for (guint index = 0; index < synonym_groups->len; index++)
    {
      const NvSynonymGroup *source = synonym_groups->pdata[index];
      SynonymGroup         *group = g_new0 (SynonymGroup, 1);

      g_ptr_array_add (groups, group);
      if (source->kind != NULL)
        {
          g_autoptr (GPtrArray) kind = kiosk_search_terms_split (source->kind, G_MAXUINT);
          g_autofree char *joined = NULL;

          /* The kind column holds "kdigitalsupport" for digital-support. */
          g_ptr_array_add (kind, NULL);
          joined = g_strjoinv ("", (char **) kind->pdata);
          group->kind = g_strconcat ("k", joined, NULL);
        }
      for (guint scope = 0; scope < 2; scope++)
        {
          g_autoptr (GString) match = g_string_new (NULL);

          if (group->kind != NULL && scope == KIOSK_SEARCH_ANYWHERE)
            g_string_append_printf (match, "kind : \"%s\"", group->kind);
          for (guint m = 0; source->words != NULL && source->words[m] != NULL; m++)
            {
              g_autoptr (GPtrArray) words = kiosk_search_terms_split (source->words[m], G_MAXUINT);

              if (words->len != 1)
                {
                  g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                               "%s holds “%s”: each entry must be one word",
                               (const char *) labels->pdata[index], source->words[m]);
                  return FALSE;
                }
              append_word_alternatives (self, match, words->pdata[0], scope, TRUE);
              if (scope == 0)
                {
                  g_autoptr (GPtrArray) forms = word_forms (self, words->pdata[0]);

                  for (guint f = 0; f < forms->len; f++)
                    {
                      GArray *indices = g_hash_table_lookup (group_of, forms->pdata[f]);

                      if (indices == NULL)
                        {
                          indices = g_array_new (FALSE, FALSE, sizeof (guint));
                          g_hash_table_insert (group_of, g_strdup (forms->pdata[f]), indices);
                        }
                      if (indices->len == 0
                          || g_array_index (indices, guint, indices->len - 1) != index)
                        g_array_append_val (indices, index);
                    }
                }
            }
          group->match[scope] = g_string_free (g_steal_pointer (&match), FALSE);
        }
    }
  *out_groups = g_steal_pointer (&groups);
  *out_group_of = g_steal_pointer (&group_of);
  return TRUE;
}

static void
replace_groups (KioskSearchTerms *self, GPtrArray *groups, GHashTable *group_of)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_unref (self->groups);
  self->groups = groups;
  g_hash_table_unref (self->group_of);
  self->group_of = group_of;
  self->generation++;
  g_mutex_unlock (&self->lock);
}

gboolean
kiosk_search_terms_set_synonyms (KioskSearchTerms *self,
                                 const char       *data,
                                 gsize             length,
                                 GError          **error)
{
  /* Only [synonyms] is no kind: [needs] and [kinds] lead to places of a kind. */
  static const char *const sections[] = { "synonyms", "needs", "kinds" };
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GPtrArray) synonym_groups
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_synonym_group_free);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray  *groups = NULL;
  GHashTable *group_of = NULL;
  g_autoptr (GHashTable) ignored = NULL;
  g_auto (GStrv) ignored_words = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                   "The synonym list is not UTF-8 text: save it as UTF-8");
      return FALSE;
    }
  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID, "The synonym list cannot be read: %s",
                   local_error->message);
      return FALSE;
    }
  ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (file, sections[s], NULL, NULL);

      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          NvSynonymGroup *group = nv_synonym_group_new ();

          g_ptr_array_add (synonym_groups, group);
          group->words
              = g_key_file_get_string_list (file, sections[s], keys[k], NULL, &local_error);
          if (group->words == NULL)
            {
              g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                           "The synonym list's [%s] %s cannot be read: %s", sections[s], keys[k],
                           local_error->message);
              return FALSE;
            }
          group->kind = s > 0 ? g_strdup (keys[k]) : NULL;
          g_ptr_array_add (labels,
                           g_strdup_printf ("The synonym list's [%s] %s", sections[s], keys[k]));
        }
    }
  if (!build_groups (self, synonym_groups, labels, &groups, &group_of, error))
    return FALSE;
  ignored_words = g_key_file_get_string_list (file, "ignore", "words", NULL, NULL);
  for (guint i = 0; ignored_words != NULL && ignored_words[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) words = kiosk_search_terms_split (ignored_words[i], G_MAXUINT);

      for (guint w = 0; w < words->len; w++)
        {
          g_autofree char *stem = NULL;

          g_mutex_lock (&self->lock);
          stem = stem_word (self, words->pdata[w]);
          g_mutex_unlock (&self->lock);
          /* "behöver" is ignored by its stem, as "tarvitsen" by its base form. */
          g_hash_table_add (ignored, g_strdup (words->pdata[w]));
          g_hash_table_add (ignored, g_strconcat ("sv:", stem, NULL));
        }
    }

  replace_groups (self, groups, group_of);
  g_mutex_lock (&self->lock);
  g_hash_table_unref (self->ignored);
  self->ignored = g_steal_pointer (&ignored);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

gboolean
kiosk_search_terms_set_groups (KioskSearchTerms *self, GPtrArray *synonym_groups, GError **error)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray  *groups = NULL;
  GHashTable *group_of = NULL;

  g_return_val_if_fail (self != NULL && synonym_groups != NULL, FALSE);

  for (guint i = 0; i < synonym_groups->len; i++)
    g_ptr_array_add (labels, g_strdup_printf ("The synonym group “%s”",
                                              ((NvSynonymGroup *) synonym_groups->pdata[i])->id));
  if (!build_groups (self, synonym_groups, labels, &groups, &group_of, error))
    return FALSE;
  replace_groups (self, groups, group_of);
  return TRUE;
}

/* Whether @word only carries the sentence: it, or one of its base forms, is ignored. */
static gboolean
is_ignored (KioskSearchTerms *self, const char *word)
{
  g_autoptr (GPtrArray) forms = word_forms (self, word);
  gboolean ignored = FALSE;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < forms->len && !ignored; i++)
    ignored = g_hash_table_contains (self->ignored, forms->pdata[i]);
  g_mutex_unlock (&self->lock);
  return ignored;
}

GPtrArray *
kiosk_search_terms_query_words (KioskSearchTerms *self, const char *query)
{
  g_autoptr (GPtrArray) words = kiosk_search_terms_split (query, KIOSK_SEARCH_MAX_WORDS);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self != NULL, kept);

  for (guint i = 0; i < words->len; i++)
    if (!is_ignored (self, words->pdata[i]))
      g_ptr_array_add (kept, g_strdup (words->pdata[i]));
  if (kept->len == 0)
    {
      g_ptr_array_unref (kept);
      return g_steal_pointer (&words);
    }
  return kept;
}

char *
kiosk_search_terms_match_own (KioskSearchTerms *self, const char *word, KioskSearchScope scope)
{
  GString *match = g_string_new (NULL);

  g_return_val_if_fail (self != NULL && word != NULL, NULL);

  append_word_alternatives (self, match, word, scope, FALSE);
  return g_string_free (match, FALSE);
}

GArray *
kiosk_search_terms_word_groups (KioskSearchTerms *self, const char *word, guint *generation)
{
  g_autoptr (GPtrArray) forms = NULL;
  g_autoptr (GHashTable) used = g_hash_table_new (NULL, NULL);
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (self != NULL && word != NULL, groups);

  forms = word_forms (self, word);
  /* A word that begins with a listed word of four letters or more is taken as its form
   * ("kyrkan", "kelaan"): neither library knows every one, and without voikko-fi this
   * is all there is. */
  if (g_utf8_strlen (word, -1) > MIN_LISTED_PREFIX)
    for (const char *end = g_utf8_offset_to_pointer (word, MIN_LISTED_PREFIX); *end != '\0';
         end = g_utf8_next_char (end))
      g_ptr_array_add (forms, g_strndup (word, end - word));
  g_mutex_lock (&self->lock);
  for (guint f = 0; f < forms->len; f++)
    {
      GArray *indices = g_hash_table_lookup (self->group_of, forms->pdata[f]);

      for (guint i = 0; indices != NULL && i < indices->len; i++)
        {
          guint index = g_array_index (indices, guint, i);

          if (g_hash_table_add (used, GUINT_TO_POINTER (index + 1)))
            g_array_append_val (groups, index);
        }
    }
  if (generation != NULL)
    *generation = self->generation;
  g_mutex_unlock (&self->lock);
  return groups;
}

char *
kiosk_search_terms_group_match (KioskSearchTerms *self,
                                guint             group,
                                guint             generation,
                                KioskSearchScope  scope)
{
  char *match = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (generation == self->generation && group < self->groups->len)
    match = g_strdup (((SynonymGroup *) self->groups->pdata[group])->match[scope]);
  g_mutex_unlock (&self->lock);
  return match;
}

char *
kiosk_search_terms_match_word (KioskSearchTerms *self, const char *word, KioskSearchScope scope)
{
  g_autoptr (GArray) groups = NULL;
  GString *match;
  guint    generation;

  g_return_val_if_fail (self != NULL && word != NULL, NULL);

  match = g_string_new (NULL);
  append_word_alternatives (self, match, word, scope, FALSE);
  groups = kiosk_search_terms_word_groups (self, word, &generation);
  for (guint i = 0; i < groups->len; i++)
    {
      g_autofree char *group = kiosk_search_terms_group_match (
          self, g_array_index (groups, guint, i), generation, scope);

      if (group != NULL)
        g_string_append_printf (match, " OR %s", group);
    }
  return g_string_free (match, FALSE);
}

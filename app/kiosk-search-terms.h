/* kiosk-search-terms.h — what a word means to the directory search: Finnish base forms
 * and compound parts (libvoikko), Swedish stems (Snowball), synonyms and words of need
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KioskSearchTerms KioskSearchTerms;

/* The most words of a query that are looked for, and the longest word kept. */
#define KIOSK_SEARCH_MAX_WORDS 8
#define KIOSK_SEARCH_MAX_WORD_CHARS 40

/* Where a query word is looked for (the columns of organisation_search, kiosk-store.c). */
typedef enum
{
  KIOSK_SEARCH_ANYWHERE,
  KIOSK_SEARCH_NAME,
} KioskSearchScope;

/* An analyser. Without @use_voikko, or when the Finnish dictionary (voikko-fi) is not
 * installed, Finnish words are matched by their beginnings only. Safe to use from any
 * thread: the libraries' handles are used under a lock. */
KioskSearchTerms *kiosk_search_terms_new (gboolean use_voikko);
void              kiosk_search_terms_free (KioskSearchTerms *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSearchTerms, kiosk_search_terms_free)

gboolean kiosk_search_terms_has_voikko (KioskSearchTerms *self);

/* Replaces the synonyms, words of need and ignored words with those of @data, a key file
 * (data/search-synonyms.ini describes the format). FALSE with @error naming the line's
 * group and key when it is not one; the old list is kept then. */
gboolean kiosk_search_terms_set_synonyms (KioskSearchTerms *self,
                                          const char       *data,
                                          gsize             length,
                                          GError          **error);

/* Replaces the synonyms and words of need with @groups (NvSynonymGroup*, validated: the
 * list advisors edit), keeping the ignored words. FALSE with @error naming the group when
 * one holds what this kiosk cannot take as one word; the old groups are kept then. */
gboolean kiosk_search_terms_set_groups (KioskSearchTerms *self, GPtrArray *groups, GError **error);

/* The words of @text, lower case, composed: runs of letters, digits and their marks, at
 * most @max_words of them, each cut at KIOSK_SEARCH_MAX_WORD_CHARS characters. Everything
 * else (FTS5's syntax characters included) only separates words. */
GPtrArray *kiosk_search_terms_split (const char *text, guint max_words);

/* For the index: the Finnish base forms of every word of @text and, with @parts, the
 * parts of its compounds ("terveyskeskuksessa" gives "terveyskeskus terveys keskus"),
 * space-separated. */
char *kiosk_search_terms_bases (KioskSearchTerms *self, const char *text, gboolean parts);
/* For the index: the Swedish stem of every word of @text ("biblioteken" → "bibliotek"). */
char *kiosk_search_terms_stems (KioskSearchTerms *self, const char *text);

/* For a query word: its Finnish base forms (no compound parts) and its Swedish stem,
 * space-separated. */
char *kiosk_search_terms_query_bases (KioskSearchTerms *self, const char *word);

/* The query's words, without the words that only carry the sentence ("tarvitsen",
 * "jag"), unless nothing else is left. */
GPtrArray *kiosk_search_terms_query_words (KioskSearchTerms *self, const char *query);

/* An FTS5 expression (alternatives joined by OR, no parentheses around them) matching
 * @word as typed (a prefix), by its base form and stem, by its synonyms and, for a word
 * of need, the kind of place that helps. @word comes from kiosk_search_terms_split. */
char *
kiosk_search_terms_match_word (KioskSearchTerms *self, const char *word, KioskSearchScope scope);

/* The same in two parts, so that a search can keep what each synonym group finds
 * (kiosk-store-directory.c): the alternatives of @word itself (as typed, a prefix; its
 * base forms and stem), and the synonym groups @word belongs to, as indices for
 * kiosk_search_terms_group_match () with the *@generation of the groups they index. */
char *
kiosk_search_terms_match_own (KioskSearchTerms *self, const char *word, KioskSearchScope scope);
GArray *
kiosk_search_terms_word_groups (KioskSearchTerms *self, const char *word, guint *generation);
/* A group's alternatives in @scope (its words, their base forms and stems, the kind of
 * place that helps); NULL once the groups of @generation have been replaced. */
char *kiosk_search_terms_group_match (KioskSearchTerms *self,
                                      guint             group,
                                      guint             generation,
                                      KioskSearchScope  scope);

G_END_DECLS

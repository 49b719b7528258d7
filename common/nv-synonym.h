/* nv-synonym.h — a group of words the directory search takes as one ("terveyskeskus",
 * "terveysasema", "hälsocentral"), which advisors edit and kiosks search with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The most words a group holds, and the longest word: a kiosk cuts a query's words at 40
 * characters (KIOSK_SEARCH_MAX_WORD_CHARS), so a longer one could never be typed whole. */
#define NV_SYNONYM_MAX_WORDS 30
#define NV_SYNONYM_MAX_WORD_CHARS 40

typedef struct
{
  char *id;    /* [a-z0-9-]{1,64} */
  GStrv words; /* 1–NV_SYNONYM_MAX_WORDS words, each one word in its base form */
  /* A kind of place (nv_organisation_kinds) that every word of the group also finds: a
   * word of need ("apu", "hjälp" → digital-support) or a word naming a kind ("kirjasto");
   * NULL for words that only find each other. */
  char *kind;
} NvSynonymGroup;

NvSynonymGroup *nv_synonym_group_new (void);
void            nv_synonym_group_free (NvSynonymGroup *group);
NvSynonymGroup *nv_synonym_group_copy (const NvSynonymGroup *group);
/* Each word is one word: letters, digits and their marks only (no space, hyphen or
 * control character), at most NV_SYNONYM_MAX_WORD_CHARS; none twice (case aside). The
 * error's field is like "words[2]". */
gboolean        nv_synonym_group_validate (const NvSynonymGroup *group, GError **error);
JsonNode       *nv_synonym_group_to_json (const NvSynonymGroup *group);
NvSynonymGroup *nv_synonym_group_from_json (JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvSynonymGroup, nv_synonym_group_free)

G_END_DECLS

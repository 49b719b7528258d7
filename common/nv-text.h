/* nv-text.h — languages and text written in several of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Finnish is the fallback for content missing in a language. Plain Finnish
 * (selkosuomi, code "fi-x-selko") is a content language of its own: text written for
 * it where there is some, Finnish elsewhere; words of a user interface that has no
 * plain Finnish of its own are the Finnish ones (nv_lang_base ()). */
typedef enum
{
  NV_LANG_FI,
  NV_LANG_SV,
  NV_LANG_EN,
  NV_LANG_FI_PLAIN,
  NV_N_LANGS
} NvLang;

#define NV_LANG_DEFAULT NV_LANG_FI

/* For error messages: every code nv_lang_from_code () accepts. */
#define NV_LANG_CODES "fi, sv, en or fi-x-selko"

gboolean    nv_lang_from_code (const char *code, NvLang *out_lang);
const char *nv_lang_to_code (NvLang lang);
/* The language whose words a table of fi/sv/en strings holds for @lang. */
NvLang nv_lang_base (NvLang lang);

/* {"fi": "...", "sv": "...", "en": "..."}; a missing language is NULL. */
typedef struct
{
  char *text[NV_N_LANGS];
} NvText;

void     nv_text_clear (NvText *text);
void     nv_text_copy (NvText *dest, const NvText *src);
void     nv_text_set (NvText *text, NvLang lang, const char *value);
gboolean nv_text_is_empty (const NvText *text);
gboolean nv_text_equal (const NvText *a, const NvText *b);

/* The text in @lang, else in Finnish, else in any language, else "".
 * *@fell_back (optional) is set when the text is not in @lang. Never NULL. */
const char *nv_text_get (const NvText *text, NvLang lang, gboolean *fell_back);

JsonNode *nv_text_to_json (const NvText *text);
/* Accepts an object of language code to string; unknown codes are an error
 * naming the field; NULL/null node gives an empty text. */
gboolean nv_text_from_json (NvText *text, JsonNode *node, const char *field, GError **error);

G_END_DECLS

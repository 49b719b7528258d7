/* nv-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-error.h"
#include "nv-text.h"

static const char *const lang_codes[NV_N_LANGS] = { "fi", "sv", "en", "fi-x-selko" };

gboolean
nv_lang_from_code (const char *code, NvLang *out_lang)
{
  if (code == NULL)
    return FALSE;
  for (guint i = 0; i < NV_N_LANGS; i++)
    {
      if (g_str_equal (code, lang_codes[i]))
        {
          if (out_lang != NULL)
            *out_lang = (NvLang) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
nv_lang_to_code (NvLang lang)
{
  g_return_val_if_fail (lang < NV_N_LANGS, "fi");
  return lang_codes[lang];
}

NvLang
nv_lang_base (NvLang lang)
{
  g_return_val_if_fail (lang < NV_N_LANGS, NV_LANG_FI);
  return lang == NV_LANG_FI_PLAIN ? NV_LANG_FI : lang;
}

void
nv_text_clear (NvText *text)
{
  g_return_if_fail (text != NULL);
  for (guint i = 0; i < NV_N_LANGS; i++)
    g_clear_pointer (&text->text[i], g_free);
}

void
nv_text_copy (NvText *dest, const NvText *src)
{
  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);
  for (guint i = 0; i < NV_N_LANGS; i++)
    {
      char *copy = g_strdup (src->text[i]);

      g_free (dest->text[i]);
      dest->text[i] = copy;
    }
}

void
nv_text_set (NvText *text, NvLang lang, const char *value)
{
  char *copy;

  g_return_if_fail (text != NULL);
  g_return_if_fail (lang < NV_N_LANGS);

  /* An empty string is the same as no text: it would only show as a blank. */
  copy = (value != NULL && value[0] != '\0') ? g_strdup (value) : NULL;
  g_free (text->text[lang]);
  text->text[lang] = copy;
}

gboolean
nv_text_is_empty (const NvText *text)
{
  g_return_val_if_fail (text != NULL, TRUE);
  for (guint i = 0; i < NV_N_LANGS; i++)
    if (text->text[i] != NULL && text->text[i][0] != '\0')
      return FALSE;
  return TRUE;
}

gboolean
nv_text_equal (const NvText *a, const NvText *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  for (guint i = 0; i < NV_N_LANGS; i++)
    if (g_strcmp0 (a->text[i], b->text[i]) != 0)
      return FALSE;
  return TRUE;
}

const char *
nv_text_get (const NvText *text, NvLang lang, gboolean *fell_back)
{
  g_return_val_if_fail (text != NULL, "");
  g_return_val_if_fail (lang < NV_N_LANGS, "");

  if (fell_back != NULL)
    *fell_back = FALSE;
  if (text->text[lang] != NULL && text->text[lang][0] != '\0')
    return text->text[lang];

  if (fell_back != NULL)
    *fell_back = TRUE;
  if (text->text[NV_LANG_FI] != NULL && text->text[NV_LANG_FI][0] != '\0')
    return text->text[NV_LANG_FI];
  for (guint i = 0; i < NV_N_LANGS; i++)
    if (text->text[i] != NULL && text->text[i][0] != '\0')
      return text->text[i];
  return "";
}

JsonNode *
nv_text_to_json (const NvText *text)
{
  JsonObject *object;
  JsonNode   *node;

  g_return_val_if_fail (text != NULL, NULL);

  object = json_object_new ();
  for (guint i = 0; i < NV_N_LANGS; i++)
    if (text->text[i] != NULL && text->text[i][0] != '\0')
      json_object_set_string_member (object, lang_codes[i], text->text[i]);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

gboolean
nv_text_from_json (NvText *text, JsonNode *node, const char *field, GError **error)
{
  JsonObject *object;
  g_autoptr (GList) members = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  nv_text_clear (text);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      nv_set_field_error (error, field,
                          "must be an object of language codes to text, like {\"fi\": \"…\"}");
      return FALSE;
    }

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *code = l->data;
      JsonNode   *value = json_object_get_member (object, code);
      NvLang      lang;

      if (!nv_lang_from_code (code, &lang))
        {
          nv_set_field_error (error, field, "has an unknown language “%s” (use " NV_LANG_CODES ")",
                              code);
          nv_text_clear (text);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_NULL (value))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          g_autofree char *sub
              = field != NULL ? g_strdup_printf ("%s.%s", field, code) : g_strdup (code);

          nv_set_field_error (error, sub, "must be a string");
          nv_text_clear (text);
          return FALSE;
        }
      nv_text_set (text, lang, json_node_get_string (value));
    }
  return TRUE;
}

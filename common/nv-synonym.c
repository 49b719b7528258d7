/* nv-synonym.c
 *
 * A word is what a kiosk's search takes as one word (kiosk_search_terms_split: runs of
 * letters, digits and their marks): a group holding "kansaneläke laitos" or "covid-19"
 * could never match, so it is refused here, where an advisor can still mend it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-error.h"
#include "nv-json-private.h"
#include "nv-organisation.h"
#include "nv-synonym.h"

NvSynonymGroup *
nv_synonym_group_new (void)
{
  return g_new0 (NvSynonymGroup, 1);
}

void
nv_synonym_group_free (NvSynonymGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->id);
  g_strfreev (group->words);
  g_free (group->kind);
  g_free (group);
}

NvSynonymGroup *
nv_synonym_group_copy (const NvSynonymGroup *group)
{
  NvSynonymGroup *copy;

  g_return_val_if_fail (group != NULL, NULL);

  copy = nv_synonym_group_new ();
  copy->id = g_strdup (group->id);
  copy->words = g_strdupv (group->words);
  copy->kind = g_strdup (group->kind);
  return copy;
}

/* Letters, digits and the marks that go with them, at least one letter or digit: what a
 * kiosk's search takes as one word (kiosk_search_terms_split); marks alone are none. */
static gboolean
is_one_word (const char *word)
{
  gboolean has_alnum = FALSE;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar     c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (g_unichar_isalnum (c))
        has_alnum = TRUE;
      else if (type != G_UNICODE_NON_SPACING_MARK && type != G_UNICODE_SPACING_MARK)
        return FALSE;
    }
  return has_alnum;
}

gboolean
nv_synonym_group_validate (const NvSynonymGroup *group, GError **error)
{
  g_autoptr (GHashTable) seen = NULL;
  guint n_words;

  g_return_val_if_fail (group != NULL, FALSE);

  if (!nv_validate_id (group->id, "id", error))
    return FALSE;
  n_words = group->words != NULL ? g_strv_length (group->words) : 0;
  if (n_words == 0)
    {
      nv_set_field_error_code (error, "words", "required", "needs at least one word");
      return FALSE;
    }
  if (n_words > NV_SYNONYM_MAX_WORDS)
    {
      nv_set_field_error_code (error, "words", "too-many-words", "holds more than %u words",
                               NV_SYNONYM_MAX_WORDS);
      return FALSE;
    }
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_words; i++)
    {
      g_autofree char *field = g_strdup_printf ("words[%u]", i);
      g_autofree char *folded = NULL;

      if (!nv_validate_line (group->words[i], field, NV_SYNONYM_MAX_WORD_CHARS, TRUE, error))
        return FALSE;
      if (!is_one_word (group->words[i]))
        {
          nv_set_field_error_code (error, field, "not-one-word",
                                   "must be one word, of letters and digits only (no spaces or "
                                   "hyphens)");
          return FALSE;
        }
      folded = g_utf8_strdown (group->words[i], -1);
      if (!g_hash_table_add (seen, g_steal_pointer (&folded)))
        {
          nv_set_field_error_code (error, field, "duplicate-word", "“%s” is in the group twice",
                                   group->words[i]);
          return FALSE;
        }
    }
  if (group->kind != NULL && !nv_organisation_kind_is_valid (group->kind))
    {
      nv_set_field_error_code (error, "kind", "invalid",
                               "must be one of library, digital-support, health-centre, kela, "
                               "municipal-service, association, parish, red-cross, other");
      return FALSE;
    }
  return TRUE;
}

JsonNode *
nv_synonym_group_to_json (const NvSynonymGroup *group)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (group != NULL, NULL);

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", group->id);
  nv_json_write_strv (builder, "words", (const char *const *) group->words);
  nv_json_write_string (builder, "kind", group->kind);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

NvSynonymGroup *
nv_synonym_group_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvSynonymGroup) group = nv_synonym_group_new ();
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((object = nv_json_expect_object (node, "a synonym group", error)) == NULL
      || !nv_json_read_string (object, "id", TRUE, &group->id, error)
      || !nv_json_read_strv (object, "words", &group->words, error)
      || !nv_json_read_string (object, "kind", FALSE, &group->kind, error)
      || !nv_synonym_group_validate (group, error))
    return NULL;
  return g_steal_pointer (&group);
}

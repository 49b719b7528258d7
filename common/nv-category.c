/* nv-category.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-category.h"
#include "nv-error.h"
#include "nv-json-private.h"

NvCategory *
nv_category_new (void)
{
  return g_new0 (NvCategory, 1);
}

void
nv_category_free (NvCategory *category)
{
  if (category == NULL)
    return;
  g_free (category->id);
  nv_text_clear (&category->title);
  nv_text_clear (&category->summary);
  g_free (category->icon);
  g_free (category);
}

NvCategory *
nv_category_copy (const NvCategory *category)
{
  NvCategory *copy;

  g_return_val_if_fail (category != NULL, NULL);

  copy = nv_category_new ();
  copy->id = g_strdup (category->id);
  nv_text_copy (&copy->title, &category->title);
  nv_text_copy (&copy->summary, &category->summary);
  copy->icon = g_strdup (category->icon);
  copy->position = category->position;
  return copy;
}

gboolean
nv_category_validate (const NvCategory *category, GError **error)
{
  g_return_val_if_fail (category != NULL, FALSE);

  if (category->position < -10000 || category->position > 10000)
    {
      nv_set_field_error (error, "position", "must be between -10000 and 10000");
      return FALSE;
    }
  return nv_validate_id (category->id, "id", error)
         && nv_validate_text_line (&category->title, "title", 120, TRUE, error)
         && nv_validate_text (&category->summary, "summary", 400, FALSE, error)
         && nv_validate_line (category->icon, "icon", 100, FALSE, error);
}

JsonNode *
nv_category_to_json (const NvCategory *category)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (category != NULL, NULL);

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", category->id);
  nv_json_write_text (builder, "title", &category->title);
  nv_json_write_text (builder, "summary", &category->summary);
  nv_json_write_string (builder, "icon", category->icon);
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, category->position);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

NvCategory *
nv_category_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvCategory) category = NULL;
  JsonObject *object;
  gint64      position;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  category = nv_category_new ();
  if ((object = nv_json_expect_object (node, "a category", error)) == NULL)
    return NULL;
  if (!nv_json_read_string (object, "id", TRUE, &category->id, error)
      || !nv_json_read_text (object, "title", &category->title, error)
      || !nv_json_read_text (object, "summary", &category->summary, error)
      || !nv_json_read_string (object, "icon", FALSE, &category->icon, error)
      || !nv_json_read_int (object, "position", -10000, 10000, 0, &position, error))
    return NULL;
  category->position = (int) position;
  if (!nv_category_validate (category, error))
    return NULL;
  return g_steal_pointer (&category);
}

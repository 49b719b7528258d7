/* nv-guide.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-error.h"
#include "nv-guide.h"
#include "nv-json-private.h"

#define MAX_STEPS 30
/* As for categories (nv-category.c). */
#define NV_GUIDE_POSITION_MAX 10000

NvStep *
nv_step_new (void)
{
  return g_new0 (NvStep, 1);
}

void
nv_step_free (NvStep *step)
{
  if (step == NULL)
    return;
  nv_text_clear (&step->text);
  g_free (step->image);
  nv_text_clear (&step->image_alt);
  g_free (step);
}

NvGuide *
nv_guide_new (void)
{
  NvGuide *guide = g_new0 (NvGuide, 1);

  guide->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_step_free);
  return guide;
}

void
nv_guide_free (NvGuide *guide)
{
  if (guide == NULL)
    return;
  g_free (guide->id);
  g_free (guide->category);
  nv_text_clear (&guide->title);
  nv_text_clear (&guide->summary);
  g_ptr_array_unref (guide->steps);
  g_strfreev (guide->related_organisations);
  g_free (guide->owner);
  g_free (guide->review_date);
  g_free (guide);
}

NvGuide *
nv_guide_copy (const NvGuide *guide)
{
  NvGuide *copy;

  g_return_val_if_fail (guide != NULL, NULL);

  copy = nv_guide_new ();
  copy->id = g_strdup (guide->id);
  copy->category = g_strdup (guide->category);
  nv_text_copy (&copy->title, &guide->title);
  nv_text_copy (&copy->summary, &guide->summary);
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const NvStep *step = g_ptr_array_index (guide->steps, i);
      NvStep       *step_copy = nv_step_new ();

      nv_text_copy (&step_copy->text, &step->text);
      step_copy->image = g_strdup (step->image);
      nv_text_copy (&step_copy->image_alt, &step->image_alt);
      g_ptr_array_add (copy->steps, step_copy);
    }
  copy->related_organisations = g_strdupv (guide->related_organisations);
  copy->owner = g_strdup (guide->owner);
  copy->review_date = g_strdup (guide->review_date);
  copy->position = guide->position;
  return copy;
}

NvStep *
nv_guide_add_step (NvGuide *guide, const char *fi, const char *sv, const char *en)
{
  NvStep *step;

  g_return_val_if_fail (guide != NULL, NULL);

  step = nv_step_new ();
  nv_text_set (&step->text, NV_LANG_FI, fi);
  nv_text_set (&step->text, NV_LANG_SV, sv);
  nv_text_set (&step->text, NV_LANG_EN, en);
  g_ptr_array_add (guide->steps, step);
  return step;
}

static gboolean
validate_image (const char *image, const char *field, GError **error)
{
  if (image == NULL)
    return TRUE;
  if (!nv_validate_line (image, field, 128, TRUE, error))
    return FALSE;
  /* A bare file name under the content's images/: never a path out of it. */
  if (strchr (image, '/') != NULL || strchr (image, '\\') != NULL || image[0] == '.')
    {
      nv_set_field_error (error, field, "must be a plain file name such as omaolo-1.png");
      return FALSE;
    }
  return TRUE;
}

gboolean
nv_guide_validate (const NvGuide *guide, GError **error)
{
  g_return_val_if_fail (guide != NULL, FALSE);

  if (!nv_validate_id (guide->id, "id", error)
      || !nv_validate_id (guide->category, "category", error)
      || !nv_validate_text_line (&guide->title, "title", 120, TRUE, error)
      || !nv_validate_text (&guide->summary, "summary", 400, FALSE, error))
    return FALSE;

  if (guide->steps == NULL || guide->steps->len == 0 || guide->steps->len > MAX_STEPS)
    {
      nv_set_field_error (error, "steps", "must have between 1 and %d steps", MAX_STEPS);
      return FALSE;
    }
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const NvStep    *step = g_ptr_array_index (guide->steps, i);
      g_autofree char *text_field = g_strdup_printf ("steps[%u].text", i);
      g_autofree char *image_field = g_strdup_printf ("steps[%u].image", i);
      g_autofree char *alt_field = g_strdup_printf ("steps[%u].image_alt", i);

      if (step == NULL)
        {
          g_autofree char *field = g_strdup_printf ("steps[%u]", i);

          nv_set_field_error (error, field, "is missing");
          return FALSE;
        }
      if (!nv_validate_text (&step->text, text_field, 1000, TRUE, error)
          || !validate_image (step->image, image_field, error)
          || !nv_validate_text (&step->image_alt, alt_field, 300, FALSE, error))
        return FALSE;
    }

  if (guide->related_organisations != NULL)
    for (guint i = 0; guide->related_organisations[i] != NULL; i++)
      {
        g_autofree char *field = g_strdup_printf ("related_organisations[%u]", i);

        if (!nv_validate_id (guide->related_organisations[i], field, error))
          return FALSE;
      }

  if (!nv_validate_line (guide->owner, "owner", 200, FALSE, error))
    return FALSE;
  if (guide->review_date != NULL && !nv_validate_date (guide->review_date, "review_date", error))
    return FALSE;
  if (guide->position < -NV_GUIDE_POSITION_MAX || guide->position > NV_GUIDE_POSITION_MAX)
    {
      nv_set_field_error (error, "position", "must be between %d and %d", -NV_GUIDE_POSITION_MAX,
                          NV_GUIDE_POSITION_MAX);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
nv_guide_to_json (const NvGuide *guide)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (guide != NULL, NULL);

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", guide->id);
  nv_json_write_string (builder, "category", guide->category);
  nv_json_write_text (builder, "title", &guide->title);
  nv_json_write_text (builder, "summary", &guide->summary);
  if (guide->steps != NULL && guide->steps->len > 0)
    {
      json_builder_set_member_name (builder, "steps");
      json_builder_begin_array (builder);
      for (guint i = 0; i < guide->steps->len; i++)
        {
          const NvStep *step = g_ptr_array_index (guide->steps, i);

          json_builder_begin_object (builder);
          nv_json_write_text (builder, "text", &step->text);
          nv_json_write_string (builder, "image", step->image);
          nv_json_write_text (builder, "image_alt", &step->image_alt);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  nv_json_write_strv (builder, "related_organisations",
                      (const char *const *) guide->related_organisations);
  nv_json_write_string (builder, "owner", guide->owner);
  nv_json_write_string (builder, "review_date", guide->review_date);
  /* Left out at 0, like every member not set: a guide without an order reads the same. */
  if (guide->position != 0)
    {
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, guide->position);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_steps (NvGuide *guide, JsonObject *object, GError **error)
{
  JsonArray *array;

  if (!nv_json_read_array (object, "steps", &array, error))
    return FALSE;
  if (array == NULL)
    {
      nv_set_field_error (error, "steps", "is required");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr (NvStep) step = nv_step_new ();
      g_autofree char *prefix = g_strdup_printf ("steps[%u]", i);
      JsonObject      *step_object;
      GError          *local_error = NULL;

      if ((step_object
           = nv_json_expect_object (json_array_get_element (array, i), "a step", &local_error))
              == NULL
          || !nv_json_read_text (step_object, "text", &step->text, &local_error)
          || !nv_json_read_string (step_object, "image", FALSE, &step->image, &local_error)
          || !nv_json_read_text (step_object, "image_alt", &step->image_alt, &local_error))
        {
          nv_error_prefix_field (local_error, prefix);
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_ptr_array_add (guide->steps, g_steal_pointer (&step));
    }
  return TRUE;
}

NvGuide *
nv_guide_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvGuide) guide = NULL;
  JsonObject *object;
  gint64      position;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  guide = nv_guide_new ();
  if ((object = nv_json_expect_object (node, "a guide", error)) == NULL)
    return NULL;
  if (!nv_json_read_string (object, "id", TRUE, &guide->id, error)
      || !nv_json_read_string (object, "category", TRUE, &guide->category, error)
      || !nv_json_read_text (object, "title", &guide->title, error)
      || !nv_json_read_text (object, "summary", &guide->summary, error)
      || !read_steps (guide, object, error)
      || !nv_json_read_strv (object, "related_organisations", &guide->related_organisations, error)
      || !nv_json_read_string (object, "owner", FALSE, &guide->owner, error)
      || !nv_json_read_string (object, "review_date", FALSE, &guide->review_date, error)
      || !nv_json_read_int (object, "position", -NV_GUIDE_POSITION_MAX, NV_GUIDE_POSITION_MAX, 0,
                            &position, error))
    return NULL;
  guide->position = (int) position;
  if (!nv_guide_validate (guide, error))
    return NULL;
  return g_steal_pointer (&guide);
}

/* nv-funnel.c
 *
 * A funnel is checked here, where the console's evaluator can still mend it, so that the
 * report never meets a condition that can match nothing it could explain: an unknown
 * event type is refused rather than counted as zero.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-error.h"
#include "nv-funnel.h"
#include "nv-json-private.h"

static void
step_free (NvFunnelStep *step)
{
  if (step == NULL)
    return;
  g_free (step->subject);
  g_free (step->detail);
  g_free (step);
}

NvFunnel *
nv_funnel_new (void)
{
  NvFunnel *funnel = g_new0 (NvFunnel, 1);

  funnel->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  return funnel;
}

void
nv_funnel_free (NvFunnel *funnel)
{
  if (funnel == NULL)
    return;
  g_free (funnel->id);
  g_free (funnel->name);
  g_ptr_array_unref (funnel->steps);
  g_free (funnel);
}

static gboolean
validate_step (const NvFunnelStep *step, GError **error)
{
  if ((guint) step->type >= NV_N_EVENT_TYPES)
    {
      nv_set_field_error_code (error, "type", "unknown-event-type", "is not a kind of event");
      return FALSE;
    }
  if (!nv_validate_line (step->subject, "subject", NV_FUNNEL_MAX_SUBJECT_CHARS, FALSE, error)
      || !nv_validate_line (step->detail, "detail", NV_FUNNEL_MAX_DETAIL_CHARS, FALSE, error))
    return FALSE;
  if (step->value < -1 || step->value > NV_FUNNEL_MAX_VALUE)
    {
      nv_set_field_error_code (error, "value", "out-of-range", "must be between 0 and %d",
                               NV_FUNNEL_MAX_VALUE);
      return FALSE;
    }
  return TRUE;
}

gboolean
nv_funnel_validate (const NvFunnel *funnel, GError **error)
{
  g_return_val_if_fail (funnel != NULL, FALSE);

  if (funnel->id != NULL && !nv_validate_id (funnel->id, "id", error))
    return FALSE;
  if (!nv_validate_line (funnel->name, "name", NV_FUNNEL_MAX_NAME_CHARS, TRUE, error))
    return FALSE;
  if (funnel->steps->len < NV_FUNNEL_MIN_STEPS)
    {
      nv_set_field_error_code (error, "steps", "too-few-steps", "needs at least %d steps",
                               NV_FUNNEL_MIN_STEPS);
      return FALSE;
    }
  if (funnel->steps->len > NV_FUNNEL_MAX_STEPS)
    {
      nv_set_field_error_code (error, "steps", "too-many-steps", "has more than %d steps",
                               NV_FUNNEL_MAX_STEPS);
      return FALSE;
    }
  for (guint i = 0; i < funnel->steps->len; i++)
    if (!validate_step (g_ptr_array_index (funnel->steps, i), error))
      {
        g_autofree char *field = g_strdup_printf ("steps[%u]", i);

        nv_error_prefix_field (error != NULL ? *error : NULL, field);
        return FALSE;
      }
  return TRUE;
}

JsonNode *
nv_funnel_to_json (const NvFunnel *funnel)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (funnel != NULL, NULL);

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", funnel->id);
  nv_json_write_string (builder, "name", funnel->name);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < funnel->steps->len; i++)
    {
      const NvFunnelStep *step = g_ptr_array_index (funnel->steps, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, nv_event_type_to_string (step->type));
      json_builder_set_member_name (builder, "subject");
      if (step->subject != NULL)
        json_builder_add_string_value (builder, step->subject);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "detail");
      if (step->detail != NULL)
        json_builder_add_string_value (builder, step->detail);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "value");
      if (step->value >= 0)
        json_builder_add_int_value (builder, step->value);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* An empty field is no condition: a form's empty box means "any". */
static gboolean
read_condition (JsonObject *object, const char *member, char **out, GError **error)
{
  if (!nv_json_read_string (object, member, FALSE, out, error))
    return FALSE;
  if (*out != NULL && **out == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

static NvFunnelStep *
step_from_json (JsonNode *node, GError **error)
{
  NvFunnelStep    *step = g_new0 (NvFunnelStep, 1);
  g_autofree char *type = NULL;
  JsonObject      *object;

  if ((object = nv_json_expect_object (node, "a step", error)) == NULL
      || !nv_json_read_string (object, "type", TRUE, &type, error)
      || !read_condition (object, "subject", &step->subject, error)
      || !read_condition (object, "detail", &step->detail, error)
      || !nv_json_read_int (object, "value", 0, NV_FUNNEL_MAX_VALUE, -1, &step->value, error))
    {
      step_free (step);
      return NULL;
    }
  if (!nv_event_type_from_string (type, &step->type))
    {
      nv_set_field_error_code (error, "type", "unknown-event-type", "“%s” is not a kind of event",
                               type);
      step_free (step);
      return NULL;
    }
  return step;
}

NvFunnel *
nv_funnel_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvFunnel) funnel = nv_funnel_new ();
  JsonObject *object;
  JsonArray  *steps = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((object = nv_json_expect_object (node, "a funnel", error)) == NULL
      || !nv_json_read_string (object, "id", FALSE, &funnel->id, error)
      || !nv_json_read_string (object, "name", TRUE, &funnel->name, error)
      || !nv_json_read_array (object, "steps", &steps, error))
    return NULL;
  if (steps == NULL)
    {
      nv_set_field_error_code (error, "steps", "required", "is required");
      return NULL;
    }
  /* Counted before reading, so that a huge list is refused without building it. */
  if (json_array_get_length (steps) > NV_FUNNEL_MAX_STEPS)
    {
      nv_set_field_error_code (error, "steps", "too-many-steps", "has more than %d steps",
                               NV_FUNNEL_MAX_STEPS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      NvFunnelStep *step = step_from_json (json_array_get_element (steps, i), error);

      if (step == NULL)
        {
          g_autofree char *field = g_strdup_printf ("steps[%u]", i);

          nv_error_prefix_field (error != NULL ? *error : NULL, field);
          return NULL;
        }
      g_ptr_array_add (funnel->steps, step);
    }
  if (!nv_funnel_validate (funnel, error))
    return NULL;
  return g_steal_pointer (&funnel);
}

gboolean
nv_funnel_step_matches (const NvFunnelStep *step,
                        NvEventType         type,
                        const char         *subject,
                        const char         *detail,
                        gint64              value)
{
  return step->type == type && (step->subject == NULL || g_strcmp0 (step->subject, subject) == 0)
         && (step->detail == NULL || g_strcmp0 (step->detail, detail) == 0)
         && (step->value < 0 || step->value == value);
}

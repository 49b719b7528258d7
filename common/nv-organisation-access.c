/* nv-organisation-access.c
 *
 * Three values, not a boolean: a place nobody has surveyed is not a place that lacks a
 * ramp, and a resident must never be told so. The profiles follow Palvelukartta's
 * (wheelchair, reduced mobility, visual impairment, hearing aid), reduced to the facts
 * the directory keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-error.h"
#include "nv-organisation-access.h"

static const char *const fact_names[NV_N_ACCESS_FACTS] = {
  [NV_ACCESS_STEP_FREE_ENTRANCE] = "step_free_entrance",
  [NV_ACCESS_LIFT_OR_RAMP] = "lift_or_ramp",
  [NV_ACCESS_ACCESSIBLE_TOILET] = "accessible_toilet",
  [NV_ACCESS_DISABLED_PARKING] = "disabled_parking",
  [NV_ACCESS_INDUCTION_LOOP] = "induction_loop",
  [NV_ACCESS_VISUAL_GUIDANCE] = "visual_guidance",
};

static const char *const profile_codes[NV_N_ACCESS_PROFILES] = {
  [NV_ACCESS_PROFILE_NONE] = NULL,           [NV_ACCESS_PROFILE_WHEELCHAIR] = "wheelchair",
  [NV_ACCESS_PROFILE_ROLLATOR] = "rollator", [NV_ACCESS_PROFILE_VISUAL] = "visual",
  [NV_ACCESS_PROFILE_HEARING] = "hearing",
};

/* What each profile needs. A rollator manages a toilet and a car park that a
 * wheelchair cannot, but not steps. */
static const guint profile_needs[NV_N_ACCESS_PROFILES] = {
  [NV_ACCESS_PROFILE_NONE] = 0,
  [NV_ACCESS_PROFILE_WHEELCHAIR] = 1 << NV_ACCESS_STEP_FREE_ENTRANCE | 1 << NV_ACCESS_LIFT_OR_RAMP
                                   | 1 << NV_ACCESS_ACCESSIBLE_TOILET
                                   | 1 << NV_ACCESS_DISABLED_PARKING,
  [NV_ACCESS_PROFILE_ROLLATOR] = 1 << NV_ACCESS_STEP_FREE_ENTRANCE | 1 << NV_ACCESS_LIFT_OR_RAMP,
  [NV_ACCESS_PROFILE_VISUAL] = 1 << NV_ACCESS_VISUAL_GUIDANCE,
  [NV_ACCESS_PROFILE_HEARING] = 1 << NV_ACCESS_INDUCTION_LOOP,
};

const char *
nv_access_fact_name (NvAccessFact fact)
{
  g_return_val_if_fail (fact < NV_N_ACCESS_FACTS, NULL);
  return fact_names[fact];
}

NvAccessFact
nv_access_fact_from_name (const char *name)
{
  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    if (g_strcmp0 (name, fact_names[i]) == 0)
      return i;
  return NV_N_ACCESS_FACTS;
}

const char *
nv_access_profile_code (NvAccessProfile profile)
{
  g_return_val_if_fail (profile < NV_N_ACCESS_PROFILES, NULL);
  return profile_codes[profile];
}

NvAccessProfile
nv_access_profile_from_code (const char *code)
{
  for (guint i = 1; code != NULL && i < NV_N_ACCESS_PROFILES; i++)
    if (g_strcmp0 (code, profile_codes[i]) == 0)
      return i;
  return NV_ACCESS_PROFILE_NONE;
}

gboolean
nv_access_profile_needs (NvAccessProfile profile, NvAccessFact fact)
{
  g_return_val_if_fail (profile < NV_N_ACCESS_PROFILES, FALSE);
  g_return_val_if_fail (fact < NV_N_ACCESS_FACTS, FALSE);
  return (profile_needs[profile] & (1u << fact)) != 0;
}

NvAccessFit
nv_access_assess (const NvAccessValue access[NV_N_ACCESS_FACTS], NvAccessProfile profile)
{
  NvAccessFit fit = NV_ACCESS_MEETS;

  g_return_val_if_fail (profile < NV_N_ACCESS_PROFILES, NV_ACCESS_MEETS);

  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    {
      if (!nv_access_profile_needs (profile, i))
        continue;
      if (access[i] == NV_ACCESS_NO)
        return NV_ACCESS_LACKS;
      if (access[i] != NV_ACCESS_YES)
        fit = NV_ACCESS_NOT_KNOWN;
    }
  return fit;
}

guint
nv_access_lacks (const NvAccessValue access[NV_N_ACCESS_FACTS], NvAccessProfile profile)
{
  guint lacks = 0;

  g_return_val_if_fail (profile < NV_N_ACCESS_PROFILES, 0);

  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    if (nv_access_profile_needs (profile, i) && access[i] == NV_ACCESS_NO)
      lacks |= 1u << i;
  return lacks;
}

gboolean
nv_access_from_json (JsonNode *node, NvAccessValue access[NV_N_ACCESS_FACTS], GError **error)
{
  JsonObject *object;

  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    access[i] = NV_ACCESS_UNKNOWN;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      nv_set_field_error_code (error, "access", "wrong-type",
                               "must be an object like {\"step_free_entrance\": true}");
      return FALSE;
    }
  object = json_node_get_object (node);
  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    {
      JsonNode *value = json_object_get_member (object, fact_names[i]);

      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        {
          g_autofree char *field = g_strconcat ("access.", fact_names[i], NULL);

          nv_set_field_error_code (error, field, "wrong-type",
                                   "must be true, false or null (not known)");
          return FALSE;
        }
      access[i] = json_node_get_boolean (value) ? NV_ACCESS_YES : NV_ACCESS_NO;
    }
  return TRUE;
}

void
nv_access_write_json (JsonBuilder *builder, const NvAccessValue access[NV_N_ACCESS_FACTS])
{
  gboolean any = FALSE;

  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    any = any || access[i] != NV_ACCESS_UNKNOWN;
  if (!any)
    return;
  json_builder_set_member_name (builder, "access");
  json_builder_begin_object (builder);
  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    if (access[i] != NV_ACCESS_UNKNOWN)
      {
        json_builder_set_member_name (builder, fact_names[i]);
        json_builder_add_boolean_value (builder, access[i] == NV_ACCESS_YES);
      }
  json_builder_end_object (builder);
}

gboolean
nv_access_validate (const NvAccessValue access[NV_N_ACCESS_FACTS], GError **error)
{
  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    if (access[i] != NV_ACCESS_UNKNOWN && access[i] != NV_ACCESS_YES && access[i] != NV_ACCESS_NO)
      {
        g_autofree char *field = g_strconcat ("access.", fact_names[i], NULL);

        nv_set_field_error (error, field, "must be yes, no or not known");
        return FALSE;
      }
  return TRUE;
}

gboolean
nv_access_equal (const NvAccessValue a[NV_N_ACCESS_FACTS], const NvAccessValue b[NV_N_ACCESS_FACTS])
{
  return memcmp (a, b, sizeof (NvAccessValue) * NV_N_ACCESS_FACTS) == 0;
}

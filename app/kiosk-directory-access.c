/* kiosk-directory-access.c
 *
 * Only lacks are said: a place nobody surveyed is not marked, and what a place has is
 * in its accessibility text. The words name the thing missing, not the resident's
 * condition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-directory-access.h"

const char *
kiosk_access_profile_label (NvAccessProfile profile)
{
  switch (profile)
    {
    case NV_ACCESS_PROFILE_WHEELCHAIR:
      return C_ ("accessibility profile", "Wheelchair");
    case NV_ACCESS_PROFILE_ROLLATOR:
      return C_ ("accessibility profile", "Rollator or walking aid");
    case NV_ACCESS_PROFILE_VISUAL:
      return C_ ("accessibility profile", "Impaired sight");
    case NV_ACCESS_PROFILE_HEARING:
      return C_ ("accessibility profile", "Hearing aid (induction loop)");
    case NV_ACCESS_PROFILE_NONE:
    case NV_N_ACCESS_PROFILES:
    default:
      return NULL;
    }
}

const char *
kiosk_access_lack_label (NvAccessFact fact)
{
  switch (fact)
    {
    case NV_ACCESS_STEP_FREE_ENTRANCE:
      return _ ("No step-free entrance");
    case NV_ACCESS_LIFT_OR_RAMP:
      return _ ("No lift or ramp to every floor");
    case NV_ACCESS_ACCESSIBLE_TOILET:
      return _ ("No accessible toilet");
    case NV_ACCESS_DISABLED_PARKING:
      return _ ("No parking space for disabled people");
    case NV_ACCESS_INDUCTION_LOOP:
      return _ ("No induction loop");
    case NV_ACCESS_VISUAL_GUIDANCE:
      return _ ("No guidance for people with impaired sight");
    case NV_N_ACCESS_FACTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
kiosk_access_lacks_text (guint lacks)
{
  g_autoptr (GString) text = NULL;

  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    {
      if ((lacks & (1u << i)) == 0)
        continue;
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append_c (text, '\n');
      g_string_append (text, kiosk_access_lack_label (i));
    }
  return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

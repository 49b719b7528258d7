/* nv-organisation-access.h — what a place offers people who move, see or hear with
 * difficulty: facts known yes, known no or not known, and the profiles a resident
 * chooses from (as Helsinki's Palvelukartta has them)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Not known is the zero value: a fact nobody stated is never shown as a lack. */
typedef enum
{
  NV_ACCESS_UNKNOWN = 0,
  NV_ACCESS_YES,
  NV_ACCESS_NO,
} NvAccessValue;

/* The facts, with their wire names (the members of an organisation's "access"). */
typedef enum
{
  NV_ACCESS_STEP_FREE_ENTRANCE, /* "step_free_entrance": an entrance without steps or high sills */
  NV_ACCESS_LIFT_OR_RAMP, /* "lift_or_ramp": every floor in use by lift or ramp (one floor: yes) */
  NV_ACCESS_ACCESSIBLE_TOILET, /* "accessible_toilet" */
  NV_ACCESS_DISABLED_PARKING,  /* "disabled_parking": a parking space for disabled people */
  NV_ACCESS_INDUCTION_LOOP,    /* "induction_loop": a hearing loop at the service point */
  NV_ACCESS_VISUAL_GUIDANCE,   /* "visual_guidance": large print, contrast or tactile guidance */
  NV_N_ACCESS_FACTS
} NvAccessFact;

/* The profiles, with their codes ("wheelchair", "rollator", "visual", "hearing"). */
typedef enum
{
  NV_ACCESS_PROFILE_NONE = 0,
  NV_ACCESS_PROFILE_WHEELCHAIR,
  NV_ACCESS_PROFILE_ROLLATOR,
  NV_ACCESS_PROFILE_VISUAL,
  NV_ACCESS_PROFILE_HEARING,
  NV_N_ACCESS_PROFILES
} NvAccessProfile;

/* How a place stands for a profile, in the order a search ranks them. */
typedef enum
{
  NV_ACCESS_MEETS = 0, /* every fact the profile needs is known yes */
  NV_ACCESS_NOT_KNOWN, /* none known no, some not known */
  NV_ACCESS_LACKS,     /* at least one known no */
} NvAccessFit;

const char *nv_access_fact_name (NvAccessFact fact);
/* NV_N_ACCESS_FACTS when @name is no fact. */
NvAccessFact nv_access_fact_from_name (const char *name);
/* NULL for NV_ACCESS_PROFILE_NONE. */
const char *nv_access_profile_code (NvAccessProfile profile);
/* NV_ACCESS_PROFILE_NONE for NULL, "" or an unknown code. */
NvAccessProfile nv_access_profile_from_code (const char *code);
/* Whether @profile needs @fact. */
gboolean nv_access_profile_needs (NvAccessProfile profile, NvAccessFact fact);
/* How @access meets @profile; NV_ACCESS_MEETS for no profile. */
NvAccessFit nv_access_assess (const NvAccessValue access[NV_N_ACCESS_FACTS],
                              NvAccessProfile     profile);

/* The facts @profile needs that @access knows to be missing, as bits 1 << NvAccessFact;
 * 0 when none is (or no profile). */
guint nv_access_lacks (const NvAccessValue access[NV_N_ACCESS_FACTS], NvAccessProfile profile);

/* An organisation's "access" member: each fact true, false, or absent/null (not known).
 * Members that are no fact are passed over, as unknown members of an organisation are. */
gboolean
nv_access_from_json (JsonNode *node, NvAccessValue access[NV_N_ACCESS_FACTS], GError **error);
/* Writes "access" with the known facts; nothing at all when none is known. */
void     nv_access_write_json (JsonBuilder *builder, const NvAccessValue access[NV_N_ACCESS_FACTS]);
gboolean nv_access_validate (const NvAccessValue access[NV_N_ACCESS_FACTS], GError **error);
/* The same facts, known and not: the JSON would be the same. */
gboolean nv_access_equal (const NvAccessValue a[NV_N_ACCESS_FACTS],
                          const NvAccessValue b[NV_N_ACCESS_FACTS]);

G_END_DECLS

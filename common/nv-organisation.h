/* nv-organisation.h — an organisation or digital support point in the directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"
#include "nv-opening-hours.h"

G_BEGIN_DECLS

/* Kinds, as their wire strings:
 *   "library", "digital-support", "health-centre", "kela", "municipal-service",
 *   "association", "parish", "red-cross", "other" */
gboolean           nv_organisation_kind_is_valid (const char *kind);
const char *const *nv_organisation_kinds (void);

typedef struct
{
  char           *id;   /* [a-z0-9-]{1,64} */
  NvText          name; /* Finnish required */
  NvText          description;
  char           *kind;           /* one of the kinds above */
  char           *municipality;   /* Statistics Finland code, 3 digits, e.g. "564" (Oulu) */
  char           *street_address; /* may be NULL when not known */
  char           *postal_code;    /* 5 digits, may be NULL */
  char           *post_office;    /* may be NULL */
  GStrv           phones;         /* "+358 8 558 47070" style, may be NULL */
  GStrv           emails;         /* may be NULL */
  GStrv           web_pages;      /* https:// or http:// URLs, may be NULL */
  NvOpeningHours *hours;          /* NULL: not known */
  NvText          services;       /* what one can get help with there, free text */
  NvText          accessibility;  /* accessibility notes */
  GStrv           languages;      /* language codes served: "fi", "sv", "en", "se", … */
  gboolean        sample;         /* sample data, not verified: shown as such */
} NvOrganisation;

NvOrganisation *nv_organisation_new (void);
void            nv_organisation_free (NvOrganisation *organisation);
NvOrganisation *nv_organisation_copy (const NvOrganisation *organisation);
gboolean        nv_organisation_validate (const NvOrganisation *organisation, GError **error);
JsonNode       *nv_organisation_to_json (const NvOrganisation *organisation);
NvOrganisation *nv_organisation_from_json (JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvOrganisation, nv_organisation_free)

G_END_DECLS

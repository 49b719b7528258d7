/* nv-organisation.h — an organisation or digital support point in the directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"
#include "nv-opening-hours.h"
#include "nv-organisation-access.h"

G_BEGIN_DECLS

/* Kinds, as their wire strings:
 *   "library", "digital-support", "health-centre", "kela", "municipal-service",
 *   "association", "parish", "red-cross", "other" */
gboolean nv_organisation_kind_is_valid (const char *kind);

/* The checks the directory's contact fields pass, for code that builds an organisation
 * from elsewhere (an import) and must name the source's own field when one fails. */
gboolean           nv_organisation_is_phone (const char *phone);
gboolean           nv_organisation_is_email (const char *email);
gboolean           nv_organisation_is_web_page (const char *url);
const char *const *nv_organisation_kinds (void);

/* A phone number with what the source says about it (Suomi.fi gives each number its
 * kind and what a call costs). The plain `phones` list stays beside it: kiosks already
 * deployed read only that. */
typedef struct
{
  char *number;             /* as in `phones`: "+358 44 123 4567" style */
  char *kind;               /* "phone", "sms" or "fax" */
  char *charge;             /* "free", "chargeable" or "other"; NULL: not given */
  char *charge_description; /* the source's words on the cost, may be NULL */
  char *info;               /* e.g. "Switchboard", may be NULL */
  char *language;           /* two-letter code of @charge_description and @info, may be NULL */
} NvPhone;

NvPhone *nv_phone_new (void);
void     nv_phone_free (NvPhone *phone);
NvPhone *nv_phone_copy (const NvPhone *phone);

/* A part of an entry that another source keeps than the entry's own (a library's opening
 * hours from the library directory on a place from Suomi.fi), and when that source last
 * confirmed it (docs/directory.md). */
typedef struct
{
  char      *part;       /* "opening_hours" */
  char      *source;     /* "kirjastot": a short lower-case word, as the entry's source */
  GDateTime *checked_at; /* required */
} NvPartSource;

NvPartSource *nv_part_source_new (const char *part, const char *source, GDateTime *checked_at);
void          nv_part_source_free (NvPartSource *part_source);
NvPartSource *nv_part_source_copy (const NvPartSource *part_source);

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
  /* Provenance (docs/directory.md). NULL for an entry staff made by hand. */
  char      *source;        /* "ptv": Suomi.fi service catalogue */
  char      *source_id;     /* the source's own id, e.g. PTV's GUID */
  NvText     provider;      /* the organisation responsible for the place, as the source names it */
  GDateTime *checked_at;    /* when that source last confirmed this version */
  GPtrArray *phone_details; /* NvPhone*, may be NULL */
  GPtrArray *service_names; /* NvText*: services offered there, by name; may be NULL */
  GPtrArray *part_sources;  /* NvPartSource*, a part at most once; may be NULL */
  /* What the place offers people who move, see or hear with difficulty, fact by fact
   * (nv-organisation-access.h): all NV_ACCESS_UNKNOWN unless someone stated it. */
  NvAccessValue access[NV_N_ACCESS_FACTS];
} NvOrganisation;

NvOrganisation *nv_organisation_new (void);
void            nv_organisation_free (NvOrganisation *organisation);
NvOrganisation *nv_organisation_copy (const NvOrganisation *organisation);
gboolean        nv_organisation_validate (const NvOrganisation *organisation, GError **error);
JsonNode       *nv_organisation_to_json (const NvOrganisation *organisation);
NvOrganisation *nv_organisation_from_json (JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvOrganisation, nv_organisation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvPhone, nv_phone_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvPartSource, nv_part_source_free)

G_END_DECLS

/* nv-municipality.h — Finland's municipalities and regions (maakunnat)
 *
 * The Statistics Finland classification in force (kunta 2026, 308 municipalities
 * in 19 regions, Åland included): the codes PTV gives, their Finnish and Swedish
 * names, and the region each belongs to. Static tables, no allocation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

typedef struct
{
  const char *code;    /* Statistics Finland code, "564" */
  const char *name_fi; /* "Oulu" */
  const char *name_sv; /* "Uleåborg"; the Finnish name when Swedish has no own one */
  const char *region;  /* its region's code, "17" */
} NvMunicipality;

typedef struct
{
  const char *code;    /* Statistics Finland region (maakunta) code, "17" */
  const char *name_fi; /* "Pohjois-Pohjanmaa" */
  const char *name_sv; /* "Norra Österbotten" */
} NvRegion;

/* All of them, sorted by Finnish name in Finnish alphabetical order (Å, Ä, Ö after Z);
 * *n_out gets the count. */
const NvMunicipality *nv_municipalities (guint *n_out);
const NvMunicipality *nv_municipality_lookup (const char *code);
/* The name in @lang (English uses the Finnish name); the code itself when unknown. */
const char *nv_municipality_name (const char *code, NvLang lang);
/* The code of the municipality's region, "17"; NULL when the municipality is unknown. */
const char *nv_municipality_region (const char *code);

/* All regions, sorted by code; *n_out gets the count. */
const NvRegion *nv_regions (guint *n_out);
const NvRegion *nv_region_lookup (const char *code);
/* The region's name in @lang (English uses the Finnish name); the code itself when unknown. */
const char *nv_region_name (const char *code, NvLang lang);

G_END_DECLS

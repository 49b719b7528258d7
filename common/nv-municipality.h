/* nv-municipality.h — the municipalities of North Ostrobothnia
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
  const char *name_sv; /* "Uleåborg" */
} NvMunicipality;

/* All of them, sorted by Finnish name; *n_out gets the count. */
const NvMunicipality *nv_municipalities (guint *n_out);
const NvMunicipality *nv_municipality_lookup (const char *code);
/* The name in @lang (English uses the Finnish name); the code itself when unknown. */
const char *nv_municipality_name (const char *code, NvLang lang);

G_END_DECLS

/* nv-guide.h — a step-by-step guide for residents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

typedef struct
{
  NvText text;      /* Finnish required */
  char  *image;     /* optional: a picture's name (nv-image.h: "<sha256>.png"), or NULL */
  NvText image_alt; /* what the picture shows, for those who cannot see it; optional */
} NvStep;

typedef struct
{
  char      *id;       /* [a-z0-9-]{1,64} */
  char      *category; /* a category id */
  NvText     title;    /* Finnish required */
  NvText     summary;
  GPtrArray *steps;                 /* NvStep*, 1..30, in order */
  GStrv      related_organisations; /* organisation ids, may be NULL */
  char      *owner;                 /* who keeps it up to date */
  char      *review_date;           /* YYYY-MM-DD, may be NULL */
  /* Where it stands in its category's list, smaller first (-10000..10000; 0, not
   * given, after every guide given one): guides are ordered by what residents need
   * most, then by title. */
  int position;
} NvGuide;

NvStep *nv_step_new (void);
void    nv_step_free (NvStep *step);

NvGuide *nv_guide_new (void);
void     nv_guide_free (NvGuide *guide);
NvGuide *nv_guide_copy (const NvGuide *guide);
/* Appends a step whose Finnish, Swedish and English texts are given (any may be NULL). */
NvStep   *nv_guide_add_step (NvGuide *guide, const char *fi, const char *sv, const char *en);
gboolean  nv_guide_validate (const NvGuide *guide, GError **error);
JsonNode *nv_guide_to_json (const NvGuide *guide);
/* Checks JSON types and then validates: the error names the field. */
NvGuide *nv_guide_from_json (JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvStep, nv_step_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvGuide, nv_guide_free)

G_END_DECLS

/* nv-category.h — a group of guides, such as "Health services"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

typedef struct
{
  char  *id;    /* [a-z0-9-]{1,64} */
  NvText title; /* Finnish required */
  NvText summary;
  char  *icon;     /* a symbolic icon name, may be NULL */
  int    position; /* ascending order on the kiosk */
} NvCategory;

NvCategory *nv_category_new (void);
void        nv_category_free (NvCategory *category);
NvCategory *nv_category_copy (const NvCategory *category);
gboolean    nv_category_validate (const NvCategory *category, GError **error);
JsonNode   *nv_category_to_json (const NvCategory *category);
NvCategory *nv_category_from_json (JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvCategory, nv_category_free)

G_END_DECLS

/* nv-content-private.h — what the content's whole-tree reader (nv-content.c) and its
 * record-by-record reader (nv-content-reader.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-content.h"

G_BEGIN_DECLS

/* An item's id, for the checks that ids are unique. */
typedef const char *(*NvContentIdFunc) (gconstpointer item);

static inline const char *
nv_content_category_id (gconstpointer item)
{
  return ((const NvCategory *) item)->id;
}

static inline const char *
nv_content_guide_id (gconstpointer item)
{
  return ((const NvGuide *) item)->id;
}

static inline const char *
nv_content_organisation_id (gconstpointer item)
{
  return ((const NvOrganisation *) item)->id;
}

static inline const char *
nv_content_slot_id (gconstpointer item)
{
  return ((const NvSlot *) item)->id;
}

static inline const char *
nv_content_synonym_group_id (gconstpointer item)
{
  return ((const NvSynonymGroup *) item)->id;
}

G_END_DECLS

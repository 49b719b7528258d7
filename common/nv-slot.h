/* nv-slot.h — an appointment slot an advisor publishes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

/* Kinds on the wire: "digital-support", "service-counselling", "home-visit". */
gboolean nv_slot_kind_is_valid (const char *kind);

typedef struct
{
  char      *id;           /* [a-z0-9-]{1,64} */
  char      *organisation; /* where: an organisation id; NULL for a home visit */
  char      *kind;
  GDateTime *starts_at;        /* UTC on the wire */
  guint      duration_minutes; /* 5 … 480; 30 is typical */
  guint      capacity;         /* 1 … 100 */
  guint      taken;            /* places taken, as the server last knew (read only for kiosks) */
  gboolean   cancelled;
} NvSlot;

NvSlot   *nv_slot_new (void);
void      nv_slot_free (NvSlot *slot);
NvSlot   *nv_slot_copy (const NvSlot *slot);
gboolean  nv_slot_validate (const NvSlot *slot, GError **error);
gboolean  nv_slot_is_free (const NvSlot *slot,
                           GDateTime    *now); /* not cancelled, not started, places left */
JsonNode *nv_slot_to_json (const NvSlot *slot);
NvSlot   *nv_slot_from_json (JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvSlot, nv_slot_free)

G_END_DECLS

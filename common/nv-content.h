/* nv-content.h — a bundle of content: what the backend serves and a kiosk stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-category.h"
#include "nv-guide.h"
#include "nv-kiosk-config.h"
#include "nv-organisation.h"
#include "nv-slot.h"
#include "nv-synonym.h"

G_BEGIN_DECLS

typedef struct
{
  char  *kind; /* "category", "guide", "organisation", "slot" */
  char  *id;
  gint64 revision; /* the revision that deleted it */
} NvTombstone;

typedef struct
{
  gint64     revision;      /* the global content revision this bundle brings the kiosk to */
  gint64     since;         /* the revision it is a delta from; 0 for everything */
  GPtrArray *categories;    /* NvCategory* */
  GPtrArray *guides;        /* NvGuide* */
  GPtrArray *organisations; /* NvOrganisation* */
  GPtrArray *slots;         /* NvSlot*: appointment slots advisors published */
  GPtrArray *tombstones;    /* NvTombstone* */
  /* NvSynonymGroup*: the search's synonyms, which advisors edit. They travel whole: when
   * has_synonyms (the "synonyms" member, a folder's synonyms.json) they are the complete
   * list, which replaces a kiosk's; without it a kiosk keeps the list it has. A deleted
   * group so needs no tombstone, which kiosks built before the list came would refuse. */
  GPtrArray *synonyms;
  gboolean   has_synonyms;
  /* The settings the server gives this kiosk ("config"), NULL when it gave none or
   * what it gave was unusable: never a reason to refuse the content. */
  NvKioskConfig *config;
} NvContent;

/* A bundle larger than this is refused: 10,000 organisations take about 15 MiB. */
#define NV_CONTENT_MAX_SIZE (256 * 1024 * 1024)

NvContent *nv_content_new (void);
void       nv_content_free (NvContent *content);
void       nv_tombstone_free (NvTombstone *tombstone);

/* Checks every item and that ids are unique and references resolve
 * (a guide's category, a guide's related organisations) within the bundle when
 * since == 0. The error's field is like "guides[3].steps[0].text.fi". */
gboolean nv_content_validate (const NvContent *content, GError **error);

/* That @guide's category is in @categories and its related organisations in
 * @organisations (sets of ids); the error's field is relative to the guide. */
gboolean nv_guide_check_references (const NvGuide *guide,
                                    GHashTable    *categories,
                                    GHashTable    *organisations,
                                    GError       **error);
/* That @slot's organisation, when it has one, is in @organisations. */
gboolean nv_slot_check_reference (const NvSlot *slot, GHashTable *organisations, GError **error);

/* @kind: "guide" or "slot"; @error names the reference that does not resolve. */
typedef void (*NvContentDroppedFunc) (const char   *kind,
                                      const char   *id,
                                      const GError *error,
                                      gpointer      user_data);
/* Leaves out of a full bundle (since == 0) every guide and slot that refers to a
 * category or an organisation the bundle does not hold, telling @dropped of each: a
 * writer that had to leave out a damaged item keeps the rest of the bundle valid. */
void
nv_content_drop_dangling (NvContent *content, NvContentDroppedFunc dropped, gpointer user_data);

/* The wire format of GET /api/v1/kiosk/content (docs/api.md):
 * {"revision": N, "since": N, "categories": [...], "guides": [...],
 *  "organisations": [...], "tombstones": [...], "config": {...}}; unknown members are
 * ignored. */
JsonNode  *nv_content_to_json (const NvContent *content);
NvContent *nv_content_from_json (JsonNode *node, GError **error);
/* One member of "tombstones"; NV_ERROR_INVALID naming the field when it is not one. */
NvTombstone *nv_tombstone_from_json (JsonNode *node, GError **error);
JsonNode    *nv_tombstone_to_json (const NvTombstone *tombstone);
/* Sets @content's settings from its "config" member @node (NULL: none). Unusable settings
 * are logged and left out: never a reason to refuse the content. */
void nv_content_read_config (NvContent *content, JsonNode *node);
/* Parses bytes (must be UTF-8 JSON) into a bundle; NV_ERROR_PARSE for malformed input. */
NvContent *nv_content_from_bytes (GBytes *bytes, GError **error);

/* The synonym groups of a synonyms.json file ({"synonyms": [...]}, as in
 * data/content/), each validated, ids unique; errors name the field. */
GPtrArray *nv_content_synonyms_from_bytes (GBytes *bytes, GError **error);

/* Loads the default content from a directory laid out as data/content/ is
 * (docs/content-format.md): categories.json, organisations.json, guides/ *.json and,
 * when it is there, synonyms.json.
 * Errors name the file and the field. */
NvContent *nv_content_load_dir (const char *directory, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvContent, nv_content_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvTombstone, nv_tombstone_free)

G_END_DECLS

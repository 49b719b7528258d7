/* kiosk-store.h — the kiosk's own SQLite store; screens read content only from here
 *
 * One object, its code split by concern (kiosk-store-private.h): the sections below
 * follow the files kiosk-store-content.c, kiosk-store-directory.c and
 * kiosk-store-outbox.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "nv-common.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_STORE (kiosk_store_get_type ())

G_DECLARE_FINAL_TYPE (KioskStore, kiosk_store, KIOSK, STORE, GObject)

/* Opens (creating and migrating) @data_dir/kiosk.db. */
KioskStore *kiosk_store_open (const char *data_dir, GError **error);
/* The same without reading the whole file for damage first (PRAGMA quick_check reads
 * every page: about a fifth of a second for 10,000 places, most of the kiosk's start):
 * a file that cannot be opened at all is checked and rebuilt at once, as
 * kiosk_store_open () does; the caller checks the rest later with
 * kiosk_store_check_async (). The kiosk starts so, and checks after its first frame. */
KioskStore *kiosk_store_open_unchecked (const char *data_dir, GError **error);
/* Reads the whole file for damage in a thread, on a connection of its own; when it is
 * damaged, rebuilds the store in place (kiosk_store_repair_if_damaged ()) back in the
 * caller's thread. _finish returns TRUE when it was rebuilt. */
void     kiosk_store_check_async (KioskStore         *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean kiosk_store_check_finish (KioskStore *self, GAsyncResult *result, GError **error);

/* TRUE when kiosk.db was found damaged and rebuilt (kiosk-store-repair.c), at the start
 * or since:
 * *@out_salvaged gets how many waiting events and requests it kept, *@out_lost how many
 * rows could not be read. */
gboolean kiosk_store_get_rebuilt (KioskStore *self, guint *out_salvaged, guint *out_lost);
/* Checks the open store (PRAGMA quick_check) after something failed in it; when it is
 * damaged, rebuilds it in place as a start would, emits "changed" and returns TRUE. */
gboolean kiosk_store_repair_if_damaged (KioskStore *self, GError **error);

/* Content: bundles, categories, guides, slots (kiosk-store-content.c) */

gint64 kiosk_store_get_revision (KioskStore *self);
/* Applies a bundle in one transaction: a full one (since 0) replaces everything, a
 * delta adds, replaces and deletes (tombstones). On error nothing changes. Emits
 * "changed" after a successful commit. */
gboolean kiosk_store_apply_content (KioskStore *self, const NvContent *content, GError **error);

/* Lists are sorted for showing: categories by position, guides and organisations by
 * their title or name in @lang. Each returns a new GPtrArray owning its items. */
GPtrArray  *kiosk_store_list_categories (KioskStore *self);
GPtrArray  *kiosk_store_list_guides (KioskStore *self,
                                     const char *category, /* NULL: all */
                                     NvLang      lang);
NvGuide    *kiosk_store_get_guide (KioskStore *self, const char *id);
NvCategory *kiosk_store_get_category (KioskStore *self, const char *id);
guint       kiosk_store_count (KioskStore *self, const char *kind);

/* Appointment slots that can still be offered: of @kind (NULL: any), starting after
 * @now and within @days, not cancelled and not full as the server last said; by start,
 * at most @limit (0: all). A new GPtrArray of NvSlot. */
GPtrArray *kiosk_store_list_free_slots (
    KioskStore *self, const char *kind, GDateTime *now, guint days, guint limit);
NvSlot *kiosk_store_get_slot (KioskStore *self, const char *id);

/* Step pictures (kiosk-store-images.c): files beside kiosk.db, named by their SHA-256 */

/* The pictures the content names that the kiosk has not yet kept. */
GStrv kiosk_store_images_missing (KioskStore *self);
/* Keeps @bytes as the picture @name once they match it (nv_image_bytes_match ()), whole
 * or not at all; NV_ERROR_INVALID when they do not match. */
gboolean
kiosk_store_images_save (KioskStore *self, const char *name, GBytes *bytes, GError **error);
/* The picture's bytes, checked against its name; NULL when it is not kept or damaged
 * (then removed, for the next sync to fetch again). */
GBytes *kiosk_store_images_load (KioskStore *self, const char *name);
/* Removes every file among the pictures that no content names; returns how many. */
guint kiosk_store_images_clean (KioskStore *self);

/* The directory: organisations and search (kiosk-store-directory.c) */

GPtrArray      *kiosk_store_list_organisations (KioskStore *self, NvLang lang);
NvOrganisation *kiosk_store_get_organisation (KioskStore *self, const char *id);

/* One place found by a directory search: what a row of results shows. */
typedef struct
{
  char *id;
  char *name; /* in the language searched; Finnish where it has none */
  char *kind;
  char *municipality;   /* a code */
  char *street_address; /* these three may be NULL */
  char *postal_code;
  char *post_office;
  /* For the profile searched with: how the place meets it, and the facts it needs that
   * the place is known to lack (bits of nv_access_lacks ()). */
  NvAccessFit fit;
  guint       lacks;
} KioskDirectoryHit;

void kiosk_directory_hit_free (KioskDirectoryHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskDirectoryHit, kiosk_directory_hit_free)

/* Directory search. Each word of @query is a prefix, diacritics folded ("kaarlenvayla"
 * finds Kaarlenväylä), looked for in the names, descriptions and services in every
 * language, the address and the municipality's Finnish and Swedish names; all words
 * must match; a word also matches by its base form and compound parts (Finnish) or stem
 * (Swedish), its synonyms and, for a word of need ("apua"), the kind of place that helps
 * (kiosk-search-terms.h). Words that only carry the sentence ("tarvitsen") are left out.
 * No word (NULL, empty, punctuation only) lists everything. @municipality (a code, or
 * KIOSK_STORE_REGION_PREFIX and a region's code) and @kind, when not NULL, narrow the
 * results. The home municipality's places first, then its region's, then the rest;
 * within each, places with more of the words in their name first, digital-support
 * points first among equals, then by name in @lang. Returns up to @limit (0: all)
 * KioskDirectoryHit; *@out_total gets how many matched in all. User input never
 * reaches SQL or FTS5 syntax. */
GPtrArray *kiosk_store_search_organisations (KioskStore *self,
                                             const char *query,
                                             const char *municipality,
                                             const char *kind,
                                             NvLang      lang,
                                             guint       limit,
                                             guint      *out_total,
                                             GError    **error);
/* The same for a resident with accessibility needs: the places that meet @profile
 * first, then those not known to, then those known to lack something it needs (each
 * ranked within as above); each hit says how it stands. */
GPtrArray *kiosk_store_search_organisations_for (KioskStore     *self,
                                                 const char     *query,
                                                 const char     *municipality,
                                                 const char     *kind,
                                                 NvAccessProfile profile,
                                                 NvLang          lang,
                                                 guint           limit,
                                                 guint          *out_total,
                                                 GError        **error);
/* The kiosk's own municipality (a code; NULL or "" for none): search ranks its places
 * first, then its region's. */
void        kiosk_store_set_home_municipality (KioskStore *self, const char *code);
const char *kiosk_store_get_home_municipality (KioskStore *self);
/* Whether any place in the directory is sample data (the demo's seed), not real. */
gboolean kiosk_store_has_sample_organisations (KioskStore *self);
/* A @municipality filter of kiosk_store_search_organisations () that names a whole
 * region: this, then the region's code ("region:17"). */
#define KIOSK_STORE_REGION_PREFIX "region:"
/* Codes of the municipalities that have organisations, sorted by name in @lang. */
GPtrArray *kiosk_store_list_municipalities_with_organisations (KioskStore *self, NvLang lang);
/* The kinds of organisation present, in the order of nv_organisation_kinds(). */
GPtrArray *kiosk_store_list_organisation_kinds (KioskStore *self);

/* The two outboxes (kiosk-store-outbox.c) */

/* The outbox of usage events: durable on return, deleted only once acknowledged. */
gboolean kiosk_store_events_add (KioskStore *self, const NvEvent *event, GError **error);
/* The oldest @limit events as JSON documents; *@out_ids gets their ids in order. */
GPtrArray *kiosk_store_events_peek (KioskStore *self, guint limit, GPtrArray **out_ids);
/* Deletes the events the server answered for (accepted, duplicate or rejected). */
gboolean kiosk_store_events_remove (KioskStore *self, GPtrArray *ids, GError **error);
guint    kiosk_store_events_count (KioskStore *self);

/* The outbox of appointment requests: personal data, apart from usage events. Added
 * durably; the oldest not rejected ones are peeked as JSON documents. Settling deletes
 * the @delivered (the server has them: accepted or duplicate) and checkpoints the
 * write-ahead log so that no copy stays behind, and marks the @rejected (the server
 * will never take them; @rejected_fields maps an id to the field named, may be NULL),
 * which are kept for staff to see until dropped. */
gboolean
kiosk_store_appointments_add (KioskStore *self, const NvAppointment *appointment, GError **error);
GPtrArray *kiosk_store_appointments_peek (KioskStore *self, guint limit, GPtrArray **out_ids);
gboolean   kiosk_store_appointments_settle (KioskStore *self,
                                            GPtrArray  *delivered,
                                            GPtrArray  *rejected,
                                            GHashTable *rejected_fields,
                                            GError    **error);
/* All waiting requests, and in *@out_rejected (may be NULL) how many were rejected. */
guint kiosk_store_appointments_count (KioskStore *self, guint *out_rejected);
/* Drops rejected requests marked before @before (Unix seconds); returns how many. */
guint kiosk_store_appointments_drop_rejected (KioskStore *self, gint64 before, GError **error);

G_END_DECLS

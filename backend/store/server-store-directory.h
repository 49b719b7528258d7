/* server-store-directory.h — imported directory entries and their review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Imported entries (server-store-directory.c, docs/directory.md)
 *
 * An import never writes to what kiosks see. Each entry it brings is compared with the
 * published one: the same (but for when it was checked) changes nothing and makes no
 * revision; anything else waits as a proposed change until an advisor accepts it, field
 * by field, or keeps their own value. A field an advisor set by hand (by keeping it, or
 * by editing the organisation) keeps that value in every later proposal. An entry that
 * an import of the whole source no longer finds is flagged as missing, not deleted. */

typedef enum
{
  SERVER_IMPORT_NEW,       /* not published: waits for review */
  SERVER_IMPORT_CHANGED,   /* differs from the published entry: waits for review */
  SERVER_IMPORT_UNCHANGED, /* the same as published, or as already waiting */
} ServerImportOutcome;

/* Offers an imported (validated) organisation with its provenance set (source,
 * source_id, checked_at). */
gboolean server_store_offer_import (ServerStore          *self,
                                    const NvOrganisation *imported,
                                    ServerImportOutcome  *out_outcome,
                                    GError              **error);
/* After an import of everything @source has: flags its entries whose ids are not in
 * @seen_ids as missing (since now); *@out_flagged: how many were newly flagged. */
gboolean server_store_flag_missing (ServerStore       *self,
                                    const char        *source,
                                    const char *const *seen_ids,
                                    guint             *out_flagged,
                                    GError           **error);

/* Parts of an entry from another source (docs/directory.md, "Library opening hours").
 *
 * The directory entry @record (a record of another source, with its provenance) is about:
 * the one that source's id was kept on, else the one with the same Finnish name, street
 * address and municipality, published or waiting as new. NULL (no error) when none is. */
char *server_store_match_directory_entry (ServerStore          *self,
                                          const NvOrganisation *record,
                                          GError              **error);
/* Offers @imported's opening hours for the entry @id, through review as any import: the
 * hours are that source's part of the entry from now on, which no other source's import
 * proposes; hours an advisor set stay; @imported's hours NULL (not known) is no change. */
gboolean server_store_offer_imported_hours (ServerStore          *self,
                                            const char           *id,
                                            const NvOrganisation *imported,
                                            ServerImportOutcome  *out_outcome,
                                            GError              **error);

/* A part of an entry that another source keeps, and when that source last had it. */
typedef struct
{
  char *part;       /* "opening_hours" */
  char *source;     /* "kirjastot" */
  char *source_id;  /* the library's id */
  char *checked_at; /* nv_format_time_utc */
} ServerPartSource;

void server_part_source_free (ServerPartSource *part);

typedef struct
{
  char      *id;
  NvText     name;
  char      *state;         /* "new", "changed" or "missing" */
  char      *source;        /* "ptv" */
  char      *source_id;     /* the source's own id */
  char      *checked_at;    /* when the source last had it (nv_format_time_utc) */
  char      *missing_since; /* NULL unless missing */
  GStrv      fields;        /* the fields a change would change; NULL when missing */
  GPtrArray *part_sources;  /* ServerPartSource*: parts another source keeps, by part */
} ServerDirectoryChange;

void server_directory_change_free (ServerDirectoryChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerDirectoryChange, server_directory_change_free)

typedef struct
{
  char     *field;    /* a member of the organisation document: "phones", "opening_hours" */
  JsonNode *current;  /* the published value; NULL when absent (or nothing is published) */
  JsonNode *proposed; /* the imported value; NULL when absent */
} ServerFieldChange;

void server_field_change_free (ServerFieldChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerFieldChange, server_field_change_free)

/* ServerDirectoryChange*: proposed changes and missing entries, by Finnish name. */
GPtrArray *server_store_list_directory_changes (ServerStore *self, GError **error);
/* One entry's change with its fields (ServerFieldChange*, by field) and the fields set by
 * hand (which a proposal never changes). NV_ERROR_NOT_FOUND when it has none. */
ServerDirectoryChange *server_store_get_directory_change (
    ServerStore *self, const char *id, GPtrArray **out_fields, GStrv *out_hand_set, GError **error);
/* Publishes the proposed entry as the next revision, which it returns: every changed
 * field (@fields NULL) or only @fields, the rest keeping their published value, set by
 * hand from then on. A missing entry is confirmed as it is (the flag goes, no revision:
 * 0). -1 on failure; NV_ERROR_NOT_FOUND when there is nothing to review; NV_ERROR_INVALID
 * (field "fields[N]") for a field that is not changed. */
gint64 server_store_accept_directory_change (ServerStore       *self,
                                             const char        *id,
                                             const char *const *fields,
                                             const char        *actor,
                                             GError           **error);
/* Keeps the published value of @fields (NULL: every changed field): set by hand from
 * then on, and out of the proposal, which goes when nothing is left in it. A missing
 * entry's flag goes. */
gboolean server_store_keep_directory_values (ServerStore       *self,
                                             const char        *id,
                                             const char *const *fields,
                                             const char        *actor,
                                             GError           **error);
/* The caller holds a write transaction and is about to publish @document for @id by
 * hand: the fields that differ from the published version are set by hand from now on
 * (only for an imported entry). */
gboolean server_store_note_hand_set (
    ServerStore *self, const char *id, JsonNode *document, const char *actor, GError **error);

G_END_DECLS

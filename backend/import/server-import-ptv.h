/* server-import-ptv.h — Suomi.fi service catalogue (PTV Open API v11) records to
 * directory entries
 *
 * No store, no HTTP: text in, organisations out, so that the command line, the tests
 * and the fuzz harness run the same code. docs/directory.md has the field mapping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-common.h"

G_BEGIN_DECLS

/* A page of PTV is at most this large (a page of 1,000 channels is about 10 MiB). */
#define SERVER_PTV_MAX_PAGE_SIZE (32 * 1024 * 1024)

typedef struct
{
  char           *record_id;    /* PTV's id, or "item N" when the record has none */
  NvOrganisation *organisation; /* the directory entry; NULL when refused */
  GError         *error;        /* why it was refused (NV_ERROR_INVALID, a field path) */
} ServerPtvRecord;

void server_ptv_record_free (ServerPtvRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerPtvRecord, server_ptv_record_free)

typedef struct _ServerPtvImport ServerPtvImport;

/* @now: the moment of the import, which decides which service hours are in force and
 * becomes each entry's checked_at; @kind: the directory kind given to every entry (PTV
 * has none that matches ours). */
ServerPtvImport *server_ptv_import_new (GDateTime *now, const char *kind);
void             server_ptv_import_free (ServerPtvImport *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerPtvImport, server_ptv_import_free)

/* Reads one text of PTV JSON: a single record (ServiceLocation channel or Organization),
 * the paged form {pageNumber, pageCount, itemList} or an array of records. Organisations
 * give their names to the places they run; channels of another type and records that
 * are not published are passed over. FALSE when the text as a whole is unusable (not
 * JSON, not UTF-8, too large, not PTV): nothing of it is kept. A malformed record is not
 * such a failure: it is kept, refused, for server_ptv_import_finish(). *@out_page_count
 * (optional): the text's pageCount, 0 when it is not paged. */
gboolean server_ptv_import_add_bytes (ServerPtvImport *import,
                                      GBytes          *bytes,
                                      const char      *subject,
                                      guint           *out_page_count,
                                      GError         **error);

/* Maps every service location read so far, in the order read. ServerPtvRecord*. */
GPtrArray *server_ptv_import_finish (ServerPtvImport *import);
/* How many records were passed over (other channel types, not published). */
guint server_ptv_import_get_n_skipped (ServerPtvImport *import);

/* The directory id of a PTV GUID: "ptv-" and the GUID in lower case; NULL when @guid is
 * not a GUID. */
char *server_ptv_directory_id (const char *guid);

G_END_DECLS

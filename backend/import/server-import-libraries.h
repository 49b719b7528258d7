/* server-import-libraries.h — the Finnish public library directory (kirjastot.fi,
 * Kirkanta API v4) to directory entries with their opening hours
 *
 * No store, no HTTP: text in, organisations out, as server-import-ptv.h.
 * docs/directory.md has the field mapping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-common.h"

G_BEGIN_DECLS

/* A page of the library directory is at most this large: a page of 100 libraries with a
 * year of schedules each is about 15 MiB. */
#define SERVER_LIBRARY_MAX_PAGE_SIZE (32 * 1024 * 1024)

/* The source's name in directory_sources and on every entry it makes. */
#define SERVER_LIBRARY_SOURCE "kirjastot"

typedef struct
{
  char           *record_id;    /* the library directory's id, or "item N" when it has none */
  NvOrganisation *organisation; /* kind library: name, address, municipality, hours (NULL:
                                 * the schedules say too little); NULL when refused */
  GError *error;                /* why it was refused (NV_ERROR_INVALID, a field path) */
} ServerLibraryRecord;

void server_library_record_free (ServerLibraryRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerLibraryRecord, server_library_record_free)

typedef struct _ServerLibraryImport ServerLibraryImport;

/* @now: the moment of the import, each entry's checked_at. */
ServerLibraryImport *server_library_import_new (GDateTime *now);
void                 server_library_import_free (ServerLibraryImport *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerLibraryImport, server_library_import_free)

/* Reads one text of the library directory's JSON: a single record ({"type": "library",
 * "data": {…}}), a list ({"total": N, "items": […]}, or "result" as its documentation
 * writes it) or an array of records. FALSE when the text as a whole is unusable (not
 * JSON, not UTF-8, too large, not library records): nothing of it is kept. A malformed
 * record is refused, for server_library_import_finish(), and the others go on.
 * *@out_total (optional): the list's total, 0 when the text is no list; *@out_n_items
 * (optional): how many records the text held. */
gboolean server_library_import_add_bytes (ServerLibraryImport *import,
                                          GBytes              *bytes,
                                          const char          *subject,
                                          guint               *out_total,
                                          guint               *out_n_items,
                                          GError             **error);

/* Every record read so far, in the order read; the same library twice: the later counts.
 * ServerLibraryRecord*. */
GPtrArray *server_library_import_finish (ServerLibraryImport *import);

/* The directory id of a library of the directory: "kirjastot-" and its id. */
char *server_library_directory_id (const char *library_id);

G_END_DECLS

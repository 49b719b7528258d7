/* server-export.h — writing exported rows as CSV or NDJSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SERVER_EXPORT_CSV,
  SERVER_EXPORT_NDJSON,
} ServerExportFormat;

/* One RFC 4180 cell: quoted when it holds a comma, quote, CR or LF; a cell that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading '. */
void server_csv_append_cell (GString *line, const char *value);

typedef struct _ServerExportWriter ServerExportWriter;

ServerExportWriter *server_export_writer_new (GOutputStream     *output,
                                              ServerExportFormat format,
                                              const char *const *columns,
                                              guint              n_columns);
/* Buffers lines and writes them in blocks; errors are from the stream. */
gboolean
server_export_writer_row (ServerExportWriter *writer, const char *const *values, GError **error);
gboolean server_export_writer_close (ServerExportWriter *writer, GError **error);
void     server_export_writer_free (ServerExportWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerExportWriter, server_export_writer_free)

/* "2026-11" for a whole calendar month, else "2026-11-03-2026-11-19"; then
 * "-kiosk-ID" for each kiosk of the filter (at most three, else "-N-kiosks"), so a
 * filtered download never passes for the whole. */
char *server_export_name (const char *from_day, const char *to_day, const char *const *kiosks);

G_END_DECLS

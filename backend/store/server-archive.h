/* server-archive.h — one download for an evaluation: every report table, the events, the
 * daily counts, a data dictionary and a README, in one zip file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store-reports.h"

G_BEGIN_DECLS

typedef struct
{
  const ServerReportQuery *query;
  const char              *name;     /* the archive's name without ".zip": its folder */
  const char              *from_day; /* the period as the evaluator chose it, YYYY-MM-DD */
  const char              *to_day;   /* inclusive */
} ServerArchiveRequest;

/* Writes the zip file to @output. It is put together in a private folder in the store's
 * directory (the events may be large) and removed again, whatever happens. */
gboolean server_store_write_archive (ServerStore                *self,
                                     const ServerArchiveRequest *request,
                                     GOutputStream              *output,
                                     GError                    **error);

G_END_DECLS

/* server-store-import-runs.h — every run of an import, for the operations report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *source;   /* "ptv", "kirjastot" */
  GDateTime  *started;  /* when the run began reading */
  GDateTime  *finished; /* when it was done (or gave up) */
  guint       n_new;
  guint       n_changed;
  guint       n_unchanged;
  guint       n_refused;
  const char *problems; /* the first refusals' sentences, or why the run failed; NULL */
} ServerImportRun;

/* Records @run; the operations report's import_runs table shows it
 * (server-store-reports.c). */
gboolean
server_store_record_import_run (ServerStore *self, const ServerImportRun *run, GError **error);

G_END_DECLS

/* server-ingest.h — the event writer: one thread, group commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "server-store.h"

G_BEGIN_DECLS

typedef struct _ServerIngest ServerIngest;

/* Called in the submitter's thread-default main context once the events are
 * committed (or failed): @inserted is a GArray of gboolean, one per event. */
typedef void (*ServerIngestDoneFunc) (GArray *inserted, const GError *error, gpointer user_data);

/* Opens its own connection to @store's directory and starts the writer, which also
 * writes the kiosk contacts @store remembers (server_store_remember_kiosk_contact). */
ServerIngest *server_ingest_new (ServerStore *store, GError **error);
/* Stops the writer after what was submitted is written. */
void server_ingest_free (ServerIngest *ingest);
/* Queues one kiosk's validated events (the array is taken). */
void server_ingest_submit (ServerIngest        *ingest,
                           const char          *kiosk_id,
                           GPtrArray           *events,
                           ServerIngestDoneFunc done,
                           gpointer             user_data);

/* Events submitted and not yet committed, and how long the last group committed waited
 * from its submission to its commit (ms; 0 before any). Any thread. */
void server_ingest_get_stats (ServerIngest *ingest, guint *pending_events, guint *last_lag_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerIngest, server_ingest_free)

G_END_DECLS

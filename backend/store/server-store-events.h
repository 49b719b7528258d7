/* server-store-events.h — anonymous usage events: stored once each, exported as a stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Usage events (server-store-events.c) */

/* Stores each event once, in one transaction; (*@out_inserted)[i] is FALSE for an id
 * that was already stored (a retried push). */
gboolean server_store_insert_events (ServerStore *self,
                                     const char  *kiosk_id,
                                     GPtrArray   *events,
                                     GArray     **out_inserted,
                                     GError     **error);
/* Several kiosks' batches in ONE transaction (group commit): (*@out_inserted)[b] is
 * the GArray of gboolean for batch b. The kiosk contacts @contacts_from remembered, when
 * not NULL, are written in the same transaction. */
gboolean server_store_insert_event_batches (ServerStore *self,
                                            ServerStore *contacts_from,
                                            GPtrArray   *kiosk_ids,
                                            GPtrArray   *batches,
                                            GPtrArray  **out_inserted,
                                            GError     **error);
gint64   server_store_count_events (ServerStore *self);

/* The columns events are stored with, as a raw dump of the table reads them (the export
 * benchmark's baseline). Never exported as they are: see server_store_export_events. */
#define SERVER_EVENT_N_COLUMNS 12
extern const char *const server_event_columns[SERVER_EVENT_N_COLUMNS];

/* The export columns, in order (docs/events.md, "Export columns"). */
#define SERVER_EVENT_EXPORT_N_COLUMNS 12
extern const char *const server_event_export_columns[SERVER_EVENT_EXPORT_N_COLUMNS];

/* Called once per row, values as text (NULL for null); return FALSE to stop. */
typedef gboolean (*ServerEventRowFunc) (const char *const *values,
                                        gpointer           user_data,
                                        GError           **error);
/* Streams the events with from <= time < to (either may be NULL), of the kiosks named
 * (NULL or empty: all), so that no visit can be singled out (docs/privacy.md, "Exports"):
 * no event id, no exact time but the hour the visit began and the seconds since; the
 * session replaced by a pseudonym keyed with a random key made for this export and never
 * kept; rows in the order of the pseudonyms within each hour; a search query only when
 * at least @threshold visits of the period typed it; no content revision (a change
 * published mid-hour would tell which part of the hour an event fell in). Holds one hour's rows at
 * a time. */
gboolean server_store_export_events (ServerStore       *self,
                                     GDateTime         *from,
                                     GDateTime         *to,
                                     const char *const *kiosk_ids,
                                     guint              threshold,
                                     ServerEventRowFunc func,
                                     gpointer           user_data,
                                     GError           **error);

G_END_DECLS

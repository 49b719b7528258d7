/* server-store-health.h — whether the store works, and what operators count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* A cheap check that the database answers: a query on the store's connection, and a read
 * of the file through a connection of its own, so that a file gone, replaced by junk or
 * unreadable is seen although the store's connection still has it open. */
gboolean server_store_check_health (ServerStore *self, GError **error);

typedef struct
{
  gint64 registered;     /* kiosks not revoked */
  gint64 silent;         /* of those, without contact since the time asked about */
  gint64 outbox_backlog; /* usage events the kiosks last said they still hold */
} ServerKioskStats;

/* Kiosks as last written (contacts lag up to a minute: server-ingest.c); silent: no
 * contact since @silent_before (Unix seconds), or never. */
gboolean server_store_get_kiosk_stats (ServerStore      *self,
                                       gint64            silent_before,
                                       ServerKioskStats *stats,
                                       GError          **error);

G_END_DECLS

/* kiosk-sync.h — brings content from the backend into the kiosk store, in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SYNC (kiosk_sync_get_type ())

G_DECLARE_FINAL_TYPE (KioskSync, kiosk_sync, KIOSK, SYNC, GObject)

typedef enum
{
  KIOSK_SYNC_IDLE, /* the last sync worked, or none ran yet */
  KIOSK_SYNC_RUNNING,
  KIOSK_SYNC_FAILED, /* the last sync failed: see last-error; the store is untouched */
} KioskSyncState;

/* Signal "config-received" (const NvKioskConfig *config): the settings the server gave
 * with content, once that content is applied (kiosk-remote-config.c applies them). */

/* @token: the kiosk's bearer token from `neuvokas-server kiosk add`, or NULL. */
KioskSync *kiosk_sync_new (KioskStore *store, const char *server_url, const char *token);
/* Trusts the certificate authorities in @path (PEM) for an https:// server, in place of
 * the system's; NULL or "": the system's. A file that cannot be read trusts no server:
 * every sync fails, saying why. */
void kiosk_sync_set_ca_file (KioskSync *self, const char *path);
/* Syncs now and then every @interval_seconds, until disposed. */
void kiosk_sync_start (KioskSync *self, guint interval_seconds);
void kiosk_sync_run_async (KioskSync          *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data);
/* TRUE when the sync worked; *@changed tells whether new content arrived. */
gboolean
kiosk_sync_run_finish (KioskSync *self, GAsyncResult *result, gboolean *changed, GError **error);

/* The wait before the next attempt after @failures failures in a row (0: the regular
 * @interval_ms): exponential from 5 s up to 15 minutes, with "equal jitter" so that many
 * kiosks coming back after an outage do not arrive at once, and never shorter than
 * the server's Retry-After (@retry_after_ms, 0 when none). */
guint kiosk_sync_next_delay (guint failures, guint interval_ms, guint retry_after_ms, GRand *rand);
/* Something worth sending now (a resident's request): the waiting periodic sync runs at
 * once. Does nothing while a sync runs, while backing off after failures, or before
 * kiosk_sync_start(). */
void kiosk_sync_run_soon (KioskSync *self);
/* Milliseconds until the next scheduled attempt; 0 when none is scheduled. */
guint kiosk_sync_get_scheduled_delay (KioskSync *self);

const char    *kiosk_sync_get_server_url (KioskSync *self);
KioskSyncState kiosk_sync_get_state (KioskSync *self);
const char    *kiosk_sync_get_last_error (KioskSync *self);
/* Wall-clock time (µs) of the last sync that worked; 0 when none has. */
gint64 kiosk_sync_get_last_success (KioskSync *self);

G_END_DECLS

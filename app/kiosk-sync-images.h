/* kiosk-sync-images.h — the step pictures that content names, fetched by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* Fetches each picture the store's content names and lacks (GET
 * api/v1/kiosk/images/NAME with @token), keeps those whose bytes match their names, and
 * then removes the kept pictures no content names. One that fails does not stop the
 * others; _finish reports the first failure, and the next sync asks again for what is
 * still missing. */
void     kiosk_sync_images_fetch_async (KioskStore         *store,
                                        SoupSession        *session,
                                        const char         *server_url,
                                        const char         *token,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean kiosk_sync_images_fetch_finish (GAsyncResult *result, GError **error);

G_END_DECLS

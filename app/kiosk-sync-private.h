/* kiosk-sync-private.h — what tests set on a KioskSync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-sync.h"

G_BEGIN_DECLS

/* The most a content answer may hold, unpacked (NV_CONTENT_MAX_SIZE unless set): a
 * larger one is refused as it arrives. */
void kiosk_sync_set_max_content_size (KioskSync *self, gsize max_bytes);

G_END_DECLS

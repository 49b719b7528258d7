/* kiosk-remote-config.h — the settings the server gives this kiosk, into GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-sync.h"
#include "nv-kiosk-config.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_REMOTE_CONFIG (kiosk_remote_config_get_type ())

G_DECLARE_FINAL_TYPE (KioskRemoteConfig, kiosk_remote_config, KIOSK, REMOTE_CONFIG, GObject)

/* Writes into @settings (fi.neuvokas.Kiosk). */
KioskRemoteConfig *kiosk_remote_config_new (GSettings *settings);
/* Applies @config: each setting the kiosk knows, whose value it can take, and whose key
 * its administrator did not lock; what is skipped is logged. A setting the server set
 * before and no longer gives returns to the kiosk's own value. */
void kiosk_remote_config_apply (KioskRemoteConfig *self, const NvKioskConfig *config);
/* Applies what @sync receives from now on. */
void kiosk_remote_config_follow (KioskRemoteConfig *self, KioskSync *sync);

G_END_DECLS

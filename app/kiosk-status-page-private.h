/* kiosk-status-page-private.h — what the tests read of the staff-only page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-status-page.h"

G_BEGIN_DECLS

/* The value shown for @key ("server", "state", "last-sync", "last-error", "revision",
 * "backlog", "appointments", "next-attempt", "version"). */
const char *kiosk_status_page_get_value (KioskStatusPage *self, const char *key);

G_END_DECLS

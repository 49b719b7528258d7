/* kiosk-directory-page-private.h — what tests and bench-kiosk ask a KioskDirectoryPage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-directory-page.h"

G_BEGIN_DECLS

/* A key typed on the on-screen keyboard is drawn first and searched after: TRUE from the
 * key until its search has run. */
gboolean kiosk_directory_page_get_search_pending (KioskDirectoryPage *self);

G_END_DECLS

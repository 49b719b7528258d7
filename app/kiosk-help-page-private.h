/* kiosk-help-page-private.h — what tests read and set of the Help screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-help-page.h"

G_BEGIN_DECLS

/* The message under the buttons ("Someone is coming…"); "" when none. */
const char *kiosk_help_page_get_status (KioskHelpPage *self);
/* The time the opening hours are read at; NULL: the real time. */
void kiosk_help_page_set_clock (KioskHelpPage *self, GDateTime *now);

G_END_DECLS

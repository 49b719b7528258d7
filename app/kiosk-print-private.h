/* kiosk-print-private.h — for tests only: how the kiosk looks for a printer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-print.h"

G_BEGIN_DECLS

/* Takes a virtual printer (GTK's Print to File, which every GTK has) for a real one,
 * so that a test sees the Print buttons appear as they do where CUPS knows a printer;
 * FALSE, the default, skips them as the kiosk must. Set it before the screens are
 * built. */
void kiosk_print_set_virtual_printers_for_testing (gboolean taken);
/* How many printer lookups are still under way: at 0, a Print button still hidden
 * will stay hidden. */
guint kiosk_print_get_lookups_for_testing (void);

G_END_DECLS

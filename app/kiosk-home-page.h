/* kiosk-home-page.h — the first screen: the greeting, the languages and three tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_HOME_PAGE (kiosk_home_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskHomePage, kiosk_home_page, KIOSK, HOME_PAGE, KioskScreen)

/* The tiles activate win.show-guides, win.show-services and win.show-appointment. */
GtkWidget *kiosk_home_page_new (void);

G_END_DECLS

/* kiosk-guide-list-page.h — the guides of one category, in the visit's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_GUIDE_LIST_PAGE (kiosk_guide_list_page_get_type ())

G_DECLARE_FINAL_TYPE (
    KioskGuideListPage, kiosk_guide_list_page, KIOSK, GUIDE_LIST_PAGE, KioskScreen)

/* A row activates win.open-guide with the guide's id; the guides are the store's
 * (kiosk_screen_set_store ()). */
GtkWidget *kiosk_guide_list_page_new (void);
/* @category: a category's id; NULL: none (the visit ended). */
void        kiosk_guide_list_page_set_category (KioskGuideListPage *self, const char *category);
const char *kiosk_guide_list_page_get_category (KioskGuideListPage *self);

G_END_DECLS

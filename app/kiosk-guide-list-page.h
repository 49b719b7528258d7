/* kiosk-guide-list-page.h — the guides of one category, in the visit's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_GUIDE_LIST_PAGE (kiosk_guide_list_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskGuideListPage, kiosk_guide_list_page, KIOSK, GUIDE_LIST_PAGE, AdwBin)

/* A row activates win.open-guide with the guide's id. The list follows the store's
 * content and "language" (bound to the visit's). */
GtkWidget *kiosk_guide_list_page_new (void);
void       kiosk_guide_list_page_set_store (KioskGuideListPage *self, KioskStore *store);
void       kiosk_guide_list_page_set_language (KioskGuideListPage *self, NvLang language);
/* @category: a category's id; NULL empties the page (a visit ended). */
void        kiosk_guide_list_page_set_category (KioskGuideListPage *self, const char *category);
const char *kiosk_guide_list_page_get_category (KioskGuideListPage *self);

G_END_DECLS

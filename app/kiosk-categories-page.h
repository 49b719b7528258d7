/* kiosk-categories-page.h — the topics of the guides, in the visit's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CATEGORIES_PAGE (kiosk_categories_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskCategoriesPage, kiosk_categories_page, KIOSK, CATEGORIES_PAGE, AdwBin)

/* A row activates win.open-category with the category's id. The list follows the
 * store's content and "language" (bound to the visit's). */
GtkWidget *kiosk_categories_page_new (void);
void       kiosk_categories_page_set_store (KioskCategoriesPage *self, KioskStore *store);
void       kiosk_categories_page_set_language (KioskCategoriesPage *self, NvLang language);
void       kiosk_categories_page_refresh (KioskCategoriesPage *self);

G_END_DECLS

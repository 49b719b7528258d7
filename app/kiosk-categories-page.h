/* kiosk-categories-page.h — the topics of the guides, in the visit's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CATEGORIES_PAGE (kiosk_categories_page_get_type ())

G_DECLARE_FINAL_TYPE (
    KioskCategoriesPage, kiosk_categories_page, KIOSK, CATEGORIES_PAGE, KioskScreen)

/* A row activates win.open-category with the category's id; the list is the store's
 * (kiosk_screen_set_store ()). */
GtkWidget *kiosk_categories_page_new (void);

G_END_DECLS

/* kiosk-status-page.h — the staff-only page: how the kiosk's sync is doing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-store.h"
#include "kiosk-sync.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_STATUS_PAGE (kiosk_status_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskStatusPage, kiosk_status_page, KIOSK, STATUS_PAGE, GtkBox)

GtkWidget *kiosk_status_page_new (KioskStore *store);
/* @sync may be NULL: no server is set up. */
void kiosk_status_page_set_sync (KioskStatusPage *self, KioskSync *sync);
/* "language" follows the visit's (staff read the values in it). */
void kiosk_status_page_set_language (KioskStatusPage *self, NvLang lang);
/* Where the kiosk keeps its data: with it, the page offers to close the kiosk to staff
 * who type the staff PIN kept there (neuvokas-kiosk --set-pin); NULL hides that. */
void kiosk_status_page_set_data_dir (KioskStatusPage *self, const char *data_dir);
/* Puts the focus in the PIN field, when it is shown (once the page is the visible one). */
void kiosk_status_page_focus_pin (KioskStatusPage *self);
/* Reads everything again; also done every second while the page is shown. */
void kiosk_status_page_refresh (KioskStatusPage *self);

G_END_DECLS

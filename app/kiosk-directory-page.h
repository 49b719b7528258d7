/* kiosk-directory-page.h — the directory: search as you type, filters, results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-recorder.h"
#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DIRECTORY_PAGE (kiosk_directory_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskDirectoryPage, kiosk_directory_page, KIOSK, DIRECTORY_PAGE, KioskScreen)

/* Actions, for buttons and tests alike:
 *   directory.search "s"          types the whole query (searched once it settles)
 *   directory.municipality "s"    a municipality code, "" for all
 *   directory.kind "s"            a kind of organisation, "" for all
 *   directory.access-profile "s"  accessibility needs: wheelchair, rollator, visual, hearing;
 *                                 "" for none (the "access-profile" property, an NvAccessProfile)
 *   directory.choose-municipality, directory.choose-kind, directory.choose-access,
 *   directory.show-results
 *   directory.clear               erases the query; directory.clear-all also the filters
 *   directory.show-keyboard       shows the on-screen keyboard (as touching the entry does)
 * A result row activates win.open-organisation with the organisation's id. */

/* A KioskScreen: it reads from its "store" and shows everything (its own texts, the
 * filters, the results) in its "language". */
GtkWidget *kiosk_directory_page_new (void);
/* Where searches are recorded; may be NULL: nothing is. */
void kiosk_directory_page_set_recorder (KioskDirectoryPage *self, KioskRecorder *recorder);
/* Reads the results again for the current query and filters, now, even out of sight. */
void kiosk_directory_page_refresh (KioskDirectoryPage *self);
/* For the next resident: the query, filters and results are erased and the keyboard
 * hidden; nothing is recorded. */
void kiosk_directory_page_reset (KioskDirectoryPage *self);

const char *kiosk_directory_page_get_query (KioskDirectoryPage *self);
/* How many organisations the shown results are of; FALSE while a search is pending. */
gboolean kiosk_directory_page_get_settled (KioskDirectoryPage *self);
guint    kiosk_directory_page_get_n_found (KioskDirectoryPage *self);
gboolean kiosk_directory_page_get_keyboard_shown (KioskDirectoryPage *self);

/* The translated name of an organisation kind ("library" → "Kirjasto"). */
const char *kiosk_organisation_kind_label (const char *kind);

G_END_DECLS

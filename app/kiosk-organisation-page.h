/* kiosk-organisation-page.h — one organisation: hours, address, contacts, services
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-qr-code.h"
#include "kiosk-screen.h"

#include "nv-common.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_ORGANISATION_PAGE (kiosk_organisation_page_get_type ())

G_DECLARE_FINAL_TYPE (
    KioskOrganisationPage, kiosk_organisation_page, KIOSK, ORGANISATION_PAGE, KioskScreen)

GtkWidget *kiosk_organisation_page_new (void);
/* Shows @organisation in @lang (Finnish where a text is missing), its opening hours
 * as of @now (NULL: the current time). Items not known are left out; hours not known
 * are said to be so. The page keeps its own copy and scrolls back to the top. When
 * the screen's "language" (kiosk-screen.h) changes, it is shown again in that. */
void                  kiosk_organisation_page_set_organisation (KioskOrganisationPage *self,
                                                                const NvOrganisation  *organisation,
                                                                NvLang                 lang,
                                                                GDateTime             *now);
const NvOrganisation *kiosk_organisation_page_get_organisation (KioskOrganisationPage *self);

/* Actions: organisation.report-wrong shows what can be wrong; organisation.report (s:
 * "hours", "phone", "address", "closed", "other") thanks the resident and emits
 * ::report-wrong (organisation id, reason). Its Ask for an appointment button is
 * win.show-appointment-at with the place's id: that place's free times. */

/* The "take it home" code under the page; hidden until given an address. */
KioskQrCode *kiosk_organisation_page_get_qr_code (KioskOrganisationPage *self);

G_END_DECLS

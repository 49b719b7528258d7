/* kiosk-guide-page.h — one guide, one step at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-qr-code.h"
#include "kiosk-screen.h"

#include "nv-common.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_GUIDE_PAGE (kiosk_guide_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskGuidePage, kiosk_guide_page, KIOSK, GUIDE_PAGE, KioskScreen)

GtkWidget *kiosk_guide_page_new (void);
/* Shows @guide from its first step, in the screen's "language" (kiosk-screen.h), and
 * again in another when it changes. The page keeps its own copy. */
void kiosk_guide_page_set_guide (KioskGuidePage *self, const NvGuide *guide);
/* Places that help with this guide (NvOrganisation*), as buttons to their pages. */
void           kiosk_guide_page_set_related (KioskGuidePage *self, GPtrArray *organisations);
const NvGuide *kiosk_guide_page_get_guide (KioskGuidePage *self);
guint          kiosk_guide_page_get_step (KioskGuidePage *self); /* 0-based */

/* The "take it home" code under the page; hidden until given an address. */
KioskQrCode *kiosk_guide_page_get_qr_code (KioskGuidePage *self);
/* What Print sends to the printer: a large-print slip of the guide shown, in the
 * screen's language, with the code of its page; NULL before a guide is shown. */
GtkPrintOperation *kiosk_guide_page_new_slip (KioskGuidePage *self);

G_END_DECLS

/* kiosk-help-page.h — Help, always one tap away: call staff now, or ask for a call back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"
#include "kiosk-staff-call.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_HELP_PAGE (kiosk_help_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskHelpPage, kiosk_help_page, KIOSK, HELP_PAGE, KioskScreen)

/* help.call-staff calls staff through the page's KioskStaffCall; "Ask for a call back"
 * is win.ask-call-back. Staff are on duty while the host organisation (its id in the
 * store) is open, or when its hours are not known; "Call staff now" shows only then. */
GtkWidget *kiosk_help_page_new (void);
/* May be NULL: a call cannot be made, and the page says so. */
void kiosk_help_page_set_call (KioskHelpPage *self, KioskStaffCall *call);
/* The directory id of the library the kiosk stands in; NULL or "": not known. */
void kiosk_help_page_set_host_organisation (KioskHelpPage *self, const char *id);
/* Where the resident opened Help: what a call tells staff. @guide may be NULL. */
void kiosk_help_page_set_origin (KioskHelpPage *self,
                                 const char    *screen,
                                 const char    *guide,
                                 guint          guide_step);
/* Whether staff may be there now, from the host's opening hours. */
gboolean kiosk_help_page_staff_on_duty (KioskHelpPage *self);

G_END_DECLS

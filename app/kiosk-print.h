/* kiosk-print.h — large-print slips of a guide, a place or an appointment request, on the
 * library's printer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "nv-common.h"

G_BEGIN_DECLS

/* A print operation for a slip of @organisation in @lang: its name, address, phone
 * numbers, the week's opening hours from @now (NULL: the current time) and, when
 * @qr_url is not NULL, the code of its public page. */
GtkPrintOperation *kiosk_print_organisation_new (const NvOrganisation *organisation,
                                                 NvLang                lang,
                                                 const char           *qr_url,
                                                 GDateTime            *now);
/* The same for @guide: its title, summary and numbered steps, and the code. */
GtkPrintOperation *kiosk_print_guide_new (const NvGuide *guide, NvLang lang, const char *qr_url);

/* The same for an appointment request saved with @reference: @next says when the
 * advisor will call and @when what the resident chose (may be NULL); what to do if
 * nobody calls, with the library's @library_phone when known (may be NULL). Nothing
 * personal: a slip forgotten on the printer names nobody. */
GtkPrintOperation *kiosk_print_receipt_new (const char *reference,
                                            const char *next,
                                            const char *when,
                                            const char *library_phone);

/* Sends @operation to the printer, without blocking the screen of @widget. */
void kiosk_print_run (GtkPrintOperation *operation, GtkWidget *widget);

/* Calls @callback with @widget once a real printer is known (not a virtual one such as
 * Print to File), without blocking the screen; never when there is none. Holds a weak
 * reference: nothing happens after @widget is gone. */
void kiosk_print_when_printer (GtkWidget *widget, void (*callback) (GtkWidget *widget));
/* Shows @button (a Print button, hidden until then) once a real printer is known. */
void kiosk_print_show_when_printer (GtkWidget *button);

G_END_DECLS

/* kiosk-language-chooser.h — the three languages, each a button named in itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "nv-text.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_LANGUAGE_CHOOSER (kiosk_language_chooser_get_type ())

G_DECLARE_FINAL_TYPE (KioskLanguageChooser, kiosk_language_chooser, KIOSK, LANGUAGE_CHOOSER, GtkBox)

/* Each button activates win.language with its code; "language" (bound to the visit's)
 * is the one marked as chosen. */
GtkWidget *kiosk_language_chooser_new (void);
void       kiosk_language_chooser_set_language (KioskLanguageChooser *self, NvLang language);

G_END_DECLS

/* kiosk-screen.h — what every resident's screen of the kiosk shares: it follows the
 * visit's language and the store's content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SCREEN (kiosk_screen_get_type ())

G_DECLARE_DERIVABLE_TYPE (KioskScreen, kiosk_screen, KIOSK, SCREEN, AdwBin)

struct _KioskScreenClass
{
  AdwBinClass parent_class;

  /* Shows the screen's content again, in kiosk_screen_get_language (): after a language
   * switch (the template's texts are translated again first) and when the store's
   * content changed. NULL: nothing but the template to translate. */
  void (*refresh) (KioskScreen *self);
  /* After a language switch only, between translating the template again and refresh:
   * for what follows the language but must stay as it is when new content arrives (a
   * request half made). NULL: nothing. */
  void (*language_changed) (KioskScreen *self);

  /*< private >*/
  const char *template_path;
  gpointer    padding[5];
};

/* In a subclass's class_init, instead of gtk_widget_class_set_template_from_resource ():
 * the template is also translated again on every language switch. Call it before
 * binding template children; the subclass's init calls gtk_widget_init_template () and
 * the template is disposed here. */
void kiosk_screen_class_set_template (KioskScreenClass *klass, const char *resource_path);

/* "language" (an NvLang) is bound to the visit's: on a change the screen translates
 * itself again (kiosk-retranslate.c), then language_changed and refresh run. */
NvLang kiosk_screen_get_language (KioskScreen *self);
void   kiosk_screen_set_language (KioskScreen *self, NvLang language);
/* "store": NULL until set; its "changed" refreshes the screen. */
KioskStore *kiosk_screen_get_store (KioskScreen *self);
void        kiosk_screen_set_store (KioskScreen *self, KioskStore *store);
void        kiosk_screen_refresh (KioskScreen *self);

G_END_DECLS

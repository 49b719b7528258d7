/* kiosk-home-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-home-page.h"
#include "kiosk-language-chooser.h"

struct _KioskHomePage
{
  KioskScreen parent_instance;

  GtkWidget *language_chooser;
};

G_DEFINE_FINAL_TYPE (KioskHomePage, kiosk_home_page, KIOSK_TYPE_SCREEN)

static void
kiosk_home_page_class_init (KioskHomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (KIOSK_TYPE_LANGUAGE_CHOOSER);
  kiosk_screen_class_set_template (KIOSK_SCREEN_CLASS (klass),
                                   "/fi/neuvokas/Kiosk/kiosk-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskHomePage, language_chooser);
  /* Not used here: named for the screenshot tour, which checks they are on screen. */
  gtk_widget_class_bind_template_child_full (widget_class, "guides_tile", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "services_tile", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "appointment_tile", FALSE, 0);
}

static void
kiosk_home_page_init (KioskHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_home_page_new (void)
{
  return g_object_new (KIOSK_TYPE_HOME_PAGE, NULL);
}

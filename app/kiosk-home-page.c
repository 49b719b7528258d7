/* kiosk-home-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-home-page.h"
#include "kiosk-language-chooser.h"
#include "kiosk-retranslate.h"

#define HOME_PAGE_UI "/fi/neuvokas/Kiosk/kiosk-home-page.ui"

struct _KioskHomePage
{
  AdwBin parent_instance;

  GtkWidget *language_chooser;
  GtkWidget *tiles;
  NvLang     language;
};

enum
{
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskHomePage, kiosk_home_page, ADW_TYPE_BIN)

static void
kiosk_home_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_HOME_PAGE);
  G_OBJECT_CLASS (kiosk_home_page_parent_class)->dispose (object);
}

static void
kiosk_home_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskHomePage *self = KIOSK_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_int (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_home_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KioskHomePage *self = KIOSK_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      kiosk_home_page_set_language (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_home_page_class_init (KioskHomePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_home_page_dispose;
  object_class->get_property = kiosk_home_page_get_property;
  object_class->set_property = kiosk_home_page_set_property;
  properties[PROP_LANGUAGE] = kiosk_retranslate_language_param ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_LANGUAGE_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class, HOME_PAGE_UI);
  gtk_widget_class_bind_template_child (widget_class, KioskHomePage, language_chooser);
  gtk_widget_class_bind_template_child (widget_class, KioskHomePage, tiles);
  kiosk_retranslate_bind (widget_class, HOME_PAGE_UI);
}

static void
kiosk_home_page_init (KioskHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "language", self->language_chooser, "language",
                          G_BINDING_SYNC_CREATE);
  /* Only the buttons take focus, not the flow box's child wrappers. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->tiles); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

GtkWidget *
kiosk_home_page_new (void)
{
  return g_object_new (KIOSK_TYPE_HOME_PAGE, NULL);
}

void
kiosk_home_page_set_language (KioskHomePage *self, NvLang language)
{
  g_return_if_fail (KIOSK_IS_HOME_PAGE (self));

  if (kiosk_retranslate_switch (GTK_WIDGET (self), KIOSK_TYPE_HOME_PAGE, HOME_PAGE_UI,
                                &self->language, language))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

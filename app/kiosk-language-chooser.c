/* kiosk-language-chooser.c
 *
 * Each language is named in itself: a resident finds their own without reading the
 * others. The chosen one is marked, not only by colour (a pressed state too). Shown on
 * the home screen and in the bar's language menu.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-language-chooser.h"
#include "kiosk-retranslate.h"

struct _KioskLanguageChooser
{
  GtkBox parent_instance;

  GtkWidget *buttons[NV_N_LANGS];
  NvLang     language;
};

enum
{
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskLanguageChooser, kiosk_language_chooser, GTK_TYPE_BOX)

static void
mark_current (KioskLanguageChooser *self)
{
  for (guint i = 0; i < NV_N_LANGS; i++)
    {
      gboolean current = i == self->language;

      if (current)
        gtk_widget_add_css_class (self->buttons[i], "current-language");
      else
        gtk_widget_remove_css_class (self->buttons[i], "current-language");
      gtk_accessible_update_state (
          GTK_ACCESSIBLE (self->buttons[i]), GTK_ACCESSIBLE_STATE_PRESSED,
          current ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
    }
}

static void
kiosk_language_chooser_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KioskLanguageChooser *self = KIOSK_LANGUAGE_CHOOSER (object);

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
kiosk_language_chooser_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KioskLanguageChooser *self = KIOSK_LANGUAGE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      kiosk_language_chooser_set_language (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_language_chooser_class_init (KioskLanguageChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_language_chooser_get_property;
  object_class->set_property = kiosk_language_chooser_set_property;
  properties[PROP_LANGUAGE] = kiosk_retranslate_language_param ();
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_language_chooser_init (KioskLanguageChooser *self)
{
  static const char *const names[NV_N_LANGS] = { "Suomi", "Svenska", "English", "Selkosuomi" };

  gtk_box_set_spacing (GTK_BOX (self), 16);
  /* Not homogeneous: four names as wide as the longest would not fit a portrait screen
   * at the largest text size. */
  gtk_box_set_homogeneous (GTK_BOX (self), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  for (guint i = 0; i < NV_N_LANGS; i++)
    {
      self->buttons[i] = gtk_button_new_with_label (names[i]);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->buttons[i]), "win.language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->buttons[i]), "s",
                                        nv_lang_to_code (i));
      gtk_widget_add_css_class (self->buttons[i], "language-button");
      gtk_box_append (GTK_BOX (self), self->buttons[i]);
    }
  mark_current (self);
}

GtkWidget *
kiosk_language_chooser_new (void)
{
  return g_object_new (KIOSK_TYPE_LANGUAGE_CHOOSER, NULL);
}

void
kiosk_language_chooser_set_language (KioskLanguageChooser *self, NvLang language)
{
  g_return_if_fail (KIOSK_IS_LANGUAGE_CHOOSER (self));
  g_return_if_fail (language < NV_N_LANGS);

  if (self->language == language)
    return;
  self->language = language;
  mark_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

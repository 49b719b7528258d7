/* kiosk-choice-button.c
 *
 * The one button every list of answers is made of: the appointment questions and the
 * directory's filters. A resident must see which answer is chosen without telling
 * colours apart, and a screen reader must say it, so a chosen button shows a check
 * mark and reports itself pressed, besides the "chosen" style.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-choice-button.h"

struct _KioskChoiceButton
{
  GtkButton parent_instance;

  GtkWidget *mark; /* NULL unless toggle */
  GtkLabel  *label;
  gboolean   toggle;
  gboolean   chosen;
};

enum
{
  PROP_0,
  PROP_LABEL,
  PROP_TOGGLE,
  PROP_CHOSEN,
  PROP_XALIGN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskChoiceButton, kiosk_choice_button, GTK_TYPE_BUTTON)

static void
update_state (KioskChoiceButton *self)
{
  if (self->chosen)
    gtk_widget_add_css_class (GTK_WIDGET (self), "chosen");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "chosen");
  if (!self->toggle)
    return;
  gtk_widget_set_visible (self->mark, self->chosen);
  gtk_accessible_update_state (
      GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_PRESSED,
      self->chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
}

static void
kiosk_choice_button_constructed (GObject *object)
{
  KioskChoiceButton *self = KIOSK_CHOICE_BUTTON (object);
  GtkWidget         *content = gtk_button_get_child (GTK_BUTTON (self));

  G_OBJECT_CLASS (kiosk_choice_button_parent_class)->constructed (object);
  if (self->toggle)
    {
      self->mark = g_object_new (GTK_TYPE_IMAGE, "icon-name", "object-select-symbolic",
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      gtk_widget_add_css_class (self->mark, "chosen-mark");
      gtk_box_prepend (GTK_BOX (content), self->mark);
    }
  update_state (self);
}

static void
kiosk_choice_button_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskChoiceButton *self = KIOSK_CHOICE_BUTTON (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, kiosk_choice_button_get_label (self));
      break;
    case PROP_TOGGLE:
      g_value_set_boolean (value, self->toggle);
      break;
    case PROP_CHOSEN:
      g_value_set_boolean (value, self->chosen);
      break;
    case PROP_XALIGN:
      g_value_set_float (value, kiosk_choice_button_get_xalign (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_choice_button_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KioskChoiceButton *self = KIOSK_CHOICE_BUTTON (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      kiosk_choice_button_set_label (self, g_value_get_string (value));
      break;
    case PROP_TOGGLE:
      self->toggle = g_value_get_boolean (value);
      break;
    case PROP_CHOSEN:
      kiosk_choice_button_set_chosen (self, g_value_get_boolean (value));
      break;
    case PROP_XALIGN:
      kiosk_choice_button_set_xalign (self, g_value_get_float (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_choice_button_class_init (KioskChoiceButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiosk_choice_button_constructed;
  object_class->get_property = kiosk_choice_button_get_property;
  object_class->set_property = kiosk_choice_button_set_property;

  properties[PROP_LABEL]
      = g_param_spec_string ("label", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Only an answer that stays chosen has a mark; one that leads on (a free time) does not. */
  properties[PROP_TOGGLE]
      = g_param_spec_boolean ("toggle", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHOSEN]
      = g_param_spec_boolean ("chosen", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_XALIGN]
      = g_param_spec_float ("xalign", NULL, NULL, 0, 1, 0,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_choice_button_init (KioskChoiceButton *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  /* Answers made from content are plain text: never markup. */
  gtk_label_set_use_markup (self->label, FALSE);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->label));
  gtk_button_set_child (GTK_BUTTON (self), content);
  gtk_widget_add_css_class (GTK_WIDGET (self), "choice");
  /* The button is read by its words: the box and the mark say nothing of their own. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->label, NULL, -1);
}

GtkWidget *
kiosk_choice_button_new (const char *label, gboolean toggle)
{
  return g_object_new (KIOSK_TYPE_CHOICE_BUTTON, "label", label, "toggle", toggle, NULL);
}

GtkWidget *
kiosk_choice_button_new_for_action (const char *label,
                                    gboolean    toggle,
                                    const char *action_name,
                                    const char *target)
{
  GtkWidget *button = kiosk_choice_button_new (label, toggle);

  g_return_val_if_fail (action_name != NULL, button);

  /* The target first: an action name without its parameter is a type mismatch. */
  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  return button;
}

const char *
kiosk_choice_button_get_label (KioskChoiceButton *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_BUTTON (self), NULL);
  return gtk_label_get_text (self->label);
}

void
kiosk_choice_button_set_label (KioskChoiceButton *self, const char *label)
{
  g_return_if_fail (KIOSK_IS_CHOICE_BUTTON (self));

  if (g_strcmp0 (gtk_label_get_text (self->label), label != NULL ? label : "") == 0)
    return;
  gtk_label_set_text (self->label, label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

gboolean
kiosk_choice_button_get_chosen (KioskChoiceButton *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_BUTTON (self), FALSE);
  return self->chosen;
}

void
kiosk_choice_button_set_chosen (KioskChoiceButton *self, gboolean chosen)
{
  g_return_if_fail (KIOSK_IS_CHOICE_BUTTON (self));

  chosen = !!chosen;
  if (self->chosen == chosen)
    return;
  self->chosen = chosen;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

gboolean
kiosk_choice_button_get_toggle (KioskChoiceButton *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_BUTTON (self), FALSE);
  return self->toggle;
}

float
kiosk_choice_button_get_xalign (KioskChoiceButton *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_BUTTON (self), 0);
  return gtk_label_get_xalign (self->label);
}

void
kiosk_choice_button_set_xalign (KioskChoiceButton *self, float xalign)
{
  GtkWidget *content;
  gboolean   centred = xalign == 0.5f;

  g_return_if_fail (KIOSK_IS_CHOICE_BUTTON (self));

  if (gtk_label_get_xalign (self->label) == xalign)
    return;
  content = gtk_button_get_child (GTK_BUTTON (self));
  gtk_label_set_xalign (self->label, xalign);
  /* Lines of a centred label are centred too, as on a tile; and a tile's mark goes
   * above its words, so that marking one does not widen it: the tiles of a grid are
   * as wide as the widest, and one more column must not be lost to the mark. */
  gtk_label_set_justify (self->label, centred ? GTK_JUSTIFY_CENTER : GTK_JUSTIFY_LEFT);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (content),
                                  centred ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_valign (content, centred ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  /* Close above the words, to stay within the tile's height. */
  gtk_box_set_spacing (GTK_BOX (content), centred ? 4 : 12);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_XALIGN]);
}

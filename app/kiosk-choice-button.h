/* kiosk-choice-button.h — a big button for one answer, marked when it is the one chosen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_CHOICE_BUTTON (kiosk_choice_button_get_type ())

G_DECLARE_FINAL_TYPE (KioskChoiceButton, kiosk_choice_button, KIOSK, CHOICE_BUTTON, GtkButton)

/* Its accessible name is its label (plain text, never markup). A "toggle" button can be
 * "chosen": then it shows a check mark before the label, not colour alone, and its
 * accessible state is pressed. "xalign" places the label: 0 at the start, after the
 * mark (a list of answers), 0.5 centred, under the mark (a grid of tiles). Activating it activates
 * its action, as a GtkButton does; what is chosen is for the screen to say. */
GtkWidget *kiosk_choice_button_new (const char *label, gboolean toggle);
/* A button for @action_name with the string @target (may be NULL: no parameter). */
GtkWidget  *kiosk_choice_button_new_for_action (const char *label,
                                                gboolean    toggle,
                                                const char *action_name,
                                                const char *target);
const char *kiosk_choice_button_get_label (KioskChoiceButton *self);
void        kiosk_choice_button_set_label (KioskChoiceButton *self, const char *label);
gboolean    kiosk_choice_button_get_chosen (KioskChoiceButton *self);
void        kiosk_choice_button_set_chosen (KioskChoiceButton *self, gboolean chosen);
gboolean    kiosk_choice_button_get_toggle (KioskChoiceButton *self);
float       kiosk_choice_button_get_xalign (KioskChoiceButton *self);
void        kiosk_choice_button_set_xalign (KioskChoiceButton *self, float xalign);

G_END_DECLS

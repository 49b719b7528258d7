/* kiosk-keypad.h — the kiosk worked from a keypad: speech, volume, Back, and the focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-visit.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_KEYPAD (kiosk_keypad_get_type ())

G_DECLARE_FINAL_TYPE (KioskKeypad, kiosk_keypad, KIOSK, KEYPAD, GObject)

/* On @window: the speech keys (@settings' speech-keys; without @settings, F12 and *) turn @visit's
 * speech mode on and off; in speech mode the volume keys (volume-up-keys, volume-down-keys) turn it
 * up and down; a Back key (back-keys, outside a text field) activates win.back. Arrows, Tab and
 * Enter are GTK's own. When a screen of @stack is shown, or the focused control goes
 * away, while the keys are in use, the focus goes to the screen's first control. */
KioskKeypad *
kiosk_keypad_new (GtkWindow *window, GtkStack *stack, KioskVisit *visit, GSettings *settings);

G_END_DECLS

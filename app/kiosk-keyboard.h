/* kiosk-keyboard.h — an on-screen keyboard and a number pad with large, forgiving keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_KEYBOARD_TEXT,  /* Finnish/Swedish letters, space, hyphen, shift, backspace, hide */
  KIOSK_KEYBOARD_PHONE, /* 0–9, +, space, backspace, hide */
} KioskKeyboardMode;

#define KIOSK_TYPE_KEYBOARD_MODE (kiosk_keyboard_mode_get_type ())
GType kiosk_keyboard_mode_get_type (void);

#define KIOSK_TYPE_KEYBOARD (kiosk_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (KioskKeyboard, kiosk_keyboard, KIOSK, KEYBOARD, AdwBin)

/* Every key is the action "keyboard.press" with its value as a string parameter: a
 * letter or digit as itself ("a", "å", "-", "+", "7"), or "space", "backspace", "shift",
 * "hide". A value with no key in the current mode is ignored. "hide" emits ::done. */

GtkWidget        *kiosk_keyboard_new (KioskKeyboardMode mode);
KioskKeyboardMode kiosk_keyboard_get_mode (KioskKeyboard *self);
void              kiosk_keyboard_set_mode (KioskKeyboard *self, KioskKeyboardMode mode);
GtkEditable      *kiosk_keyboard_get_target (KioskKeyboard *self);
/* Keys type at @target's cursor, replacing its selection. The keyboard holds a weak
 * reference. NULL (or a target that is not editable) makes the typing keys do nothing.
 * When @target takes a name (its "input-purpose" is GTK_INPUT_PURPOSE_NAME, or its
 * "input-hints" have GTK_INPUT_HINT_UPPERCASE_WORDS), shift turns on by itself at the
 * start of each word: at the start, and after a space or a hyphen. */
void kiosk_keyboard_set_target (KioskKeyboard *self, GtkEditable *target);
/* Whether the next letter will be a capital (shift latched, or a name's word start). */
gboolean kiosk_keyboard_get_shift (KioskKeyboard *self);

/* The field being typed in stays in sight above the keys, on every screen that shows
 * them (the one place that does it). @screen holds the keys; while they show on a
 * landscape screen, the widgets from @first_making_way on (NULL-terminated) hide to
 * make room. When the fields are in @scroller (may be NULL: always in sight), the
 * target, when it has the focus, is scrolled whole into sight above the keys, from
 * @message (may be NULL) when that shows, else from the widget before the field (its
 * label). Set once. */
void kiosk_keyboard_set_screen (KioskKeyboard     *self,
                                GtkWidget         *screen,
                                GtkScrolledWindow *scroller,
                                GtkWidget         *message,
                                GtkWidget         *first_making_way,
                                ...) G_GNUC_NULL_TERMINATED;
/* @widget (may be NULL), below the fields in the scroller (the page's Continue), is
 * kept in sight too, above the keys, whenever it fits there with the target. */
void kiosk_keyboard_set_in_sight_below (KioskKeyboard *self, GtkWidget *widget);
/* Shows or hides the keys, keeping the target in sight (after kiosk_keyboard_set_screen). */
void kiosk_keyboard_set_shown (KioskKeyboard *self, gboolean shown);
/* Brings the target into sight again once the layout has followed a change (the
 * focus moved, a message appeared); the keys need not be showing. */
void kiosk_keyboard_keep_in_sight (KioskKeyboard *self);

/* A second press of the same key sooner than this many milliseconds after the one
 * that was taken is refused as a tremor ("repeat-guard"; 0 … 1000). It follows the
 * "key-repeat-guard" setting where the kiosk's schema is installed. Every press that
 * is taken flashes its key (CSS class "echo") and emits ::key-accepted. */
guint kiosk_keyboard_get_repeat_guard (KioskKeyboard *self);
void  kiosk_keyboard_set_repeat_guard (KioskKeyboard *self, guint milliseconds);

/* For tests only: the clock the repeat guard reads, in microseconds like
 * g_get_monotonic_time() (the default; NULL restores it), so that a test can step over
 * it without sleeping. */
typedef gint64 (*KioskKeyboardClock) (void);
void kiosk_keyboard_set_clock_for_testing (KioskKeyboard *self, KioskKeyboardClock now);

G_END_DECLS

/* kiosk-test-input.h — real pointer and key events for the kiosk tests, through the X
 * server (XTest) under Xvfb, as a finger and a keyboard would give them
 *
 * The tests run with GDK_BACKEND=x11. Widgets are found by what they show or by the
 * action they carry, and tapped at the middle of where they are drawn now, so a test
 * follows the layout instead of knowing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-window.h"

G_BEGIN_DECLS

typedef struct _KioskTestInput KioskTestInput;

/* Events go to @window, which must be mapped on an X11 display with XTest; fails the
 * test otherwise. */
KioskTestInput *kiosk_test_input_new (GtkWindow *window);
void            kiosk_test_input_free (KioskTestInput *input);

/* Moves the pointer to the middle of @widget (mapped, and not covered), presses and
 * releases the first button there, and returns once GTK has handled the release. */
void kiosk_test_input_tap (KioskTestInput *input, GtkWidget *widget);
/* Holds pointer button @button (1 the first, 3 the secondary) on the middle of @widget
 * until @done (@data) holds (a menu it opens), then lets go. Fails when @done never
 * holds. */
void kiosk_test_input_press_until (KioskTestInput *input,
                                   GtkWidget      *widget,
                                   guint           button,
                                   gboolean (*done) (gpointer data),
                                   gpointer data);
/* Presses and releases the key that types @keyval, returning once GTK has handled it. */
void kiosk_test_input_key (KioskTestInput *input, guint keyval);

/* A mapped widget inside @root: a label showing exactly @text (the one a finger would
 * touch to press its button), or NULL. */
GtkWidget *kiosk_test_find_label (GtkWidget *root, const char *text);
/* A mapped actionable widget inside @root with @action and, when @target is not NULL,
 * that string target (a key "keyboard.press" "a", a tile "win.open-guide" "call-112"). */
GtkWidget *kiosk_test_find_action (GtkWidget *root, const char *action, const char *target);

/* Where @widget is in its window once the last change (a message shown, keys raised)
 * has been laid out and painted: what a finger would find there now. */
graphene_rect_t kiosk_test_input_laid_out_bounds (GtkWidget *widget);

/* The first mapped widget of @type inside @root (a GtkEntry), or NULL. */
GtkWidget *kiosk_test_find_type (GtkWidget *root, GType type);

/* Waits for the label, then taps it. */
void kiosk_test_input_tap_label (KioskTestInput *input, GtkWidget *root, const char *text);
/* Waits for the actionable widget, then taps it. */
void kiosk_test_input_tap_action (KioskTestInput *input,
                                  GtkWidget      *root,
                                  const char     *action,
                                  const char     *target);
/* Taps the on-screen keyboard's key for each character of @text, in turn. */
void kiosk_test_input_type_on_keys (KioskTestInput *input, GtkWidget *root, const char *text);

/* A kiosk window on a store in a temporary folder, shown, with a finger for it: what the
 * touch tests start from. kiosk_touch_fixture_show () makes the window once @store is
 * filled; the teardown checks that nothing still holds the store. */
typedef struct
{
  char           *dir;
  KioskStore     *store;
  KioskWindow    *window;
  GtkWidget      *root; /* the window, where the finger looks */
  KioskTestInput *input;
} KioskTouchFixture;

void kiosk_touch_fixture_show (KioskTouchFixture *fixture);
void kiosk_touch_fixture_teardown (KioskTouchFixture *fixture, gconstpointer data);

G_END_DECLS

/* kiosk-keypad.c
 *
 * A resident who cannot see the screen works the kiosk from a keypad (EN 301 549
 * 5.1.6.1: closed functionality operable by keys): Enter presses a button, as in GTK.
 * The arrows move within the bar or the screen by position, as GTK does; where GTK
 * would find nothing in that direction (from the bar down into a screen, at the end
 * of a row) they go on to the next or previous control in reading order, so that
 * Down and Right alone reach every control. Added here too: keys a library chooses
 * for speech, volume and Back, and a focus that is never lost, since a new screen or
 * a button turned off (the last step's Next) would otherwise leave the keys nowhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-keypad.h"

#define VOLUME_STEP 20

typedef enum
{
  KEYS_SPEECH,
  KEYS_VOLUME_UP,
  KEYS_VOLUME_DOWN,
  KEYS_BACK,
  N_KEYS
} Keys;

/* GSettings keys, and the keys a keypad gives without the schema. */
static const struct
{
  const char *setting;
  const char *fallback[3];
} key_settings[N_KEYS] = {
  [KEYS_SPEECH] = { "speech-keys", { "F12", "KP_Multiply", NULL } },
  [KEYS_VOLUME_UP] = { "volume-up-keys", { "KP_Add", "XF86AudioRaiseVolume", NULL } },
  [KEYS_VOLUME_DOWN] = { "volume-down-keys", { "KP_Subtract", "XF86AudioLowerVolume", NULL } },
  [KEYS_BACK] = { "back-keys", { "Escape", "BackSpace", NULL } },
};

struct _KioskKeypad
{
  GObject parent_instance;

  GtkWindow  *window; /* weak: the window owns us */
  GtkStack   *stack;  /* weak */
  KioskVisit *visit;
  GArray     *keyvals[N_KEYS];
  guint       focus_source;
};

G_DEFINE_FINAL_TYPE (KioskKeypad, kiosk_keypad, G_TYPE_OBJECT)

static void
read_keys (KioskKeypad *self, GSettings *settings, Keys keys)
{
  g_auto (GStrv) names = NULL;

  if (settings != NULL)
    names = g_settings_get_strv (settings, key_settings[keys].setting);
  else
    names = g_strdupv ((char **) key_settings[keys].fallback);
  self->keyvals[keys] = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint keyval = gdk_keyval_from_name (names[i]);

      if (keyval == GDK_KEY_VoidSymbol)
        g_warning ("%s: no key is called “%s”", key_settings[keys].setting, names[i]);
      else
        g_array_append_val (self->keyvals[keys], keyval);
    }
}

static gboolean
is_key (KioskKeypad *self, Keys keys, guint keyval)
{
  for (guint i = 0; i < self->keyvals[keys]->len; i++)
    if (g_array_index (self->keyvals[keys], guint, i) == keyval)
      return TRUE;
  return FALSE;
}

static gboolean
keys_in_use (KioskKeypad *self)
{
  return gtk_window_get_focus_visible (self->window) || kiosk_visit_get_speech_mode (self->visit);
}

static gboolean
ensure_focus_cb (gpointer data)
{
  KioskKeypad *self = data;
  GtkWidget   *screen;
  GtkWidget   *focus;

  self->focus_source = 0;
  if (self->window == NULL || self->stack == NULL || !keys_in_use (self))
    return G_SOURCE_REMOVE;
  screen = gtk_stack_get_visible_child (self->stack);
  focus = gtk_root_get_focus (GTK_ROOT (self->window));
  if (screen == NULL
      || (focus != NULL && gtk_widget_get_mapped (focus) && gtk_widget_is_sensitive (focus)))
    return G_SOURCE_REMOVE;
  if (!gtk_widget_child_focus (screen, GTK_DIR_TAB_FORWARD))
    gtk_widget_child_focus (GTK_WIDGET (self->window), GTK_DIR_TAB_FORWARD);
  return G_SOURCE_REMOVE;
}

static void
schedule_ensure_focus (KioskKeypad *self)
{
  if (self->focus_source == 0)
    self->focus_source = g_idle_add_full (G_PRIORITY_LOW, ensure_focus_cb, self, NULL);
}

/* A new screen: the keys go to its first control, not to one of the old screen. */
static void
screen_changed_cb (KioskKeypad *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self->window));
  GtkWidget *screen = gtk_stack_get_visible_child (self->stack);

  if (focus != NULL && screen != NULL && !gtk_widget_is_ancestor (focus, screen)
      && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack)))
    gtk_root_set_focus (GTK_ROOT (self->window), NULL);
  schedule_ensure_focus (self);
}

static gboolean
move_focus (KioskKeypad *self, guint keyval)
{
  GtkWidget       *focus = gtk_root_get_focus (GTK_ROOT (self->window));
  GtkWidget       *screen = gtk_stack_get_visible_child (self->stack);
  GtkWidget       *region = NULL;
  GtkDirectionType direction;
  gboolean         forward;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      direction = GTK_DIR_UP;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      direction = GTK_DIR_DOWN;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      direction = GTK_DIR_LEFT;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      direction = GTK_DIR_RIGHT;
      break;
    default:
      return FALSE;
    }
  forward = direction == GTK_DIR_DOWN || direction == GTK_DIR_RIGHT;
  /* GTK shows the focus on its own key presses; this one GTK never sees. */
  gtk_window_set_focus_visible (self->window, TRUE);
  /* In a text field, left and right move the cursor. */
  if (focus != NULL && GTK_IS_EDITABLE (focus)
      && (direction == GTK_DIR_LEFT || direction == GTK_DIR_RIGHT))
    return FALSE;
  if (focus == NULL && screen != NULL)
    return gtk_widget_child_focus (screen, GTK_DIR_TAB_FORWARD);
  if (focus != NULL && screen != NULL && gtk_widget_is_ancestor (focus, screen))
    region = screen;
  else if (focus != NULL)
    region = gtk_widget_get_parent (focus);
  if (region != NULL && gtk_widget_child_focus (region, direction))
    return TRUE;
  gtk_widget_child_focus (GTK_WIDGET (self->window),
                          forward ? GTK_DIR_TAB_FORWARD : GTK_DIR_TAB_BACKWARD);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KioskKeypad           *self)
{
  int volume = kiosk_visit_get_speech_volume (self->visit);

  /* A key taken here never reaches the window's own check for someone being there. */
  kiosk_visit_note_activity (self->visit);
  if (is_key (self, KEYS_SPEECH, keyval))
    {
      kiosk_visit_set_speech_mode (self->visit, !kiosk_visit_get_speech_mode (self->visit));
      schedule_ensure_focus (self);
      return GDK_EVENT_STOP;
    }
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0
      && move_focus (self, keyval))
    return GDK_EVENT_STOP;
  if (!kiosk_visit_get_speech_mode (self->visit))
    return GDK_EVENT_PROPAGATE;
  if (is_key (self, KEYS_VOLUME_UP, keyval))
    {
      kiosk_visit_set_speech_volume (self->visit, volume + VOLUME_STEP);
      return GDK_EVENT_STOP;
    }
  if (is_key (self, KEYS_VOLUME_DOWN, keyval))
    {
      kiosk_visit_set_speech_volume (self->visit, volume - VOLUME_STEP);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* After the focused control had its turn: a text field keeps its BackSpace. */
static gboolean
back_pressed_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 KioskKeypad           *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self->window));

  if (!is_key (self, KEYS_BACK, keyval) || (focus != NULL && GTK_IS_EDITABLE (focus)))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_activate_action (GTK_WIDGET (self->window), "win.back", NULL);
  return GDK_EVENT_STOP;
}

static void
kiosk_keypad_dispose (GObject *object)
{
  KioskKeypad *self = (KioskKeypad *) object;

  g_clear_handle_id (&self->focus_source, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->stack);
  g_clear_object (&self->visit);
  for (guint i = 0; i < N_KEYS; i++)
    g_clear_pointer (&self->keyvals[i], g_array_unref);
  G_OBJECT_CLASS (kiosk_keypad_parent_class)->dispose (object);
}

static void
kiosk_keypad_class_init (KioskKeypadClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kiosk_keypad_dispose;
}

static void
kiosk_keypad_init (KioskKeypad *self)
{
}

KioskKeypad *
kiosk_keypad_new (GtkWindow *window, GtkStack *stack, KioskVisit *visit, GSettings *settings)
{
  KioskKeypad        *self;
  GtkEventController *keys;
  GtkEventController *back;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (GTK_IS_STACK (stack), NULL);
  g_return_val_if_fail (KIOSK_IS_VISIT (visit), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KIOSK_TYPE_KEYPAD, NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_weak_pointer (&self->stack, stack);
  self->visit = g_object_ref (visit);
  for (guint i = 0; i < N_KEYS; i++)
    read_keys (self, settings, i);

  /* Speech and volume before anything else: they work wherever the focus is. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
  back = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (back, GTK_PHASE_BUBBLE);
  g_signal_connect_object (back, "key-pressed", G_CALLBACK (back_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), back);

  g_signal_connect_object (stack, "notify::visible-child", G_CALLBACK (screen_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "notify::focus-widget", G_CALLBACK (schedule_ensure_focus), self,
                           G_CONNECT_SWAPPED);
  return self;
}

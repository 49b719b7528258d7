/* kiosk-keyboard.c
 *
 * Built for unsteady hands: keys act once, on release (GtkButton::clicked), never
 * repeat, and a second press of the same key within the repeat guard (the
 * "key-repeat-guard" setting, 200 ms by default) is taken for a tremor and ignored.
 * Every key that acts flashes, so that the resident sees it was taken; nothing typed
 * is ever logged. Keys never take the focus, so the entry keeps its cursor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-keyboard.h"

#define DEFAULT_REPEAT_GUARD_MS 200
/* Long enough to be seen, short enough to be over before the next deliberate press. */
#define ECHO_MS 250

struct _KioskKeyboard
{
  AdwBin parent_instance;

  KioskKeyboardMode mode;
  GtkEditable      *target; /* weak */
  gboolean          shift;  /* latched for the next letter only */

  /* value ("a", "space", …) → its GtkButton, owned by the grid */
  GHashTable *keys;

  KioskKeyboardClock now;
  guint              repeat_guard_ms;
  char              *last_value;
  gint64             last_time;
  GSettings         *settings; /* NULL where the kiosk's schema is not installed */

  /* The key that flashes for the last accepted press */
  GtkWidget *echo_key; /* weak */
  guint      echo_source;

  /* Keeping the field in sight (kiosk_keyboard_set_screen) */
  GtkWidget         *screen; /* weak */
  GtkScrolledWindow *scroller;
  GtkWidget         *message;
  GtkWidget         *below;      /* kept in sight under the target when it fits */
  GPtrArray         *making_way; /* GtkWidget*, inside the screen */
  guint              sight_tick; /* a tick callback of the screen */
  int                sight_frames;
};

enum
{
  PROP_0,
  PROP_MODE,
  PROP_TARGET,
  PROP_REPEAT_GUARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  DONE,
  KEY_ACCEPTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (KioskKeyboardMode,
                    kiosk_keyboard_mode,
                    G_DEFINE_ENUM_VALUE (KIOSK_KEYBOARD_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (KIOSK_KEYBOARD_PHONE, "phone"))

G_DEFINE_FINAL_TYPE (KioskKeyboard, kiosk_keyboard, ADW_TYPE_BIN)

/* The keys' values that are not a character of their own. */
#define KEY_SPACE "space"
#define KEY_BACKSPACE "backspace"
#define KEY_SHIFT "shift"
#define KEY_HIDE "hide"

static gboolean
is_character (const char *value)
{
  return !g_str_equal (value, KEY_SPACE) && !g_str_equal (value, KEY_BACKSPACE)
         && !g_str_equal (value, KEY_SHIFT) && !g_str_equal (value, KEY_HIDE);
}

/* A special key's face: its word, wrapped rather than widening the keyboard. */
static void
set_key_word (GtkButton *button, const char *word)
{
  GtkWidget *label = gtk_button_get_child (button);

  if (!GTK_IS_LABEL (label) || gtk_button_get_label (button) != NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "key-word");
      gtk_button_set_child (button, label);
    }
  gtk_label_set_text (GTK_LABEL (label), word);
}

/* Gives @button its face and the name a screen reader says; both follow shift. Special
 * keys say what they do in words: an icon alone is a puzzle to many older residents. */
static void
label_key (KioskKeyboard *self, GtkButton *button, const char *value)
{
  g_autofree char *text = NULL;
  const char      *name;

  if (g_str_equal (value, KEY_SPACE))
    {
      /* Translators: the space bar of the on-screen keyboard, shown on it and read aloud */
      name = _ ("Space");
      set_key_word (button, name);
    }
  else if (g_str_equal (value, KEY_BACKSPACE))
    {
      /* Translators: the key that erases the character before the cursor, read aloud */
      name = _ ("Backspace");
      /* Translators: shown on the on-screen key that erases the character before the
       * cursor: one short, plain word ("Poista", "Radera") */
      set_key_word (button, C_ ("keyboard key", "Delete"));
    }
  else if (g_str_equal (value, KEY_SHIFT))
    {
      /* Translators: the key for one capital letter, read aloud */
      name = _ ("Shift");
      /* Translators: shown on the on-screen key that makes the next letter a capital:
       * a short, plain word or two ("Iso kirjain", "Stor bokstav") */
      set_key_word (button, C_ ("keyboard key", "Capital"));
    }
  else if (g_str_equal (value, KEY_HIDE))
    {
      /* Translators: shown on the key that closes the on-screen keyboard */
      set_key_word (button, _ ("Done"));
      /* Translators: what a screen reader says for the key that closes the keyboard */
      name = _ ("Hide keyboard");
    }
  else
    {
      text = self->shift ? g_utf8_strup (value, -1) : g_strdup (value);
      gtk_button_set_label (button, text);
      /* Punctuation alone is often read as nothing, or as "minus". */
      if (g_str_equal (value, "-"))
        /* Translators: the "-" key of the on-screen keyboard, read aloud */
        name = _ ("Hyphen");
      else if (g_str_equal (value, "+"))
        /* Translators: the "+" key of the number pad, read aloud */
        name = _ ("Plus");
      else
        name = text;
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
add_key (KioskKeyboard *self, GtkGrid *grid, const char *value, int column, int row, int width)
{
  GtkWidget *button = gtk_button_new ();

  gtk_widget_add_css_class (button, "kiosk-key");
  gtk_widget_set_hexpand (button, TRUE);
  /* The entry keeps the focus, its cursor and its selection. */
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "keyboard.press");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", value);
  label_key (self, GTK_BUTTON (button), value);
  if (g_str_equal (value, KEY_SHIFT))
    gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                 GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
  else if (g_str_equal (value, KEY_HIDE))
    gtk_widget_add_css_class (button, "suggested-action");

  gtk_grid_attach (grid, button, column, row, width, 1);
  g_hash_table_insert (self->keys, g_strdup (value), button);
}

/* One key per character of @characters, left to right from @column. */
static void
add_character_keys (KioskKeyboard *self, GtkGrid *grid, const char *characters, int column, int row)
{
  for (const char *p = characters; *p != '\0'; p = g_utf8_next_char (p), column++)
    {
      char value[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), value);
      add_key (self, grid, value, column, row, 1);
    }
}

static void
build_text_layout (KioskKeyboard *self, GtkGrid *grid)
{
  /* Eleven columns: the Finnish/Swedish rows, with the wide keys spanning two. */
  add_character_keys (self, grid, "qwertyuiopå", 0, 0);
  add_character_keys (self, grid, "asdfghjklöä", 0, 1);
  add_key (self, grid, KEY_SHIFT, 0, 2, 2);
  add_character_keys (self, grid, "zxcvbnm", 2, 2);
  add_key (self, grid, KEY_BACKSPACE, 9, 2, 2);
  add_key (self, grid, "-", 0, 3, 1);
  add_key (self, grid, KEY_SPACE, 1, 3, 8);
  add_key (self, grid, KEY_HIDE, 9, 3, 2);
}

/* A computer's number pad, which many know: Done tall on the right like its Enter, 0
 * wide at the bottom. Four rows, so that the field and Continue fit above it. */
static void
build_phone_layout (KioskKeyboard *self, GtkGrid *grid)
{
  add_character_keys (self, grid, "123", 0, 0);
  add_key (self, grid, KEY_BACKSPACE, 3, 0, 1);
  add_character_keys (self, grid, "456", 0, 1);
  add_key (self, grid, KEY_SPACE, 3, 1, 1);
  add_character_keys (self, grid, "789", 0, 2);
  add_key (self, grid, "+", 0, 3, 1);
  add_key (self, grid, "0", 1, 3, 2);
  add_key (self, grid, KEY_HIDE, 3, 2, 1);
  gtk_grid_layout_child_set_row_span (GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (
                                          gtk_widget_get_layout_manager (GTK_WIDGET (grid)),
                                          g_hash_table_lookup (self->keys, KEY_HIDE))),
                                      2);
  /* A number pad as wide as the screen would only be harder to aim at. */
  gtk_widget_set_halign (GTK_WIDGET (grid), GTK_ALIGN_CENTER);
}

static void
build_layout (KioskKeyboard *self)
{
  GtkWidget  *grid = gtk_grid_new ();
  gboolean    phone = self->mode == KIOSK_KEYBOARD_PHONE;
  const char *name;

  self->shift = FALSE;
  g_hash_table_remove_all (self->keys);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  /* Rows as tall as their keys: only a row with a word on two lines (Capital at the
   * largest text) grows, never every row with it. */
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), FALSE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  /* In place before the keys: GTK 4.8 does not tell a detached subtree's buttons about
   * the actions of the ancestor it later joins, and they would stay insensitive. */
  adw_bin_set_child (ADW_BIN (self), grid);
  if (phone)
    build_phone_layout (self, GTK_GRID (grid));
  else
    build_text_layout (self, GTK_GRID (grid));

  gtk_widget_remove_css_class (GTK_WIDGET (self), phone ? "text" : "phone");
  gtk_widget_add_css_class (GTK_WIDGET (self), phone ? "phone" : "text");
  if (phone)
    /* Translators: the on-screen number pad, as a screen reader names it */
    name = _ ("Number pad");
  else
    /* Translators: the on-screen keyboard, as a screen reader names it */
    name = _ ("Keyboard");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
set_shift (KioskKeyboard *self, gboolean shift)
{
  GHashTableIter iter;
  gpointer       value, button;

  if (self->shift == shift)
    return;
  self->shift = shift;

  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, &value, &button))
    {
      if (g_str_equal (value, KEY_SHIFT))
        {
          gtk_accessible_update_state (
              GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
              shift ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
          if (shift)
            gtk_widget_add_css_class (button, "latched");
          else
            gtk_widget_remove_css_class (button, "latched");
        }
      else if (is_character (value))
        {
          label_key (self, button, value);
        }
    }
}

/* Whether the target takes a name, each word of which starts with a capital. */
static gboolean
target_takes_names (KioskKeyboard *self)
{
  GtkInputPurpose purpose;
  GtkInputHints   hints;

  if (self->target == NULL
      || g_object_class_find_property (G_OBJECT_GET_CLASS (self->target), "input-purpose") == NULL
      || g_object_class_find_property (G_OBJECT_GET_CLASS (self->target), "input-hints") == NULL)
    return FALSE;
  g_object_get (self->target, "input-purpose", &purpose, "input-hints", &hints, NULL);
  return purpose == GTK_INPUT_PURPOSE_NAME || (hints & GTK_INPUT_HINT_UPPERCASE_WORDS) != 0;
}

/* In a name, shift is on at the start of a word (at the start, after a space or a
 * hyphen: "Anna-Liisa Virtanen") and off inside one. */
static void
follow_word_start (KioskKeyboard *self)
{
  const char *text;
  int         position;
  gunichar    before;

  if (self->mode != KIOSK_KEYBOARD_TEXT || !target_takes_names (self))
    return;
  text = gtk_editable_get_text (self->target);
  position = gtk_editable_get_position (self->target);
  if (position <= 0 || position > g_utf8_strlen (text, -1))
    {
      set_shift (self, position <= 0);
      return;
    }
  before = g_utf8_get_char (g_utf8_offset_to_pointer (text, position - 1));
  set_shift (self, before == ' ' || before == '-');
}

/* Whether a press of @value now is a tremor's echo of the one before. */
static gboolean
is_bounce (KioskKeyboard *self, const char *value)
{
  gint64 now = self->now != NULL ? self->now () : g_get_monotonic_time ();

  if (g_strcmp0 (value, self->last_value) == 0
      && now - self->last_time < self->repeat_guard_ms * G_TIME_SPAN_MILLISECOND)
    return TRUE;

  /* Counted from the last press that did something, so a steady tremor cannot hold a
   * key down for ever. */
  g_free (self->last_value);
  self->last_value = g_strdup (value);
  self->last_time = now;
  return FALSE;
}

static gboolean
echo_over_cb (gpointer user_data)
{
  KioskKeyboard *self = user_data;

  self->echo_source = 0;
  if (self->echo_key != NULL)
    gtk_widget_remove_css_class (self->echo_key, "echo");
  g_clear_weak_pointer (&self->echo_key);
  return G_SOURCE_REMOVE;
}

/* The press of @value was taken: its key flashes, and ::key-accepted tells whoever
 * wants to say it aloud. */
static void
echo_key (KioskKeyboard *self, const char *value)
{
  GtkWidget *button = g_hash_table_lookup (self->keys, value);

  g_clear_handle_id (&self->echo_source, g_source_remove);
  echo_over_cb (self);
  if (button != NULL)
    {
      g_set_weak_pointer (&self->echo_key, button);
      gtk_widget_add_css_class (button, "echo");
      self->echo_source = g_timeout_add (ECHO_MS, echo_over_cb, self);
    }
  g_signal_emit (self, signals[KEY_ACCEPTED], 0, value);
}

static void
type_text (KioskKeyboard *self, const char *text)
{
  int start, end, position;

  /* A selection on a kiosk is an accident (a double tap selects a word): the key goes
   * after it, and what the resident typed stays. */
  if (gtk_editable_get_selection_bounds (self->target, &start, &end))
    gtk_editable_set_position (self->target, end);
  position = gtk_editable_get_position (self->target);
  gtk_editable_insert_text (self->target, text, -1, &position);
  /* Inserting at the cursor leaves the cursor before the new text. */
  gtk_editable_set_position (self->target, position);
}

static void
erase (KioskKeyboard *self)
{
  int position;

  if (gtk_editable_get_selection_bounds (self->target, NULL, NULL))
    {
      gtk_editable_delete_selection (self->target);
      return;
    }
  position = gtk_editable_get_position (self->target);
  if (position > 0)
    gtk_editable_delete_text (self->target, position - 1, position);
}

static void
press_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskKeyboard *self = KIOSK_KEYBOARD (widget);
  const char    *value = g_variant_get_string (parameter, NULL);

  /* Only the keys this layout shows: a number pad takes no letters. */
  if (!g_hash_table_contains (self->keys, value))
    return;

  if (g_str_equal (value, KEY_HIDE))
    {
      if (!is_bounce (self, value))
        {
          echo_key (self, value);
          g_signal_emit (self, signals[DONE], 0);
        }
      return;
    }

  if (self->target == NULL || !gtk_editable_get_editable (self->target) || is_bounce (self, value))
    return;

  echo_key (self, value);

  if (g_str_equal (value, KEY_SHIFT))
    {
      /* The resident's own choice, even at the start of a word. */
      set_shift (self, !self->shift);
      return;
    }
  else if (g_str_equal (value, KEY_BACKSPACE))
    {
      erase (self);
    }
  else if (g_str_equal (value, KEY_SPACE))
    {
      type_text (self, " ");
    }
  else
    {
      g_autofree char *text = self->shift ? g_utf8_strup (value, -1) : g_strdup (value);

      type_text (self, text);
      set_shift (self, FALSE);
    }
  follow_word_start (self);
}

static void
kiosk_keyboard_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskKeyboard *self = KIOSK_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    case PROP_REPEAT_GUARD:
      g_value_set_uint (value, self->repeat_guard_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_keyboard_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskKeyboard *self = KIOSK_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_MODE:
      kiosk_keyboard_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_TARGET:
      kiosk_keyboard_set_target (self, g_value_get_object (value));
      break;
    case PROP_REPEAT_GUARD:
      kiosk_keyboard_set_repeat_guard (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_keyboard_dispose (GObject *object)
{
  KioskKeyboard *self = (KioskKeyboard *) object;

  g_clear_weak_pointer (&self->target);
  g_clear_handle_id (&self->echo_source, g_source_remove);
  g_clear_weak_pointer (&self->echo_key);
  g_clear_object (&self->settings);
  if (self->screen != NULL && self->sight_tick != 0)
    gtk_widget_remove_tick_callback (self->screen, self->sight_tick);
  self->sight_tick = 0;
  g_clear_weak_pointer (&self->screen);
  g_clear_pointer (&self->making_way, g_ptr_array_unref);
  g_hash_table_remove_all (self->keys);
  G_OBJECT_CLASS (kiosk_keyboard_parent_class)->dispose (object);
}

/* Keeping the field in sight */

/* On a landscape screen the widgets that make way hide while the keys show, so that
 * the field, its label and a message about it fit above them even on 1280×800 at the
 * largest text size. A portrait screen has room for everything. FALSE when that
 * changed nothing. */
static gboolean
make_way (KioskKeyboard *self)
{
  gboolean compact = gtk_widget_get_visible (GTK_WIDGET (self))
                     && gtk_widget_get_width (self->screen) > gtk_widget_get_height (self->screen);
  gboolean changed = FALSE;

  /* The number pad's keys are less tall there, so that Continue fits above them. */
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "landscape");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "landscape");
  for (guint i = 0; self->making_way != NULL && i < self->making_way->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (self->making_way, i);

      changed |= gtk_widget_get_visible (widget) == compact;
      gtk_widget_set_visible (widget, !compact);
    }
  return changed;
}

/* Scrolls so that the target, when it has the focus, is whole above the keys, with
 * the message about it (or else its own label, the widget before it) too when there
 * is room. */
static void
scroll_to_target (KioskKeyboard *self)
{
  /* Positions are taken in the viewport, the content showing now: plus the scrolled
   * distance, they are positions in all that can be scrolled. */
  GtkWidget      *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment  *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget      *field = GTK_WIDGET (self->target);
  GtkWidget      *focus = gtk_root_get_focus (gtk_widget_get_root (self->screen));
  GtkWidget      *top;
  graphene_rect_t bounds, top_bounds, below_bounds;
  double          page, value, bottom, upper;

  if (field == NULL || focus == NULL || (focus != field && !gtk_widget_is_ancestor (focus, field))
      || !gtk_widget_compute_bounds (field, viewport, &bounds))
    return;
  top = self->message != NULL && gtk_widget_get_visible (self->message)
            ? self->message
            : gtk_widget_get_prev_sibling (field);
  if (top == NULL || !gtk_widget_compute_bounds (top, viewport, &top_bounds))
    top_bounds = bounds;
  page = gtk_adjustment_get_page_size (adjustment);
  value = gtk_adjustment_get_value (adjustment);
  upper = value + top_bounds.origin.y - 8;
  bottom = value + bounds.origin.y + bounds.size.height + 8;
  /* Down to the widget below (Continue) as well when it fits: from the label, or else
   * from the field itself. */
  if (self->below != NULL && gtk_widget_get_visible (self->below)
      && gtk_widget_compute_bounds (self->below, viewport, &below_bounds))
    {
      double below_bottom = value + below_bounds.origin.y + below_bounds.size.height + 8;
      double field_top = value + bounds.origin.y - 8;

      if (below_bottom - MIN (upper, field_top) <= page)
        bottom = MAX (bottom, below_bottom);
      else if (below_bottom - field_top <= page)
        {
          upper = field_top;
          bottom = MAX (bottom, below_bottom);
        }
    }
  if (bottom - upper <= page)
    value = CLAMP (value, bottom - page, upper);
  else
    value = bottom - page; /* not all of it: the field itself first */
  gtk_adjustment_set_value (adjustment, MAX (value, 0));
}

/* Run from the frame clock, once the screen has its size; then two frames on, when
 * the layout that the last change caused has been made, the scrolling. */
static gboolean
sight_tick_cb (GtkWidget *screen, GdkFrameClock *clock, gpointer user_data)
{
  KioskKeyboard *self = user_data;

  if (make_way (self))
    {
      self->sight_frames = 0;
      return G_SOURCE_CONTINUE;
    }
  if (++self->sight_frames < 2)
    return G_SOURCE_CONTINUE;
  self->sight_tick = 0;
  if (self->scroller != NULL)
    scroll_to_target (self);
  return G_SOURCE_REMOVE;
}

static void
kiosk_keyboard_finalize (GObject *object)
{
  KioskKeyboard *self = (KioskKeyboard *) object;

  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->last_value, g_free);
  G_OBJECT_CLASS (kiosk_keyboard_parent_class)->finalize (object);
}

static void
kiosk_keyboard_class_init (KioskKeyboardClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_keyboard_get_property;
  object_class->set_property = kiosk_keyboard_set_property;
  object_class->dispose = kiosk_keyboard_dispose;
  object_class->finalize = kiosk_keyboard_finalize;

  properties[PROP_MODE]
      = g_param_spec_enum ("mode", NULL, NULL, KIOSK_TYPE_KEYBOARD_MODE, KIOSK_KEYBOARD_TEXT,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET]
      = g_param_spec_object ("target", NULL, NULL, GTK_TYPE_EDITABLE,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPEAT_GUARD]
      = g_param_spec_uint ("repeat-guard", NULL, NULL, 0, 1000, DEFAULT_REPEAT_GUARD_MS,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KioskKeyboard::done:
   *
   * The resident pressed the key that hides the keyboard.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);

  /**
   * KioskKeyboard::key-accepted:
   * @value: the key's value, as keyboard.press takes it
   *
   * A press was taken (not refused as a tremor). For speech only: never log it.
   */
  signals[KEY_ACCEPTED]
      = g_signal_new ("key-accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "keyboard.press", "s", press_action);

  gtk_widget_class_set_css_name (widget_class, "keyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_keyboard_init (KioskKeyboard *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->mode = KIOSK_KEYBOARD_TEXT;
  self->repeat_guard_ms = DEFAULT_REPEAT_GUARD_MS;
  build_layout (self);

  /* The kiosk's schema is there wherever the kiosk runs; a widget test may do without. */
  {
    g_autoptr (GSettingsSchema) schema = g_settings_schema_source_lookup (
        g_settings_schema_source_get_default (), "fi.neuvokas.Kiosk", TRUE);

    if (schema != NULL && g_settings_schema_has_key (schema, "key-repeat-guard"))
      {
        self->settings = g_settings_new_full (schema, NULL, NULL);
        g_settings_bind (self->settings, "key-repeat-guard", self, "repeat-guard",
                         G_SETTINGS_BIND_GET);
      }
  }
}

GtkWidget *
kiosk_keyboard_new (KioskKeyboardMode mode)
{
  return g_object_new (KIOSK_TYPE_KEYBOARD, "mode", mode, NULL);
}

KioskKeyboardMode
kiosk_keyboard_get_mode (KioskKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD (self), KIOSK_KEYBOARD_TEXT);
  return self->mode;
}

void
kiosk_keyboard_set_mode (KioskKeyboard *self, KioskKeyboardMode mode)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  g_return_if_fail (mode == KIOSK_KEYBOARD_TEXT || mode == KIOSK_KEYBOARD_PHONE);

  if (self->mode == mode)
    return;
  self->mode = mode;
  build_layout (self);
  follow_word_start (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

GtkEditable *
kiosk_keyboard_get_target (KioskKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD (self), NULL);
  return self->target;
}

void
kiosk_keyboard_set_target (KioskKeyboard *self, GtkEditable *target)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target));

  if (g_set_weak_pointer (&self->target, target))
    {
      /* A latched shift or a debounce belongs to the field it was pressed for. */
      set_shift (self, FALSE);
      g_clear_pointer (&self->last_value, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
    }
  /* Also for the same field again: it may have been erased since. */
  follow_word_start (self);
}

gboolean
kiosk_keyboard_get_shift (KioskKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD (self), FALSE);
  return self->shift;
}

guint
kiosk_keyboard_get_repeat_guard (KioskKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD (self), 0);
  return self->repeat_guard_ms;
}

void
kiosk_keyboard_set_repeat_guard (KioskKeyboard *self, guint milliseconds)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  g_return_if_fail (milliseconds <= 1000);

  if (self->repeat_guard_ms == milliseconds)
    return;
  self->repeat_guard_ms = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEAT_GUARD]);
}

void
kiosk_keyboard_set_clock_for_testing (KioskKeyboard *self, KioskKeyboardClock now)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  self->now = now;
}

void
kiosk_keyboard_set_screen (KioskKeyboard     *self,
                           GtkWidget         *screen,
                           GtkScrolledWindow *scroller,
                           GtkWidget         *message,
                           GtkWidget         *first_making_way,
                           ...)
{
  va_list args;

  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  g_return_if_fail (GTK_IS_WIDGET (screen));
  g_return_if_fail (scroller == NULL || GTK_IS_SCROLLED_WINDOW (scroller));
  g_return_if_fail (self->screen == NULL);

  g_set_weak_pointer (&self->screen, screen);
  self->scroller = scroller;
  self->message = message;
  self->making_way = g_ptr_array_new ();
  va_start (args, first_making_way);
  for (GtkWidget *widget = first_making_way; widget != NULL; widget = va_arg (args, GtkWidget *))
    g_ptr_array_add (self->making_way, widget);
  va_end (args);
}

void
kiosk_keyboard_set_in_sight_below (KioskKeyboard *self, GtkWidget *widget)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  self->below = widget;
}

void
kiosk_keyboard_set_shown (KioskKeyboard *self, gboolean shown)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  g_return_if_fail (self->screen != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self), shown);
  /* At once when the screen has its size, so that it is never laid out too tall for
   * the window; again from the frame clock when it has not. */
  make_way (self);
  if (shown)
    kiosk_keyboard_keep_in_sight (self);
}

void
kiosk_keyboard_keep_in_sight (KioskKeyboard *self)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  g_return_if_fail (self->screen != NULL);

  if (self->sight_tick != 0)
    return;
  self->sight_frames = 0;
  self->sight_tick = gtk_widget_add_tick_callback (self->screen, sight_tick_cb, self, NULL);
}

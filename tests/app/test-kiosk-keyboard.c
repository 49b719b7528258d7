/* test-kiosk-keyboard.c — the on-screen keyboard and number pad, driven through
 * keyboard.press under Xvfb, with a fake clock for the debounce
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-keyboard.h"
#include "nv-test-util.h"

static gint64 fake_now;

static gint64
fake_clock (void)
{
  return fake_now;
}

static void
advance_ms (gint64 ms)
{
  fake_now += ms * G_TIME_SPAN_MILLISECOND;
}

typedef struct
{
  KioskKeyboard *keyboard;
  GtkEditable   *entry;
  guint          n_done;
} Fixture;

static void
done_cb (KioskKeyboard *keyboard, Fixture *fixture)
{
  fixture->n_done++;
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  KioskKeyboardMode mode = GPOINTER_TO_INT (data);

  fake_now = 1000 * G_TIME_SPAN_SECOND;
  fixture->keyboard = KIOSK_KEYBOARD (g_object_ref_sink (kiosk_keyboard_new (mode)));
  kiosk_keyboard_set_clock_for_testing (fixture->keyboard, fake_clock);
  fixture->entry = g_object_ref_sink (GTK_EDITABLE (gtk_entry_new ()));
  kiosk_keyboard_set_target (fixture->keyboard, fixture->entry);
  g_signal_connect (fixture->keyboard, "done", G_CALLBACK (done_cb), fixture);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->keyboard);
  if (fixture->entry != NULL)
    g_assert_finalize_object (fixture->entry);
}

static void
press (Fixture *fixture, const char *value)
{
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->keyboard), "keyboard.press", "s", value));
}

/* Presses each of the NULL-terminated values at the same instant. */
static G_GNUC_NULL_TERMINATED void
press_all (Fixture *fixture, ...)
{
  va_list args;

  va_start (args, fixture);
  for (const char *value = va_arg (args, const char *); value != NULL;
       value = va_arg (args, const char *))
    press (fixture, value);
  va_end (args);
}

static void
collect_keys (GtkWidget *widget, GPtrArray *keys)
{
  if (GTK_IS_BUTTON (widget))
    g_ptr_array_add (keys, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_keys (child, keys);
}

static GPtrArray *
get_keys (Fixture *fixture)
{
  GPtrArray *keys = g_ptr_array_new ();

  collect_keys (GTK_WIDGET (fixture->keyboard), keys);
  return keys;
}

static GtkButton *
find_key (Fixture *fixture, const char *value)
{
  g_autoptr (GPtrArray) keys = get_keys (fixture);

  for (guint i = 0; i < keys->len; i++)
    {
      GVariant *target = gtk_actionable_get_action_target_value (keys->pdata[i]);

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), value))
        return keys->pdata[i];
    }
  g_error ("no key for %s", value);
}

static void
assert_text (Fixture *fixture, const char *text)
{
  g_assert_cmpstr (gtk_editable_get_text (fixture->entry), ==, text);
}

static void
test_types_at_cursor (Fixture *fixture, gconstpointer data)
{
  press_all (fixture, "h", "e", "i", NULL);
  assert_text (fixture, "hei");
  g_assert_cmpint (gtk_editable_get_position (fixture->entry), ==, 3);

  gtk_editable_set_position (fixture->entry, 0);
  press_all (fixture, "o", "space", NULL);
  assert_text (fixture, "o hei");
  g_assert_cmpint (gtk_editable_get_position (fixture->entry), ==, 2);

  /* A selection is never replaced: on a kiosk it is an accident (a double tap selects a
   * word), and the key goes after it. */
  gtk_editable_select_region (fixture->entry, 2, 5);
  press_all (fixture, "m", "-", "a", NULL);
  assert_text (fixture, "o heim-a");
  g_assert_false (gtk_editable_get_selection_bounds (fixture->entry, NULL, NULL));
}

static void
test_nordic_letters (Fixture *fixture, gconstpointer data)
{
  press_all (fixture, "å", "ä", "ö", NULL);
  assert_text (fixture, "åäö");
  g_assert_cmpint (gtk_editable_get_position (fixture->entry), ==, 3);
}

static void
test_shift_once (Fixture *fixture, gconstpointer data)
{
  GtkButton *h_key = find_key (fixture, "h");
  GtkButton *shift_key = find_key (fixture, "shift");

  press (fixture, "shift");
  g_assert_cmpstr (gtk_button_get_label (h_key), ==, "H");
  gtk_test_accessible_assert_property (h_key, GTK_ACCESSIBLE_PROPERTY_LABEL, "H");
  gtk_test_accessible_assert_state (shift_key, GTK_ACCESSIBLE_STATE_PRESSED,
                                    GTK_ACCESSIBLE_TRISTATE_TRUE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (shift_key), "latched"));

  press_all (fixture, "h", "e", "i", NULL);
  assert_text (fixture, "Hei");
  g_assert_cmpstr (gtk_button_get_label (h_key), ==, "h");
  gtk_test_accessible_assert_property (h_key, GTK_ACCESSIBLE_PROPERTY_LABEL, "h");
  gtk_test_accessible_assert_state (shift_key, GTK_ACCESSIBLE_STATE_PRESSED,
                                    GTK_ACCESSIBLE_TRISTATE_FALSE);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (shift_key), "latched"));

  press_all (fixture, "shift", "ä", NULL);
  assert_text (fixture, "HeiÄ");

  /* A second shift, after the debounce, lets go of it. */
  press (fixture, "shift");
  advance_ms (500);
  press_all (fixture, "shift", "a", NULL);
  assert_text (fixture, "HeiÄa");
}

static void
test_backspace_at_cursor (Fixture *fixture, gconstpointer data)
{
  gtk_editable_set_text (fixture->entry, "kissa");
  gtk_editable_set_position (fixture->entry, 3);
  press (fixture, "backspace");
  assert_text (fixture, "kisa");
  g_assert_cmpint (gtk_editable_get_position (fixture->entry), ==, 2);

  gtk_editable_select_region (fixture->entry, 1, 3);
  advance_ms (500);
  press (fixture, "backspace");
  assert_text (fixture, "ka");

  gtk_editable_set_position (fixture->entry, 0);
  advance_ms (500);
  press (fixture, "backspace");
  assert_text (fixture, "ka");
}

static void
test_debounce_same_key (Fixture *fixture, gconstpointer data)
{
  kiosk_keyboard_set_repeat_guard (fixture->keyboard, 500);
  press_all (fixture, "k", "k", NULL);
  assert_text (fixture, "k");
  advance_ms (499);
  press (fixture, "k");
  assert_text (fixture, "k");
  /* Half a second after the press that counted, however many tremors came between. */
  advance_ms (1);
  press (fixture, "k");
  assert_text (fixture, "kk");

  advance_ms (200);
  press (fixture, "backspace");
  advance_ms (200);
  press (fixture, "backspace");
  assert_text (fixture, "k");
}

/* A phone number's repeated digit at a deliberate pace is typed; the bounce of a
 * trembling finger, inside the default 200 ms, is not. */
static void
test_repeated_digits (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpuint (kiosk_keyboard_get_repeat_guard (fixture->keyboard), ==, 200);
  for (const char *digit = "12344"; *digit != '\0'; digit++)
    {
      char value[2] = { *digit, '\0' };

      advance_ms (300);
      press (fixture, value);
    }
  assert_text (fixture, "12344");

  advance_ms (150);
  press (fixture, "4");
  assert_text (fixture, "12344");
  advance_ms (50);
  press (fixture, "4");
  assert_text (fixture, "123444");
}

static void
test_repeat_guard_setting (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new ("fi.neuvokas.Kiosk");

  g_settings_set_uint (settings, "key-repeat-guard", 80);
  g_assert_cmpuint (kiosk_keyboard_get_repeat_guard (fixture->keyboard), ==, 80);
  press (fixture, "7");
  advance_ms (79);
  press (fixture, "7");
  assert_text (fixture, "7");
  advance_ms (1);
  press (fixture, "7");
  assert_text (fixture, "77");

  g_settings_reset (settings, "key-repeat-guard");
  g_assert_cmpuint (kiosk_keyboard_get_repeat_guard (fixture->keyboard), ==, 200);
}

static void
count_accepted_cb (KioskKeyboard *keyboard, const char *value, guint *n_accepted)
{
  (*n_accepted)++;
}

/* Each press that is taken flashes its key for a moment; a refused one does not. */
static void
test_echo (Fixture *fixture, gconstpointer data)
{
  GtkWidget *key = GTK_WIDGET (find_key (fixture, "a"));
  guint      n_accepted = 0;

  g_signal_connect (fixture->keyboard, "key-accepted", G_CALLBACK (count_accepted_cb), &n_accepted);
  g_assert_false (gtk_widget_has_css_class (key, "echo"));
  press_all (fixture, "a", "a", NULL);
  assert_text (fixture, "a");
  g_assert_cmpuint (n_accepted, ==, 1);
  g_assert_true (gtk_widget_has_css_class (key, "echo"));

  press (fixture, "s");
  g_assert_cmpuint (n_accepted, ==, 2);
  g_assert_false (gtk_widget_has_css_class (key, "echo"));
  key = GTK_WIDGET (find_key (fixture, "s"));
  g_assert_true (gtk_widget_has_css_class (key, "echo"));
  nv_test_wait_until (NULL, !gtk_widget_has_css_class (key, "echo"), 5000);
  g_signal_handlers_disconnect_by_func (fixture->keyboard, count_accepted_cb, &n_accepted);
}

static void
test_debounce_other_keys (Fixture *fixture, gconstpointer data)
{
  press_all (fixture, "a", "b", "a", "b", NULL);
  assert_text (fixture, "abab");
}

static void
test_phone (Fixture *fixture, gconstpointer data)
{
  press_all (fixture, "+", "3", "5", "8", "space", "4", "0", NULL);
  assert_text (fixture, "+358 40");

  advance_ms (500);
  press_all (fixture, "a", "-", "shift", "A", "", "12", NULL);
  assert_text (fixture, "+358 40");
  g_assert_cmpuint (fixture->n_done, ==, 0);

  press (fixture, "backspace");
  assert_text (fixture, "+358 4");

  /* The pad has its own Done, to put it away and see Continue. */
  press (fixture, "hide");
  g_assert_cmpuint (fixture->n_done, ==, 1);
  assert_text (fixture, "+358 4");
}

/* The text of the label a key shows, or NULL when it shows none. */
static const char *
key_word (GtkButton *key)
{
  GtkWidget *child = gtk_button_get_child (key);

  return GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

/* Special keys say what they do in words, not only with an icon, on both layouts. */
static void
test_special_key_words (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpstr (key_word (find_key (fixture, "backspace")), ==, "Delete");
  g_assert_cmpstr (key_word (find_key (fixture, "shift")), ==, "Capital");
  g_assert_cmpstr (key_word (find_key (fixture, "space")), ==, "Space");
  g_assert_cmpstr (key_word (find_key (fixture, "hide")), ==, "Done");

  kiosk_keyboard_set_mode (fixture->keyboard, KIOSK_KEYBOARD_PHONE);
  g_assert_cmpstr (key_word (find_key (fixture, "backspace")), ==, "Delete");
  g_assert_cmpstr (key_word (find_key (fixture, "space")), ==, "Space");
  g_assert_cmpstr (key_word (find_key (fixture, "hide")), ==, "Done");
}

/* Presses the keys for @text, lower case, at a deliberate pace. */
static void
type_slowly (Fixture *fixture, const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      char value[8] = { 0 };

      if (*p == ' ')
        strcpy (value, "space");
      else
        g_unichar_to_utf8 (g_utf8_get_char (p), value);
      advance_ms (300);
      press (fixture, value);
    }
}

/* In a name field each word starts with a capital by itself, also after a hyphen;
 * shift can still be turned off, and other fields are left alone. */
static void
test_name_capitals (Fixture *fixture, gconstpointer data)
{
  GtkEditable *name = g_object_ref_sink (GTK_EDITABLE (gtk_entry_new ()));

  gtk_entry_set_input_purpose (GTK_ENTRY (name), GTK_INPUT_PURPOSE_NAME);
  kiosk_keyboard_set_target (fixture->keyboard, name);
  g_assert_true (kiosk_keyboard_get_shift (fixture->keyboard));
  g_assert_cmpstr (gtk_button_get_label (find_key (fixture, "a")), ==, "A");
  type_slowly (fixture, "anna-liisa af virtanen");
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "Anna-Liisa Af Virtanen");
  g_assert_false (kiosk_keyboard_get_shift (fixture->keyboard));

  /* Erased back to the start of a word: a capital again. */
  type_slowly (fixture, "x");
  advance_ms (300);
  press (fixture, "backspace");
  g_assert_false (kiosk_keyboard_get_shift (fixture->keyboard));
  advance_ms (300);
  gtk_editable_set_text (name, "");
  kiosk_keyboard_set_target (fixture->keyboard, name);
  g_assert_true (kiosk_keyboard_get_shift (fixture->keyboard));

  /* "af" stays small when the resident turns the capital off. */
  press (fixture, "shift");
  g_assert_false (kiosk_keyboard_get_shift (fixture->keyboard));
  type_slowly (fixture, "af");
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "af");

  /* Not a name: no capitals by themselves. */
  kiosk_keyboard_set_target (fixture->keyboard, fixture->entry);
  g_assert_false (kiosk_keyboard_get_shift (fixture->keyboard));
  type_slowly (fixture, "oulu");
  assert_text (fixture, "oulu");

  kiosk_keyboard_set_target (fixture->keyboard, NULL);
  g_assert_finalize_object (name);
}

static void
test_switch_mode (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) text_keys = get_keys (fixture);
  g_autoptr (GPtrArray) phone_keys = NULL;

  g_assert_cmpuint (text_keys->len, ==, 11 + 11 + 1 + 7 + 1 + 3);
  press (fixture, "7");
  assert_text (fixture, "");

  kiosk_keyboard_set_mode (fixture->keyboard, KIOSK_KEYBOARD_PHONE);
  g_assert_cmpint (kiosk_keyboard_get_mode (fixture->keyboard), ==, KIOSK_KEYBOARD_PHONE);
  phone_keys = get_keys (fixture);
  /* Ten digits, plus, backspace, space and Done */
  g_assert_cmpuint (phone_keys->len, ==, 10 + 1 + 1 + 1 + 1);
  press_all (fixture, "7", "q", NULL);
  assert_text (fixture, "7");
}

static void
test_no_target (Fixture *fixture, gconstpointer data)
{
  kiosk_keyboard_set_target (fixture->keyboard, NULL);
  g_assert_null (kiosk_keyboard_get_target (fixture->keyboard));
  press_all (fixture, "h", "shift", "e", "space", "backspace", "-", NULL);
  assert_text (fixture, "");
  g_assert_cmpstr (gtk_button_get_label (find_key (fixture, "e")), ==, "e");

  /* A field that goes away takes the keyboard's target with it. */
  kiosk_keyboard_set_target (fixture->keyboard, fixture->entry);
  g_assert_true (kiosk_keyboard_get_target (fixture->keyboard) == fixture->entry);
  g_assert_finalize_object (g_steal_pointer (&fixture->entry));
  g_assert_null (kiosk_keyboard_get_target (fixture->keyboard));
  advance_ms (500);
  press_all (fixture, "h", "backspace", NULL);
}

static void
test_read_only_target (Fixture *fixture, gconstpointer data)
{
  gtk_editable_set_text (fixture->entry, "lukittu");
  gtk_editable_set_editable (fixture->entry, FALSE);
  press_all (fixture, "a", "backspace", NULL);
  assert_text (fixture, "lukittu");
}

static void
test_done (Fixture *fixture, gconstpointer data)
{
  press (fixture, "hide");
  g_assert_cmpuint (fixture->n_done, ==, 1);
  press (fixture, "hide");
  g_assert_cmpuint (fixture->n_done, ==, 1);
  advance_ms (500);
  press (fixture, "hide");
  g_assert_cmpuint (fixture->n_done, ==, 2);

  /* Hiding needs no field. */
  kiosk_keyboard_set_target (fixture->keyboard, NULL);
  advance_ms (500);
  press (fixture, "hide");
  g_assert_cmpuint (fixture->n_done, ==, 3);
  assert_text (fixture, "");
}

static void
test_buttons (Fixture *fixture, gconstpointer data)
{
  g_signal_emit_by_name (find_key (fixture, "shift"), "clicked");
  g_signal_emit_by_name (find_key (fixture, "ö"), "clicked");
  g_signal_emit_by_name (find_key (fixture, "space"), "clicked");
  g_signal_emit_by_name (find_key (fixture, "ö"), "clicked");
  assert_text (fixture, "Ö ö");

  g_signal_emit_by_name (find_key (fixture, "hide"), "clicked");
  g_assert_cmpuint (fixture->n_done, ==, 1);

  kiosk_keyboard_set_mode (fixture->keyboard, KIOSK_KEYBOARD_PHONE);
  g_signal_emit_by_name (find_key (fixture, "+"), "clicked");
  g_signal_emit_by_name (find_key (fixture, "5"), "clicked");
  assert_text (fixture, "Ö ö+5");
}

static void
assert_keys_labelled (Fixture *fixture)
{
  g_autoptr (GPtrArray) keys = get_keys (fixture);

  g_assert_cmpuint (keys->len, >, 0);
  for (guint i = 0; i < keys->len; i++)
    {
      GtkWidget *key = keys->pdata[i];
      GVariant  *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (key));

      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (key)), ==, "keyboard.press");
      g_assert_nonnull (target);
      g_assert_true (gtk_widget_has_css_class (key, "kiosk-key"));
      g_assert_false (gtk_widget_get_focus_on_click (key));
      /* Insensitive when the button never found keyboard.press. */
      g_assert_true (gtk_widget_is_sensitive (key));
      g_test_message ("key %s", g_variant_get_string (target, NULL));
      g_assert_true (
          gtk_test_accessible_has_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL));
    }
}

static void
test_accessible (Fixture *fixture, gconstpointer data)
{
  gtk_test_accessible_assert_role (fixture->keyboard, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (fixture->keyboard, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Keyboard");
  assert_keys_labelled (fixture);
  gtk_test_accessible_assert_property (find_key (fixture, "backspace"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Backspace");
  gtk_test_accessible_assert_property (find_key (fixture, "space"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Space");
  gtk_test_accessible_assert_property (find_key (fixture, "shift"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Shift");
  gtk_test_accessible_assert_property (find_key (fixture, "hide"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Hide keyboard");
  gtk_test_accessible_assert_property (find_key (fixture, "-"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Hyphen");
  gtk_test_accessible_assert_property (find_key (fixture, "å"), GTK_ACCESSIBLE_PROPERTY_LABEL, "å");
  gtk_test_accessible_assert_property (find_key (fixture, "q"), GTK_ACCESSIBLE_PROPERTY_LABEL, "q");

  kiosk_keyboard_set_mode (fixture->keyboard, KIOSK_KEYBOARD_PHONE);
  gtk_test_accessible_assert_role (fixture->keyboard, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (fixture->keyboard, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Number pad");
  assert_keys_labelled (fixture);
  gtk_test_accessible_assert_property (find_key (fixture, "+"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Plus");
  gtk_test_accessible_assert_property (find_key (fixture, "5"), GTK_ACCESSIBLE_PROPERTY_LABEL, "5");
  gtk_test_accessible_assert_property (find_key (fixture, "backspace"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Backspace");
}

/* The kiosk's style sheet, as the window loads it. */
static void
ensure_style (void)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/fi/neuvokas/Kiosk/kiosk.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&loaded, 1);
    }
}

static void
assert_keys_large (Fixture *fixture)
{
  g_autoptr (GPtrArray) keys = get_keys (fixture);
  g_autofree graphene_rect_t *bounds = g_new0 (graphene_rect_t, keys->len);

  for (guint i = 0; i < keys->len; i++)
    {
      GtkWidget *key = keys->pdata[i];
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (key));

      g_assert_true (gtk_widget_compute_bounds (key, GTK_WIDGET (fixture->keyboard), &bounds[i]));
      g_assert_cmpfloat (bounds[i].size.width, >=, 64);
      g_assert_cmpfloat (bounds[i].size.height, >=, 64);

      if (GTK_IS_LABEL (label))
        {
          const PangoFontDescription *font
              = pango_context_get_font_description (gtk_widget_get_pango_context (label));

          g_assert_true (pango_font_description_get_size_is_absolute (font));
          g_assert_cmpint (pango_font_description_get_size (font), >=, 28 * PANGO_SCALE);
        }
    }

  /* At least 8 px of gap between any two keys, across or down. */
  for (guint i = 0; i < keys->len; i++)
    for (guint j = i + 1; j < keys->len; j++)
      {
        graphene_rect_t *a = &bounds[i], *b = &bounds[j];
        float            gap_x = MAX (b->origin.x - (a->origin.x + a->size.width),
                                      a->origin.x - (b->origin.x + b->size.width));
        float            gap_y = MAX (b->origin.y - (a->origin.y + a->size.height),
                                      a->origin.y - (b->origin.y + b->size.height));

        g_assert_cmpfloat (MAX (gap_x, gap_y), >=, 8);
      }
}

static void
test_large_keys (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();

  ensure_style ();
  gtk_widget_add_css_class (window, "kiosk");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (fixture->keyboard));
  gtk_window_present (GTK_WINDOW (window));
  nv_test_wait_until (NULL,
                      gtk_widget_get_mapped (GTK_WIDGET (fixture->keyboard))
                          && gtk_widget_get_width (GTK_WIDGET (fixture->keyboard)) > 0,
                      5000);
  assert_keys_large (fixture);

  kiosk_keyboard_set_mode (fixture->keyboard, KIOSK_KEYBOARD_PHONE);
  nv_test_wait_until (NULL, gtk_widget_get_width (GTK_WIDGET (find_key (fixture, "0"))) > 0, 5000);
  assert_keys_large (fixture);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
in_sight (GtkWidget *field, GtkWidget *scrolled)
{
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (field, scrolled, &bounds) && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

/* A screen of @width × @height: a title that makes way for the keys, then a long form
 * in a scrolled window with the field at its foot, then the keys. */
static void
check_in_sight (Fixture *fixture, int width, int height)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *screen = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new ("Your name and phone number");
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *viewport = gtk_viewport_new (NULL, NULL);
  GtkWidget *field = gtk_entry_new ();
  gboolean   landscape = width > height;

  for (int i = 0; i < 100; i++)
    gtk_box_append (GTK_BOX (form), gtk_label_new ("A line of the form"));
  gtk_box_append (GTK_BOX (form), gtk_label_new ("Your name"));
  gtk_box_append (GTK_BOX (form), field);
  gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
  gtk_viewport_set_child (GTK_VIEWPORT (viewport), form);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), viewport);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (screen), title);
  gtk_box_append (GTK_BOX (screen), scrolled);
  gtk_widget_set_visible (GTK_WIDGET (fixture->keyboard), FALSE);
  gtk_box_append (GTK_BOX (screen), GTK_WIDGET (fixture->keyboard));
  gtk_window_set_child (GTK_WINDOW (window), screen);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  kiosk_keyboard_set_screen (fixture->keyboard, screen, GTK_SCROLLED_WINDOW (scrolled), NULL, title,
                             NULL);
  gtk_window_present (GTK_WINDOW (window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (field) && gtk_widget_get_width (screen) > 0,
                      5000);
  g_assert_false (in_sight (field, scrolled));

  gtk_widget_grab_focus (field);
  kiosk_keyboard_set_target (fixture->keyboard, GTK_EDITABLE (field));
  kiosk_keyboard_set_shown (fixture->keyboard, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->keyboard)));
  nv_test_wait_until (
      NULL, gtk_widget_get_mapped (GTK_WIDGET (fixture->keyboard)) && in_sight (field, scrolled),
      5000);
  /* The title makes way on a landscape screen only. */
  g_assert_cmpint (gtk_widget_get_visible (title), ==, !landscape);

  kiosk_keyboard_set_shown (fixture->keyboard, FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->keyboard)));
  g_assert_true (gtk_widget_get_visible (title));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The one helper every screen with keys uses: the field being typed in is scrolled
 * whole into sight above them. */
static void
test_in_sight_landscape (Fixture *fixture, gconstpointer data)
{
  check_in_sight (fixture, 1000, 600);
}

static void
test_in_sight_portrait (Fixture *fixture, gconstpointer data)
{
  check_in_sight (fixture, 600, 1000);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, mode, func)                                                                      \
  g_test_add (path, Fixture, GINT_TO_POINTER (mode), fixture_setup, func, fixture_teardown)

  ADD ("/kiosk/keyboard/types-at-cursor", KIOSK_KEYBOARD_TEXT, test_types_at_cursor);
  ADD ("/kiosk/keyboard/nordic-letters", KIOSK_KEYBOARD_TEXT, test_nordic_letters);
  ADD ("/kiosk/keyboard/shift-once", KIOSK_KEYBOARD_TEXT, test_shift_once);
  ADD ("/kiosk/keyboard/backspace-at-cursor", KIOSK_KEYBOARD_TEXT, test_backspace_at_cursor);
  ADD ("/kiosk/keyboard/debounce-same-key", KIOSK_KEYBOARD_TEXT, test_debounce_same_key);
  ADD ("/kiosk/keyboard/repeated-digits", KIOSK_KEYBOARD_PHONE, test_repeated_digits);
  ADD ("/kiosk/keyboard/repeat-guard-setting", KIOSK_KEYBOARD_PHONE, test_repeat_guard_setting);
  ADD ("/kiosk/keyboard/echo", KIOSK_KEYBOARD_TEXT, test_echo);
  ADD ("/kiosk/keyboard/debounce-other-keys", KIOSK_KEYBOARD_TEXT, test_debounce_other_keys);
  ADD ("/kiosk/keyboard/phone", KIOSK_KEYBOARD_PHONE, test_phone);
  ADD ("/kiosk/keyboard/special-key-words", KIOSK_KEYBOARD_TEXT, test_special_key_words);
  ADD ("/kiosk/keyboard/name-capitals", KIOSK_KEYBOARD_TEXT, test_name_capitals);
  ADD ("/kiosk/keyboard/switch-mode", KIOSK_KEYBOARD_TEXT, test_switch_mode);
  ADD ("/kiosk/keyboard/no-target", KIOSK_KEYBOARD_TEXT, test_no_target);
  ADD ("/kiosk/keyboard/read-only-target", KIOSK_KEYBOARD_TEXT, test_read_only_target);
  ADD ("/kiosk/keyboard/done", KIOSK_KEYBOARD_TEXT, test_done);
  ADD ("/kiosk/keyboard/buttons", KIOSK_KEYBOARD_TEXT, test_buttons);
  ADD ("/kiosk/keyboard/accessible", KIOSK_KEYBOARD_TEXT, test_accessible);
  ADD ("/kiosk/keyboard/large-keys", KIOSK_KEYBOARD_TEXT, test_large_keys);
  ADD ("/kiosk/keyboard/in-sight-landscape", KIOSK_KEYBOARD_TEXT, test_in_sight_landscape);
  ADD ("/kiosk/keyboard/in-sight-portrait", KIOSK_KEYBOARD_TEXT, test_in_sight_portrait);

#undef ADD

  return g_test_run ();
}

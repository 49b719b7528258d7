/* test-kiosk-speech.c — speech mode and the keypad, driven with real keys and taps
 * through the X server (XTest), with everything the kiosk would send to
 * speech-dispatcher captured from a silent KioskSpeech
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-appointment-flow-private.h"
#include "kiosk-screenshot.h"
#include "kiosk-speech-text.h"
#include "kiosk-test-input.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-util.h"

typedef struct
{
  char           *dir;
  KioskStore     *store;
  KioskWindow    *window;
  GtkWidget      *root;
  KioskTestInput *input;
  KioskSpeech    *speech;
  GPtrArray      *said; /* every text sent to speech, in order */
} Fixture;

static void
said_cb (KioskSpeech *speech, const char *text, int lang, Fixture *fixture)
{
  g_test_message ("said: %s", text);
  g_ptr_array_add (fixture->said, g_strdup (text));
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  fixture->said = g_ptr_array_new_with_free_func (g_free);
  fixture->speech = kiosk_speech_new_silent ();
  g_signal_connect (fixture->speech, "say", G_CALLBACK (said_cb), fixture);

  fixture->window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  fixture->root = GTK_WIDGET (fixture->window);
  kiosk_window_set_speech (fixture->window, fixture->speech);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->input = kiosk_test_input_new (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  kiosk_test_input_free (fixture->input);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->speech);
  g_assert_finalize_object (fixture->store);
  g_ptr_array_unref (fixture->said);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
on_screen (Fixture *fixture, const char *screen)
{
  return g_strcmp0 (kiosk_window_get_screen (fixture->window), screen) == 0;
}

/* Whether anything said since @from contains @text. */
static gboolean
said_since (Fixture *fixture, guint from, const char *text)
{
  for (guint i = from; i < fixture->said->len; i++)
    if (strstr (g_ptr_array_index (fixture->said, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* @text as the kiosk speaks it in Finnish. */
static gboolean
said_spoken_since (Fixture *fixture, guint from, const char *text)
{
  g_autofree char *spoken = kiosk_speech_text_format (text, NV_LANG_FI);

  return said_since (fixture, from, spoken);
}

static gboolean
focus_in (Fixture *fixture, GtkWidget *target)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return focus != NULL && (focus == target || gtk_widget_is_ancestor (focus, target));
}

/* Arrows, as a resident on a keypad: down the screen, then across one way and the
 * other, until @target has the focus. */
static void
arrow_to (Fixture *fixture, GtkWidget *target)
{
  static const guint arrows[]
      = { GDK_KEY_Down, GDK_KEY_Right, GDK_KEY_Left, GDK_KEY_Up, GDK_KEY_Down };

  g_assert_nonnull (target);
  for (guint a = 0; a < G_N_ELEMENTS (arrows) && !focus_in (fixture, target); a++)
    for (guint i = 0; i < 12 && !focus_in (fixture, target); i++)
      kiosk_test_input_key (fixture->input, arrows[a]);
  g_assert_true (focus_in (fixture, target));
}

static GtkWidget *
button_showing (Fixture *fixture, const char *text)
{
  GtkWidget *label = kiosk_test_find_label (fixture->root, text);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON) != NULL
             ? gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON)
             : gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);
}

static void
press_speech_key (Fixture *fixture)
{
  kiosk_test_input_key (fixture->input, GDK_KEY_F12);
}

/* From home to a guide's last step with the keypad alone, and every screen heard. */
static void
test_guide_by_keys (Fixture *fixture, gconstpointer data)
{
  KioskVisit      *visit = kiosk_window_get_visit (fixture->window);
  KioskGuidePage  *guide = kiosk_window_get_guide_page (fixture->window);
  g_autofree char *hint = g_strdup_printf (_ ("For speech, press the %s key."), "F12");
  g_autofree char *step2 = g_strdup_printf (_ ("Step %u of %u"), 2, 3);
  g_autofree char *step3 = g_strdup_printf (_ ("Step %u of %u"), 3, 3);
  guint            mark;

  /* Someone arrives: told once how to turn speech on; speech stays off till then. */
  kiosk_test_input_key (fixture->input, GDK_KEY_Down);
  nv_test_wait_until (NULL, said_since (fixture, 0, hint), 5000);
  g_assert_false (kiosk_visit_get_speech_mode (visit));
  mark = fixture->said->len;
  kiosk_test_input_key (fixture->input, GDK_KEY_Up);
  g_assert_false (said_since (fixture, mark, hint));

  press_speech_key (fixture);
  g_assert_true (kiosk_visit_get_speech_mode (visit));
  nv_test_wait_until (NULL, said_since (fixture, mark, _ ("Speech is on.")), 5000);
  nv_test_wait_until (NULL, said_since (fixture, mark, "Tervetuloa"), 5000);

  arrow_to (fixture, kiosk_test_find_action (fixture->root, "win.show-guides", NULL));
  mark = fixture->said->len;
  kiosk_test_input_key (fixture->input, GDK_KEY_Return);
  g_assert_true (on_screen (fixture, "categories"));
  /* The new screen, then the control the keys are on, with its kind. */
  nv_test_wait_until (NULL, said_since (fixture, mark, _ ("list item")), 5000);

  arrow_to (fixture, button_showing (fixture, "Turvallisuus"));
  nv_test_wait_until (NULL, said_since (fixture, mark, "Turvallisuus, "), 5000);
  kiosk_test_input_key (fixture->input, GDK_KEY_Return);
  g_assert_true (on_screen (fixture, "guide-list"));

  arrow_to (fixture, button_showing (fixture, "Hätänumero 112"));
  mark = fixture->said->len;
  kiosk_test_input_key (fixture->input, GDK_KEY_Return);
  g_assert_true (on_screen (fixture, "guide"));
  /* The guide's number, as it is dialled. */
  nv_test_wait_until (NULL, said_since (fixture, mark, "1 1 2"), 5000);

  arrow_to (fixture, kiosk_test_find_action (fixture->root, "guide.next", NULL));
  mark = fixture->said->len;
  kiosk_test_input_key (fixture->input, GDK_KEY_Return);
  g_assert_cmpuint (kiosk_guide_page_get_step (guide), ==, 1);
  nv_test_wait_until (NULL, said_spoken_since (fixture, mark, step2), 5000);
  g_assert_true (said_since (fixture, mark, "Vastaa kysymyksiin."));

  mark = fixture->said->len;
  kiosk_test_input_key (fixture->input, GDK_KEY_Return);
  g_assert_cmpuint (kiosk_guide_page_get_step (guide), ==, 2);
  nv_test_wait_until (NULL, said_spoken_since (fixture, mark, step3), 5000);
  /* Next is gone on the last step: the keys are still somewhere on the screen. */
  nv_test_wait_until (NULL, focus_in (fixture, GTK_WIDGET (guide)), 5000);

  /* Louder, in speech mode only; Back outside a text field. */
  kiosk_test_input_key (fixture->input, GDK_KEY_KP_Add);
  g_assert_cmpint (kiosk_visit_get_speech_volume (visit), ==, 20);
  g_assert_cmpint (kiosk_speech_get_volume (fixture->speech), ==, 20);
  nv_test_wait_until (NULL, said_since (fixture, mark, _ ("Louder.")), 5000);
  kiosk_test_input_key (fixture->input, GDK_KEY_BackSpace);
  g_assert_true (on_screen (fixture, "guide-list"));

  /* Off with the same key; the next resident starts with speech off, at the default
   * volume, and hears the hint again. */
  press_speech_key (fixture);
  g_assert_false (kiosk_visit_get_speech_mode (visit));
  kiosk_test_input_key (fixture->input, GDK_KEY_KP_Add);
  g_assert_cmpint (kiosk_visit_get_speech_volume (visit), ==, 20);
  press_speech_key (fixture);
  kiosk_visit_end (visit, "timeout");
  g_assert_false (kiosk_visit_get_speech_mode (visit));
  g_assert_cmpint (kiosk_speech_get_volume (fixture->speech), ==, 0);
  mark = fixture->said->len;
  kiosk_test_input_key (fixture->input, GDK_KEY_Down);
  nv_test_wait_until (NULL, said_since (fixture, mark, hint), 5000);
}

/* Speech on; nothing touched: the warning and its countdown are heard. */
static void
test_countdown (Fixture *fixture, gconstpointer data)
{
  KioskVisit      *visit = kiosk_window_get_visit (fixture->window);
  g_autofree char *two = g_strdup_printf (ngettext ("%u second.", "%u seconds.", 2), 2);
  guint            mark;

  press_speech_key (fixture);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  kiosk_window_set_idle_timeouts (fixture->window, 300, 3000);
  mark = fixture->said->len;
  kiosk_test_input_key (fixture->input, GDK_KEY_Down);
  nv_test_wait_until (NULL, kiosk_visit_get_idle_warning (visit), 5000);
  nv_test_wait_until (NULL, said_since (fixture, mark, _ ("Are you still there?")), 5000);
  nv_test_wait_until (NULL, said_since (fixture, mark, two), 5000);
  nv_test_wait_until (NULL, on_screen (fixture, "home"), 5000);
  g_assert_false (kiosk_visit_get_speech_mode (visit));
}

/* An appointment request with speech on, through the loudspeaker: the error is heard,
 * the reference letter by letter, and the name and number never. */
/* Whether the phone field has the focus (an entry's focus is on the text inside it) and
 * only the number pad shows, no letter key. */
static gboolean
phone_pad_ready (Fixture *fixture, KioskAppointmentFlow *flow)
{
  GtkWidget *phone = GTK_WIDGET (kiosk_appointment_flow_get_phone_entry (flow));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return focus != NULL && (focus == phone || gtk_widget_is_ancestor (focus, phone))
         && kiosk_test_find_action (fixture->root, "keyboard.press", "a") == NULL;
}

static void
test_appointment_private (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentFlow *flow = kiosk_window_get_appointment_flow (fixture->window);
  const char           *reference;
  g_autofree char      *spelled = NULL;
  guint                 mark;

  press_speech_key (fixture);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-appointment", NULL);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.reason", "device");
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.contact", "phone");
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.day", "tue");
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.times-done", NULL);
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_DETAILS);

  kiosk_test_input_tap (fixture->input, GTK_WIDGET (kiosk_appointment_flow_get_name_entry (flow)));
  nv_test_wait_until (NULL, kiosk_appointment_flow_get_keyboard_shown (flow), 5000);
  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "aino");
  kiosk_test_input_tap (fixture->input, GTK_WIDGET (kiosk_appointment_flow_get_phone_entry (flow)));
  /* The keys type into the phone field once it has the focus and its number pad is all
   * that shows (the letters go in a transition). */
  nv_test_wait_until (NULL, phone_pad_ready (fixture, flow), 5000);
  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "045");
  mark = fixture->said->len;
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.details-done", NULL);
  g_assert_nonnull (kiosk_appointment_flow_get_error (flow));
  nv_test_wait_until (
      NULL, said_spoken_since (fixture, mark, kiosk_appointment_flow_get_error (flow)), 5000);

  kiosk_test_input_tap (fixture->input, GTK_WIDGET (kiosk_appointment_flow_get_phone_entry (flow)));
  nv_test_wait_until (NULL, phone_pad_ready (fixture, flow), 5000);
  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "1987654");
  g_assert_cmpstr (gtk_editable_get_text (kiosk_appointment_flow_get_phone_entry (flow)), ==,
                   "0451987654");
  mark = fixture->said->len;
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.details-done", NULL);
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_PRIVACY);
  /* The summary is there, but hidden. */
  nv_test_wait_until (
      NULL, said_since (fixture, mark, _ ("Hidden, so that others nearby do not hear it.")), 5000);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.confirm", NULL);
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_RECEIPT);
  reference = kiosk_appointment_flow_get_reference (flow);
  spelled = kiosk_speech_text_spell (reference);
  nv_test_wait_until (NULL, said_since (fixture, 0, spelled), 5000);

  for (guint i = 0; i < fixture->said->len; i++)
    {
      const char      *text = g_ptr_array_index (fixture->said, i);
      g_autofree char *folded = g_utf8_casefold (text, -1);

      g_assert_null (strstr (folded, "aino"));
      g_assert_null (strstr (text, "0451987654"));
      g_assert_null (strstr (text, "1 9 8, 7 6 5 4"));
      g_assert_null (strstr (text, "1987654"));
      g_assert_null (strstr (text, "0 4 5, 1"));
      /* Nor a key typed into them, one by one. */
      g_assert_cmpuint (g_utf8_strlen (text, -1), >, 1);
    }
}

/* In speech mode each key taken by the on-screen keyboard is said back. */
static void
test_key_echo (Fixture *fixture, gconstpointer data)
{
  KioskDirectoryPage *directory = kiosk_window_get_directory_page (fixture->window);
  guint               mark;

  press_speech_key (fixture);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
  kiosk_test_input_tap (fixture->input,
                        kiosk_test_find_type (GTK_WIDGET (directory), GTK_TYPE_ENTRY));
  g_assert_true (kiosk_directory_page_get_keyboard_shown (directory));
  mark = fixture->said->len;
  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "te");
  nv_test_wait_until (NULL, said_since (fixture, mark, "e"), 5000);
  g_assert_cmpstr (g_ptr_array_index (fixture->said, mark), ==, "t");
}

static void
painted_cb (GdkFrameClock *clock, guint *frames)
{
  (*frames)++;
}

/* Waits until the window has been drawn again, in the styles of its state now. */
static void
wait_painted (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (fixture->root);
  guint          frames = 0;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &frames);

  /* Two frames: the first may have begun before the change. */
  for (guint i = 1; i <= 2; i++)
    {
      gtk_widget_queue_resize (fixture->root);
      nv_test_wait_until (NULL, frames >= i, 5000);
    }
  g_signal_handler_disconnect (clock, handler);
}

/* The colour of the window as drawn, 4 px left of @widget, half-way down: inside the
 * focus ring's 4 px, 2 px out from the widget. */
static guint32
pixel_left_of (Fixture *fixture, GtkWidget *widget)
{
  g_autofree char *path = g_build_filename (fixture->dir, "window.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t    bounds;
  int                width, x, y;

  wait_painted (fixture);
  g_assert_true (gtk_widget_compute_bounds (widget, fixture->root, &bounds));
  kiosk_screenshot_save (fixture->root, path, &error);
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  pixels = g_malloc ((gsize) width * gdk_texture_get_height (texture) * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  x = (int) bounds.origin.x - 4;
  y = (int) (bounds.origin.y + bounds.size.height / 2);
  return *(guint32 *) (pixels + ((gsize) y * width + x) * 4);
}

/* Where the keys are is always seen: a thick ring, in both themes. */
static void
test_focus_ring (Fixture *fixture, gconstpointer data)
{
  GtkWidget *guides = kiosk_test_find_action (fixture->root, "win.show-guides", NULL);
  GtkWidget *services = kiosk_test_find_action (fixture->root, "win.show-services", NULL);

  arrow_to (fixture, guides);
  g_assert_cmphex (pixel_left_of (fixture, guides), ==, 0xff1a5fb4);
  arrow_to (fixture, services);
  g_assert_cmphex (pixel_left_of (fixture, guides), !=, 0xff1a5fb4);

  gtk_widget_activate_action (fixture->root, "win.contrast", NULL);
  g_assert_cmphex (pixel_left_of (fixture, services), ==, 0xffffff00);
}

/* Only a kiosk whose audio is a headset (the library's setting) speaks personal
 * details; through a loudspeaker they are hidden. */
static void
test_headset_setting (Fixture *fixture, gconstpointer data)
{
  KioskSpeechMode *mode = kiosk_window_get_speech_mode (fixture->window);
  g_autoptr (GSettings) settings = g_settings_new ("fi.neuvokas.Kiosk");
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget       *label = gtk_label_new ("Aino Testinen");
  GtkWidget       *window = gtk_window_new ();
  g_autofree char *aloud = NULL;
  g_autofree char *hidden = NULL;

  gtk_widget_add_css_class (label, "personal");
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (label), 5000);

  g_assert_false (kiosk_speech_mode_get_headset (mode));
  hidden = kiosk_speech_screen_text (box, FALSE, kiosk_speech_mode_get_headset (mode));
  g_assert_cmpstr (hidden, ==, _ ("Hidden, so that others nearby do not hear it."));
  g_settings_set_boolean (settings, "speech-headset", TRUE);
  g_assert_true (kiosk_speech_mode_get_headset (mode));
  aloud = kiosk_speech_screen_text (box, FALSE, kiosk_speech_mode_get_headset (mode));
  g_assert_cmpstr (aloud, ==, "Aino Testinen");
  g_settings_reset (settings, "speech-headset");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  /* XTest speaks to an X server. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/kiosk-speech/guide-by-keys", Fixture, NULL, fixture_setup, test_guide_by_keys,
              fixture_teardown);
  g_test_add ("/kiosk-speech/focus-ring", Fixture, NULL, fixture_setup, test_focus_ring,
              fixture_teardown);
  g_test_add ("/kiosk-speech/countdown", Fixture, NULL, fixture_setup, test_countdown,
              fixture_teardown);
  g_test_add ("/kiosk-speech/headset-setting", Fixture, NULL, fixture_setup, test_headset_setting,
              fixture_teardown);
  g_test_add ("/kiosk-speech/key-echo", Fixture, NULL, fixture_setup, test_key_echo,
              fixture_teardown);
  g_test_add ("/kiosk-speech/appointment-private", Fixture, NULL, fixture_setup,
              test_appointment_private, fixture_teardown);
  return g_test_run ();
}

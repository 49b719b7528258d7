/* test-kiosk-touch.c — the main flows, driven with real taps and keys through the X
 * server (XTest) under Xvfb, as a resident's finger drives them
 *
 * test-kiosk-window drives the same screens through their actions; here nothing is
 * activated from code: a control that a finger cannot reach (covered, hidden, closed
 * again under the finger) fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-appointment-flow-private.h"
#include "kiosk-directory-page-private.h"
#include "kiosk-test-input.h"
#include "kiosk-window-private.h"
#include "kiosk-test-store.h"
#include "nv-test-util.h"

typedef KioskTouchFixture Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  kiosk_touch_fixture_show (fixture);
}

/* The sample directory (data/content) on a kiosk in Oulu. */
static void
fixture_setup_oulu (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_assert_no_error (error);
  content->revision = 1;
  g_assert_true (kiosk_store_apply_content (fixture->store, content, &error));
  kiosk_store_set_home_municipality (fixture->store, "564");
  kiosk_touch_fixture_show (fixture);
}

/* The fixtures, with plain Finnish for the safety category, the 112 guide's title and its
 * first step only. */
static void
fixture_setup_plain (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  content = nv_content_load_dir (seed, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < content->categories->len; i++)
    {
      NvCategory *category = g_ptr_array_index (content->categories, i);

      if (g_str_equal (category->id, "safety"))
        nv_text_set (&category->title, NV_LANG_FI_PLAIN, "Ole turvassa");
    }
  for (guint i = 0; i < content->guides->len; i++)
    {
      NvGuide *guide = g_ptr_array_index (content->guides, i);

      if (!g_str_equal (guide->id, "call-112"))
        continue;
      nv_text_set (&guide->title, NV_LANG_FI_PLAIN, "Soita hätänumeroon 112");
      nv_text_set (&((NvStep *) g_ptr_array_index (guide->steps, 0))->text, NV_LANG_FI_PLAIN,
                   "Soita 112, jos joku voi kuolla.");
    }
  content->revision = 1;
  g_assert_true (kiosk_store_apply_content (fixture->store, content, &error));
  g_assert_no_error (error);
  kiosk_touch_fixture_show (fixture);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  kiosk_touch_fixture_teardown (fixture, data);
}

static gboolean
on_screen (Fixture *fixture, const char *screen)
{
  return g_strcmp0 (kiosk_window_get_screen (fixture->window), screen) == 0;
}

static gboolean
shows (Fixture *fixture, const char *text)
{
  return kiosk_test_find_label (fixture->root, text) != NULL;
}

static void
clicked_cb (GtkButton *button, guint *n_clicked)
{
  (*n_clicked)++;
}

/* A window with a button half covered by another: what the harness must refuse. */
static GtkWindow *
make_covered_window (GtkWidget **under, GtkWidget **over)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = gtk_overlay_new ();

  *under = gtk_button_new_with_label ("Under");
  *over = gtk_button_new_with_label ("Over");
  gtk_widget_set_size_request (*under, 400, 200);
  gtk_widget_set_halign (*over, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (*over, GTK_ALIGN_CENTER);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), *under);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), *over);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* The harness itself: a tap presses what is in sight, once, and never what is covered. */
static void
test_tap_lands_once_and_not_under (void)
{
  GtkWidget      *under, *over;
  GtkWindow      *window = make_covered_window (&under, &over);
  KioskTestInput *input = kiosk_test_input_new (window);
  guint           n_under = 0, n_over = 0;

  g_signal_connect (under, "clicked", G_CALLBACK (clicked_cb), &n_under);
  g_signal_connect (over, "clicked", G_CALLBACK (clicked_cb), &n_over);
  kiosk_test_input_tap_label (input, GTK_WIDGET (window), "Over");
  g_assert_cmpuint (n_over, ==, 1);
  g_assert_cmpuint (n_under, ==, 0);

  if (g_test_subprocess ())
    {
      kiosk_test_input_tap (input, under);
      return;
    }
  kiosk_test_input_free (input);
  gtk_window_destroy (window);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*a tap on the middle of a GtkButton would touch a GtkLabel*");
}

/* Home, Guides, a category, a guide, Next to its last step, and a face. */
static void
test_guide_to_feedback (Fixture *fixture, gconstpointer data)
{
  KioskGuidePage *guide = kiosk_window_get_guide_page (fixture->window);

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  g_assert_true (on_screen (fixture, "categories"));
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Turvallisuus");
  g_assert_true (on_screen (fixture, "guide-list"));
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Hätänumero 112");
  g_assert_true (on_screen (fixture, "guide"));
  nv_test_wait_until (NULL, shows (fixture, "Soita 112, kun henki on vaarassa."), 5000);

  kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.next", NULL);
  g_assert_cmpuint (kiosk_guide_page_get_step (guide), ==, 1);
  nv_test_wait_until (NULL, shows (fixture, "Vastaa kysymyksiin."), 5000);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.next", NULL);
  g_assert_cmpuint (kiosk_guide_page_get_step (guide), ==, 2);

  kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.feedback", "good");
  nv_test_wait_until (
      NULL, shows (fixture, _ ("Thank you! Your answer helps us make the guides better.")), 5000);
  g_assert_null (kiosk_test_find_action (fixture->root, "guide.feedback", NULL));
}

/* Plain Finnish chosen with a finger in the bar's language pop-up, then a guide in it:
 * its plain step, and the Finnish text of a step that has none in plain Finnish. */
static void
test_plain_finnish_guide (Fixture *fixture, gconstpointer data)
{
  KioskGuidePage *guide = kiosk_window_get_guide_page (fixture->window);
  GtkWidget      *menu = kiosk_test_find_type (fixture->root, GTK_TYPE_MENU_BUTTON);
  GtkWidget      *popover;

  g_assert_nonnull (menu);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu)));
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Kieli · Språk · Language");
  nv_test_wait_until (NULL, gtk_widget_get_mapped (popover), 5000);
  kiosk_test_input_tap_label (fixture->input, popover, "Selkosuomi");
  g_assert_cmpint (kiosk_visit_get_language (kiosk_window_get_visit (fixture->window)), ==,
                   NV_LANG_FI_PLAIN);

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Ole turvassa");
  g_assert_true (on_screen (fixture, "guide-list"));
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Soita hätänumeroon 112");
  g_assert_true (on_screen (fixture, "guide"));
  nv_test_wait_until (NULL, shows (fixture, "Soita 112, jos joku voi kuolla."), 5000);
  g_assert_false (shows (fixture, "Soita 112, kun henki on vaarassa."));

  /* No plain Finnish for this step: the Finnish text, and a notice saying so. */
  kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.next", NULL);
  g_assert_cmpuint (kiosk_guide_page_get_step (guide), ==, 1);
  nv_test_wait_until (NULL, shows (fixture, "Vastaa kysymyksiin."), 5000);
  g_assert_false (shows (fixture, "Answer the questions."));
  g_assert_true (shows (fixture, _ ("This guide is not yet available in your language, so it is "
                                    "shown in Finnish.")));
}

/* The Services tile, a tap on the search box, and a word typed on the on-screen keys. */
static void
test_directory_search_on_keys (Fixture *fixture, gconstpointer data)
{
  KioskDirectoryPage *directory = kiosk_window_get_directory_page (fixture->window);
  GtkWidget          *entry;
  guint               n_all;

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
  g_assert_true (on_screen (fixture, "directory"));
  nv_test_wait_until (NULL, shows (fixture, "Testikirjasto"), 5000);
  n_all = kiosk_directory_page_get_n_found (directory);
  g_assert_cmpuint (n_all, >, 1);
  g_assert_false (kiosk_directory_page_get_keyboard_shown (directory));

  /* A touch on the box brings the keys, and they stay: also after a list of choices,
   * which hides the box while it is open and makes way for the results. */
  entry = kiosk_test_find_type (GTK_WIDGET (directory), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "directory.choose-municipality",
                               NULL);
  nv_test_wait_until (NULL, shows (fixture, _ ("Choose a municipality")), 5000);
  g_assert_false (gtk_widget_get_mapped (entry));
  kiosk_test_input_tap_action (fixture->input, fixture->root, "directory.show-results", NULL);
  kiosk_test_input_tap (fixture->input, entry);
  g_assert_true (kiosk_directory_page_get_keyboard_shown (directory));
  nv_test_wait_until (NULL, !shows (fixture, _ ("Choose a municipality")), 5000);
  kiosk_test_input_tap (fixture->input, entry);
  g_assert_true (kiosk_directory_page_get_keyboard_shown (directory));

  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "testiy");
  g_assert_cmpstr (kiosk_directory_page_get_query (directory), ==, "testiy");
  g_assert_true (kiosk_directory_page_get_keyboard_shown (directory));
  /* The last key's search runs once its letter is drawn. */
  nv_test_wait_until (NULL, !kiosk_directory_page_get_search_pending (directory), 5000);
  nv_test_wait_until (NULL, shows (fixture, "Testiyhdistys"), 5000);
  g_assert_false (shows (fixture, "Testikirjasto"));
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), <, n_all);

  /* A physical keyboard types in the same box. */
  kiosk_test_input_key (fixture->input, GDK_KEY_BackSpace);
  g_assert_cmpstr (kiosk_directory_page_get_query (directory), ==, "testi");
  nv_test_wait_until (NULL, shows (fixture, "Testikirjasto"), 5000);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), ==, n_all);

  /* Done closes the keys; the results stay. */
  kiosk_test_input_tap_action (fixture->input, fixture->root, "keyboard.press", "hide");
  g_assert_false (kiosk_directory_page_get_keyboard_shown (directory));
  g_assert_true (shows (fixture, "Testiyhdistys"));
  g_assert_cmpstr (kiosk_directory_page_get_query (directory), ==, "testi");
}

/* An Oulu kiosk's directory opens on Oulu's places; an inflected word typed on the
 * on-screen keys finds the place by its base form, and the resident can widen the search
 * to the region. */
static void
test_directory_finds_word_forms (Fixture *fixture, gconstpointer data)
{
  KioskDirectoryPage *directory = kiosk_window_get_directory_page (fixture->window);
  g_autofree char    *region = g_strdup_printf (_ ("All of %s"), "Pohjois-Pohjanmaa");
  GtkWidget          *entry;

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Oulun keskustakirjasto Saari"), 5000);
  /* Oulu's 22 places of the sample, and none from Alavieska. */
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), ==, 22);
  g_assert_false (shows (fixture, "Alavieskan kirjasto"));
  g_assert_true (shows (fixture, "Oulu"));

  entry = kiosk_test_find_type (GTK_WIDGET (directory), GTK_TYPE_ENTRY);
  kiosk_test_input_tap (fixture->input, entry);
  /* "Palveluohjausta" (partitive): no name begins so; its base form is in one. */
  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "palveluohjausta");
  g_assert_cmpstr (kiosk_directory_page_get_query (directory), ==, "palveluohjausta");
  nv_test_wait_until (NULL, !kiosk_directory_page_get_search_pending (directory), 5000);
  nv_test_wait_until (NULL, shows (fixture, "Pohteen palveluohjaus ikäihmisille"), 5000);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), ==, 1);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "keyboard.press", "hide");

  /* Widening to the region, from the municipality list. */
  kiosk_test_input_tap_action (fixture->input, fixture->root, "directory.choose-municipality",
                               NULL);
  nv_test_wait_until (NULL, shows (fixture, region), 5000);
  kiosk_test_input_tap_label (fixture->input, fixture->root, region);
  nv_test_wait_until (NULL, !shows (fixture, _ ("Choose a municipality")), 5000);
  g_assert_true (shows (fixture, region));
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), ==, 1);
}

/* The Appointment tile, a reason, a way, preferred days, name and number typed on the
 * on-screen keys, Continue, Confirm, and the receipt. */
static void
test_appointment_request (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentFlow *flow = kiosk_window_get_appointment_flow (fixture->window);

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-appointment", NULL);
  g_assert_true (on_screen (fixture, "appointment"));
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.reason", "device");
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_CONTACT);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.contact", "phone");
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_TIME);
  /* No free times are published here: the preferred days come at once. */
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.day", "tue");
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.times-done", NULL);
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_DETAILS);

  kiosk_test_input_tap (fixture->input, GTK_WIDGET (kiosk_appointment_flow_get_name_entry (flow)));
  nv_test_wait_until (NULL, kiosk_appointment_flow_get_keyboard_shown (flow), 5000);
  /* A name's first letter comes as a capital by itself. */
  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "aino");
  g_assert_cmpstr (gtk_editable_get_text (kiosk_appointment_flow_get_name_entry (flow)), ==,
                   "Aino");
  kiosk_test_input_tap (fixture->input, GTK_WIDGET (kiosk_appointment_flow_get_phone_entry (flow)));
  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "0401234567");
  g_assert_cmpstr (gtk_editable_get_text (kiosk_appointment_flow_get_phone_entry (flow)), ==,
                   "0401234567");

  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.details-done", NULL);
  g_assert_null (kiosk_appointment_flow_get_error (flow));
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_PRIVACY);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.confirm", NULL);
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_RECEIPT);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 1);
  g_assert_nonnull (kiosk_appointment_flow_get_reference (flow));
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.finish", NULL);
}

/* Fails the test when @widget is no longer at @before: the message that came or went
 * (@what) moved it from under the finger. */
static void
assert_not_moved (GtkWidget *widget, const graphene_rect_t *before, const char *what)
{
  graphene_rect_t now = kiosk_test_input_laid_out_bounds (widget);

  if (!graphene_rect_equal (&now, before))
    g_error ("%s moved a %s from %g,%g %g×%g to %g,%g %g×%g", what, G_OBJECT_TYPE_NAME (widget),
             before->origin.x, before->origin.y, before->size.width, before->size.height,
             now.origin.x, now.origin.y, now.size.width, now.size.height);
}

/* Continue with no day chosen: the message comes under the question, and goes with the
 * first day tapped; Continue and the days stay under the finger all along. */
static void
test_appointment_times_message_moves_nothing (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentFlow *flow = kiosk_window_get_appointment_flow (fixture->window);
  GtkWidget            *next, *day;
  graphene_rect_t       next_before, day_before;

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-appointment", NULL);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.reason", "device");
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.contact", "phone");
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_TIME);
  next = kiosk_test_find_action (fixture->root, "appointment.times-done", NULL);
  day = kiosk_test_find_action (fixture->root, "appointment.day", "tue");
  g_assert_nonnull (next);
  g_assert_nonnull (day);
  next_before = kiosk_test_input_laid_out_bounds (next);
  day_before = kiosk_test_input_laid_out_bounds (day);

  kiosk_test_input_tap (fixture->input, next);
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_TIME);
  g_assert_nonnull (kiosk_appointment_flow_get_error (flow));
  g_assert_true (shows (fixture, kiosk_appointment_flow_get_error (flow)));
  assert_not_moved (next, &next_before, "the message coming");
  assert_not_moved (day, &day_before, "the message coming");

  kiosk_test_input_tap (fixture->input, day);
  g_assert_null (kiosk_appointment_flow_get_error (flow));
  assert_not_moved (next, &next_before, "the message going");
  assert_not_moved (day, &day_before, "the message going");
  kiosk_test_input_tap (fixture->input, next);
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_DETAILS);
}

/* A word typed on the keys that finds nothing: "No places were found" and its advice
 * come in the results' place, and go with the next key; the keys, Clear and the search
 * box stay under the finger. */
static void
test_directory_message_moves_nothing (Fixture *fixture, gconstpointer data)
{
  KioskDirectoryPage *directory = kiosk_window_get_directory_page (fixture->window);
  const char         *advice = _ ("Check the spelling or try a shorter word. You can also "
                                          "clear the search and the choices.");
  GtkWidget          *entry, *keys[4];
  graphene_rect_t     before[G_N_ELEMENTS (keys)];

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Testikirjasto"), 5000);
  entry = kiosk_test_find_type (GTK_WIDGET (directory), GTK_TYPE_ENTRY);
  kiosk_test_input_tap (fixture->input, entry);
  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "testi");
  nv_test_wait_until (NULL, kiosk_directory_page_get_settled (directory), 5000);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), >, 0);
  keys[0] = kiosk_test_find_action (fixture->root, "keyboard.press", "q");
  keys[1] = kiosk_test_find_action (fixture->root, "keyboard.press", "hide");
  keys[2] = kiosk_test_find_action (fixture->root, "directory.clear", NULL);
  keys[3] = entry;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_assert_nonnull (keys[i]);
      before[i] = kiosk_test_input_laid_out_bounds (keys[i]);
    }

  kiosk_test_input_type_on_keys (fixture->input, fixture->root, "q");
  nv_test_wait_until (NULL, kiosk_directory_page_get_settled (directory), 5000);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), ==, 0);
  nv_test_wait_until (NULL, shows (fixture, advice), 5000);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    assert_not_moved (keys[i], &before[i], "\"No places were found\" coming");

  kiosk_test_input_key (fixture->input, GDK_KEY_BackSpace);
  nv_test_wait_until (NULL, kiosk_directory_page_get_settled (directory), 5000);
  nv_test_wait_until (NULL, !shows (fixture, advice), 5000);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    assert_not_moved (keys[i], &before[i], "\"No places were found\" going");
}

/* Nothing touched: the warning; Continue goes on; nothing touched again: home, as the
 * next resident should find it. */
static void
test_idle_reset (Fixture *fixture, gconstpointer data)
{
  KioskVisit *visit = kiosk_window_get_visit (fixture->window);

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  /* From the next touch on: time enough for a tap on Continue on a loaded machine,
   * little enough for a test. */
  kiosk_window_set_idle_timeouts (fixture->window, 300, 3000);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.text-larger", NULL);
  g_assert_cmpuint (kiosk_visit_get_text_size (visit), ==, 1);
  g_assert_true (on_screen (fixture, "categories"));

  nv_test_wait_until (NULL, kiosk_visit_get_idle_warning (visit), 5000);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.continue", NULL);
  g_assert_false (kiosk_visit_get_idle_warning (visit));
  g_assert_true (on_screen (fixture, "categories"));
  g_assert_cmpuint (kiosk_visit_get_text_size (visit), ==, 1);

  nv_test_wait_until (NULL, kiosk_visit_get_idle_warning (visit), 5000);
  nv_test_wait_until (NULL, on_screen (fixture, "home"), 5000);
  g_assert_false (kiosk_visit_get_idle_warning (visit));
  g_assert_null (kiosk_visit_get_session_id (visit));
  g_assert_cmpuint (kiosk_visit_get_text_size (visit), ==, 0);
  g_assert_false (kiosk_visit_get_high_contrast (visit));
  g_assert_true (shows (fixture, "Tervetuloa · Välkommen · Welcome"));
}

int
main (int argc, char **argv)
{
  /* XTest speaks to an X server; the other kiosk tests may use any backend. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/kiosk-touch/tap-lands-once-and-not-under", test_tap_lands_once_and_not_under);
  g_test_add ("/kiosk-touch/guide-to-feedback", Fixture, NULL, fixture_setup,
              test_guide_to_feedback, fixture_teardown);
  g_test_add ("/kiosk-touch/plain-finnish-guide", Fixture, NULL, fixture_setup_plain,
              test_plain_finnish_guide, fixture_teardown);
  g_test_add ("/kiosk-touch/directory-search-on-keys", Fixture, NULL, fixture_setup,
              test_directory_search_on_keys, fixture_teardown);
  g_test_add ("/kiosk-touch/appointment-times-message-moves-nothing", Fixture, NULL, fixture_setup,
              test_appointment_times_message_moves_nothing, fixture_teardown);
  g_test_add ("/kiosk-touch/directory-message-moves-nothing", Fixture, NULL, fixture_setup,
              test_directory_message_moves_nothing, fixture_teardown);
  g_test_add ("/kiosk-touch/directory-finds-word-forms", Fixture, NULL, fixture_setup_oulu,
              test_directory_finds_word_forms, fixture_teardown);
  g_test_add ("/kiosk-touch/appointment-request", Fixture, NULL, fixture_setup,
              test_appointment_request, fixture_teardown);
  g_test_add ("/kiosk-touch/idle-reset", Fixture, NULL, fixture_setup, test_idle_reset,
              fixture_teardown);
  return g_test_run ();
}

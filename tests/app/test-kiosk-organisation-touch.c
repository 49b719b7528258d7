/* test-kiosk-organisation-touch.c — a place's page is no dead end, driven by real taps
 *
 * The resident taps through the X server (XTest, kiosk-test-input.h), as in
 * test-kiosk-touch.c: "This information is wrong", one choice, the thanks, and the
 * anonymous report waiting in the outbox; Ask for an appointment opens the request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiosk-test-input.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-util.h"

typedef KioskTouchFixture Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  kiosk_touch_fixture_show (fixture);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  kiosk_touch_fixture_teardown (fixture, data);
}

static gboolean
shows (Fixture *fixture, const char *text)
{
  return kiosk_test_find_label (fixture->root, text) != NULL;
}

/* The events of @type waiting in the outbox, as their JSON documents. */
static GPtrArray *
outbox_events (KioskStore *store, const char *type)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = kiosk_store_events_peek (store, 1000, &ids);
  g_autofree char *needle = g_strdup_printf ("\"type\":\"%s\"", type);
  GPtrArray       *found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < documents->len; i++)
    if (strstr (g_ptr_array_index (documents, i), needle) != NULL)
      g_ptr_array_add (found, g_strdup (g_ptr_array_index (documents, i)));
  return found;
}

static double
font_size_of (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);

  return pango_font_description_get_size (pango_context_get_font_description (context))
         / (double) PANGO_SCALE;
}

/* A free slot two days ahead at @organisation, published as a content delta. */
static void
publish_slot (Fixture *fixture, const char *id, const char *organisation)
{
  g_autoptr (NvContent) delta = nv_content_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  NvSlot *slot = nv_slot_new ();

  slot->id = g_strdup (id);
  slot->organisation = g_strdup (organisation);
  slot->kind = g_strdup ("digital-support");
  slot->starts_at = g_date_time_add_days (now, 2);
  slot->duration_minutes = 30;
  slot->capacity = 1;
  g_ptr_array_add (delta->slots, slot);
  delta->since = kiosk_store_get_revision (fixture->store);
  delta->revision = delta->since + 1;
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);
}

static void
open_place (Fixture *fixture, const char *id)
{
  g_assert_true (gtk_widget_activate_action (fixture->root, "win.open-organisation", "s", id));
  nv_test_wait_until (
      NULL, g_strcmp0 (kiosk_window_get_screen (fixture->window), "organisation") == 0, 5000);
}

/* One tap, one choice, thanks; the report is an event in the outbox, naming the place
 * and the choice and nothing else. */
static void
test_report_wrong_information (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) reports = NULL;
  const char *thanks = _ ("Thank you. The library staff will check this information.");

  open_place (fixture, "test-library");
  g_assert_false (shows (fixture, _ ("What is wrong?")));
  kiosk_test_input_tap_label (fixture->input, fixture->root, _ ("This information is wrong"));
  nv_test_wait_until (NULL, shows (fixture, _ ("What is wrong?")), 5000);
  g_assert_false (shows (fixture, thanks));
  reports = outbox_events (fixture->store, "info_reported");
  g_assert_cmpuint (reports->len, ==, 0);
  g_clear_pointer (&reports, g_ptr_array_unref);

  kiosk_test_input_tap_label (fixture->input, fixture->root, _ ("Phone number"));
  nv_test_wait_until (NULL, shows (fixture, thanks), 5000);
  g_assert_false (shows (fixture, _ ("What is wrong?")));
  g_assert_false (shows (fixture, _ ("This information is wrong")));
  reports = outbox_events (fixture->store, "info_reported");
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (reports, 0), "\"subject\":\"test-library\""));
  g_assert_nonnull (strstr (g_ptr_array_index (reports, 0), "\"detail\":\"phone\""));

  /* A language switch keeps the thanks; the place opened afresh can be reported again. */
  g_assert_true (gtk_widget_activate_action (fixture->root, "win.language", "s", "fi"));
  g_assert_true (shows (fixture, thanks));
  open_place (fixture, "test-association");
  g_assert_false (shows (fixture, thanks));
  g_assert_true (shows (fixture, _ ("This information is wrong")));
}

/* The phone number is the page's largest type after the name; hours not known are
 * said in body type; Ask for an appointment opens the request with that place's times. */
static void
test_next_steps (Fixture *fixture, gconstpointer data)
{
  GtkWidget *phone;
  GtkWidget *address;
  GtkWidget *unknown;
  GtkWidget *heading;
  GtkWidget *flow = GTK_WIDGET (kiosk_window_get_appointment_flow (fixture->window));

  publish_slot (fixture, "slot-at-library", "test-library");
  publish_slot (fixture, "slot-at-association", "test-association");
  open_place (fixture, "test-library");
  phone = kiosk_test_find_label (fixture->root, "+358 8 000 0000");
  address = kiosk_test_find_label (fixture->root, "Kaarlenväylä 3\n90100 Oulu");
  g_assert_nonnull (phone);
  g_assert_nonnull (address);
  g_assert_cmpfloat (font_size_of (phone), >=, 1.5 * font_size_of (address));

  open_place (fixture, "test-association");
  unknown = kiosk_test_find_label (fixture->root, _ ("Opening hours not known"));
  heading = kiosk_test_find_label (fixture->root, _ ("Opening hours"));
  g_assert_nonnull (unknown);
  g_assert_nonnull (heading);
  /* The style follows its classes when the next frame is laid out. */
  nv_test_wait_until (NULL, font_size_of (unknown) < font_size_of (heading), 5000);
  g_assert_cmpfloat (font_size_of (unknown), ==, font_size_of (address));

  /* The page's own button: the home tile says the same and may still be fading out. */
  kiosk_test_input_tap_label (fixture->input,
                              GTK_WIDGET (kiosk_window_get_organisation_page (fixture->window)),
                              _ ("Ask for an appointment"));
  nv_test_wait_until (
      NULL, g_strcmp0 (kiosk_window_get_screen (fixture->window), "appointment") == 0, 5000);
  g_assert_true (gtk_widget_activate_action (flow, "appointment.reason", "s", "device"));
  g_assert_true (gtk_widget_activate_action (flow, "appointment.contact", "s", "meeting"));
  nv_test_wait_until (
      NULL, kiosk_test_find_action (flow, "appointment.slot", "slot-at-association") != NULL, 5000);
  g_assert_null (kiosk_test_find_action (flow, "appointment.slot", "slot-at-library"));

  /* From the home tile, every place's times. */
  g_assert_true (gtk_widget_activate_action (fixture->root, "win.show-appointment", NULL));
  g_assert_true (gtk_widget_activate_action (flow, "appointment.reason", "s", "device"));
  g_assert_true (gtk_widget_activate_action (flow, "appointment.contact", "s", "meeting"));
  nv_test_wait_until (
      NULL, kiosk_test_find_action (flow, "appointment.slot", "slot-at-library") != NULL, 5000);
  g_assert_nonnull (kiosk_test_find_action (flow, "appointment.slot", "slot-at-association"));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-organisation-touch/report-wrong-information", test_report_wrong_information);
  ADD ("/kiosk-organisation-touch/next-steps", test_next_steps);
#undef ADD
  return g_test_run ();
}

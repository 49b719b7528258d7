/* test-kiosk-appointment-flow.c — the flow on its own: what it shows of its request and
 * the language it can be bound to. The whole flow, through the window, is in
 * test-kiosk-window.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-appointment-flow-private.h"
#include "kiosk-choice-button.h"
#include "nv-test-util.h"

static void
count_cb (guint *count)
{
  (*count)++;
}

/* The answer button of @action with the string @target, or NULL. */
static KioskChoiceButton *
find_choice (GtkWidget *widget, const char *action, const char *target)
{
  GVariant *value;

  if (KIOSK_IS_CHOICE_BUTTON (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0
      && (value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget))) != NULL
      && g_str_equal (g_variant_get_string (value, NULL), target))
    return KIOSK_CHOICE_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KioskChoiceButton *found = find_choice (child, action, target);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "language" is the setter, for binding; notified on a change only. */
static void
test_language_property (void)
{
  GtkWidget *flow = g_object_ref_sink (kiosk_appointment_flow_new ());
  guint      notified = 0;
  int        language = -1;

  g_assert_cmpint (kiosk_screen_get_language (KIOSK_SCREEN (flow)), ==, NV_LANG_DEFAULT);
  g_signal_connect_swapped (flow, "notify::language", G_CALLBACK (count_cb), &notified);
  g_object_set (flow, "language", NV_LANG_SV, NULL);
  g_object_set (flow, "language", NV_LANG_SV, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (flow, "language", &language, NULL);
  g_assert_cmpint (language, ==, NV_LANG_SV);
  kiosk_screen_set_language (KIOSK_SCREEN (flow), NV_LANG_EN);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_finalize_object (flow);
}

/* Every answer is a choice button; the ones in the request are marked chosen. */
static void
test_answers_marked (void)
{
  GtkWidget         *flow = g_object_ref_sink (kiosk_appointment_flow_new ());
  KioskChoiceButton *device = find_choice (flow, "appointment.reason", "device");
  KioskChoiceButton *other = find_choice (flow, "appointment.reason", "other");
  KioskChoiceButton *monday = find_choice (flow, "appointment.day", "mon");

  g_assert_nonnull (device);
  g_assert_nonnull (other);
  g_assert_nonnull (monday);
  g_assert_nonnull (find_choice (flow, "appointment.contact", "home-visit"));
  g_assert_nonnull (find_choice (flow, "appointment.time-of-day", "any"));
  g_assert_cmpstr (kiosk_choice_button_get_label (device), ==, "Using a phone, tablet or computer");
  g_assert_cmpstr (kiosk_choice_button_get_label (monday), ==, "Monday");
  g_assert_false (kiosk_choice_button_get_chosen (device));

  g_assert_true (gtk_widget_activate_action (flow, "appointment.reason", "s", "device"));
  g_assert_cmpint (kiosk_appointment_flow_get_step (KIOSK_APPOINTMENT_FLOW (flow)), ==,
                   KIOSK_APPOINTMENT_CONTACT);
  g_assert_true (kiosk_choice_button_get_chosen (device));
  g_assert_false (kiosk_choice_button_get_chosen (other));
  g_assert_finalize_object (flow);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/kiosk-appointment-flow/language-property", test_language_property);
  g_test_add_func ("/kiosk-appointment-flow/answers-marked", test_answers_marked);
  return g_test_run ();
}

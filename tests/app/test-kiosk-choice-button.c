/* test-kiosk-choice-button.c — the answer button of the flow and the directory filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-choice-button.h"
#include "nv-test-util.h"

/* The button's content: [mark] label, in a box. */
static GtkWidget *
content_of (GtkWidget *button)
{
  return gtk_button_get_child (GTK_BUTTON (button));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* Chosen: the "chosen" style, a check mark beside the words and the pressed state, so
 * that neither colour alone nor the eyes alone tell it. */
static void
test_toggle (void)
{
  GtkWidget *button = g_object_ref_sink (kiosk_choice_button_new ("Mornings, 8–12", TRUE));
  GtkWidget *mark = gtk_widget_get_first_child (content_of (button));
  GtkWidget *label = gtk_widget_get_last_child (content_of (button));
  guint      notified = 0;

  g_assert_true (GTK_IS_IMAGE (mark));
  g_assert_true (kiosk_choice_button_get_toggle (KIOSK_CHOICE_BUTTON (button)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Mornings, 8–12");
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
  g_assert_true (gtk_widget_has_css_class (button, "choice"));
  g_assert_false (kiosk_choice_button_get_chosen (KIOSK_CHOICE_BUTTON (button)));
  g_assert_false (gtk_widget_get_visible (mark));
  g_assert_false (gtk_widget_has_css_class (button, "chosen"));
  gtk_test_accessible_assert_state (button, GTK_ACCESSIBLE_STATE_PRESSED,
                                    GTK_ACCESSIBLE_TRISTATE_FALSE);
  gtk_test_accessible_assert_relation (button, GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL);

  g_signal_connect_swapped (button, "notify::chosen", G_CALLBACK (count_cb), &notified);
  kiosk_choice_button_set_chosen (KIOSK_CHOICE_BUTTON (button), TRUE);
  kiosk_choice_button_set_chosen (KIOSK_CHOICE_BUTTON (button), TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (gtk_widget_get_visible (mark));
  g_assert_true (gtk_widget_has_css_class (button, "chosen"));
  gtk_test_accessible_assert_state (button, GTK_ACCESSIBLE_STATE_PRESSED,
                                    GTK_ACCESSIBLE_TRISTATE_TRUE);

  g_object_set (button, "chosen", FALSE, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_false (gtk_widget_get_visible (mark));
  g_assert_false (gtk_widget_has_css_class (button, "chosen"));
  g_assert_finalize_object (button);
}

/* An answer that leads on has no mark; its words are plain text and may be centred. */
static void
test_plain (void)
{
  GtkWidget *button = g_object_ref_sink (kiosk_choice_button_new (NULL, FALSE));
  GtkWidget *label = gtk_widget_get_last_child (content_of (button));
  guint      notified = 0;

  /* The label alone. */
  g_assert_true (gtk_widget_get_first_child (content_of (button)) == label);
  g_assert_cmpstr (kiosk_choice_button_get_label (KIOSK_CHOICE_BUTTON (button)), ==, "");
  g_signal_connect_swapped (button, "notify::label", G_CALLBACK (count_cb), &notified);
  kiosk_choice_button_set_label (KIOSK_CHOICE_BUTTON (button), "<b>Tuesday</b>");
  kiosk_choice_button_set_label (KIOSK_CHOICE_BUTTON (button), "<b>Tuesday</b>");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "<b>Tuesday</b>");

  g_assert_cmpfloat (kiosk_choice_button_get_xalign (KIOSK_CHOICE_BUTTON (button)), ==, 0);
  g_assert_cmpint (gtk_label_get_justify (GTK_LABEL (label)), ==, GTK_JUSTIFY_LEFT);
  kiosk_choice_button_set_xalign (KIOSK_CHOICE_BUTTON (button), 0.5);
  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (label)), ==, 0.5);
  g_assert_cmpint (gtk_label_get_justify (GTK_LABEL (label)), ==, GTK_JUSTIFY_CENTER);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (content_of (button))), ==,
                   GTK_ORIENTATION_VERTICAL);
  g_assert_finalize_object (button);
}

static void
test_action (void)
{
  GtkWidget *button = g_object_ref_sink (
      kiosk_choice_button_new_for_action ("Raahe", TRUE, "directory.municipality", "678"));
  GtkWidget *none
      = g_object_ref_sink (kiosk_choice_button_new_for_action ("None", FALSE, "a.b", NULL));

  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "directory.municipality");
  g_assert_cmpstr (
      g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL),
      ==, "678");
  g_assert_null (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (none)));
  g_assert_finalize_object (button);
  g_assert_finalize_object (none);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk-choice-button/toggle", test_toggle);
  g_test_add_func ("/kiosk-choice-button/plain", test_plain);
  g_test_add_func ("/kiosk-choice-button/action", test_action);
  return g_test_run ();
}

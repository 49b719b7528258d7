/* test-kiosk-language.c — switching fi/sv/en in the middle of a visit, with the real
 * translations from the build tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libintl.h>

#include "kiosk-choice-button.h"
#include "kiosk-home-page.h"
#include "kiosk-language.h"
#include "kiosk-language-chooser.h"
#include "kiosk-retranslate.h"
#include "kiosk-window-private.h"
#include "kiosk-test-store.h"
#include "kiosk-test-widgets.h"
#include "nv-test-util.h"

typedef struct
{
  char        *dir;
  KioskStore  *store;
  KioskWindow *window;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);

  fixture->window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  gtk_window_present (GTK_WINDOW (fixture->window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), 5000);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static void
activate (Fixture *fixture, const char *action, const char *target)
{
  GtkWidget *widget = g_str_has_prefix (action, "guide.")
                          ? GTK_WIDGET (kiosk_window_get_guide_page (fixture->window))
                          : GTK_WIDGET (fixture->window);

  g_assert_true (target != NULL ? gtk_widget_activate_action (widget, action, "s", target)
                                : gtk_widget_activate_action (widget, action, NULL));
}

static gboolean
shows (Fixture *fixture, const char *text)
{
  return kiosk_test_shows_label (GTK_WIDGET (fixture->window), text);
}

static gboolean
outbox_has (KioskStore *store, const char *type, const char *subject, const char *detail)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = kiosk_store_events_peek (store, 1000, &ids);

  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr (JsonNode) node = json_from_string (g_ptr_array_index (documents, i), NULL);
      g_autoptr (NvEvent) event = nv_event_from_json (node, NULL);

      if (event != NULL && g_str_equal (nv_event_type_to_string (event->type), type)
          && g_strcmp0 (event->subject, subject) == 0 && g_strcmp0 (event->detail, detail) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Every translatable text of the templates can be reached again. */
static void
test_every_text_retranslatable (void)
{
  static const char *const pages[] = { "home", "categories", "guide-list" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fi/neuvokas/Kiosk/kiosk-%s-page.ui", pages[i]);

      g_assert_cmpuint (kiosk_retranslate_count_unreachable (path), ==, 0);
    }
  g_assert_cmpuint (kiosk_retranslate_count_unreachable ("/fi/neuvokas/Kiosk/kiosk-window.ui"), ==,
                    0);
  g_assert_cmpuint (kiosk_retranslate_count_unreachable ("/fi/neuvokas/Kiosk/kiosk-guide-page.ui"),
                    ==, 0);
  g_assert_cmpuint (
      kiosk_retranslate_count_unreachable ("/fi/neuvokas/Kiosk/kiosk-organisation-page.ui"), ==, 0);
  g_assert_cmpuint (
      kiosk_retranslate_count_unreachable ("/fi/neuvokas/Kiosk/kiosk-directory-page.ui"), ==, 0);
  g_assert_cmpuint (
      kiosk_retranslate_count_unreachable ("/fi/neuvokas/Kiosk/kiosk-appointment-flow.ui"), ==, 0);
  g_assert_cmpuint (kiosk_retranslate_count_unreachable ("/fi/neuvokas/Kiosk/kiosk-survey.ui"), ==,
                    0);
}

static void
test_home_in_three_languages (Fixture *fixture, gconstpointer data)
{
  nv_test_wait_until (NULL, shows (fixture, "Ohjeet"), 5000);
  g_assert_true (shows (fixture, "Alkuun"));
  /* The tile asks; it never promises a booking (the advisor agrees the time). */
  g_assert_true (shows (fixture, "Pyydä aika neuvojalle"));
  activate (fixture, "win.language", "sv");
  g_assert_true (shows (fixture, "Guider"));
  g_assert_true (shows (fixture, "Början"));
  g_assert_true (shows (fixture, "Be om en tid hos en rådgivare"));
  g_assert_false (shows (fixture, "Ohjeet"));
  activate (fixture, "win.language", "en");
  g_assert_true (shows (fixture, "Guides"));
  g_assert_true (shows (fixture, "Home"));
  g_assert_true (shows (fixture, "Ask for an appointment"));
  g_assert_true (outbox_has (fixture->store, "setting_changed", "language", "sv"));
  g_assert_true (outbox_has (fixture->store, "setting_changed", "language", "en"));
}

/* Plain Finnish: the home screen's words in plain Finnish, the rest of the interface in
 * Finnish, and the choice recorded under its own code. */
static void
test_home_in_plain_finnish (Fixture *fixture, gconstpointer data)
{
  nv_test_wait_until (NULL, shows (fixture, "Ohjeet"), 5000);
  g_assert_true (shows (fixture, "Palvelut ja järjestöt"));
  activate (fixture, "win.language", "fi-x-selko");
  g_assert_true (shows (fixture, "Paikat, joista saat apua"));
  g_assert_true (shows (fixture, "Pyydä aika neuvojalle"));
  g_assert_true (shows (fixture, "Paina nappia. Niin pääset alkuun."));
  g_assert_false (shows (fixture, "Palvelut ja järjestöt"));
  /* No plain words of its own: the Finnish ones, never the English source. */
  g_assert_true (shows (fixture, "Alkuun"));
  g_assert_true (shows (fixture, "Ohjeet"));
  g_assert_true (outbox_has (fixture->store, "setting_changed", "language", "fi-x-selko"));

  activate (fixture, "win.language", "fi");
  g_assert_true (shows (fixture, "Palvelut ja järjestöt"));
}

/* Mid-guide: the same guide, the same step, now in Swedish, interface and content. */
static void
test_switch_mid_guide (Fixture *fixture, gconstpointer data)
{
  activate (fixture, "win.show-guides", NULL);
  activate (fixture, "win.open-category", "safety");
  activate (fixture, "win.open-guide", "call-112");
  activate (fixture, "guide.next", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Vastaa kysymyksiin."), 5000);
  g_assert_true (shows (fixture, "Vaihe 2/3"));

  activate (fixture, "win.language", "sv");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide");
  g_assert_true (shows (fixture, "Svara på frågorna."));
  g_assert_true (shows (fixture, "Steg 2 av 3"));
  g_assert_true (shows (fixture, "Nödnumret 112"));
  g_assert_false (shows (fixture, "Vastaa kysymyksiin."));

  /* Back still leads where it did, in the new language. */
  activate (fixture, "win.back", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide-list");
  g_assert_true (shows (fixture, "Nödnumret 112"));

  /* A guide without Swedish: Finnish text, and the notice in Swedish. */
  activate (fixture, "win.open-guide", "omaolo");
  nv_test_wait_until (NULL, shows (fixture, "Avaa omaolo.fi."), 5000);
  g_assert_true (shows (fixture, "Den här guiden finns ännu inte på ditt språk, så den visas "
                                 "på finska."));
}

/* An organisation's page follows too, and the next resident gets the default language. */
static void
test_switch_on_organisation_then_reset (Fixture *fixture, gconstpointer data)
{
  activate (fixture, "win.open-organisation", "test-association");
  nv_test_wait_until (NULL, shows (fixture, "Aukioloajat"), 5000);
  activate (fixture, "win.language", "en");
  g_assert_true (shows (fixture, "Opening hours"));
  g_assert_false (shows (fixture, "Aukioloajat"));

  /* The directory: its own texts and the kinds of places, in Swedish. */
  activate (fixture, "win.language", "sv");
  activate (fixture, "win.show-services", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Tjänster och organisationer"), 5000);
  g_assert_false (shows (fixture, "Services and organisations"));

  activate (fixture, "win.start-over", NULL);
  adw_message_dialog_response (
      ADW_MESSAGE_DIALOG (kiosk_window_get_start_over_question (fixture->window)), "yes");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "home");
  g_assert_true (shows (fixture, "Ohjeet"));
}

/* The text of the label @id of @widget's template (of @type). */
static const char *
template_text (gpointer widget, GType type, const char *id)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (widget, type, id)));
}

/* The label of the first weekday button of the appointment flow. */
static const char *
first_day (KioskAppointmentFlow *flow)
{
  GtkFlowBox *days = GTK_FLOW_BOX (
      gtk_widget_get_template_child (GTK_WIDGET (flow), KIOSK_TYPE_APPOINTMENT_FLOW, "days_box"));

  return kiosk_choice_button_get_label (KIOSK_CHOICE_BUTTON (
      gtk_flow_box_child_get_child (gtk_flow_box_get_child_at_index (days, 0))));
}

/* The directory and the appointment flow follow the visit's language like every screen,
 * out of sight too: their templates' texts and the texts they make in code. */
static void
test_directory_and_flow_follow_visit (Fixture *fixture, gconstpointer data)
{
  KioskVisit           *visit = kiosk_window_get_visit (fixture->window);
  KioskDirectoryPage   *directory = kiosk_window_get_directory_page (fixture->window);
  KioskAppointmentFlow *flow = kiosk_window_get_appointment_flow (fixture->window);
  const GType           dir_type = KIOSK_TYPE_DIRECTORY_PAGE;
  const GType           flow_type = KIOSK_TYPE_APPOINTMENT_FLOW;

  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "home");
  kiosk_visit_set_language (visit, NV_LANG_SV);
  g_assert_cmpint (kiosk_screen_get_language (KIOSK_SCREEN (directory)), ==, NV_LANG_SV);
  g_assert_cmpint (kiosk_screen_get_language (KIOSK_SCREEN (flow)), ==, NV_LANG_SV);
  /* The templates' texts, then what the screens make themselves. */
  g_assert_cmpstr (template_text (directory, dir_type, "title_label"), ==,
                   "Tjänster och organisationer");
  g_assert_cmpstr (template_text (directory, dir_type, "municipality_value"), ==, "Alla kommuner");
  g_assert_cmpstr (template_text (flow, flow_type, "tr-appt-your-phone"), ==, "Ditt telefonnummer");
  g_assert_cmpstr (template_text (flow, flow_type, "tr-appt-who-sees"), ==,
                   "Vem ser uppgifterna och varför");
  g_assert_cmpstr (template_text (flow, flow_type, "title"), ==, "Vad behöver du hjälp med?");
  g_assert_cmpstr (first_day (flow), ==, "Måndag");

  kiosk_visit_set_language (visit, NV_LANG_EN);
  g_assert_cmpstr (template_text (directory, dir_type, "title_label"), ==,
                   "Services and organisations");
  g_assert_cmpstr (template_text (directory, dir_type, "municipality_value"), ==,
                   "All municipalities");
  g_assert_cmpstr (template_text (flow, flow_type, "tr-appt-your-phone"), ==, "Your phone number");
  g_assert_cmpstr (template_text (flow, flow_type, "tr-appt-who-sees"), ==,
                   "Who sees this and why");
  g_assert_cmpstr (template_text (flow, flow_type, "title"), ==, "What do you need help with?");
  g_assert_cmpstr (first_day (flow), ==, "Monday");
}

static gboolean
is_marked (GtkWidget *chooser, const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (chooser); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_button_get_label (GTK_BUTTON (child)), name))
      return gtk_widget_has_css_class (child, "current-language");
  g_assert_not_reached ();
}

/* A screen bound to a visit translates itself, without a window telling it. */
static void
test_screen_follows_visit (Fixture *fixture, gconstpointer data)
{
  KioskVisit *visit = kiosk_window_get_visit (fixture->window);
  GtkWidget  *home = g_object_ref_sink (kiosk_home_page_new ());
  GtkLabel   *touch
      = GTK_LABEL (gtk_widget_get_template_child (home, KIOSK_TYPE_HOME_PAGE, "tr-touch-a-button"));
  GtkWidget *chooser
      = GTK_WIDGET (gtk_widget_get_template_child (home, KIOSK_TYPE_HOME_PAGE, "language_chooser"));

  g_object_bind_property (visit, "language", home, "language", G_BINDING_SYNC_CREATE);
  g_assert_cmpstr (gtk_label_get_text (touch), ==, "Aloita koskettamalla painiketta.");
  g_assert_true (is_marked (chooser, "Suomi"));
  kiosk_visit_set_language (visit, NV_LANG_SV);
  g_assert_cmpint (kiosk_screen_get_language (KIOSK_SCREEN (home)), ==, NV_LANG_SV);
  g_assert_cmpstr (gtk_label_get_text (touch), ==, "Börja genom att trycka på en knapp.");
  g_assert_true (is_marked (chooser, "Svenska"));
  g_assert_false (is_marked (chooser, "Suomi"));

  /* The end of the visit brings the default back to every bound screen. */
  kiosk_visit_end (visit, "start-over");
  g_assert_cmpstr (gtk_label_get_text (touch), ==, "Aloita koskettamalla painiketta.");
  g_assert_finalize_object (home);
}

int
main (int argc, char **argv)
{
  /* The translations built from po/, as an uninstalled kiosk uses them. */
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/kiosk-language/every-text-retranslatable", test_every_text_retranslatable);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-language/home-in-three-languages", test_home_in_three_languages);
  ADD ("/kiosk-language/switch-mid-guide", test_switch_mid_guide);
  ADD ("/kiosk-language/home-in-plain-finnish", test_home_in_plain_finnish);
  ADD ("/kiosk-language/switch-on-organisation-then-reset", test_switch_on_organisation_then_reset);
  ADD ("/kiosk-language/screen-follows-visit", test_screen_follows_visit);
  ADD ("/kiosk-language/directory-and-flow-follow-visit", test_directory_and_flow_follow_visit);
#undef ADD
  return g_test_run ();
}

/* kiosk-tour.c — renders every kiosk screen to PNG files
 *
 *   kiosk-tour --content DIR --out DIR --lang fi|sv|en|fi-x-selko [--width W --height H]
 *
 * Drives the real window through its actions, as the tests do, and saves each
 * screen once it has been drawn. Used by build-aux/screenshot-tour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-appointment-flow-private.h"
#include "kiosk-home-page.h"
#include "kiosk-language.h"
#include "kiosk-screenshot.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-util.h"

typedef struct
{
  const char *name;
  const char *action;
  const char *target;
} Stop;

/* The tour: each stop is an action and the file the screen after it is saved to. */
static const Stop stops[] = {
  { "01-home", NULL, NULL },
  { "02-categories", "win.show-guides", NULL },
  { "03-guide-list", "win.open-category", "health" },
  { "04-guide-step-1", "win.open-guide", "116117-or-112" },
  { "05-guide-step-2", "guide.next", NULL },
  /* guide.last: guide.next until the end, where "Did this help?" is asked */
  { "05-guide-last-step", "guide.last", NULL },
  /* Finish on the last step: home, with the feedback questions under it. */
  { "05a-feedback-found", "guide.finish", NULL },
  { "05b-feedback-score", "survey.answer", "found:yes" },
  { "05c-feedback-statement", "survey.answer", "score:8" },
  { "06-directory", "win.show-services", NULL },
  { "06a-directory-municipalities", "directory.choose-municipality", NULL },
  { "06b-directory-filtered", "directory.municipality", "564" },
  { "06ba-directory-access-needs", "directory.choose-access", NULL },
  { "06bb-directory-wheelchair", "directory.access-profile", "wheelchair" },
  { "06c-directory-keyboard", "directory.show-keyboard", NULL },
  { "06d-directory-search", "directory.search", "kirjasto" },
  { "06e-directory-nothing-found", "directory.search", "xyzzy" },
  { "07-organisation", "win.open-organisation", "oulu-main-library" },
  { "08-appointment-reason", "win.show-appointment", NULL },
  { "08a-appointment-contact", "appointment.reason", "device" },
  { "08b-appointment-slots", "appointment.contact", "meeting" },
  { "08c-appointment-preferred", "appointment.no-slot-fits", NULL },
  /* Continue with no day: the message in the room kept for it. */
  { "08ca-appointment-preferred-error", "appointment.times-done", NULL },
  { "08d-appointment-day-chosen", "appointment.day", "tue" },
  { "08e-appointment-details", "appointment.times-done", NULL },
  /* appointment.phone: the phone field touched, with its number pad */
  { "08ea-appointment-phone", "appointment.phone", NULL },
  { "08f-appointment-details-error", "appointment.details-done", NULL },
  /* appointment.fill: a name and a number typed, then Continue */
  { "08g-appointment-privacy", "appointment.fill", NULL },
  { "08h-appointment-receipt", "appointment.confirm", NULL },
  { "10-help", "win.help", NULL },
  /* No server in the tour: the call cannot be made, and the call-back is offered. */
  { "10a-help-offline", "help.call-staff", NULL },
  { "90-staff-status", "win.show-status", NULL },
};

static void
painted_cb (GdkFrameClock *clock, guint *frames)
{
  (*frames)++;
}

/* A few frames drawn: what a change scheduled on the frame clock (a scroll into view)
 * has done by then is in the picture. */
static void
wait_frames (GtkWidget *widget, guint n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint          frames = 0;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &frames);

  for (guint i = 0; i < n; i++)
    {
      guint before = frames;

      gtk_widget_queue_draw (widget);
      nv_test_wait_until (NULL, frames > before, 10000);
    }
  g_signal_handler_disconnect (clock, handler);
}

static gboolean failed;

/* The picture is exactly the screen asked for: a smaller one hid a frame around it. */
static void
check_size (const char *path, int width, int height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

  if (texture == NULL)
    g_error ("%s", error->message);
  if (gdk_texture_get_width (texture) != width || gdk_texture_get_height (texture) != height)
    {
      g_printerr ("kiosk-tour: %s is %d×%d, not %d×%d\n", path, gdk_texture_get_width (texture),
                  gdk_texture_get_height (texture), width, height);
      failed = TRUE;
    }
}

/* Every home tile wholly on the screen: one below the fold is one nobody finds. */
static void
check_tiles (KioskWindow *window, int width, int height)
{
  static const char *const names[] = { "guides_tile", "services_tile", "appointment_tile" };
  GtkWidget               *home = gtk_stack_get_child_by_name (
                    GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), KIOSK_TYPE_WINDOW, "stack")),
                    "home");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *tile
          = GTK_WIDGET (gtk_widget_get_template_child (home, KIOSK_TYPE_HOME_PAGE, names[i]));
      graphene_rect_t bounds;

      if (!gtk_widget_compute_bounds (tile, GTK_WIDGET (window), &bounds) || bounds.origin.x < 0
          || bounds.origin.y < 0 || bounds.origin.x + bounds.size.width > width
          || bounds.origin.y + bounds.size.height > height)
        {
          g_printerr ("kiosk-tour: the home tile %s is not all on the %d×%d screen\n", names[i],
                      width, height);
          failed = TRUE;
        }
    }
}

static void
shot_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_screenshot_save_finish (result, &error))
    g_error ("%s", error->message);
  *done = TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *content_dir = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *lang_code = NULL;
  g_autofree char *municipality = NULL;
  int              width = 1920, height = 1080, text_size = 0, call_days = 0;
  gboolean         contrast = FALSE;
  GOptionEntry     entries[]
      = { { "content", 0, 0, G_OPTION_ARG_FILENAME, &content_dir, "Content directory", "DIR" },
          { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, "Where to write the PNG files", "DIR" },
          { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_code,
            "fi, sv, en or fi-x-selko (plain Finnish)", "LANG" },
          { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "PX" },
          { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "PX" },
          { "text-size", 0, 0, G_OPTION_ARG_INT, &text_size, "Text size step, 0 to 2", "N" },
          { "contrast", 0, 0, G_OPTION_ARG_NONE, &contrast, "High contrast", NULL },
          { "municipality", 0, 0, G_OPTION_ARG_STRING, &municipality,
            "The kiosk's own municipality (a code)", "CODE" },
          { "call-days", 0, 0, G_OPTION_ARG_INT, &call_days,
            "Working days within which an advisor calls (the receipt says it)", "N" },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("- render every kiosk screen");
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *store_dir = NULL;
  KioskWindow     *window;
  NvLang           lang = NV_LANG_FI;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || content_dir == NULL
      || out_dir == NULL)
    {
      g_printerr ("kiosk-tour: %s\n", error ? error->message : "--content and --out are needed");
      return 2;
    }
  if (lang_code != NULL && !nv_lang_from_code (lang_code, &lang))
    {
      g_printerr ("kiosk-tour: unknown language %s\n", lang_code);
      return 2;
    }

  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  kiosk_language_apply (lang);
  gtk_init ();
  adw_init ();
  /* Capture each screen as it settles, not halfway through a crossfade. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  store_dir = nv_test_make_tmpdir ();
  store = kiosk_store_open (store_dir, &error);
  if (store != NULL && (content = nv_content_load_dir (content_dir, &error)) != NULL)
    content->revision = 1; /* a revision the slots below can follow as a delta */
  if (store == NULL || content == NULL || !kiosk_store_apply_content (store, content, &error))
    {
      g_printerr ("kiosk-tour: %s\n", error->message);
      return 1;
    }
  kiosk_test_store_keep_pictures (store, content_dir); /* the guides' pictures, as synced */
  kiosk_store_set_home_municipality (store, municipality);

  /* Free times an advisor has published, two days from now. */
  {
    g_autoptr (NvContent) slots = nv_content_new ();
    g_autoptr (GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
    g_autoptr (GDateTime) now = g_date_time_new_now (helsinki);
    g_autoptr (GDateTime) day = g_date_time_add_days (now, 2);
    static const int starts[][2] = { { 10, 0 }, { 10, 30 }, { 13, 0 } };

    for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
      {
        NvSlot *slot = nv_slot_new ();

        slot->id = g_strdup_printf ("tour-slot-%u", i);
        slot->organisation = g_strdup ("oulu-main-library");
        slot->kind = g_strdup ("digital-support");
        slot->starts_at
            = g_date_time_new (helsinki, g_date_time_get_year (day), g_date_time_get_month (day),
                               g_date_time_get_day_of_month (day), starts[i][0], starts[i][1], 0);
        slot->duration_minutes = 30;
        slot->capacity = 1;
        g_ptr_array_add (slots->slots, slot);
      }
    slots->since = kiosk_store_get_revision (store);
    slots->revision = slots->since + 1;
    if (!kiosk_store_apply_content (store, slots, &error))
      {
        g_printerr ("kiosk-tour: %s\n", error->message);
        return 1;
      }
  }

  g_mkdir_with_parents (out_dir, 0755);
  window = kiosk_window_new (NULL, store, lang);
  kiosk_window_set_call_days (window, (guint) MAX (call_days, 0));
  /* As a deployment with a public web address shows them. */
  kiosk_window_set_qr_base_url (window, "https://neuvokas.example.fi/");
  /* …and with speech-dispatcher installed: the Read aloud button shows. */
  {
    g_autoptr (KioskSpeech) speech = kiosk_speech_new_silent ();

    kiosk_window_set_speech (window, speech);
  }
  /* …and locked in its session: the status page offers to close it with the PIN. */
  kiosk_window_set_locked (window, TRUE, store_dir);
  kiosk_window_set_feedback (window, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < text_size; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  if (contrast)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.contrast", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (stops); i++)
    {
      g_autofree char *file
          = g_strdup_printf ("%s-%s%s%s.png", stops[i].name, nv_lang_to_code (lang),
                             text_size ? "-large" : "", contrast ? "-contrast" : "");
      g_autofree char *path = g_build_filename (out_dir, file, NULL);
      GtkWidget       *target = GTK_WIDGET (window);
      gboolean         done = FALSE;

      if (stops[i].action != NULL)
        {
          if (g_str_has_prefix (stops[i].action, "guide."))
            target = GTK_WIDGET (kiosk_window_get_guide_page (window));
          else if (g_str_has_prefix (stops[i].action, "directory."))
            target = GTK_WIDGET (kiosk_window_get_directory_page (window));
          else if (g_str_has_prefix (stops[i].action, "appointment."))
            target = GTK_WIDGET (kiosk_window_get_appointment_flow (window));
          else if (g_str_has_prefix (stops[i].action, "help."))
            target = GTK_WIDGET (kiosk_window_get_help_page (window));
          else if (g_str_has_prefix (stops[i].action, "survey."))
            target = GTK_WIDGET (kiosk_window_get_survey (window));
          if (g_str_equal (stops[i].action, "appointment.fill"))
            {
              KioskAppointmentFlow *flow = KIOSK_APPOINTMENT_FLOW (target);

              gtk_editable_set_text (kiosk_appointment_flow_get_name_entry (flow),
                                     "Aino Esimerkki");
              gtk_editable_set_text (kiosk_appointment_flow_get_phone_entry (flow), "040 123 4567");
              gtk_widget_activate_action (target, "appointment.details-done", NULL);
            }
          else if (g_str_equal (stops[i].action, "appointment.phone"))
            {
              KioskAppointmentFlow *flow = KIOSK_APPOINTMENT_FLOW (target);

              gtk_editable_set_text (kiosk_appointment_flow_get_phone_entry (flow), "040 123");
              gtk_widget_grab_focus (GTK_WIDGET (kiosk_appointment_flow_get_phone_entry (flow)));
            }
          else if (g_str_equal (stops[i].action, "guide.last"))
            {
              const NvGuide *guide = kiosk_guide_page_get_guide (KIOSK_GUIDE_PAGE (target));

              while (kiosk_guide_page_get_step (KIOSK_GUIDE_PAGE (target)) + 1 < guide->steps->len)
                gtk_widget_activate_action (target, "guide.next", NULL);
            }
          else if (stops[i].target != NULL)
            gtk_widget_activate_action (target, stops[i].action, "s", stops[i].target);
          else
            gtk_widget_activate_action (target, stops[i].action, NULL);
        }
      /* Search results once the typing has settled. */
      nv_test_wait_until (
          NULL, kiosk_directory_page_get_settled (kiosk_window_get_directory_page (window)), 10000);
      wait_frames (GTK_WIDGET (window), 3);
      kiosk_screenshot_save_async (GTK_WIDGET (window), path, NULL, shot_cb, &done);
      nv_test_wait_until (NULL, done, 10000);
      g_print ("%s\n", path);
      check_size (path, width, height);
      if (i == 0)
        check_tiles (window, width, height);
    }

  /* The inactivity warning, over the guide being read. */
  {
    g_autofree char *file = g_strdup_printf ("09-idle-warning-%s.png", nv_lang_to_code (lang));
    g_autofree char *path = g_build_filename (out_dir, file, NULL);
    gboolean         done = FALSE;

    kiosk_window_set_idle_timeouts (window, 10, 60000);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.open-guide", "s", "omaolo");
    nv_test_wait_until (NULL, kiosk_visit_get_idle_warning (kiosk_window_get_visit (window)),
                        10000);
    kiosk_screenshot_save_async (GTK_WIDGET (window), path, NULL, shot_cb, &done);
    nv_test_wait_until (NULL, done, 10000);
    g_print ("%s\n", path);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  nv_test_rm_rf (store_dir);
  return failed ? 1 : 0;
}

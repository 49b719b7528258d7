/* kiosk-window-actions.c — what the window's buttons do: the win.* actions, and the
 * events a visit records on the way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-window-private.h"

static KioskRecorder *
recorder_of (KioskWindow *self)
{
  return kiosk_visit_get_recorder (self->visit);
}

static void
read_aloud_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow     *self = KIOSK_WINDOW (widget);
  const char      *screen = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *text = NULL;
  gboolean         content_page;

  if (self->speech == NULL)
    return;
  if (kiosk_visit_get_speaking (self->visit))
    {
      _kiosk_window_stop_speaking (self);
      return;
    }
  content_page = g_strcmp0 (screen, "guide") == 0 || g_strcmp0 (screen, "organisation") == 0;
  /* Through the loudspeaker: never a name or a phone number. */
  text = kiosk_speech_screen_text (gtk_stack_get_visible_child (self->stack), !content_page, FALSE);
  if (text[0] == '\0')
    return;
  kiosk_speech_say (self->speech, text, kiosk_visit_get_language (self->visit));
  kiosk_visit_set_speaking (self->visit, TRUE);
  if (g_strcmp0 (screen, "guide") == 0)
    {
      const NvGuide   *guide = kiosk_guide_page_get_guide (self->guide_page);
      g_autofree char *subject = g_strdup_printf ("guide:%s", guide->id);

      kiosk_recorder_record (recorder_of (self), NV_EVENT_READ_ALOUD, subject,
                             kiosk_guide_page_get_step (self->guide_page) + 1, NULL);
    }
  else if (g_strcmp0 (screen, "organisation") == 0)
    {
      g_autofree char *subject = g_strdup_printf (
          "organisation:%s",
          kiosk_organisation_page_get_organisation (self->organisation_page)->id);

      kiosk_recorder_record (recorder_of (self), NV_EVENT_READ_ALOUD, subject, 0, NULL);
    }
  _kiosk_window_note_activity (self);
}

static void
language_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  const char  *code = g_variant_get_string (parameter, NULL);
  NvLang       lang;

  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->language_menu));
  if (!nv_lang_from_code (code, &lang) || lang == kiosk_visit_get_language (self->visit))
    return;
  /* The whole screen follows at once, where the resident is (the same guide and step). */
  kiosk_visit_set_language (self->visit, lang);
  kiosk_recorder_record (recorder_of (self), NV_EVENT_SETTING_CHANGED, "language", 0, code);
  _kiosk_window_note_activity (self);
}

static void
set_text_size (KioskWindow *self, guint text_size)
{
  char value[2] = { 0 };

  if (text_size == kiosk_visit_get_text_size (self->visit))
    return;
  kiosk_visit_set_text_size (self->visit, text_size);
  value[0] = (char) ('0' + text_size);
  kiosk_recorder_record (recorder_of (self), NV_EVENT_SETTING_CHANGED, "text-size", 0, value);
  _kiosk_window_note_activity (self);
}

/* Round and round through the three sizes: a keyboard shortcut and the tools' way. */
static void
text_size_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  set_text_size (self, (kiosk_visit_get_text_size (self->visit) + 1) % 3);
}

/* A− and A+ in the bar: one step each, stopping at the ends. */
static void
text_smaller_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  guint        text_size = kiosk_visit_get_text_size (self->visit);

  set_text_size (self, text_size > 0 ? text_size - 1 : 0);
}

static void
text_larger_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  set_text_size (self, MIN (kiosk_visit_get_text_size (self->visit) + 1, 2));
}

static void
contrast_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  gboolean     high = !kiosk_visit_get_high_contrast (self->visit);

  kiosk_visit_set_high_contrast (self->visit, high);
  kiosk_recorder_record (recorder_of (self), NV_EVENT_SETTING_CHANGED, "contrast", 0,
                         high ? "high" : "normal");
  _kiosk_window_note_activity (self);
}

static void
continue_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _kiosk_window_note_activity (KIOSK_WINDOW (widget));
}

static void
start_over_response_cb (KioskWindow *self, const char *response)
{
  if (!g_str_equal (response, "yes"))
    _kiosk_window_note_activity (self);
  else if (_kiosk_window_feedback_due (self))
    {
      /* Home at once; the visit starts over once the questions are put away. */
      g_ptr_array_set_size (self->history, 0);
      _kiosk_window_show_screen (self, "home", FALSE);
      _kiosk_window_offer_feedback (self, "visit-end", TRUE);
    }
  else
    kiosk_visit_restart (self->visit);
}

/* Asked once, because it erases what was typed; "No" is the default, so that a stray
 * second tap keeps everything. The question wears the window's text size and contrast. */
static void
start_over_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  static const char *const display_classes[]
      = { "kiosk", "text-size-1", "text-size-2", "high-contrast" };
  KioskWindow      *self = KIOSK_WINDOW (widget);
  AdwMessageDialog *question;

  _kiosk_window_note_activity (self);
  if (self->start_over_question != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->start_over_question));
      return;
    }

  /* Translators: the question asked when the resident presses Start over */
  question = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (self), _ ("Start over?"), _ ("What you have typed will be erased.")));
  adw_message_dialog_add_responses (question,
                                    /* Translators: the answer that keeps everything */
                                    "no", _ ("No"),
                                    /* Translators: the answer that erases and starts over */
                                    "yes", _ ("Yes"), NULL);
  adw_message_dialog_set_response_appearance (question, "yes", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (question, "no");
  adw_message_dialog_set_close_response (question, "no");
  gtk_window_set_modal (GTK_WINDOW (question), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (question), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (question), "start-over-question");
  for (guint i = 0; i < G_N_ELEMENTS (display_classes); i++)
    if (gtk_widget_has_css_class (widget, display_classes[i]))
      gtk_widget_add_css_class (GTK_WIDGET (question), display_classes[i]);
  g_signal_connect_object (question, "response", G_CALLBACK (start_over_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->start_over_question, GTK_WIDGET (question));
  gtk_window_present (GTK_WINDOW (question));
}

static void
home_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  /* Finish on a guide's last step comes here too. */
  gboolean after_guide = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "guide") == 0
                         && self->guide_completed;

  g_ptr_array_set_size (self->history, 0);
  _kiosk_window_show_screen (self, "home", FALSE);
  if (_kiosk_window_feedback_due (self))
    _kiosk_window_offer_feedback (self, after_guide ? "guide-end" : "visit-end", FALSE);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow     *self = KIOSK_WINDOW (widget);
  g_autofree char *previous = NULL;

  /* Within the request, Back is the previous question. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "appointment") == 0
      && kiosk_appointment_flow_back (self->appointment_flow))
    {
      _kiosk_window_note_activity (self);
      return;
    }
  if (self->history->len == 0)
    return;
  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  _kiosk_window_show_screen (self, previous, FALSE);
}

static void
show_guides_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  kiosk_screen_refresh (KIOSK_SCREEN (_kiosk_window_get_screen (self, "categories")));
  _kiosk_window_show_screen (self, "categories", TRUE);
}

static void
show_services_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  kiosk_directory_page_refresh (kiosk_window_get_directory_page (self));
  _kiosk_window_show_screen (self, "directory", TRUE);
}

/* Staff only, from the keyboard: not a resident screen, so no screen_view event and no
 * place in Back's history. */
static void
show_status_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  g_ptr_array_set_size (self->history, 0);
  kiosk_status_page_refresh (kiosk_window_get_status_page (self));
  gtk_stack_set_visible_child_name (self->stack, "status");
  kiosk_status_page_focus_pin (kiosk_window_get_status_page (self));
  gtk_widget_action_set_enabled (widget, "win.back", FALSE);
}

static void
start_appointment (KioskWindow *self, const char *guide, guint guide_step)
{
  _kiosk_window_show_screen (self, "appointment", TRUE);
  kiosk_appointment_flow_start (self->appointment_flow, guide, guide_step);
}

/* "Ask for personal help" on a guide step: the request carries the guide and the step
 * reached, so that the advisor knows where the resident got stuck. */
static void
ask_for_help_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  gboolean     on_guide = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "guide") == 0;
  const NvGuide *guide = on_guide ? kiosk_guide_page_get_guide (self->guide_page) : NULL;

  if (guide != NULL)
    start_appointment (self, guide->id, kiosk_guide_page_get_step (self->guide_page) + 1);
  else
    start_appointment (self, NULL, 0);
}

/* Help, from anywhere: the screen remembers where the resident was, for a call. */
static void
show_help (KioskWindow *self)
{
  const char    *screen = gtk_stack_get_visible_child_name (self->stack);
  gboolean       on_guide = g_strcmp0 (screen, "guide") == 0;
  const NvGuide *guide = on_guide ? kiosk_guide_page_get_guide (self->guide_page) : NULL;
  KioskHelpPage *help = kiosk_window_get_help_page (self);

  if (g_strcmp0 (screen, "help") == 0)
    return;
  if (guide != NULL)
    kiosk_help_page_set_origin (help, screen, guide->id,
                                kiosk_guide_page_get_step (self->guide_page) + 1);
  else
    kiosk_help_page_set_origin (help, screen, NULL, 0);
  kiosk_screen_refresh (KIOSK_SCREEN (help));
  _kiosk_window_show_screen (self, "help", TRUE);
}

static void
help_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  show_help (KIOSK_WINDOW (widget));
}

/* "Ask for a call back": the request, with the phone already chosen as the way. */
static void
ask_call_back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  start_appointment (self, NULL, 0);
  kiosk_appointment_flow_preselect_contact (self->appointment_flow, "phone");
}

static void
show_appointment_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  start_appointment (KIOSK_WINDOW (widget), NULL, 0);
}

/* Ask for an appointment on a place's page: that place's free times first. */
static void
show_appointment_at_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  _kiosk_window_show_screen (self, "appointment", TRUE);
  kiosk_appointment_flow_start_at_place (self->appointment_flow,
                                         g_variant_get_string (parameter, NULL));
}

static void
open_category_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  kiosk_guide_list_page_set_category (
      KIOSK_GUIDE_LIST_PAGE (_kiosk_window_get_screen (self, "guide-list")),
      g_variant_get_string (parameter, NULL));
  _kiosk_window_show_screen (self, "guide-list", TRUE);
}

/* The guide's related organisations that the store has. */
static void
show_related (KioskWindow *self, const NvGuide *guide)
{
  g_autoptr (GPtrArray) organisations
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_organisation_free);

  for (guint i = 0; guide->related_organisations != NULL && guide->related_organisations[i]; i++)
    {
      NvOrganisation *organisation
          = kiosk_store_get_organisation (self->store, guide->related_organisations[i]);

      if (organisation != NULL)
        g_ptr_array_add (organisations, organisation);
    }
  kiosk_guide_page_set_related (self->guide_page, organisations);
}

/* The "take it home" code for a page, when the kiosk knows the server's address. */
static void
show_qr_code (KioskWindow *self, KioskQrCode *qr_code, const char *kind, const char *id)
{
  kiosk_qr_code_show (qr_code, self->qr_base_url, kind, id, kiosk_visit_get_language (self->visit));
  if (kiosk_qr_code_get_url (qr_code) != NULL)
    {
      g_autofree char *subject = g_strdup_printf ("%s:%s", kind, id);

      kiosk_recorder_record (recorder_of (self), NV_EVENT_QR_SHOWN, subject, 0, NULL);
    }
}

static void
open_guide_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  g_autoptr (NvGuide) guide
      = kiosk_store_get_guide (self->store, g_variant_get_string (parameter, NULL));

  if (guide == NULL)
    {
      g_debug ("No guide “%s” in the store", g_variant_get_string (parameter, NULL));
      return;
    }
  _kiosk_window_show_screen (self, "guide", TRUE);
  kiosk_recorder_record (recorder_of (self), NV_EVENT_GUIDE_VIEW, guide->id, 0, NULL);
  self->guide_completed = FALSE;
  kiosk_guide_page_set_guide (self->guide_page, guide);
  show_related (self, guide);
  show_qr_code (self, kiosk_guide_page_get_qr_code (self->guide_page), "guide", guide->id);
}

static void
open_organisation_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  const char  *id = g_variant_get_string (parameter, NULL);
  g_autoptr (NvOrganisation) organisation = kiosk_store_get_organisation (self->store, id);

  if (organisation == NULL)
    {
      g_debug ("No organisation “%s” in the store", id);
      return;
    }
  kiosk_organisation_page_set_organisation (kiosk_window_get_organisation_page (self), organisation,
                                            kiosk_visit_get_language (self->visit), NULL);
  _kiosk_window_show_screen (self, "organisation", TRUE);
  kiosk_recorder_record (recorder_of (self), NV_EVENT_ORGANISATION_VIEW, organisation->id, 0, NULL);
  show_qr_code (self, kiosk_organisation_page_get_qr_code (self->organisation_page), "organisation",
                organisation->id);
}

/* "This information is wrong": an anonymous event, which the outbox delivers however
 * long the kiosk is offline, and the server queues for the advisors. */
static void
report_wrong_cb (KioskWindow           *self,
                 const char            *organisation,
                 const char            *reason,
                 KioskOrganisationPage *page)
{
  kiosk_recorder_record (recorder_of (self), NV_EVENT_INFO_REPORTED, organisation, 0, reason);
  _kiosk_window_note_activity (self);
}

static void
step_shown_cb (KioskWindow *self, guint step, guint n_steps, KioskGuidePage *page)
{
  const NvGuide *guide = kiosk_guide_page_get_guide (page);

  kiosk_recorder_record (recorder_of (self), NV_EVENT_STEP_VIEW, guide->id, step, NULL);
  _kiosk_window_stop_speaking (self);
  _kiosk_window_note_activity (self);
  if (step == n_steps && !self->guide_completed)
    {
      self->guide_completed = TRUE;
      kiosk_recorder_record (recorder_of (self), NV_EVENT_GUIDE_COMPLETE, guide->id, n_steps, NULL);
    }
}

static void
feedback_cb (KioskWindow *self, const char *value, KioskGuidePage *page)
{
  const NvGuide *guide = kiosk_guide_page_get_guide (page);

  kiosk_recorder_record (recorder_of (self), NV_EVENT_FEEDBACK, guide->id, 0, value);
  _kiosk_window_note_activity (self);
  /* "No, it did not help": help at once, not a thank-you and a dead end. */
  if (g_strcmp0 (value, "bad") == 0)
    show_help (self);
}

static void
appointment_submitted_cb (KioskWindow *self)
{
  /* Off to an advisor now, not at the next regular sync. */
  if (self->sync != NULL)
    kiosk_sync_run_soon (self->sync);
  _kiosk_window_note_activity (self);
}

static void
appointment_finished_cb (KioskWindow *self)
{
  kiosk_visit_end (self->visit, "start-over");
}

void
_kiosk_window_connect_screen (KioskWindow *self, GtkWidget *screen)
{
  if (KIOSK_IS_GUIDE_PAGE (screen))
    {
      g_signal_connect_object (screen, "step-shown", G_CALLBACK (step_shown_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (screen, "feedback", G_CALLBACK (feedback_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else if (KIOSK_IS_ORGANISATION_PAGE (screen))
    g_signal_connect_object (screen, "report-wrong", G_CALLBACK (report_wrong_cb), self,
                             G_CONNECT_SWAPPED);
  else if (KIOSK_IS_DIRECTORY_PAGE (screen))
    kiosk_directory_page_set_recorder (KIOSK_DIRECTORY_PAGE (screen), recorder_of (self));
  else if (KIOSK_IS_APPOINTMENT_FLOW (screen))
    {
      kiosk_appointment_flow_set_recorder (KIOSK_APPOINTMENT_FLOW (screen), recorder_of (self));
      g_signal_connect_object (screen, "submitted", G_CALLBACK (appointment_submitted_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (screen, "finished", G_CALLBACK (appointment_finished_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

void
_kiosk_window_class_add_actions (GtkWidgetClass *widget_class)
{
  static const struct
  {
    const char                 *name;
    const char                 *parameter_type;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "win.read-aloud", NULL, read_aloud_action },
    { "win.language", "s", language_action },
    { "win.ask-for-help", NULL, ask_for_help_action },
    { "win.home", NULL, home_action },
    { "win.back", NULL, back_action },
    { "win.continue", NULL, continue_action },
    { "win.start-over", NULL, start_over_action },
    { "win.text-size", NULL, text_size_action },
    { "win.text-smaller", NULL, text_smaller_action },
    { "win.text-larger", NULL, text_larger_action },
    { "win.contrast", NULL, contrast_action },
    { "win.show-guides", NULL, show_guides_action },
    { "win.show-services", NULL, show_services_action },
    { "win.show-appointment", NULL, show_appointment_action },
    { "win.show-appointment-at", "s", show_appointment_at_action },

    { "win.help", NULL, help_action },
    { "win.ask-call-back", NULL, ask_call_back_action },
    { "win.open-category", "s", open_category_action },
    { "win.open-guide", "s", open_guide_action },
    { "win.open-organisation", "s", open_organisation_action },
    { "win.show-status", NULL, show_status_action },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, actions[i].parameter_type,
                                     actions[i].activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "win.show-status", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "win.home", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

/* kiosk-appointment-flow.c
 *
 * One question a screen, each answered with one tap on a large button; the only typing
 * is a name and a phone number, with the on-screen keyboard and number pad. Nothing a
 * resident types goes into a usage event: the funnel events name steps only.
 *
 * The request is personal data (docs/privacy.md). It exists in these places only: the
 * two entries while it is typed, the KioskAppointmentRequest they are read into, the
 * summary on the confirmation screen, and the kiosk's outbox once confirmed (until the
 * server has it). The entries, the request's name and number and the summary are
 * emptied the moment the request is saved, and all of it whenever the resident leaves.
 *
 * The answers, their checks and the sentences made from them are the request's
 * (kiosk-appointment-request.c); the fixed skeleton is the template. What is made here
 * is what depends on the content and the language: the answer buttons and the free
 * slots, and the sentences shown from the request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-appointment-flow-private.h"
#include "kiosk-appointment-request.h"
#include "kiosk-choice-button.h"
#include "kiosk-hours-text.h"
#include "kiosk-keyboard.h"
#include "kiosk-print.h"
#include "kiosk-qr-code.h"

#define FLOW_UI "/fi/neuvokas/Kiosk/kiosk-appointment-flow.ui"
#define N_QUESTIONS 5
#define SLOT_DAYS 14 /* how far ahead free slots are offered */
#define MAX_SLOTS 6  /* a short list: more is harder to choose from */

struct _KioskAppointmentFlow
{
  KioskScreen parent_instance;

  KioskRecorder *recorder;

  /* The template */
  GtkScrolledWindow *scrolled;
  GtkWidget         *header;
  GtkLabel          *progress;
  GtkLabel          *title;
  GtkLabel          *intro;
  GtkWidget         *error_box;
  GtkLabel          *error;
  GtkStack          *pages;
  GtkWidget         *reason_page;
  GtkWidget         *contact_page;
  GtkWidget         *slot_list;
  GtkFlowBox        *days_box;
  GtkWidget         *times_box;
  GtkEntry          *name_entry;
  GtkEntry          *phone_entry;
  GtkLabel          *summary;
  GtkLabel          *reference;
  GtkLabel          *receipt_next;
  GtkLabel          *receipt_if_nobody;
  GtkPicture        *receipt_code;
  KioskKeyboard     *keyboard;
  GtkWidget         *details_continue;
  GtkWidget         *print_button;
  char              *host_organisation; /* the library the kiosk stands in, or NULL */

  GPtrArray *choices; /* KioskChoiceButton* of the answers that stay chosen, "code" set */

  /* The request being made, and where the resident is in it */
  KioskAppointmentRequest *request;
  KioskAppointmentStep     step;
  gboolean                 active;
  gboolean                 submitted;
  GPtrArray               *visited; /* page names behind the current one */
  char *place; /* the place the resident asked from: its slots only, when it has any */
};

enum
{
  STEP_SHOWN,
  SUBMITTED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskAppointmentFlow, kiosk_appointment_flow, KIOSK_TYPE_SCREEN)

const char *
kiosk_appointment_step_name (KioskAppointmentStep step)
{
  static const char *const names[]
      = { NULL, "reason", "contact", "time", "details", "privacy", "receipt" };

  g_return_val_if_fail (step >= KIOSK_APPOINTMENT_REASON && step <= KIOSK_APPOINTMENT_RECEIPT,
                        NULL);
  return names[step];
}

/* Building: the answers; the rest is the template */

/* One answer of a question, as large as a tile, with @label (plain text). */
static GtkWidget *
make_choice (const char *label, const char *action, const char *target, gboolean toggle)
{
  GtkWidget *button = kiosk_choice_button_new_for_action (label, toggle, action, target);

  gtk_widget_add_css_class (button, "flow-choice");
  return button;
}

/* A button of an answer that stays chosen, remembered to be marked, and its @msgid (may
 * be NULL: a weekday) translated again when the language changes. */
static GtkWidget *
add_choice (KioskAppointmentFlow *self, const char *msgid, const char *action, const char *code)
{
  GtkWidget *button = make_choice (msgid != NULL ? _ (msgid) : NULL, action, code, TRUE);

  g_object_set_data (G_OBJECT (button), "msgid", (gpointer) msgid);
  g_object_set_data (G_OBJECT (button), "code", (gpointer) code);
  g_ptr_array_add (self->choices, button);
  return button;
}

/* @button at the end of @box: a column, or a flow of cells (days, times of day) where
 * only the button, not its cell, takes the focus. */
static void
append_choice (GtkWidget *box, GtkWidget *button)
{
  if (GTK_IS_FLOW_BOX (box))
    {
      gtk_flow_box_insert (GTK_FLOW_BOX (box), button, -1);
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
  else
    gtk_box_append (GTK_BOX (box), button);
}

/* The buttons of one question's answers, in @box. */
static void
add_choices (KioskAppointmentFlow         *self,
             GtkWidget                    *box,
             const KioskAppointmentChoice *choices,
             guint                         n_choices,
             const char                   *action)
{
  for (guint i = 0; i < n_choices; i++)
    append_choice (box, add_choice (self, choices[i].label, action, choices[i].code));
}

/* Showing */

static void
mark_invalid (GtkEntry *entry, gboolean invalid)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

/* The steps whose Continue checks the answers: their message has its room kept. */
static gboolean
reserves_message_room (KioskAppointmentFlow *self)
{
  return self->step == KIOSK_APPOINTMENT_DETAILS
         || g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "preferred") == 0;
}

/* Shows @message (NULL hides it) under the question; @field (may be NULL) is the entry
 * it is about, marked, focused and brought into sight. */
static void
set_error (KioskAppointmentFlow *self, const char *message, GtkEntry *field)
{
  /* Where a check can answer with a message (the preferred days, the name and number),
   * the box keeps its place when empty, only unseen and unheard: a message coming or
   * going never moves Continue, the days or the keys under the finger. Elsewhere the
   * room is worth more than the rare message (a failed save). */
  gtk_label_set_text (self->error, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL || reserves_message_room (self));
  gtk_widget_set_opacity (self->error_box, message != NULL ? 1.0 : 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->error_box), GTK_ACCESSIBLE_STATE_HIDDEN,
                               message == NULL, -1);
  mark_invalid (self->name_entry, field == self->name_entry);
  mark_invalid (self->phone_entry, field == self->phone_entry);
  if (field != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (field));
      kiosk_keyboard_keep_in_sight (self->keyboard);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->phone_entry), "error");
    }
}

/* A check of the request failed: its sentence, at the entry of its field if any. */
static void
show_check_error (KioskAppointmentFlow *self, const GError *error)
{
  const char *field = nv_error_get_field (error);
  GtkEntry   *entry = NULL;

  if (g_strcmp0 (field, "name") == 0)
    entry = self->name_entry;
  else if (g_strcmp0 (field, "phone") == 0)
    entry = self->phone_entry;
  set_error (self, nv_error_get_sentence (error), entry);
}

static char *
slot_place (KioskAppointmentFlow *self, const NvSlot *slot)
{
  KioskScreen *screen = KIOSK_SCREEN (self);
  g_autoptr (NvOrganisation) organisation = NULL;

  if (slot->organisation == NULL
      || (organisation
          = kiosk_store_get_organisation (kiosk_screen_get_store (screen), slot->organisation))
             == NULL)
    return NULL;
  return g_strdup (nv_text_get (&organisation->name, kiosk_screen_get_language (screen), NULL));
}

static void
fill_slots (KioskAppointmentFlow *self, GPtrArray *slots)
{
  GtkWidget *child;
  gboolean   meeting
      = g_strcmp0 (kiosk_appointment_request_get_contact (self->request), "meeting") == 0;

  while ((child = gtk_widget_get_first_child (self->slot_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->slot_list), child);
  for (guint i = 0; i < slots->len; i++)
    {
      const NvSlot    *slot = g_ptr_array_index (slots, i);
      g_autofree char *when = kiosk_appointment_format_slot (slot);
      g_autofree char *place = meeting ? slot_place (self, slot) : NULL;
      g_autofree char *text
          = place != NULL ? g_strdup_printf ("%s\n%s", when, place) : g_strdup (when);

      gtk_box_append (GTK_BOX (self->slot_list),
                      make_choice (text, "appointment.slot", slot->id, FALSE));
    }
}

static GPtrArray *
free_slots (KioskAppointmentFlow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GPtrArray) slots = NULL;
  GPtrArray *at_place;

  slots = kiosk_store_list_free_slots (kiosk_screen_get_store (KIOSK_SCREEN (self)),
                                       kiosk_appointment_request_get_slot_kind (self->request), now,
                                       SLOT_DAYS, self->place != NULL ? 0 : MAX_SLOTS);
  if (self->place == NULL)
    return g_steal_pointer (&slots);
  /* Asked from a place's page: that place's times, when it has any; else every time. */
  at_place = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  for (guint i = 0; i < slots->len && at_place->len < MAX_SLOTS; i++)
    {
      const NvSlot *slot = g_ptr_array_index (slots, i);

      if (g_strcmp0 (slot->organisation, self->place) == 0)
        g_ptr_array_add (at_place, nv_slot_copy (slot));
    }
  if (at_place->len > 0)
    return at_place;
  g_ptr_array_unref (at_place);
  if (slots->len > MAX_SLOTS)
    g_ptr_array_set_size (slots, MAX_SLOTS);
  return g_steal_pointer (&slots);
}

static void
update_summary (KioskAppointmentFlow *self)
{
  g_autofree char *text = NULL;

  if (self->step == KIOSK_APPOINTMENT_PRIVACY)
    text = kiosk_appointment_request_describe (self->request);
  gtk_label_set_text (self->summary, text != NULL ? text : "");
}

/* The first phone number of the library the kiosk stands in, or NULL. */
static char *
dup_library_phone (KioskAppointmentFlow *self)
{
  KioskStore *store = kiosk_screen_get_store (KIOSK_SCREEN (self));
  g_autoptr (NvOrganisation) host = NULL;

  if (self->host_organisation != NULL && store != NULL)
    host = kiosk_store_get_organisation (store, self->host_organisation);
  return host != NULL && host->phones != NULL ? g_strdup (host->phones[0]) : NULL;
}

/* What the printed slip says too: when the advisor will call (the slot, or within the
 * working days the library promises, on the days chosen) and what to do if nobody
 * does. */
static void
update_receipt (KioskAppointmentFlow *self)
{
  const char      *reference = kiosk_appointment_request_get_reference (self->request);
  g_autofree char *next = NULL;
  g_autofree char *when = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *if_nobody = NULL;

  if (reference == NULL)
    return;
  gtk_label_set_text (self->reference, reference);
  next = kiosk_appointment_request_describe_next (self->request);
  /* A chosen slot is already in @next; the preferred days go on the next line. */
  if (kiosk_appointment_request_get_slot (self->request) == NULL)
    {
      g_autofree char *days = kiosk_appointment_request_describe_time (self->request);

      when = g_strconcat (next, "\n", days, NULL);
    }
  gtk_label_set_text (self->receipt_next, when != NULL ? when : next);
  phone = dup_library_phone (self);
  if_nobody = kiosk_appointment_describe_if_nobody_calls (phone);
  gtk_label_set_text (self->receipt_if_nobody, if_nobody);
}

/* Each page: its step, its heading and the sentence under it (may be NULL). */
static const struct
{
  const char          *page;
  KioskAppointmentStep step;
  const char          *title;
  const char          *intro;
} page_info[] = {
  { "reason", KIOSK_APPOINTMENT_REASON, N_ ("What do you need help with?"),
    N_ ("An advisor helps you in person. Choose the closest one.") },
  { "contact", KIOSK_APPOINTMENT_CONTACT, N_ ("How would you like to get help?"), NULL },
  { "slots", KIOSK_APPOINTMENT_TIME, N_ ("Choose a time"),
    N_ ("These times are free. Tap the one that suits you.") },
  { "preferred", KIOSK_APPOINTMENT_TIME, N_ ("When would suit you?"),
    N_ ("Choose one or more days and a time of day. The advisor agrees the exact time with "
        "you.") },
  { "details", KIOSK_APPOINTMENT_DETAILS, N_ ("Your name and phone number"),
    N_ ("The advisor uses them only to contact you about this request.") },
  { "privacy", KIOSK_APPOINTMENT_PRIVACY, N_ ("Check and send"), NULL },
  { "receipt", KIOSK_APPOINTMENT_RECEIPT, N_ ("Thank you"), NULL },
};

static void
update_header (KioskAppointmentFlow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  for (guint i = 0; i < G_N_ELEMENTS (page_info); i++)
    if (g_strcmp0 (page, page_info[i].page) == 0)
      {
        gtk_label_set_text (self->title, _ (page_info[i].title));
        gtk_label_set_text (self->intro, page_info[i].intro != NULL ? _ (page_info[i].intro) : "");
        gtk_widget_set_visible (GTK_WIDGET (self->intro), page_info[i].intro != NULL);
      }
  if (self->step <= N_QUESTIONS)
    {
      /* Translators: where the resident is in the appointment request */
      g_autofree char *progress
          = g_strdup_printf (_ ("Question %u of %u"), self->step, N_QUESTIONS);

      gtk_label_set_text (self->progress, progress);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->step <= N_QUESTIONS);
}

/* Whether the answer @code of the question @action is the one in the request. */
static gboolean
is_chosen (KioskAppointmentFlow *self, const char *action, const char *code)
{
  KioskAppointmentRequest *request = self->request;

  if (g_str_equal (action, "appointment.reason"))
    return g_strcmp0 (kiosk_appointment_request_get_reason (request), code) == 0;
  if (g_str_equal (action, "appointment.contact"))
    return g_strcmp0 (kiosk_appointment_request_get_contact (request), code) == 0;
  if (g_str_equal (action, "appointment.day"))
    return kiosk_appointment_request_get_day (request, code);
  return g_strcmp0 (kiosk_appointment_request_get_time_of_day (request), code) == 0;
}

static void
update_choices (KioskAppointmentFlow *self)
{
  for (guint i = 0; i < self->choices->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->choices, i);

      kiosk_choice_button_set_chosen (
          KIOSK_CHOICE_BUTTON (button),
          is_chosen (self, gtk_actionable_get_action_name (GTK_ACTIONABLE (button)),
                     g_object_get_data (G_OBJECT (button), "code")));
    }
}

static KioskAppointmentStep
step_of_page (const char *page)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_info); i++)
    if (g_str_equal (page, page_info[i].page))
      return page_info[i].step;
  return KIOSK_APPOINTMENT_RECEIPT;
}

static void
record (KioskAppointmentFlow *self,
        NvEventType           type,
        const char           *subject,
        gint64                value,
        const char           *detail)
{
  if (self->recorder != NULL)
    kiosk_recorder_record (self->recorder, type, subject, value, detail);
}

static void
show_page (KioskAppointmentFlow *self, const char *page, gboolean forward)
{
  const char          *current = gtk_stack_get_visible_child_name (self->pages);
  KioskAppointmentStep step = step_of_page (page);

  if (forward && current != NULL && self->active)
    g_ptr_array_add (self->visited, g_strdup (current));
  gtk_stack_set_visible_child_name (self->pages, page);
  self->step = step;
  set_error (self, NULL, NULL);
  update_header (self);
  update_choices (self);
  update_summary (self);
  kiosk_keyboard_set_shown (self->keyboard, step == KIOSK_APPOINTMENT_DETAILS);
  /* Each screen from its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  if (step == KIOSK_APPOINTMENT_DETAILS)
    {
      GtkEntry *field = gtk_entry_get_text_length (self->name_entry) == 0 || !forward
                            ? self->name_entry
                            : self->phone_entry;

      gtk_widget_grab_focus (GTK_WIDGET (field));
    }
  if (self->active)
    {
      record (self, NV_EVENT_APPOINTMENT_STEP, NULL, step, kiosk_appointment_step_name (step));
      g_signal_emit (self, signals[STEP_SHOWN], 0, (guint) step);
    }
}

/* Erasing: nothing of a request survives its visit on the screen. */
static void
clear_request (KioskAppointmentFlow *self)
{
  kiosk_appointment_request_clear (self->request);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  gtk_label_set_text (self->summary, "");
  gtk_label_set_text (self->reference, "");
  gtk_label_set_text (self->receipt_next, "");
  gtk_picture_set_paintable (self->receipt_code, NULL);
  g_ptr_array_set_size (self->visited, 0);
  g_clear_pointer (&self->place, g_free);
  self->submitted = FALSE;
}

/* Actions */

static void
reason_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);

  if (self->step != KIOSK_APPOINTMENT_REASON
      || !kiosk_appointment_request_set_reason (self->request,
                                                g_variant_get_string (parameter, NULL)))
    return;
  show_page (self, "contact", TRUE);
}

static void
contact_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  g_autoptr (GPtrArray) slots = NULL;

  if (self->step != KIOSK_APPOINTMENT_CONTACT
      || !kiosk_appointment_request_set_contact (self->request,
                                                 g_variant_get_string (parameter, NULL)))
    return;
  slots = free_slots (self);
  fill_slots (self, slots);
  /* No free time of that kind: straight to the preferred days, one screen fewer. */
  show_page (self, slots->len > 0 ? "slots" : "preferred", TRUE);
}

static void
slot_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  g_autoptr (NvSlot) slot = NULL;

  if (self->step != KIOSK_APPOINTMENT_TIME)
    return;
  slot = kiosk_store_get_slot (kiosk_screen_get_store (KIOSK_SCREEN (self)),
                               g_variant_get_string (parameter, NULL));
  if (slot == NULL)
    return;
  kiosk_appointment_request_set_slot (self->request, slot);
  show_page (self, "details", TRUE);
}

static void
no_slot_fits_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);

  if (self->step != KIOSK_APPOINTMENT_TIME)
    return;
  kiosk_appointment_request_set_slot (self->request, NULL);
  show_page (self, "preferred", TRUE);
}

static void
day_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);

  kiosk_appointment_request_toggle_day (self->request, g_variant_get_string (parameter, NULL));
  set_error (self, NULL, NULL);
  update_choices (self);
}

static void
time_of_day_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);

  kiosk_appointment_request_set_time_of_day (self->request, g_variant_get_string (parameter, NULL));
  update_choices (self);
}

static void
times_done_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  g_autoptr (GError) error = NULL;

  if (self->step != KIOSK_APPOINTMENT_TIME)
    return;
  if (!kiosk_appointment_request_check_times (self->request, &error))
    {
      show_check_error (self, error);
      return;
    }
  show_page (self, "details", TRUE);
}

/* What is in the entries now, into the request. */
static void
read_entries (KioskAppointmentFlow *self)
{
  kiosk_appointment_request_set_name (self->request,
                                      gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
  kiosk_appointment_request_set_phone (self->request,
                                       gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)));
}

static void
details_done_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  g_autoptr (GError) error = NULL;

  if (self->step != KIOSK_APPOINTMENT_DETAILS)
    return;
  read_entries (self);
  if (!kiosk_appointment_request_check_details (self->request, &error))
    {
      show_check_error (self, error);
      return;
    }
  show_page (self, "privacy", TRUE);
}

static void
confirm_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  KioskScreen          *screen = KIOSK_SCREEN (widget);
  g_autoptr (NvAppointment) appointment = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) code = NULL;
  g_autofree char *code_text = NULL;

  /* Once: a second tap lands on the receipt, where this does nothing. */
  if (self->step != KIOSK_APPOINTMENT_PRIVACY)
    return;
  read_entries (self);
  appointment = kiosk_appointment_request_to_appointment (self->request,
                                                          kiosk_screen_get_language (screen), NULL);
  if (appointment == NULL)
    return;
  if (!kiosk_store_appointments_add (kiosk_screen_get_store (screen), appointment, &error))
    {
      /* The details of the failure are for staff; nothing personal is logged. */
      g_message ("Cannot save an appointment request: %s", error->message);
      set_error (self,
                 _ ("Your request could not be saved. Please ask the library staff for "
                    "help."),
                 NULL);
      return;
    }

  /* Saved: the typed details leave the screen now. */
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  kiosk_appointment_request_set_submitted (self->request, appointment->reference);
  self->submitted = TRUE;
  code_text = g_strdup_printf ("Neuvokas %s", appointment->reference);
  if ((code = kiosk_qr_texture_new (code_text, 8, NULL)) != NULL)
    gtk_picture_set_paintable (self->receipt_code, GDK_PAINTABLE (code));
  record (self, NV_EVENT_APPOINTMENT_SUBMITTED, NULL, 0,
          appointment->slot != NULL ? "slot" : "preferred-time");
  g_ptr_array_set_size (self->visited, 0);
  update_receipt (self);
  show_page (self, "receipt", FALSE);
  g_signal_emit (self, signals[SUBMITTED], 0);
}

/* A large-print slip of the receipt, on the library's printer. */
static void
print_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr (GtkPrintOperation) operation
      = kiosk_appointment_flow_new_receipt_slip (KIOSK_APPOINTMENT_FLOW (widget));

  if (operation != NULL)
    kiosk_print_run (operation, widget);
}

static void
finish_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);

  if (self->step == KIOSK_APPOINTMENT_RECEIPT)
    g_signal_emit (self, signals[FINISHED], 0);
}

static void
entry_focused_cb (GtkEventControllerFocus *controller, KioskAppointmentFlow *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  gboolean   phone = entry == GTK_WIDGET (self->phone_entry);

  kiosk_keyboard_set_target (self->keyboard, GTK_EDITABLE (entry));
  kiosk_keyboard_set_mode (self->keyboard, phone ? KIOSK_KEYBOARD_PHONE : KIOSK_KEYBOARD_TEXT);
  kiosk_keyboard_keep_in_sight (self->keyboard);
}

static void
entry_pressed_cb (
    GtkGestureClick *gesture, int n_press, double x, double y, KioskAppointmentFlow *self)
{
  kiosk_keyboard_set_shown (self->keyboard, TRUE);
}

static void
keyboard_done_cb (KioskAppointmentFlow *self)
{
  kiosk_keyboard_set_shown (self->keyboard, FALSE);
}

static void
watch_entry (KioskAppointmentFlow *self, GtkEntry *entry)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture         *press = gtk_gesture_click_new ();

  g_signal_connect (focus, "enter", G_CALLBACK (entry_focused_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
  /* Touching a field brings the keys back, even when it already has the focus. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
  g_signal_connect (press, "pressed", G_CALLBACK (entry_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (entry), GTK_EVENT_CONTROLLER (press));
}

/* Every text that is made in code, in the language now chosen: the answers, the free
 * slots on the screen, the header, the summary and the receipt. */
static void
show_in_language (KioskAppointmentFlow *self)
{
  for (guint i = 0; i < self->choices->len; i++)
    {
      KioskChoiceButton *button = g_ptr_array_index (self->choices, i);
      const char        *msgid = g_object_get_data (G_OBJECT (button), "msgid");
      int weekday = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "weekday"));

      kiosk_choice_button_set_label (button,
                                     msgid != NULL ? _ (msgid) : kiosk_weekday_name (weekday));
    }
  if (self->step == KIOSK_APPOINTMENT_TIME && kiosk_screen_get_store (KIOSK_SCREEN (self)) != NULL
      && kiosk_appointment_request_get_contact (self->request) != NULL)
    {
      g_autoptr (GPtrArray) slots = free_slots (self);

      fill_slots (self, slots);
    }
  /* An error stays where it is; its words follow the language on the next check. */
  update_header (self);
  update_summary (self);
  update_receipt (self);
}

/* KioskScreen: the template's texts are translated again already. */
static void
kiosk_appointment_flow_language_changed (KioskScreen *screen)
{
  show_in_language (KIOSK_APPOINTMENT_FLOW (screen));
}

/* The object */

static void
kiosk_appointment_flow_dispose (GObject *object)
{
  KioskAppointmentFlow *self = (KioskAppointmentFlow *) object;

  g_clear_object (&self->recorder);
  G_OBJECT_CLASS (kiosk_appointment_flow_parent_class)->dispose (object);
}

static void
kiosk_appointment_flow_finalize (GObject *object)
{
  KioskAppointmentFlow *self = (KioskAppointmentFlow *) object;

  g_ptr_array_unref (self->choices);
  g_ptr_array_unref (self->visited);
  g_clear_object (&self->request);
  g_free (self->host_organisation);
  G_OBJECT_CLASS (kiosk_appointment_flow_parent_class)->finalize (object);
}

static void
kiosk_appointment_flow_class_init (KioskAppointmentFlowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_appointment_flow_dispose;
  object_class->finalize = kiosk_appointment_flow_finalize;
  /* Not refresh: new content must not change a request half made under the resident's
   * finger; the free slots are read again on the way to them. */
  KIOSK_SCREEN_CLASS (klass)->language_changed = kiosk_appointment_flow_language_changed;

  signals[STEP_SHOWN] = g_signal_new ("step-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (KIOSK_TYPE_CHOICE_BUTTON);
  g_type_ensure (KIOSK_TYPE_KEYBOARD);
  kiosk_screen_class_set_template (KIOSK_SCREEN_CLASS (klass), FLOW_UI);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, scrolled);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, header);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, progress);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, title);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, intro);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, error_box);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, error);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, pages);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, reason_page);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, contact_page);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, slot_list);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, days_box);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, times_box);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, summary);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, reference);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, receipt_next);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, receipt_if_nobody);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, receipt_code);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, keyboard);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, details_continue);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentFlow, print_button);

  gtk_widget_class_install_action (widget_class, "appointment.reason", "s", reason_action);
  gtk_widget_class_install_action (widget_class, "appointment.contact", "s", contact_action);
  gtk_widget_class_install_action (widget_class, "appointment.slot", "s", slot_action);
  gtk_widget_class_install_action (widget_class, "appointment.no-slot-fits", NULL,
                                   no_slot_fits_action);
  gtk_widget_class_install_action (widget_class, "appointment.day", "s", day_action);
  gtk_widget_class_install_action (widget_class, "appointment.time-of-day", "s",
                                   time_of_day_action);
  gtk_widget_class_install_action (widget_class, "appointment.times-done", NULL, times_done_action);
  gtk_widget_class_install_action (widget_class, "appointment.details-done", NULL,
                                   details_done_action);
  gtk_widget_class_install_action (widget_class, "appointment.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "appointment.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "appointment.print", NULL, print_action);
  gtk_widget_class_set_css_name (widget_class, "appointment");
}

static void
kiosk_appointment_flow_init (KioskAppointmentFlow *self)
{
  const KioskAppointmentChoice *choices;
  guint                         n_choices;
  const char *const            *days = kiosk_appointment_day_codes ();

  self->choices = g_ptr_array_new ();
  self->request = kiosk_appointment_request_new ();
  self->visited = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  choices = kiosk_appointment_reasons (&n_choices);
  add_choices (self, self->reason_page, choices, n_choices, "appointment.reason");
  choices = kiosk_appointment_contacts (&n_choices);
  add_choices (self, self->contact_page, choices, n_choices, "appointment.contact");
  for (guint i = 0; days[i] != NULL; i++)
    {
      /* The weekday names are the ones already translated for opening hours. */
      GtkWidget *button = add_choice (self, NULL, "appointment.day", days[i]);

      g_object_set_data (G_OBJECT (button), "weekday", GINT_TO_POINTER (i + 1));
      append_choice (GTK_WIDGET (self->days_box), button);
    }
  choices = kiosk_appointment_times_of_day (&n_choices);
  add_choices (self, self->times_box, choices, n_choices, "appointment.time-of-day");

  g_signal_connect_swapped (self->keyboard, "done", G_CALLBACK (keyboard_done_cb), self);
  /* On a landscape screen the question's heading makes way for the keys, as in the
   * directory: the fields' own labels say what to type. The example number makes way
   * too, so that Continue fits above the number pad on 1280×800 at the largest text. */
  kiosk_keyboard_set_screen (
      self->keyboard, GTK_WIDGET (self), self->scrolled, self->error_box, self->header,
      gtk_widget_get_template_child (GTK_WIDGET (self), KIOSK_TYPE_APPOINTMENT_FLOW,
                                     "tr-appt-phone-hint"),
      NULL);
  /* Continue stays in sight with the number pad up: the resident need not know to put
   * the keys away first. */
  kiosk_keyboard_set_in_sight_below (self->keyboard, self->details_continue);
  /* Print only where there is paper: shown once a printer is known. */
  kiosk_print_show_when_printer (self->print_button);
  watch_entry (self, self->name_entry);
  watch_entry (self, self->phone_entry);

  gtk_stack_set_visible_child_name (self->pages, "reason");
  self->step = KIOSK_APPOINTMENT_REASON;
  show_in_language (self);
}

GtkWidget *
kiosk_appointment_flow_new (void)
{
  return g_object_new (KIOSK_TYPE_APPOINTMENT_FLOW, NULL);
}

void
kiosk_appointment_flow_set_recorder (KioskAppointmentFlow *self, KioskRecorder *recorder)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));
  g_return_if_fail (recorder == NULL || KIOSK_IS_RECORDER (recorder));

  g_set_object (&self->recorder, recorder);
}

void
kiosk_appointment_flow_start (KioskAppointmentFlow *self, const char *guide, guint guide_step)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));
  g_return_if_fail (kiosk_screen_get_store (KIOSK_SCREEN (self)) != NULL);

  kiosk_appointment_flow_leave (self);
  kiosk_appointment_request_set_origin (self->request, guide, guide_step);
  self->active = TRUE;
  record (self, NV_EVENT_APPOINTMENT_STARTED, guide,
          kiosk_appointment_request_get_guide_step (self->request), NULL);
  show_page (self, "reason", FALSE);
}

void
kiosk_appointment_flow_start_at_place (KioskAppointmentFlow *self, const char *organisation)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));

  kiosk_appointment_flow_start (self, NULL, 0);
  if (organisation != NULL && organisation[0] != '\0')
    self->place = g_strdup (organisation);
}

gboolean
kiosk_appointment_flow_back (KioskAppointmentFlow *self)
{
  g_autofree char *previous = NULL;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), FALSE);

  if (!self->active || self->submitted || self->visited->len == 0)
    return FALSE;
  previous = g_ptr_array_steal_index (self->visited, self->visited->len - 1);
  show_page (self, previous, FALSE);
  return TRUE;
}

void
kiosk_appointment_flow_leave (KioskAppointmentFlow *self)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));

  if (self->active && !self->submitted)
    record (self, NV_EVENT_APPOINTMENT_ABANDONED, NULL, self->step,
            kiosk_appointment_step_name (self->step));
  self->active = FALSE;
  clear_request (self);
  gtk_stack_set_visible_child_name (self->pages, "reason");
  self->step = KIOSK_APPOINTMENT_REASON;
  set_error (self, NULL, NULL);
  update_header (self);
  update_choices (self);
  kiosk_keyboard_set_shown (self->keyboard, FALSE);
}

void
kiosk_appointment_flow_preselect_contact (KioskAppointmentFlow *self, const char *contact)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));

  if (kiosk_appointment_request_set_contact (self->request, contact))
    update_choices (self);
}

KioskAppointmentStep
kiosk_appointment_flow_get_step (KioskAppointmentFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), KIOSK_APPOINTMENT_REASON);
  return self->step;
}

GtkEditable *
kiosk_appointment_flow_get_name_entry (KioskAppointmentFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), NULL);
  return GTK_EDITABLE (self->name_entry);
}

GtkEditable *
kiosk_appointment_flow_get_phone_entry (KioskAppointmentFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), NULL);
  return GTK_EDITABLE (self->phone_entry);
}

const char *
kiosk_appointment_flow_get_error (KioskAppointmentFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), NULL);
  return gtk_label_get_text (self->error)[0] != '\0' ? gtk_label_get_text (self->error) : NULL;
}

const char *
kiosk_appointment_flow_get_reference (KioskAppointmentFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), NULL);
  return kiosk_appointment_request_get_reference (self->request);
}

gboolean
kiosk_appointment_flow_get_keyboard_shown (KioskAppointmentFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->keyboard));
}

void
kiosk_appointment_flow_set_host_organisation (KioskAppointmentFlow *self, const char *id)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));

  g_free (self->host_organisation);
  self->host_organisation = id != NULL && id[0] != '\0' ? g_strdup (id) : NULL;
}

GtkPrintOperation *
kiosk_appointment_flow_new_receipt_slip (KioskAppointmentFlow *self)
{
  const char      *reference;
  g_autofree char *next = NULL;
  g_autofree char *when = NULL;
  g_autofree char *phone = NULL;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), NULL);

  reference = kiosk_appointment_request_get_reference (self->request);
  if (!self->submitted || reference == NULL)
    return NULL;
  next = kiosk_appointment_request_describe_next (self->request);
  /* A chosen time is already in @next; preferred days are not. */
  if (kiosk_appointment_request_get_slot (self->request) == NULL)
    when = kiosk_appointment_request_describe_time (self->request);
  phone = dup_library_phone (self);
  return kiosk_print_receipt_new (reference, next, when, phone);
}

void
kiosk_appointment_flow_set_call_days (KioskAppointmentFlow *self, guint working_days)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));

  kiosk_appointment_request_set_call_days (self->request, working_days);
  update_receipt (self);
}

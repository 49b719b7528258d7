/* kiosk-appointment-flow.c
 *
 * One question a screen, each answered with one tap on a large button; the only typing
 * is a name and a phone number, with the on-screen keyboard and number pad. Nothing a
 * resident types goes into a usage event: the funnel events name steps only.
 *
 * The request is personal data (docs/privacy.md). It exists in three places only: the
 * two entries while it is typed, the summary on the confirmation screen, and the
 * kiosk's outbox once confirmed (until the server has it). The entries and the summary
 * are emptied the moment the request is saved, and whenever the resident leaves.
 *
 * Built in code rather than from a template: most of it is lists made from the content
 * (slots) and sentences made from the answers, which are written again when the
 * language changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-appointment-flow.h"
#include "kiosk-hours-text.h"
#include "kiosk-keyboard.h"
#include "kiosk-qr-code.h"

#define N_QUESTIONS 5
#define SLOT_DAYS 14 /* how far ahead free slots are offered */
#define MAX_SLOTS 6  /* a short list: more is harder to choose from */

typedef struct
{
  const char *code;
  const char *label;
} Choice;

static const Choice reasons[] = {
  { "device", N_ ("Using a phone, tablet or computer") },
  { "omaolo-omakanta", N_ ("Omaolo or OmaKanta") },
  { "identification", N_ ("Strong identification or bank codes") },
  { "kela-forms", N_ ("Kela or other forms") },
  { "other", N_ ("Something else") },
};

static const Choice contacts[] = {
  { "phone", N_ ("An advisor calls me") },
  { "meeting", N_ ("I meet an advisor here at the library") },
  { "home-visit", N_ ("An advisor visits me at home") },
};

static const Choice times_of_day[] = {
  { "morning", N_ ("Mornings, 8–12") },
  { "afternoon", N_ ("Afternoons, 12–16") },
  { "any", N_ ("Any time of day") },
};

static const char *const day_codes[] = { "mon", "tue", "wed", "thu", "fri" };

/* Which slots suit which way of meeting: a call-back is a service counsellor's, a
 * meeting at the library a digital support advisor's. */
static const char *
slot_kind_for (const char *contact)
{
  if (g_strcmp0 (contact, "phone") == 0)
    return "service-counselling";
  if (g_strcmp0 (contact, "meeting") == 0)
    return "digital-support";
  return "home-visit";
}

struct _KioskAppointmentFlow
{
  GtkBox parent_instance;

  KioskStore    *store;
  KioskRecorder *recorder;
  NvLang         lang;

  GPtrArray     *texts; /* GtkLabel* whose "msgid" is translated again */
  GtkWidget     *scrolled;
  GtkWidget     *header;
  GtkLabel      *progress;
  GtkLabel      *title;
  GtkLabel      *intro;
  GtkStack      *pages;
  GtkWidget     *error_box;
  GtkLabel      *error;
  GtkWidget     *slot_list;
  GtkWidget     *day_buttons[G_N_ELEMENTS (day_codes)];
  GtkWidget     *time_buttons[G_N_ELEMENTS (times_of_day)];
  GtkWidget     *reason_buttons[G_N_ELEMENTS (reasons)];
  GtkWidget     *contact_buttons[G_N_ELEMENTS (contacts)];
  GtkEntry      *name_entry;
  GtkEntry      *phone_entry;
  KioskKeyboard *keyboard;
  GtkLabel      *summary;
  GtkLabel      *reference;
  GtkLabel      *receipt_next;
  GtkPicture    *receipt_code;
  guint          reveal_tick; /* a tick callback bringing the focused field into view */

  /* The request being made */
  KioskAppointmentStep step;
  gboolean             active;
  gboolean             submitted;
  GPtrArray           *visited; /* page names behind the current one */
  char                *guide;
  guint                guide_step;
  char                *reason;
  char                *contact;
  NvSlot              *slot;
  gboolean             days[G_N_ELEMENTS (day_codes)];
  char                *time_of_day;
  char                *reference_code;
};

enum
{
  STEP_SHOWN,
  SUBMITTED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskAppointmentFlow, kiosk_appointment_flow, GTK_TYPE_BOX)

const char *
kiosk_appointment_step_name (KioskAppointmentStep step)
{
  static const char *const names[]
      = { NULL, "reason", "contact", "time", "details", "privacy", "receipt" };

  g_return_val_if_fail (step >= KIOSK_APPOINTMENT_REASON && step <= KIOSK_APPOINTMENT_RECEIPT,
                        NULL);
  return names[step];
}

static const char *
choice_label (const Choice *choices, guint n, const char *code)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (choices[i].code, code) == 0)
      return _ (choices[i].label);
  return "";
}

/* Building */

static GtkWidget *
add_label (KioskAppointmentFlow *self, GtkWidget *box, const char *msgid, const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Content and answers are plain text: never markup. */
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (msgid != NULL)
    {
      g_object_set_data (G_OBJECT (label), "msgid", (gpointer) msgid);
      gtk_label_set_text (GTK_LABEL (label), _ (msgid));
      g_ptr_array_add (self->texts, label);
    }
  if (box != NULL)
    gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkWidget *
make_page (void)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);

  gtk_widget_set_valign (page, GTK_ALIGN_START);
  return page;
}

/* A large button whose name is its label; @icon (may be NULL) is shown before the text
 * when the button is chosen, so that the choice is not marked by colour alone. */
static GtkWidget *
make_choice (KioskAppointmentFlow *self,
             GtkWidget            *box,
             const char           *msgid,
             const char           *action,
             const char           *target,
             gboolean              toggle)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = add_label (self, NULL, msgid, NULL);

  if (toggle)
    {
      GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_widget_set_visible (mark, FALSE);
      gtk_widget_add_css_class (mark, "chosen-mark");
      gtk_box_append (GTK_BOX (content), mark);
      g_object_set_data (G_OBJECT (button), "mark", mark);
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                   GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
    }
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (content), label);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "choice");
  gtk_widget_add_css_class (button, "flow-choice");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (box != NULL)
    gtk_box_append (GTK_BOX (box), button);
  return button;
}

static void
set_chosen (GtkWidget *button, gboolean chosen)
{
  GtkWidget *mark = g_object_get_data (G_OBJECT (button), "mark");

  if (chosen)
    gtk_widget_add_css_class (button, "chosen");
  else
    gtk_widget_remove_css_class (button, "chosen");
  if (mark != NULL)
    {
      gtk_widget_set_visible (mark, chosen);
      gtk_accessible_update_state (
          GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
          chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
    }
}

static GtkWidget *
make_forward_button (KioskAppointmentFlow *self,
                     GtkWidget            *box,
                     const char           *msgid,
                     const char           *action)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = add_label (self, NULL, msgid, NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.5);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "nav-button");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_margin_top (button, 16);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

static GtkWidget *
make_field (KioskAppointmentFlow *self,
            GtkWidget            *box,
            const char           *msgid,
            const char           *hint_msgid,
            GtkEntry            **out_entry)
{
  GtkWidget *label = add_label (self, box, msgid, "field-label");
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_add_css_class (entry, "flow-entry");
  /* A next resident must not be able to bring back what the last one typed. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_box_append (GTK_BOX (box), entry);
  if (hint_msgid != NULL)
    {
      GtkWidget *hint = add_label (self, box, hint_msgid, "field-hint");

      gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      hint, NULL, -1);
    }
  *out_entry = GTK_ENTRY (entry);
  return entry;
}

/* Showing */

static void reveal_field (KioskAppointmentFlow *self);

static void
set_error (KioskAppointmentFlow *self, const char *message, GtkEntry *field)
{
  gtk_label_set_text (self->error, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
  gtk_accessible_update_state (
      GTK_ACCESSIBLE (self->name_entry), GTK_ACCESSIBLE_STATE_INVALID,
      field == self->name_entry ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
  gtk_accessible_update_state (
      GTK_ACCESSIBLE (self->phone_entry), GTK_ACCESSIBLE_STATE_INVALID,
      field == self->phone_entry ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
  if (field != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (field), "error");
      gtk_widget_grab_focus (GTK_WIDGET (field));
      reveal_field (self);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->phone_entry), "error");
    }
}

/* Scrolls so that the field being typed in is whole above the keys, with the message
 * about it too when there is room. Run from the frame clock two frames on, when the
 * layout that the last change caused has been made. */
static gboolean
reveal_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  /* Positions are taken in the viewport, which is the page showing now: plus the
   * scrolled distance, they are positions in all that can be scrolled. */
  GtkWidget     *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scrolled));
  GtkAdjustment *adjustment
      = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  GtkWidget      *field = NULL;
  GtkWidget      *focus;
  graphene_rect_t bounds, top_bounds;
  double          page, value, bottom, top;
  int            *frames = user_data;
  gboolean        compact = gtk_widget_get_visible (GTK_WIDGET (self->keyboard))
                     && gtk_widget_get_width (widget) > gtk_widget_get_height (widget);

  /* On a landscape screen the question's heading makes way for the keys, as in the
   * directory: the fields' own labels say what to type. Decided here, once the flow
   * has its size; then two more frames for the layout that follows. */
  if (gtk_widget_get_visible (self->header) == compact)
    {
      gtk_widget_set_visible (self->header, !compact);
      *frames = 0;
      return G_SOURCE_CONTINUE;
    }
  if (++(*frames) < 2)
    return G_SOURCE_CONTINUE;
  self->reveal_tick = 0;
  focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  if (focus != NULL
      && (focus == GTK_WIDGET (self->name_entry)
          || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->name_entry))))
    field = GTK_WIDGET (self->name_entry);
  else if (focus != NULL
           && (focus == GTK_WIDGET (self->phone_entry)
               || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->phone_entry))))
    field = GTK_WIDGET (self->phone_entry);
  if (field == NULL || !gtk_widget_compute_bounds (field, viewport, &bounds))
    return G_SOURCE_REMOVE;
  /* From the message (when shown) or the field's own label, down to the field. */
  if (!gtk_widget_compute_bounds (gtk_widget_get_visible (self->error_box)
                                      ? self->error_box
                                      : gtk_widget_get_prev_sibling (field),
                                  viewport, &top_bounds))
    top_bounds = bounds;
  page = gtk_adjustment_get_page_size (adjustment);
  value = gtk_adjustment_get_value (adjustment);
  top = value + top_bounds.origin.y - 8;
  bottom = value + bounds.origin.y + bounds.size.height + 8;
  if (bottom - top <= page)
    value = CLAMP (value, bottom - page, top);
  else
    value = bottom - page; /* not all of it: the field itself first */
  gtk_adjustment_set_value (adjustment, MAX (value, 0));
  return G_SOURCE_REMOVE;
}

static void
reveal_field (KioskAppointmentFlow *self)
{
  if (self->reveal_tick != 0)
    return;
  self->reveal_tick
      = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, g_new0 (int, 1), g_free);
}

/* The keys, with the field being typed in kept in sight above them, even on 1280×800
 * at the largest text size. */
static void
set_keyboard_shown (KioskAppointmentFlow *self, gboolean shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self->keyboard), shown);
  if (shown)
    reveal_field (self);
  else
    gtk_widget_set_visible (self->header, TRUE);
}

/* "Tuesday 24.11. 10:00–10:30", in Helsinki time. */
static char *
format_slot_time (const NvSlot *slot)
{
  g_autoptr (GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
  g_autoptr (GDateTime) starts = g_date_time_to_timezone (slot->starts_at, helsinki);
  g_autoptr (GDateTime) ends = g_date_time_add_minutes (starts, (int) slot->duration_minutes);
  g_autofree char *date = kiosk_format_date (starts);
  g_autofree char *from
      = kiosk_format_time (g_date_time_get_hour (starts), g_date_time_get_minute (starts));
  g_autofree char *to
      = kiosk_format_time (g_date_time_get_hour (ends), g_date_time_get_minute (ends));

  /* Translators: a free appointment time: weekday, date, start and end,
   * "Tuesday 24.11. 10:00–10:30" */
  return g_strdup_printf (C_ ("appointment slot", "%s %s %s–%s"),
                          kiosk_weekday_name (g_date_time_get_day_of_week (starts)), date, from,
                          to);
}

static char *
slot_place (KioskAppointmentFlow *self, const NvSlot *slot)
{
  g_autoptr (NvOrganisation) organisation = NULL;

  if (slot->organisation == NULL
      || (organisation = kiosk_store_get_organisation (self->store, slot->organisation)) == NULL)
    return NULL;
  return g_strdup (nv_text_get (&organisation->name, self->lang, NULL));
}

static void
fill_slots (KioskAppointmentFlow *self, GPtrArray *slots)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->slot_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->slot_list), child);
  for (guint i = 0; i < slots->len; i++)
    {
      const NvSlot    *slot = g_ptr_array_index (slots, i);
      g_autofree char *when = format_slot_time (slot);
      g_autofree char *place
          = g_strcmp0 (self->contact, "meeting") == 0 ? slot_place (self, slot) : NULL;
      GtkWidget *button
          = make_choice (self, self->slot_list, NULL, "appointment.slot", slot->id, FALSE);
      GtkWidget *label = gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (button)));
      g_autofree char *text
          = place != NULL ? g_strdup_printf ("%s\n%s", when, place) : g_strdup (when);

      gtk_label_set_text (GTK_LABEL (label), text);
    }
}

static GPtrArray *
free_slots (KioskAppointmentFlow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return kiosk_store_list_free_slots (self->store, slot_kind_for (self->contact), now, SLOT_DAYS,
                                      MAX_SLOTS);
}

static char *
describe_time (KioskAppointmentFlow *self)
{
  g_autoptr (GString) days = g_string_new (NULL);

  if (self->slot != NULL)
    return format_slot_time (self->slot);
  for (guint i = 0; i < G_N_ELEMENTS (day_codes); i++)
    if (self->days[i])
      {
        if (days->len > 0)
          g_string_append (days, ", ");
        g_string_append (days, kiosk_weekday_name ((int) i + 1));
      }
  /* Translators: the days and the time of day a resident would like to be contacted,
   * "Monday, Thursday — Mornings, 8–12" */
  return g_strdup_printf (
      C_ ("preferred time", "%s — %s"), days->str,
      choice_label (times_of_day, G_N_ELEMENTS (times_of_day), self->time_of_day));
}

static void
update_summary (KioskAppointmentFlow *self)
{
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;

  if (self->step != KIOSK_APPOINTMENT_PRIVACY)
    {
      gtk_label_set_text (self->summary, "");
      return;
    }
  when = describe_time (self);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  phone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_entry))));
  /* Translators: the request as the resident is about to send it; each %s is an answer */
  text = g_strdup_printf (_ ("Help with: %s\nContact: %s\nTime: %s\nName: %s\nPhone: %s"),
                          choice_label (reasons, G_N_ELEMENTS (reasons), self->reason),
                          choice_label (contacts, G_N_ELEMENTS (contacts), self->contact), when,
                          name, phone);
  gtk_label_set_text (self->summary, text);
}

static void
update_receipt (KioskAppointmentFlow *self)
{
  g_autofree char *when = NULL;
  g_autofree char *next = NULL;

  if (self->reference_code == NULL)
    return;
  gtk_label_set_text (self->reference, self->reference_code);
  if (self->slot != NULL)
    {
      when = format_slot_time (self->slot);
      /* Translators: on the receipt; true even when the kiosk is offline and the time
       * may have been taken meanwhile */
      next
          = g_strdup_printf (_ ("You chose %s. The advisor will confirm the time with you."), when);
    }
  else if (g_strcmp0 (self->contact, "phone") == 0)
    next = g_strdup (_ ("An advisor will call you on one of the days you chose."));
  else
    next = g_strdup (_ ("An advisor will contact you to agree on a time."));
  gtk_label_set_text (self->receipt_next, next);
}

static void
update_header (KioskAppointmentFlow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);
  const char *title = "", *intro = "";

  switch (self->step)
    {
    case KIOSK_APPOINTMENT_REASON:
      title = _ ("What do you need help with?");
      intro = _ ("An advisor helps you in person. Choose the closest one.");
      break;
    case KIOSK_APPOINTMENT_CONTACT:
      title = _ ("How would you like to get help?");
      break;
    case KIOSK_APPOINTMENT_TIME:
      if (g_strcmp0 (page, "slots") == 0)
        {
          title = _ ("Choose a time");
          intro = _ ("These times are free. Tap the one that suits you.");
        }
      else
        {
          title = _ ("When would suit you?");
          intro = _ ("Choose one or more days and a time of day. The advisor agrees the exact "
                     "time with you.");
        }
      break;
    case KIOSK_APPOINTMENT_DETAILS:
      title = _ ("Your name and phone number");
      intro = _ ("The advisor uses them only to contact you about this request.");
      break;
    case KIOSK_APPOINTMENT_PRIVACY:
      title = _ ("Check and send");
      break;
    case KIOSK_APPOINTMENT_RECEIPT:
      title = _ ("Thank you");
      break;
    default:
      break;
    }
  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->intro, intro);
  gtk_widget_set_visible (GTK_WIDGET (self->intro), intro[0] != '\0');
  if (self->step <= N_QUESTIONS)
    {
      /* Translators: where the resident is in the appointment request */
      g_autofree char *progress
          = g_strdup_printf (_ ("Question %u of %u"), self->step, N_QUESTIONS);

      gtk_label_set_text (self->progress, progress);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->step <= N_QUESTIONS);
}

static void
update_choices (KioskAppointmentFlow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    set_chosen (self->reason_buttons[i], g_strcmp0 (self->reason, reasons[i].code) == 0);
  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    set_chosen (self->contact_buttons[i], g_strcmp0 (self->contact, contacts[i].code) == 0);
  for (guint i = 0; i < G_N_ELEMENTS (day_codes); i++)
    set_chosen (self->day_buttons[i], self->days[i]);
  for (guint i = 0; i < G_N_ELEMENTS (times_of_day); i++)
    set_chosen (self->time_buttons[i], g_strcmp0 (self->time_of_day, times_of_day[i].code) == 0);
}

static KioskAppointmentStep
step_of_page (const char *page)
{
  if (g_str_equal (page, "reason"))
    return KIOSK_APPOINTMENT_REASON;
  if (g_str_equal (page, "contact"))
    return KIOSK_APPOINTMENT_CONTACT;
  if (g_str_equal (page, "slots") || g_str_equal (page, "preferred"))
    return KIOSK_APPOINTMENT_TIME;
  if (g_str_equal (page, "details"))
    return KIOSK_APPOINTMENT_DETAILS;
  if (g_str_equal (page, "privacy"))
    return KIOSK_APPOINTMENT_PRIVACY;
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
  set_keyboard_shown (self, step == KIOSK_APPOINTMENT_DETAILS);
  /* Each screen from its top. */
  gtk_adjustment_set_value (
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)), 0);
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
  g_clear_pointer (&self->guide, g_free);
  self->guide_step = 0;
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->contact, g_free);
  g_clear_pointer (&self->slot, nv_slot_free);
  memset (self->days, 0, sizeof self->days);
  g_clear_pointer (&self->time_of_day, g_free);
  g_clear_pointer (&self->reference_code, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  gtk_label_set_text (self->summary, "");
  gtk_label_set_text (self->reference, "");
  gtk_label_set_text (self->receipt_next, "");
  gtk_picture_set_paintable (self->receipt_code, NULL);
  g_ptr_array_set_size (self->visited, 0);
  self->submitted = FALSE;
}

/* Actions */

static void
reason_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  const char           *code = g_variant_get_string (parameter, NULL);

  if (self->step != KIOSK_APPOINTMENT_REASON || !nv_appointment_reason_is_valid (code))
    return;
  g_free (self->reason);
  self->reason = g_strdup (code);
  show_page (self, "contact", TRUE);
}

static void
contact_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  const char           *code = g_variant_get_string (parameter, NULL);
  g_autoptr (GPtrArray) slots = NULL;

  if (self->step != KIOSK_APPOINTMENT_CONTACT || !nv_appointment_contact_is_valid (code))
    return;
  if (g_strcmp0 (self->contact, code) != 0)
    g_clear_pointer (&self->slot, nv_slot_free);
  g_free (self->contact);
  self->contact = g_strdup (code);
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
  slot = kiosk_store_get_slot (self->store, g_variant_get_string (parameter, NULL));
  if (slot == NULL)
    return;
  g_clear_pointer (&self->slot, nv_slot_free);
  self->slot = g_steal_pointer (&slot);
  show_page (self, "details", TRUE);
}

static void
no_slot_fits_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);

  if (self->step != KIOSK_APPOINTMENT_TIME)
    return;
  g_clear_pointer (&self->slot, nv_slot_free);
  show_page (self, "preferred", TRUE);
}

static void
day_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  const char           *code = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (day_codes); i++)
    if (g_str_equal (code, day_codes[i]))
      self->days[i] = !self->days[i];
  set_error (self, NULL, NULL);
  update_choices (self);
}

static void
time_of_day_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  const char           *code = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (times_of_day); i++)
    if (g_str_equal (code, times_of_day[i].code))
      {
        g_free (self->time_of_day);
        self->time_of_day = g_strdup (code);
      }
  update_choices (self);
}

static void
times_done_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  gboolean              any = FALSE;

  if (self->step != KIOSK_APPOINTMENT_TIME)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (day_codes); i++)
    any |= self->days[i];
  if (!any)
    {
      set_error (self, _ ("Please choose at least one day."), NULL);
      return;
    }
  if (self->time_of_day == NULL)
    self->time_of_day = g_strdup ("any");
  show_page (self, "details", TRUE);
}

static void
details_done_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  g_autofree char      *name = NULL;
  g_autofree char      *phone = NULL;

  if (self->step != KIOSK_APPOINTMENT_DETAILS)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  if (name[0] == '\0')
    {
      set_error (self, _ ("Please write your name."), self->name_entry);
      return;
    }
  if (!nv_phone_normalise (gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)), &phone, NULL))
    {
      set_error (self,
                 _ ("Please check the phone number. Write a Finnish number, for example "
                    "040 123 4567."),
                 self->phone_entry);
      return;
    }
  show_page (self, "privacy", TRUE);
}

static void
confirm_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskAppointmentFlow *self = KIOSK_APPOINTMENT_FLOW (widget);
  g_autoptr (NvAppointment) appointment = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) days = NULL;
  g_autoptr (GdkTexture) code = NULL;
  g_autofree char *code_text = NULL;

  /* Once: a second tap lands on the receipt, where this does nothing. */
  if (self->step != KIOSK_APPOINTMENT_PRIVACY)
    return;
  appointment = nv_appointment_new ();
  appointment->reason = g_strdup (self->reason);
  appointment->contact_method = g_strdup (self->contact);
  if (self->slot != NULL)
    appointment->slot = g_strdup (self->slot->id);
  else
    {
      days = g_strv_builder_new ();
      for (guint i = 0; i < G_N_ELEMENTS (day_codes); i++)
        if (self->days[i])
          g_strv_builder_add (days, day_codes[i]);
      appointment->preferred_days = g_strv_builder_end (days);
      appointment->preferred_time = g_strdup (self->time_of_day);
    }
  appointment->name
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  if (!nv_phone_normalise (gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)),
                           &appointment->phone, NULL))
    return;
  appointment->guide = g_strdup (self->guide);
  appointment->guide_step = self->guide != NULL ? self->guide_step : 0;
  appointment->language = self->lang;

  if (!kiosk_store_appointments_add (self->store, appointment, &error))
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
  self->submitted = TRUE;
  self->reference_code = g_strdup (appointment->reference);
  code_text = g_strdup_printf ("Neuvokas %s", appointment->reference);
  if ((code = kiosk_qr_texture_new (code_text, 8, NULL)) != NULL)
    gtk_picture_set_paintable (self->receipt_code, GDK_PAINTABLE (code));
  record (self, NV_EVENT_APPOINTMENT_SUBMITTED, NULL, 0,
          self->slot != NULL ? "slot" : "preferred-time");
  g_ptr_array_set_size (self->visited, 0);
  update_receipt (self);
  show_page (self, "receipt", FALSE);
  g_signal_emit (self, signals[SUBMITTED], 0);
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
  reveal_field (self);
}

static void
entry_pressed_cb (
    GtkGestureClick *gesture, int n_press, double x, double y, KioskAppointmentFlow *self)
{
  set_keyboard_shown (self, TRUE);
  reveal_field (self);
}

static void
keyboard_done_cb (KioskAppointmentFlow *self)
{
  set_keyboard_shown (self, FALSE);
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

/* The object */

static void
kiosk_appointment_flow_dispose (GObject *object)
{
  KioskAppointmentFlow *self = (KioskAppointmentFlow *) object;

  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick);
  self->reveal_tick = 0;
  g_clear_object (&self->store);
  g_clear_object (&self->recorder);
  G_OBJECT_CLASS (kiosk_appointment_flow_parent_class)->dispose (object);
}

static void
kiosk_appointment_flow_finalize (GObject *object)
{
  KioskAppointmentFlow *self = (KioskAppointmentFlow *) object;

  g_ptr_array_unref (self->texts);
  g_ptr_array_unref (self->visited);
  g_free (self->guide);
  g_free (self->reason);
  g_free (self->contact);
  g_clear_pointer (&self->slot, nv_slot_free);
  g_free (self->time_of_day);
  g_free (self->reference_code);
  G_OBJECT_CLASS (kiosk_appointment_flow_parent_class)->finalize (object);
}

static void
kiosk_appointment_flow_class_init (KioskAppointmentFlowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_appointment_flow_dispose;
  object_class->finalize = kiosk_appointment_flow_finalize;

  signals[STEP_SHOWN] = g_signal_new ("step-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

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
  gtk_widget_class_set_css_name (widget_class, "appointment");
}

static void
kiosk_appointment_flow_init (KioskAppointmentFlow *self)
{
  GtkWidget *content, *page, *box, *error_icon;

  self->texts = g_ptr_array_new ();
  self->visited = g_ptr_array_new_with_free_func (g_free);
  self->lang = NV_LANG_DEFAULT;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_box_append (GTK_BOX (self), self->scrolled);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  gtk_widget_add_css_class (content, "flow-content");
  {
    /* The flow itself brings the field being typed in into view (reveal_field): the
     * viewport's own scrolling to the focus would undo it a frame later. */
    GtkWidget *viewport = gtk_viewport_new (NULL, NULL);

    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
    gtk_viewport_set_child (GTK_VIEWPORT (viewport), content);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), viewport);
  }

  self->header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (content), self->header);
  self->progress = GTK_LABEL (add_label (self, self->header, NULL, "step-progress"));
  self->title = GTK_LABEL (add_label (self, self->header, NULL, "page-title"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1,
                                  -1);
  g_object_set (self->title, "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);
  self->intro = GTK_LABEL (add_label (self, self->header, NULL, "flow-intro"));

  self->pages = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->pages, FALSE);
  gtk_stack_set_hhomogeneous (self->pages, FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->pages));

  /* 1. The reason */
  page = make_page ();
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    self->reason_buttons[i]
        = make_choice (self, page, reasons[i].label, "appointment.reason", reasons[i].code, TRUE);
  gtk_stack_add_named (self->pages, page, "reason");

  /* 2. The way of meeting */
  page = make_page ();
  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    self->contact_buttons[i] = make_choice (self, page, contacts[i].label, "appointment.contact",
                                            contacts[i].code, TRUE);
  gtk_stack_add_named (self->pages, page, "contact");

  /* 3a. A free slot… */
  page = make_page ();
  self->slot_list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  gtk_box_append (GTK_BOX (page), self->slot_list);
  make_choice (self, page, N_ ("None of these times suits me"), "appointment.no-slot-fits", NULL,
               FALSE);
  gtk_stack_add_named (self->pages, page, "slots");

  /* 3b. …or preferred days and a time of day */
  page = make_page ();
  add_label (self, page, N_ ("Days"), "section-title");
  box = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (box), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 5);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 16);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 16);
  gtk_box_append (GTK_BOX (page), box);
  for (guint i = 0; i < G_N_ELEMENTS (day_codes); i++)
    {
      /* The weekday names are the ones already translated for opening hours. */
      self->day_buttons[i] = make_choice (self, NULL, NULL, "appointment.day", day_codes[i], TRUE);
      gtk_flow_box_insert (GTK_FLOW_BOX (box), self->day_buttons[i], -1);
      gtk_widget_set_focusable (gtk_widget_get_parent (self->day_buttons[i]), FALSE);
    }
  add_label (self, page, N_ ("Time of day"), "section-title");
  for (guint i = 0; i < G_N_ELEMENTS (times_of_day); i++)
    self->time_buttons[i] = make_choice (self, page, times_of_day[i].label,
                                         "appointment.time-of-day", times_of_day[i].code, TRUE);
  make_forward_button (self, page, N_ ("Continue"), "appointment.times-done");
  gtk_stack_add_named (self->pages, page, "preferred");

  /* 4. Name and phone number */
  page = make_page ();
  make_field (self, page, N_ ("Your name"), NULL, &self->name_entry);
  gtk_entry_set_max_length (self->name_entry, 100);
  gtk_entry_set_input_purpose (self->name_entry, GTK_INPUT_PURPOSE_NAME);
  make_field (self, page, N_ ("Your phone number"), N_ ("For example 040 123 4567"),
              &self->phone_entry);
  gtk_entry_set_max_length (self->phone_entry, 20);
  gtk_entry_set_input_purpose (self->phone_entry, GTK_INPUT_PURPOSE_PHONE);
  make_forward_button (self, page, N_ ("Continue"), "appointment.details-done");
  gtk_stack_add_named (self->pages, page, "details");

  /* 5. The privacy notice and Confirm */
  page = make_page ();
  self->summary = GTK_LABEL (add_label (self, page, NULL, "flow-summary"));
  add_label (self, page, N_ ("Who sees this and why"), "section-title");
  add_label (self, page,
             N_ ("Your name, phone number and request go to the digital support "
                 "advisors of the wellbeing services county. They use them only to "
                 "contact you and help you with this request."),
             NULL);
  add_label (self, page,
             N_ ("This kiosk keeps your request only until it has reached the "
                 "advisors, and then deletes it. The advisors erase your name and "
                 "phone number at the latest 90 days after your request has been "
                 "handled. The statistics of how the kiosk is used never contain "
                 "them."),
             NULL);
  add_label (self, page,
             N_ ("You can ask the advisor what is stored about you, and have it "
                 "corrected or erased."),
             NULL);
  make_forward_button (self, page, N_ ("Confirm and send"), "appointment.confirm");
  gtk_stack_add_named (self->pages, page, "privacy");

  /* 6. The receipt */
  page = make_page ();
  add_label (self, page, N_ ("Your request is saved and will be delivered to an advisor."),
             "step-text");
  add_label (self, page, N_ ("Your reference"), "section-title");
  self->reference = GTK_LABEL (add_label (self, page, NULL, "reference-code"));
  gtk_label_set_selectable (self->reference, FALSE);
  self->receipt_next = GTK_LABEL (add_label (self, page, NULL, NULL));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  self->receipt_code = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->receipt_code, FALSE);
  gtk_widget_set_valign (GTK_WIDGET (self->receipt_code), GTK_ALIGN_START);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->receipt_code));
  add_label (self, box, N_ ("Take a photo of this code with your phone to keep the reference."),
             NULL);
  gtk_widget_set_hexpand (gtk_widget_get_last_child (box), TRUE);
  gtk_box_append (GTK_BOX (page), box);
  make_forward_button (self, page, N_ ("Done"), "appointment.finish");
  gtk_stack_add_named (self->pages, page, "receipt");

  /* A message about the answer on the screen: words and an icon, not colour alone. */
  self->error_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->error_box, "flow-error");
  /* The words say it; a screen reader need not read the icon too. */
  error_icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "dialog-warning-symbolic",
                             "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_box_append (GTK_BOX (self->error_box), error_icon);
  self->error = GTK_LABEL (add_label (self, self->error_box, NULL, NULL));
  g_object_set (self->error, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT, NULL);
  gtk_widget_set_visible (self->error_box, FALSE);
  /* Right under the question, where the eyes are. */
  gtk_box_insert_child_after (GTK_BOX (content), self->error_box, self->header);

  self->keyboard = KIOSK_KEYBOARD (kiosk_keyboard_new (KIOSK_KEYBOARD_TEXT));
  gtk_widget_set_visible (GTK_WIDGET (self->keyboard), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->keyboard));
  g_signal_connect_swapped (self->keyboard, "done", G_CALLBACK (keyboard_done_cb), self);
  watch_entry (self, self->name_entry);
  watch_entry (self, self->phone_entry);

  gtk_stack_set_visible_child_name (self->pages, "reason");
  self->step = KIOSK_APPOINTMENT_REASON;
  kiosk_appointment_flow_set_language (self, self->lang);
}

GtkWidget *
kiosk_appointment_flow_new (void)
{
  return g_object_new (KIOSK_TYPE_APPOINTMENT_FLOW, NULL);
}

void
kiosk_appointment_flow_setup (KioskAppointmentFlow *self,
                              KioskStore           *store,
                              KioskRecorder        *recorder)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));
  g_return_if_fail (KIOSK_IS_STORE (store));

  g_set_object (&self->store, store);
  g_set_object (&self->recorder, recorder);
}

void
kiosk_appointment_flow_start (KioskAppointmentFlow *self,
                              const char           *guide,
                              guint                 guide_step,
                              NvLang                lang)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));
  g_return_if_fail (self->store != NULL);

  kiosk_appointment_flow_leave (self);
  self->guide = g_strdup (guide);
  self->guide_step = guide != NULL ? MAX (guide_step, 1) : 0;
  self->lang = lang;
  self->active = TRUE;
  record (self, NV_EVENT_APPOINTMENT_STARTED, guide, self->guide_step, NULL);
  kiosk_appointment_flow_set_language (self, lang);
  show_page (self, "reason", FALSE);
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
  set_keyboard_shown (self, FALSE);
}

void
kiosk_appointment_flow_set_language (KioskAppointmentFlow *self, NvLang lang)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self));

  self->lang = lang;
  for (guint i = 0; i < self->texts->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (self->texts, i);

      gtk_label_set_text (label, _ (g_object_get_data (G_OBJECT (label), "msgid")));
    }
  for (guint i = 0; i < G_N_ELEMENTS (day_codes); i++)
    {
      GtkWidget *content = gtk_button_get_child (GTK_BUTTON (self->day_buttons[i]));

      gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (content)),
                          kiosk_weekday_name ((int) i + 1));
    }
  if (self->step == KIOSK_APPOINTMENT_TIME && self->store != NULL && self->contact != NULL)
    {
      g_autoptr (GPtrArray) slots = free_slots (self);

      fill_slots (self, slots);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->receipt_code),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("QR code of your reference"),
                                  -1);
  /* An error stays where it is; its words follow the language on the next check. */
  update_header (self);
  update_summary (self);
  update_receipt (self);
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
  return gtk_widget_get_visible (self->error_box) ? gtk_label_get_text (self->error) : NULL;
}

const char *
kiosk_appointment_flow_get_reference (KioskAppointmentFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), NULL);
  return self->reference_code;
}

gboolean
kiosk_appointment_flow_get_keyboard_shown (KioskAppointmentFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_FLOW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->keyboard));
}

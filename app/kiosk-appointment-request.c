/* kiosk-appointment-request.c
 *
 * What a resident has answered so far, checked screen by screen and turned into the
 * NvAppointment the store saves. No widgets here, so that every answer, check and
 * sentence is tested without a display; the flow (kiosk-appointment-flow.c) only shows
 * the request and passes the taps on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-appointment-request.h"
#include "kiosk-hours-text.h"
#include "nv-error.h"
#include "nv-opening-hours.h"

#define N_DAYS 5

static const KioskAppointmentChoice reasons[] = {
  { "device", N_ ("Using a phone, tablet or computer") },
  { "omaolo-omakanta", N_ ("Omaolo or OmaKanta") },
  { "identification", N_ ("Strong identification or bank codes") },
  { "kela-forms", N_ ("Kela or other forms") },
  { "other", N_ ("Something else") },
};

static const KioskAppointmentChoice contacts[] = {
  { "phone", N_ ("An advisor calls me") },
  { "meeting", N_ ("I meet an advisor here at the library") },
  { "home-visit", N_ ("An advisor visits me at home") },
};

static const KioskAppointmentChoice times_of_day[] = {
  { "morning", N_ ("Mornings, 8–12") },
  { "afternoon", N_ ("Afternoons, 12–16") },
  { "any", N_ ("Any time of day") },
};

static const char *const day_codes[N_DAYS + 1] = { "mon", "tue", "wed", "thu", "fri", NULL };

struct _KioskAppointmentRequest
{
  GObject parent_instance;

  char    *guide;
  guint    guide_step;
  char    *reason;
  char    *contact;
  NvSlot  *slot;
  gboolean days[N_DAYS];
  char    *time_of_day;
  char    *name;
  char    *phone;
  char    *reference;
  guint    call_days; /* the advisors' promise, in working days; 0: none made */
};

G_DEFINE_FINAL_TYPE (KioskAppointmentRequest, kiosk_appointment_request, G_TYPE_OBJECT)

const KioskAppointmentChoice *
kiosk_appointment_reasons (guint *n_choices)
{
  g_return_val_if_fail (n_choices != NULL, NULL);
  *n_choices = G_N_ELEMENTS (reasons);
  return reasons;
}

const KioskAppointmentChoice *
kiosk_appointment_contacts (guint *n_choices)
{
  g_return_val_if_fail (n_choices != NULL, NULL);
  *n_choices = G_N_ELEMENTS (contacts);
  return contacts;
}

const KioskAppointmentChoice *
kiosk_appointment_times_of_day (guint *n_choices)
{
  g_return_val_if_fail (n_choices != NULL, NULL);
  *n_choices = G_N_ELEMENTS (times_of_day);
  return times_of_day;
}

const char *const *
kiosk_appointment_day_codes (void)
{
  return day_codes;
}

/* The choice with @code, or NULL. */
static const KioskAppointmentChoice *
find_choice (const KioskAppointmentChoice *choices, guint n, const char *code)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (choices[i].code, code) == 0)
      return &choices[i];
  return NULL;
}

static const char *
choice_label (const KioskAppointmentChoice *choices, guint n, const char *code)
{
  const KioskAppointmentChoice *choice = find_choice (choices, n, code);

  return choice != NULL ? _ (choice->label) : "";
}

/* 0 … 4 for "mon" … "fri", -1 for anything else. */
static int
day_index (const char *day)
{
  for (int i = 0; i < N_DAYS; i++)
    if (g_strcmp0 (day, day_codes[i]) == 0)
      return i;
  return -1;
}

/* Replaces *@field with a copy of @value. */
static void
set_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

char *
kiosk_appointment_format_slot (const NvSlot *slot)
{
  g_autoptr (GDateTime) starts = NULL;
  g_autoptr (GDateTime) ends = NULL;
  g_autofree char *date = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (slot != NULL && slot->starts_at != NULL, NULL);

  starts = g_date_time_to_timezone (slot->starts_at, nv_helsinki_tz ());
  ends = g_date_time_add_minutes (starts, (int) slot->duration_minutes);
  date = kiosk_format_date (starts);
  from = kiosk_format_time (g_date_time_get_hour (starts), g_date_time_get_minute (starts));
  to = kiosk_format_time (g_date_time_get_hour (ends), g_date_time_get_minute (ends));
  /* Translators: a free appointment time: weekday, date, start and end,
   * "Tuesday 24.11. 10:00–10:30" */
  return g_strdup_printf (C_ ("appointment slot", "%s %s %s–%s"),
                          kiosk_weekday_name (g_date_time_get_day_of_week (starts)), date, from,
                          to);
}

static void
kiosk_appointment_request_finalize (GObject *object)
{
  KioskAppointmentRequest *self = KIOSK_APPOINTMENT_REQUEST (object);

  kiosk_appointment_request_clear (self);
  G_OBJECT_CLASS (kiosk_appointment_request_parent_class)->finalize (object);
}

static void
kiosk_appointment_request_class_init (KioskAppointmentRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_appointment_request_finalize;
}

static void
kiosk_appointment_request_init (KioskAppointmentRequest *self)
{
}

KioskAppointmentRequest *
kiosk_appointment_request_new (void)
{
  return g_object_new (KIOSK_TYPE_APPOINTMENT_REQUEST, NULL);
}

void
kiosk_appointment_request_clear (KioskAppointmentRequest *self)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self));

  g_clear_pointer (&self->guide, g_free);
  self->guide_step = 0;
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->contact, g_free);
  g_clear_pointer (&self->slot, nv_slot_free);
  memset (self->days, 0, sizeof self->days);
  g_clear_pointer (&self->time_of_day, g_free);
  g_clear_pointer (&self->name, nv_personal_free);
  g_clear_pointer (&self->phone, nv_personal_free);
  g_clear_pointer (&self->reference, g_free);
}

void
kiosk_appointment_request_set_origin (KioskAppointmentRequest *self,
                                      const char              *guide,
                                      guint                    guide_step)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self));

  set_string (&self->guide, guide);
  self->guide_step = guide != NULL ? MAX (guide_step, 1) : 0;
}

const char *
kiosk_appointment_request_get_guide (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);
  return self->guide;
}

guint
kiosk_appointment_request_get_guide_step (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), 0);
  return self->guide_step;
}

gboolean
kiosk_appointment_request_set_reason (KioskAppointmentRequest *self, const char *code)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), FALSE);

  if (!nv_appointment_reason_is_valid (code))
    return FALSE;
  set_string (&self->reason, code);
  return TRUE;
}

const char *
kiosk_appointment_request_get_reason (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);
  return self->reason;
}

gboolean
kiosk_appointment_request_set_contact (KioskAppointmentRequest *self, const char *code)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), FALSE);

  if (!nv_appointment_contact_is_valid (code))
    return FALSE;
  if (g_strcmp0 (self->contact, code) != 0)
    g_clear_pointer (&self->slot, nv_slot_free);
  set_string (&self->contact, code);
  return TRUE;
}

const char *
kiosk_appointment_request_get_contact (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);
  return self->contact;
}

const char *
kiosk_appointment_request_get_slot_kind (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);

  if (g_strcmp0 (self->contact, "phone") == 0)
    return "service-counselling";
  if (g_strcmp0 (self->contact, "meeting") == 0)
    return "digital-support";
  return "home-visit";
}

void
kiosk_appointment_request_set_slot (KioskAppointmentRequest *self, const NvSlot *slot)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self));

  g_clear_pointer (&self->slot, nv_slot_free);
  if (slot != NULL)
    self->slot = nv_slot_copy (slot);
}

const NvSlot *
kiosk_appointment_request_get_slot (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);
  return self->slot;
}

gboolean
kiosk_appointment_request_toggle_day (KioskAppointmentRequest *self, const char *day)
{
  int i;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), FALSE);

  if ((i = day_index (day)) < 0)
    return FALSE;
  self->days[i] = !self->days[i];
  return TRUE;
}

gboolean
kiosk_appointment_request_get_day (KioskAppointmentRequest *self, const char *day)
{
  int i;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), FALSE);

  i = day_index (day);
  return i >= 0 && self->days[i];
}

gboolean
kiosk_appointment_request_set_time_of_day (KioskAppointmentRequest *self, const char *code)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), FALSE);

  if (find_choice (times_of_day, G_N_ELEMENTS (times_of_day), code) == NULL)
    return FALSE;
  set_string (&self->time_of_day, code);
  return TRUE;
}

const char *
kiosk_appointment_request_get_time_of_day (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);
  return self->time_of_day;
}

void
kiosk_appointment_request_set_name (KioskAppointmentRequest *self, const char *name)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self));
  nv_personal_free (self->name);
  self->name = g_strdup (name);
}

const char *
kiosk_appointment_request_get_name (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);
  return self->name;
}

void
kiosk_appointment_request_set_phone (KioskAppointmentRequest *self, const char *phone)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self));
  nv_personal_free (self->phone);
  self->phone = g_strdup (phone);
}

const char *
kiosk_appointment_request_get_phone (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);
  return self->phone;
}

gboolean
kiosk_appointment_request_check_times (KioskAppointmentRequest *self, GError **error)
{
  gboolean any = FALSE;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), FALSE);

  for (guint i = 0; i < N_DAYS; i++)
    any |= self->days[i];
  if (!any)
    {
      nv_set_field_error (error, "preferred_days", "%s", _ ("Please choose at least one day."));
      return FALSE;
    }
  if (self->time_of_day == NULL)
    self->time_of_day = g_strdup ("any");
  return TRUE;
}

/* The name without the spaces around it, and the number as +358…; FALSE with the error
 * of the first that would not do. */
static gboolean
read_details (KioskAppointmentRequest *self, char **out_name, char **out_phone, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (self->name != NULL ? self->name : ""));

  if (name[0] == '\0')
    {
      nv_set_field_error (error, "name", "%s", _ ("Please write your name."));
      return FALSE;
    }
  if (!nv_phone_normalise (self->phone != NULL ? self->phone : "", out_phone, NULL))
    {
      nv_set_field_error (error, "phone", "%s",
                          _ ("Please check the phone number. Write a Finnish number, for "
                             "example 040 123 4567."));
      return FALSE;
    }
  if (out_name != NULL)
    *out_name = g_steal_pointer (&name);
  return TRUE;
}

gboolean
kiosk_appointment_request_check_details (KioskAppointmentRequest *self, GError **error)
{
  g_autofree char *phone = NULL;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), FALSE);
  return read_details (self, NULL, &phone, error);
}

NvAppointment *
kiosk_appointment_request_to_appointment (KioskAppointmentRequest *self,
                                          NvLang                   language,
                                          GError                 **error)
{
  g_autoptr (NvAppointment) appointment = NULL;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);

  appointment = nv_appointment_new ();
  if (!read_details (self, &appointment->name, &appointment->phone, error))
    return NULL;
  appointment->reason = g_strdup (self->reason);
  appointment->contact_method = g_strdup (self->contact);
  if (self->slot != NULL)
    appointment->slot = g_strdup (self->slot->id);
  else
    {
      g_autoptr (GStrvBuilder) days = g_strv_builder_new ();

      for (guint i = 0; i < N_DAYS; i++)
        if (self->days[i])
          g_strv_builder_add (days, day_codes[i]);
      appointment->preferred_days = g_strv_builder_end (days);
      appointment->preferred_time = g_strdup (self->time_of_day);
    }
  appointment->guide = g_strdup (self->guide);
  appointment->guide_step = self->guide != NULL ? self->guide_step : 0;
  appointment->language = language;
  return g_steal_pointer (&appointment);
}

void
kiosk_appointment_request_set_submitted (KioskAppointmentRequest *self, const char *reference)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self));

  g_clear_pointer (&self->name, nv_personal_free);
  g_clear_pointer (&self->phone, nv_personal_free);
  set_string (&self->reference, reference);
}

const char *
kiosk_appointment_request_get_reference (KioskAppointmentRequest *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);
  return self->reference;
}

char *
kiosk_appointment_request_describe_time (KioskAppointmentRequest *self)
{
  g_autoptr (GString) days = g_string_new (NULL);

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);

  if (self->slot != NULL)
    return kiosk_appointment_format_slot (self->slot);
  for (guint i = 0; i < N_DAYS; i++)
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

char *
kiosk_appointment_request_describe (KioskAppointmentRequest *self)
{
  g_autofree char *when = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);

  when = kiosk_appointment_request_describe_time (self);
  name = g_strstrip (g_strdup (self->name != NULL ? self->name : ""));
  phone = g_strstrip (g_strdup (self->phone != NULL ? self->phone : ""));
  /* Translators: the request as the resident is about to send it; each %s is an answer */
  return g_strdup_printf (_ ("Help with: %s\nContact: %s\nTime: %s\nName: %s\nPhone: %s"),
                          choice_label (reasons, G_N_ELEMENTS (reasons), self->reason),
                          choice_label (contacts, G_N_ELEMENTS (contacts), self->contact), when,
                          name, phone);
}

char *
kiosk_appointment_request_describe_next (KioskAppointmentRequest *self)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self), NULL);

  if (self->slot != NULL)
    {
      when = kiosk_appointment_format_slot (self->slot);
      /* Translators: on the receipt; true even when the kiosk is offline and the time
       * may have been taken meanwhile */
      return g_strdup_printf (_ ("You chose %s. The advisor will confirm the time with you."),
                              when);
    }
  if (self->call_days > 0 && g_strcmp0 (self->contact, "phone") == 0)
    /* Translators: on the receipt; %u is a number of working days (arkipäivä), set by
     * the library */
    return g_strdup_printf (ngettext ("An advisor will call you within %u working day, on one "
                                      "of the days you chose.",
                                      "An advisor will call you within %u working days, on one "
                                      "of the days you chose.",
                                      self->call_days),
                            self->call_days);
  if (self->call_days > 0)
    /* Translators: on the receipt; %u is a number of working days (arkipäivä), set by
     * the library */
    return g_strdup_printf (ngettext ("An advisor will contact you within %u working day to agree "
                                      "on a time.",
                                      "An advisor will contact you within %u working days to "
                                      "agree on a time.",
                                      self->call_days),
                            self->call_days);
  if (g_strcmp0 (self->contact, "phone") == 0)
    return g_strdup (_ ("An advisor will call you on one of the days you chose."));
  return g_strdup (_ ("An advisor will contact you to agree on a time."));
}

void
kiosk_appointment_request_set_call_days (KioskAppointmentRequest *self, guint working_days)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_REQUEST (self));
  self->call_days = working_days;
}

char *
kiosk_appointment_describe_if_nobody_calls (const char *library_phone)
{
  if (library_phone != NULL && library_phone[0] != '\0')
    /* Translators: on the receipt and its printed slip; %s is the library's phone number */
    return g_strdup_printf (_ ("Call the library at %s and tell them your reference."),
                            library_phone);
  return g_strdup (_ ("Ask the library staff for help and tell them your reference."));
}

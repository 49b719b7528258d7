/* test-kiosk-appointment-request.c — the answers of an appointment request, their checks
 * and the NvAppointment they make, without a display
 *
 * Runs with TZ=Europe/Helsinki and no LANGUAGE: the English source strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-appointment-request.h"
#include "nv-error.h"
#include "nv-opening-hours.h"

typedef struct
{
  KioskAppointmentRequest *request;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->request = kiosk_appointment_request_new ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->request);
}

/* Tuesday 24 November 2026, 10:00 in Helsinki, 30 minutes at the main library. */
static NvSlot *
make_slot (void)
{
  NvSlot *slot = nv_slot_new ();

  slot->id = g_strdup ("slot-1");
  slot->organisation = g_strdup ("oulu-library");
  slot->kind = g_strdup ("digital-support");
  slot->starts_at = g_date_time_new (nv_helsinki_tz (), 2026, 11, 24, 10, 0, 0);
  slot->duration_minutes = 30;
  slot->capacity = 1;
  return slot;
}

/* An invalid-field error with this field and this sentence. */
static void
assert_field_error (const GError *error, const char *field, const char *message)
{
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (error), ==, field);
  g_assert_cmpstr (nv_error_get_sentence (error), ==, message);
}

static void
test_choices (void)
{
  guint n;

  g_assert_cmpstr (kiosk_appointment_reasons (&n)[0].code, ==, "device");
  g_assert_cmpuint (n, ==, 5);
  for (guint i = 0; i < n; i++)
    g_assert_true (nv_appointment_reason_is_valid (kiosk_appointment_reasons (&n)[i].code));
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpstr (kiosk_appointment_contacts (&n)[2].label, ==, "An advisor visits me at home");
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < n; i++)
    g_assert_true (nv_appointment_contact_is_valid (kiosk_appointment_contacts (&n)[i].code));
  g_assert_cmpstr (kiosk_appointment_times_of_day (&n)[0].code, ==, "morning");
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (g_strv_length ((GStrv) kiosk_appointment_day_codes ()), ==, 5);
  g_assert_cmpstr (kiosk_appointment_day_codes ()[4], ==, "fri");
}

static void
test_answers (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentRequest *request = fixture->request;
  g_autoptr (NvSlot) slot = make_slot ();

  kiosk_appointment_request_set_origin (request, "omaolo", 0);
  g_assert_cmpstr (kiosk_appointment_request_get_guide (request), ==, "omaolo");
  g_assert_cmpuint (kiosk_appointment_request_get_guide_step (request), ==, 1);
  kiosk_appointment_request_set_origin (request, NULL, 3);
  g_assert_null (kiosk_appointment_request_get_guide (request));
  g_assert_cmpuint (kiosk_appointment_request_get_guide_step (request), ==, 0);

  g_assert_false (kiosk_appointment_request_set_reason (request, "gossip"));
  g_assert_null (kiosk_appointment_request_get_reason (request));
  g_assert_true (kiosk_appointment_request_set_reason (request, "kela-forms"));
  g_assert_cmpstr (kiosk_appointment_request_get_reason (request), ==, "kela-forms");

  g_assert_false (kiosk_appointment_request_set_contact (request, "letter"));
  g_assert_null (kiosk_appointment_request_get_contact (request));
  g_assert_cmpstr (kiosk_appointment_request_get_slot_kind (request), ==, "home-visit");
  g_assert_true (kiosk_appointment_request_set_contact (request, "phone"));
  g_assert_cmpstr (kiosk_appointment_request_get_slot_kind (request), ==, "service-counselling");
  g_assert_true (kiosk_appointment_request_set_contact (request, "meeting"));
  g_assert_cmpstr (kiosk_appointment_request_get_slot_kind (request), ==, "digital-support");

  /* A slot is kept while the way of meeting stays, and forgotten when it changes. */
  kiosk_appointment_request_set_slot (request, slot);
  g_assert_true (kiosk_appointment_request_get_slot (request) != slot);
  g_assert_cmpstr (kiosk_appointment_request_get_slot (request)->id, ==, "slot-1");
  g_assert_true (kiosk_appointment_request_set_contact (request, "meeting"));
  g_assert_nonnull (kiosk_appointment_request_get_slot (request));
  g_assert_true (kiosk_appointment_request_set_contact (request, "home-visit"));
  g_assert_null (kiosk_appointment_request_get_slot (request));
  kiosk_appointment_request_set_slot (request, slot);
  kiosk_appointment_request_set_slot (request, NULL);
  g_assert_null (kiosk_appointment_request_get_slot (request));

  g_assert_false (kiosk_appointment_request_toggle_day (request, "sat"));
  g_assert_true (kiosk_appointment_request_toggle_day (request, "wed"));
  g_assert_true (kiosk_appointment_request_get_day (request, "wed"));
  g_assert_false (kiosk_appointment_request_get_day (request, "thu"));
  g_assert_false (kiosk_appointment_request_get_day (request, "sat"));
  g_assert_true (kiosk_appointment_request_toggle_day (request, "wed"));
  g_assert_false (kiosk_appointment_request_get_day (request, "wed"));

  g_assert_false (kiosk_appointment_request_set_time_of_day (request, "night"));
  g_assert_null (kiosk_appointment_request_get_time_of_day (request));
  g_assert_true (kiosk_appointment_request_set_time_of_day (request, "afternoon"));
  g_assert_cmpstr (kiosk_appointment_request_get_time_of_day (request), ==, "afternoon");

  kiosk_appointment_request_set_name (request, " Aino ");
  g_assert_cmpstr (kiosk_appointment_request_get_name (request), ==, " Aino ");
  kiosk_appointment_request_set_phone (request, "040 123 4567");
  g_assert_cmpstr (kiosk_appointment_request_get_phone (request), ==, "040 123 4567");
}

static void
test_check_times (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentRequest *request = fixture->request;
  g_autoptr (GError) error = NULL;

  g_assert_false (kiosk_appointment_request_check_times (request, &error));
  assert_field_error (error, "preferred_days", "Please choose at least one day.");
  g_assert_null (kiosk_appointment_request_get_time_of_day (request));

  /* A day is enough: any time of day, unless one was chosen. */
  kiosk_appointment_request_toggle_day (request, "mon");
  g_assert_true (kiosk_appointment_request_check_times (request, NULL));
  g_assert_cmpstr (kiosk_appointment_request_get_time_of_day (request), ==, "any");
  kiosk_appointment_request_set_time_of_day (request, "morning");
  g_assert_true (kiosk_appointment_request_check_times (request, NULL));
  g_assert_cmpstr (kiosk_appointment_request_get_time_of_day (request), ==, "morning");
}

static void
test_check_details (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentRequest *request = fixture->request;
  const char              *bad_phone
      = "Please check the phone number. Write a Finnish number, for example 040 123 4567.";
  GError *error = NULL;

  g_assert_false (kiosk_appointment_request_check_details (request, &error));
  assert_field_error (error, "name", "Please write your name.");
  g_clear_error (&error);
  kiosk_appointment_request_set_name (request, "   ");
  kiosk_appointment_request_set_phone (request, "040 123 4567");
  g_assert_false (kiosk_appointment_request_check_details (request, &error));
  assert_field_error (error, "name", "Please write your name.");
  g_clear_error (&error);

  kiosk_appointment_request_set_name (request, "Aino");
  kiosk_appointment_request_set_phone (request, NULL);
  g_assert_false (kiosk_appointment_request_check_details (request, &error));
  assert_field_error (error, "phone", bad_phone);
  g_clear_error (&error);
  kiosk_appointment_request_set_phone (request, "12");
  g_assert_false (kiosk_appointment_request_check_details (request, &error));
  assert_field_error (error, "phone", bad_phone);
  g_clear_error (&error);
  /* The errors are the same when the request is made. */
  g_assert_null (kiosk_appointment_request_to_appointment (request, NV_LANG_FI, &error));
  assert_field_error (error, "phone", bad_phone);
  g_clear_error (&error);

  kiosk_appointment_request_set_phone (request, "040-1234567");
  g_assert_true (kiosk_appointment_request_check_details (request, &error));
  g_assert_no_error (error);
}

/* Preferred days: every field of the request from the answers, the name without the
 * spaces around it and the number normalised. */
static void
test_to_appointment_preferred (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentRequest *request = fixture->request;
  g_autoptr (NvAppointment) appointment = NULL;
  g_autoptr (GError) error = NULL;

  kiosk_appointment_request_set_origin (request, "omaolo", 3);
  kiosk_appointment_request_set_reason (request, "omaolo-omakanta");
  kiosk_appointment_request_set_contact (request, "phone");
  kiosk_appointment_request_toggle_day (request, "thu");
  kiosk_appointment_request_toggle_day (request, "mon");
  kiosk_appointment_request_check_times (request, NULL);
  kiosk_appointment_request_set_name (request, "  Aino Virtanen ");
  kiosk_appointment_request_set_phone (request, " 040 123 4567 ");
  appointment = kiosk_appointment_request_to_appointment (request, NV_LANG_SV, &error);
  g_assert_no_error (error);
  g_assert_nonnull (appointment->id);
  g_assert_nonnull (appointment->reference);
  g_assert_nonnull (appointment->created);
  g_assert_cmpstr (appointment->reason, ==, "omaolo-omakanta");
  g_assert_cmpstr (appointment->contact_method, ==, "phone");
  g_assert_null (appointment->slot);
  g_assert_cmpstrv (appointment->preferred_days, ((const char *[]){ "mon", "thu", NULL }));
  g_assert_cmpstr (appointment->preferred_time, ==, "any");
  g_assert_cmpstr (appointment->name, ==, "Aino Virtanen");
  g_assert_cmpstr (appointment->phone, ==, "+358401234567");
  g_assert_cmpstr (appointment->guide, ==, "omaolo");
  g_assert_cmpuint (appointment->guide_step, ==, 3);
  g_assert_cmpint (appointment->language, ==, NV_LANG_SV);
  g_assert_true (nv_appointment_validate (appointment, NULL));
}

/* A slot: its id instead of days, and no guide when the resident came from elsewhere. */
static void
test_to_appointment_slot (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentRequest *request = fixture->request;
  g_autoptr (NvSlot) slot = make_slot ();
  g_autoptr (NvAppointment) appointment = NULL;

  kiosk_appointment_request_set_reason (request, "device");
  kiosk_appointment_request_set_contact (request, "meeting");
  kiosk_appointment_request_toggle_day (request, "tue");
  kiosk_appointment_request_set_slot (request, slot);
  kiosk_appointment_request_set_name (request, "Aino");
  kiosk_appointment_request_set_phone (request, "0401234567");
  appointment = kiosk_appointment_request_to_appointment (request, NV_LANG_FI, NULL);
  g_assert_nonnull (appointment);
  g_assert_cmpstr (appointment->reason, ==, "device");
  g_assert_cmpstr (appointment->contact_method, ==, "meeting");
  g_assert_cmpstr (appointment->slot, ==, "slot-1");
  g_assert_null (appointment->preferred_days);
  g_assert_null (appointment->preferred_time);
  g_assert_null (appointment->guide);
  g_assert_cmpuint (appointment->guide_step, ==, 0);
  g_assert_cmpint (appointment->language, ==, NV_LANG_FI);
  g_assert_true (nv_appointment_validate (appointment, NULL));
}

static void
test_describe (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentRequest *request = fixture->request;
  g_autoptr (NvSlot) slot = make_slot ();
  g_autofree char *when = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *next = NULL;
  g_autofree char *slot_when = NULL;
  g_autofree char *slot_next = NULL;

  kiosk_appointment_request_set_reason (request, "identification");
  kiosk_appointment_request_set_contact (request, "phone");
  kiosk_appointment_request_toggle_day (request, "thu");
  kiosk_appointment_request_toggle_day (request, "mon");
  kiosk_appointment_request_set_time_of_day (request, "morning");
  kiosk_appointment_request_set_name (request, " Aino ");
  kiosk_appointment_request_set_phone (request, "040 123 4567 ");
  when = kiosk_appointment_request_describe_time (request);
  g_assert_cmpstr (when, ==, "Monday, Thursday — Mornings, 8–12");
  summary = kiosk_appointment_request_describe (request);
  g_assert_cmpstr (summary, ==,
                   "Help with: Strong identification or bank codes\n"
                   "Contact: An advisor calls me\n"
                   "Time: Monday, Thursday — Mornings, 8–12\n"
                   "Name: Aino\n"
                   "Phone: 040 123 4567");
  next = kiosk_appointment_request_describe_next (request);
  g_assert_cmpstr (next, ==, "An advisor will call you on one of the days you chose.");

  kiosk_appointment_request_set_slot (request, slot);
  slot_when = kiosk_appointment_request_describe_time (request);
  g_assert_cmpstr (slot_when, ==, "Tuesday 24.11. 10:00–10:30");
  slot_next = kiosk_appointment_request_describe_next (request);
  g_assert_cmpstr (slot_next, ==,
                   "You chose Tuesday 24.11. 10:00–10:30. The advisor will confirm the time "
                   "with you.");
  g_clear_pointer (&next, g_free);
  kiosk_appointment_request_set_contact (request, "home-visit");
  next = kiosk_appointment_request_describe_next (request);
  g_assert_cmpstr (next, ==, "An advisor will contact you to agree on a time.");
}

/* Sent: the reference stays for the receipt, the name and the number go. Cleared:
 * nothing is left. */
static void
test_clear (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentRequest *request = fixture->request;
  g_autoptr (NvSlot) slot = make_slot ();

  kiosk_appointment_request_set_origin (request, "omaolo", 2);
  kiosk_appointment_request_set_reason (request, "other");
  kiosk_appointment_request_set_contact (request, "meeting");
  kiosk_appointment_request_set_slot (request, slot);
  kiosk_appointment_request_toggle_day (request, "fri");
  kiosk_appointment_request_set_time_of_day (request, "any");
  kiosk_appointment_request_set_name (request, "Aino");
  kiosk_appointment_request_set_phone (request, "040 123 4567");
  kiosk_appointment_request_set_submitted (request, "ACD347");
  g_assert_cmpstr (kiosk_appointment_request_get_reference (request), ==, "ACD347");
  g_assert_null (kiosk_appointment_request_get_name (request));
  g_assert_null (kiosk_appointment_request_get_phone (request));
  g_assert_nonnull (kiosk_appointment_request_get_slot (request));

  kiosk_appointment_request_clear (request);
  g_assert_null (kiosk_appointment_request_get_guide (request));
  g_assert_cmpuint (kiosk_appointment_request_get_guide_step (request), ==, 0);
  g_assert_null (kiosk_appointment_request_get_reason (request));
  g_assert_null (kiosk_appointment_request_get_contact (request));
  g_assert_null (kiosk_appointment_request_get_slot (request));
  g_assert_false (kiosk_appointment_request_get_day (request, "fri"));
  g_assert_null (kiosk_appointment_request_get_time_of_day (request));
  g_assert_null (kiosk_appointment_request_get_name (request));
  g_assert_null (kiosk_appointment_request_get_phone (request));
  g_assert_null (kiosk_appointment_request_get_reference (request));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/kiosk-appointment-request/choices", test_choices);
  ADD ("/kiosk-appointment-request/answers", test_answers);
  ADD ("/kiosk-appointment-request/check-times", test_check_times);
  ADD ("/kiosk-appointment-request/check-details", test_check_details);
  ADD ("/kiosk-appointment-request/to-appointment-preferred", test_to_appointment_preferred);
  ADD ("/kiosk-appointment-request/to-appointment-slot", test_to_appointment_slot);
  ADD ("/kiosk-appointment-request/describe", test_describe);
  ADD ("/kiosk-appointment-request/clear", test_clear);
#undef ADD
  return g_test_run ();
}

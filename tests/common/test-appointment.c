/* test-appointment.c — appointment requests, phone numbers, receipt references
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-appointment.h"
#include "nv-error.h"
#include "nv-json.h"

#define REQUEST_ID "0c3e5b1a-8d2f-4e6a-b7c9-1234567890ab"
#define ALPHABET "ACDEFGHJKMNPQRTUVWXY34679"

static void
assert_field_error (const GError *error, const char *field)
{
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (error), ==, field);
  g_assert_true (error->message != NULL && error->message[0] != '\0');
}

/* A valid request for preferred times, with fixed id, reference and time. */
static NvAppointment *
make_appointment (void)
{
  NvAppointment *appointment = nv_appointment_new ();
  const char    *days[] = { "mon", "wed", NULL };

  g_free (appointment->id);
  appointment->id = g_strdup (REQUEST_ID);
  g_free (appointment->reference);
  appointment->reference = g_strdup ("K7RX4M");
  g_date_time_unref (appointment->created);
  appointment->created = g_date_time_new_utc (2026, 11, 20, 9, 30, 1.25);
  appointment->reason = g_strdup ("omaolo-omakanta");
  appointment->contact_method = g_strdup ("phone");
  appointment->preferred_days = g_strdupv ((char **) days);
  appointment->preferred_time = g_strdup ("morning");
  appointment->name = g_strdup ("Aino Väisänen");
  appointment->phone = g_strdup ("+358401234567");
  appointment->guide = g_strdup ("omaolo");
  appointment->guide_step = 3;
  appointment->language = NV_LANG_SV;
  return appointment;
}

static void
use_slot (NvAppointment *appointment)
{
  g_clear_pointer (&appointment->preferred_days, g_strfreev);
  g_clear_pointer (&appointment->preferred_time, g_free);
  appointment->slot = g_strdup ("oulu-2026-12-01-0900");
}

static void
assert_appointments_equal (const NvAppointment *a, const NvAppointment *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->reference, ==, b->reference);
  g_assert_true (g_date_time_equal (a->created, b->created));
  g_assert_cmpstr (a->reason, ==, b->reason);
  g_assert_cmpstr (a->contact_method, ==, b->contact_method);
  g_assert_cmpstr (a->slot, ==, b->slot);
  g_assert_true ((a->preferred_days == NULL && b->preferred_days == NULL)
                 || g_strv_equal ((const char *const *) a->preferred_days,
                                  (const char *const *) b->preferred_days));
  g_assert_cmpstr (a->preferred_time, ==, b->preferred_time);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->phone, ==, b->phone);
  g_assert_cmpstr (a->guide, ==, b->guide);
  g_assert_cmpuint (a->guide_step, ==, b->guide_step);
  g_assert_cmpint (a->language, ==, b->language);
}

static NvAppointment *
round_trip (const NvAppointment *appointment)
{
  g_autoptr (JsonNode) node = nv_appointment_to_json (appointment);
  g_autofree char *text = nv_json_to_string (node, FALSE);
  g_autoptr (JsonNode) parsed = NULL;
  g_autoptr (GError) error = NULL;
  NvAppointment *copy;

  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  copy = nv_appointment_from_json (parsed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  return copy;
}

static NvAppointment *
appointment_from_string (const char *json, GError **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) parse_error = NULL;

  node = json_from_string (json, &parse_error);
  g_assert_no_error (parse_error);
  return nv_appointment_from_json (node, error);
}

static void
test_lists (void)
{
  const char *reasons[] = { "device", "omaolo-omakanta", "identification", "kela-forms", "other" };
  const char *methods[] = { "phone", "meeting", "home-visit" };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    g_assert_true (nv_appointment_reason_is_valid (reasons[i]));
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    g_assert_true (nv_appointment_contact_is_valid (methods[i]));
  g_assert_false (nv_appointment_reason_is_valid ("Device"));
  g_assert_false (nv_appointment_reason_is_valid ("phone"));
  g_assert_false (nv_appointment_reason_is_valid (""));
  g_assert_false (nv_appointment_reason_is_valid (NULL));
  g_assert_false (nv_appointment_contact_is_valid ("email"));
  g_assert_false (nv_appointment_contact_is_valid ("device"));
  g_assert_false (nv_appointment_contact_is_valid (NULL));
}

static void
test_new (void)
{
  g_autoptr (NvAppointment) appointment = nv_appointment_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_uuid_string_is_valid (appointment->id));
  g_assert_cmpint (strlen (appointment->reference), ==, 6);
  g_assert_cmpint (strspn (appointment->reference, ALPHABET), ==, 6);
  g_assert_cmpint (ABS (g_date_time_difference (now, appointment->created)), <,
                   10 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_get_microsecond (appointment->created) % 1000, ==, 0);
  g_assert_cmpint (appointment->language, ==, NV_LANG_FI);
  g_assert_null (appointment->slot);
  g_assert_null (appointment->preferred_days);
  g_assert_cmpuint (appointment->guide_step, ==, 0);

  /* What the kiosk fills in makes it valid. */
  appointment->reason = g_strdup ("device");
  appointment->contact_method = g_strdup ("meeting");
  appointment->slot = g_strdup ("s1");
  appointment->name = g_strdup ("Matti");
  appointment->phone = g_strdup ("+35881234567");
  g_assert_true (nv_appointment_validate (appointment, &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  g_autoptr (NvAppointment) preferred = make_appointment ();
  g_autoptr (NvAppointment) preferred_copy = NULL;
  g_autoptr (NvAppointment) with_slot = make_appointment ();
  g_autoptr (NvAppointment) slot_copy = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (nv_appointment_validate (preferred, &error));
  g_assert_no_error (error);
  preferred_copy = round_trip (preferred);
  assert_appointments_equal (preferred, preferred_copy);

  use_slot (with_slot);
  g_clear_pointer (&with_slot->guide, g_free);
  with_slot->guide_step = 0;
  g_free (with_slot->contact_method);
  with_slot->contact_method = g_strdup ("home-visit");
  g_assert_true (nv_appointment_validate (with_slot, &error));
  g_assert_no_error (error);
  slot_copy = round_trip (with_slot);
  assert_appointments_equal (with_slot, slot_copy);
}

static void
test_json_form (void)
{
  g_autoptr (NvAppointment) appointment = make_appointment ();
  g_autoptr (JsonNode) node = nv_appointment_to_json (appointment);
  g_autofree char *text = nv_json_to_string (node, FALSE);

  g_assert_cmpstr (text, ==,
                   "{\"id\":\"" REQUEST_ID "\",\"reference\":\"K7RX4M\","
                   "\"created\":\"2026-11-20T09:30:01.250Z\",\"reason\":\"omaolo-omakanta\","
                   "\"contact_method\":\"phone\",\"preferred_days\":[\"mon\",\"wed\"],"
                   "\"preferred_time\":\"morning\",\"name\":\"Aino Väisänen\","
                   "\"phone\":\"+358401234567\",\"guide\":\"omaolo\",\"guide_step\":3,"
                   "\"language\":\"sv\"}");
}

typedef void (*AppointmentChange) (NvAppointment *appointment);

#define SET_STRING(member, value)                                                                  \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_free (appointment->member);                                                                  \
    appointment->member = g_strdup (value);                                                        \
  }                                                                                                \
  G_STMT_END

static void
clear_id (NvAppointment *appointment)
{
  SET_STRING (id, NULL);
}

static void
bad_id (NvAppointment *appointment)
{
  SET_STRING (id, "request-1");
}

static void
clear_reference (NvAppointment *appointment)
{
  SET_STRING (reference, NULL);
}

static void
short_reference (NvAppointment *appointment)
{
  SET_STRING (reference, "K7RX4");
}

static void
long_reference (NvAppointment *appointment)
{
  SET_STRING (reference, "K7RX4MA");
}

static void
lookalike_reference (NvAppointment *appointment)
{
  SET_STRING (reference, "K7RX0M");
}

static void
lower_reference (NvAppointment *appointment)
{
  SET_STRING (reference, "k7rx4m");
}

static void
clear_reason (NvAppointment *appointment)
{
  SET_STRING (reason, NULL);
}

static void
other_reason (NvAppointment *appointment)
{
  SET_STRING (reason, "taxes");
}

static void
clear_contact (NvAppointment *appointment)
{
  SET_STRING (contact_method, NULL);
}

static void
other_contact (NvAppointment *appointment)
{
  SET_STRING (contact_method, "email");
}

static void
clear_time (NvAppointment *appointment)
{
  SET_STRING (preferred_time, NULL);
}

static void
other_time (NvAppointment *appointment)
{
  SET_STRING (preferred_time, "evening");
}

static void
clear_name (NvAppointment *appointment)
{
  SET_STRING (name, NULL);
}

static void
empty_name (NvAppointment *appointment)
{
  SET_STRING (name, "");
}

static void
leading_space (NvAppointment *appointment)
{
  SET_STRING (name, " Aino");
}

static void
trailing_space (NvAppointment *appointment)
{
  SET_STRING (name, "Aino ");
}

static void
only_spaces (NvAppointment *appointment)
{
  SET_STRING (name, "   ");
}

static void
name_newline (NvAppointment *appointment)
{
  SET_STRING (name, "Aino\nVäisänen");
}

static void
name_tab (NvAppointment *appointment)
{
  SET_STRING (name, "Aino\tVäisänen");
}

static void
name_escape (NvAppointment *appointment)
{
  SET_STRING (name, "Aino\033[2J");
}

static void
name_line_separator (NvAppointment *appointment)
{
  SET_STRING (name, "A\u2028B");
}

static void
name_digits (NvAppointment *appointment)
{
  SET_STRING (name, "0401234567");
}

static void
name_punctuation (NvAppointment *appointment)
{
  SET_STRING (name, "-- . --");
}

static void
name_invalid_utf8 (NvAppointment *appointment)
{
  SET_STRING (name, "Aino \xff");
}

static void
clear_phone (NvAppointment *appointment)
{
  SET_STRING (phone, NULL);
}

static void
raw_phone (NvAppointment *appointment)
{
  SET_STRING (phone, "040 123 4567");
}

static void
national_phone (NvAppointment *appointment)
{
  SET_STRING (phone, "0401234567");
}

static void
swedish_phone (NvAppointment *appointment)
{
  SET_STRING (phone, "+46701234567");
}

static void
short_phone (NvAppointment *appointment)
{
  SET_STRING (phone, "+35840123");
}

static void
long_phone (NvAppointment *appointment)
{
  SET_STRING (phone, "+35840123456789");
}

static void
trunk_phone (NvAppointment *appointment)
{
  SET_STRING (phone, "+3580401234567");
}

static void
bad_guide (NvAppointment *appointment)
{
  SET_STRING (guide, "Omaolo");
}

static void
long_name (NvAppointment *appointment)
{
  g_free (appointment->name);
  appointment->name = g_strnfill (101, 'a');
}

static void
bad_created (NvAppointment *appointment)
{
  g_date_time_unref (appointment->created);
  appointment->created = g_date_time_new_utc (2019, 6, 1, 12, 0, 0);
}

static void
future_created (NvAppointment *appointment)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_date_time_unref (appointment->created);
  appointment->created = g_date_time_add (now, 2 * G_TIME_SPAN_DAY);
}

static void
clear_created (NvAppointment *appointment)
{
  g_clear_pointer (&appointment->created, g_date_time_unref);
}

static void
bad_slot (NvAppointment *appointment)
{
  use_slot (appointment);
  SET_STRING (slot, "Slot 1");
}

static void
slot_and_days (NvAppointment *appointment)
{
  const char *days[] = { "fri", NULL };

  use_slot (appointment);
  appointment->preferred_days = g_strdupv ((char **) days);
}

static void
slot_and_time (NvAppointment *appointment)
{
  use_slot (appointment);
  appointment->preferred_time = g_strdup ("any");
}

static void
no_days (NvAppointment *appointment)
{
  g_clear_pointer (&appointment->preferred_days, g_strfreev);
}

static void
empty_days (NvAppointment *appointment)
{
  g_strfreev (appointment->preferred_days);
  appointment->preferred_days = g_new0 (char *, 1);
}

static void
weekend_day (NvAppointment *appointment)
{
  const char *days[] = { "mon", "sat", NULL };

  g_strfreev (appointment->preferred_days);
  appointment->preferred_days = g_strdupv ((char **) days);
}

static void
repeated_day (NvAppointment *appointment)
{
  const char *days[] = { "tue", "thu", "tue", NULL };

  g_strfreev (appointment->preferred_days);
  appointment->preferred_days = g_strdupv ((char **) days);
}

static void
step_without_guide (NvAppointment *appointment)
{
  g_clear_pointer (&appointment->guide, g_free);
  appointment->guide_step = 2;
}

static void
guide_without_step (NvAppointment *appointment)
{
  appointment->guide_step = 0;
}

static void
guide_step_too_big (NvAppointment *appointment)
{
  appointment->guide_step = 31;
}

static void
unknown_language (NvAppointment *appointment)
{
  appointment->language = NV_N_LANGS;
}

typedef struct
{
  const char       *name;
  AppointmentChange change;
  const char       *field;
  gboolean          in_json; /* the change can be written as JSON */
} InvalidAppointment;

static const InvalidAppointment invalid_appointments[] = {
  { "no id", clear_id, "id", TRUE },
  { "bad id", bad_id, "id", TRUE },
  { "no reference", clear_reference, "reference", TRUE },
  { "short reference", short_reference, "reference", TRUE },
  { "long reference", long_reference, "reference", TRUE },
  { "look-alike in reference", lookalike_reference, "reference", TRUE },
  { "lower-case reference", lower_reference, "reference", TRUE },
  { "no created time", clear_created, "created", TRUE },
  { "created before 2020", bad_created, "created", TRUE },
  { "created in two days", future_created, "created", TRUE },
  { "no reason", clear_reason, "reason", TRUE },
  { "other reason", other_reason, "reason", TRUE },
  { "no contact method", clear_contact, "contact_method", TRUE },
  { "other contact method", other_contact, "contact_method", TRUE },
  { "bad slot", bad_slot, "slot", TRUE },
  { "slot and days", slot_and_days, "preferred_days", TRUE },
  { "slot and time", slot_and_time, "preferred_time", TRUE },
  { "no days", no_days, "preferred_days", TRUE },
  { "empty days", empty_days, "preferred_days", TRUE },
  { "weekend day", weekend_day, "preferred_days[1]", TRUE },
  { "repeated day", repeated_day, "preferred_days[2]", TRUE },
  { "no time of day", clear_time, "preferred_time", TRUE },
  { "other time of day", other_time, "preferred_time", TRUE },
  { "no name", clear_name, "name", TRUE },
  { "empty name", empty_name, "name", TRUE },
  { "leading space", leading_space, "name", TRUE },
  { "trailing space", trailing_space, "name", TRUE },
  { "only spaces", only_spaces, "name", TRUE },
  { "newline in name", name_newline, "name", TRUE },
  { "tab in name", name_tab, "name", TRUE },
  { "escape in name", name_escape, "name", TRUE },
  { "line separator in name", name_line_separator, "name", TRUE },
  { "digits for a name", name_digits, "name", TRUE },
  { "punctuation for a name", name_punctuation, "name", TRUE },
  { "invalid UTF-8 name", name_invalid_utf8, "name", FALSE },
  { "name of 101 characters", long_name, "name", TRUE },
  { "no phone", clear_phone, "phone", TRUE },
  { "phone as written", raw_phone, "phone", TRUE },
  { "national phone", national_phone, "phone", TRUE },
  { "Swedish phone", swedish_phone, "phone", TRUE },
  { "short phone", short_phone, "phone", TRUE },
  { "long phone", long_phone, "phone", TRUE },
  { "trunk 0 kept", trunk_phone, "phone", TRUE },
  { "bad guide", bad_guide, "guide", TRUE },
  { "step without guide", step_without_guide, "guide_step", TRUE },
  { "guide without step", guide_without_step, "guide_step", TRUE },
  { "step 31", guide_step_too_big, "guide_step", TRUE },
  { "unknown language", unknown_language, "language", FALSE },
};

static void
test_validate (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_appointments); i++)
    {
      const InvalidAppointment *v = &invalid_appointments[i];
      g_autoptr (NvAppointment) appointment = make_appointment ();
      g_autoptr (NvAppointment) parsed = NULL;
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", v->name);
      v->change (appointment);
      g_assert_false (nv_appointment_validate (appointment, &error));
      assert_field_error (error, v->field);
      g_clear_error (&error);

      if (!v->in_json)
        continue;
      node = nv_appointment_to_json (appointment);
      parsed = nv_appointment_from_json (node, &error);
      g_assert_null (parsed);
      assert_field_error (error, v->field);
    }
}

static void
test_validate_names (void)
{
  const char *names[]
      = { "Aino",   "Anna-Liisa O'Brien", "Ö", "Jean-Luc Picard Jr.", "Сергей Иванов",
          "李小龍", "Aino Väisänen 2" };
  g_autofree char *hundred = g_strnfill (100, 'a');

  for (guint i = 0; i <= G_N_ELEMENTS (names); i++)
    {
      g_autoptr (NvAppointment) appointment = make_appointment ();
      g_autoptr (GError) error = NULL;

      g_free (appointment->name);
      appointment->name = g_strdup (i < G_N_ELEMENTS (names) ? names[i] : hundred);
      g_assert_true (nv_appointment_validate (appointment, &error));
      g_assert_no_error (error);
    }
}

typedef struct
{
  const char *member;
  const char *json;
  const char *field;
} WrongMember;

static const WrongMember wrong_members[] = {
  { "id", "7", "id" },
  { "reference", "123456", "reference" },
  { "reference", "null", "reference" },
  { "created", "\"now\"", "created" },
  { "created", "1764000000", "created" },
  { "reason", "[\"device\"]", "reason" },
  { "contact_method", "true", "contact_method" },
  { "slot", "{}", "slot" },
  { "slot", "42", "slot" },
  { "preferred_days", "\"mon\"", "preferred_days" },
  { "preferred_days", "[1]", "preferred_days[0]" },
  { "preferred_days", "[\"mon\", null]", "preferred_days[1]" },
  { "preferred_days", "{\"mon\": true}", "preferred_days" },
  { "preferred_time", "0", "preferred_time" },
  { "name", "5", "name" },
  { "name", "[\"Aino\"]", "name" },
  { "name", "null", "name" },
  { "phone", "358401234567", "phone" },
  { "phone", "null", "phone" },
  { "guide", "false", "guide" },
  { "guide_step", "\"2\"", "guide_step" },
  { "guide_step", "2.5", "guide_step" },
  { "guide_step", "-1", "guide_step" },
  { "language", "1", "language" },
  { "language", "\"de\"", "language" },
  { "language", "null", "language" },
};

static void
test_json_wrong_types (void)
{
  const char *members[] = { "id",    "reference",      "created",        "reason", "contact_method",
                            "slot",  "preferred_days", "preferred_time", "name",   "phone",
                            "guide", "guide_step",     "language" };
  const char *good[] = { "\"" REQUEST_ID "\"",
                         "\"K7RX4M\"",
                         "\"2026-11-20T09:30:01Z\"",
                         "\"device\"",
                         "\"phone\"",
                         "null",
                         "[\"mon\"]",
                         "\"any\"",
                         "\"Aino\"",
                         "\"+358401234567\"",
                         "null",
                         "0",
                         "\"fi\"" };

  for (guint i = 0; i < G_N_ELEMENTS (wrong_members); i++)
    {
      g_autoptr (GString) json = g_string_new ("{");
      g_autoptr (NvAppointment) appointment = NULL;
      g_autoptr (GError) error = NULL;

      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        g_string_append_printf (
            json, "%s\"%s\": %s", m > 0 ? ", " : "", members[m],
            g_str_equal (members[m], wrong_members[i].member) ? wrong_members[i].json : good[m]);
      g_string_append (json, "}");
      g_test_message ("%s", json->str);
      appointment = appointment_from_string (json->str, &error);
      g_assert_null (appointment);
      assert_field_error (error, wrong_members[i].field);
    }
}

static void
test_json_not_an_object (void)
{
  const char *documents[] = { "[]", "null", "\"appointment\"", "true" };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr (NvAppointment) appointment = NULL;
      g_autoptr (GError) error = NULL;

      appointment = appointment_from_string (documents[i], &error);
      g_assert_null (appointment);
      g_assert_nonnull (error);
      g_assert_true (error->domain == NV_ERROR);
    }
}

/* Phone numbers */

typedef struct
{
  const char *input;
  const char *expected;
} PhoneCase;

static const PhoneCase valid_phones[] = {
  { "040 123 4567", "+358401234567" },
  { "040-1234567", "+358401234567" },
  { "+358 40 123 4567", "+358401234567" },
  { "(08) 123 4567", "+35881234567" },
  { "0401234567", "+358401234567" },
  { "+358401234567", "+358401234567" },
  { "00358 40 123 4567", "+358401234567" },
  { "+358 (0)40 123 4567", "+358401234567" },
  { "040.123.4567", "+358401234567" },
  { "  050 123 45 67  ", "+358501234567" },
  { "045 1234 5678", "+3584512345678" },
  { "09 123 456", "+3589123456" },
  { "020 634 0000", "+358206340000" },
  { "040\u00a0123\u00a04567", "+358401234567" }, /* no-break spaces */
  { "040\u2013123\u20134567", "+358401234567" }, /* en dashes */
};

static void
test_phone_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_phones); i++)
    {
      g_autofree char *normalised = NULL;
      g_autofree char *again = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", valid_phones[i].input);
      g_assert_true (nv_phone_normalise (valid_phones[i].input, &normalised, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalised, ==, valid_phones[i].expected);

      /* A normalised number stays as it is. */
      g_assert_true (nv_phone_normalise (normalised, &again, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, normalised);
    }
}

typedef struct
{
  const char *input;
  const char *says; /* a word the sentence must have */
} BadPhone;

static const BadPhone invalid_phones[] = {
  { "", "write" },
  { "   ", "write" },
  { NULL, "write" },
  { "abc", "letters" },
  { "040 123 456a", "letters" },
  { "O40 123 4567", "letters" }, /* a letter O for a zero */
  { "+46 70 123 4567", "Finnish" },
  { "0046 70 123 4567", "Finnish" },
  { "+1 555 123 4567", "Finnish" },
  { "401234567", "Start" },
  { "116 117", "Start" },
  { "040 12", "short" },
  { "+358 40", "short" },
  { "+358", "short" },
  { "040 1234 567890", "long" },
  { "+358 40 1234 567890", "long" },
  { "040+1234567", "+" },
  { "++358401234567", "+" },
  { "040/1234567", "+" },
  { "040 123 4567#", "+" },
  { "040 123 4567 \xff", "+" }, /* not UTF-8 */
  { "040 １２３ 4567", "+" },   /* fullwidth digits */
  { "00 401234567", "Finnish" },
  { "+358 00 40 123 4567", "beginning" },
};

static void
test_phone_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_phones); i++)
    {
      char            *normalised = (char *) "untouched";
      g_autofree char *printable = g_strescape (invalid_phones[i].input ?: "(null)", NULL);
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", printable);
      g_assert_false (nv_phone_normalise (invalid_phones[i].input, &normalised, &error));
      g_assert_null (normalised);
      assert_field_error (error, "phone");
      /* A sentence a resident can act on, not a code. */
      g_assert_nonnull (strstr (error->message, invalid_phones[i].says));
      g_assert_true (g_str_has_suffix (error->message, "."));
    }
}

/* References */

static void
test_reference (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint counts[256] = {
    0,
  };

  for (guint i = 0; i < 1000; i++)
    {
      char *reference = nv_appointment_make_reference ();

      g_assert_cmpint (strlen (reference), ==, 6);
      g_assert_cmpint (strspn (reference, ALPHABET), ==, 6);
      for (guint c = 0; c < 6; c++)
        counts[(guchar) reference[c]]++;
      g_hash_table_add (seen, reference);
    }
  /* 25^6 codes: 1000 draws almost never repeat, and never all the same. */
  g_assert_cmpuint (g_hash_table_size (seen), >, 990);
  /* 6000 characters use the whole alphabet. */
  for (const char *c = ALPHABET; *c != '\0'; c++)
    g_assert_cmpuint (counts[(guchar) *c], >, 0);
}

static gpointer
make_references_cb (gpointer data)
{
  for (guint i = 0; i < 100; i++)
    g_free (nv_appointment_make_reference ());
  return NULL;
}

static void
test_reference_threads (void)
{
  GThread *threads[4];

  /* libsodium is set up once even when the first calls race. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reference", make_references_cb, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* First, so that the threads race to set up libsodium. */
  g_test_add_func ("/appointment/reference/threads", test_reference_threads);
  g_test_add_func ("/appointment/reference", test_reference);
  g_test_add_func ("/appointment/lists", test_lists);
  g_test_add_func ("/appointment/new", test_new);
  g_test_add_func ("/appointment/round-trip", test_round_trip);
  g_test_add_func ("/appointment/json-form", test_json_form);
  g_test_add_func ("/appointment/validate", test_validate);
  g_test_add_func ("/appointment/validate/names", test_validate_names);
  g_test_add_func ("/appointment/json/wrong-types", test_json_wrong_types);
  g_test_add_func ("/appointment/json/not-an-object", test_json_not_an_object);
  g_test_add_func ("/appointment/phone/valid", test_phone_valid);
  g_test_add_func ("/appointment/phone/invalid", test_phone_invalid);

  return g_test_run ();
}

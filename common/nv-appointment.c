/* nv-appointment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "nv-appointment.h"
#include "nv-error.h"
#include "nv-json-private.h"
#include "nv-random.h"

#define MAX_NAME_CHARS 100
/* A guide has at most 30 steps (nv-guide.c). */
#define MAX_GUIDE_STEP 30
#define REFERENCE_LENGTH 6
#define REFERENCE_ALPHABET "ACDEFGHJKMNPQRTUVWXY34679"
/* Digits of a Finnish number after +358 (or after the trunk 0). */
#define MIN_NATIONAL_DIGITS 6
#define MAX_NATIONAL_DIGITS 10

static const char *const reasons[]
    = { "device", "omaolo-omakanta", "identification", "kela-forms", "other", NULL };
static const char *const contact_methods[] = { "phone", "meeting", "home-visit", NULL };
static const char *const times_of_day[] = { "morning", "afternoon", "any", NULL };
static const char *const weekdays[] = { "mon", "tue", "wed", "thu", "fri", NULL };

static gboolean
validate_one_of (const char *value, const char *const *values, const char *field, GError **error)
{
  g_autofree char *list = NULL;

  if (value != NULL && g_strv_contains (values, value))
    return TRUE;
  list = g_strjoinv (", ", (char **) values);
  if (value == NULL)
    nv_set_field_error (error, field, "is required: one of %s", list);
  else
    nv_set_field_error (error, field, "must be one of %s", list);
  return FALSE;
}

static gboolean
is_national_number (const char *digits)
{
  gsize length = strlen (digits);

  if (length < MIN_NATIONAL_DIGITS || length > MAX_NATIONAL_DIGITS || digits[0] == '0')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_normalised_phone (const char *phone)
{
  return phone != NULL && g_str_has_prefix (phone, "+358") && is_national_number (phone + 4);
}

static gboolean
validate_name (const char *name, GError **error)
{
  gboolean has_letter = FALSE;
  glong    length;

  if (name == NULL || name[0] == '\0')
    {
      nv_set_field_error (error, "name", "Please write your name.");
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      nv_set_field_error (error, "name", "The name has characters that cannot be read.");
      return FALSE;
    }
  length = g_utf8_strlen (name, -1);
  if (length > MAX_NAME_CHARS)
    {
      nv_set_field_error (error, "name", "The name is too long: write at most %d characters.",
                          MAX_NAME_CHARS);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar     c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (g_unichar_iscntrl (c) || type == G_UNICODE_LINE_SEPARATOR
          || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        {
          nv_set_field_error (error, "name",
                              "The name has a line break or another control "
                              "character: write it on one line.");
          return FALSE;
        }
      if (g_unichar_isalpha (c))
        has_letter = TRUE;
    }
  /* The kiosk trims what was typed; spaces at either end mean it did not. */
  if (g_unichar_isspace (g_utf8_get_char (name))
      || g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (name + strlen (name)))))
    {
      nv_set_field_error (error, "name", "Remove the spaces at the start and end of the name.");
      return FALSE;
    }
  if (!has_letter)
    {
      nv_set_field_error (error, "name", "Please write your name with letters.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_preferred_days (const char *const *days, GError **error)
{
  if (days == NULL || days[0] == NULL)
    {
      nv_set_field_error (error, "preferred_days",
                          "needs at least one weekday when no slot is chosen");
      return FALSE;
    }
  for (guint i = 0; days[i] != NULL; i++)
    {
      g_autofree char *field = g_strdup_printf ("preferred_days[%u]", i);

      if (!validate_one_of (days[i], weekdays, field, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          if (g_str_equal (days[i], days[j]))
            {
              nv_set_field_error (error, field, "repeats the day %s", days[i]);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
validate_created (GDateTime *created, GError **error)
{
  g_autoptr (GDateTime) earliest = NULL;
  g_autoptr (GDateTime) now = NULL;

  if (created == NULL)
    {
      nv_set_field_error (error, "created", "is required");
      return FALSE;
    }
  earliest = g_date_time_new_utc (2020, 1, 1, 0, 0, 0);
  now = g_date_time_new_now_utc ();
  /* Same clock sanity as for usage events. */
  if (g_date_time_compare (created, earliest) < 0
      || g_date_time_difference (created, now) > G_TIME_SPAN_DAY)
    {
      nv_set_field_error (error, "created",
                          "is before 2020 or more than a day in the future; "
                          "check the kiosk's clock");
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_reference (const char *reference, GError **error)
{
  if (reference == NULL)
    {
      nv_set_field_error (error, "reference", "is required");
      return FALSE;
    }
  if (strlen (reference) != REFERENCE_LENGTH
      || strspn (reference, REFERENCE_ALPHABET) != REFERENCE_LENGTH)
    {
      nv_set_field_error (error, "reference", "must be %d characters from %s", REFERENCE_LENGTH,
                          REFERENCE_ALPHABET);
      return FALSE;
    }
  return TRUE;
}

/* The wire keeps milliseconds; dropping the rest here makes a round trip exact. */
static GDateTime *
now_in_milliseconds (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add (now, -(g_date_time_get_microsecond (now) % 1000));
}

gboolean
nv_appointment_reason_is_valid (const char *reason)
{
  return reason != NULL && g_strv_contains (reasons, reason);
}

gboolean
nv_appointment_contact_is_valid (const char *method)
{
  return method != NULL && g_strv_contains (contact_methods, method);
}

NvAppointment *
nv_appointment_new (void)
{
  NvAppointment *appointment = g_new0 (NvAppointment, 1);

  appointment->id = g_uuid_string_random ();
  appointment->reference = nv_appointment_make_reference ();
  appointment->created = now_in_milliseconds ();
  appointment->language = NV_LANG_DEFAULT;
  return appointment;
}

void
nv_personal_free (char *text)
{
  if (text == NULL)
    return;
  sodium_memzero (text, strlen (text));
  g_free (text);
}

void
nv_appointment_free (NvAppointment *appointment)
{
  if (appointment == NULL)
    return;
  g_free (appointment->id);
  g_free (appointment->reference);
  g_clear_pointer (&appointment->created, g_date_time_unref);
  g_free (appointment->reason);
  g_free (appointment->contact_method);
  g_free (appointment->slot);
  g_strfreev (appointment->preferred_days);
  g_free (appointment->preferred_time);
  nv_personal_free (appointment->name);
  nv_personal_free (appointment->phone);
  g_free (appointment->guide);
  g_free (appointment);
}

gboolean
nv_appointment_validate (const NvAppointment *appointment, GError **error)
{
  g_return_val_if_fail (appointment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (appointment->id == NULL || !g_uuid_string_is_valid (appointment->id))
    {
      nv_set_field_error (error, "id", "must be a UUID like 6f0a8f5e-3c1d-4b2a-9e4f-0123456789ab");
      return FALSE;
    }
  if (!validate_reference (appointment->reference, error)
      || !validate_created (appointment->created, error)
      || !validate_one_of (appointment->reason, reasons, "reason", error)
      || !validate_one_of (appointment->contact_method, contact_methods, "contact_method", error))
    return FALSE;

  /* Either a published slot or the days and time of day that suit the resident. */
  if (appointment->slot != NULL)
    {
      if (!nv_validate_id (appointment->slot, "slot", error))
        return FALSE;
      if (appointment->preferred_days != NULL && appointment->preferred_days[0] != NULL)
        {
          nv_set_field_error (error, "preferred_days", "must be empty when a slot is chosen");
          return FALSE;
        }
      if (appointment->preferred_time != NULL)
        {
          nv_set_field_error (error, "preferred_time", "must be empty when a slot is chosen");
          return FALSE;
        }
    }
  else if (!validate_preferred_days ((const char *const *) appointment->preferred_days, error)
           || !validate_one_of (appointment->preferred_time, times_of_day, "preferred_time", error))
    return FALSE;

  if (!validate_name (appointment->name, error))
    return FALSE;
  if (!is_normalised_phone (appointment->phone))
    {
      nv_set_field_error (error, "phone",
                          "must be a Finnish number normalised to +358 and "
                          "6–10 digits (nv_phone_normalise)");
      return FALSE;
    }

  if (appointment->guide == NULL)
    {
      if (appointment->guide_step != 0)
        {
          nv_set_field_error (error, "guide_step", "must be 0 when there is no guide");
          return FALSE;
        }
    }
  else
    {
      if (!nv_validate_id (appointment->guide, "guide", error))
        return FALSE;
      if (appointment->guide_step < 1 || appointment->guide_step > MAX_GUIDE_STEP)
        {
          nv_set_field_error (error, "guide_step", "must be between 1 and %d", MAX_GUIDE_STEP);
          return FALSE;
        }
    }
  if ((guint) appointment->language >= NV_N_LANGS)
    {
      nv_set_field_error (error, "language", "must be " NV_LANG_CODES);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
nv_appointment_to_json (const NvAppointment *appointment)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (appointment != NULL, NULL);

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", appointment->id);
  nv_json_write_string (builder, "reference", appointment->reference);
  nv_json_write_time (builder, "created", appointment->created);
  nv_json_write_string (builder, "reason", appointment->reason);
  nv_json_write_string (builder, "contact_method", appointment->contact_method);
  nv_json_write_string (builder, "slot", appointment->slot);
  nv_json_write_strv (builder, "preferred_days", (const char *const *) appointment->preferred_days);
  nv_json_write_string (builder, "preferred_time", appointment->preferred_time);
  nv_json_write_string (builder, "name", appointment->name);
  nv_json_write_string (builder, "phone", appointment->phone);
  nv_json_write_string (builder, "guide", appointment->guide);
  json_builder_set_member_name (builder, "guide_step");
  json_builder_add_int_value (builder, appointment->guide_step);
  if ((guint) appointment->language < NV_N_LANGS)
    nv_json_write_string (builder, "language", nv_lang_to_code (appointment->language));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

NvAppointment *
nv_appointment_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvAppointment) appointment = g_new0 (NvAppointment, 1);
  g_autofree char *language = NULL;
  JsonObject      *object;
  gint64           guide_step;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((object = nv_json_expect_object (node, "an appointment request", error)) == NULL)
    return NULL;
  if (!nv_json_read_string (object, "id", TRUE, &appointment->id, error)
      || !nv_json_read_string (object, "reference", TRUE, &appointment->reference, error)
      || !nv_json_read_time (object, "created", TRUE, &appointment->created, error)
      || !nv_json_read_string (object, "reason", TRUE, &appointment->reason, error)
      || !nv_json_read_string (object, "contact_method", TRUE, &appointment->contact_method, error)
      || !nv_json_read_string (object, "slot", FALSE, &appointment->slot, error)
      || !nv_json_read_strv (object, "preferred_days", &appointment->preferred_days, error)
      || !nv_json_read_string (object, "preferred_time", FALSE, &appointment->preferred_time, error)
      || !nv_json_read_string (object, "name", TRUE, &appointment->name, error)
      || !nv_json_read_string (object, "phone", TRUE, &appointment->phone, error)
      || !nv_json_read_string (object, "guide", FALSE, &appointment->guide, error)
      || !nv_json_read_int (object, "guide_step", 0, MAX_GUIDE_STEP, 0, &guide_step, error)
      || !nv_json_read_string (object, "language", TRUE, &language, error))
    return NULL;
  appointment->guide_step = (guint) guide_step;
  if (!nv_lang_from_code (language, &appointment->language))
    {
      nv_set_field_error (error, "language", "must be " NV_LANG_CODES);
      return NULL;
    }
  if (!nv_appointment_validate (appointment, error))
    return NULL;
  return g_steal_pointer (&appointment);
}

gboolean
nv_phone_normalise (const char *input, char **out_normalised, GError **error)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  gboolean    plus = FALSE;
  const char *national;

  g_return_val_if_fail (out_normalised != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_normalised = NULL;
  if (input == NULL)
    input = "";
  if (!g_utf8_validate (input, -1, NULL))
    {
      nv_set_field_error (error, "phone",
                          "A phone number can have only digits, spaces, "
                          "hyphens and a + at the start.");
      return FALSE;
    }

  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isdigit (c))
        g_string_append_c (digits, (char) c);
      else if (g_unichar_isspace (c) || c == '(' || c == ')' || c == '.'
               || g_unichar_type (c) == G_UNICODE_DASH_PUNCTUATION)
        continue; /* how people group digits */
      else if (c == '+' && !plus && digits->len == 0)
        plus = TRUE;
      else if (g_unichar_isalpha (c))
        {
          nv_set_field_error (error, "phone",
                              "A phone number has only digits. Check that no "
                              "letters got into it.");
          return FALSE;
        }
      else
        {
          nv_set_field_error (error, "phone",
                              "A phone number can have only digits, spaces, "
                              "hyphens and a + at the start.");
          return FALSE;
        }
    }

  if (digits->len == 0)
    {
      nv_set_field_error (error, "phone", "Please write your phone number, like 040 123 4567.");
      return FALSE;
    }
  if (plus || g_str_has_prefix (digits->str, "00"))
    {
      const char *country = digits->str + (plus ? 0 : 2);

      if (!g_str_has_prefix (country, "358"))
        {
          nv_set_field_error (error, "phone",
                              "Only Finnish phone numbers can be used. Write a "
                              "number that starts with 0 or +358.");
          return FALSE;
        }
      national = country + 3;
      /* "+358 (0)40 …": the trunk 0 written after the country code. */
      if (national[0] == '0')
        national++;
    }
  else if (digits->str[0] == '0')
    national = digits->str + 1;
  else
    {
      nv_set_field_error (error, "phone",
                          "Start the number with 0, like 040 123 4567, or "
                          "with +358.");
      return FALSE;
    }

  if (strlen (national) < MIN_NATIONAL_DIGITS)
    {
      nv_set_field_error (error, "phone",
                          "The number is too short. Check that you wrote all "
                          "of it, like 040 123 4567.");
      return FALSE;
    }
  if (strlen (national) > MAX_NATIONAL_DIGITS)
    {
      nv_set_field_error (error, "phone",
                          "The number is too long. Check that no digit is "
                          "written twice.");
      return FALSE;
    }
  if (!is_national_number (national))
    {
      nv_set_field_error (error, "phone",
                          "Check the beginning of the number: write it like "
                          "040 123 4567 or +358 40 123 4567.");
      return FALSE;
    }
  *out_normalised = g_strconcat ("+358", national, NULL);
  return TRUE;
}

char *
nv_appointment_make_reference (void)
{
  static const char alphabet[] = REFERENCE_ALPHABET;
  char             *reference = g_new (char, REFERENCE_LENGTH + 1);

  nv_sodium_ensure ();
  for (guint i = 0; i < REFERENCE_LENGTH; i++)
    reference[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  reference[REFERENCE_LENGTH] = '\0';
  return reference;
}

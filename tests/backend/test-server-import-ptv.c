/* test-server-import-ptv.c — Suomi.fi (PTV v11) records to directory entries
 *
 * The project's own fixtures (tests/fixtures/ptv/, written from the published v11
 * definitions) check every mapping rule and every refusal; the recorded real records in
 * ../shared/ptv-records/ next to the project, when present, are checked field by field
 * against their source values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-import-ptv.h"

#include "nv-test-util.h"
#include "import-test-hours.h"

/* The import runs "now": Monday 7 December 2026, noon in Helsinki. */
static GDateTime *
import_now (void)
{
  return g_date_time_new_from_iso8601 ("2026-12-07T10:00:00Z", NULL);
}

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "ptv", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Every record of the named fixtures, read as one import. */
static GPtrArray *
import_fixtures (const char *first, ...)
{
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  va_list ap;

  va_start (ap, first);
  for (const char *name = first; name != NULL; name = va_arg (ap, const char *))
    {
      g_autoptr (GBytes) bytes = read_fixture (name);
      g_autoptr (GError) error = NULL;

      g_assert_true (server_ptv_import_add_bytes (import, bytes, name, NULL, &error));
      g_assert_no_error (error);
    }
  va_end (ap);
  return server_ptv_import_finish (import);
}

static NvOrganisation *
only_organisation (GPtrArray *records)
{
  ServerPtvRecord *record;

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_no_error (record->error);
  g_assert_nonnull (record->organisation);
  return record->organisation;
}

static void
test_full_record (void)
{
  g_autoptr (GPtrArray) records = import_fixtures ("location-full.json", "organization.json", NULL);
  NvOrganisation         *o = only_organisation (records);
  const NvPhone          *phone;
  const NvHoursException *exception;
  g_autoptr (GDateTime) now = import_now ();

  /* Ids and provenance. */
  g_assert_cmpstr (o->id, ==, "ptv-0b6d3a52-6f6e-4c8e-9a41-2f3d0c1e5a10");
  g_assert_cmpstr (o->source, ==, "ptv");
  g_assert_cmpstr (o->source_id, ==, "0b6d3a52-6f6e-4c8e-9a41-2f3d0c1e5a10");
  g_assert_true (g_date_time_equal (o->checked_at, now));
  g_assert_false (o->sample);
  g_assert_cmpstr (o->kind, ==, "other");
  /* The organisation read after the channel still names it. */
  g_assert_cmpstr (o->provider.text[NV_LANG_FI], ==, "Testikylän kunta");
  g_assert_cmpstr (o->provider.text[NV_LANG_SV], ==, "Testby kommun");

  /* Names: English shows its alternative name, as displayNameType says. */
  g_assert_cmpstr (o->name.text[NV_LANG_FI], ==, "Testikylän palvelupiste");
  g_assert_cmpstr (o->name.text[NV_LANG_SV], ==, "Testbyns servicepunkt");
  g_assert_cmpstr (o->name.text[NV_LANG_EN], ==, "Testikylä citizens' office");
  /* The description where there is one, else the summary. */
  g_assert_cmpstr (o->description.text[NV_LANG_FI], ==,
                   "Palvelupisteessä saa apua asiointiin ja digilaitteiden käyttöön.");
  g_assert_cmpstr (o->description.text[NV_LANG_SV], ==, "Kort beskrivning.");
  g_assert_null (o->description.text[NV_LANG_EN]);

  /* The visiting address, not the post-office box before it. */
  g_assert_cmpstr (o->street_address, ==, "Testikatu 3 A");
  g_assert_cmpstr (o->postal_code, ==, "90100");
  g_assert_cmpstr (o->post_office, ==, "Oulu");
  g_assert_cmpstr (o->municipality, ==, "564");

  /* Phones: the plain list has numbers one calls, once each; the details keep all five. */
  g_assert_cmpstrv (o->phones, ((const char *const[]){ "+358 8 5584 7070", "0800 123 456", NULL }));
  g_assert_cmpuint (o->phone_details->len, ==, 5);
  phone = g_ptr_array_index (o->phone_details, 0);
  g_assert_cmpstr (phone->number, ==, "+358 8 5584 7070");
  g_assert_cmpstr (phone->kind, ==, "phone");
  g_assert_cmpstr (phone->charge, ==, "chargeable");
  g_assert_cmpstr (phone->charge_description, ==, "Puhelun hinta pvm/mpm");
  g_assert_cmpstr (phone->info, ==, "Vaihde");
  g_assert_cmpstr (phone->language, ==, "fi");
  phone = g_ptr_array_index (o->phone_details, 1);
  g_assert_cmpstr (phone->number, ==, "0800 123 456"); /* a service number: no +358 */
  g_assert_cmpstr (phone->charge, ==, "free");
  g_assert_null (phone->charge_description);
  phone = g_ptr_array_index (o->phone_details, 2);
  g_assert_cmpstr (phone->kind, ==, "sms");
  g_assert_cmpstr (phone->charge, ==, "other");
  phone = g_ptr_array_index (o->phone_details, 3);
  g_assert_cmpstr (phone->kind, ==, "fax");
  g_assert_null (phone->charge); /* not given: not invented */
  phone = g_ptr_array_index (o->phone_details, 4);
  g_assert_cmpstr (phone->language, ==, "sv");
  g_assert_cmpstr (phone->charge_description, ==, "Samtalspris lna/msa");

  g_assert_cmpstrv (o->emails,
                    ((const char *const[]){ "palvelupiste@testikyla.example.fi", NULL }));
  g_assert_cmpstrv (o->web_pages,
                    ((const char *const[]){ "https://testikyla.example.fi/palvelupiste", NULL }));
  g_assert_cmpstrv (o->languages, ((const char *const[]){ "fi", "sv", "en", NULL }));
  g_assert_cmpuint (o->service_names->len, ==, 2);
  g_assert_cmpstr (((NvText *) g_ptr_array_index (o->service_names, 0))->text[NV_LANG_FI], ==,
                   "Digituki");
  g_assert_cmpstr (((NvText *) g_ptr_array_index (o->service_names, 1))->text[NV_LANG_FI], ==,
                   "Kela-asiointi");

  /* Accessibility: a line per sentence group, in each language it is written in. */
  g_assert_cmpstr (o->accessibility.text[NV_LANG_FI], ==,
                   "Pääsisäänkäynti: Sisäänkäynti on katutasossa. Ovet avautuvat automaattisesti.\n"
                   "Asiointitilat: Tiloissa on induktiosilmukka.");
  g_assert_cmpstr (o->accessibility.text[NV_LANG_EN], ==,
                   "The main entrance: The entrance is at street level. The doors open "
                   "automatically.");

  /* Weekly hours in force: Monday to Friday 8–16, Thursday evening too, Saturday 10–14.
   * The Sunday hours of summer 2025 have ended and are left out. */
  g_assert_nonnull (o->hours);
  g_assert_cmpuint (o->hours->weekly->len, ==, 7);
  assert_range (o->hours->weekly, 0, 1, "08:00", "16:00");
  assert_range (o->hours->weekly, 3, 4, "08:00", "16:00");
  assert_range (o->hours->weekly, 4, 4, "17:00", "19:00");
  assert_range (o->hours->weekly, 5, 5, "08:00", "16:00");
  assert_range (o->hours->weekly, 6, 6, "10:00", "14:00");

  /* Closed 24–26 December, with the note; New Year's Eve 10–14. */
  exception = find_exception (o->hours, "2026-12-24");
  g_assert_nonnull (exception);
  g_assert_cmpuint (exception->ranges->len, ==, 0);
  g_assert_cmpstr (exception->note.text[NV_LANG_FI], ==, "Joulu");
  g_assert_cmpstr (exception->note.text[NV_LANG_SV], ==, "Jul");
  g_assert_nonnull (find_exception (o->hours, "2026-12-26"));
  g_assert_null (find_exception (o->hours, "2026-12-27"));
  exception = find_exception (o->hours, "2026-12-31");
  assert_range (exception->ranges, 0, 0, "10:00", "14:00");
  g_assert_cmpuint (exception->ranges->len, ==, 1);
  /* The weeks before Christmas have hours of their own, 9–12 on weekdays: they stand in
   * for the usual ones, day by day, and the days they leave out are closed. */
  assert_range (find_exception (o->hours, "2026-12-07")->ranges, 0, 0, "09:00", "12:00");
  g_assert_cmpstr (find_exception (o->hours, "2026-12-07")->note.text[NV_LANG_FI], ==,
                   "Joulukuun aukioloajat");
  g_assert_cmpuint (find_exception (o->hours, "2026-12-12")->ranges->len, ==, 0);
  g_assert_nonnull (find_exception (o->hours, "2026-12-20"));
  g_assert_nonnull (find_exception (o->hours, "2026-12-01"));
  g_assert_null (find_exception (o->hours, "2026-12-06")); /* Independence Day: closed */
  g_assert_null (find_exception (o->hours, "2026-12-21"));
  assert_state (o->hours, "2026-12-07T10:30:00+02:00", NV_OPEN_STATE_OPEN);
  assert_state (o->hours, "2026-12-07T14:00:00+02:00", NV_OPEN_STATE_CLOSED);
  assert_state (o->hours, "2026-12-21T14:00:00+02:00", NV_OPEN_STATE_OPEN);
  /* June 2027: its own hours on weekdays, closed at the weekend; the closed Friday of an
   * Exceptional row wins; Midsummer stays closed as a holiday. */
  exception = find_exception (o->hours, "2027-06-01");
  assert_range (exception->ranges, 0, 0, "10:00", "15:00");
  g_assert_cmpuint (find_exception (o->hours, "2027-06-04")->ranges->len, ==, 0);
  g_assert_cmpuint (find_exception (o->hours, "2027-06-05")->ranges->len, ==, 0);
  g_assert_null (find_exception (o->hours, "2027-06-25"));
  assert_state (o->hours, "2027-06-25T12:00:00+03:00", NV_OPEN_STATE_CLOSED);
  assert_state (o->hours, "2027-06-24T12:00:00+03:00", NV_OPEN_STATE_OPEN);
  g_assert_null (find_exception (o->hours, "2027-07-01"));
  /* Dated hours of this year and the next are kept, past ones too, so that an import on
   * another day changes nothing; the Sunday hours of summer 2025 are not. An exception
   * without a date is left out. */
  g_assert_cmpuint (find_exception (o->hours, "2026-01-01")->ranges->len, ==, 0);
  g_assert_null (find_exception (o->hours, "2025-07-06"));
  /* 19 days of December but Independence Day, 3 of Christmas, New Year's Eve, 28 of
   * June but Midsummer, New Year's Day 2026. */
  g_assert_cmpuint (o->hours->exceptions->len, ==, 19 + 3 + 1 + 28 + 1);
}

/* The same record on another day of the year is the same entry: nothing in it depends on
 * the day but when it was checked, so a second import changes nothing. */
static void
test_same_on_another_day (void)
{
  const char *days[] = { "2026-12-07T10:00:00Z", "2026-12-30T22:00:00Z" };
  char       *written[2];

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 (days[i], NULL);
      g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
      g_autoptr (GBytes) bytes = read_fixture ("location-full.json");
      g_autoptr (GPtrArray) records = NULL;
      NvOrganisation *o;

      g_assert_true (server_ptv_import_add_bytes (import, bytes, "full", NULL, NULL));
      records = server_ptv_import_finish (import);
      o = only_organisation (records);
      g_clear_pointer (&o->checked_at, g_date_time_unref);
      {
        g_autoptr (JsonNode) node = nv_organisation_to_json (o);

        written[i] = nv_json_to_string (node, FALSE);
      }
    }
  g_assert_cmpstr (written[0], ==, written[1]);
  g_free (written[0]);
  g_free (written[1]);
}

/* Accessibility facts only where a sentence of the register states them outright; the
 * sentences themselves stay as the text. */
static void
test_accessibility_facts (void)
{
  g_autoptr (GPtrArray) records = import_fixtures ("location-accessibility.json", NULL);
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  g_autoptr (GBytes) bytes = read_fixture ("location-accessibility.json");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) changed = NULL;
  g_autofree char *text = NULL;
  NvOrganisation  *o = only_organisation (records);
  JsonObject      *back_door;

  /* Both entrances have sills over 2 cm: no step-free entrance. */
  g_assert_cmpint (o->access[NV_ACCESS_STEP_FREE_ENTRANCE], ==, NV_ACCESS_NO);
  /* Stated in English only, and in Finnish only: each is enough. */
  g_assert_cmpint (o->access[NV_ACCESS_ACCESSIBLE_TOILET], ==, NV_ACCESS_YES);
  g_assert_cmpint (o->access[NV_ACCESS_DISABLED_PARKING], ==, NV_ACCESS_YES);
  /* "2 floors" says nothing of a lift, and a loop in words the register does not use is
   * not taken as one: not known, never invented. */
  g_assert_cmpint (o->access[NV_ACCESS_LIFT_OR_RAMP], ==, NV_ACCESS_UNKNOWN);
  g_assert_cmpint (o->access[NV_ACCESS_INDUCTION_LOOP], ==, NV_ACCESS_UNKNOWN);
  g_assert_cmpint (o->access[NV_ACCESS_VISUAL_GUIDANCE], ==, NV_ACCESS_UNKNOWN);
  g_assert_nonnull (strstr (o->accessibility.text[NV_LANG_FI],
                            "Pääsisäänkäynti: Sisäänkäynnin yhteydessä on yli 2 cm korkeita "
                            "kynnyksiä."));

  /* Without what the side door is like, a step-free way in may be there: not known. */
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              &error);
  g_assert_no_error (error);
  back_door = json_array_get_object_element (
      json_object_get_array_member (
          json_array_get_object_element (
              json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "addresses"),
              0),
          "entrances"),
      1);
  json_object_set_array_member (back_door, "accessibilitySentences", json_array_new ());
  text = json_to_string (json_parser_get_root (parser), FALSE);
  changed = g_bytes_new (text, strlen (text));
  g_assert_true (server_ptv_import_add_bytes (import, changed, "changed", NULL, &error));
  g_assert_no_error (error);
  again = server_ptv_import_finish (import);
  o = only_organisation (again);
  g_assert_cmpint (o->access[NV_ACCESS_STEP_FREE_ENTRANCE], ==, NV_ACCESS_UNKNOWN);
  g_assert_cmpint (o->access[NV_ACCESS_ACCESSIBLE_TOILET], ==, NV_ACCESS_YES);
}

/* Missing optional fields stay missing: no hours is "not known", never "closed". */
static void
test_minimal_record (void)
{
  g_autoptr (GPtrArray) records = import_fixtures ("location-minimal.json", NULL);
  NvOrganisation *o = only_organisation (records);

  g_assert_cmpstr (o->name.text[NV_LANG_FI], ==, "Limingan kirjasto");
  g_assert_cmpstr (o->municipality, ==, "425");
  g_assert_cmpstr (o->street_address, ==, "Kirkkotie 1");
  g_assert_cmpstr (o->post_office, ==, "Liminka");
  g_assert_null (o->hours);
  g_assert_null (o->phones);
  g_assert_null (o->phone_details);
  g_assert_null (o->emails);
  g_assert_null (o->web_pages);
  g_assert_null (o->languages);
  g_assert_null (o->service_names);
  /* Entries with no value (PTV has them: a phone with only its charge type, an e-mail of
   * null) say nothing and are passed over. */
  g_assert_null (o->phone_details);
  g_assert_true (nv_text_is_empty (&o->description));
  g_assert_true (nv_text_is_empty (&o->accessibility));
  for (guint f = 0; f < NV_N_ACCESS_FACTS; f++)
    g_assert_cmpint (o->access[f], ==, NV_ACCESS_UNKNOWN);
  /* The organisation was not in this import: no provider rather than a guess. */
  g_assert_true (nv_text_is_empty (&o->provider));
}

static void
test_always_open (void)
{
  g_autoptr (GPtrArray) records = import_fixtures ("location-always-open.json", NULL);
  NvOrganisation *o = only_organisation (records);
  g_autoptr (GDateTime) christmas
      = g_date_time_new_from_iso8601 ("2026-12-25T03:00:00+02:00", NULL);

  g_assert_cmpuint (o->hours->weekly->len, ==, 7);
  for (guint d = 0; d < 7; d++)
    assert_range (o->hours->weekly, d, d + 1, "00:00", "24:00");
  /* Weekly hours do not apply on a holiday: each holiday of the year has its own. */
  assert_range (find_exception (o->hours, "2026-12-25")->ranges, 0, 0, "00:00", "24:00");
  assert_range (find_exception (o->hours, "2027-06-26")->ranges, 0, 0, "00:00", "24:00");
  g_assert_cmpint (nv_opening_hours_state_at (o->hours, christmas, NULL), ==, NV_OPEN_STATE_OPEN);
}

static void
test_over_midnight (void)
{
  g_autoptr (GPtrArray) records = import_fixtures ("location-over-midnight.json", NULL);
  NvOrganisation *o = only_organisation (records);
  g_autoptr (GDateTime) saturday_night
      = g_date_time_new_from_iso8601 ("2026-12-12T01:30:00+02:00", NULL);

  /* Friday 22:00 to Saturday 02:00; Sunday 20:00 to Monday 01:00, and all Monday. */
  assert_range (o->hours->weekly, 0, 1, "00:00", "24:00");
  assert_range (o->hours->weekly, 1, 5, "22:00", "24:00");
  assert_range (o->hours->weekly, 2, 6, "00:00", "02:00");
  assert_range (o->hours->weekly, 3, 7, "20:00", "24:00");
  g_assert_cmpuint (o->hours->weekly->len, ==, 4);
  g_assert_cmpint (nv_opening_hours_state_at (o->hours, saturday_night, NULL), ==,
                   NV_OPEN_STATE_OPEN);
}

/* The most dated days an import makes: a period over its whole two-year window, four
 * ranges a day, and an Exceptional row on the 15th of each month of the second year.
 * Every day but the holidays gets the period's hours, the 15ths their own, in date order. */
static void
test_many_dated_days (void)
{
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  g_autoptr (GBytes) minimal = read_fixture ("location-minimal.json");
  g_autoptr (GString) hours = g_string_new ("[{\"serviceHourType\": \"DaysOfTheWeek\", "
                                            "\"validFrom\": \"2026-01-01T00:00:00\", "
                                            "\"validTo\": \"2027-12-31T00:00:00\", "
                                            "\"isClosed\": false, \"isAlwaysOpen\": false, "
                                            "\"openingHour\": [");
  g_autoptr (GString) record
      = g_string_new_len (g_bytes_get_data (minimal, NULL), (gssize) g_bytes_get_size (minimal));
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  const NvHoursException *exception;
  NvOrganisation         *o;
  guint                   expected = 0;
  GDate                   date;

  for (guint h = 8; h < 16; h += 2)
    g_string_append_printf (hours,
                            "%s{\"dayFrom\": \"Monday\", \"dayTo\": \"Sunday\", "
                            "\"from\": \"%02u:00:00\", \"to\": \"%02u:00:00\"}",
                            h == 8 ? "" : ", ", h, h + 1);
  g_string_append (hours, "]}");
  for (guint month = 1; month <= 12; month++)
    g_string_append_printf (hours,
                            ", {\"serviceHourType\": \"Exceptional\", "
                            "\"validFrom\": \"2027-%02u-15T00:00:00\", \"validTo\": null, "
                            "\"isClosed\": false, \"isAlwaysOpen\": false, "
                            "\"openingHour\": [{\"dayFrom\": null, \"dayTo\": null, "
                            "\"from\": \"10:00:00\", \"to\": \"12:30:00\"}]}",
                            month);
  g_string_append (hours, "]");
  /* The minimal record ends with its closing brace: its service hours go before it. */
  g_string_truncate (record, strrchr (record->str, '}') - record->str);
  g_string_append_printf (record, ", \"serviceHours\": %s}", hours->str);
  bytes = g_string_free_to_bytes (g_steal_pointer (&record));
  g_assert_true (server_ptv_import_add_bytes (import, bytes, "many", NULL, &error));
  g_assert_no_error (error);
  records = server_ptv_import_finish (import);
  o = only_organisation (records);

  g_date_clear (&date, 1);
  for (g_date_set_dmy (&date, 1, 1, 2026); g_date_get_year (&date) < 2028;
       g_date_add_days (&date, 1))
    if (!nv_is_finnish_holiday (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date))
        || (g_date_get_year (&date) == 2027 && g_date_get_day (&date) == 15))
      expected++;
  g_assert_cmpuint (expected, ==, 730 - 2 * 15); /* two years less their holidays */
  g_assert_cmpuint (o->hours->exceptions->len, ==, expected);
  for (guint i = 1; i < o->hours->exceptions->len; i++)
    g_assert_cmpstr (((NvHoursException *) g_ptr_array_index (o->hours->exceptions, i - 1))->date,
                     <, ((NvHoursException *) g_ptr_array_index (o->hours->exceptions, i))->date);
  g_assert_true (nv_opening_hours_validate (o->hours, NULL));

  /* The period's hours are also the weekly ones, as no usual hours are in force. */
  g_assert_cmpuint (o->hours->weekly->len, ==, 28);
  assert_range (o->hours->weekly, 27, 7, "14:00", "15:00");
  exception = find_exception (o->hours, "2027-03-10");
  g_assert_cmpuint (exception->ranges->len, ==, 4);
  assert_range (exception->ranges, 0, 0, "08:00", "09:00");
  assert_range (exception->ranges, 3, 0, "14:00", "15:00");
  exception = find_exception (o->hours, "2027-04-15");
  g_assert_cmpuint (exception->ranges->len, ==, 1);
  assert_range (exception->ranges, 0, 0, "10:00", "12:30");
  g_assert_null (find_exception (o->hours, "2026-12-24"));
  g_assert_nonnull (find_exception (o->hours, "2026-01-02"));
  g_assert_nonnull (find_exception (o->hours, "2027-12-31"));
}

/* The paged form: every page adds its items; other channel types and drafts are passed
 * over; a place named only in Swedish keeps that name. */
static void
test_pages (void)
{
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "library");
  g_autoptr (GPtrArray) records = NULL;
  const char     *pages[] = { "page-1.json", "page-2.json" };
  NvOrganisation *swedish;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr (GBytes) bytes = read_fixture (pages[i]);
      g_autoptr (GError) error = NULL;
      guint page_count = 0;

      g_assert_true (server_ptv_import_add_bytes (import, bytes, pages[i], &page_count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (page_count, ==, 2);
    }
  records = server_ptv_import_finish (import);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (server_ptv_import_get_n_skipped (import), ==, 2);
  g_assert_cmpstr (((ServerPtvRecord *) records->pdata[0])->organisation->kind, ==, "library");
  swedish = ((ServerPtvRecord *) records->pdata[1])->organisation;
  g_assert_cmpstr (swedish->name.text[NV_LANG_SV], ==, "Närpes bibliotek");
  g_assert_cmpstr (swedish->name.text[NV_LANG_FI], ==, "Närpes bibliotek");
  g_assert_cmpstr (swedish->post_office, ==, "Närpiö");
  g_assert_cmpstr (swedish->municipality, ==, "545");
}

/* Refusals: each names the record and PTV's field, and the other records still come. */
typedef struct
{
  const char *name;
  const char *record; /* a channel's members after the id, type and a name */
  const char *field;
} BadRecord;

#define CHANNEL_HEAD                                                                               \
  "{\"id\": \"961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f\", \"serviceChannelType\": "                    \
  "\"ServiceLocation\","
#define NAMED                                                                                      \
  CHANNEL_HEAD                                                                                     \
  " \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"P\", \"type\": \"Name\"}],"
#define OULU                                                                                       \
  " \"addresses\": [{\"type\": \"Location\", \"streetAddress\": {\"postalCode\": \"90100\","       \
  " \"municipality\": {\"code\": \"564\"}}}]"
#define HOURS(rows)                                                                                \
  NAMED OULU                                                                                       \
      ", \"serviceHours\": [{\"serviceHourType\": \"DaysOfTheWeek\"}, {\"serviceHourType\":"       \
      " \"DaysOfTheWeek\", \"openingHour\": [" rows "]}]}"

static const BadRecord bad_records[] = {
  { "time", HOURS ("{\"dayFrom\": \"Monday\", \"from\": \"8 am\", \"to\": \"16:00:00\"}"),
    "serviceHours[1].openingHour[0].from" },
  { "time-25", HOURS ("{\"dayFrom\": \"Monday\", \"from\": \"08:00:00\", \"to\": \"25:00:00\"}"),
    "serviceHours[1].openingHour[0].to" },
  { "weekday", HOURS ("{\"dayFrom\": \"Moonday\", \"from\": \"08:00:00\", \"to\": \"16:00:00\"}"),
    "serviceHours[1].openingHour[0].dayFrom" },
  { "time-number", HOURS ("{\"dayFrom\": \"Monday\", \"from\": 800, \"to\": \"16:00:00\"}"),
    "serviceHours[1].openingHour[0].from" },
  { "hour-type", NAMED OULU ", \"serviceHours\": [{\"serviceHourType\": \"Sometimes\"}]}",
    "serviceHours[0].serviceHourType" },
  { "valid-to-before-from",
    NAMED OULU ", \"serviceHours\": [{\"serviceHourType\": \"Exceptional\", \"validFrom\":"
               " \"2026-12-24T00:00:00\", \"validTo\": \"2026-12-20T00:00:00\"}]}",
    "serviceHours[0].validTo" },
  { "valid-from-not-date",
    NAMED OULU ", \"serviceHours\": [{\"serviceHourType\": \"Exceptional\", \"validFrom\":"
               " \"tomorrow\"}]}",
    "serviceHours[0].validFrom" },
  { "is-closed-string",
    NAMED OULU
    ", \"serviceHours\": [{\"serviceHourType\": \"Exceptional\", \"isClosed\": \"yes\"}]}",
    "serviceHours[0].isClosed" },
  { "names-not-array", CHANNEL_HEAD " \"serviceChannelNames\": \"P\"," OULU "}",
    "serviceChannelNames" },
  { "name-value-number",
    CHANNEL_HEAD " \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": 7, \"type\":"
                 " \"Name\"}]," OULU "}",
    "serviceChannelNames[0].value" },
  { "no-name", CHANNEL_HEAD OULU "}", "serviceChannelNames" },
  { "name-newline",
    CHANNEL_HEAD " \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"P\\nQ\", \"type\":"
                 " \"Name\"}]," OULU "}",
    "serviceChannelNames.fi" },
  { "municipality-999",
    NAMED " \"addresses\": [{\"type\": \"Location\", \"streetAddress\": {\"municipality\":"
          " {\"code\": \"999\"}}}]}",
    "addresses[0].streetAddress.municipality.code" },
  { "no-municipality", NAMED " \"addresses\": []}", "addresses" },
  { "postal-code",
    NAMED " \"addresses\": [{\"type\": \"Location\", \"streetAddress\": {\"postalCode\": \"9010\","
          " \"municipality\": {\"code\": \"564\"}}}]}",
    "addresses[0].streetAddress.postalCode" },
  { "address-not-object", NAMED " \"addresses\": [\"Testikatu 1\"]}", "addresses[0]" },
  { "phone-letters",
    NAMED OULU ", \"phoneNumbers\": [{\"type\": \"Phone\", \"prefixNumber\": \"+358\", \"number\":"
               " \"call us\"}]}",
    "phoneNumbers[0].number" },
  { "phone-type",
    NAMED OULU ", \"phoneNumbers\": [{\"type\": \"Pager\", \"number\": \"0401234567\"}]}",
    "phoneNumbers[0].type" },
  { "phone-number-number",
    NAMED OULU ", \"phoneNumbers\": [{\"type\": \"Phone\", \"number\": 401234567}]}",
    "phoneNumbers[0].number" },
  { "email", NAMED OULU ", \"emails\": [{\"value\": \"not an address\"}]}", "emails[0].value" },
  { "web-page", NAMED OULU ", \"webPages\": [{\"url\": \"javascript:alert(1)\"}]}",
    "webPages[0].url" },
  { "language", NAMED OULU ", \"languages\": [\"finnish\"]}", "languages[0]" },
  { "services-not-array", NAMED OULU ", \"services\": {}}", "services" },
  { "id-missing", "{\"serviceChannelType\": \"ServiceLocation\"}", "id" },
  { "id-not-guid", "{\"id\": \"1; DROP TABLE\", \"serviceChannelType\": \"ServiceLocation\"}",
    "id" },
  { "type-missing", "{\"id\": \"961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f\"}", "serviceChannelType" },
  { "type-number", "{\"id\": \"961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f\", \"serviceChannelType\": 5}",
    "serviceChannelType" },
  { "not-object", "[1]", "(record)" },
};

static void
test_refused (gconstpointer data)
{
  const BadRecord *bad = data;
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  g_autoptr (GBytes) good = read_fixture ("location-minimal.json");
  g_autoptr (GBytes) bytes = g_bytes_new_static (bad->record, strlen (bad->record));
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  ServerPtvRecord *refused = NULL;
  guint            n_good = 0;

  g_assert_true (server_ptv_import_add_bytes (import, bytes, bad->name, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (server_ptv_import_add_bytes (import, good, "good", NULL, &error));
  records = server_ptv_import_finish (import);
  for (guint i = 0; i < records->len; i++)
    {
      ServerPtvRecord *record = g_ptr_array_index (records, i);

      if (record->organisation != NULL)
        n_good++;
      else
        refused = record;
    }
  /* The good record after it still comes. */
  g_assert_cmpuint (n_good, ==, 1);
  g_assert_nonnull (refused);
  g_test_message ("%s: %s", refused->record_id, refused->error->message);
  g_assert_error (refused->error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (refused->error), ==, bad->field);
  g_assert_true (g_utf8_validate (refused->error->message, -1, NULL));
  /* A refused phone number is not echoed: it may be a person's own (docs/privacy.md). */
  g_assert_null (strstr (refused->error->message, "call us"));
  if (strstr (bad->record, "961f1a02") != NULL)
    g_assert_cmpstr (refused->record_id, ==, "961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f");
  else
    g_assert_true (g_str_has_prefix (refused->record_id, "item "));
}

/* A text that is not PTV at all fails as a whole, with a sentence, and keeps nothing. */
static void
test_unusable_text (void)
{
  static const struct
  {
    const char *text;
    gsize       length;
    const char *words;
  } cases[] = {
    { "{\"id\": \"a\xff\"}", 11, "UTF-8" },
    { "{'itemList': []}", 16, "" },
    { "/* c */ {}", 10, "" },
    { "\"text\"", 6, "not PTV records" },
    { "{\"itemList\": 5}", 15, "itemList must be an array" },
    { "{\"itemList\": [], \"pageCount\": \"two\"}", 36, "pageCount" },
    { "", 0, "empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GDateTime) now = import_now ();
      g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
      g_autoptr (GBytes) bytes = g_bytes_new_static (cases[i].text, cases[i].length);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) records = NULL;

      g_assert_false (server_ptv_import_add_bytes (import, bytes, "the file", NULL, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      records = server_ptv_import_finish (import);
      g_assert_cmpuint (records->len, ==, 0);
    }
}

/* 50 MiB is refused before it is parsed. */
static void
test_too_large (void)
{
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  gsize size = 50 * 1024 * 1024;
  char *data = g_malloc (size);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  memset (data, ' ', size);
  data[0] = '[';
  data[size - 1] = ']';
  bytes = g_bytes_new_take (data, size);
  g_assert_false (server_ptv_import_add_bytes (import, bytes, "big.json", NULL, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "big.json"));
}

/* The recorded real records (../shared/ptv-records next to the project) */

static char *
shared_records_dir (void)
{
  g_autofree char *dir
      = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "ptv-records", NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_steal_pointer (&dir);
}

static JsonObject *
localised_lookup (JsonArray *array, const char *language, const char *type, const char **out)
{
  *out = NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "language", NULL), language)
              == 0
          && (type == NULL
              || g_strcmp0 (json_object_get_string_member_with_default (item, "type", NULL), type)
                     == 0))
        {
          *out = json_object_get_string_member_with_default (item, "value", NULL);
          return item;
        }
    }
  return NULL;
}

/* Otavan Opisto, Mikkeli: every field against the record's own values. */
static void
test_real_service_location (void)
{
  g_autofree char *dir = shared_records_dir ();
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (JsonNode) source = NULL;
  g_autoptr (GBytes) bytes = NULL;
  JsonObject     *record, *street;
  JsonArray      *array;
  NvOrganisation *o;
  const char     *value;
  char           *contents;
  gsize           length;
  guint           n_calls = 0;

  if (dir == NULL)
    {
      g_test_skip ("../shared/ptv-records is not there (a fresh clone)");
      return;
    }
  path = g_build_filename (dir, "auroraai-servicechannel-961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f.json",
                           NULL);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (contents, length);
  source = nv_json_parse_bytes (bytes, 0, &error);
  g_assert_no_error (error);
  record = json_node_get_object (source);
  g_assert_true (server_ptv_import_add_bytes (import, bytes, path, NULL, &error));
  records = server_ptv_import_finish (import);
  o = only_organisation (records);

  g_assert_cmpstr (o->source_id, ==, json_object_get_string_member (record, "id"));
  g_assert_cmpstr (o->id, ==, "ptv-961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f");
  localised_lookup (json_object_get_array_member (record, "serviceChannelNames"), "fi", "Name",
                    &value);
  g_assert_cmpstr (o->name.text[NV_LANG_FI], ==, value);
  g_assert_null (o->name.text[NV_LANG_SV]); /* the record has no Swedish name */
  /* It has a Summary and a Description in Finnish: the Description is kept. */
  localised_lookup (json_object_get_array_member (record, "serviceChannelDescriptions"), "fi",
                    "Description", &value);
  g_assert_nonnull (value);
  if (g_utf8_strlen (value, -1) <= 2000)
    g_assert_cmpstr (o->description.text[NV_LANG_FI], ==, value);

  array = json_object_get_array_member (record, "addresses");
  street
      = json_object_get_object_member (json_array_get_object_element (array, 0), "streetAddress");
  localised_lookup (json_object_get_array_member (street, "street"), "fi", NULL, &value);
  {
    g_autofree char *expected
        = g_strdup_printf ("%s %s", value, json_object_get_string_member (street, "streetNumber"));

    g_assert_cmpstr (o->street_address, ==, expected);
  }
  g_assert_cmpstr (o->postal_code, ==, json_object_get_string_member (street, "postalCode"));
  localised_lookup (json_object_get_array_member (street, "postOffice"), "fi", NULL, &value);
  g_assert_cmpstr (value, ==, "OTAVA");
  g_assert_cmpstr (o->post_office, ==, "Otava");
  g_assert_cmpstr (o->municipality, ==,
                   json_object_get_string_member (
                       json_object_get_object_member (street, "municipality"), "code"));
  g_assert_cmpstr (nv_municipality_name (o->municipality, NV_LANG_FI), ==, "Mikkeli");

  array = json_object_get_array_member (record, "phoneNumbers");
  g_assert_cmpuint (o->phone_details->len, ==, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject      *item = json_array_get_object_element (array, i);
      const NvPhone   *phone = g_ptr_array_index (o->phone_details, i);
      g_autofree char *number
          = g_strdup_printf ("%s %s", json_object_get_string_member (item, "prefixNumber"),
                             json_object_get_string_member (item, "number"));

      g_assert_cmpstr (phone->number, ==, number);
      g_assert_cmpstr (json_object_get_string_member (item, "serviceChargeType"), ==, "Chargeable");
      g_assert_cmpstr (phone->charge, ==, "chargeable");
      g_assert_cmpstr (
          phone->info, ==,
          json_object_get_string_member_with_default (item, "additionalInformation", NULL));
      g_assert_null (phone->charge_description);
      g_assert_cmpstr (phone->language, ==, json_object_get_string_member (item, "language"));
      if (g_str_equal (json_object_get_string_member (item, "type"), "Phone"))
        g_assert_cmpstr (o->phones[n_calls++], ==, number);
    }
  g_assert_cmpuint (g_strv_length (o->phones), ==, n_calls);

  array = json_object_get_array_member (record, "emails");
  g_assert_cmpuint (g_strv_length (o->emails), ==, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (
        o->emails[i], ==,
        json_object_get_string_member (json_array_get_object_element (array, i), "value"));
  array = json_object_get_array_member (record, "webPages");
  g_assert_cmpuint (g_strv_length (o->web_pages), ==, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (
        o->web_pages[i], ==,
        json_object_get_string_member (json_array_get_object_element (array, i), "url"));
  array = json_object_get_array_member (record, "languages");
  g_assert_cmpuint (g_strv_length (o->languages), ==, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (o->languages[i], ==, json_array_get_string_element (array, i));

  array = json_object_get_array_member (record, "services");
  g_assert_cmpuint (o->service_names->len, ==, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (
        ((NvText *) g_ptr_array_index (o->service_names, i))->text[NV_LANG_FI], ==,
        json_object_get_string_member (
            json_object_get_object_member (json_array_get_object_element (array, i), "service"),
            "name"));

  /* Monday to Friday 08:00–16:00, no exceptions, as its one DaysOfTheWeek row says. */
  g_assert_nonnull (o->hours);
  g_assert_cmpuint (o->hours->weekly->len, ==, 5);
  for (guint d = 0; d < 5; d++)
    assert_range (o->hours->weekly, d, d + 1, "08:00", "16:00");
  g_assert_cmpuint (o->hours->exceptions->len, ==, 0);

  g_assert_true (g_str_has_prefix (o->accessibility.text[NV_LANG_FI],
                                   "Reitti pääsisäänkäynnille: Liikkumisesteisten 1 autopaikka"));
  g_assert_true (
      g_str_has_prefix (o->accessibility.text[NV_LANG_SV], "Rutten till huvudingången: "));
  g_assert_true (
      g_str_has_prefix (o->accessibility.text[NV_LANG_EN], "The route to the main entrance: "));
  /* Its sentences state an accessible toilet, a parking space for disabled people and
   * sills over 2 cm at its one entrance; nothing of a lift, a loop or guidance. */
  g_assert_cmpint (o->access[NV_ACCESS_ACCESSIBLE_TOILET], ==, NV_ACCESS_YES);
  g_assert_cmpint (o->access[NV_ACCESS_DISABLED_PARKING], ==, NV_ACCESS_YES);
  g_assert_cmpint (o->access[NV_ACCESS_STEP_FREE_ENTRANCE], ==, NV_ACCESS_NO);
  g_assert_cmpint (o->access[NV_ACCESS_LIFT_OR_RAMP], ==, NV_ACCESS_UNKNOWN);
  g_assert_cmpint (o->access[NV_ACCESS_INDUCTION_LOOP], ==, NV_ACCESS_UNKNOWN);
  g_assert_cmpint (o->access[NV_ACCESS_VISUAL_GUIDANCE], ==, NV_ACCESS_UNKNOWN);
}

/* Every other recorded channel file: each record is accepted or refused with a field,
 * never a crash; the figures go to the log. */
static void
test_real_other_files (void)
{
  static const char *const files[] = { "smbackend-anonymised-municipality_channels.json",
                                       "smbackend-anonymised-municipality_channels_2.json",
                                       "smbackend-anonymised-municipality_channels_3.json",
                                       "ptv-releases-testenv-OrganizationServiceChannel.json",
                                       "kunta-api-server-v8-trn-servicelocations-with-hours.json",
                                       "kunta-api-server-v8-trn-servicelocations.json",
                                       "kunta-api-server-v8-trn-otherchannels.json",
                                       "kunta-api-server-v8-trn-organizations.json" };
  g_autofree char         *dir = shared_records_dir ();

  if (dir == NULL)
    {
      g_test_skip ("../shared/ptv-records is not there (a fresh clone)");
      return;
    }
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (dir, files[f], NULL);
      g_autoptr (GDateTime) now = import_now ();
      g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
      g_autoptr (GPtrArray) records = NULL;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GError) error = NULL;
      guint accepted = 0, refused = 0;
      char *contents;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      bytes = g_bytes_new_take (contents, length);
      g_assert_true (server_ptv_import_add_bytes (import, bytes, files[f], NULL, &error));
      g_assert_no_error (error);
      records = server_ptv_import_finish (import);
      for (guint i = 0; i < records->len; i++)
        {
          ServerPtvRecord *record = g_ptr_array_index (records, i);

          if (record->organisation != NULL)
            accepted++;
          else
            {
              refused++;
              g_assert_nonnull (nv_error_get_field (record->error));
              g_test_message ("%s: ptv %s: %s", files[f], record->record_id,
                              record->error->message);
            }
        }
      g_test_message ("%s: %u accepted, %u refused, %u passed over", files[f], accepted, refused,
                      server_ptv_import_get_n_skipped (import));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import-ptv/full-record", test_full_record);
  g_test_add_func ("/import-ptv/minimal-record", test_minimal_record);
  g_test_add_func ("/import-ptv/accessibility-facts", test_accessibility_facts);
  g_test_add_func ("/import-ptv/same-on-another-day", test_same_on_another_day);
  g_test_add_func ("/import-ptv/always-open", test_always_open);
  g_test_add_func ("/import-ptv/over-midnight", test_over_midnight);
  g_test_add_func ("/import-ptv/many-dated-days", test_many_dated_days);
  g_test_add_func ("/import-ptv/pages", test_pages);
  for (guint i = 0; i < G_N_ELEMENTS (bad_records); i++)
    {
      g_autofree char *path = g_strdup_printf ("/import-ptv/refused/%s", bad_records[i].name);

      g_test_add_data_func (path, &bad_records[i], test_refused);
    }
  g_test_add_func ("/import-ptv/unusable-text", test_unusable_text);
  g_test_add_func ("/import-ptv/too-large", test_too_large);
  g_test_add_func ("/import-ptv/real/service-location", test_real_service_location);
  g_test_add_func ("/import-ptv/real/other-files", test_real_other_files);
  return g_test_run ();
}

/* test-organisation.c — the directory: organisations and their rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"
#include "nv-json-private.h"

static const char *full_organisation
    = "{\"id\": \"oulu-main-library\","
      " \"name\": {\"fi\": \"Oulun pääkirjasto\", \"sv\": \"Uleåborgs huvudbibliotek\","
      "          \"en\": \"Oulu Main Library\"},"
      " \"description\": {\"fi\": \"Kirjasto\"},"
      " \"kind\": \"library\", \"municipality\": \"564\", \"street_address\": \"Kaarlenväylä 3\","
      " \"postal_code\": \"90100\", \"post_office\": \"Oulu\","
      " \"phones\": [\"+358 8 558 410\", \"(08) 558-47070\"],"
      " \"emails\": [\"kirjasto@ouka.fi\"], \"web_pages\": [\"https://www.ouka.fi/kirjasto\"],"
      " \"opening_hours\": {"
      "   \"weekly\": [{\"day\": 1, \"opens\": \"10:00\", \"closes\": \"20:00\"},"
      "                {\"day\": 1, \"opens\": \"08:00\", \"closes\": \"09:00\"},"
      "                {\"day\": 6, \"opens\": \"10:00\", \"closes\": \"24:00\"}],"
      "   \"exceptions\": [{\"date\": \"2026-12-31\", \"hours\": [{\"opens\": \"10:00\","
      "                                                         \"closes\": \"14:00\"}]},"
      "                    {\"date\": \"2026-12-24\", \"hours\": [],"
      "                     \"note\": {\"fi\": \"Jouluaatto\", \"en\": \"Christmas Eve\"}}]},"
      " \"services\": {\"fi\": \"Digituki\"}, \"accessibility\": {\"en\": \"Step-free\"},"
      " \"languages\": [\"fi\", \"sv\", \"se\"], \"sample\": true, \"ptv_id\": \"ignored\"}";

static void
test_round_trip (void)
{
  g_autoptr (JsonNode) node = nv_test_parse (full_organisation);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = nv_organisation_from_json (node, &error);
  g_autoptr (NvOrganisation) copy = NULL;
  g_autoptr (NvOrganisation) again = NULL;
  g_autoptr (JsonNode) written = NULL;
  g_autofree char        *first = NULL;
  g_autofree char        *second = NULL;
  g_autofree char        *from_copy = NULL;
  const NvHoursException *exception;
  const NvHoursRange     *range;

  g_assert_no_error (error);
  g_assert_cmpstr (organisation->kind, ==, "library");
  g_assert_cmpstr (organisation->phones[1], ==, "(08) 558-47070");
  g_assert_cmpstr (organisation->languages[2], ==, "se");
  g_assert_true (organisation->sample);
  g_assert_nonnull (organisation->hours);
  /* Sorted on the way in: by weekday then opening time; exceptions by date. */
  range = &g_array_index (organisation->hours->weekly, NvHoursRange, 0);
  g_assert_cmpuint (range->opens, ==, 8 * 60);
  range = &g_array_index (organisation->hours->weekly, NvHoursRange, 2);
  g_assert_cmpuint (range->closes, ==, 24 * 60);
  exception = g_ptr_array_index (organisation->hours->exceptions, 0);
  g_assert_cmpstr (exception->date, ==, "2026-12-24");
  g_assert_cmpuint (exception->ranges->len, ==, 0);
  g_assert_cmpstr (exception->note.text[NV_LANG_EN], ==, "Christmas Eve");

  written = nv_organisation_to_json (organisation);
  first = nv_json_to_string (written, FALSE);
  g_assert_null (strstr (first, "ptv_id"));
  g_assert_nonnull (strstr (first, "\"closes\":\"24:00\""));
  g_assert_nonnull (strstr (first, "\"hours\":[]"));
  again = nv_organisation_from_json (written, &error);
  g_assert_no_error (error);
  second = nv_test_take_string (nv_organisation_to_json (again));
  g_assert_cmpstr (first, ==, second);
  g_assert_true (nv_text_equal (&organisation->name, &again->name));
  g_assert_true (nv_strv_equal0 ((const char *const *) organisation->emails,
                                 (const char *const *) again->emails));

  copy = nv_organisation_copy (organisation);
  from_copy = nv_test_take_string (nv_organisation_to_json (copy));
  g_assert_cmpstr (first, ==, from_copy);
  g_assert_true (copy->hours != organisation->hours);
}

/* Opening hours not known: absent or null, and never written as anything. */
/* What an import adds: where the entry came from, phones with their cost and the
 * services offered there. A document without them (every one written before) still
 * loads, and writes them not at all. */
static void
test_provenance_round_trip (void)
{
  g_autoptr (JsonNode) node = nv_test_parse (
      "{\"id\": \"ptv-1\", \"name\": {\"fi\": \"Paikka\"}, \"kind\": \"other\","
      " \"municipality\": \"491\", \"phones\": [\"+358 44 123 4567\"],"
      " \"source\": \"ptv\", \"source_id\": \"961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f\","
      " \"checked_at\": \"2026-12-02T10:00:00+02:00\", \"provider\": {\"fi\": \"Mikkelin "
      "kaupunki\"},"
      " \"phone_details\": [{\"number\": \"+358 44 123 4567\", \"kind\": \"phone\","
      "   \"charge\": \"chargeable\", \"charge_description\": \"pvm/mpm\","
      "   \"info\": \"Vaihde\", \"language\": \"fi\"},"
      "  {\"number\": \"+358 44 765 4321\", \"kind\": \"sms\"}],"
      " \"service_names\": [{\"fi\": \"Digituki\", \"sv\": \"Digistöd\"}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = nv_organisation_from_json (node, &error);
  g_autoptr (NvOrganisation) copy = NULL;
  g_autofree char *written = NULL;
  g_autofree char *copied = NULL;
  const NvPhone   *phone;

  g_assert_no_error (error);
  g_assert_cmpstr (organisation->source, ==, "ptv");
  g_assert_cmpstr (organisation->source_id, ==, "961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f");
  g_assert_cmpint (g_date_time_get_hour (organisation->checked_at), ==, 10);
  g_assert_cmpstr (organisation->provider.text[NV_LANG_FI], ==, "Mikkelin kaupunki");
  g_assert_cmpuint (organisation->phone_details->len, ==, 2);
  phone = g_ptr_array_index (organisation->phone_details, 0);
  g_assert_cmpstr (phone->charge, ==, "chargeable");
  g_assert_cmpstr (phone->charge_description, ==, "pvm/mpm");
  g_assert_cmpstr (phone->info, ==, "Vaihde");
  phone = g_ptr_array_index (organisation->phone_details, 1);
  g_assert_cmpstr (phone->kind, ==, "sms");
  g_assert_null (phone->charge);
  g_assert_cmpstr (
      ((NvText *) g_ptr_array_index (organisation->service_names, 0))->text[NV_LANG_SV], ==,
      "Digistöd");
  /* Kiosks already deployed read only the plain list, which stays. */
  g_assert_cmpstr (organisation->phones[0], ==, "+358 44 123 4567");

  written = nv_test_take_string (nv_organisation_to_json (organisation));
  g_assert_nonnull (strstr (written, "\"checked_at\":\"2026-12-02T08:00:00.000Z\""));
  g_assert_nonnull (strstr (written, "\"source_id\":\"961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f\""));
  copy = nv_organisation_copy (organisation);
  copied = nv_test_take_string (nv_organisation_to_json (copy));
  g_assert_cmpstr (written, ==, copied);
  g_assert_true (copy->phone_details != organisation->phone_details);
  /* None given: none written. */
  g_assert_null (organisation->part_sources);
  g_assert_null (strstr (written, "part_sources"));
}

static void
test_unknown_hours (void)
{
  static const char *cases[] = {
    "{\"id\": \"x\", \"name\": {\"fi\": \"X\"}, \"kind\": \"other\", \"municipality\": \"678\","
    " \"opening_hours\": null}",
    "{\"id\": \"x\", \"name\": {\"fi\": \"X\"}, \"kind\": \"other\", \"municipality\": \"678\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) node = nv_test_parse (cases[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (NvOrganisation) organisation = nv_organisation_from_json (node, &error);
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *written = NULL;

      g_assert_no_error (error);
      g_assert_null (organisation->hours);
      g_assert_false (organisation->sample);
      written = nv_test_take_string (nv_organisation_to_json (organisation));
      g_assert_cmpstr (written, ==,
                       "{\"id\":\"x\",\"name\":{\"fi\":\"X\"},\"kind\":\"other\","
                       "\"municipality\":\"678\",\"sample\":false}");
      g_assert_cmpint (nv_opening_hours_state_at (organisation->hours, now, NULL), ==,
                       NV_OPEN_STATE_UNKNOWN);
    }
}

#define ORG(extra)                                                                                 \
  "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": "           \
  "\"564\"" extra "}"
#define HOURS(json) ORG (", \"opening_hours\": " json)

static const NvTestBadCase bad_organisations[] = {
  /* Types. */
  { "id-not-string",
    "{\"id\": 1, \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": \"564\"}",
    "id" },
  { "name-not-object",
    "{\"id\": \"o\", \"name\": \"O\", \"kind\": \"library\", \"municipality\": \"564\"}", "name" },
  { "kind-not-string",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": [\"library\"], \"municipality\":"
    " \"564\"}",
    "kind" },
  { "municipality-number",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": 564}",
    "municipality" },
  /* Codes are checked against the national list: 999 has the right shape only. */
  { "municipality-999",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": \"999\"}",
    "municipality" },
  /* A name is on one line in every language; a description may run over lines. */
  { "name-newline",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\\nx\"}, \"kind\": \"library\", \"municipality\": "
    "\"564\"}",
    "name.fi" },
  { "name-tab",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\", \"sv\": \"O\\tx\"}, \"kind\": \"library\","
    " \"municipality\": \"564\"}",
    "name.sv" },
  { "name-line-separator",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\\u2028x\"}, \"kind\": \"library\", \"municipality\": "
    "\"564\"}",
    "name.fi" },
  { "name-c1",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\\u0085x\"}, \"kind\": \"library\", \"municipality\": "
    "\"564\"}",
    "name.fi" },
  { "street-address-not-string", ORG (", \"street_address\": 3"), "street_address" },
  { "postal-code-number", ORG (", \"postal_code\": 90100"), "postal_code" },
  { "phones-not-array", ORG (", \"phones\": \"+358 8 123 456\""), "phones" },
  { "phone-not-string", ORG (", \"phones\": [\"+358 8 123 456\", 8123456]"), "phones[1]" },
  { "emails-not-array", ORG (", \"emails\": {}"), "emails" },
  { "web-page-not-string", ORG (", \"web_pages\": [null]"), "web_pages[0]" },
  { "services-not-object", ORG (", \"services\": [\"digituki\"]"), "services" },
  { "accessibility-sv-not-string", ORG (", \"accessibility\": {\"sv\": 1}"), "accessibility.sv" },
  { "languages-not-array", ORG (", \"languages\": \"fi\""), "languages" },
  { "sample-not-boolean", ORG (", \"sample\": \"yes\""), "sample" },
  { "hours-not-object", HOURS ("[]"), "opening_hours" },
  { "weekly-not-array", HOURS ("{\"weekly\": {\"day\": 1}}"), "opening_hours.weekly" },
  { "weekly-range-not-object", HOURS ("{\"weekly\": [\"09:00-16:00\"]}"),
    "opening_hours.weekly[0]" },
  { "day-not-number",
    HOURS ("{\"weekly\": [{\"day\": \"Monday\", \"opens\": \"09:00\", \"closes\": \"10:00\"}]}"),
    "opening_hours.weekly[0].day" },
  { "opens-number", HOURS ("{\"weekly\": [{\"day\": 1, \"opens\": 900, \"closes\": \"10:00\"}]}"),
    "opening_hours.weekly[0].opens" },
  { "exceptions-not-array", HOURS ("{\"exceptions\": \"none\"}"), "opening_hours.exceptions" },
  { "exception-hours-not-array",
    HOURS ("{\"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": \"closed\"}]}"),
    "opening_hours.exceptions[0].hours" },
  { "exception-note-not-text",
    HOURS ("{\"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": [], \"note\":"
           " \"Jouluaatto\"}]}"),
    "opening_hours.exceptions[0].note" },
  /* Required members and their rules. */
  { "id-missing", "{\"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": \"564\"}",
    "id" },
  { "id-pattern",
    "{\"id\": \"Oulu Library\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\","
    " \"municipality\": \"564\"}",
    "id" },
  { "name-missing", "{\"id\": \"o\", \"kind\": \"library\", \"municipality\": \"564\"}",
    "name.fi" },
  { "name-no-finnish",
    "{\"id\": \"o\", \"name\": {\"sv\": \"O\"}, \"kind\": \"library\", \"municipality\": \"564\"}",
    "name.fi" },
  { "kind-missing", "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"municipality\": \"564\"}",
    "kind" },
  { "kind-unknown",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"shop\", \"municipality\": \"564\"}",
    "kind" },
  { "kind-case",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"Library\", \"municipality\": \"564\"}",
    "kind" },
  { "municipality-missing", "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\"}",
    "municipality" },
  { "municipality-name",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": \"Oulu\"}",
    "municipality" },
  { "municipality-two-digits",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": \"91\"}",
    "municipality" },
  { "municipality-four-digits",
    "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": \"0564\"}",
    "municipality" },
  /* Optional members and their rules. */
  { "street-address-two-lines", ORG (", \"street_address\": \"Kaarlenväylä 3\\nOulu\""),
    "street_address" },
  { "postal-code-short", ORG (", \"postal_code\": \"9010\""), "postal_code" },
  { "postal-code-long", ORG (", \"postal_code\": \"901000\""), "postal_code" },
  { "postal-code-letters", ORG (", \"postal_code\": \"9010A\""), "postal_code" },
  { "phone-letters", ORG (", \"phones\": [\"+358 8 123 456\", \"call me\"]"), "phones[1]" },
  { "phone-too-few-digits", ORG (", \"phones\": [\"+358 8 123 456\", \"1234\"]"), "phones[1]" },
  { "phone-too-many-digits", ORG (", \"phones\": [\"123456789012345678901\"]"), "phones[0]" },
  { "phone-plus-inside", ORG (", \"phones\": [\"040 +123 4567\"]"), "phones[0]" },
  { "phone-extension", ORG (", \"phones\": [\"08 123 4567 ext. 2\"]"), "phones[0]" },
  { "email-no-at", ORG (", \"emails\": [\"nobody\"]"), "emails[0]" },
  { "email-no-domain-dot", ORG (", \"emails\": [\"a@localhost\"]"), "emails[0]" },
  { "email-no-local", ORG (", \"emails\": [\"@ouka.fi\"]"), "emails[0]" },
  { "email-space", ORG (", \"emails\": [\"kirjasto @ouka.fi\"]"), "emails[0]" },
  { "email-two-ats", ORG (", \"emails\": [\"a@b@ouka.fi\"]"), "emails[0]" },
  { "email-short-tld", ORG (", \"emails\": [\"kirjasto@ouka.f\"]"), "emails[0]" },
  { "email-empty", ORG (", \"emails\": [\"ok@ouka.fi\", \"\"]"), "emails[1]" },
  { "web-page-javascript", ORG (", \"web_pages\": [\"javascript:alert(1)\"]"), "web_pages[0]" },
  { "web-page-ftp", ORG (", \"web_pages\": [\"ftp://ouka.fi/\"]"), "web_pages[0]" },
  { "web-page-no-scheme", ORG (", \"web_pages\": [\"www.ouka.fi\"]"), "web_pages[0]" },
  { "web-page-no-host", ORG (", \"web_pages\": [\"https://\"]"), "web_pages[0]" },
  { "web-page-space", ORG (", \"web_pages\": [\"https://www.ouka.fi/oma kirjasto\"]"),
    "web_pages[0]" },
  { "web-page-user", ORG (", \"web_pages\": [\"https://www.ouka.fi@example.com/\"]"),
    "web_pages[0]" },
  { "language-long", ORG (", \"languages\": [\"finnish\"]"), "languages[0]" },
  { "language-upper", ORG (", \"languages\": [\"fi\", \"SV\"]"), "languages[1]" },
  /* Opening hours. */
  { "day-zero", HOURS ("{\"weekly\": [{\"day\": 0, \"opens\": \"09:00\", \"closes\": \"10:00\"}]}"),
    "opening_hours.weekly[0].day" },
  { "day-eight",
    HOURS ("{\"weekly\": [{\"day\": 8, \"opens\": \"09:00\", \"closes\": \"10:00\"}]}"),
    "opening_hours.weekly[0].day" },
  { "day-missing",
    HOURS ("{\"weekly\": [{\"day\": 1, \"opens\": \"09:00\", \"closes\": \"10:00\"}, {\"opens\":"
           " \"09:00\", \"closes\": \"10:00\"}]}"),
    "opening_hours.weekly[1].day" },
  { "opens-missing", HOURS ("{\"weekly\": [{\"day\": 1, \"closes\": \"10:00\"}]}"),
    "opening_hours.weekly[0].opens" },
  { "opens-format", HOURS ("{\"weekly\": [{\"day\": 1, \"opens\": \"9\", \"closes\": \"10:00\"}]}"),
    "opening_hours.weekly[0].opens" },
  { "opens-at-24",
    HOURS ("{\"weekly\": [{\"day\": 1, \"opens\": \"24:00\", \"closes\": \"24:00\"}]}"),
    "opening_hours.weekly[0].opens" },
  { "closes-minutes",
    HOURS ("{\"weekly\": [{\"day\": 1, \"opens\": \"09:00\", \"closes\": \"10:60\"}]}"),
    "opening_hours.weekly[0].closes" },
  { "closes-after-24",
    HOURS ("{\"weekly\": [{\"day\": 1, \"opens\": \"09:00\", \"closes\": \"24:01\"}]}"),
    "opening_hours.weekly[0].closes" },
  { "closes-before-opens",
    HOURS ("{\"weekly\": [{\"day\": 1, \"opens\": \"08:00\", \"closes\": \"09:00\"}, {\"day\": 2,"
           " \"opens\": \"12:00\", \"closes\": \"10:00\"}]}"),
    "opening_hours.weekly[1].closes" },
  { "closes-equals-opens",
    HOURS ("{\"weekly\": [{\"day\": 3, \"opens\": \"12:00\", \"closes\": \"12:00\"}]}"),
    "opening_hours.weekly[0].closes" },
  { "overlap",
    HOURS ("{\"weekly\": [{\"day\": 2, \"opens\": \"09:00\", \"closes\": \"12:00\"}, {\"day\": 2,"
           " \"opens\": \"11:00\", \"closes\": \"13:00\"}]}"),
    "opening_hours.weekly[1].opens" },
  { "overlap-inside",
    HOURS ("{\"weekly\": [{\"day\": 4, \"opens\": \"08:00\", \"closes\": \"20:00\"}, {\"day\": 4,"
           " \"opens\": \"10:00\", \"closes\": \"11:00\"}]}"),
    "opening_hours.weekly[1].opens" },
  { "exception-date-format",
    HOURS ("{\"exceptions\": [{\"date\": \"24.12.2026\", \"hours\": []}]}"),
    "opening_hours.exceptions[0].date" },
  { "exception-date-not-real",
    HOURS ("{\"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": []}, {\"date\":"
           " \"2026-11-31\", \"hours\": []}]}"),
    "opening_hours.exceptions[1].date" },
  { "exception-date-missing", HOURS ("{\"exceptions\": [{\"hours\": []}]}"),
    "opening_hours.exceptions[0].date" },
  { "exception-date-twice",
    HOURS ("{\"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": []}, {\"date\":"
           " \"2026-12-24\", \"hours\": []}]}"),
    "opening_hours.exceptions[1].date" },
  { "exception-opens",
    HOURS ("{\"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": [{\"opens\": \"25:00\","
           " \"closes\": \"26:00\"}]}]}"),
    "opening_hours.exceptions[0].hours[0].opens" },
  { "exception-closes",
    HOURS ("{\"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": [{\"opens\": \"10:00\","
           " \"closes\": \"12:00\"}, {\"opens\": \"13:00\", \"closes\": \"12:30\"}]}]}"),
    "opening_hours.exceptions[0].hours[1].closes" },
  { "exception-overlap",
    HOURS ("{\"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": [{\"opens\": \"10:00\","
           " \"closes\": \"12:00\"}, {\"opens\": \"11:00\", \"closes\": \"13:00\"}]}]}"),
    "opening_hours.exceptions[0].hours[1].opens" },
  /* Provenance and structured phones (docs/directory.md). */
  { "source-upper", ORG (", \"source\": \"PTV\""), "source" },
  { "source-id-alone", ORG (", \"source_id\": \"961f1a02\""), "source" },
  { "checked-at-no-zone", ORG (", \"source\": \"ptv\", \"checked_at\": \"2026-12-02T10:00:00\""),
    "checked_at" },
/* A part another source keeps, with that source and its day (docs/directory.md). */
#define PART(json) ORG (", \"source\": \"ptv\", \"part_sources\": " json)
  { "part-sources-not-array", PART ("{}"), "part_sources" },
  { "part-sources-not-object", PART ("[\"opening_hours\"]"), "part_sources[0]" },
  { "part-unknown",
    PART ("[{\"part\": \"phones\", \"source\": \"kirjastot\","
          " \"checked_at\": \"2026-12-05T08:00:00Z\"}]"),
    "part_sources[0].part" },
  { "part-missing",
    PART ("[{\"source\": \"kirjastot\", \"checked_at\": \"2026-12-05T08:00:00Z\"}]"),
    "part_sources[0].part" },
  { "part-twice",
    PART ("[{\"part\": \"opening_hours\", \"source\": \"kirjastot\","
          " \"checked_at\": \"2026-12-05T08:00:00Z\"}, {\"part\": \"opening_hours\","
          " \"source\": \"ptv\", \"checked_at\": \"2026-12-05T08:00:00Z\"}]"),
    "part_sources[1].part" },
  { "part-source-upper",
    PART ("[{\"part\": \"opening_hours\", \"source\": \"Kirjastot.fi\","
          " \"checked_at\": \"2026-12-05T08:00:00Z\"}]"),
    "part_sources[0].source" },
  { "part-source-missing",
    PART ("[{\"part\": \"opening_hours\","
          " \"checked_at\": \"2026-12-05T08:00:00Z\"}]"),
    "part_sources[0].source" },
  { "part-source-number",
    PART ("[{\"part\": \"opening_hours\", \"source\": 7,"
          " \"checked_at\": \"2026-12-05T08:00:00Z\"}]"),
    "part_sources[0].source" },
  { "part-checked-missing", PART ("[{\"part\": \"opening_hours\", \"source\": \"kirjastot\"}]"),
    "part_sources[0].checked_at" },
  { "part-checked-no-zone",
    PART ("[{\"part\": \"opening_hours\", \"source\": \"kirjastot\","
          " \"checked_at\": \"2026-12-05T10:00:00\"}]"),
    "part_sources[0].checked_at" },
  { "part-checked-not-time",
    PART ("[{\"part\": \"opening_hours\", \"source\": \"kirjastot\","
          " \"checked_at\": \"5.12.2026\"}]"),
    "part_sources[0].checked_at" },
#undef PART
  { "phone-details-not-array", ORG (", \"phone_details\": {}"), "phone_details" },
  { "phone-details-not-object", ORG (", \"phone_details\": [\"+358 8 123 456\"]"),
    "phone_details[0]" },
  { "phone-details-number-missing", ORG (", \"phone_details\": [{\"kind\": \"phone\"}]"),
    "phone_details[0].number" },
  { "phone-details-number-letters",
    ORG (", \"phone_details\": [{\"number\": \"call us\", \"kind\": \"phone\"}]"),
    "phone_details[0].number" },
  { "phone-details-kind",
    ORG (", \"phone_details\": [{\"number\": \"+358 8 123 456\", \"kind\": \"pager\"}]"),
    "phone_details[0].kind" },
  { "phone-details-charge",
    ORG (", \"phone_details\": [{\"number\": \"+358 8 123 456\", \"kind\": \"phone\","
         " \"charge\": \"Free\"}]"),
    "phone_details[0].charge" },
  { "phone-details-charge-description-type",
    ORG (", \"phone_details\": [{\"number\": \"+358 8 123 456\", \"kind\": \"phone\","
         " \"charge_description\": 8}]"),
    "phone_details[0].charge_description" },
  { "provider-newline", ORG (", \"provider\": {\"fi\": \"a\\nb\"}"), "provider.fi" },
  { "service-names-empty", ORG (", \"service_names\": [{}]"), "service_names[0]" },
  { "service-names-string", ORG (", \"service_names\": [\"Digituki\"]"), "service_names[0]" },
  { "service-names-newline", ORG (", \"service_names\": [{\"fi\": \"a\\nb\"}]"),
    "service_names[0].fi" },
  { "access-not-object", ORG (", \"access\": [\"step_free_entrance\"]"), "access" },
  { "access-string", ORG (", \"access\": true"), "access" },
  { "access-fact-string", ORG (", \"access\": {\"step_free_entrance\": \"yes\"}"),
    "access.step_free_entrance" },
  { "access-fact-number", ORG (", \"access\": {\"induction_loop\": 1}"), "access.induction_loop" },
  { "access-fact-object", ORG (", \"access\": {\"lift_or_ramp\": {}}"), "access.lift_or_ramp" },
};

static void
test_invalid (gconstpointer data)
{
  const NvTestBadCase *bad = data;
  g_autoptr (JsonNode) node = nv_test_parse (bad->json);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = nv_organisation_from_json (node, &error);

  g_assert_null (organisation);
  nv_test_assert_field_error (error, bad->field);
}

/* A part another source keeps (a library's hours from the library directory on a place
 * from Suomi.fi): read, written in UTC, copied, and the same after a round trip. */
static void
test_part_sources_round_trip (void)
{
  g_autoptr (JsonNode) node = nv_test_parse (
      ORG (", \"source\": \"ptv\", \"checked_at\": \"2026-12-02T10:00:00+02:00\","
           " \"part_sources\": [{\"part\": \"opening_hours\", \"source\": \"kirjastot\","
           " \"checked_at\": \"2026-12-05T09:30:00+02:00\"}]"));
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = nv_organisation_from_json (node, &error);
  g_autoptr (NvOrganisation) copy = NULL;
  g_autoptr (NvOrganisation) again = NULL;
  g_autoptr (JsonNode) written_node = NULL;
  g_autofree char    *written = NULL;
  g_autofree char    *copied = NULL;
  g_autofree char    *rewritten = NULL;
  const NvPartSource *part;

  g_assert_no_error (error);
  g_assert_cmpuint (organisation->part_sources->len, ==, 1);
  part = g_ptr_array_index (organisation->part_sources, 0);
  g_assert_cmpstr (part->part, ==, "opening_hours");
  g_assert_cmpstr (part->source, ==, "kirjastot");
  g_assert_cmpint (g_date_time_to_unix (part->checked_at), ==, 1796455800);

  written_node = nv_organisation_to_json (organisation);
  written = nv_json_to_string (written_node, FALSE);
  g_assert_nonnull (strstr (written, "\"part_sources\":[{\"part\":\"opening_hours\","
                                     "\"source\":\"kirjastot\","
                                     "\"checked_at\":\"2026-12-05T07:30:00.000Z\"}]"));
  copy = nv_organisation_copy (organisation);
  g_assert_true (copy->part_sources != organisation->part_sources);
  copied = nv_test_take_string (nv_organisation_to_json (copy));
  g_assert_cmpstr (copied, ==, written);
  again = nv_organisation_from_json (written_node, &error);
  g_assert_no_error (error);
  rewritten = nv_test_take_string (nv_organisation_to_json (again));
  g_assert_cmpstr (rewritten, ==, written);
}

/* Each fact yes, no or not known: not known (absent or null) is never written, so an
 * entry nobody surveyed keeps the JSON it had before there were facts. */
static void
test_access_round_trip (void)
{
  g_autoptr (JsonNode) node
      = nv_test_parse (ORG (", \"access\": {\"step_free_entrance\": true, \"lift_or_ramp\": null,"
                            " \"accessible_toilet\": false, \"induction_loop\": true,"
                            " \"helicopter_pad\": true}"));
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = nv_organisation_from_json (node, &error);
  g_autoptr (NvOrganisation) copy = NULL;
  g_autoptr (NvOrganisation) none = NULL;
  g_autoptr (JsonNode) empty = nv_test_parse (ORG (", \"access\": {}"));
  g_autofree char *written = NULL;
  g_autofree char *from_copy = NULL;
  g_autofree char *written_none = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (organisation->access[NV_ACCESS_STEP_FREE_ENTRANCE], ==, NV_ACCESS_YES);
  g_assert_cmpint (organisation->access[NV_ACCESS_LIFT_OR_RAMP], ==, NV_ACCESS_UNKNOWN);
  g_assert_cmpint (organisation->access[NV_ACCESS_ACCESSIBLE_TOILET], ==, NV_ACCESS_NO);
  g_assert_cmpint (organisation->access[NV_ACCESS_DISABLED_PARKING], ==, NV_ACCESS_UNKNOWN);
  g_assert_cmpint (organisation->access[NV_ACCESS_INDUCTION_LOOP], ==, NV_ACCESS_YES);
  g_assert_cmpint (organisation->access[NV_ACCESS_VISUAL_GUIDANCE], ==, NV_ACCESS_UNKNOWN);
  written = nv_test_take_string (nv_organisation_to_json (organisation));
  g_assert_nonnull (strstr (written, "\"access\":{\"step_free_entrance\":true,"
                                     "\"accessible_toilet\":false,\"induction_loop\":true}"));
  g_assert_null (strstr (written, "helicopter"));
  copy = nv_organisation_copy (organisation);
  from_copy = nv_test_take_string (nv_organisation_to_json (copy));
  g_assert_cmpstr (written, ==, from_copy);

  none = nv_organisation_from_json (empty, &error);
  g_assert_no_error (error);
  written_none = nv_test_take_string (nv_organisation_to_json (none));
  g_assert_null (strstr (written_none, "access"));
}

/* The profiles: known yes for all it needs meets it, one known no lacks, the rest is
 * not known; a fact the profile does not need changes nothing. */
static void
test_access_profiles (void)
{
  NvAccessValue access[NV_N_ACCESS_FACTS] = { 0 };

  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_NONE), ==, NV_ACCESS_MEETS);
  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_WHEELCHAIR), ==,
                   NV_ACCESS_NOT_KNOWN);
  access[NV_ACCESS_STEP_FREE_ENTRANCE] = NV_ACCESS_YES;
  access[NV_ACCESS_LIFT_OR_RAMP] = NV_ACCESS_YES;
  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_ROLLATOR), ==, NV_ACCESS_MEETS);
  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_WHEELCHAIR), ==,
                   NV_ACCESS_NOT_KNOWN);
  access[NV_ACCESS_ACCESSIBLE_TOILET] = NV_ACCESS_NO;
  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_WHEELCHAIR), ==, NV_ACCESS_LACKS);
  g_assert_cmpuint (nv_access_lacks (access, NV_ACCESS_PROFILE_WHEELCHAIR), ==,
                    1u << NV_ACCESS_ACCESSIBLE_TOILET);
  g_assert_cmpuint (nv_access_lacks (access, NV_ACCESS_PROFILE_ROLLATOR), ==, 0);
  g_assert_cmpuint (nv_access_lacks (access, NV_ACCESS_PROFILE_NONE), ==, 0);
  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_ROLLATOR), ==, NV_ACCESS_MEETS);
  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_HEARING), ==, NV_ACCESS_NOT_KNOWN);
  access[NV_ACCESS_INDUCTION_LOOP] = NV_ACCESS_NO;
  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_HEARING), ==, NV_ACCESS_LACKS);
  g_assert_cmpint (nv_access_assess (access, NV_ACCESS_PROFILE_VISUAL), ==, NV_ACCESS_NOT_KNOWN);

  for (guint i = 1; i < NV_N_ACCESS_PROFILES; i++)
    g_assert_cmpint (nv_access_profile_from_code (nv_access_profile_code (i)), ==, i);
  g_assert_cmpstr (nv_access_profile_code (NV_ACCESS_PROFILE_WHEELCHAIR), ==, "wheelchair");
  g_assert_cmpint (nv_access_profile_from_code ("skateboard"), ==, NV_ACCESS_PROFILE_NONE);
  g_assert_cmpint (nv_access_profile_from_code (NULL), ==, NV_ACCESS_PROFILE_NONE);
  for (guint i = 0; i < NV_N_ACCESS_FACTS; i++)
    g_assert_cmpint (nv_access_fact_from_name (nv_access_fact_name (i)), ==, i);
  g_assert_cmpint (nv_access_fact_from_name ("lift"), ==, NV_N_ACCESS_FACTS);
}

static void
test_valid_edges (void)
{
  static const char *cases[] = {
    ORG (", \"phones\": [\"12345\", \"+358 (0)8 123-4567\", \"12345678901234567890\"]"),
    ORG (", \"emails\": [\"etu.suku+digituki@pohde.fi\", \"neuvonta@kylä.fi\"]"),
    ORG (", \"web_pages\": [\"http://ouka.fi\","
         " \"HTTPS://WWW.OUKA.FI/kirjasto?kieli=fi#aukiolo\"]"),
    /* Ranges that touch are not overlapping; 24:00 closes a day. */
    HOURS ("{\"weekly\": [{\"day\": 7, \"opens\": \"12:00\", \"closes\": \"16:00\"},"
           " {\"day\": 7, \"opens\": \"09:00\", \"closes\": \"12:00\"},"
           " {\"day\": 7, \"opens\": \"20:00\", \"closes\": \"24:00\"},"
           " {\"day\": 1, \"opens\": \"00:00\", \"closes\": \"23:59\"}]}"),
    HOURS ("{}"),
    HOURS ("{\"weekly\": [], \"exceptions\": []}"),
    ORG (", \"street_address\": null, \"postal_code\": null, \"phones\": [], \"languages\": null"),
    ORG (", \"description\": {\"fi\": \"Kaksi\\nriviä\\tja sarkain\"}"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) node = nv_test_parse (cases[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (NvOrganisation) organisation = nv_organisation_from_json (node, &error);

      g_test_message ("%s", cases[i]);
      g_assert_no_error (error);
      g_assert_nonnull (organisation);
    }
}

static void
test_not_object (void)
{
  g_autoptr (JsonNode) node = nv_test_parse ("\"oulu-main-library\"");
  g_autoptr (GError) error = NULL;

  g_assert_null (nv_organisation_from_json (node, &error));
  nv_test_assert_field_error (error, NULL);
}

static NvOrganisation *
make_valid_organisation (void)
{
  NvOrganisation *organisation = nv_organisation_new ();

  organisation->id = g_strdup ("o");
  nv_text_set (&organisation->name, NV_LANG_FI, "O");
  organisation->kind = g_strdup ("parish");
  organisation->municipality = g_strdup ("139");
  return organisation;
}

static void
assert_invalid (const NvOrganisation *organisation, const char *field)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (nv_organisation_validate (organisation, &error));
  nv_test_assert_field_error (error, field);
}

static void
set_repeated (NvText *text, NvLang lang, const char *unit, guint count)
{
  g_autoptr (GString) value = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    g_string_append (value, unit);
  nv_text_set (text, lang, value->str);
}

static void
test_lengths (void)
{
  g_autoptr (NvOrganisation) organisation = make_valid_organisation ();
  g_autoptr (GError) error = NULL;
  NvText *texts[]
      = { &organisation->description, &organisation->services, &organisation->accessibility };
  const char *fields[] = { "description.sv", "services.sv", "accessibility.sv" };

  set_repeated (&organisation->name, NV_LANG_EN, "ä", 200);
  g_assert_true (nv_organisation_validate (organisation, &error));
  set_repeated (&organisation->name, NV_LANG_EN, "ä", 201);
  assert_invalid (organisation, "name.en");
  nv_text_set (&organisation->name, NV_LANG_EN, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      set_repeated (texts[i], NV_LANG_SV, "å", 2000);
      g_assert_true (nv_organisation_validate (organisation, &error));
      g_assert_no_error (error);
      set_repeated (texts[i], NV_LANG_SV, "å", 2001);
      assert_invalid (organisation, fields[i]);
      nv_text_clear (texts[i]);
    }
}

static void
test_invalid_in_c (void)
{
  g_autoptr (NvOrganisation) organisation = make_valid_organisation ();
  g_autoptr (GError) error = NULL;
  NvHoursException *exception;

  g_assert_true (nv_organisation_validate (organisation, &error));

  organisation->street_address = g_strdup ("Kirkkotie \xe4");
  assert_invalid (organisation, "street_address");
  g_clear_pointer (&organisation->street_address, g_free);

  organisation->post_office = g_strdup ("Ii\tIjo");
  assert_invalid (organisation, "post_office");
  g_clear_pointer (&organisation->post_office, g_free);

  organisation->phones = g_strsplit ("040 123 4567|040 123\n4567", "|", -1);
  assert_invalid (organisation, "phones[1]");
  g_clear_pointer (&organisation->phones, g_strfreev);

  g_clear_pointer (&organisation->kind, g_free);
  assert_invalid (organisation, "kind");
  organisation->kind = g_strdup ("red-cross");

  organisation->hours = nv_opening_hours_new ();
  nv_opening_hours_add (organisation->hours, 3, 9 * 60, 15 * 60);
  g_assert_true (nv_organisation_validate (organisation, &error));
  exception = nv_opening_hours_add_exception (organisation->hours, "2026-13-01");
  assert_invalid (organisation, "opening_hours.exceptions[0].date");
  g_free (exception->date);
  exception->date = g_strdup ("2026-12-01");
  nv_opening_hours_add (organisation->hours, 9, 9 * 60, 15 * 60);
  assert_invalid (organisation, "opening_hours.weekly[1].day");
  g_clear_pointer (&organisation->hours, nv_opening_hours_free);

  /* The same rule on write as on read: a fact is yes, no or not known. */
  organisation->access[NV_ACCESS_INDUCTION_LOOP] = 7;
  assert_invalid (organisation, "access.induction_loop");
  organisation->access[NV_ACCESS_INDUCTION_LOOP] = NV_ACCESS_NO;
  g_assert_true (nv_organisation_validate (organisation, &error));
}

static void
test_kinds (void)
{
  const char *const *kinds = nv_organisation_kinds ();
  static const char *expected[]
      = { "library",     "digital-support", "health-centre", "kela",  "municipal-service",
          "association", "parish",          "red-cross",     "other", NULL };

  g_assert_cmpstrv (kinds, expected);
  for (guint i = 0; kinds[i] != NULL; i++)
    g_assert_true (nv_organisation_kind_is_valid (kinds[i]));
  g_assert_false (nv_organisation_kind_is_valid ("shop"));
  g_assert_false (nv_organisation_kind_is_valid (""));
  g_assert_false (nv_organisation_kind_is_valid (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/organisation/round-trip", test_round_trip);
  g_test_add_func ("/organisation/unknown-hours", test_unknown_hours);
  g_test_add_func ("/organisation/provenance-round-trip", test_provenance_round_trip);
  g_test_add_func ("/organisation/part-sources-round-trip", test_part_sources_round_trip);
  g_test_add_func ("/organisation/access-round-trip", test_access_round_trip);
  g_test_add_func ("/organisation/access-profiles", test_access_profiles);
  for (guint i = 0; i < G_N_ELEMENTS (bad_organisations); i++)
    {
      g_autofree char *path
          = g_strdup_printf ("/organisation/invalid/%s", bad_organisations[i].name);

      g_test_add_data_func (path, &bad_organisations[i], test_invalid);
    }
  g_test_add_func ("/organisation/valid-edges", test_valid_edges);
  g_test_add_func ("/organisation/not-object", test_not_object);
  g_test_add_func ("/organisation/lengths", test_lengths);
  g_test_add_func ("/organisation/invalid-in-c", test_invalid_in_c);
  g_test_add_func ("/organisation/kinds", test_kinds);

  return g_test_run ();
}

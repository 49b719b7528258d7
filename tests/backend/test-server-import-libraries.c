/* test-server-import-libraries.c — the library directory (Kirkanta v4) to directory
 * entries, and their opening hours through review
 *
 * The project's own fixtures (tests/fixtures/libraries/, written from the published v4
 * definition) check every mapping rule and refusal; the recorded real records in
 * ../shared/ptv-records/ next to the project, when present, are checked against their
 * source values. The store part matches libraries to entries from Suomi.fi and checks
 * the review: a second import changes nothing, a changed schedule is a reviewable change,
 * the advisor's own hours survive, and PTV's imports leave the library's hours alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-import-libraries.h"
#include "server-store-directory.h"
#include "server-store-drafts.h"

#include "nv-test-util.h"
#include "import-test-hours.h"

#define KIRKONKYLA_PTV_ID "ptv-0a0b0c0d-0000-4000-8000-000000000139"

static GDateTime *
import_now (void)
{
  return g_date_time_new_from_iso8601 ("2026-12-07T10:00:00Z", NULL);
}

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "libraries", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static GPtrArray *
import_text (const char *text)
{
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerLibraryImport) import = server_library_import_new (now);
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr (GError) error = NULL;

  g_assert_true (server_library_import_add_bytes (import, bytes, "the text", NULL, NULL, &error));
  g_assert_no_error (error);
  return server_library_import_finish (import);
}

static GPtrArray *
import_fixtures (const char *first, ...)
{
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerLibraryImport) import = server_library_import_new (now);
  va_list ap;

  va_start (ap, first);
  for (const char *name = first; name != NULL; name = va_arg (ap, const char *))
    {
      g_autoptr (GBytes) bytes = read_fixture (name);
      g_autoptr (GError) error = NULL;

      g_assert_true (server_library_import_add_bytes (import, bytes, name, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  va_end (ap);
  return server_library_import_finish (import);
}

static NvOrganisation *
record_organisation (GPtrArray *records, guint index, const char *id)
{
  ServerLibraryRecord *record;

  g_assert_cmpuint (index, <, records->len);
  record = g_ptr_array_index (records, index);
  g_assert_no_error (record->error);
  g_assert_cmpstr (record->record_id, ==, id);
  g_assert_nonnull (record->organisation);
  return record->organisation;
}

/* A single record: the usual week from the days it shows most, and every day that differs
 * as an exception; self-service times a note, never open hours. */
static void
test_single_record (void)
{
  g_autoptr (GPtrArray) records = import_fixtures ("library-testila.json", NULL);
  NvOrganisation         *o;
  const NvHoursException *e;

  g_assert_cmpuint (records->len, ==, 1);
  o = record_organisation (records, 0, "90001");
  g_assert_cmpstr (o->id, ==, "kirjastot-90001");
  g_assert_cmpstr (o->kind, ==, "library");
  g_assert_cmpstr (o->source, ==, "kirjastot");
  g_assert_cmpstr (o->source_id, ==, "90001");
  g_assert_cmpstr (o->name.text[NV_LANG_FI], ==, "Testilän kirjasto");
  g_assert_cmpstr (o->name.text[NV_LANG_SV], ==, "Testilä bibliotek");
  g_assert_null (o->name.text[NV_LANG_EN]);
  g_assert_cmpstr (o->street_address, ==, "Kirjastokatu 1");
  g_assert_cmpstr (o->postal_code, ==, "90100");
  g_assert_null (o->post_office);
  g_assert_cmpstr (o->municipality, ==, "564");
  g_assert_false (o->sample);
  /* Nothing the record does not say. */
  g_assert_null (o->phones);
  g_assert_true (nv_text_is_empty (&o->description));

  g_assert_nonnull (o->hours);
  g_assert_cmpuint (o->hours->weekly->len, ==, 6);
  for (guint day = 1; day <= 5; day++)
    assert_range (o->hours->weekly, day - 1, day, "10:00", "18:00");
  assert_range (o->hours->weekly, 5, 6, "10:00", "14:00");
  /* Three Mondays with self-service before the staff come, 23 and 24 December. */
  g_assert_cmpuint (o->hours->exceptions->len, ==, 5);
  e = find_exception (o->hours, "2026-12-14");
  g_assert_nonnull (e);
  g_assert_cmpuint (e->ranges->len, ==, 1);
  assert_range (e->ranges, 0, 0, "10:00", "18:00");
  g_assert_cmpstr (e->note.text[NV_LANG_FI], ==, "Omatoimiaika 07:00–10:00");
  g_assert_cmpstr (e->note.text[NV_LANG_SV], ==, "Meröppet 07:00–10:00");
  g_assert_cmpstr (e->note.text[NV_LANG_EN], ==, "Self-service 07:00–10:00");
  e = find_exception (o->hours, "2026-12-23");
  g_assert_nonnull (e);
  assert_range (e->ranges, 0, 0, "10:00", "15:00");
  g_assert_true (nv_text_is_empty (&e->note));
  e = find_exception (o->hours, "2026-12-24");
  g_assert_nonnull (e);
  g_assert_cmpuint (e->ranges->len, ==, 0);
  g_assert_cmpstr (e->note.text[NV_LANG_FI], ==, "Jouluaatto");
  g_assert_cmpstr (e->note.text[NV_LANG_SV], ==, "Julafton");
  /* Christmas Day and Boxing Day are closed as every holiday is: no exception needed. */
  g_assert_null (find_exception (o->hours, "2026-12-25"));
  assert_state (o->hours, "2026-12-26T10:00:00Z", NV_OPEN_STATE_CLOSED);
  /* Self-service is not "open": at 8:00 on a Monday the library is closed for someone
   * who needs staff. */
  assert_state (o->hours, "2026-12-14T06:00:00Z", NV_OPEN_STATE_CLOSED);
  assert_state (o->hours, "2026-12-14T09:00:00Z", NV_OPEN_STATE_OPEN);
  assert_state (o->hours, "2026-12-23T14:00:00Z", NV_OPEN_STATE_CLOSED);
}

/* The list form over pages; a library whose schedules do not show every weekday has
 * hours not known, never "closed". */
static void
test_list_pages (void)
{
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerLibraryImport) import = server_library_import_new (now);
  g_autoptr (GPtrArray) records = NULL;
  const char     *pages[] = { "libraries-page-1.json", "libraries-page-2.json" };
  guint           expected_items[] = { 2, 1 };
  NvOrganisation *ii;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr (GBytes) bytes = read_fixture (pages[i]);
      g_autoptr (GError) error = NULL;
      guint total, n_items;

      g_assert_true (
          server_library_import_add_bytes (import, bytes, pages[i], &total, &n_items, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (total, ==, 3);
      g_assert_cmpuint (n_items, ==, expected_items[i]);
    }
  records = server_library_import_finish (import);
  g_assert_cmpuint (records->len, ==, 3);
  ii = record_organisation (records, 1, "90002");
  g_assert_cmpstr (ii->municipality, ==, "139");
  g_assert_null (ii->name.text[NV_LANG_SV]);
  /* Staffed 12–19, self-service on until 21. */
  assert_range (ii->hours->weekly, 0, 1, "12:00", "19:00");
  g_assert_cmpstr (find_exception (ii->hours, "2026-12-08")->note.text[NV_LANG_FI], ==,
                   "Omatoimiaika 19:00–21:00");
  g_assert_null (record_organisation (records, 2, "90003")->hours);
}

typedef struct
{
  const char *name;
  const char *record;
  const char *record_id;
  const char *message;
} BadRecord;

#define GOOD_ADDRESS                                                                               \
  "\"address\": {\"street\": \"Katu 1\", \"zipcode\": \"90100\", \"city\": \"Oulu\"}"

static const BadRecord bad_records[] = {
  { "no-id", "{\"name\": \"K\", " GOOD_ADDRESS "}", "item 1", "id: is required" },
  { "id-string", "{\"id\": \"90010\", \"name\": \"K\", " GOOD_ADDRESS "}", "item 1",
    "id: must be the library's number" },
  { "name-number", "{\"id\": 5, \"name\": 42, " GOOD_ADDRESS "}", "5",
    "name: must be a string or an object of strings by language" },
  { "no-name", "{\"id\": 5, " GOOD_ADDRESS "}", "5", "name: is required" },
  /* Found by the fuzzer: the Finnish name read before the bad member was leaked. */
  { "name-member-object",
    "{\"id\": 5, \"name\": {\"fi\": \"K\", \"city\": {\"fi\": \"Oulu\"}}, " GOOD_ADDRESS "}", "5",
    "name.city: must be a string" },
  { "no-address", "{\"id\": 5, \"name\": \"K\"}", "5",
    "address: is required: the library's municipality" },
  { "unknown-city", "{\"id\": 5, \"name\": \"K\", \"address\": {\"city\": {\"fi\": \"Atlantis\"}}}",
    "5", "address.city: “Atlantis” is not a municipality of Finland" },
  { "zipcode",
    "{\"id\": 5, \"name\": \"K\", \"address\": {\"city\": \"Oulu\", \"zipcode\": \"901\"}}", "5",
    "address.zipcode: must be 5 digits, like 90100" },
  { "schedules-object", "{\"id\": 5, \"name\": \"K\", " GOOD_ADDRESS ", \"schedules\": {}}", "5",
    "schedules: must be an array" },
  { "date",
    "{\"id\": 5, \"name\": \"K\", " GOOD_ADDRESS ", \"schedules\": [{\"date\": \"2026-13-01\"}]}",
    "5", "schedules[0].date: “2026-13-01” is not a date like 2026-12-24" },
  { "closed-text",
    "{\"id\": 5, \"name\": \"K\", " GOOD_ADDRESS
    ", \"schedules\": [{\"date\": \"2026-12-07\", \"closed\": \"yes\"}]}",
    "5", "schedules[0].closed: must be true or false" },
  { "time",
    "{\"id\": 5, \"name\": \"K\", " GOOD_ADDRESS
    ", \"schedules\": [{\"date\": \"2026-12-07\", \"times\": [{\"from\": \"8\", \"to\": "
    "\"16:00\"}]}]}",
    "5", "schedules[0].times[0].from: “8” is not a time like 08:00" },
  { "status",
    "{\"id\": 5, \"name\": \"K\", " GOOD_ADDRESS
    ", \"schedules\": [{\"date\": \"2026-12-07\", \"times\": [{\"from\": \"08:00\", \"to\": "
    "\"16:00\", \"status\": 7}]}]}",
    "5", "schedules[0].times[0].status: must be 0 (closed), 1 (staffed) or 2 (self-service)" },
  { "times-number",
    "{\"id\": 5, \"name\": \"K\", " GOOD_ADDRESS
    ", \"schedules\": [{\"date\": \"2026-12-07\", \"times\": 3}]}",
    "5", "schedules[0].times: must be an array" },
  { "not-object", "\"Kallio\"", "item 1", "(record): must be an object" },
};

/* Each malformed record is refused with its id and field; the good one beside it goes on. */
static void
test_refused (gconstpointer data)
{
  const BadRecord *bad = data;
  g_autofree char *text = g_strdup_printf (
      "[%s, {\"id\": 77, \"name\": \"Hyvä kirjasto\", " GOOD_ADDRESS "}]", bad->record);
  g_autoptr (GPtrArray) records = import_text (text);
  ServerLibraryRecord *refused;

  g_assert_cmpuint (records->len, ==, 2);
  refused = g_ptr_array_index (records, 0);
  g_assert_null (refused->organisation);
  g_assert_error (refused->error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (refused->record_id, ==, bad->record_id);
  g_assert_cmpstr (refused->error->message, ==, bad->message);
  g_assert_cmpstr (record_organisation (records, 1, "77")->name.text[NV_LANG_FI], ==,
                   "Hyvä kirjasto");
}

/* A text that is not library records at all: refused whole, naming it, nothing kept. */
static void
test_unusable_text (void)
{
  static const struct
  {
    const char *text;
    const char *words;
  } cases[] = {
    { "[{\"id\": 1, \"name\": \"Yl\xe4kyl\xe4\"}]", "is not valid UTF-8" },
    { "42", "is not library directory records" },
    { "{\"hello\": 1}", "is not library directory records" },
    { "{\"total\": 1, \"items\": {\"id\": 1}}", "the list of libraries must be an array" },
    { "{\"total\": \"many\", \"items\": []}", "total" },
    { "[{\"id\": 1,", "the file.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GDateTime) now = import_now ();
      g_autoptr (ServerLibraryImport) import = server_library_import_new (now);
      g_autoptr (GBytes) bytes = g_bytes_new (cases[i].text, strlen (cases[i].text));
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) records = NULL;

      g_assert_false (
          server_library_import_add_bytes (import, bytes, "the file.json", NULL, NULL, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].words) == NULL
          || strstr (error->message, "the file.json") == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].words);
      records = server_library_import_finish (import);
      g_assert_cmpuint (records->len, ==, 0);
    }
}

/* The recorded real record of Kallio library (Helsinki), checked against its own values. */
static void
test_real_kallio (void)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "ptv-records",
                               "hauki-kirjastot-v4-library-84860-kallio-complex.json", NULL);
  g_autoptr (GDateTime) now = import_now ();
  g_autoptr (ServerLibraryImport) import = server_library_import_new (now);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char        *contents = NULL;
  gsize                   length;
  NvOrganisation         *o;
  const NvHoursException *e;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      g_test_skip ("../shared/ptv-records is not there (a fresh clone)");
      return;
    }
  {
    g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

    g_assert_true (server_library_import_add_bytes (import, bytes, path, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  records = server_library_import_finish (import);
  o = record_organisation (records, 0, "84860");
  g_assert_cmpstr (o->name.text[NV_LANG_FI], ==, "Kallion kirjasto");
  g_assert_cmpstr (o->street_address, ==, "Viides linja 11");
  g_assert_cmpstr (o->postal_code, ==, "00530");
  g_assert_cmpstr (o->municipality, ==, "091");
  /* 29 days, 11 June – 9 July 2020: staffed Mon–Thu 10–20 most weeks, self-service from 8. */
  assert_range (o->hours->weekly, 0, 1, "10:00", "20:00");
  e = find_exception (o->hours, "2020-06-15");
  g_assert_cmpstr (e->note.text[NV_LANG_FI], ==, "Omatoimiaika 08:00–10:00");
  e = find_exception (o->hours, "2020-06-19");
  g_assert_cmpuint (e->ranges->len, ==, 0);
  g_assert_cmpstr (e->note.text[NV_LANG_FI], ==, "Juhannusaatto");
  e = find_exception (o->hours, "2020-06-18");
  assert_range (e->ranges, 0, 0, "10:00", "18:00");
  g_assert_cmpstr (e->note.text[NV_LANG_FI], ==,
                   "Juhannuksen aaton aatto. Omatoimiaika 08:00–10:00");
  /* The days the record shows, each as the record has it. */
  assert_state (o->hours, "2020-06-12T05:30:00Z", NV_OPEN_STATE_OPEN); /* 08:30 staffed */
  assert_state (o->hours, "2020-06-14T09:00:00Z", NV_OPEN_STATE_CLOSED);
}

/* The store: matching and review */

typedef struct
{
  char        *dir;
  ServerStore *store;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = server_store_open (fixture->dir, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* Kirkonkylän kirjasto as Suomi.fi has it: no hours. */
static NvOrganisation *
ptv_entry (void)
{
  NvOrganisation *o = nv_organisation_new ();

  o->id = g_strdup (KIRKONKYLA_PTV_ID);
  o->kind = g_strdup ("library");
  nv_text_set (&o->name, NV_LANG_FI, "Kirkonkylän kirjasto");
  o->municipality = g_strdup ("139");
  o->street_address = g_strdup ("JOKITIE 5");
  o->phones = g_strsplit ("+358 8 000 0000", ",", -1);
  o->source = g_strdup ("ptv");
  o->source_id = g_strdup (KIRKONKYLA_PTV_ID + 4);
  o->checked_at = import_now ();
  return o;
}

static ServerImportOutcome
offer_ptv (Fixture *fixture)
{
  g_autoptr (NvOrganisation) o = ptv_entry ();
  g_autoptr (GError) error = NULL;
  ServerImportOutcome outcome;

  g_assert_true (server_store_offer_import (fixture->store, o, &outcome, &error));
  g_assert_no_error (error);
  return outcome;
}

/* Imports @text's libraries as `import libraries` does: the outcome of each. */
static GArray *
offer_libraries (Fixture *fixture, GPtrArray *records)
{
  GArray *outcomes = g_array_new (FALSE, FALSE, sizeof (ServerImportOutcome));

  for (guint i = 0; i < records->len; i++)
    {
      ServerLibraryRecord *record = g_ptr_array_index (records, i);
      g_autoptr (GError) error = NULL;
      g_autofree char    *id = NULL;
      ServerImportOutcome outcome;

      g_assert_nonnull (record->organisation);
      id = server_store_match_directory_entry (fixture->store, record->organisation, &error);
      g_assert_no_error (error);
      if (id != NULL && !g_str_equal (id, record->organisation->id))
        g_assert_true (server_store_offer_imported_hours (fixture->store, id, record->organisation,
                                                          &outcome, &error));
      else
        g_assert_true (
            server_store_offer_import (fixture->store, record->organisation, &outcome, &error));
      g_assert_no_error (error);
      g_array_append_val (outcomes, outcome);
    }
  return outcomes;
}

static void
assert_outcomes (GArray *outcomes, ServerImportOutcome first, ServerImportOutcome second)
{
  g_assert_cmpuint (outcomes->len, ==, 2);
  g_assert_cmpint (g_array_index (outcomes, ServerImportOutcome, 0), ==, first);
  g_assert_cmpint (g_array_index (outcomes, ServerImportOutcome, 1), ==, second);
  g_array_unref (outcomes);
}

static JsonNode *
published_hours (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) o
      = server_store_get_organisation (fixture->store, KIRKONKYLA_PTV_ID, &error);

  g_assert_no_error (error);
  return o->hours != NULL ? nv_opening_hours_to_json (o->hours) : NULL;
}

static void
test_match_and_review (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) records = import_fixtures ("libraries-page-1.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) fields = NULL;
  g_autoptr (ServerDirectoryChange) change = NULL;
  g_autoptr (JsonNode) accepted = NULL;
  g_autoptr (JsonNode) after = NULL;
  ServerLibraryRecord *ii = g_ptr_array_index (records, 1);
  gint64               revision;

  /* The place is in the directory from Suomi.fi, without hours. */
  g_assert_cmpint (offer_ptv (fixture), ==, SERVER_IMPORT_NEW);
  g_assert_cmpint (server_store_accept_directory_change (fixture->store, KIRKONKYLA_PTV_ID, NULL,
                                                         "aino", &error),
                   >, 0);
  g_assert_no_error (error);

  /* Testilä matches nothing: a new entry. Kirkonkylä matches the place from Suomi.fi by
   * name, street and municipality (case and spaces aside): its hours, for review. */
  assert_outcomes (offer_libraries (fixture, records), SERVER_IMPORT_NEW, SERVER_IMPORT_CHANGED);
  change = server_store_get_directory_change (fixture->store, KIRKONKYLA_PTV_ID, &fields, NULL,
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpstr (change->state, ==, "changed");
  g_assert_cmpuint (fields->len, ==, 1);
  g_assert_cmpstr (((ServerFieldChange *) fields->pdata[0])->field, ==, "opening_hours");
  g_assert_null (((ServerFieldChange *) fields->pdata[0])->current);
  /* Where the hours come from, beside the entry's own source. */
  g_assert_cmpstr (change->source, ==, "ptv");
  g_assert_cmpuint (change->part_sources->len, ==, 1);
  g_assert_cmpstr (((ServerPartSource *) change->part_sources->pdata[0])->part, ==,
                   "opening_hours");
  g_assert_cmpstr (((ServerPartSource *) change->part_sources->pdata[0])->source, ==, "kirjastot");
  g_assert_cmpstr (((ServerPartSource *) change->part_sources->pdata[0])->source_id, ==, "90002");
  g_assert_cmpstr (((ServerPartSource *) change->part_sources->pdata[0])->checked_at, ==,
                   "2026-12-07T10:00:00.000Z");

  /* The same records again change nothing. */
  revision = server_store_get_revision (fixture->store);
  assert_outcomes (offer_libraries (fixture, records), SERVER_IMPORT_UNCHANGED,
                   SERVER_IMPORT_UNCHANGED);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, revision);

  g_assert_cmpint (server_store_accept_directory_change (fixture->store, KIRKONKYLA_PTV_ID, NULL,
                                                         "aino", &error),
                   >, revision);
  g_assert_no_error (error);
  accepted = published_hours (fixture);
  g_assert_nonnull (accepted);

  /* Suomi.fi's next import has no hours for the place: the library's stay, unproposed. */
  g_assert_cmpint (offer_ptv (fixture), ==, SERVER_IMPORT_UNCHANGED);

  /* The library directory changes a schedule: the kept id finds the place again (its
   * name in Suomi.fi may differ now), and the change waits for review. */
  g_free (ii->organisation->name.text[NV_LANG_FI]);
  ii->organisation->name.text[NV_LANG_FI] = g_strdup ("Iin pääkirjasto");
  g_array_index (ii->organisation->hours->weekly, NvHoursRange, 0).opens = 9 * 60;
  {
    g_autoptr (GPtrArray) one = g_ptr_array_new ();

    g_ptr_array_add (one, g_ptr_array_index (records, 0));
    g_ptr_array_add (one, ii);
    assert_outcomes (offer_libraries (fixture, one), SERVER_IMPORT_UNCHANGED,
                     SERVER_IMPORT_CHANGED);
  }

  /* The advisor keeps their own hours: the next change of the schedule leaves them. */
  g_assert_true (server_store_keep_directory_values (fixture->store, KIRKONKYLA_PTV_ID,
                                                     (const char *const[]){ "opening_hours", NULL },
                                                     "aino", &error));
  g_assert_no_error (error);
  g_array_index (ii->organisation->hours->weekly, NvHoursRange, 0).opens = 8 * 60;
  assert_outcomes (offer_libraries (fixture, records), SERVER_IMPORT_UNCHANGED,
                   SERVER_IMPORT_UNCHANGED);
  after = published_hours (fixture);
  g_assert_true (json_node_equal (accepted, after));
  g_assert_null (
      server_store_get_directory_change (fixture->store, KIRKONKYLA_PTV_ID, NULL, NULL, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_NOT_FOUND);
}

/* The place's own source, and its hours' (the only part from elsewhere), as kiosks get
 * them in the bundle the server streams: "ptv" or "ptv + opening_hours kirjastot DAY". */
static char *
bundled_provenance (Fixture *fixture)
{
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GBytes) written = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autoptr (GError) error = NULL;
  GString *text = g_string_new (NULL);
  gint64   revision;

  g_assert_true (server_store_write_content (fixture->store, 0, NULL, memory, &revision, &error));
  g_assert_no_error (error);
  g_output_stream_close (memory, NULL, NULL);
  written = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  content = nv_content_from_bytes (written, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < content->organisations->len; i++)
    {
      const NvOrganisation *o = g_ptr_array_index (content->organisations, i);

      if (!g_str_equal (o->id, KIRKONKYLA_PTV_ID))
        continue;
      g_string_append (text, o->source);
      for (guint j = 0; o->part_sources != NULL && j < o->part_sources->len; j++)
        {
          const NvPartSource *part = g_ptr_array_index (o->part_sources, j);
          g_autofree char    *day = nv_format_time_utc (part->checked_at);

          g_string_append_printf (text, " + %s %s %s", part->part, part->source, day);
        }
    }
  return g_string_free (text, FALSE);
}

/* Hours the library directory brought to a place from Suomi.fi say so once accepted, in
 * the bundle kiosks get; an advisor's save that leaves the hours keeps it, and one that
 * changes them makes them the advisor's. */
static void
test_hours_provenance (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) records = import_fixtures ("libraries-page-1.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) saved = NULL;
  g_autofree char *before = NULL;
  g_autofree char *proposed = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *own = NULL;

  g_assert_cmpint (offer_ptv (fixture), ==, SERVER_IMPORT_NEW);
  g_assert_cmpint (server_store_accept_directory_change (fixture->store, KIRKONKYLA_PTV_ID, NULL,
                                                         "aino", &error),
                   >, 0);
  before = bundled_provenance (fixture);
  g_assert_cmpstr (before, ==, "ptv");

  /* Proposed, not yet accepted: the kiosks' entry says nothing of it. */
  assert_outcomes (offer_libraries (fixture, records), SERVER_IMPORT_NEW, SERVER_IMPORT_CHANGED);
  proposed = bundled_provenance (fixture);
  g_assert_cmpstr (proposed, ==, "ptv");
  g_assert_cmpint (server_store_accept_directory_change (fixture->store, KIRKONKYLA_PTV_ID, NULL,
                                                         "aino", &error),
                   >, 0);
  g_assert_no_error (error);
  accepted = bundled_provenance (fixture);
  g_assert_cmpstr (accepted, ==, "ptv + opening_hours kirjastot 2026-12-07T10:00:00.000Z");

  /* Saved from the console without part_sources (the editor never sends them) and the
   * hours as they were: the hours still come from the library directory. */
  saved = server_store_get_organisation (fixture->store, KIRKONKYLA_PTV_ID, &error);
  g_assert_no_error (error);
  g_clear_pointer (&saved->part_sources, g_ptr_array_unref);
  g_assert_cmpint (server_store_save_organisation (fixture->store, saved, "aino", &error), >, 0);
  g_assert_no_error (error);
  kept = bundled_provenance (fixture);
  g_assert_cmpstr (kept, ==, accepted);

  /* The advisor's own hours: no longer the library directory's. */
  g_array_index (saved->hours->weekly, NvHoursRange, 0).opens = 7 * 60;
  g_assert_cmpint (server_store_save_organisation (fixture->store, saved, "aino", &error), >, 0);
  g_assert_no_error (error);
  own = bundled_provenance (fixture);
  g_assert_cmpstr (own, ==, "ptv");
}

/* An entry made by hand (a county's own) is matched too, and its review lists it. */
static void
test_match_entry_made_by_hand (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) records = import_fixtures ("library-testila.json", NULL);
  g_autoptr (NvOrganisation) own = nv_organisation_new ();
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  ServerImportOutcome outcome;
  g_autofree char    *id = NULL;

  own->id = g_strdup ("testilan-kirjasto");
  own->kind = g_strdup ("library");
  nv_text_set (&own->name, NV_LANG_FI, "Testilän  kirjasto");
  own->municipality = g_strdup ("564");
  own->street_address = g_strdup ("Kirjastokatu 1");
  g_assert_true (server_store_put_organisation (fixture->store, own, &error));
  g_assert_no_error (error);

  id = server_store_match_directory_entry (
      fixture->store, ((ServerLibraryRecord *) records->pdata[0])->organisation, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "testilan-kirjasto");
  g_assert_true (server_store_offer_imported_hours (
      fixture->store, id, ((ServerLibraryRecord *) records->pdata[0])->organisation, &outcome,
      &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, SERVER_IMPORT_CHANGED);
  changes = server_store_list_directory_changes (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpstr (((ServerDirectoryChange *) changes->pdata[0])->id, ==, "testilan-kirjasto");
  g_assert_cmpstr (((ServerDirectoryChange *) changes->pdata[0])->source, ==, "kirjastot");
  g_assert_cmpstr (((ServerDirectoryChange *) changes->pdata[0])->fields[0], ==, "opening_hours");
  g_assert_null (((ServerDirectoryChange *) changes->pdata[0])->fields[1]);
}

/* Two libraries of the directory with the same name and street (a library and its
 * self-service point) are two entries: a library never matches another one's. */
static void
test_no_match_within_source (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) records = import_text ("[{\"id\": 1, \"name\": \"Kirjasto\", " GOOD_ADDRESS
                                               "}, {\"id\": 2, \"name\": "
                                               "\"Kirjasto\", " GOOD_ADDRESS "}]");

  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;

  assert_outcomes (offer_libraries (fixture, records), SERVER_IMPORT_NEW, SERVER_IMPORT_NEW);
  changes = server_store_list_directory_changes (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import-libraries/single-record", test_single_record);
  g_test_add_func ("/import-libraries/list-pages", test_list_pages);
  for (guint i = 0; i < G_N_ELEMENTS (bad_records); i++)
    {
      g_autofree char *path = g_strdup_printf ("/import-libraries/refused/%s", bad_records[i].name);

      g_test_add_data_func (path, &bad_records[i], test_refused);
    }
  g_test_add_func ("/import-libraries/unusable-text", test_unusable_text);
  g_test_add_func ("/import-libraries/real/kallio", test_real_kallio);
  g_test_add ("/import-libraries/match-and-review", Fixture, NULL, fixture_setup,
              test_match_and_review, fixture_teardown);
  g_test_add ("/import-libraries/hours-provenance", Fixture, NULL, fixture_setup,
              test_hours_provenance, fixture_teardown);
  g_test_add ("/import-libraries/match-entry-made-by-hand", Fixture, NULL, fixture_setup,
              test_match_entry_made_by_hand, fixture_teardown);
  g_test_add ("/import-libraries/no-match-within-source", Fixture, NULL, fixture_setup,
              test_no_match_within_source, fixture_teardown);
  return g_test_run ();
}

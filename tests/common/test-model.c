/* test-model.c — codecs and validation of guides, categories, organisations, bundles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-test-util.h"

static JsonNode *
parse (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  JsonNode *node = nv_json_parse_bytes (bytes, 0, &error);

  g_assert_no_error (error);
  return node;
}

static const char *valid_guide =
  "{\"id\": \"omaolo\", \"category\": \"health\","
  " \"title\": {\"fi\": \"Omaolo\", \"sv\": \"Omaolo på svenska\", \"en\": \"Omaolo\"},"
  " \"summary\": {\"fi\": \"Oirearvio\"},"
  " \"steps\": [{\"text\": {\"fi\": \"Avaa\", \"en\": \"Open\"}},"
  "             {\"text\": {\"fi\": \"Valitse\"}, \"image\": \"a.png\"}],"
  " \"related_organisations\": [\"lib\"], \"owner\": \"Digituki\","
  " \"review_date\": \"2027-02-28\", \"unknown_member\": 1}";

static void
test_text_fallback (void)
{
  NvText text = { { NULL } };
  gboolean fell_back = FALSE;

  nv_text_set (&text, NV_LANG_FI, "Hei");
  nv_text_set (&text, NV_LANG_EN, "Hello");
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_EN, &fell_back), ==, "Hello");
  g_assert_false (fell_back);
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_SV, &fell_back), ==, "Hei");
  g_assert_true (fell_back);
  nv_text_set (&text, NV_LANG_FI, "");
  g_assert_null (text.text[NV_LANG_FI]);
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_SV, NULL), ==, "Hello");
  nv_text_clear (&text);
  g_assert_true (nv_text_is_empty (&text));
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_FI, NULL), ==, "");
}

static void
test_guide_round_trip (void)
{
  g_autoptr(JsonNode) node = parse (valid_guide);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvGuide) guide = nv_guide_from_json (node, &error);
  g_autoptr(NvGuide) again = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (guide->id, ==, "omaolo");
  g_assert_cmpuint (guide->steps->len, ==, 2);
  g_assert_cmpstr (((NvStep *) guide->steps->pdata[1])->image, ==, "a.png");
  g_assert_cmpstr (guide->related_organisations[0], ==, "lib");

  written = nv_guide_to_json (guide);
  first = nv_json_to_string (written, FALSE);
  again = nv_guide_from_json (written, &error);
  g_assert_no_error (error);
  second = nv_json_to_string (nv_guide_to_json (again), FALSE);
  g_assert_cmpstr (first, ==, second);
  g_assert_null (strstr (first, "unknown_member"));
  g_assert_true (nv_text_equal (&guide->title, &again->title));
}

typedef struct
{
  const char *name;
  const char *json;
  const char *field;
} BadCase;

/* Each case breaks one rule; the error must name exactly that field. */
static const BadCase bad_guides[] = {
  { "missing-id", "{\"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": [{\"text\": {\"fi\": \"s\"}}]}", "id" },
  { "bad-id", "{\"id\": \"Bad Id\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": [{\"text\": {\"fi\": \"s\"}}]}", "id" },
  { "no-finnish-title", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"en\": \"T\"}, \"steps\": [{\"text\": {\"fi\": \"s\"}}]}", "title.fi" },
  { "unknown-language", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\", \"de\": \"X\"}, \"steps\": [{\"text\": {\"fi\": \"s\"}}]}", "title" },
  { "title-not-string", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": 5}, \"steps\": [{\"text\": {\"fi\": \"s\"}}]}", "title.fi" },
  { "id-not-string", "{\"id\": 7, \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": [{\"text\": {\"fi\": \"s\"}}]}", "id" },
  { "no-steps", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": []}", "steps" },
  { "steps-not-array", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": \"x\"}", "steps" },
  { "step-without-finnish", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": [{\"text\": {\"fi\": \"a\"}}, {\"text\": {\"sv\": \"b\"}}]}", "steps[1].text.fi" },
  { "step-not-object", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": [3]}", "steps[0]" },
  { "image-path", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": [{\"text\": {\"fi\": \"a\"}, \"image\": \"../etc/passwd\"}]}", "steps[0].image" },
  { "bad-review-date", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": [{\"text\": {\"fi\": \"a\"}}], \"review_date\": \"2027-02-30\"}", "review_date" },
  { "bad-related", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, \"steps\": [{\"text\": {\"fi\": \"a\"}}], \"related_organisations\": [\"ok\", 4]}", "related_organisations[1]" },
  { "control-character", "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\\u0007\"}, \"steps\": [{\"text\": {\"fi\": \"a\"}}]}", "title.fi" },
};

static void
test_guide_invalid (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(JsonNode) node = parse (bad->json);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvGuide) guide = nv_guide_from_json (node, &error);

  g_assert_null (guide);
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (error), ==, bad->field);
  g_assert_true (g_str_has_prefix (error->message, bad->field));
}

static void
test_guide_too_long (void)
{
  g_autoptr(NvGuide) guide = nv_guide_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) title = g_string_new (NULL);

  guide->id = g_strdup ("g");
  guide->category = g_strdup ("c");
  /* 121 characters of two bytes each: counted in characters, not bytes. */
  for (int i = 0; i < 121; i++)
    g_string_append (title, "ä");
  nv_text_set (&guide->title, NV_LANG_FI, title->str);
  nv_guide_add_step (guide, "a", NULL, NULL);
  g_assert_false (nv_guide_validate (guide, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "title.fi");
  g_clear_error (&error);
  g_string_truncate (title, 120 * 2);
  nv_text_set (&guide->title, NV_LANG_FI, title->str);
  g_assert_true (nv_guide_validate (guide, &error));
  g_assert_no_error (error);
}

static const char *valid_organisation =
  "{\"id\": \"lib\", \"name\": {\"fi\": \"Kirjasto\", \"sv\": \"Bibliotek\"},"
  " \"kind\": \"library\", \"municipality\": \"564\", \"street_address\": \"Kaarlenväylä 3\","
  " \"postal_code\": \"90100\", \"post_office\": \"Oulu\", \"phones\": [\"+358 8 123 456\"],"
  " \"emails\": [\"kirjasto@example.fi\"], \"web_pages\": [\"https://example.fi/kirjasto\"],"
  " \"opening_hours\": {\"weekly\": [{\"day\": 1, \"opens\": \"10:00\", \"closes\": \"20:00\"},"
  "                                {\"day\": 1, \"opens\": \"08:00\", \"closes\": \"09:00\"}],"
  "                     \"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": [],"
  "                                       \"note\": {\"fi\": \"Jouluaatto\"}}]},"
  " \"languages\": [\"fi\", \"sv\"], \"sample\": true}";

static void
test_organisation_round_trip (void)
{
  g_autoptr(JsonNode) node = parse (valid_organisation);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvOrganisation) organisation = nv_organisation_from_json (node, &error);
  g_autoptr(NvOrganisation) copy = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(JsonNode) written_again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  NvHoursRange *first_range;

  g_assert_no_error (error);
  g_assert_true (organisation->sample);
  g_assert_nonnull (organisation->hours);
  /* Sorted on the way in. */
  first_range = &g_array_index (organisation->hours->weekly, NvHoursRange, 0);
  g_assert_cmpuint (first_range->opens, ==, 8 * 60);

  copy = nv_organisation_copy (organisation);
  written = nv_organisation_to_json (copy);
  first = nv_json_to_string (written, FALSE);
  g_clear_pointer (&copy, nv_organisation_free);
  copy = nv_organisation_from_json (written, &error);
  g_assert_no_error (error);
  written_again = nv_organisation_to_json (copy);
  second = nv_json_to_string (written_again, FALSE);
  g_assert_cmpstr (first, ==, second);
}

static void
test_organisation_unknown_hours (void)
{
  g_autoptr(JsonNode) node = parse ("{\"id\": \"x\", \"name\": {\"fi\": \"X\"}, \"kind\": \"other\","
                                    " \"municipality\": \"678\", \"opening_hours\": null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(NvOrganisation) organisation = nv_organisation_from_json (node, &error);
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_no_error (error);
  g_assert_null (organisation->hours);
  written = nv_organisation_to_json (organisation);
  g_assert_false (json_object_has_member (json_node_get_object (written), "opening_hours"));
  g_assert_cmpint (nv_opening_hours_state_at (organisation->hours, now, NULL), ==,
                   NV_OPEN_STATE_UNKNOWN);
}

#define ORG(extra) "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": \"564\"" extra "}"

static const BadCase bad_organisations[] = {
  { "kind", "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"shop\", \"municipality\": \"564\"}", "kind" },
  { "municipality", "{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"library\", \"municipality\": \"Oulu\"}", "municipality" },
  { "name", "{\"id\": \"o\", \"name\": {\"sv\": \"O\"}, \"kind\": \"library\", \"municipality\": \"564\"}", "name.fi" },
  { "postal-code", ORG (", \"postal_code\": \"9010\""), "postal_code" },
  { "phone-letters", ORG (", \"phones\": [\"+358 8 123\", \"call me\"]"), "phones[1]" },
  { "phone-short", ORG (", \"phones\": [\"123\"]"), "phones[0]" },
  { "email", ORG (", \"emails\": [\"nobody\"]"), "emails[0]" },
  { "web-page", ORG (", \"web_pages\": [\"javascript:alert(1)\"]"), "web_pages[0]" },
  { "language", ORG (", \"languages\": [\"finnish\"]"), "languages[0]" },
  { "sample-type", ORG (", \"sample\": \"yes\""), "sample" },
  { "hours-day", ORG (", \"opening_hours\": {\"weekly\": [{\"day\": 8, \"opens\": \"09:00\", \"closes\": \"10:00\"}]}"), "opening_hours.weekly[0].day" },
  { "hours-clock", ORG (", \"opening_hours\": {\"weekly\": [{\"day\": 1, \"opens\": \"9\", \"closes\": \"10:00\"}]}"), "opening_hours.weekly[0].opens" },
  { "hours-order", ORG (", \"opening_hours\": {\"weekly\": [{\"day\": 1, \"opens\": \"12:00\", \"closes\": \"10:00\"}]}"), "opening_hours.weekly[0].closes" },
  { "hours-overlap", ORG (", \"opening_hours\": {\"weekly\": [{\"day\": 2, \"opens\": \"09:00\", \"closes\": \"12:00\"}, {\"day\": 2, \"opens\": \"11:00\", \"closes\": \"13:00\"}]}"), "opening_hours.weekly[1].opens" },
  { "exception-date", ORG (", \"opening_hours\": {\"weekly\": [], \"exceptions\": [{\"date\": \"24.12.2026\", \"hours\": []}]}"), "opening_hours.exceptions[0].date" },
  { "exception-hours", ORG (", \"opening_hours\": {\"weekly\": [], \"exceptions\": [{\"date\": \"2026-12-24\", \"hours\": [{\"opens\": \"25:00\", \"closes\": \"26:00\"}]}]}"), "opening_hours.exceptions[0].hours[0].opens" },
};

static void
test_organisation_invalid (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(JsonNode) node = parse (bad->json);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvOrganisation) organisation = nv_organisation_from_json (node, &error);

  g_assert_null (organisation);
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (error), ==, bad->field);
}

static void
test_category_round_trip (void)
{
  g_autoptr(JsonNode) node = parse ("{\"id\": \"health\", \"title\": {\"fi\": \"Terveys\"},"
                                    " \"icon\": \"x-symbolic\", \"position\": 3}");
  g_autoptr(GError) error = NULL;
  g_autoptr(NvCategory) category = nv_category_from_json (node, &error);
  g_autoptr(JsonNode) bad = parse ("{\"id\": \"h\", \"title\": {\"fi\": \"T\"}, \"position\": 1.5}");
  g_autoptr(NvCategory) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (category->position, ==, 3);
  none = nv_category_from_json (bad, &error);
  g_assert_null (none);
  g_assert_cmpstr (nv_error_get_field (error), ==, "position");
}

/* Untrusted bytes: every kind of bad body is a clear NV_ERROR, never a crash. */
static void
test_json_bad_input (void)
{
  static const struct { const char *data; gsize size; int code; } cases[] = {
    { "", 0, NV_ERROR_PARSE },
    { "{\"a\": 1", 7, NV_ERROR_PARSE },
    { "{\"a\": \"\xff\xfe\"}", 11, NV_ERROR_PARSE },
    { "{\"a\":\0 1}", 9, NV_ERROR_PARSE },
    { "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", 31, NV_ERROR_TOO_LARGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].data, cases[i].size);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = nv_json_parse_bytes (bytes, 16, &error);

      g_assert_null (node);
      g_assert_error (error, NV_ERROR, cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_content_not_object (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("[1]", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) content = nv_content_from_bytes (bytes, &error);

  g_assert_null (content);
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
}

static void
test_content_round_trip (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) content = nv_content_load_dir (dir, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(NvContent) again = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (content->categories->len, ==, 2);
  g_assert_cmpuint (content->guides->len, ==, 2);
  g_assert_cmpuint (content->organisations->len, ==, 2);
  /* The file's top-level "sample" marks every organisation. */
  g_assert_true (((NvOrganisation *) content->organisations->pdata[1])->sample);

  content->revision = 7;
  node = nv_content_to_json (content);
  bytes = nv_json_to_bytes (node);
  again = nv_content_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->revision, ==, 7);
  g_assert_cmpuint (again->guides->len, ==, 2);
}

static void
test_content_references (void)
{
  g_autoptr(NvContent) content = nv_content_new ();
  g_autoptr(GError) error = NULL;
  NvGuide *guide = nv_guide_new ();
  NvCategory *category = nv_category_new ();

  category->id = g_strdup ("c");
  nv_text_set (&category->title, NV_LANG_FI, "C");
  g_ptr_array_add (content->categories, category);
  guide->id = g_strdup ("g");
  guide->category = g_strdup ("missing");
  nv_text_set (&guide->title, NV_LANG_FI, "G");
  nv_guide_add_step (guide, "a", NULL, NULL);
  g_ptr_array_add (content->guides, guide);

  g_assert_false (nv_content_validate (content, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "guides[0].category");
  g_clear_error (&error);

  /* A delta may name a category the kiosk already has. */
  content->since = 3;
  g_assert_true (nv_content_validate (content, &error));
  g_assert_no_error (error);

  content->since = 0;
  g_free (guide->category);
  guide->category = g_strdup ("c");
  g_ptr_array_add (content->guides, nv_guide_copy (guide));
  g_assert_false (nv_content_validate (content, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "guides[1].id");
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_content_load_errors (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *guides = g_build_filename (dir, "guides", NULL);
  g_autofree char *bad_file = g_build_filename (guides, "wrong-name.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) content = NULL;

  g_mkdir (guides, 0700);
  write_file (dir, "categories.json", "{\"categories\": [{\"id\": \"c\", \"title\": {\"fi\": \"C\"}}]}");
  write_file (dir, "organisations.json", "{\"organisations\": []}");
  write_file (guides, "wrong-name.json",
              "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"},"
              " \"steps\": [{\"text\": {\"fi\": \"s\"}}]}");
  content = nv_content_load_dir (dir, &error);
  g_assert_null (content);
  g_assert_nonnull (strstr (error->message, "guides/wrong-name.json"));
  g_assert_nonnull (strstr (error->message, "g.json"));
  g_clear_error (&error);

  write_file (guides, "wrong-name.json", "{\"id\": ");
  content = nv_content_load_dir (dir, &error);
  g_assert_null (content);
  g_assert_error (error, NV_ERROR, NV_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "wrong-name.json"));
  g_clear_error (&error);

  g_remove (bad_file);
  write_file (dir, "organisations.json", "{\"organisations\": [{\"id\": \"o\"}]}");
  content = nv_content_load_dir (dir, &error);
  g_assert_null (content);
  g_assert_nonnull (strstr (error->message, "organisations.json"));
  g_assert_cmpstr (nv_error_get_field (error), ==, "organisations[0].kind");

  nv_test_rm_rf (dir);
}

/* The default content the backend seeds itself with: enough, and in three languages. */
static void
test_default_content (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) municipalities = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_cmpuint (content->guides->len, >=, 12);
  for (guint i = 0; i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);

      g_hash_table_add (categories, guide->category);
      for (NvLang lang = 0; lang < NV_N_LANGS; lang++)
        {
          g_assert_nonnull (guide->title.text[lang]);
          for (guint s = 0; s < guide->steps->len; s++)
            g_assert_nonnull (((NvStep *) guide->steps->pdata[s])->text.text[lang]);
        }
      g_assert_cmpuint (guide->steps->len, >=, 3);
      g_assert_cmpuint (guide->steps->len, <=, 8);
    }
  g_assert_cmpuint (g_hash_table_size (categories), >=, 4);

  g_assert_cmpuint (content->organisations->len, >=, 40);
  for (guint i = 0; i < content->organisations->len; i++)
    {
      const NvOrganisation *organisation = g_ptr_array_index (content->organisations, i);

      g_assert_true (organisation->sample);
      g_assert_nonnull (nv_municipality_lookup (organisation->municipality));
      g_hash_table_add (municipalities, organisation->municipality);
    }
  g_assert_cmpuint (g_hash_table_size (municipalities), >=, 8);
}

static void
test_municipalities (void)
{
  guint n = 0;
  const NvMunicipality *all = nv_municipalities (&n);

  g_assert_cmpuint (n, ==, 30);
  g_assert_cmpstr (nv_municipality_name ("564", NV_LANG_SV), ==, "Uleåborg");
  g_assert_cmpstr (nv_municipality_name ("564", NV_LANG_EN), ==, "Oulu");
  g_assert_cmpstr (nv_municipality_name ("999", NV_LANG_FI), ==, "999");
  g_assert_null (nv_municipality_lookup ("091"));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (strlen (all[i].code), ==, 3);
      g_assert_true (nv_municipality_lookup (all[i].code) == &all[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fallback", test_text_fallback);
  g_test_add_func ("/json/bad-input", test_json_bad_input);
  g_test_add_func ("/guide/round-trip", test_guide_round_trip);
  g_test_add_func ("/guide/too-long", test_guide_too_long);
  for (guint i = 0; i < G_N_ELEMENTS (bad_guides); i++)
    {
      g_autofree char *path = g_strdup_printf ("/guide/invalid/%s", bad_guides[i].name);

      g_test_add_data_func (path, &bad_guides[i], test_guide_invalid);
    }
  g_test_add_func ("/organisation/round-trip", test_organisation_round_trip);
  g_test_add_func ("/organisation/unknown-hours", test_organisation_unknown_hours);
  for (guint i = 0; i < G_N_ELEMENTS (bad_organisations); i++)
    {
      g_autofree char *path = g_strdup_printf ("/organisation/invalid/%s",
                                               bad_organisations[i].name);

      g_test_add_data_func (path, &bad_organisations[i], test_organisation_invalid);
    }
  g_test_add_func ("/category/round-trip", test_category_round_trip);
  g_test_add_func ("/content/not-object", test_content_not_object);
  g_test_add_func ("/content/round-trip", test_content_round_trip);
  g_test_add_func ("/content/references", test_content_references);
  g_test_add_func ("/content/load-errors", test_content_load_errors);
  g_test_add_func ("/content/default", test_default_content);
  g_test_add_func ("/municipality/table", test_municipalities);

  return g_test_run ();
}

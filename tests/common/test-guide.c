/* test-guide.c — guides: codec, round trip and every validation rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"
#include "nv-json-private.h"

static const char *full_guide
    = "{\"id\": \"omaolo\", \"category\": \"health\","
      " \"title\": {\"fi\": \"Omaolo-palvelun käyttö\", \"sv\": \"Att använda Omaolo\","
      "             \"en\": \"Using Omaolo\"},"
      " \"summary\": {\"fi\": \"Oirearvio verkossa\"},"
      " \"steps\": [{\"text\": {\"fi\": \"Avaa omaolo.fi\", \"en\": \"Open omaolo.fi\"}},"
      "             {\"text\": {\"fi\": \"Valitse oirearvio\"}, \"image\": \"omaolo-1.png\","
      "              \"image_alt\": {\"fi\": \"Kuva oirearvion valinnasta\", \"en\": \"A "
      "picture\"}}],"
      " \"related_organisations\": [\"oulu-main-library\", \"kempele-library\"],"
      " \"owner\": \"Digital support team, Pohde\", \"review_date\": \"2027-05-31\","
      " \"position\": -3, \"unknown_member\": {\"is\": \"ignored\"}}";

static void
assert_guides_equal (const NvGuide *a, const NvGuide *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->category, ==, b->category);
  g_assert_true (nv_text_equal (&a->title, &b->title));
  g_assert_true (nv_text_equal (&a->summary, &b->summary));
  g_assert_cmpuint (a->steps->len, ==, b->steps->len);
  for (guint i = 0; i < a->steps->len; i++)
    {
      const NvStep *sa = g_ptr_array_index (a->steps, i);
      const NvStep *sb = g_ptr_array_index (b->steps, i);

      g_assert_true (nv_text_equal (&sa->text, &sb->text));
      g_assert_cmpstr (sa->image, ==, sb->image);
      g_assert_true (nv_text_equal (&sa->image_alt, &sb->image_alt));
    }
  g_assert_true (nv_strv_equal0 ((const char *const *) a->related_organisations,
                                 (const char *const *) b->related_organisations));
  g_assert_cmpstr (a->owner, ==, b->owner);
  g_assert_cmpstr (a->review_date, ==, b->review_date);
  g_assert_cmpint (a->position, ==, b->position);
}

static void
test_round_trip (void)
{
  g_autoptr (JsonNode) node = nv_test_parse (full_guide);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvGuide) guide = nv_guide_from_json (node, &error);
  g_autoptr (NvGuide) again = NULL;
  g_autoptr (NvGuide) copy = NULL;
  g_autoptr (JsonNode) written = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (guide->id, ==, "omaolo");
  g_assert_cmpstr (guide->title.text[NV_LANG_SV], ==, "Att använda Omaolo");
  g_assert_cmpuint (guide->steps->len, ==, 2);
  g_assert_null (((NvStep *) guide->steps->pdata[0])->image);
  g_assert_cmpstr (((NvStep *) guide->steps->pdata[1])->image, ==, "omaolo-1.png");
  g_assert_cmpstr (((NvStep *) guide->steps->pdata[1])->image_alt.text[NV_LANG_EN], ==,
                   "A picture");
  g_assert_cmpstr (guide->related_organisations[1], ==, "kempele-library");
  g_assert_cmpstr (guide->review_date, ==, "2027-05-31");
  g_assert_cmpint (guide->position, ==, -3);

  /* from → to → from gives the same guide and the same JSON. */
  written = nv_guide_to_json (guide);
  first = nv_json_to_string (written, FALSE);
  again = nv_guide_from_json (written, &error);
  g_assert_no_error (error);
  assert_guides_equal (guide, again);
  second = nv_test_take_string (nv_guide_to_json (again));
  g_assert_cmpstr (first, ==, second);
  g_assert_null (strstr (first, "unknown_member"));

  copy = nv_guide_copy (guide);
  assert_guides_equal (guide, copy);
  g_assert_true (copy->steps->pdata[0] != guide->steps->pdata[0]);
}

static void
test_minimal_writes_only_what_is_set (void)
{
  g_autoptr (NvGuide) guide = nv_guide_new ();
  g_autoptr (NvGuide) again = NULL;
  g_autoptr (JsonNode) written = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  NvStep          *step;

  guide->id = g_strdup ("call-112");
  guide->category = g_strdup ("safety");
  nv_text_set (&guide->title, NV_LANG_FI, "Hätänumero 112");
  step = nv_guide_add_step (guide, "Soita 112", NULL, "Call 112");
  g_assert_nonnull (step);
  g_assert_null (step->text.text[NV_LANG_SV]);
  g_assert_cmpstr (step->text.text[NV_LANG_EN], ==, "Call 112");
  guide->related_organisations = g_new0 (char *, 1); /* empty: left out like NULL */
  g_assert_true (nv_guide_validate (guide, &error));
  g_assert_no_error (error);

  written = nv_guide_to_json (guide);
  text = nv_json_to_string (written, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"id\":\"call-112\",\"category\":\"safety\","
                   "\"title\":{\"fi\":\"Hätänumero 112\"},"
                   "\"steps\":[{\"text\":{\"fi\":\"Soita 112\",\"en\":\"Call 112\"}}]}");
  again = nv_guide_from_json (written, &error);
  g_assert_no_error (error);
  assert_guides_equal (guide, again);
  g_assert_null (again->related_organisations);
  g_assert_null (again->summary.text[NV_LANG_FI]);
}

/* A guide with every required member and nothing else; each bad case changes one. */
#define GUIDE(members)                                                                             \
  "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, " members "}"
#define STEPS "\"steps\": [{\"text\": {\"fi\": \"a\"}}]"

static const NvTestBadCase bad_guides[] = {
  /* Types: a wrong JSON type is an error naming the member. */
  { "id-not-string", "{\"id\": 7, \"category\": \"c\", \"title\": {\"fi\": \"T\"}, " STEPS "}",
    "id" },
  { "category-not-string",
    "{\"id\": \"g\", \"category\": [\"c\"], \"title\": {\"fi\": \"T\"}, " STEPS "}", "category" },
  { "title-not-object", "{\"id\": \"g\", \"category\": \"c\", \"title\": \"T\", " STEPS "}",
    "title" },
  { "title-two-lines",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\\nU\"}, " STEPS "}", "title.fi" },
  { "title-en-carriage-return",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\", \"en\": \"T\\rU\"}, " STEPS
    "}",
    "title.en" },
  { "title-fi-not-string",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": 5}, " STEPS "}", "title.fi" },
  { "summary-not-object", GUIDE ("\"summary\": 1, " STEPS), "summary" },
  { "steps-not-array", GUIDE ("\"steps\": {\"text\": {\"fi\": \"a\"}}"), "steps" },
  { "step-not-object", GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}}, \"b\"]"), "steps[1]" },
  { "step-text-not-object", GUIDE ("\"steps\": [{\"text\": \"a\"}]"), "steps[0].text" },
  { "step-text-sv-not-string", GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\", \"sv\": false}}]"),
    "steps[0].text.sv" },
  { "step-image-not-string", GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}, \"image\": 1}]"),
    "steps[0].image" },
  { "step-image-alt-not-object",
    GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}, \"image_alt\": \"kuva\"}]"),
    "steps[0].image_alt" },
  { "step-image-alt-fi-not-string",
    GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}, \"image_alt\": {\"fi\": 1}}]"),
    "steps[0].image_alt.fi" },
  { "related-not-array", GUIDE (STEPS ", \"related_organisations\": \"lib\""),
    "related_organisations" },
  { "related-not-string", GUIDE (STEPS ", \"related_organisations\": [\"ok\", 4]"),
    "related_organisations[1]" },
  { "owner-not-string", GUIDE (STEPS ", \"owner\": {\"fi\": \"x\"}"), "owner" },
  { "review-date-not-string", GUIDE (STEPS ", \"review_date\": 20270531"), "review_date" },
  { "position-not-number", GUIDE (STEPS ", \"position\": \"1\""), "position" },
  { "position-fraction", GUIDE (STEPS ", \"position\": 1.5"), "position" },
  { "unknown-language",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\", \"de\": \"X\"}, " STEPS "}",
    "title" },
  /* Rules. */
  { "id-missing", "{\"category\": \"c\", \"title\": {\"fi\": \"T\"}, " STEPS "}", "id" },
  { "id-null", "{\"id\": null, \"category\": \"c\", \"title\": {\"fi\": \"T\"}, " STEPS "}", "id" },
  { "id-pattern",
    "{\"id\": \"Bad Id\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, " STEPS "}", "id" },
  { "id-empty", "{\"id\": \"\", \"category\": \"c\", \"title\": {\"fi\": \"T\"}, " STEPS "}",
    "id" },
  { "id-too-long",
    "{\"id\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"category\":"
    " \"c\", \"title\": {\"fi\": \"T\"}, " STEPS "}",
    "id" },
  { "category-missing", "{\"id\": \"g\", \"title\": {\"fi\": \"T\"}, " STEPS "}", "category" },
  { "category-pattern",
    "{\"id\": \"g\", \"category\": \"Terveys\", \"title\": {\"fi\": \"T\"}, " STEPS "}",
    "category" },
  { "title-missing", "{\"id\": \"g\", \"category\": \"c\", " STEPS "}", "title.fi" },
  { "title-no-finnish",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"sv\": \"T\", \"en\": \"T\"}, " STEPS "}",
    "title.fi" },
  { "title-finnish-empty",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"\", \"en\": \"T\"}, " STEPS "}",
    "title.fi" },
  { "title-control-character",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\\u0007\"}, " STEPS "}",
    "title.fi" },
  { "steps-missing", GUIDE ("\"owner\": \"x\""), "steps" },
  { "steps-empty", GUIDE ("\"steps\": []"), "steps" },
  { "step-no-finnish",
    GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}}, {\"text\": {\"fi\": \"b\"}}, {\"text\":"
           " {\"sv\": \"c\"}}]"),
    "steps[2].text.fi" },
  { "step-no-text", GUIDE ("\"steps\": [{\"image\": \"a.png\"}]"), "steps[0].text.fi" },
  { "image-path", GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}, \"image\": \"../etc/passwd\"}]"),
    "steps[0].image" },
  { "image-hidden", GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}, \"image\": \".htaccess\"}]"),
    "steps[0].image" },
  { "image-backslash",
    GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}, \"image\": \"a\\\\b.png\"}]"),
    "steps[0].image" },
  { "image-empty", GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\"}, \"image\": \"\"}]"),
    "steps[0].image" },
  { "related-pattern", GUIDE (STEPS ", \"related_organisations\": [\"ok\", \"Not OK\"]"),
    "related_organisations[1]" },
  { "owner-two-lines", GUIDE (STEPS ", \"owner\": \"Team\\nPohde\""), "owner" },
  { "review-date-not-real", GUIDE (STEPS ", \"review_date\": \"2027-02-29\""), "review_date" },
  { "review-date-format", GUIDE (STEPS ", \"review_date\": \"31.5.2027\""), "review_date" },
  { "position-too-large", GUIDE (STEPS ", \"position\": 10001"), "position" },
  { "position-too-small", GUIDE (STEPS ", \"position\": -10001"), "position" },
  /* Plain Finnish is checked like the other languages, and is no substitute for Finnish. */
  { "title-plain-two-lines",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\", \"fi-x-selko\": "
    "\"T\\nU\"}, " STEPS "}",
    "title.fi-x-selko" },
  { "title-plain-only",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi-x-selko\": \"T\"}, " STEPS "}",
    "title.fi" },
  { "step-plain-not-string",
    GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\", \"fi-x-selko\": [\"a\"]}}]"),
    "steps[0].text.fi-x-selko" },
  { "step-plain-control-character",
    GUIDE ("\"steps\": [{\"text\": {\"fi\": \"a\", \"fi-x-selko\": \"a\\u001b\"}}]"),
    "steps[0].text.fi-x-selko" },
  { "plain-code-misspelt",
    "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"T\", \"fi-selko\": \"T\"}, " STEPS
    "}",
    "title" },
};

static void
test_invalid (gconstpointer data)
{
  const NvTestBadCase *bad = data;
  g_autoptr (JsonNode) node = nv_test_parse (bad->json);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvGuide) guide = nv_guide_from_json (node, &error);

  g_assert_null (guide);
  nv_test_assert_field_error (error, bad->field);
}

static void
test_not_object (void)
{
  g_autoptr (JsonNode) node = nv_test_parse ("[\"omaolo\"]");
  g_autoptr (GError) error = NULL;

  g_assert_null (nv_guide_from_json (node, &error));
  nv_test_assert_field_error (error, NULL);
  g_clear_error (&error);
  g_assert_null (nv_guide_from_json (NULL, &error));
  nv_test_assert_field_error (error, NULL);
}

static NvGuide *
make_valid_guide (void)
{
  NvGuide *guide = nv_guide_new ();

  guide->id = g_strdup ("g");
  guide->category = g_strdup ("c");
  nv_text_set (&guide->title, NV_LANG_FI, "T");
  nv_guide_add_step (guide, "a", NULL, NULL);
  return guide;
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
assert_invalid (const NvGuide *guide, const char *field)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (nv_guide_validate (guide, &error));
  nv_test_assert_field_error (error, field);
}

static void
assert_valid (const NvGuide *guide)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (nv_guide_validate (guide, &error));
  g_assert_no_error (error);
}

/* Limits are counted in characters: "ä" is two bytes but one character. */
/* Steps are multi-line by design: a line break or a tab in one is kept. */
static void
test_step_line_breaks (void)
{
  g_autoptr (JsonNode) node = nv_test_parse (
      GUIDE ("\"steps\": [{\"text\": {\"fi\": \"Avaa sivu.\\nValitse\\tpassi.\"}}]"));
  g_autoptr (GError) error = NULL;
  g_autoptr (NvGuide) guide = nv_guide_from_json (node, &error);
  const NvStep *step;

  g_assert_no_error (error);
  step = g_ptr_array_index (guide->steps, 0);
  g_assert_cmpstr (step->text.text[NV_LANG_FI], ==, "Avaa sivu.\nValitse\tpassi.");
}

static void
test_lengths (void)
{
  g_autoptr (NvGuide) guide = make_valid_guide ();
  NvStep *step = g_ptr_array_index (guide->steps, 0);

  set_repeated (&guide->title, NV_LANG_SV, "ä", 120);
  assert_valid (guide);
  set_repeated (&guide->title, NV_LANG_SV, "ä", 121);
  assert_invalid (guide, "title.sv");
  nv_text_set (&guide->title, NV_LANG_SV, NULL);

  set_repeated (&guide->summary, NV_LANG_EN, "ö", 400);
  assert_valid (guide);
  set_repeated (&guide->summary, NV_LANG_EN, "ö", 401);
  assert_invalid (guide, "summary.en");
  nv_text_clear (&guide->summary);

  set_repeated (&step->text, NV_LANG_FI, "å", 1000);
  assert_valid (guide);
  set_repeated (&step->text, NV_LANG_FI, "å", 1001);
  assert_invalid (guide, "steps[0].text.fi");
}

static void
test_step_count (void)
{
  g_autoptr (NvGuide) guide = make_valid_guide ();

  for (guint i = 1; i < 30; i++)
    nv_guide_add_step (guide, "a", NULL, NULL);
  assert_valid (guide);
  nv_guide_add_step (guide, "a", NULL, NULL);
  assert_invalid (guide, "steps");
  g_ptr_array_set_size (guide->steps, 0);
  assert_invalid (guide, "steps");
}

/* A guide filled in C may hold anything; validation still names the field. */
static void
test_invalid_in_c (void)
{
  g_autoptr (NvGuide) guide = make_valid_guide ();
  NvStep *step;

  step = nv_guide_add_step (guide, "b", NULL, NULL);
  nv_guide_add_step (guide, "c", NULL, NULL);
  g_free (step->text.text[NV_LANG_SV]);
  step->text.text[NV_LANG_SV] = g_strdup ("p\xe4\xe4"); /* Latin-1, not UTF-8 */
  assert_invalid (guide, "steps[1].text.sv");
  nv_text_set (&step->text, NV_LANG_SV, "Hej");
  assert_valid (guide);

  step->image = g_strdup ("images/a.png");
  assert_invalid (guide, "steps[1].image");
  g_clear_pointer (&step->image, g_free);

  guide->owner = g_strdup ("\xff");
  assert_invalid (guide, "owner");
  g_clear_pointer (&guide->owner, g_free);

  guide->review_date = g_strdup ("2026-02-29");
  assert_invalid (guide, "review_date");
  g_clear_pointer (&guide->review_date, g_free);

  guide->related_organisations = g_strsplit ("a,b,C", ",", -1);
  assert_invalid (guide, "related_organisations[2]");
  g_clear_pointer (&guide->related_organisations, g_strfreev);

  g_clear_pointer (&guide->category, g_free);
  assert_invalid (guide, "category");
}

/* What a picture shows is said in at most 300 characters a language. */
static void
test_image_alt_length (void)
{
  g_autoptr (NvGuide) guide = nv_guide_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *long_text = g_strnfill (301, 'a');
  NvStep          *step;

  guide->id = g_strdup ("g");
  guide->category = g_strdup ("c");
  nv_text_set (&guide->title, NV_LANG_FI, "T");
  step = nv_guide_add_step (guide, "a", NULL, NULL);
  nv_text_set (&step->image_alt, NV_LANG_SV, long_text);
  g_assert_false (nv_guide_validate (guide, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "steps[0].image_alt.sv");
  g_clear_error (&error);
  long_text[300] = '\0';
  nv_text_set (&step->image_alt, NV_LANG_SV, long_text);
  g_assert_true (nv_guide_validate (guide, &error));
  g_assert_no_error (error);
}

/* A picture's name is the SHA-256 of its bytes; nothing else is one. */
static void
test_image_names (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static ("abc", 3);
  g_autoptr (GBytes) other = g_bytes_new_static ("abd", 3);
  g_autofree char *name = nv_image_name_for_bytes (bytes, "png");
  const char      *invalid[] = {
         NULL,
         "",
         "omaolo-1.png",
         "../ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.png",
         "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD.png",
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.gif",
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.png/",
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a.png",
  };

  g_assert_cmpstr (name, ==,
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.png");
  g_assert_true (nv_image_name_is_valid (name));
  g_assert_true (nv_image_bytes_match (name, bytes));
  g_assert_false (nv_image_bytes_match (name, other));
  g_assert_cmpstr (nv_image_content_type (name), ==, "image/png");
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (nv_image_name_is_valid (invalid[i]));
      g_assert_false (nv_image_bytes_match (invalid[i], bytes));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guide/round-trip", test_round_trip);
  g_test_add_func ("/guide/minimal", test_minimal_writes_only_what_is_set);
  for (guint i = 0; i < G_N_ELEMENTS (bad_guides); i++)
    {
      g_autofree char *path = g_strdup_printf ("/guide/invalid/%s", bad_guides[i].name);

      g_test_add_data_func (path, &bad_guides[i], test_invalid);
    }
  g_test_add_func ("/guide/not-object", test_not_object);
  g_test_add_func ("/guide/lengths", test_lengths);
  g_test_add_func ("/guide/step-line-breaks", test_step_line_breaks);
  g_test_add_func ("/guide/step-count", test_step_count);
  g_test_add_func ("/guide/invalid-in-c", test_invalid_in_c);
  g_test_add_func ("/guide/image-alt-length", test_image_alt_length);
  g_test_add_func ("/guide/image-names", test_image_names);

  return g_test_run ();
}

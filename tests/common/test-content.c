/* test-content.c — bundles, categories, and loading a content directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"
#include "nv-test-util.h"

static char *
fixture_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "common", "fixtures", "content", NULL);
}

/* Categories */

static void
test_category_round_trip (void)
{
  g_autoptr (JsonNode) node = nv_test_parse ("{\"id\": \"health\","
                                             " \"title\": {\"fi\": \"Terveys\", \"sv\": \"Hälsa\"},"
                                             " \"summary\": {\"en\": \"Health\"},"
                                             " \"icon\": \"emblem-favorite-symbolic\","
                                             " \"position\": 3, \"colour\": \"red\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (NvCategory) category = nv_category_from_json (node, &error);
  g_autoptr (NvCategory) again = NULL;
  g_autoptr (NvCategory) copy = NULL;
  g_autoptr (JsonNode) written = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (category->position, ==, 3);
  g_assert_cmpstr (category->icon, ==, "emblem-favorite-symbolic");
  written = nv_category_to_json (category);
  first = nv_json_to_string (written, FALSE);
  g_assert_cmpstr (first, ==,
                   "{\"id\":\"health\",\"title\":{\"fi\":\"Terveys\",\"sv\":\"Hälsa\"},"
                   "\"summary\":{\"en\":\"Health\"},"
                   "\"icon\":\"emblem-favorite-symbolic\",\"position\":3}");
  again = nv_category_from_json (written, &error);
  g_assert_no_error (error);
  second = nv_test_take_string (nv_category_to_json (again));
  g_assert_cmpstr (first, ==, second);

  copy = nv_category_copy (category);
  g_assert_cmpstr (copy->id, ==, category->id);
  g_assert_true (nv_text_equal (&copy->title, &category->title));
  g_assert_true (nv_text_equal (&copy->summary, &category->summary));
  g_assert_cmpstr (copy->icon, ==, category->icon);
  g_assert_cmpint (copy->position, ==, category->position);
}

#define CATEGORY(members) "{\"id\": \"c\", \"title\": {\"fi\": \"C\"}" members "}"

static const NvTestBadCase bad_categories[] = {
  { "id-missing", "{\"title\": {\"fi\": \"C\"}}", "id" },
  { "id-not-string", "{\"id\": 1, \"title\": {\"fi\": \"C\"}}", "id" },
  { "id-pattern", "{\"id\": \"Health\", \"title\": {\"fi\": \"C\"}}", "id" },
  { "title-missing", "{\"id\": \"c\"}", "title.fi" },
  { "title-not-object", "{\"id\": \"c\", \"title\": \"C\"}", "title" },
  { "title-no-finnish", "{\"id\": \"c\", \"title\": {\"en\": \"C\"}}", "title.fi" },
  { "summary-not-string", CATEGORY (", \"summary\": {\"fi\": [1]}"), "summary.fi" },
  { "icon-not-string", CATEGORY (", \"icon\": true"), "icon" },
  { "icon-two-lines", CATEGORY (", \"icon\": \"a\\nb\""), "icon" },
  { "title-two-lines", "{\"id\": \"c\", \"title\": {\"fi\": \"C\\nD\"}}", "title.fi" },
  { "position-fraction", CATEGORY (", \"position\": 1.5"), "position" },
  { "position-string", CATEGORY (", \"position\": \"1\""), "position" },
  { "position-huge", CATEGORY (", \"position\": 10000000000"), "position" },
};

static void
test_category_invalid (gconstpointer data)
{
  const NvTestBadCase *bad = data;
  g_autoptr (JsonNode) node = nv_test_parse (bad->json);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvCategory) category = nv_category_from_json (node, &error);

  g_assert_null (category);
  nv_test_assert_field_error (error, bad->field);
}

static void
test_category_lengths (void)
{
  g_autoptr (NvCategory) category = nv_category_new ();
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  category->id = g_strdup ("c");
  for (int i = 0; i < 120; i++)
    g_string_append (text, "ö");
  nv_text_set (&category->title, NV_LANG_FI, text->str);
  g_assert_true (nv_category_validate (category, &error));
  g_string_append (text, "ö");
  nv_text_set (&category->title, NV_LANG_FI, text->str);
  g_assert_false (nv_category_validate (category, &error));
  nv_test_assert_field_error (error, "title.fi");
  g_clear_error (&error);
  nv_text_set (&category->title, NV_LANG_FI, "C");

  g_string_truncate (text, 0);
  for (int i = 0; i < 401; i++)
    g_string_append (text, "ö");
  nv_text_set (&category->summary, NV_LANG_EN, text->str);
  g_assert_false (nv_category_validate (category, &error));
  nv_test_assert_field_error (error, "summary.en");
  nv_text_clear (&category->summary);
  g_clear_error (&error);

  category->position = 10001;
  g_assert_false (nv_category_validate (category, &error));
  nv_test_assert_field_error (error, "position");
}

/* Bundles */

static NvContent *
load_fixture (void)
{
  g_autofree char *dir = fixture_dir ();
  g_autoptr (GError) error = NULL;
  NvContent *content = nv_content_load_dir (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (content);
  return content;
}

static void
test_load_dir (void)
{
  g_autoptr (NvContent) content = load_fixture ();
  g_autoptr (GError) error = NULL;
  const NvOrganisation *library;

  g_assert_cmpint (content->revision, ==, 0);
  g_assert_cmpint (content->since, ==, 0);
  g_assert_cmpuint (content->categories->len, ==, 3);
  g_assert_cmpuint (content->organisations->len, ==, 3);
  g_assert_cmpuint (content->tombstones->len, ==, 0);
  /* Guides in file name order; README.txt is not a guide. */
  g_assert_cmpuint (content->guides->len, ==, 3);
  g_assert_cmpstr (((NvGuide *) content->guides->pdata[0])->id, ==, "call-112");
  g_assert_cmpstr (((NvGuide *) content->guides->pdata[1])->id, ==, "omaolo");
  g_assert_cmpstr (((NvGuide *) content->guides->pdata[2])->id, ==, "strong-identification");
  g_assert_cmpstr (((NvCategory *) content->categories->pdata[2])->id, ==, "identification");

  /* The file's top-level "sample" marks every organisation, even one saying false. */
  for (guint i = 0; i < content->organisations->len; i++)
    g_assert_true (((NvOrganisation *) content->organisations->pdata[i])->sample);
  library = content->organisations->pdata[0];
  g_assert_nonnull (library->hours);
  g_assert_null (((NvOrganisation *) content->organisations->pdata[1])->hours);

  g_assert_true (nv_content_validate (content, &error));
  g_assert_no_error (error);
}

static void
test_bundle_round_trip (void)
{
  g_autoptr (NvContent) content = load_fixture ();
  g_autoptr (NvContent) again = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  NvTombstone     *tombstone = g_new0 (NvTombstone, 1);
  NvSlot          *slot;

  content->revision = 42;
  content->since = 40;
  tombstone->kind = g_strdup ("guide");
  tombstone->id = g_strdup ("old-guide");
  tombstone->revision = 41;
  g_ptr_array_add (content->tombstones, tombstone);
  slot = nv_slot_new ();
  slot->id = g_strdup ("oulu-2026-12-01-0900");
  slot->organisation
      = g_strdup (((NvOrganisation *) g_ptr_array_index (content->organisations, 0))->id);
  slot->kind = g_strdup ("digital-support");
  slot->starts_at = g_date_time_new_utc (2026, 12, 1, 7, 0, 0);
  slot->duration_minutes = 30;
  slot->capacity = 2;
  g_ptr_array_add (content->slots, slot);
  tombstone = g_new0 (NvTombstone, 1);
  tombstone->kind = g_strdup ("slot");
  tombstone->id = g_strdup ("old-slot");
  tombstone->revision = 41;
  g_ptr_array_add (content->tombstones, tombstone);

  node = nv_content_to_json (content);
  first = nv_json_to_string (node, FALSE);
  g_assert_true (g_str_has_prefix (first, "{\"revision\":42,\"since\":40,\"categories\":["));
  g_assert_nonnull (strstr (first, "\"tombstones\":[{\"kind\":\"guide\",\"id\":\"old-guide\","
                                   "\"revision\":41},{\"kind\":\"slot\",\"id\":\"old-slot\","
                                   "\"revision\":41}]"));
  g_assert_nonnull (strstr (first, "\"slots\":[{\"id\":\"oulu-2026-12-01-0900\""));
  bytes = nv_json_to_bytes (node);
  again = nv_content_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->revision, ==, 42);
  g_assert_cmpint (again->since, ==, 40);
  g_assert_cmpuint (again->guides->len, ==, 3);
  g_assert_cmpuint (again->tombstones->len, ==, 2);
  g_assert_cmpuint (again->slots->len, ==, 1);
  g_assert_cmpuint (((NvSlot *) g_ptr_array_index (again->slots, 0))->capacity, ==, 2);
  second = nv_test_take_string (nv_content_to_json (again));
  g_assert_cmpstr (first, ==, second);
}

static void
test_bundle_empty (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static ("{\"revision\": 3}", 15);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_from_bytes (bytes, &error);
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (content->revision, ==, 3);
  g_assert_cmpuint (content->guides->len, ==, 0);
  written = nv_test_take_string (nv_content_to_json (content));
  g_assert_cmpstr (written, ==,
                   "{\"revision\":3,\"since\":0,\"categories\":[],\"guides\":[],"
                   "\"organisations\":[],\"slots\":[],\"tombstones\":[]}");
}

#define GUIDE_G                                                                                    \
  "{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"G\"},"                               \
  " \"steps\": [{\"text\": {\"fi\": \"s\"}}]}"
#define CATEGORY_C "{\"id\": \"c\", \"title\": {\"fi\": \"C\"}}"
#define SLOT_S                                                                                     \
  "{\"id\": \"s\", \"kind\": \"home-visit\", \"starts_at\": \"2026-12-01T07:00:00Z\","             \
  " \"duration_minutes\": 30, \"capacity\": 2}"

static const NvTestBadCase bad_bundles[] = {
  { "revision-string", "{\"revision\": \"42\"}", "revision" },
  { "revision-negative", "{\"revision\": -1}", "revision" },
  { "since-fraction", "{\"since\": 0.5}", "since" },
  { "categories-not-array", "{\"categories\": {}}", "categories" },
  { "category-invalid", "{\"categories\": [" CATEGORY_C ", {\"id\": \"d\"}]}",
    "categories[1].title.fi" },
  { "guides-not-array", "{\"guides\": \"g\"}", "guides" },
  { "guide-not-object", "{\"categories\": [" CATEGORY_C "], \"guides\": [" GUIDE_G ", 5]}",
    "guides[1]" },
  { "guide-step",
    "{\"guides\": [{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"G\"}, \"steps\":"
    " [{\"text\": {\"fi\": \"s\"}}, {\"text\": {\"en\": \"s\"}}]}]}",
    "guides[0].steps[1].text.fi" },
  { "organisation-hours",
    "{\"organisations\": [{\"id\": \"o\", \"name\": {\"fi\": \"O\"}, \"kind\": \"kela\","
    " \"municipality\": \"564\", \"opening_hours\": {\"weekly\": [{\"day\": 1, \"opens\":"
    " \"09:00\", \"closes\": \"08:00\"}]}}]}",
    "organisations[0].opening_hours.weekly[0].closes" },
  { "tombstones-not-array", "{\"tombstones\": 1}", "tombstones" },
  { "tombstone-kind", "{\"tombstones\": [{\"kind\": \"slots\", \"id\": \"x\", \"revision\": 1}]}",
    "tombstones[0].kind" },
  { "tombstone-id", "{\"tombstones\": [{\"kind\": \"guide\", \"id\": \"X X\", \"revision\": 1}]}",
    "tombstones[0].id" },
  { "tombstone-id-missing", "{\"tombstones\": [{\"kind\": \"guide\", \"revision\": 1}]}",
    "tombstones[0].id" },
  { "tombstone-revision",
    "{\"tombstones\": [{\"kind\": \"guide\", \"id\": \"x\", \"revision\": \"1\"}]}",
    "tombstones[0].revision" },
  { "tombstone-not-object", "{\"tombstones\": [[]]}", "tombstones[0]" },
  { "duplicate-guide", "{\"categories\": [" CATEGORY_C "], \"guides\": [" GUIDE_G ", " GUIDE_G "]}",
    "guides[1].id" },
  { "dangling-category", "{\"guides\": [" GUIDE_G "]}", "guides[0].category" },
  { "slots-not-array", "{\"slots\": {}}", "slots" },
  { "slot-invalid",
    "{\"slots\": [" SLOT_S ", {\"id\": \"t\", \"kind\": \"home-visit\","
    " \"starts_at\": \"2026-12-01T07:00:00Z\", \"duration_minutes\": 3, \"capacity\": 1}]}",
    "slots[1].duration_minutes" },
  { "duplicate-slot", "{\"slots\": [" SLOT_S ", " SLOT_S "]}", "slots[1].id" },
  { "dangling-slot-place",
    "{\"slots\": [{\"id\": \"s\", \"organisation\": \"nowhere\", \"kind\": \"digital-support\","
    " \"starts_at\": \"2026-12-01T07:00:00Z\", \"duration_minutes\": 30, \"capacity\": 1}]}",
    "slots[0].organisation" },
};

static void
test_bundle_invalid (gconstpointer data)
{
  const NvTestBadCase *bad = data;
  g_autoptr (GBytes) bytes = g_bytes_new_static (bad->json, strlen (bad->json));
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_from_bytes (bytes, &error);

  g_assert_null (content);
  nv_test_assert_field_error (error, bad->field);
}

static void
test_bundle_not_json (void)
{
  static const struct
  {
    const char *data;
    int         code;
  } cases[] = {
    { "[1]", NV_ERROR_INVALID },
    { "\"content\"", NV_ERROR_INVALID },
    { "{\"revision\": ", NV_ERROR_PARSE },
    { "", NV_ERROR_PARSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (cases[i].data, strlen (cases[i].data));
      g_autoptr (GError) error = NULL;
      g_autoptr (NvContent) content = nv_content_from_bytes (bytes, &error);

      g_assert_null (content);
      g_assert_error (error, NV_ERROR, cases[i].code);
      g_assert_null (nv_error_get_field (error));
    }
}

/* A bundle built in C, for the reference and uniqueness rules. */
static NvContent *
make_bundle (void)
{
  NvContent      *content = nv_content_new ();
  NvCategory     *category = nv_category_new ();
  NvOrganisation *organisation = nv_organisation_new ();
  NvGuide        *guide = nv_guide_new ();

  category->id = g_strdup ("health");
  nv_text_set (&category->title, NV_LANG_FI, "Terveys");
  g_ptr_array_add (content->categories, category);

  organisation->id = g_strdup ("lib");
  nv_text_set (&organisation->name, NV_LANG_FI, "Kirjasto");
  organisation->kind = g_strdup ("library");
  organisation->municipality = g_strdup ("564");
  g_ptr_array_add (content->organisations, organisation);

  /* The same id in another kind is fine: ids are unique per kind. */
  guide->id = g_strdup ("health");
  guide->category = g_strdup ("health");
  nv_text_set (&guide->title, NV_LANG_FI, "Terveys");
  nv_guide_add_step (guide, "Avaa", NULL, NULL);
  guide->related_organisations = g_strsplit ("lib", ",", -1);
  g_ptr_array_add (content->guides, guide);
  return content;
}

static void
assert_bundle_invalid (const NvContent *content, const char *field)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (nv_content_validate (content, &error));
  nv_test_assert_field_error (error, field);
}

static void
test_validate_references (void)
{
  g_autoptr (NvContent) content = make_bundle ();
  NvGuide *guide = content->guides->pdata[0];

  g_assert_true (nv_content_validate (content, NULL));

  g_free (guide->category);
  guide->category = g_strdup ("missing");
  assert_bundle_invalid (content, "guides[0].category");
  /* A delta may name a category the kiosk already has. */
  content->since = 3;
  g_assert_true (nv_content_validate (content, NULL));
  content->since = 0;
  g_free (guide->category);
  guide->category = g_strdup ("health");

  g_strfreev (guide->related_organisations);
  guide->related_organisations = g_strsplit ("lib,gone", ",", -1);
  assert_bundle_invalid (content, "guides[0].related_organisations[1]");
  content->since = 3;
  g_assert_true (nv_content_validate (content, NULL));
}

static void
count_dropped_cb (const char *kind, const char *id, const GError *error, gpointer user_data)
{
  GString *dropped = user_data;

  g_assert_nonnull (nv_error_get_field (error));
  g_string_append_printf (dropped, "%s %s: %s;", kind, id, nv_error_get_field (error));
}

/* A store that left out a damaged organisation drops what refers to it, and only that,
 * so that the rest of the bundle is still valid. */
static void
test_drop_dangling (void)
{
  g_autoptr (NvContent) content = make_bundle ();
  g_autoptr (GString) dropped = g_string_new (NULL);
  NvGuide *orphan = nv_guide_copy (content->guides->pdata[0]);
  NvSlot  *kept = nv_slot_new ();
  NvSlot  *stranded;

  g_free (orphan->id);
  orphan->id = g_strdup ("orphan");
  g_strfreev (orphan->related_organisations);
  orphan->related_organisations = g_strsplit ("lib,gone", ",", -1);
  g_ptr_array_add (content->guides, orphan);
  kept->id = g_strdup ("kept");
  kept->organisation = g_strdup ("lib");
  kept->kind = g_strdup ("digital-support");
  kept->starts_at = g_date_time_new_utc (2026, 12, 1, 7, 0, 0);
  kept->duration_minutes = 30;
  kept->capacity = 1;
  g_ptr_array_add (content->slots, kept);
  stranded = nv_slot_copy (kept);
  g_free (stranded->id);
  stranded->id = g_strdup ("stranded");
  g_free (stranded->organisation);
  stranded->organisation = g_strdup ("gone");
  g_ptr_array_add (content->slots, stranded);

  /* A delta may refer to what a kiosk already has: nothing is dropped. */
  content->since = 3;
  nv_content_drop_dangling (content, count_dropped_cb, dropped);
  g_assert_cmpstr (dropped->str, ==, "");
  g_assert_cmpuint (content->slots->len, ==, 2);

  content->since = 0;
  nv_content_drop_dangling (content, count_dropped_cb, dropped);
  g_assert_cmpstr (dropped->str, ==,
                   "guide orphan: related_organisations[1];slot stranded: organisation;");
  g_assert_cmpuint (content->guides->len, ==, 1);
  g_assert_cmpstr (((NvGuide *) content->guides->pdata[0])->id, ==, "health");
  g_assert_cmpuint (content->slots->len, ==, 1);
  g_assert_cmpstr (((NvSlot *) content->slots->pdata[0])->id, ==, "kept");
  g_assert_true (nv_content_validate (content, NULL));
}

static void
test_validate_unique (void)
{
  g_autoptr (NvContent) content = make_bundle ();
  NvCategory *category;

  g_ptr_array_add (content->guides, nv_guide_copy (content->guides->pdata[0]));
  assert_bundle_invalid (content, "guides[1].id");
  g_ptr_array_remove_index (content->guides, 1);

  g_ptr_array_add (content->organisations, nv_organisation_copy (content->organisations->pdata[0]));
  assert_bundle_invalid (content, "organisations[1].id");
  g_ptr_array_remove_index (content->organisations, 1);

  category = nv_category_copy (content->categories->pdata[0]);
  g_ptr_array_insert (content->categories, 0, nv_category_copy (category));
  g_free (category->id);
  category->id = g_strdup ("other");
  g_ptr_array_insert (content->categories, 1, category);
  assert_bundle_invalid (content, "categories[2].id");

  /* Uniqueness holds for deltas too. */
  content->since = 7;
  assert_bundle_invalid (content, "categories[2].id");
}

static void
test_validate_items (void)
{
  g_autoptr (NvContent) content = make_bundle ();
  NvOrganisation *organisation = content->organisations->pdata[0];
  NvGuide        *guide = content->guides->pdata[0];

  organisation->phones = g_strsplit ("040 123 4567,abc", ",", -1);
  assert_bundle_invalid (content, "organisations[0].phones[1]");
  g_clear_pointer (&organisation->phones, g_strfreev);

  nv_guide_add_step (guide, NULL, "Öppna", NULL);
  assert_bundle_invalid (content, "guides[0].steps[1].text.fi");
}

/* Loading a directory: each test breaks one thing in a copy of the fixture. */

typedef struct
{
  char *dir;
  char *guides;
} DirFixture;

static void
copy_file (const char *from_dir, const char *to_dir, const char *name)
{
  g_autofree char *from = g_build_filename (from_dir, name, NULL);
  g_autofree char *to = g_build_filename (to_dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, (gssize) length, &error);
  g_assert_no_error (error);
}

static void
dir_fixture_setup (DirFixture *fixture, gconstpointer data)
{
  g_autofree char *source = fixture_dir ();
  g_autofree char *source_guides = g_build_filename (source, "guides", NULL);
  g_autoptr (GDir) dir = NULL;
  const char *name;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->guides = g_build_filename (fixture->dir, "guides", NULL);
  g_assert_cmpint (g_mkdir (fixture->guides, 0700), ==, 0);
  copy_file (source, fixture->dir, "categories.json");
  copy_file (source, fixture->dir, "organisations.json");
  dir = g_dir_open (source_guides, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    copy_file (source_guides, fixture->guides, name);
}

static void
dir_fixture_teardown (DirFixture *fixture, gconstpointer data)
{
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->guides);
}

static void
write_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Loading fails with @code, the message leading with @file, and the field @field. */
static void
assert_load_error (DirFixture *fixture, int code, const char *file, const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_load_dir (fixture->dir, &error);

  g_assert_null (content);
  g_assert_error (error, NV_ERROR, code);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, file))
    g_error ("“%s” does not lead with “%s”", error->message, file);
  g_assert_cmpstr (nv_error_get_field (error), ==, field);
  if (field != NULL)
    {
      g_autofree char *lead = g_strdup_printf ("%s: %s: ", file, field);

      g_assert_true (g_str_has_prefix (error->message, lead));
    }
}

static void
test_load_copy (DirFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_load_dir (fixture->dir, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (content->guides->len, ==, 3);
}

static void
test_load_bad_file_name (DirFixture *fixture, gconstpointer data)
{
  g_autofree char *from = g_build_filename (fixture->guides, "call-112.json", NULL);
  g_autofree char *to = g_build_filename (fixture->guides, "emergency.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;

  g_assert_cmpint (g_rename (from, to), ==, 0);
  assert_load_error (fixture, NV_ERROR_INVALID, "guides/emergency.json", "id");
  content = nv_content_load_dir (fixture->dir, &error);
  g_assert_nonnull (strstr (error->message, "call-112.json"));
}

static void
test_load_bad_json (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->guides, "omaolo.json", "{\n  \"id\": \"omaolo\",\n  \"steps\": [\n}\n");
  assert_load_error (fixture, NV_ERROR_PARSE, "guides/omaolo.json is not valid JSON: line 4", NULL);
}

static void
test_load_not_utf8 (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->dir, "categories.json",
              "{\"categories\": [{\"id\": \"c\","
              " \"title\": {\"fi\": \"Terveys ja sosiaalipalvelut \xe4\"}}]}");
  assert_load_error (fixture, NV_ERROR_PARSE, "categories.json is not valid UTF-8", NULL);
}

static void
test_load_invalid_guide (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->guides, "call-112.json",
              "{\"id\": \"call-112\", \"category\": \"safety\", \"title\": {\"fi\": \"112\"},"
              " \"steps\": [{\"text\": {\"fi\": \"a\"}}, {\"text\": {\"sv\": \"b\"}}]}");
  assert_load_error (fixture, NV_ERROR_INVALID, "guides/call-112.json", "steps[1].text.fi");
}

static void
test_load_dangling_category (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->guides, "call-112.json",
              "{\"id\": \"call-112\", \"category\": \"emergencies\", \"title\": {\"fi\": \"112\"},"
              " \"steps\": [{\"text\": {\"fi\": \"a\"}}]}");
  assert_load_error (fixture, NV_ERROR_INVALID, "guides/call-112.json", "category");
}

static void
test_load_dangling_organisation (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->guides, "call-112.json",
              "{\"id\": \"call-112\", \"category\": \"safety\", \"title\": {\"fi\": \"112\"},"
              " \"steps\": [{\"text\": {\"fi\": \"a\"}}],"
              " \"related_organisations\": [\"oulu-main-library\", \"closed-library\"]}");
  assert_load_error (fixture, NV_ERROR_INVALID, "guides/call-112.json", "related_organisations[1]");
}

static void
test_load_duplicate_organisation (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->dir, "organisations.json",
              "{\"organisations\": ["
              " {\"id\": \"a\", \"name\": {\"fi\": \"A\"}, \"kind\": \"kela\","
              "  \"municipality\": \"564\"},"
              " {\"id\": \"a\", \"name\": {\"fi\": \"B\"}, \"kind\": \"kela\","
              "  \"municipality\": \"678\"}]}");
  assert_load_error (fixture, NV_ERROR_INVALID, "organisations.json", "organisations[1].id");
}

static void
test_load_duplicate_category (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->dir, "categories.json",
              "{\"categories\": [{\"id\": \"safety\", \"title\": {\"fi\": \"A\"}},"
              " {\"id\": \"health\", \"title\": {\"fi\": \"B\"}},"
              " {\"id\": \"safety\", \"title\": {\"fi\": \"C\"}}]}");
  assert_load_error (fixture, NV_ERROR_INVALID, "categories.json", "categories[2].id");
}

static void
test_load_invalid_organisation (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->dir, "organisations.json",
              "{\"sample\": true,"
              " \"organisations\": [{\"id\": \"o\", \"name\": {\"fi\": \"O\"}}]}");
  assert_load_error (fixture, NV_ERROR_INVALID, "organisations.json", "organisations[0].kind");
  write_file (fixture->dir, "organisations.json", "{\"sample\": \"yes\", \"organisations\": []}");
  assert_load_error (fixture, NV_ERROR_INVALID, "organisations.json", "sample");
}

static void
test_load_missing_member (DirFixture *fixture, gconstpointer data)
{
  write_file (fixture->dir, "organisations.json", "{\"sample\": true, \"orgs\": []}");
  assert_load_error (fixture, NV_ERROR_INVALID, "organisations.json", "organisations");
  write_file (fixture->dir, "categories.json", "[]");
  assert_load_error (fixture, NV_ERROR_PARSE,
                     "categories.json must hold a JSON object with a “categories” array", NULL);
}

static void
test_load_missing_files (DirFixture *fixture, gconstpointer data)
{
  g_autofree char *categories = g_build_filename (fixture->dir, "categories.json", NULL);

  nv_test_rm_rf (fixture->guides);
  assert_load_error (fixture, NV_ERROR_IO, "guides/", NULL);
  g_assert_cmpint (g_remove (categories), ==, 0);
  assert_load_error (fixture, NV_ERROR_IO, "categories.json cannot be read", NULL);
}

/* The default guides as a resident meets them: categories in their order, each one's
 * guides in theirs. */
static int
compare_in_kiosk_order (gconstpointer a, gconstpointer b, gpointer user_data)
{
  GHashTable    *category_positions = user_data;
  const NvGuide *ga = *(NvGuide *const *) a;
  const NvGuide *gb = *(NvGuide *const *) b;
  int            ca = GPOINTER_TO_INT (g_hash_table_lookup (category_positions, ga->category));
  int            cb = GPOINTER_TO_INT (g_hash_table_lookup (category_positions, gb->category));

  if (ca != cb)
    return ca < cb ? -1 : 1;
  return ga->position < gb->position ? -1 : ga->position > gb->position;
}

/* Ordered by what residents need most, not alphabetically: every default guide has its
 * own place in its category, calling for help comes first, identification before the
 * services that ask for it, and the first five guides a resident meets each have a
 * picture. */
static void
test_default_content_order (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_autoptr (GHashTable) category_positions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) guides = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < content->categories->len; i++)
    {
      const NvCategory *category = g_ptr_array_index (content->categories, i);

      g_hash_table_insert (category_positions, category->id, GINT_TO_POINTER (category->position));
    }
  /* The same guides, borrowed: the content frees them. */
  guides = g_ptr_array_copy (content->guides, NULL, NULL);
  g_ptr_array_set_free_func (guides, NULL);
  g_ptr_array_sort_with_data (guides, compare_in_kiosk_order, category_positions);
  for (guint i = 0; i < guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (guides, i);
      char          *place = g_strdup_printf ("%s %d", guide->category, guide->position);

      g_test_message ("%u. %s (%s)", i + 1, guide->id, place);
      g_assert_cmpint (guide->position, >, 0);
      g_assert_false (g_hash_table_contains (places, place));
      g_hash_table_add (places, place);
    }
  g_assert_cmpstr (((NvGuide *) guides->pdata[0])->id, ==, "116117-or-112");
  for (guint i = 0; i < 5; i++)
    {
      const NvGuide *guide = g_ptr_array_index (guides, i);
      gboolean       pictured = FALSE;

      for (guint s = 0; s < guide->steps->len; s++)
        pictured = pictured || ((NvStep *) guide->steps->pdata[s])->image != NULL;
      g_test_message ("%s has a picture: %s", guide->id, pictured ? "yes" : "no");
      g_assert_true (pictured);
    }
  for (guint i = 0; i < guides->len; i++)
    if (g_str_equal (((NvGuide *) guides->pdata[i])->category, "identification"))
      {
        g_assert_cmpstr (((NvGuide *) guides->pdata[i])->id, ==, "strong-identification");
        break;
      }
}

/* Words a resident may not know are explained in the guide that uses them, in every
 * language: in the health and identification guides, the ones residents need first,
 * each guide that names one of these also says what it is. Bank codes are named in the
 * safety and keeping-in-touch guides too ("never send your bank codes"): every guide
 * that names them says what they are, in the step that first names them. */
static void
test_default_content_jargon (void)
{
  static const struct
  {
    NvLang      lang;
    const char *used;       /* the word, as it appears inflected (a regex) */
    const char *explained;  /* how the guide says what it is (a regex) */
    gboolean    everywhere; /* in every guide, where first used; or in health and identification */
  } words[] = {
    { NV_LANG_FI, "pankkitunnu", "Pankkitunnukset ovat|Pankkitunnuksilla kirjaudut", TRUE },
    { NV_LANG_FI, "mobiilivarmen", "Mobiilivarmenne on", FALSE },
    { NV_LANG_FI, "[Ss]ovellu", "Sovellus on", FALSE },
    { NV_LANG_FI, "[Ll]inkki", "Linkki (on|vie)", FALSE },
    { NV_LANG_FI, "[Tt]unnistau", "Tunnistautuminen tarkoittaa|vahvaksi tunnistautumiseksi",
      FALSE },
    { NV_LANG_SV, "nätbankskod", "Nätbankskoderna är", TRUE },
    { NV_LANG_SV, "mobilcertifikat", "[Mm]obilcertifikat är", FALSE },
    { NV_LANG_SV, "[Ll]änk", "[Ll]änk (är|tar)", FALSE },
    { NV_LANG_EN, "bank codes", "bank codes are", TRUE },
    { NV_LANG_EN, "mobile certificate", "mobile certificate is", FALSE },
    { NV_LANG_EN, "\\blink\\b", "link (is|takes)", FALSE },
    { NV_LANG_FI_PLAIN, "pankkitunnu", "Pankkitunnuksilla kirjaudut|Pankkitunnukset ovat", TRUE },
    { NV_LANG_FI_PLAIN, "mobiilivarmen", "Mobiilivarmenne on", FALSE },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_autoptr (GString) unexplained = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);
      gboolean       first_needed = g_str_equal (guide->category, "health")
                              || g_str_equal (guide->category, "identification");

      for (guint w = 0; w < G_N_ELEMENTS (words); w++)
        {
          gboolean used = FALSE, explained = FALSE;

          if (!words[w].everywhere && !first_needed)
            continue;
          for (guint s = 0; s < guide->steps->len; s++)
            {
              const char *text = ((NvStep *) guide->steps->pdata[s])->text.text[words[w].lang];
              gboolean    used_here = g_regex_match_simple (words[w].used, text, 0, 0);

              /* Where first used, for the words checked everywhere. */
              if (words[w].everywhere && used)
                continue;
              used = used || used_here;
              explained = explained || g_regex_match_simple (words[w].explained, text, 0, 0);
            }
          if (used && !explained)
            g_string_append_printf (unexplained, "\n%s (%s): %s", guide->id,
                                    nv_lang_to_code (words[w].lang), words[w].used);
        }
    }
  if (unexplained->len > 0)
    g_error ("used but not explained:%s", unexplained->str);
}

/* The default content the backend seeds itself with: enough, and in every language,
 * plain Finnish included. */
static void
test_default_content (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_autoptr (GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) municipalities = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_true (nv_content_validate (content, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (content->guides->len, >=, 12);
  for (guint i = 0; i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);

      g_test_message ("guide %s", guide->id);
      g_hash_table_add (categories, guide->category);
      g_assert_cmpuint (guide->steps->len, >=, 3);
      g_assert_cmpuint (guide->steps->len, <=, 8);
      for (NvLang lang = 0; lang < NV_N_LANGS; lang++)
        {
          g_assert_nonnull (guide->title.text[lang]);
          g_assert_cmpstr (guide->title.text[lang], !=, "");
          for (guint s = 0; s < guide->steps->len; s++)
            {
              const NvStep *step = g_ptr_array_index (guide->steps, s);

              g_assert_nonnull (step->text.text[lang]);
              g_assert_cmpstr (step->text.text[lang], !=, "");
            }
        }
    }
  g_assert_cmpuint (g_hash_table_size (categories), >=, 4);

  g_assert_cmpuint (content->organisations->len, >=, 40);
  for (guint i = 0; i < content->organisations->len; i++)
    {
      const NvOrganisation *organisation = g_ptr_array_index (content->organisations, i);

      g_test_message ("organisation %s", organisation->id);
      g_assert_true (organisation->sample);
      g_assert_nonnull (nv_municipality_lookup (organisation->municipality));
      g_hash_table_add (municipalities, organisation->municipality);
    }
  g_assert_cmpuint (g_hash_table_size (municipalities), >=, 8);
}

#define ADD_DIR_TEST(path, func)                                                                   \
  g_test_add (path, DirFixture, NULL, dir_fixture_setup, func, dir_fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/category/round-trip", test_category_round_trip);
  for (guint i = 0; i < G_N_ELEMENTS (bad_categories); i++)
    {
      g_autofree char *path = g_strdup_printf ("/category/invalid/%s", bad_categories[i].name);

      g_test_add_data_func (path, &bad_categories[i], test_category_invalid);
    }
  g_test_add_func ("/category/lengths", test_category_lengths);

  g_test_add_func ("/content/load-dir", test_load_dir);
  g_test_add_func ("/content/bundle/round-trip", test_bundle_round_trip);
  g_test_add_func ("/content/bundle/empty", test_bundle_empty);
  for (guint i = 0; i < G_N_ELEMENTS (bad_bundles); i++)
    {
      g_autofree char *path = g_strdup_printf ("/content/bundle/invalid/%s", bad_bundles[i].name);

      g_test_add_data_func (path, &bad_bundles[i], test_bundle_invalid);
    }
  g_test_add_func ("/content/bundle/not-json", test_bundle_not_json);
  g_test_add_func ("/content/validate/references", test_validate_references);
  g_test_add_func ("/content/drop-dangling", test_drop_dangling);
  g_test_add_func ("/content/validate/unique", test_validate_unique);
  g_test_add_func ("/content/validate/items", test_validate_items);

  ADD_DIR_TEST ("/content/load/copy", test_load_copy);
  ADD_DIR_TEST ("/content/load/bad-file-name", test_load_bad_file_name);
  ADD_DIR_TEST ("/content/load/bad-json", test_load_bad_json);
  ADD_DIR_TEST ("/content/load/not-utf8", test_load_not_utf8);
  ADD_DIR_TEST ("/content/load/invalid-guide", test_load_invalid_guide);
  ADD_DIR_TEST ("/content/load/dangling-category", test_load_dangling_category);
  ADD_DIR_TEST ("/content/load/dangling-organisation", test_load_dangling_organisation);
  ADD_DIR_TEST ("/content/load/duplicate-organisation", test_load_duplicate_organisation);
  ADD_DIR_TEST ("/content/load/duplicate-category", test_load_duplicate_category);
  ADD_DIR_TEST ("/content/load/invalid-organisation", test_load_invalid_organisation);
  ADD_DIR_TEST ("/content/load/missing-member", test_load_missing_member);
  ADD_DIR_TEST ("/content/load/missing-files", test_load_missing_files);

  g_test_add_func ("/content/default", test_default_content);
  g_test_add_func ("/content/default-order", test_default_content_order);
  g_test_add_func ("/content/default-jargon", test_default_content_jargon);

  return g_test_run ();
}

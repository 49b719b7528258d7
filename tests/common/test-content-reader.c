/* test-content-reader.c — a bundle read record by record, as a kiosk receives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"
#include "nv-content-reader.h"
#include "nv-test-log.h"
#include "nv-test-util.h"

/* The default content as the server sends it: every kind, a tombstone and settings. */
static GBytes *
default_bundle_bytes (gint64 since)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) config = nv_test_parse ("{\"version\": 1, \"settings\": "
                                               "{\"idle-timeout\": 120}}");
  NvTombstone *tombstone = g_new0 (NvTombstone, 1);

  g_assert_no_error (error);
  content->revision = 42;
  content->since = since;
  tombstone->kind = g_strdup ("guide");
  tombstone->id = g_strdup ("old-guide");
  tombstone->revision = 40;
  g_ptr_array_add (content->tombstones, tombstone);
  content->config = nv_kiosk_config_from_json (config, &error);
  g_assert_no_error (error);
  node = nv_content_to_json (content);
  return nv_json_to_bytes (node);
}

/* Feeds @bytes in pieces of @piece bytes; the bundle, or NULL with @error. */
static NvContent *
read_in_pieces (GBytes *bytes, gsize piece, GError **error)
{
  g_autoptr (NvContentReader) reader = nv_content_reader_new ();
  gsize       size;
  const char *data = g_bytes_get_data (bytes, &size);

  for (gsize at = 0; at < size; at += piece)
    if (!nv_content_reader_feed (reader, data + at, MIN (piece, size - at), error))
      return NULL;
  return nv_content_reader_finish (reader, error);
}

static char *
content_text (const NvContent *content)
{
  return nv_test_take_string (nv_content_to_json (content));
}

/* Whatever the pieces, the bundle read is the one the tree reader makes. */
static void
test_same_as_tree (void)
{
  static const gsize pieces[] = { 1, 7, 4096, 65536, G_MAXSIZE / 2 };
  g_autoptr (GBytes) bytes = default_bundle_bytes (0);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) expected = nv_content_from_bytes (bytes, &error);
  g_autofree char *expected_text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (expected->organisations->len, >, 10);
  g_assert_nonnull (expected->config);
  expected_text = content_text (expected);
  for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
    {
      g_autoptr (NvContent) content = read_in_pieces (bytes, pieces[i], &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = content_text (content);
      g_assert_cmpstr (text, ==, expected_text);
      g_assert_cmpint (content->revision, ==, 42);
      g_assert_cmpuint (content->tombstones->len, ==, 1);
    }
}

#define ORG(id, extra)                                                                             \
  "{\"id\": \"" id "\", \"name\": {\"fi\": \"Paikka\"}, \"kind\": \"library\", "                   \
  "\"municipality\": \"564\"" extra "}"

/* A record that is JSON but not a valid item is left out, logged by its id; the rest
 * of the bundle is kept. */
static void
test_bad_record_skipped (void)
{
  static const char json[]
      = "{\"revision\": 3, \"since\": 2, \"organisations\": [" ORG ("first", "") ", " ORG (
          "broken",
          ", \"kind\": \"spaceship\"") ", " ORG ("first",
                                                 "") ", 17, " ORG ("last",
                                                                   "") "], \"tombstones\": "
                                                                       "[{\"kind\": \"nothing\", "
                                                                       "\"id\": \"x\", "
                                                                       "\"revision\": 1}]}";
  g_autoptr (GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;

  nv_test_log_capture ();
  content = read_in_pieces (bytes, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (content->revision, ==, 3);
  g_assert_cmpuint (content->organisations->len, ==, 2);
  g_assert_cmpstr (((NvOrganisation *) content->organisations->pdata[0])->id, ==, "first");
  g_assert_cmpstr (((NvOrganisation *) content->organisations->pdata[1])->id, ==, "last");
  g_assert_cmpuint (content->tombstones->len, ==, 0);
  g_assert_cmpuint (nv_test_log_count ("*organisation “broken”*organisations[1].kind*"), ==, 1);
  g_assert_cmpuint (nv_test_log_count ("*organisation “first”*organisations[2].id*twice*"), ==, 1);
  g_assert_cmpuint (nv_test_log_count ("*organisation organisations[3]*"), ==, 1);
  g_assert_cmpuint (nv_test_log_count ("*tombstone*tombstones[0].kind*"), ==, 1);
  g_assert_true (nv_content_validate (content, NULL));
}

#define HOURS_FROM(source, checked_at)                                                             \
  ", \"source\": \"ptv\", \"part_sources\": [{\"part\": \"opening_hours\", \"source\": \"" source  \
  "\", \"checked_at\": \"" checked_at "\"}]"

/* A part's own source and day reach the kiosk as the tree reader reads them; a record
 * whose part source is not valid is left out, logged with the field. */
static void
test_part_sources (void)
{
  static const char good[] = "{\"revision\": 3, \"since\": 2, \"organisations\": [" ORG (
      "library", HOURS_FROM ("kirjastot", "2026-12-05T07:30:00.000Z")) "]}";
  static const char json[] = "{\"revision\": 3, \"since\": 2, \"organisations\": [" ORG (
      "library",
      HOURS_FROM (
          "kirjastot",
          "2026-12-05T07:30:00.000Z")) ", " ORG ("bad-day",
                                                 HOURS_FROM (
                                                     "kirjastot",
                                                     "5.12.2026")) ", " ORG ("bad-source",
                                                                             HOURS_FROM (
                                                                                 "Kirjastot.fi",
                                                                                 "2026-12-05T07:30:"
                                                                                 "00.000Z")) "]}";
  g_autoptr (GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr (GBytes) good_bytes = g_bytes_new_static (good, strlen (good));
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autoptr (NvContent) tree = NULL;
  g_autofree char      *text = NULL;
  g_autofree char      *tree_text = NULL;
  const NvOrganisation *library;
  const NvPartSource   *part;

  nv_test_log_capture ();
  content = read_in_pieces (bytes, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (content->organisations->len, ==, 1);
  library = g_ptr_array_index (content->organisations, 0);
  part = g_ptr_array_index (library->part_sources, 0);
  g_assert_cmpstr (part->part, ==, "opening_hours");
  g_assert_cmpstr (part->source, ==, "kirjastot");
  g_assert_cmpint (g_date_time_to_unix (part->checked_at), ==, 1796455800);
  g_assert_cmpuint (
      nv_test_log_count ("*organisation “bad-day”*organisations[1].part_sources[0].checked_at*"),
      ==, 1);
  g_assert_cmpuint (
      nv_test_log_count ("*organisation “bad-source”*organisations[2].part_sources[0].source*"), ==,
      1);

  /* The same as the json-glib codec reads the good record. */
  tree = nv_content_from_bytes (good_bytes, &error);
  g_assert_no_error (error);
  text = content_text (content);
  tree_text = content_text (tree);
  g_assert_cmpstr (text, ==, tree_text);
}

/* A full bundle drops what refers to an item it left out, as the server does. */
static void
test_dangling_dropped (void)
{
  static const char json[]
      = "{\"revision\": 3, \"since\": 0, \"categories\": [{\"id\": \"c\", \"title\": 5}],"
        " \"guides\": [{\"id\": \"g\", \"category\": \"c\", \"title\": {\"fi\": \"Opas\"},"
        " \"steps\": [{\"text\": {\"fi\": \"Tee näin\"}}]}], \"organisations\": []}";
  g_autoptr (GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;

  nv_test_log_capture ();
  content = read_in_pieces (bytes, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (content->categories->len, ==, 0);
  g_assert_cmpuint (content->guides->len, ==, 0);
  g_assert_cmpuint (nv_test_log_count ("*guide “g”*category*"), ==, 1);
  g_assert_true (nv_content_validate (content, NULL));
}

/* Cut anywhere, a bundle is refused: it never looks whole. */
static void
test_truncated (void)
{
  g_autoptr (GBytes) bytes = default_bundle_bytes (0);
  gsize       size;
  const char *data = g_bytes_get_data (bytes, &size);

  for (gsize cut = 0; cut < size; cut += 1 + cut / 3)
    {
      g_autoptr (GBytes) part = g_bytes_new_static (data, cut);
      g_autoptr (GError) error = NULL;
      g_autoptr (NvContent) content = read_in_pieces (part, 4096, &error);

      g_assert_null (content);
      g_assert_error (error, NV_ERROR, NV_ERROR_PARSE);
    }
}

/* A string that never ends is refused once it passes a record's size, wherever it is:
 * the reader does not buffer it on and on. */
static void
test_huge_string (void)
{
  static const char *const heads[] = {
    "{\"organisations\": [{\"id\": \"big\", \"name\": {\"fi\": \"",
    "{\"organisations\": [\"",
    "{\"unknown\": \"",
    "{\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autoptr (NvContentReader) reader = nv_content_reader_new ();
      g_autoptr (GError) error = NULL;
      g_autofree char *piece = g_strnfill (65536, 'a');
      gsize            fed = 0;

      g_assert_true (nv_content_reader_feed (reader, heads[i], strlen (heads[i]), &error));
      while (nv_content_reader_feed (reader, piece, 65536, &error))
        {
          fed += 65536;
          g_assert_cmpuint (fed, <=, NV_CONTENT_MAX_RECORD_SIZE + 65536);
        }
      g_assert_error (error, NV_ERROR, NV_ERROR_TOO_LARGE);
      g_assert_null (nv_content_reader_finish (reader, NULL));
    }
}

/* A record of many small members is bounded the same way. */
static void
test_huge_record (void)
{
  g_autoptr (GString) json = g_string_new ("{\"organisations\": [{\"id\": \"big\", \"x\": [");
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;

  while (json->len < NV_CONTENT_MAX_RECORD_SIZE + 1000)
    g_string_append (json, "\"abcdefghijklmnop\",");
  g_string_append (json, "1]}]}");
  bytes = g_string_free_to_bytes (g_steal_pointer (&json));
  content = read_in_pieces (bytes, 65536, &error);
  g_assert_null (content);
  g_assert_error (error, NV_ERROR, NV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "organisations[0]"));
}

/* Text that is not a strict JSON bundle is refused whole, with a sentence. */
static void
test_not_a_bundle (void)
{
  static const struct
  {
    const char *data;
    int         code;
    const char *field;
  } cases[] = {
    { "[1]", NV_ERROR_PARSE, NULL },
    { "\"content\"", NV_ERROR_PARSE, NULL },
    { "{\"revision\": ", NV_ERROR_PARSE, NULL },
    { "", NV_ERROR_PARSE, NULL },
    { "{} {}", NV_ERROR_PARSE, NULL },
    { "{\"revision\": 1,}", NV_ERROR_PARSE, NULL },
    { "{'revision': 1}", NV_ERROR_PARSE, NULL },
    { "{\"revision\": 0x10}", NV_ERROR_PARSE, NULL },
    { "{\"organisations\": [\"a\\u0000b\"]}", NV_ERROR_PARSE, NULL },
    { "{\"organisations\": [\"\xff\"]}", NV_ERROR_PARSE, NULL },
    { "{\"organisations\": {}}", NV_ERROR_INVALID, "organisations" },
    { "{\"guides\": 3}", NV_ERROR_INVALID, "guides" },
    { "{\"revision\": \"3\"}", NV_ERROR_INVALID, "revision" },
    { "{\"since\": -1}", NV_ERROR_INVALID, "since" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (cases[i].data, strlen (cases[i].data));
      g_autoptr (GError) error = NULL;
      g_autoptr (NvContent) content = read_in_pieces (bytes, 2, &error);

      g_assert_null (content);
      g_assert_error (error, NV_ERROR, cases[i].code);
      g_assert_cmpstr (nv_error_get_field (error), ==, cases[i].field);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  /* Nesting deeper than any content is refused before it costs a stack. */
  {
    g_autoptr (GString) deep = g_string_new ("{\"organisations\": [");
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (NvContent) content = NULL;

    for (guint i = 0; i < 100; i++)
      g_string_append_c (deep, '[');
    bytes = g_string_free_to_bytes (g_steal_pointer (&deep));
    content = read_in_pieces (bytes, 4096, &error);
    g_assert_error (error, NV_ERROR, NV_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "deep"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/content-reader/same-as-tree", test_same_as_tree);
  g_test_add_func ("/content-reader/bad-record-skipped", test_bad_record_skipped);
  g_test_add_func ("/content-reader/part-sources", test_part_sources);
  g_test_add_func ("/content-reader/dangling-dropped", test_dangling_dropped);
  g_test_add_func ("/content-reader/truncated", test_truncated);
  g_test_add_func ("/content-reader/huge-string", test_huge_string);
  g_test_add_func ("/content-reader/huge-record", test_huge_record);
  g_test_add_func ("/content-reader/not-a-bundle", test_not_a_bundle);
  return g_test_run ();
}

/* test-json.c — parsing untrusted JSON, typed member readers, shared validators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"
#include "nv-json-private.h"
#include "nv-opening-hours.h"
#include "nv-test-util.h"

static JsonNode *
parse_data (const char *data, gsize size, gsize max_size, GError **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);

  return nv_json_parse_bytes (bytes, max_size, error);
}

static void
test_parse_valid (void)
{
  static const char json[] = "{\"a\": [1, 2.5, \"kolme\", true, null], \"ä\": {\"b\": \"c\"}}";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = parse_data (json, strlen (json), strlen (json), &error);
  g_autoptr (JsonNode) spaced = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *pretty = NULL;

  /* Exactly the limit is accepted. */
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  /* White space after the value is fine (comments are not: /json/parse/strict). */
  spaced = parse_data ("{\"a\": 1} \r\n\t\n", 13, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (spaced);

  compact = nv_json_to_string (node, FALSE);
  g_assert_cmpstr (compact, ==, "{\"a\":[1,2.5,\"kolme\",true,null],\"ä\":{\"b\":\"c\"}}");
  pretty = nv_json_to_string (node, TRUE);
  g_assert_nonnull (strchr (pretty, '\n'));

  bytes = nv_json_to_bytes (node);
  again = nv_json_parse_bytes (bytes, 0, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, again));
}

static void
assert_parse_error (const char *data, gsize size, gsize max_size, int code, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = parse_data (data, size, max_size, &error);

  g_assert_null (node);
  g_assert_error (error, NV_ERROR, code);
  g_assert_null (nv_error_get_field (error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
test_parse_empty (void)
{
  assert_parse_error ("", 0, 0, NV_ERROR_PARSE, "The body is empty");
  assert_parse_error (" \n\t ", 4, 0, NV_ERROR_PARSE, "white space");
}

/* Found by fuzz-json-* (docs/fuzzing.md): a body is not NUL-terminated, and the white
 * space check read on past its end, into whatever followed, here more white space. */
static void
test_parse_white_space_unterminated (void)
{
  static const char spaces[] = "      ";
  g_autoptr (GBytes) bytes = g_bytes_new_static (spaces, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = nv_json_parse_bytes (bytes, 0, &error);

  g_assert_null (node);
  g_assert_error (error, NV_ERROR, NV_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "only white space"));
}

static void
test_parse_too_large (void)
{
  static const char json[] = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";

  assert_parse_error (json, strlen (json), strlen (json) - 1, NV_ERROR_TOO_LARGE,
                      "The body is 31 bytes; at most 30 bytes are accepted");
}

static void
test_parse_nul (void)
{
  static const char json[] = "{\"a\":\0 1}";

  assert_parse_error (json, sizeof json - 1, 0, NV_ERROR_PARSE,
                      "The body contains a NUL byte (at byte 5)");
}

static void
test_parse_invalid_utf8 (void)
{
  /* Latin-1 "ä", an overlong encoding of "/", and a lone UTF-16 surrogate. */
  static const char latin1[] = "{\"a\": \"p\xe4\xe4\"}";
  static const char overlong[] = "[\"\xc0\xaf\"]";
  static const char surrogate[] = "[\"\xed\xa0\x80\"]";

  assert_parse_error (latin1, strlen (latin1), 0, NV_ERROR_PARSE,
                      "The body is not valid UTF-8 (at byte 8)");
  assert_parse_error (overlong, strlen (overlong), 0, NV_ERROR_PARSE, "not valid UTF-8");
  assert_parse_error (surrogate, strlen (surrogate), 0, NV_ERROR_PARSE, "not valid UTF-8");
}

static void
test_parse_malformed (void)
{
  static const char *cases[] = {
    "{\"a\": 1", "{\n  \"a\": x\n}", "[1, 2,]", "{\"a\" 1}", "1 2", "\"unterminated", "{\"a\": 1}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_parse_error (cases[i], strlen (cases[i]), 0, NV_ERROR_PARSE,
                        "The body is not valid JSON: line ");
  /* json-glib would keep the first of two values and drop the second without a word. */
  assert_parse_error ("{\"revision\": 1} {\"revision\": 2}", 31, 0, NV_ERROR_PARSE,
                      "line 1, column 17: more follows the end of its value");
  assert_parse_error ("[1]\n[2]", 7, 0, NV_ERROR_PARSE, "line 2, column 1");
  /* json-glib's position, told as a person reads it. */
  assert_parse_error (cases[1], strlen (cases[1]), 0, NV_ERROR_PARSE, "line 2, column 8");
}

/* json-glib quotes the text it stumbled on cut to a number of bytes: a cut inside a
 * character must not make the refusal's sentence invalid UTF-8 (found by fuzz-json-event:
 * a member name of three-byte characters, then vertical tabs). */
static void
test_parse_error_utf8 (void)
{
  g_autoptr (GString) text = g_string_new ("{\"n");
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    g_string_append (text, "\\ue94Aap");
  g_string_append (text, "\"\v\v\v:null}");
  bytes = g_bytes_new (text->str, text->len);
  node = nv_json_parse_bytes (bytes, 0, &error);
  g_assert_null (node);
  g_assert_error (error, NV_ERROR, NV_ERROR_PARSE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* What json-glib alone would take, and must not: its readings were silently wrong. */
static void
test_parse_strict (void)
{
  static const struct
  {
    const char *json;
    const char *expected;
  } cases[] = {
    { "{'events': []}", "line 1, column 2: lexical error: invalid char" },
    { "/* c */ {\"events\": []}", "line 1, column 1: lexical error: probable comment found" },
    { "{\"events\": [] // c\n}", "probable comment found" },
    { "{\"n\": 0x10}", "line 1, column 8" },
    { "{\"n\": 010}", "not valid JSON" },
    { "[NaN]", "not valid JSON" },
    { "[+1]", "not valid JSON" },
    { "[\"tab\there\"]", "not valid JSON" },
    { "{\"name\": \"Aino\\u0000<script>\"}", "holds the character U+0000" },
    { "{\"a\\u0000b\": 1}", "holds the character U+0000" },
    /* Found by fuzz-json-* (docs/fuzzing.md): json-glib made a member name of bytes that
     * are not UTF-8, and the error naming that member echoed them. */
    { "{\"\\ud800fi\": 1}", "line 1, column 3: a string holds half of a UTF-16 surrogate" },
    { "[\"a\\uD800\"]", "line 1, column 4: a string holds half" },
    { "[\"\\udc00\"]", "line 1, column 3: a string holds half" },
    { "[\"\\ud800\\u0041\"]", "line 1, column 3: a string holds half" },
    { "[\"\\udc00\\ud800\"]", "line 1, column 3: a string holds half" },
    { "[\"\\ud800\", \"\\udc00\"]", "line 1, column 3: a string holds half" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_parse_error (cases[i].json, strlen (cases[i].json), 0, NV_ERROR_PARSE,
                        cases[i].expected);
  /* What strict JSON does allow still reads: escapes, exponents, deep-enough nesting. */
  {
    static const char ok[]
        = "{\"a\": \"\\u00e4\\n\\\"\", \"n\": -1.5e3, \"b\": [[[]]], \"c\": null,"
          " \"\\\\ud800\": \"\\ud83d\\ude00\"}";
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = parse_data (ok, strlen (ok), 0, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a"), ==, "ä\n\"");
    /* A pair is one character; an escaped backslash before "ud800" is no escape. */
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "\\ud800"), ==,
                     "😀");
  }
}

static void
test_parse_deep (void)
{
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GString) in_string = g_string_new ("[\"");
  g_autoptr (GString) sixty_four = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  /* Deep enough to run json-glib's recursive parser out of stack: refused first. */
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  assert_parse_error (deep->str, deep->len, 0, NV_ERROR_PARSE, "deeper than 64 levels");

  /* Brackets inside strings are text, not nesting. */
  for (int i = 0; i < 1000; i++)
    g_string_append (in_string, "[{");
  g_string_append (in_string, "\\\"]\"]");
  node = parse_data (in_string->str, in_string->len, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  /* 64 levels are fine, 65 are not. */
  for (int i = 0; i < 64; i++)
    g_string_append_c (sixty_four, '[');
  for (int i = 0; i < 64; i++)
    g_string_append_c (sixty_four, ']');
  node = parse_data (sixty_four->str, sixty_four->len, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  g_string_prepend_c (sixty_four, '[');
  g_string_append_c (sixty_four, ']');
  assert_parse_error (sixty_four->str, sixty_four->len, 0, NV_ERROR_PARSE, "deeper");
}

static void
test_parse_file (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  g_assert_true (g_file_set_contents (good, "{\"ok\": true}", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{\"ok\": tru}", -1, NULL));

  node = nv_json_parse_file (good, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));

  g_assert_null (nv_json_parse_file (bad, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, bad));
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_clear_error (&error);

  g_assert_null (nv_json_parse_file (missing, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* The loader's variant names the file as the caller shows it. */
  g_assert_null (nv_json_parse_file_named (bad, "guides/bad.json", 0, &error));
  g_assert_true (g_str_has_prefix (error->message, "guides/bad.json is not valid JSON"));
  g_clear_error (&error);
  g_assert_null (nv_json_parse_file_named (good, "good.json", 4, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "good.json is 12 bytes"));

  nv_test_rm_rf (dir);
}

/* The typed readers: the wrong JSON type is an error naming the member, never a crash. */
static void
test_read_types (void)
{
  g_autoptr (JsonNode) node = nv_test_parse (
      "{\"s\": \"text\", \"n\": 5, \"f\": 2.0, \"half\": 1.5, \"huge\": 1e400, \"b\": true,"
      " \"a\": [\"x\", \"y\"], \"mixed\": [\"x\", 1], \"empty\": [], \"o\": {}, \"null\": null,"
      " \"t\": \"2026-11-22T10:15:00+02:00\", \"local\": \"2026-11-22T10:15:00\","
      " \"y49\": \"0049-12-10T08:00:00.000Z\", \"y1999\": \"1999-12-31T23:59:59Z\","
      " \"y2101\": \"2101-01-01T00:00:00+02:00\", \"last\": \"2100-12-31T23:59:59Z\"}");
  static const char *out_of_range[] = { "y49", "y1999", "y2101" };
  JsonObject        *object = json_node_get_object (node);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) strv = NULL;
  g_autofree char *string = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *utc = NULL;
  JsonArray       *array = NULL;
  gboolean         boolean = FALSE;
  gint64           number = 0;

  g_assert_true (nv_json_read_string (object, "s", TRUE, &string, &error));
  g_assert_cmpstr (string, ==, "text");
  g_clear_pointer (&string, g_free);
  g_assert_true (nv_json_read_string (object, "null", FALSE, &string, &error));
  g_assert_null (string);
  g_assert_true (nv_json_read_string (object, "absent", FALSE, &string, &error));
  g_assert_null (string);
  g_assert_false (nv_json_read_string (object, "absent", TRUE, &string, &error));
  nv_test_assert_field_error (error, "absent");
  g_clear_error (&error);
  g_assert_false (nv_json_read_string (object, "n", FALSE, &string, &error));
  nv_test_assert_field_error (error, "n");
  g_clear_error (&error);
  g_assert_false (nv_json_read_string (object, "o", FALSE, &string, &error));
  nv_test_assert_field_error (error, "o");
  g_clear_error (&error);

  g_assert_true (nv_json_read_int (object, "n", 0, 10, -1, &number, &error));
  g_assert_cmpint (number, ==, 5);
  g_assert_true (nv_json_read_int (object, "f", 0, 10, -1, &number, &error));
  g_assert_cmpint (number, ==, 2);
  g_assert_true (nv_json_read_int (object, "absent", 0, 10, -1, &number, &error));
  g_assert_cmpint (number, ==, -1);
  g_assert_false (nv_json_read_int (object, "n", 0, 4, -1, &number, &error));
  nv_test_assert_field_error (error, "n");
  g_clear_error (&error);
  g_assert_false (nv_json_read_int (object, "half", 0, 4, -1, &number, &error));
  nv_test_assert_field_error (error, "half");
  g_clear_error (&error);
  g_assert_false (nv_json_read_int (object, "huge", 0, G_MAXINT64, -1, &number, &error));
  nv_test_assert_field_error (error, "huge");
  g_clear_error (&error);
  g_assert_false (nv_json_read_int (object, "s", 0, 4, -1, &number, &error));
  nv_test_assert_field_error (error, "s");
  g_clear_error (&error);

  g_assert_true (nv_json_read_bool (object, "b", FALSE, &boolean, &error));
  g_assert_true (boolean);
  g_assert_false (nv_json_read_bool (object, "n", FALSE, &boolean, &error));
  nv_test_assert_field_error (error, "n");
  g_clear_error (&error);

  g_assert_true (nv_json_read_strv (object, "a", &strv, &error));
  g_assert_cmpstrv (strv, ((const char *const[]){ "x", "y", NULL }));
  g_clear_pointer (&strv, g_strfreev);
  g_assert_true (nv_json_read_strv (object, "empty", &strv, &error));
  g_assert_null (strv);
  g_assert_false (nv_json_read_strv (object, "mixed", &strv, &error));
  nv_test_assert_field_error (error, "mixed[1]");
  g_assert_null (strv);
  g_clear_error (&error);
  g_assert_false (nv_json_read_strv (object, "s", &strv, &error));
  nv_test_assert_field_error (error, "s");
  g_clear_error (&error);

  g_assert_true (nv_json_read_array (object, "a", &array, &error));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_true (nv_json_read_array (object, "null", &array, &error));
  g_assert_null (array);
  g_assert_false (nv_json_read_array (object, "o", &array, &error));
  nv_test_assert_field_error (error, "o");
  g_clear_error (&error);

  g_assert_true (nv_json_read_time (object, "t", TRUE, &time, &error));
  utc = nv_format_time_utc (time);
  g_assert_cmpstr (utc, ==, "2026-11-22T08:15:00.000Z");
  g_clear_pointer (&time, g_date_time_unref);
  g_assert_false (nv_json_read_time (object, "local", TRUE, &time, &error));
  nv_test_assert_field_error (error, "local");
  g_assert_null (time);
  g_clear_error (&error);
  /* An advisor's "49" for 2049 never gets in, nor does anything outside 2000–2100. */
  for (guint i = 0; i < G_N_ELEMENTS (out_of_range); i++)
    {
      g_assert_false (nv_json_read_time (object, out_of_range[i], TRUE, &time, &error));
      nv_test_assert_field_error (error, out_of_range[i]);
      g_assert_nonnull (strstr (error->message, "in the years 2000 to 2100"));
      g_assert_null (time);
      g_clear_error (&error);
    }
  g_assert_true (nv_json_read_time (object, "last", TRUE, &time, &error));
  g_clear_pointer (&time, g_date_time_unref);

  g_assert_null (nv_json_expect_object (
      json_array_get_element (json_object_get_array_member (object, "a"), 0), "a guide", &error));
  nv_test_assert_field_error (error, NULL);
  g_assert_cmpstr (error->message, ==, "Must be a JSON object (a guide)");
}

/* Written at a fixed width, so that text order is time order: the year 49 is "0049". */
static void
test_format_time (void)
{
  g_autoptr (GDateTime) early = g_date_time_new_utc (49, 12, 10, 8, 0, 0.25);
  g_autoptr (GDateTime) local = g_date_time_new (nv_helsinki_tz (), 2026, 7, 1, 0, 30, 1.5);
  g_autofree char *early_text = nv_format_time_utc (early);
  g_autofree char *local_text = nv_format_time_utc (local);

  g_assert_cmpstr (early_text, ==, "0049-12-10T08:00:00.250Z");
  g_assert_cmpstr (local_text, ==, "2026-06-30T21:30:01.500Z");
}

/* A date in its own zone, as fixed-width as a time: "0049-12-10", where %Y wrote "49". */
static void
test_format_date (void)
{
  g_autoptr (GDateTime) early = g_date_time_new_utc (49, 12, 10, 8, 0, 0);
  g_autoptr (GDateTime) local = g_date_time_new (nv_helsinki_tz (), 2026, 7, 1, 0, 30, 0);
  g_autofree char *early_text = nv_format_date (early);
  g_autofree char *local_text = nv_format_date (local);

  g_assert_cmpstr (early_text, ==, "0049-12-10");
  g_assert_cmpstr (local_text, ==, "2026-07-01");
  g_assert_true (nv_validate_date (early_text, "date", NULL));
}

static void
test_validate_id (void)
{
  g_autofree char   *longest = g_strnfill (64, 'a');
  g_autofree char   *too_long = g_strnfill (65, 'a');
  static const char *bad[] = { "", "Omaolo", "oma olo", "oma_olo", "ömaolo", "oma/olo", "a.b" };
  g_autoptr (GError) error = NULL;

  g_assert_true (nv_validate_id ("omaolo-2", "id", &error));
  g_assert_true (nv_validate_id ("116117-or-112", "id", &error));
  g_assert_true (nv_validate_id (longest, "id", &error));
  g_assert_no_error (error);
  g_assert_false (nv_validate_id (too_long, "id", &error));
  nv_test_assert_field_error (error, "id");
  g_clear_error (&error);
  g_assert_false (nv_validate_id (NULL, "guides[0].id", &error));
  nv_test_assert_field_error (error, "guides[0].id");
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (nv_validate_id (bad[i], "category", &error));
      nv_test_assert_field_error (error, "category");
      g_clear_error (&error);
    }
}

static void
test_validate_date (void)
{
  static const char *good[] = { "2026-01-01", "2028-02-29", "2027-12-31", "2000-02-29" };
  static const char *bad[]
      = { "2027-02-29",  "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
          "1900-02-29",  "0000-01-01", "2026-1-01",  "26-01-01",   " 026-01-01", "+026-01-01",
          "2026-01-01x", "2026/01/01", "31.12.2026", "",           "2026-01-0a" };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (nv_validate_date (good[i], "review_date", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (nv_validate_date (bad[i], "review_date", &error));
      nv_test_assert_field_error (error, "review_date");
      g_clear_error (&error);
    }
  g_assert_false (nv_validate_date (NULL, "review_date", &error));
  nv_test_assert_field_error (error, "review_date");
}

static void
test_validate_strings (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) long_text = g_string_new (NULL);
  NvText text = { { NULL } };

  /* Counted in characters: ten two-byte "ä" fit in ten. */
  for (int i = 0; i < 10; i++)
    g_string_append (long_text, "ä");
  g_assert_true (nv_validate_plain_string (long_text->str, "owner", 10, TRUE, &error));
  g_string_append (long_text, "a");
  g_assert_false (nv_validate_plain_string (long_text->str, "owner", 10, TRUE, &error));
  nv_test_assert_field_error (error, "owner");
  g_clear_error (&error);

  g_assert_false (nv_validate_plain_string (NULL, "owner", 10, TRUE, &error));
  nv_test_assert_field_error (error, "owner");
  g_clear_error (&error);
  g_assert_true (nv_validate_plain_string (NULL, "owner", 10, FALSE, &error));

  /* Structs filled in C are checked for UTF-8 too. */
  g_assert_false (nv_validate_plain_string ("p\xe4\xe4", "owner", 10, TRUE, &error));
  nv_test_assert_field_error (error, "owner");
  g_clear_error (&error);
  g_assert_false (nv_validate_plain_string ("bell\a", "owner", 10, TRUE, &error));
  nv_test_assert_field_error (error, "owner");
  g_clear_error (&error);

  /* Paragraphs in text, never in a one-line value. */
  g_assert_true (nv_validate_plain_string ("one\ntwo", "owner", 10, TRUE, &error));
  g_assert_false (nv_validate_line ("one\ntwo", "phones[0]", 10, TRUE, &error));
  nv_test_assert_field_error (error, "phones[0]");
  g_clear_error (&error);
  g_assert_false (nv_validate_line ("one\xe2\x80\xa8two", "phones[0]", 10, TRUE, &error));
  nv_test_assert_field_error (error, "phones[0]");
  g_clear_error (&error);

  nv_text_set (&text, NV_LANG_SV, "Hej");
  g_assert_false (nv_validate_text (&text, "title", 10, TRUE, &error));
  nv_test_assert_field_error (error, "title.fi");
  g_clear_error (&error);
  g_assert_true (nv_validate_text (&text, "summary", 10, FALSE, &error));
  nv_text_set (&text, NV_LANG_FI, "Hei");
  nv_text_set (&text, NV_LANG_EN, "Hello, hello");
  g_assert_false (nv_validate_text (&text, "title", 10, TRUE, &error));
  nv_test_assert_field_error (error, "title.en");
  nv_text_clear (&text);
}

static void
test_strv_equal (void)
{
  const char *empty[] = { NULL };
  const char *ab[] = { "a", "b", NULL };
  const char *ab2[] = { "a", "b", NULL };
  const char *a[] = { "a", NULL };

  g_assert_true (nv_strv_equal0 (NULL, NULL));
  g_assert_true (nv_strv_equal0 (NULL, empty));
  g_assert_true (nv_strv_equal0 (empty, NULL));
  g_assert_true (nv_strv_equal0 (ab, ab2));
  g_assert_false (nv_strv_equal0 (ab, a));
  g_assert_false (nv_strv_equal0 (NULL, a));
  g_assert_false (nv_strv_equal0 (a, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/parse/valid", test_parse_valid);
  g_test_add_func ("/json/parse/empty", test_parse_empty);
  g_test_add_func ("/json/parse/white-space-unterminated", test_parse_white_space_unterminated);
  g_test_add_func ("/json/parse/too-large", test_parse_too_large);
  g_test_add_func ("/json/parse/nul", test_parse_nul);
  g_test_add_func ("/json/parse/invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/json/parse/malformed", test_parse_malformed);
  g_test_add_func ("/json/parse/deep", test_parse_deep);
  g_test_add_func ("/json/parse/strict", test_parse_strict);
  g_test_add_func ("/json/format-time", test_format_time);
  g_test_add_func ("/json/format-date", test_format_date);
  g_test_add_func ("/json/parse/file", test_parse_file);
  g_test_add_func ("/json/read-types", test_read_types);
  g_test_add_func ("/json/validate/id", test_validate_id);
  g_test_add_func ("/json/validate/date", test_validate_date);
  g_test_add_func ("/json/validate/strings", test_validate_strings);
  g_test_add_func ("/json/strv-equal", test_strv_equal);
  g_test_add_func ("/json/parse/error-utf8", test_parse_error_utf8);

  return g_test_run ();
}

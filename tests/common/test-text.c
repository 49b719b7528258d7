/* test-text.c — languages and text in several of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"

static void
test_lang_codes (void)
{
  NvLang lang = NV_LANG_EN;

  for (NvLang l = 0; l < NV_N_LANGS; l++)
    {
      g_assert_true (nv_lang_from_code (nv_lang_to_code (l), &lang));
      g_assert_cmpint (lang, ==, l);
    }
  g_assert_cmpstr (nv_lang_to_code (NV_LANG_FI), ==, "fi");
  g_assert_cmpstr (nv_lang_to_code (NV_LANG_SV), ==, "sv");
  g_assert_cmpstr (nv_lang_to_code (NV_LANG_EN), ==, "en");
  g_assert_false (nv_lang_from_code ("de", &lang));
  g_assert_false (nv_lang_from_code ("FI", NULL));
  g_assert_false (nv_lang_from_code ("", NULL));
  g_assert_false (nv_lang_from_code (NULL, NULL));
  g_assert_cmpint (NV_LANG_DEFAULT, ==, NV_LANG_FI);
}

static void
test_fallback (void)
{
  NvText   text = { { NULL } };
  gboolean fell_back = FALSE;

  nv_text_set (&text, NV_LANG_FI, "Hei");
  nv_text_set (&text, NV_LANG_EN, "Hello");
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_EN, &fell_back), ==, "Hello");
  g_assert_false (fell_back);
  /* Missing in Swedish: Finnish, and the kiosk is told so it can say so. */
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_SV, &fell_back), ==, "Hei");
  g_assert_true (fell_back);
  /* An empty string is no text at all. */
  nv_text_set (&text, NV_LANG_FI, "");
  g_assert_null (text.text[NV_LANG_FI]);
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_SV, &fell_back), ==, "Hello");
  g_assert_true (fell_back);
  nv_text_clear (&text);
  g_assert_true (nv_text_is_empty (&text));
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_FI, &fell_back), ==, "");
  g_assert_true (fell_back);
}

static void
test_copy_equal (void)
{
  NvText a = { { NULL } };
  NvText b = { { NULL } };

  nv_text_set (&a, NV_LANG_FI, "Kirjasto");
  nv_text_set (&a, NV_LANG_SV, "Bibliotek");
  g_assert_false (nv_text_equal (&a, &b));
  nv_text_copy (&b, &a);
  g_assert_true (nv_text_equal (&a, &b));
  g_assert_true (a.text[NV_LANG_FI] != b.text[NV_LANG_FI]);
  nv_text_set (&b, NV_LANG_EN, "Library");
  g_assert_false (nv_text_equal (&a, &b));
  /* Copying over a text replaces every language. */
  nv_text_copy (&b, &a);
  g_assert_null (b.text[NV_LANG_EN]);
  nv_text_clear (&a);
  nv_text_clear (&b);
}

static void
test_json_round_trip (void)
{
  g_autoptr (JsonNode) node = nv_test_parse ("{\"fi\": \"Omaolo-palvelun käyttö\", "
                                             "\"sv\": \"Att använda Omaolo\", \"en\": null}");
  g_autoptr (GError) error = NULL;
  g_autofree char *written = NULL;
  NvText           text = { { NULL } };
  NvText           again = { { NULL } };

  g_assert_true (nv_text_from_json (&text, node, "title", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text.text[NV_LANG_FI], ==, "Omaolo-palvelun käyttö");
  g_assert_null (text.text[NV_LANG_EN]);

  written = nv_test_take_string (nv_text_to_json (&text));
  g_assert_cmpstr (written, ==,
                   "{\"fi\":\"Omaolo-palvelun käyttö\",\"sv\":\"Att använda Omaolo\"}");
  g_clear_pointer (&node, json_node_unref);
  node = nv_test_parse (written);
  g_assert_true (nv_text_from_json (&again, node, "title", &error));
  g_assert_true (nv_text_equal (&text, &again));
  nv_text_clear (&text);
  nv_text_clear (&again);
}

static void
test_json_empty (void)
{
  g_autoptr (JsonNode) null_node = json_node_new (JSON_NODE_NULL);
  g_autoptr (JsonNode) empty_strings = nv_test_parse ("{\"fi\": \"\", \"sv\": \"\"}");
  g_autoptr (GError) error = NULL;
  g_autofree char *written = NULL;
  NvText           text = { { NULL } };

  nv_text_set (&text, NV_LANG_FI, "stale");
  g_assert_true (nv_text_from_json (&text, NULL, "summary", &error));
  g_assert_true (nv_text_is_empty (&text));
  g_assert_true (nv_text_from_json (&text, null_node, "summary", &error));
  g_assert_true (nv_text_is_empty (&text));
  g_assert_true (nv_text_from_json (&text, empty_strings, "summary", &error));
  g_assert_true (nv_text_is_empty (&text));
  g_assert_no_error (error);

  written = nv_test_take_string (nv_text_to_json (&text));
  g_assert_cmpstr (written, ==, "{}");
}

static void
test_json_bad (void)
{
  static const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { "\"Hei\"", "title" },
    { "[\"Hei\"]", "title" },
    { "{\"fi\": \"Hei\", \"de\": \"Hallo\"}", "title" },
    { "{\"fi\": 5}", "title.fi" },
    { "{\"fi\": \"Hei\", \"sv\": {\"text\": \"Hej\"}}", "title.sv" },
    { "{\"en\": [\"Hello\"]}", "title.en" },
    { "{\"fi\": true}", "title.fi" },
    { "{\"fi\": \"Hei\", \"fi-x-selko\": 5}", "title.fi-x-selko" },
    { "{\"fi\": \"Hei\", \"fi-selko\": \"Hei\"}", "title" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) node = nv_test_parse (cases[i].json);
      g_autoptr (GError) error = NULL;
      NvText text = { { NULL } };

      g_test_message ("%s", cases[i].json);
      g_assert_false (nv_text_from_json (&text, node, "title", &error));
      nv_test_assert_field_error (error, cases[i].field);
      /* Nothing half-read is left behind. */
      g_assert_true (nv_text_is_empty (&text));
    }
}

/* Plain Finnish: its own code, written and read like the others, Finnish where missing. */
static void
test_plain_finnish (void)
{
  g_autoptr (JsonNode) node = nv_test_parse ("{\"fi\": \"Tunnistautuminen\", "
                                             "\"fi-x-selko\": \"Kerro, kuka olet\"}");
  g_autoptr (GError) error = NULL;
  g_autofree char *written = NULL;
  NvText           text = { { NULL } };
  NvLang           lang = NV_LANG_FI;
  gboolean         fell_back = TRUE;

  g_assert_true (nv_lang_from_code ("fi-x-selko", &lang));
  g_assert_cmpint (lang, ==, NV_LANG_FI_PLAIN);
  g_assert_cmpstr (nv_lang_to_code (NV_LANG_FI_PLAIN), ==, "fi-x-selko");
  g_assert_false (nv_lang_from_code ("fi-selko", NULL));
  g_assert_false (nv_lang_from_code ("fi-x-SELKO", NULL));
  g_assert_cmpint (nv_lang_base (NV_LANG_FI_PLAIN), ==, NV_LANG_FI);
  g_assert_cmpint (nv_lang_base (NV_LANG_SV), ==, NV_LANG_SV);

  g_assert_true (nv_text_from_json (&text, node, "title", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_FI_PLAIN, &fell_back), ==, "Kerro, kuka olet");
  g_assert_false (fell_back);
  written = nv_test_take_string (nv_text_to_json (&text));
  g_assert_cmpstr (written, ==,
                   "{\"fi\":\"Tunnistautuminen\",\"fi-x-selko\":\"Kerro, kuka olet\"}");

  /* Missing in plain Finnish: the Finnish text, and the kiosk is told. */
  nv_text_set (&text, NV_LANG_FI_PLAIN, NULL);
  g_assert_cmpstr (nv_text_get (&text, NV_LANG_FI_PLAIN, &fell_back), ==, "Tunnistautuminen");
  g_assert_true (fell_back);
  nv_text_clear (&text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/lang-codes", test_lang_codes);
  g_test_add_func ("/text/fallback", test_fallback);
  g_test_add_func ("/text/copy-equal", test_copy_equal);
  g_test_add_func ("/text/json-round-trip", test_json_round_trip);
  g_test_add_func ("/text/json-empty", test_json_empty);
  g_test_add_func ("/text/json-bad", test_json_bad);
  g_test_add_func ("/text/plain-finnish", test_plain_finnish);

  return g_test_run ();
}

/* test-kiosk-config.c — the settings a server gives kiosks, and the content's "config"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"
#include "nv-kiosk-config.h"
#include "nv-test-log.h"

static NvKioskConfig *
parse_config (const char *json)
{
  g_autoptr (JsonNode) node = nv_test_parse (json);
  g_autoptr (GError) error = NULL;
  NvKioskConfig *config = nv_kiosk_config_from_json (node, &error);

  g_assert_no_error (error);
  return config;
}

static void
test_round_trip (void)
{
  g_autoptr (NvKioskConfig) config
      = parse_config ("{\"version\": 1, \"settings\": {\"qr-base-url\": \"https://nv.example.fi/\","
                      " \"idle-timeout\": 90, \"default-language\": \"sv\"}}");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (nv_kiosk_config_validate (config, &error));
  g_assert_no_error (error);
  /* Written in name order, so equal settings are equal text (the server's cache key). */
  text = nv_test_take_string (nv_kiosk_config_to_json (config));
  g_assert_cmpstr (text, ==,
                   "{\"version\":1,\"settings\":{\"default-language\":\"sv\",\"idle-timeout\":90,"
                   "\"qr-base-url\":\"https://nv.example.fi/\"}}");
}

static const NvTestBadCase bad_configs[] = {
  { "unknown", "{\"version\": 1, \"settings\": {\"colour\": \"red\"}}", "settings.colour" },
  { "too-short", "{\"version\": 1, \"settings\": {\"idle-timeout\": 5}}", "settings.idle-timeout" },
  { "too-long", "{\"version\": 1, \"settings\": {\"idle-warning\": 301}}",
    "settings.idle-warning" },
  { "fraction", "{\"version\": 1, \"settings\": {\"idle-timeout\": 90.5}}",
    "settings.idle-timeout" },
  { "text-for-number", "{\"version\": 1, \"settings\": {\"idle-timeout\": \"90\"}}",
    "settings.idle-timeout" },
  { "null", "{\"version\": 1, \"settings\": {\"idle-timeout\": null}}", "settings.idle-timeout" },
  { "language", "{\"version\": 1, \"settings\": {\"default-language\": \"de\"}}",
    "settings.default-language" },
  { "not-a-url", "{\"version\": 1, \"settings\": {\"qr-base-url\": \"javascript:alert(1)\"}}",
    "settings.qr-base-url" },
  { "url-no-host", "{\"version\": 1, \"settings\": {\"qr-base-url\": \"https://\"}}",
    "settings.qr-base-url" },
  { "url-line-break", "{\"version\": 1, \"settings\": {\"qr-base-url\": \"https://a.fi/\\n\"}}",
    "settings.qr-base-url" },
  { "version", "{\"version\": 2, \"settings\": {}}", "version" },
};

static void
test_bad (gconstpointer data)
{
  const NvTestBadCase *bad = data;
  g_autoptr (NvKioskConfig) config = parse_config (bad->json);
  g_autoptr (GError) error = NULL;

  g_assert_false (nv_kiosk_config_validate (config, &error));
  nv_test_assert_field_error (error, bad->field);
}

/* The shape is checked when read: a kiosk needs a version and an object of settings. */
static void
test_bad_shape (void)
{
  const char *shapes[][2] = {
    { "[]", "" },
    { "{\"settings\": {}}", "version" },
    { "{\"version\": 1}", "settings" },
    { "{\"version\": 1, \"settings\": []}", "settings" },
    { "{\"version\": \"1\", \"settings\": {}}", "version" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr (JsonNode) node = nv_test_parse (shapes[i][0]);
      g_autoptr (GError) error = NULL;

      g_assert_null (nv_kiosk_config_from_json (node, &error));
      nv_test_assert_field_error (error, shapes[i][1][0] != '\0' ? shapes[i][1] : NULL);
    }
}

/* What the command line takes, typed as a person types it. */
static void
test_parse_text (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) number = nv_kiosk_setting_parse ("idle-timeout", "90", &error);
  g_autoptr (JsonNode) url = NULL;
  g_autoptr (JsonNode) bad = NULL;
  g_autoptr (JsonNode) unknown = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (number), ==, 90);
  url = nv_kiosk_setting_parse ("qr-base-url", "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (url), ==, "");
  bad = nv_kiosk_setting_parse ("idle-timeout", "ninety", &error);
  g_assert_null (bad);
  nv_test_assert_field_error (error, "idle-timeout");
  g_clear_error (&error);
  unknown = nv_kiosk_setting_parse ("colour", "red", &error);
  g_assert_null (unknown);
  nv_test_assert_field_error (error, "colour");
}

#define BUNDLE(config) "{\"revision\": 3, \"since\": 2, \"tombstones\": []" config "}"

/* A bundle brings its settings; an old kiosk ignores the member, and a kiosk that
 * cannot read it keeps the content and its own settings. */
static void
test_content_member (void)
{
  g_autoptr (JsonNode) node = nv_test_parse (BUNDLE (
      ", \"config\": {\"version\": 1, \"settings\": {\"idle-timeout\": 45, \"future\": 1}}"));
  g_autoptr (JsonNode) broken = nv_test_parse (BUNDLE (", \"config\": {\"version\": 1}"));
  g_autoptr (JsonNode) none = nv_test_parse (BUNDLE (""));
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_from_json (node, &error);
  g_autoptr (NvContent) kept = NULL;
  g_autoptr (NvContent) without = NULL;
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (content->config);
  /* Unknown settings reach the kiosk, which skips them one by one. */
  g_assert_cmpuint (json_object_get_size (content->config->settings), ==, 2);
  written = nv_test_take_string (nv_content_to_json (content));
  g_assert_nonnull (strstr (written, "\"config\":{\"version\":1,\"settings\":{\"future\":1,"
                                     "\"idle-timeout\":45}}"));

  nv_test_log_capture ();
  kept = nv_content_from_json (broken, &error);
  g_assert_cmpuint (nv_test_log_count ("*settings*unusable (config.settings: *"), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (kept->revision, ==, 3);
  g_assert_null (kept->config);

  without = nv_content_from_json (none, &error);
  g_assert_no_error (error);
  g_assert_null (without->config);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk-config/round-trip", test_round_trip);
  for (guint i = 0; i < G_N_ELEMENTS (bad_configs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kiosk-config/bad/%s", bad_configs[i].name);

      g_test_add_data_func (path, &bad_configs[i], test_bad);
    }
  g_test_add_func ("/kiosk-config/bad-shape", test_bad_shape);
  g_test_add_func ("/kiosk-config/parse-text", test_parse_text);
  g_test_add_func ("/kiosk-config/content-member", test_content_member);
  return g_test_run ();
}

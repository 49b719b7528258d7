/* test-server-settings.c — settings an admin gives kiosks, over real HTTP: who may set
 * them, which win, how they reach a kiosk with the content, and bad input refused with
 * the setting named and nothing lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-test-cli.h"
#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-private.h"

#define ADMIN_PASSWORD "admin-password-1"
#define ADVISOR_PASSWORD "advisor-password-1"

typedef struct
{
  NvTestHttpServer server;
  SoupSession     *session;
  char            *oulu_id; /* a kiosk in Oulu (564) */
  char            *oulu_token;
  char            *ii_token; /* a kiosk in Ii (139) */
  NvTestStaff     *admin;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ii_id = NULL;

  server_store_use_cheap_password_hashing ();
  nv_test_http_server_start (&fixture->server, NULL);
  fixture->session = soup_session_new ();
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Oulu", "564", &fixture->oulu_id,
                                         &fixture->oulu_token, &error));
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Ii", "139", &ii_id,
                                         &fixture->ii_token, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "admin", SERVER_ROLE_ADMIN,
                                        ADMIN_PASSWORD, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "aino", SERVER_ROLE_ADVISOR,
                                        ADVISOR_PASSWORD, &error));
  g_assert_no_error (error);
  fixture->admin = nv_test_staff_login (fixture->server.url, "admin", ADMIN_PASSWORD);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->admin, nv_test_staff_free);
  g_clear_object (&fixture->session);
  nv_test_http_server_stop (&fixture->server);
  g_free (fixture->oulu_id);
  g_free (fixture->oulu_token);
  g_free (fixture->ii_token);
}

/* GET /api/v1/kiosk/content as the kiosk with @token, since @since, with @etag in
 * If-None-Match (may be NULL). The answer's settings, or NULL for 304; its ETag through
 * @out_etag (may be NULL). */
static char *
kiosk_settings (
    Fixture *fixture, const char *token, gint64 since, const char *etag, char **out_etag)
{
  g_autofree char *url = g_strdup_printf ("%sapi/v1/kiosk/content?since=%" G_GINT64_FORMAT,
                                          fixture->server.url, since);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;

  soup_message_headers_replace (headers, "Authorization", authorization);
  if (etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", etag);
  body = nv_test_http_send (fixture->session, msg, 10000);
  if (out_etag != NULL)
    *out_etag
        = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));
  if (soup_message_get_status (msg) == SOUP_STATUS_NOT_MODIFIED)
    return NULL;
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  content = nv_content_from_bytes (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (content->config);
  g_assert_cmpint (content->config->version, ==, NV_KIOSK_CONFIG_VERSION);
  {
    g_autoptr (JsonNode) settings = json_node_init_object (json_node_alloc (), NULL);
    g_autoptr (JsonNode) whole = nv_kiosk_config_to_json (content->config);

    json_node_set_object (settings,
                          json_object_get_object_member (json_node_get_object (whole), "settings"));
    return nv_json_to_string (settings, FALSE);
  }
}

/* The admin's POST of @body; returns the status, and the error's field through @field. */
static guint
post_settings (Fixture *fixture, NvTestStaff *staff, const char *body, char **field)
{
  g_autoptr (GBytes) answer = NULL;
  guint status = nv_test_staff_send (staff != NULL ? staff : fixture->admin, "POST",
                                     "/api/v1/staff/kiosk-settings", body, &answer, NULL);

  if (field != NULL)
    {
      g_autofree char *text
          = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
      g_autoptr (JsonNode) node = json_from_string (text, NULL);

      *field = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                   ? g_strdup (json_object_get_string_member_with_default (
                       json_node_get_object (node), "field", NULL))
                   : NULL;
    }
  return status;
}

static void
set_settings (Fixture *fixture, const char *body)
{
  g_assert_cmpuint (post_settings (fixture, NULL, body, NULL), ==, SOUP_STATUS_OK);
}

/* Every kiosk's, a municipality's and a kiosk's own: the nearer wins, setting by setting,
 * and each kiosk gets its own in a full bundle (kept per settings) and in a delta. */
static void
test_precedence (Fixture *fixture, gconstpointer data)
{
  g_autofree char *body = NULL;
  g_autofree char *oulu = NULL;
  g_autofree char *ii = NULL;
  g_autofree char *oulu_again = NULL;
  g_autofree char *ii_again = NULL;
  g_autofree char *oulu_delta = NULL;
  g_autoptr (JsonNode) list = NULL;
  JsonArray *rows;

  set_settings (fixture, "{\"scope\": \"all\", \"settings\": {\"idle-timeout\": 100,"
                         " \"default-language\": \"sv\"}}");
  set_settings (fixture, "{\"scope\": \"municipality\", \"target\": \"564\","
                         " \"settings\": {\"idle-timeout\": 200}}");
  body = g_strdup_printf ("{\"scope\": \"kiosk\", \"target\": \"%s\", \"settings\":"
                          " {\"qr-base-url\": \"https://oulu.example.fi/\"}}",
                          fixture->oulu_id);
  set_settings (fixture, body);

  oulu = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, NULL);
  ii = kiosk_settings (fixture, fixture->ii_token, 0, NULL, NULL);
  g_assert_cmpstr (oulu, ==,
                   "{\"default-language\":\"sv\",\"idle-timeout\":200,"
                   "\"qr-base-url\":\"https://oulu.example.fi/\"}");
  g_assert_cmpstr (ii, ==, "{\"default-language\":\"sv\",\"idle-timeout\":100}");
  /* Again, from the bundles kept: each its own. */
  oulu_again = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, NULL);
  ii_again = kiosk_settings (fixture, fixture->ii_token, 0, NULL, NULL);
  g_assert_cmpstr (oulu_again, ==, oulu);
  g_assert_cmpstr (ii_again, ==, ii);
  oulu_delta = kiosk_settings (fixture, fixture->oulu_token, 1, NULL, NULL);
  g_assert_cmpstr (oulu_delta, ==, oulu);

  list = nv_test_staff_call (fixture->admin, "GET", "/api/v1/staff/kiosk-settings", NULL,
                             SOUP_STATUS_OK);
  rows = json_object_get_array_member (json_node_get_object (list), "settings");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "name"),
                   ==, "default-language");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (rows, 3), "updated_by"), ==,
      "admin");
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (list), "known")),
      >=, 4);
}

/* A change is a new revision: a kiosk whose ETag said it was up to date fetches again and
 * gets the setting; removing it gives it an empty set, so it returns to its own. */
static void
test_change_reaches_kiosk (Fixture *fixture, gconstpointer data)
{
  g_autofree char *etag = NULL;
  g_autofree char *first = NULL;
  g_autofree char *set = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *new_etag = NULL;
  g_autofree char *latest_etag = NULL;
  gint64           revision = server_store_get_revision (fixture->server.store);

  first = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, &etag);
  g_assert_cmpstr (first, ==, "{}");
  g_assert_null (kiosk_settings (fixture, fixture->oulu_token, revision, etag, NULL));

  set_settings (fixture, "{\"scope\": \"municipality\", \"target\": \"564\","
                         " \"settings\": {\"idle-warning\": 45}}");
  g_assert_cmpint (server_store_get_revision (fixture->server.store), ==, revision + 1);
  set = kiosk_settings (fixture, fixture->oulu_token, revision, etag, &new_etag);
  g_assert_cmpstr (set, ==, "{\"idle-warning\":45}");
  g_assert_cmpstr (new_etag, !=, etag);

  set_settings (fixture, "{\"scope\": \"municipality\", \"target\": \"564\","
                         " \"settings\": {\"idle-warning\": null}}");
  removed = kiosk_settings (fixture, fixture->oulu_token, revision + 1, new_etag, &latest_etag);
  g_assert_cmpstr (removed, ==, "{}");
  g_assert_cmpstr (latest_etag, !=, new_etag);
}

typedef struct
{
  const char *body;
  guint       status;
  const char *field;
} BadCase;

/* Each refused with the field named; afterwards nothing is stored and no revision made. */
static void
test_refused (Fixture *fixture, gconstpointer data)
{
  g_autofree char *huge = NULL;
  const BadCase    cases[] = {
       { "{\"scope\": \"all\", \"settings\": {\"idle-timeout\": 5}}", 422, "settings.idle-timeout" },
       { "{\"scope\": \"all\", \"settings\": {\"idle-timeout\": \"90\"}}", 422,
         "settings.idle-timeout" },
       { "{\"scope\": \"all\", \"settings\": {\"default-language\": \"de\"}}", 422,
         "settings.default-language" },
       { "{\"scope\": \"all\", \"settings\": {\"qr-base-url\": \"ftp://x.fi/\"}}", 422,
         "settings.qr-base-url" },
       { "{\"scope\": \"all\", \"settings\": {\"speech-default\": \"yes\"}}", 422,
         "settings.speech-default" },
       { "{\"scope\": \"all\", \"settings\": {\"speech-default\": true}}", 422,
         "settings.speech-default" },
       { "{\"scope\": \"all\", \"settings\": {\"sleep-schedule\": \"yes\"}}", 422,
         "settings.sleep-schedule" },
       { "{\"scope\": \"all\", \"settings\": {\"sleep-margin\": 121}}", 422, "settings.sleep-margin" },
       { "{\"scope\": \"all\", \"settings\": {\"sleep-margin\": -1}}", 422, "settings.sleep-margin" },
       { "{\"scope\": \"all\", \"settings\": {\"sleep-wake-on-touch\": false}}", 422,
         "settings.sleep-wake-on-touch" },
       { "{\"scope\": \"all\", \"settings\": {\"feedback-questions\": \"no\"}}", 422,
         "settings.feedback-questions" },
       { "{\"scope\": \"all\", \"settings\": {\"feedback-questions\": 0}}", 422,
         "settings.feedback-questions" },
       { "{\"scope\": \"all\", \"settings\": {\"screen-off-command\": [\"rm\"]}}", 422,
         "settings.screen-off-command" },
       { "{\"scope\": \"all\", \"settings\": {\"colour\": \"red\"}}", 422, "settings.colour" },
       { "{\"scope\": \"all\", \"settings\": {\"colour\": null}}", 422, "settings.colour" },
       { "{\"scope\": \"all\", \"settings\": {\"idle-warning\": 30, \"idle-timeout\": 4000}}", 422,
         "settings.idle-timeout" },
       { "{\"scope\": \"all\", \"settings\": {}}", 422, "settings" },
       { "{\"scope\": \"all\", \"settings\": [1]}", 422, "settings" },
       { "{\"scope\": \"all\"}", 422, "settings" },
       { "{\"scope\": \"everyone\", \"settings\": {\"idle-timeout\": 90}}", 422, "scope" },
       { "{\"settings\": {\"idle-timeout\": 90}}", 422, "scope" },
       { "{\"scope\": \"all\", \"target\": \"564\", \"settings\": {\"idle-timeout\": 90}}", 422,
         "target" },
       { "{\"scope\": \"municipality\", \"target\": \"999\", \"settings\": {\"idle-timeout\": 90}}",
         422, "target" },
       { "{\"scope\": \"kiosk\", \"target\": \"kiosk-nope\", \"settings\": {\"idle-timeout\": 90}}",
         422, "target" },
       { "{\"scope\": \"kiosk\", \"target\": 7, \"settings\": {\"idle-timeout\": 90}}", 422,
         "target" },
       { "{\"scope\": \"all\", \"settings\": {\"idle-timeout\": 90}", 400, NULL },
       { "{\"scope\": \"all\", \"settings\": {\"qr-base-url\": \"\xff\"}}", 400, NULL },
  };
  gint64 revision = server_store_get_revision (fixture->server.store);
  g_autoptr (JsonNode) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *field = NULL;

      g_test_message ("case %u", i);
      g_assert_cmpuint (post_settings (fixture, NULL, cases[i].body, &field), ==, cases[i].status);
      if (cases[i].field != NULL)
        g_assert_cmpstr (field, ==, cases[i].field);
    }
  huge = g_strnfill (20 * 1024, ' ');
  g_assert_cmpuint (post_settings (fixture, NULL, huge, NULL), ==, 413);

  g_assert_cmpint (server_store_get_revision (fixture->server.store), ==, revision);
  list = nv_test_staff_call (fixture->admin, "GET", "/api/v1/staff/kiosk-settings", NULL,
                             SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (list), "settings")),
                    ==, 0);
}

/* Only an admin: an advisor is refused, and so are a kiosk and nobody at all. */
static void
test_admin_only (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvTestStaff) advisor
      = nv_test_staff_login (fixture->server.url, "aino", ADVISOR_PASSWORD);
  g_autofree char *url = g_strconcat (fixture->server.url, "api/v1/staff/kiosk-settings", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->oulu_token, NULL);
  g_autoptr (SoupMessage) anonymous = soup_message_new ("GET", url);
  g_autoptr (SoupMessage) kiosk = soup_message_new ("GET", url);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GBytes) kiosk_answer = NULL;
  const char *body = "{\"scope\": \"all\", \"settings\": {\"idle-timeout\": 90}}";

  g_assert_cmpuint (post_settings (fixture, advisor, body, NULL), ==, SOUP_STATUS_FORBIDDEN);
  g_assert_cmpuint (
      nv_test_staff_send (advisor, "GET", "/api/v1/staff/kiosk-settings", NULL, NULL, NULL), ==,
      SOUP_STATUS_FORBIDDEN);
  answer = nv_test_http_send (fixture->session, anonymous, 10000);
  g_assert_cmpuint (soup_message_get_status (anonymous), ==, SOUP_STATUS_UNAUTHORIZED);
  soup_message_headers_replace (soup_message_get_request_headers (kiosk), "Authorization",
                                authorization);
  kiosk_answer = nv_test_http_send (fixture->session, kiosk, 10000);
  g_assert_cmpuint (soup_message_get_status (kiosk), ==, SOUP_STATUS_UNAUTHORIZED);
}

/* The command line sets and lists what the console does, with the serving store open. */
static void
test_command_line (Fixture *fixture, gconstpointer data)
{
  g_autofree char *set = nv_test_cli_run (fixture->server.dir, "settings", "set", "--kiosk",
                                          fixture->oulu_id, "idle-timeout", "75", NULL);
  g_autofree char *list = nv_test_cli_run (fixture->server.dir, "settings", "list", NULL);
  g_autofree char *unset = NULL;
  g_autofree char *oulu = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, NULL);
  g_autofree char *after = NULL;

  g_assert_nonnull (strstr (set, "idle-timeout is set"));
  g_assert_nonnull (strstr (list, "idle-timeout"));
  g_assert_nonnull (strstr (list, fixture->oulu_id));
  g_assert_cmpstr (oulu, ==, "{\"idle-timeout\":75}");
  unset = nv_test_cli_run (fixture->server.dir, "settings", "unset", "--kiosk", fixture->oulu_id,
                           "idle-timeout", NULL);
  after = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, NULL);
  g_assert_cmpstr (after, ==, "{}");
}

/* The setting @name of the console's "known" list; NULL when it is not there. */
static JsonObject *
known_setting (JsonArray *known, const char *name)
{
  for (guint i = 0; i < json_array_get_length (known); i++)
    {
      JsonObject *info = json_array_get_object_element (known, i);

      if (g_str_equal (json_object_get_string_member (info, "name"), name))
        return info;
    }
  return NULL;
}

/* speech-default, off or on: set on the command line for a municipality's kiosks, it
 * reaches them with their settings, and the console learns its two choices. */
static void
test_speech_default (Fixture *fixture, gconstpointer data)
{
  g_autofree char *set = nv_test_cli_run (fixture->server.dir, "settings", "set", "--municipality",
                                          "564", "speech-default", "on", NULL);
  g_autofree char *oulu = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, NULL);
  g_autofree char *ii = kiosk_settings (fixture, fixture->ii_token, 0, NULL, NULL);
  g_autoptr (JsonNode) list = nv_test_staff_call (
      fixture->admin, "GET", "/api/v1/staff/kiosk-settings", NULL, SOUP_STATUS_OK);
  JsonArray  *known = json_object_get_array_member (json_node_get_object (list), "known");
  JsonObject *info = NULL;

  g_assert_nonnull (strstr (set, "speech-default is set"));
  g_assert_cmpstr (oulu, ==, "{\"speech-default\":\"on\"}");
  g_assert_cmpstr (ii, ==, "{}");
  info = known_setting (known, "speech-default");
  g_assert_nonnull (info);
  g_assert_cmpstr (json_object_get_string_member (info, "type"), ==, "choice");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (info, "choices")), ==, 2);
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (info, "choices"), 0), ==, "off");
}

/* The sleep schedule: turned on and its margin set for a municipality's kiosks, wake on
 * touch turned off for one of them; each gets what is meant for it with its content. */
static void
test_sleep_schedule (Fixture *fixture, gconstpointer data)
{
  gint64           revision = server_store_get_revision (fixture->server.store);
  g_autofree char *etag = NULL;
  g_autofree char *oulu = NULL;
  g_autofree char *ii = NULL;
  g_autofree char *one = NULL;
  g_autofree char *first = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, &etag);

  g_assert_cmpstr (first, ==, "{}");
  set_settings (fixture, "{\"scope\": \"municipality\", \"target\": \"564\","
                         " \"settings\": {\"sleep-schedule\": \"on\", \"sleep-margin\": 30}}");
  one = g_strdup_printf ("{\"scope\": \"kiosk\", \"target\": \"%s\","
                         " \"settings\": {\"sleep-wake-on-touch\": \"off\"}}",
                         fixture->oulu_id);
  set_settings (fixture, one);
  oulu = kiosk_settings (fixture, fixture->oulu_token, revision, etag, NULL);
  g_assert_cmpstr (
      oulu, ==, "{\"sleep-margin\":30,\"sleep-schedule\":\"on\",\"sleep-wake-on-touch\":\"off\"}");
  ii = kiosk_settings (fixture, fixture->ii_token, 0, NULL, NULL);
  g_assert_cmpstr (ii, ==, "{}");
}

/* The feedback questions, turned off for one kiosk and on for a municipality's: each kiosk
 * gets its own with its content (a delta too, so not a 304), the console learns it is a
 * boolean, the command line takes true, and who set it is kept. */
static void
test_feedback_questions (Fixture *fixture, gconstpointer data)
{
  gint64           revision = server_store_get_revision (fixture->server.store);
  g_autofree char *etag = NULL;
  g_autofree char *first = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, &etag);
  g_autofree char *one = g_strdup_printf ("{\"scope\": \"kiosk\", \"target\": \"%s\","
                                          " \"settings\": {\"feedback-questions\": false}}",
                                          fixture->oulu_id);
  g_autofree char *oulu = NULL;
  g_autofree char *ii = NULL;
  g_autofree char *set = NULL;
  g_autofree char *ii_after = NULL;
  g_autoptr (JsonNode) list = NULL;
  JsonArray  *known;
  JsonArray  *settings;
  JsonObject *info = NULL;

  g_assert_cmpstr (first, ==, "{}");
  set_settings (fixture, one);
  oulu = kiosk_settings (fixture, fixture->oulu_token, revision, etag, NULL);
  g_assert_cmpstr (oulu, ==, "{\"feedback-questions\":false}");
  ii = kiosk_settings (fixture, fixture->ii_token, 0, NULL, NULL);
  g_assert_cmpstr (ii, ==, "{}");

  set = nv_test_cli_run (fixture->server.dir, "settings", "set", "--municipality", "139",
                         "feedback-questions", "true", NULL);
  g_assert_nonnull (strstr (set, "feedback-questions is set"));
  ii_after = kiosk_settings (fixture, fixture->ii_token, 0, NULL, NULL);
  g_assert_cmpstr (ii_after, ==, "{\"feedback-questions\":true}");

  list = nv_test_staff_call (fixture->admin, "GET", "/api/v1/staff/kiosk-settings", NULL,
                             SOUP_STATUS_OK);
  known = json_object_get_array_member (json_node_get_object (list), "known");
  info = known_setting (known, "feedback-questions");
  g_assert_nonnull (info);
  g_assert_cmpstr (json_object_get_string_member (info, "type"), ==, "boolean");
  settings = json_object_get_array_member (json_node_get_object (list), "settings");
  g_assert_cmpuint (json_array_get_length (settings), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *setting = json_array_get_object_element (settings, i);

      g_assert_cmpstr (json_object_get_string_member (setting, "name"), ==, "feedback-questions");
      g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (setting, "value")));
      g_assert_cmpuint (json_node_get_value_type (json_object_get_member (setting, "value")), ==,
                        G_TYPE_BOOLEAN);
      g_assert_nonnull (json_object_get_string_member (setting, "updated_by"));
    }
}

/* The host the console (or `kiosk host`) sets reaches that kiosk, and no other, as the
 * setting host-organisation: a change is a revision, so a kiosk that was up to date is
 * answered with it, by ETag and by delta, not 304; cleared, it is gone from the settings. */
static void
test_host_reaches_kiosk (Fixture *fixture, gconstpointer data)
{
  gint64           revision = server_store_get_revision (fixture->server.store);
  g_autofree char *etag = NULL;
  g_autofree char *first = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, &etag);
  g_autofree char *by_etag = NULL;
  g_autofree char *by_delta = NULL;
  g_autofree char *ii = NULL;
  g_autofree char *full = NULL;
  g_autofree char *host_etag = NULL;
  g_autofree char *other = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *cli_cleared = NULL;

  g_assert_cmpstr (first, ==, "{}");
  g_assert_null (kiosk_settings (fixture, fixture->oulu_token, revision, etag, NULL));

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->oulu_id, "test-library");
  g_assert_cmpint (server_store_get_revision (fixture->server.store), ==, revision + 1);
  by_etag = kiosk_settings (fixture, fixture->oulu_token, 0, etag, &host_etag);
  g_assert_cmpstr (by_etag, ==, "{\"host-organisation\":\"test-library\"}");
  g_assert_cmpstr (host_etag, !=, etag);
  by_delta = kiosk_settings (fixture, fixture->oulu_token, revision, etag, NULL);
  g_assert_cmpstr (by_delta, ==, by_etag);
  full = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, NULL);
  g_assert_cmpstr (full, ==, by_etag);
  /* Another kiosk's bundle, from the same revision, has no host of its own. */
  ii = kiosk_settings (fixture, fixture->ii_token, 0, NULL, NULL);
  g_assert_cmpstr (ii, ==, "{}");

  /* Changed to another organisation, then cleared: each a revision the kiosk gets. */
  nv_test_staff_set_kiosk_host (fixture->admin, fixture->oulu_id, "test-association");
  other = kiosk_settings (fixture, fixture->oulu_token, revision + 1, host_etag, NULL);
  g_assert_cmpstr (other, ==, "{\"host-organisation\":\"test-association\"}");
  nv_test_staff_set_kiosk_host (fixture->admin, fixture->oulu_id, NULL);
  cleared = kiosk_settings (fixture, fixture->oulu_token, revision + 2, NULL, NULL);
  g_assert_cmpstr (cleared, ==, "{}");

  /* The command line sets the same. */
  g_free (nv_test_cli_run (fixture->server.dir, "kiosk", "host", fixture->oulu_id, "test-library",
                           NULL));
  cli = kiosk_settings (fixture, fixture->oulu_token, revision + 3, NULL, NULL);
  g_assert_cmpstr (cli, ==, "{\"host-organisation\":\"test-library\"}");
  g_free (
      nv_test_cli_run (fixture->server.dir, "kiosk", "host", fixture->oulu_id, "--clear", NULL));
  cli_cleared = kiosk_settings (fixture, fixture->oulu_token, revision + 4, NULL, NULL);
  g_assert_cmpstr (cli_cleared, ==, "{}");
}

/* The host is the Kiosks page's: `settings` refuses it, naming it and where it is set,
 * for every scope, and stores nothing; the console's editor does not offer it. */
static void
test_host_not_a_setting (Fixture *fixture, gconstpointer data)
{
  gint64           revision = server_store_get_revision (fixture->server.store);
  g_autofree char *kiosk_body = g_strdup_printf (
      "{\"scope\": \"kiosk\", \"target\": \"%s\", \"settings\": {\"idle-timeout\": 90,"
      " \"host-organisation\": \"test-library\"}}",
      fixture->oulu_id);
  const char *bodies[] = {
    "{\"scope\": \"all\", \"settings\": {\"host-organisation\": \"test-library\"}}",
    "{\"scope\": \"all\", \"settings\": {\"host-organisation\": null}}",
    kiosk_body,
  };
  g_autoptr (JsonNode) list = NULL;
  JsonArray       *known;
  g_autofree char *oulu = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *field = NULL;

      g_assert_cmpuint (post_settings (fixture, NULL, bodies[i], &field), ==, 422);
      g_assert_cmpstr (field, ==, "settings.host-organisation");
    }
  g_assert_cmpint (server_store_get_revision (fixture->server.store), ==, revision);
  oulu = kiosk_settings (fixture, fixture->oulu_token, 0, NULL, NULL);
  g_assert_cmpstr (oulu, ==, "{}");
  list = nv_test_staff_call (fixture->admin, "GET", "/api/v1/staff/kiosk-settings", NULL,
                             SOUP_STATUS_OK);
  known = json_object_get_array_member (json_node_get_object (list), "known");
  for (guint i = 0; i < json_array_get_length (known); i++)
    g_assert_cmpstr (
        json_object_get_string_member (json_array_get_object_element (known, i), "name"), !=,
        "host-organisation");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/settings/precedence", test_precedence);
  ADD ("/settings/change-reaches-kiosk", test_change_reaches_kiosk);
  ADD ("/settings/refused", test_refused);
  ADD ("/settings/admin-only", test_admin_only);
  ADD ("/settings/command-line", test_command_line);
  ADD ("/settings/speech-default", test_speech_default);
  ADD ("/settings/sleep-schedule", test_sleep_schedule);
  ADD ("/settings/feedback-questions", test_feedback_questions);
  ADD ("/settings/host-reaches-kiosk", test_host_reaches_kiosk);
  ADD ("/settings/host-not-a-setting", test_host_not_a_setting);
#undef ADD
  return g_test_run ();
}

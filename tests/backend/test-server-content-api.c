/* test-server-content-api.c — advisors edit guides and organisations, over real HTTP
 *
 * What an advisor does through the staff API is checked where it matters: in the
 * content a kiosk fetches with its own token from the same server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "server-api.h"
#include "server-api-private.h"
#include "server-store-private.h"
#include "server-store-kiosks.h"
#include "server-store-users.h"
#include "nv-test-http.h"
#include "nv-test-util.h"

#define ADVISOR_PASSWORD "advisor-password-1"
#define EVALUATOR_PASSWORD "evaluator-password-2"
#define ADMIN_PASSWORD "admin-password-3"

#define XSS_TITLE "<img src=x onerror=alert(1)>"
#define BOLD_NAME "<b>bold</b>"

/* A new guide in the fixtures' category "health"; %s: its title in Finnish. */
#define PASSPORT_GUIDE                                                                             \
  "{\"guide\": {\"id\": \"passport\", \"category\": \"health\","                                   \
  " \"title\": {\"fi\": \"%s\", \"en\": \"Passport\"},"                                            \
  " \"steps\": [{\"text\": {\"fi\": \"Avaa poliisi.fi.\"}},"                                       \
  "             {\"text\": {\"fi\": \"Valitse passi.\", \"sv\": \"Välj pass.\"}}],"               \
  " \"related_organisations\": [\"test-library\"], \"owner\": \"Oulun kaupunki\","                 \
  " \"review_date\": \"2027-03-01\", \"position\": 4}}"

typedef struct
{
  char        *dir;
  ServerStore *store;
  ServerHttp  *http;
  SoupSession *session;
  char        *url;
  char        *kiosk_token;
  gint64       now;
} Fixture;

/* A signed-in client: the cookie's token and the session's CSRF token. */
typedef struct
{
  char *token;
  char *csrf;
} Staff;

static void
staff_clear (Staff *staff)
{
  g_clear_pointer (&staff->token, g_free);
  g_clear_pointer (&staff->csrf, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Staff, staff_clear)

static gint64
fixture_clock_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static void
add_user (Fixture *fixture, const char *name, ServerRole role, const char *password)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (server_store_add_user (fixture->store, name, role, password, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_id = NULL;

  fixture->now = 1800000000; /* 2027-01-15T08:00:00Z, 10:00 in Helsinki */
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = server_store_open (fixture->dir, seed, &error);
  g_assert_no_error (error);
  server_store_set_clock (fixture->store, fixture_clock_cb, fixture);
  fixture->http = server_api_new_http (fixture->store, NULL);
  g_assert_nonnull (fixture->http);
  g_assert_true (server_http_listen (fixture->http, address, &error));
  g_assert_no_error (error);
  fixture->url = server_http_get_url (fixture->http);
  fixture->session = soup_session_new ();

  add_user (fixture, "aino", SERVER_ROLE_ADVISOR, ADVISOR_PASSWORD);
  add_user (fixture, "eero", SERVER_ROLE_EVALUATOR, EVALUATOR_PASSWORD);
  add_user (fixture, "aada", SERVER_ROLE_ADMIN, ADMIN_PASSWORD);
  g_assert_true (server_store_add_kiosk (fixture->store, "Kirjasto, aula", "564", &kiosk_id,
                                         &fixture->kiosk_token, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->http);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
  g_free (fixture->kiosk_token);
}

static GBytes *
send (Fixture *fixture, SoupMessage *msg)
{
  return nv_test_http_send (fixture->session, msg, 10000);
}

/* A request as the browser of a signed-in staff member sends it (@staff may be NULL);
 * @body is sent as it is, @length bytes (-1: up to its NUL). */
static SoupMessage *
staff_message (Fixture     *fixture,
               const char  *method,
               const char  *path,
               const Staff *staff,
               const char  *body,
               gssize       length)
{
  g_autofree char    *url = g_strconcat (fixture->url, path + 1, NULL);
  SoupMessage        *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (staff != NULL)
    {
      g_autofree char *cookie = g_strconcat ("nv_session=", staff->token, NULL);

      soup_message_headers_replace (headers, "Cookie", cookie);
      soup_message_headers_replace (headers, "X-CSRF-Token", staff->csrf);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

/* The status; the answer parsed through @out_reply (NULL when it had no body). */
static guint
call_raw (Fixture     *fixture,
          const char  *method,
          const char  *path,
          const Staff *staff,
          const char  *body,
          gssize       length,
          JsonNode   **out_reply)
{
  g_autoptr (SoupMessage) msg = staff_message (fixture, method, path, staff, body, length);
  g_autoptr (GBytes) reply = send (fixture, msg);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  /* What staff see is never cached. */
  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");
  if (out_reply != NULL)
    {
      g_autoptr (GError) error = NULL;

      *out_reply = g_bytes_get_size (reply) > 0 ? nv_json_parse_bytes (reply, 0, &error) : NULL;
      g_assert_no_error (error);
    }
  return soup_message_get_status (msg);
}

static guint
call (Fixture     *fixture,
      const char  *method,
      const char  *path,
      const Staff *staff,
      const char  *body,
      JsonNode   **out_reply)
{
  return call_raw (fixture, method, path, staff, body, -1, out_reply);
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
member_string (JsonNode *node, const char *member)
{
  return json_object_get_string_member_with_default (object_of (node), member, NULL);
}

static void
login (Fixture *fixture, const char *name, const char *password, Staff *out_staff)
{
  g_autofree char *body
      = g_strdup_printf ("{\"name\": \"%s\", \"password\": \"%s\"}", name, password);
  g_autoptr (SoupMessage) msg
      = staff_message (fixture, "POST", "/api/v1/staff/login", NULL, body, -1);
  g_autoptr (GBytes) reply = send (fixture, msg);
  g_autoptr (JsonNode) node = NULL;
  const char *cookie
      = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (cookie);
  g_assert_true (g_str_has_prefix (cookie, "nv_session="));
  node = nv_json_parse_bytes (reply, 0, NULL);
  out_staff->token
      = g_strndup (cookie + strlen ("nv_session="), strcspn (cookie + strlen ("nv_session="), ";"));
  out_staff->csrf = g_strdup (member_string (node, "csrf_token"));
}

/* What a kiosk gets from GET /api/v1/kiosk/content?since=@since. */
static NvContent *
kiosk_content (Fixture *fixture, gint64 since)
{
  g_autofree char *url
      = g_strdup_printf ("%sapi/v1/kiosk/content?since=%" G_GINT64_FORMAT, fixture->url, since);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->kiosk_token, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  NvContent *content;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  body = send (fixture, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  content = nv_content_from_bytes (body, &error);
  g_assert_no_error (error);
  return content;
}

static const NvGuide *
find_guide (NvContent *content, const char *id)
{
  for (guint i = 0; i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);

      if (g_str_equal (guide->id, id))
        return guide;
    }
  return NULL;
}

static const NvOrganisation *
find_organisation (NvContent *content, const char *id)
{
  for (guint i = 0; i < content->organisations->len; i++)
    {
      const NvOrganisation *organisation = g_ptr_array_index (content->organisations, i);

      if (g_str_equal (organisation->id, id))
        return organisation;
    }
  return NULL;
}

static gboolean
has_tombstone (NvContent *content, const char *kind, const char *id)
{
  for (guint i = 0; i < content->tombstones->len; i++)
    {
      const NvTombstone *tombstone = g_ptr_array_index (content->tombstones, i);

      if (g_str_equal (tombstone->kind, kind) && g_str_equal (tombstone->id, id))
        return TRUE;
    }
  return FALSE;
}

/* The entry of guide @id in GET /api/v1/staff/guides; @list owns it. */
static JsonObject *
listed_guide (JsonNode *list, const char *id)
{
  JsonArray *guides = json_object_get_array_member (object_of (list), "guides");

  for (guint i = 0; i < json_array_get_length (guides); i++)
    {
      JsonObject *guide = json_array_get_object_element (guides, i);

      if (g_str_equal (json_object_get_string_member (guide, "id"), id))
        return guide;
    }
  return NULL;
}

static const char *
text_member (JsonObject *object, const char *member, const char *lang)
{
  return json_object_get_string_member (json_object_get_object_member (object, member), lang);
}

/* Drafts and publishing */

/* A new guide: a draft no kiosk sees, then published as the next revision and fetched
 * with the next since-delta. */
static void
test_draft_then_publish (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_auto (Staff) admin = { NULL, NULL };
  g_autofree char *body = g_strdup_printf (PASSPORT_GUIDE, "Passi");
  g_autoptr (JsonNode) saved = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) versions = NULL;
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (JsonNode) after = NULL;
  g_autoptr (NvContent) before = NULL;
  g_autoptr (NvContent) delta = NULL;
  g_autoptr (NvContent) full = NULL;
  JsonObject    *entry;
  const NvGuide *guide;

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff, body, &saved), ==,
                    200);
  g_assert_cmpstr (member_string (saved, "id"), ==, "passport");
  g_assert_cmpstr (member_string (saved, "status"), ==, "draft");

  /* No content change: the revision stays and no kiosk sees the draft. */
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 1);
  before = kiosk_content (fixture, 0);
  g_assert_cmpint (before->revision, ==, 1);
  g_assert_null (find_guide (before, "passport"));

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guides", &staff, NULL, &list), ==, 200);
  entry = listed_guide (list, "passport");
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "status"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (entry, "category"), ==, "health");
  g_assert_cmpstr (text_member (entry, "title", "fi"), ==, "Passi");
  g_assert_cmpstr (json_object_get_string_member (entry, "owner"), ==, "Oulun kaupunki");
  g_assert_cmpstr (json_object_get_string_member (entry, "review_date"), ==, "2027-03-01");
  g_assert_false (json_object_get_boolean_member (entry, "review_due"));
  g_assert_cmpint (json_object_get_int_member (entry, "steps"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "updated"), ==,
                   "2027-01-15T08:00:00.000Z");
  g_assert_cmpstr (json_object_get_string_member (entry, "updated_by"), ==, "aino");
  /* Seeded guides were never edited here. */
  entry = listed_guide (list, "omaolo");
  g_assert_cmpstr (json_object_get_string_member (entry, "status"), ==, "published");
  g_assert_true (json_object_get_null_member (entry, "updated"));
  g_assert_true (json_object_get_null_member (entry, "updated_by"));

  g_assert_cmpuint (
      call (fixture, "GET", "/api/v1/staff/guide?id=passport", &staff, NULL, &versions), ==, 200);
  g_assert_true (json_object_get_null_member (object_of (versions), "published"));
  g_assert_cmpstr (
      text_member (json_object_get_object_member (object_of (versions), "draft"), "title", "fi"),
      ==, "Passi");
  g_assert_cmpint (json_object_get_int_member (object_of (versions), "revision"), ==, 0);

  /* Published by someone else, later. */
  fixture->now += 60;
  login (fixture, "aada", ADMIN_PASSWORD, &admin);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/publish", &admin,
                          "{\"id\": \"passport\"}", &published),
                    ==, 200);
  g_assert_cmpstr (member_string (published, "id"), ==, "passport");
  g_assert_cmpint (json_object_get_int_member (object_of (published), "revision"), ==, 2);

  delta = kiosk_content (fixture, before->revision);
  g_assert_cmpint (delta->revision, ==, 2);
  g_assert_cmpuint (delta->guides->len, ==, 1);
  guide = find_guide (delta, "passport");
  g_assert_nonnull (guide);
  g_assert_cmpstr (guide->title.text[NV_LANG_FI], ==, "Passi");
  g_assert_cmpstr (((NvStep *) guide->steps->pdata[1])->text.text[NV_LANG_SV], ==, "Välj pass.");
  /* Its place in the category's list reaches the kiosks with it. */
  g_assert_cmpint (guide->position, ==, 4);
  full = kiosk_content (fixture, 0);
  g_assert_nonnull (find_guide (full, "passport"));

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guide?id=passport", &staff, NULL, &after),
                    ==, 200);
  g_assert_true (json_object_get_null_member (object_of (after), "draft"));
  g_assert_nonnull (json_object_get_object_member (object_of (after), "published"));
  g_assert_cmpint (json_object_get_int_member (object_of (after), "revision"), ==, 2);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guides", &staff, NULL, &list), ==, 200);
  entry = listed_guide (list, "passport");
  g_assert_cmpstr (json_object_get_string_member (entry, "status"), ==, "published");
  g_assert_cmpstr (json_object_get_string_member (entry, "updated"), ==,
                   "2027-01-15T08:01:00.000Z");
  g_assert_cmpstr (json_object_get_string_member (entry, "updated_by"), ==, "aada");

  /* Nothing left to publish. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/publish", &staff,
                          "{\"id\": \"passport\"}", NULL),
                    ==, 404);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 2);
}

/* A draft of a published guide: kiosks keep the published one until it is published. */
static void
test_draft_of_published (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonNode) saved = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) versions = NULL;
  g_autoptr (NvContent) content = NULL;
  const char *body = "{\"guide\": {\"id\": \"omaolo\", \"category\": \"health\","
                     " \"title\": {\"fi\": \"Omaolo-palvelu\"},"
                     " \"steps\": [{\"text\": {\"fi\": \"Avaa omaolo.fi.\"}}]}}";
  JsonObject *entry;

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff, body, &saved), ==,
                    200);
  g_assert_cmpstr (member_string (saved, "status"), ==, "published+draft");

  content = kiosk_content (fixture, 0);
  g_assert_cmpint (content->revision, ==, 1);
  g_assert_cmpstr (find_guide (content, "omaolo")->title.text[NV_LANG_FI], ==, "Omaolo");

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guides", &staff, NULL, &list), ==, 200);
  entry = listed_guide (list, "omaolo");
  g_assert_cmpstr (json_object_get_string_member (entry, "status"), ==, "published+draft");
  g_assert_cmpstr (text_member (entry, "title", "fi"), ==, "Omaolo-palvelu");
  g_assert_cmpint (json_object_get_int_member (entry, "steps"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "updated_by"), ==, "aino");

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guide?id=omaolo", &staff, NULL, &versions),
                    ==, 200);
  g_assert_cmpstr (text_member (json_object_get_object_member (object_of (versions), "published"),
                                "title", "fi"),
                   ==, "Omaolo");
  g_assert_cmpstr (
      text_member (json_object_get_object_member (object_of (versions), "draft"), "title", "fi"),
      ==, "Omaolo-palvelu");
  g_assert_cmpint (json_object_get_int_member (object_of (versions), "revision"), ==, 1);
}

static void
test_discard_draft (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autofree char *body = g_strdup_printf (PASSPORT_GUIDE, "Passi");
  g_autoptr (JsonNode) versions = NULL;

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff, body, NULL), ==,
                    200);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/discard-draft", &staff,
                          "{\"id\": \"passport\"}", NULL),
                    ==, 204);
  /* Only ever a draft: now it is gone. */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guide?id=passport", &staff, NULL, NULL),
                    ==, 404);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/discard-draft", &staff,
                          "{\"id\": \"passport\"}", NULL),
                    ==, 404);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/publish", &staff,
                          "{\"id\": \"passport\"}", NULL),
                    ==, 404);

  /* A published guide's draft discarded: the published one stays. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff,
                          "{\"guide\": {\"id\": \"omaolo\", \"category\": \"health\","
                          " \"title\": {\"fi\": \"Uusi\"},"
                          " \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}}]}}",
                          NULL),
                    ==, 200);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/discard-draft", &staff,
                          "{\"id\": \"omaolo\"}", NULL),
                    ==, 204);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guide?id=omaolo", &staff, NULL, &versions),
                    ==, 200);
  g_assert_true (json_object_get_null_member (object_of (versions), "draft"));
  g_assert_cmpstr (text_member (json_object_get_object_member (object_of (versions), "published"),
                                "title", "fi"),
                   ==, "Omaolo");
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 1);
}

/* Deleting leaves tombstones that a kiosk gets in its next since-delta. */
static void
test_delete (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (NvContent) delta = NULL;
  g_autoptr (NvContent) full = NULL;
  g_autoptr (NvContent) second = NULL;

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  /* A draft beside it goes too. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff,
                          "{\"guide\": {\"id\": \"call-112\", \"category\": \"safety\","
                          " \"title\": {\"fi\": \"Soita 112\"},"
                          " \"steps\": [{\"text\": {\"fi\": \"Soita.\"}}]}}",
                          NULL),
                    ==, 200);
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/guides/delete", &staff, "{\"id\": \"call-112\"}", NULL),
      ==, 204);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guide?id=call-112", &staff, NULL, NULL),
                    ==, 404);
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/guides/delete", &staff, "{\"id\": \"call-112\"}", NULL),
      ==, 404);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/discard-draft", &staff,
                          "{\"id\": \"call-112\"}", NULL),
                    ==, 404);

  delta = kiosk_content (fixture, 1);
  g_assert_cmpint (delta->revision, ==, 2);
  g_assert_cmpuint (delta->guides->len, ==, 0);
  g_assert_true (has_tombstone (delta, "guide", "call-112"));
  full = kiosk_content (fixture, 0);
  g_assert_null (find_guide (full, "call-112"));
  g_assert_nonnull (find_guide (full, "omaolo"));

  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/organisations/delete", &staff,
                          "{\"id\": \"test-association\"}", NULL),
                    ==, 204);
  g_assert_cmpuint (
      call (fixture, "GET", "/api/v1/staff/organisation?id=test-association", &staff, NULL, NULL),
      ==, 404);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/organisations/delete", &staff,
                          "{\"id\": \"test-association\"}", NULL),
                    ==, 404);
  second = kiosk_content (fixture, 2);
  g_assert_cmpint (second->revision, ==, 3);
  g_assert_true (has_tombstone (second, "organisation", "test-association"));
  g_assert_false (has_tombstone (second, "guide", "call-112"));
}

/* Organisations */

static void
test_organisations (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonNode) saved = NULL;
  g_autoptr (JsonNode) replaced = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) shown = NULL;
  g_autoptr (NvContent) delta = NULL;
  JsonArray  *organisations;
  JsonObject *first;

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/organisations", &staff,
                          "{\"organisation\": {\"id\": \"aa-help\","
                          " \"name\": {\"fi\": \"Apupiste\"},"
                          " \"kind\": \"digital-support\", \"municipality\": \"564\"}}",
                          &saved),
                    ==, 200);
  g_assert_cmpstr (member_string (saved, "id"), ==, "aa-help");
  g_assert_cmpint (json_object_get_int_member (object_of (saved), "revision"), ==, 2);
  /* Replacing is publishing again. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/organisations", &staff,
                          "{\"organisation\": {\"id\": \"aa-help\","
                          " \"name\": {\"fi\": \"Apupiste\","
                          " \"sv\": \"Hjälppunkt\"}, \"kind\": \"digital-support\","
                          " \"municipality\": \"564\", \"phones\": [\"+358 8 000 0001\"]}}",
                          &replaced),
                    ==, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (replaced), "revision"), ==, 3);

  delta = kiosk_content (fixture, 1);
  g_assert_cmpuint (delta->organisations->len, ==, 1);
  g_assert_cmpstr (find_organisation (delta, "aa-help")->name.text[NV_LANG_SV], ==, "Hjälppunkt");

  /* By Finnish name: Apupiste, Testikirjasto, Testiyhdistys. */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/organisations", &staff, NULL, &list), ==,
                    200);
  organisations = json_object_get_array_member (object_of (list), "organisations");
  g_assert_cmpuint (json_array_get_length (organisations), ==, 3);
  first = json_array_get_object_element (organisations, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "aa-help");
  g_assert_cmpstr (text_member (first, "name", "sv"), ==, "Hjälppunkt");
  g_assert_cmpstr (json_object_get_string_member (first, "municipality"), ==, "564");
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "digital-support");
  g_assert_cmpstr (json_object_get_string_member (first, "updated"), ==,
                   "2027-01-15T08:00:00.000Z");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (organisations, 1), "id"), ==,
      "test-library");
  g_assert_true (
      json_object_get_null_member (json_array_get_object_element (organisations, 1), "updated"));

  g_assert_cmpuint (
      call (fixture, "GET", "/api/v1/staff/organisation?id=test-library", &staff, NULL, &shown), ==,
      200);
  g_assert_cmpstr (text_member (object_of (shown), "name", "fi"), ==, "Testikirjasto");
  g_assert_cmpstr (member_string (shown, "postal_code"), ==, "90100");
  g_assert_nonnull (json_object_get_object_member (object_of (shown), "opening_hours"));
  g_assert_cmpuint (
      call (fixture, "GET", "/api/v1/staff/organisation?id=nowhere", &staff, NULL, NULL), ==, 404);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/organisation", &staff, NULL, NULL), ==,
                    400);
}

static void
test_categories (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonNode) list = NULL;
  JsonArray *categories;

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/categories", &staff, NULL, &list), ==,
                    200);
  categories = json_object_get_array_member (object_of (list), "categories");
  g_assert_cmpuint (json_array_get_length (categories), ==, 2);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (categories, 0), "id"), ==,
      "health");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (categories, 0), "icon"), ==,
      "emblem-favorite-symbolic");
  g_assert_cmpstr (text_member (json_array_get_object_element (categories, 1), "title", "sv"), ==,
                   "Säkerhet");
}

/* A review date is due on its day in Helsinki, whatever the day in UTC. */
static void
test_review_due (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonNode) list = NULL;
  const char *body = "{\"guide\": {\"id\": \"due\", \"category\": \"health\","
                     " \"title\": {\"fi\": \"Tarkistettava\"}, \"review_date\": \"2027-01-16\","
                     " \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}}]}}";

  /* 2027-01-15T22:30Z: already the 16th in Helsinki (UTC+2). */
  fixture->now = 1800000000 + 14 * 3600 + 30 * 60;
  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff, body, NULL), ==,
                    200);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guides", &staff, NULL, &list), ==, 200);
  g_assert_true (json_object_get_boolean_member (listed_guide (list, "due"), "review_due"));
  /* No review date, never due. */
  g_assert_false (json_object_get_boolean_member (listed_guide (list, "omaolo"), "review_due"));

  g_clear_pointer (&list, json_node_unref);
  fixture->now -= 60 * 60; /* 23:30 on the 15th in Helsinki */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guides", &staff, NULL, &list), ==, 200);
  g_assert_false (json_object_get_boolean_member (listed_guide (list, "due"), "review_due"));
}

/* Refusals */

static void
assert_refused (Fixture     *fixture,
                const Staff *staff,
                const char  *path,
                const char  *body,
                gssize       length,
                guint        status,
                const char  *field)
{
  g_autoptr (JsonNode) reply = NULL;

  g_assert_cmpuint (call_raw (fixture, "POST", path, staff, body, length, &reply), ==, status);
  g_assert_nonnull (member_string (reply, "error"));
  g_assert_cmpstr (member_string (reply, "field"), ==, field);
}

static void
test_invalid (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) reply = NULL;

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  /* The field path is the body's: the console finds the input from it. */
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft",
                  "{\"guide\": {\"id\": \"bad\", \"category\": \"health\","
                  " \"title\": {\"fi\": \"Huono\"},"
                  " \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}},"
                  "             {\"text\": {\"sv\": \"Två.\"}}]}}",
                  -1, 422, "guide.steps[1].text.fi");
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft",
                  "{\"guide\": {\"id\": \"bad\", \"category\": \"health\","
                  " \"title\": {\"fi\": \"Huono\"},"
                  " \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}}, {\"text\": {\"fi\": 2}}]}}",
                  -1, 422, "guide.steps[1].text.fi");
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft",
                  "{\"guide\": {\"id\": \"bad\", \"category\": \"nowhere\","
                  " \"title\": {\"fi\": \"Huono\"}, \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}}]}}",
                  -1, 422, "guide.category");
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft",
                  "{\"guide\": {\"id\": \"bad\", \"category\": \"health\","
                  " \"title\": {\"fi\": \"Huono\"}, \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}}],"
                  " \"related_organisations\": [\"test-library\", \"nowhere\"]}}",
                  -1, 422, "guide.related_organisations[1]");
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft",
                  "{\"guide\": {\"id\": \"bad\", \"category\": \"health\","
                  " \"title\": {\"fi\": \"Huono\"}, \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}}],"
                  " \"position\": \"first\"}}",
                  -1, 422, "guide.position");
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft", "{\"draft\": {}}", -1, 422,
                  "guide");
  assert_refused (fixture, &staff, "/api/v1/staff/organisations",
                  "{\"organisation\": {\"id\": \"bad\", \"name\": {\"fi\": \"Huono\"},"
                  " \"kind\": \"castle\", \"municipality\": \"564\"}}",
                  -1, 422, "organisation.kind");
  assert_refused (fixture, &staff, "/api/v1/staff/guides/publish", "{}", -1, 422, "id");
  /* Nothing of it was stored. */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guides", &staff, NULL, &list), ==, 200);
  g_assert_null (listed_guide (list, "bad"));
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/organisation?id=bad", &staff, NULL, NULL),
                    ==, 404);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 1);

  /* A category deleted after the draft was saved: publishing it is refused. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff,
                          "{\"guide\": {\"id\": \"safe\", \"category\": \"safety\","
                          " \"title\": {\"fi\": \"Turva\"},"
                          " \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}}]}}",
                          NULL),
                    ==, 200);
  g_assert_true (server_store_delete (fixture->store, "category", "safety", NULL));
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/guides/publish", &staff, "{\"id\": \"safe\"}", &reply),
      ==, 422);
  g_assert_cmpstr (member_string (reply, "field"), ==, "guide.category");
}

static void
test_unreadable_bodies (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (GString) huge = g_string_new ("{\"guide\": {\"summary\": {\"fi\": \"");
  static const char not_utf8[] = "{\"guide\": {\"id\": \"x\", \"title\": {\"fi\": \"\xff\xfe\"}}}";

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft", "{\"guide\": {", -1, 400, NULL);
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft", "[1]", -1, 400, NULL);
  assert_refused (fixture, &staff, "/api/v1/staff/organisations", "{\"organisation\": }", -1, 400,
                  NULL);
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft", not_utf8, sizeof not_utf8 - 1, 400,
                  NULL);
  assert_refused (fixture, &staff, "/api/v1/staff/guides/publish", "{\"id\": \"\xc3\"}", -1, 400,
                  NULL);

  while (huge->len < 600 * 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}}}");
  assert_refused (fixture, &staff, "/api/v1/staff/guides/draft", huge->str, -1, 413, NULL);
  assert_refused (fixture, &staff, "/api/v1/staff/organisations", huge->str, -1, 413, NULL);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 1);
}

/* Evaluators read reports, not content to edit. */
static void
test_evaluator_refused (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autofree char *body = g_strdup_printf (PASSPORT_GUIDE, "Passi");

  login (fixture, "eero", EVALUATOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guides", &staff, NULL, NULL), ==, 403);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guide?id=omaolo", &staff, NULL, NULL), ==,
                    403);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff, body, NULL), ==,
                    403);
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/guides/delete", &staff, "{\"id\": \"omaolo\"}", NULL),
      ==, 403);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/organisations/delete", &staff,
                          "{\"id\": \"test-library\"}", NULL),
                    ==, 403);
  /* Nobody signed in: 401. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", NULL, body, NULL), ==,
                    401);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/organisations", NULL, NULL, NULL), ==,
                    401);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 1);
}

/* Text is data: markup comes back exactly as it was sent, to the console and to kiosks;
 * escaping it is for whoever shows it. */
static void
test_text_verbatim (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) guide_body = NULL;
  g_autofree char *guide_text = NULL;
  g_autoptr (JsonNode) versions = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) organisation = NULL;
  g_autoptr (JsonNode) organisations = NULL;
  g_autoptr (NvContent) content = NULL;
  const char *step = "Kirjoita \"<script>\" & paina Enter — ääkköset \\ tallessa";
  JsonObject *draft;

  /* Built with json-glib, so the test's own escaping is not what is tested. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "guide");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "markup");
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, "health");
  json_builder_set_member_name (builder, "title");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fi");
  json_builder_add_string_value (builder, XSS_TITLE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fi");
  json_builder_add_string_value (builder, step);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  guide_body = json_builder_get_root (builder);
  guide_text = nv_json_to_string (guide_body, FALSE);

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/guides/draft", &staff, guide_text, NULL),
                    ==, 200);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guide?id=markup", &staff, NULL, &versions),
                    ==, 200);
  draft = json_object_get_object_member (object_of (versions), "draft");
  g_assert_cmpstr (text_member (draft, "title", "fi"), ==, XSS_TITLE);
  g_assert_cmpstr (
      text_member (json_array_get_object_element (json_object_get_array_member (draft, "steps"), 0),
                   "text", "fi"),
      ==, step);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/guides", &staff, NULL, &list), ==, 200);
  g_assert_cmpstr (text_member (listed_guide (list, "markup"), "title", "fi"), ==, XSS_TITLE);

  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/guides/publish", &staff, "{\"id\": \"markup\"}", NULL),
      ==, 200);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/organisations", &staff,
                          "{\"organisation\": {\"id\": \"bold\", \"name\": {\"fi\": \"" BOLD_NAME
                          "\"}, \"kind\": \"other\", \"municipality\": \"564\"}}",
                          NULL),
                    ==, 200);
  g_assert_cmpuint (
      call (fixture, "GET", "/api/v1/staff/organisation?id=bold", &staff, NULL, &organisation), ==,
      200);
  g_assert_cmpstr (text_member (object_of (organisation), "name", "fi"), ==, BOLD_NAME);
  g_assert_cmpuint (
      call (fixture, "GET", "/api/v1/staff/organisations", &staff, NULL, &organisations), ==, 200);
  g_assert_cmpstr (
      text_member (
          json_array_get_object_element (
              json_object_get_array_member (object_of (organisations), "organisations"), 0),
          "name", "fi"),
      ==, BOLD_NAME);

  content = kiosk_content (fixture, 1);
  g_assert_cmpstr (find_guide (content, "markup")->title.text[NV_LANG_FI], ==, XSS_TITLE);
  g_assert_cmpstr (
      ((NvStep *) find_guide (content, "markup")->steps->pdata[0])->text.text[NV_LANG_FI], ==,
      step);
  g_assert_cmpstr (find_organisation (content, "bold")->name.text[NV_LANG_FI], ==, BOLD_NAME);
}

/* Synonyms */

/* The group @id of @content's synonyms; NULL when it has none such. */
static const NvSynonymGroup *
find_synonym_group (NvContent *content, const char *id)
{
  for (guint i = 0; i < content->synonyms->len; i++)
    {
      const NvSynonymGroup *group = g_ptr_array_index (content->synonyms, i);

      if (g_str_equal (group->id, id))
        return group;
    }
  return NULL;
}

/* The audit log's rows for synonyms, as "action subject actor" lines. */
static char *
synonym_audit (Fixture *fixture)
{
  g_autoptr (GString) rows = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (server_store_get_db (fixture->store),
                                       "SELECT action, appointment, actor FROM audit_log "
                                       "WHERE action LIKE 'synonyms-%' ORDER BY id",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (rows, "%s %s %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&rows), FALSE);
}

/* An advisor adds, changes and deletes a group; each change is the next revision, kiosks
 * get the whole list with the next delta, and each is audited. */
static void
test_synonyms_reach_kiosks (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (NvContent) before = kiosk_content (fixture, 0);
  g_autoptr (NvContent) added = NULL;
  g_autoptr (NvContent) full = NULL;
  g_autoptr (NvContent) unchanged = NULL;
  g_autoptr (NvContent) deleted = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autofree char      *audit = NULL;
  const NvSynonymGroup *group;
  JsonArray            *listed;

  /* The fixtures' content has no synonyms.json: kiosks are told nothing, and keep theirs. */
  g_assert_false (before->has_synonyms);
  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/synonyms", &staff,
                          "{\"synonym\": {\"id\": \"reading-room\","
                          " \"words\": [\"lukusali\", \"läsesal\"], \"kind\": \"library\"}}",
                          &reply),
                    ==, 200);
  g_assert_cmpstr (member_string (reply, "id"), ==, "reading-room");
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 2);

  added = kiosk_content (fixture, 1);
  g_assert_true (added->has_synonyms);
  g_assert_cmpuint (added->synonyms->len, ==, 1);
  group = find_synonym_group (added, "reading-room");
  g_assert_nonnull (group);
  g_assert_cmpstr (group->words[1], ==, "läsesal");
  g_assert_cmpstr (group->kind, ==, "library");
  full = kiosk_content (fixture, 0);
  g_assert_nonnull (find_synonym_group (full, "reading-room"));
  /* A delta after the change does not carry the list again. */
  unchanged = server_store_get_content (fixture->store, 2, NULL);
  g_assert_nonnull (unchanged);
  g_assert_false (unchanged->has_synonyms);

  /* Changed: the same id, other words, no kind. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/synonyms", &staff,
                          "{\"synonym\": {\"id\": \"reading-room\","
                          " \"words\": [\"lukusali\", \"lukuhuone\"]}}",
                          NULL),
                    ==, 200);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/synonyms", &staff, NULL, &list), ==, 200);
  listed = json_object_get_array_member (object_of (list), "synonyms");
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (listed, 0), "updated_by"), ==,
      "aino");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (listed, 0), "kind"));

  /* Deleted: the next delta carries the list, now empty, and no tombstone kiosks built
   * before synonyms would refuse. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/synonyms/delete", &staff,
                          "{\"id\": \"reading-room\"}", NULL),
                    ==, 204);
  deleted = kiosk_content (fixture, 3);
  g_assert_true (deleted->has_synonyms);
  g_assert_cmpuint (deleted->synonyms->len, ==, 0);
  g_assert_cmpuint (deleted->tombstones->len, ==, 0);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/synonyms/delete", &staff,
                          "{\"id\": \"reading-room\"}", NULL),
                    ==, 404);

  audit = synonym_audit (fixture);
  g_assert_cmpstr (audit, ==,
                   "synonyms-saved reading-room staff:aino\n"
                   "synonyms-saved reading-room staff:aino\n"
                   "synonyms-deleted reading-room staff:aino\n");
}

/* Each bad group is refused naming its field, and nothing is stored or audited. */
static void
test_synonyms_invalid (Fixture *fixture, gconstpointer data)
{
  static const char not_utf8[] = "{\"synonym\": {\"id\": \"x\", \"words\": [\"\xff\xfe\"]}}";
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (GString) many = g_string_new ("{\"synonym\": {\"id\": \"many\", \"words\": [");
  g_autoptr (GString) huge = g_string_new ("{\"synonym\": {\"id\": \"huge\", \"words\": [\"");
  g_autoptr (JsonNode) list = NULL;
  g_autofree char *audit = NULL;

  for (guint i = 0; i <= NV_SYNONYM_MAX_WORDS; i++)
    g_string_append_printf (many, "%s\"sana%c\"", i > 0 ? ", " : "", 'a' + (char) i);
  g_string_append (many, "]}}");
  while (huge->len < 100 * 1024)
    g_string_append (huge, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_append (huge, "\"]}}");

  login (fixture, "aino", ADVISOR_PASSWORD, &staff);
  assert_refused (
      fixture, &staff, "/api/v1/staff/synonyms",
      "{\"synonym\": {\"id\": \"kela\", \"words\": [\"kela\", \"kansaneläke laitos\"]}}", -1, 422,
      "synonym.words[1]");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"covid\", \"words\": [\"covid-19\"]}}", -1, 422,
                  "synonym.words[0]");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"bell\", \"words\": [\"kela\\u0007\"]}}", -1, 422,
                  "synonym.words[0]");
  /* A mark alone is no word a kiosk could match. */
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"mark\", \"words\": [\"kela\", \"\\u0301\"]}}", -1, 422,
                  "synonym.words[1]");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"long\", \"words\": [\"kela\","
                  " \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]}}",
                  -1, 422, "synonym.words[1]");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"twice\", \"words\": [\"Kela\", \"kela\"]}}", -1, 422,
                  "synonym.words[1]");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"empty\", \"words\": [\"kela\", \"\"]}}", -1, 422,
                  "synonym.words[1]");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"none\", \"words\": []}}", -1, 422, "synonym.words");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"text\", \"words\": \"kela fpa\"}}", -1, 422,
                  "synonym.words");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"number\", \"words\": [\"kela\", 7]}}", -1, 422,
                  "synonym.words[1]");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms", many->str, -1, 422, "synonym.words");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"shop\", \"words\": [\"kauppa\"], \"kind\": \"shop\"}}",
                  -1, 422, "synonym.kind");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"id\": \"Not An Id\", \"words\": [\"kela\"]}}", -1, 422,
                  "synonym.id");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms",
                  "{\"synonym\": {\"words\": [\"kela\"]}}", -1, 422, "synonym.id");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms", "{\"group\": {}}", -1, 422, "synonym");
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms", "{\"synonym\": ", -1, 400, NULL);
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms", not_utf8, sizeof not_utf8 - 1, 400,
                  NULL);
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms", huge->str, -1, 413, NULL);
  assert_refused (fixture, &staff, "/api/v1/staff/synonyms/delete", "{}", -1, 422, "id");

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/synonyms", &staff, NULL, &list), ==, 200);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (object_of (list), "synonyms")), ==, 0);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 1);
  audit = synonym_audit (fixture);
  g_assert_cmpstr (audit, ==, "");
}

/* Advisors and admins edit synonyms; evaluators and nobody signed in do not. */
static void
test_synonyms_roles (Fixture *fixture, gconstpointer data)
{
  static const char group[] = "{\"synonym\": {\"id\": \"kela\", \"words\": [\"kela\"]}}";
  g_auto (Staff) evaluator = { NULL, NULL };
  g_auto (Staff) admin = { NULL, NULL };

  login (fixture, "eero", EVALUATOR_PASSWORD, &evaluator);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/synonyms", &evaluator, NULL, NULL), ==,
                    403);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/synonyms", &evaluator, group, NULL), ==,
                    403);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/synonyms/delete", &evaluator,
                          "{\"id\": \"kela\"}", NULL),
                    ==, 403);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/synonyms", NULL, group, NULL), ==, 401);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/synonyms", NULL, NULL, NULL), ==, 401);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 1);

  login (fixture, "aada", ADMIN_PASSWORD, &admin);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/synonyms", &admin, group, NULL), ==, 200);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, 2);
}

/* The default list (data/content/synonyms.json) seeds a new store with the rest of the
 * content, and a store that had content before synonyms came, once, as its next revision. */
static void
test_synonyms_seeded (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autoptr (NvContent) delta = NULL;
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (GError) error = NULL;
  const NvSynonymGroup *need;

  store = server_store_open (dir, nv_test_content_dir (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (server_store_get_revision (store), ==, 1);
  content = server_store_get_content (store, 0, &error);
  g_assert_no_error (error);
  g_assert_true (content->has_synonyms);
  need = find_synonym_group (content, "words-of-need");
  g_assert_nonnull (need);
  g_assert_cmpstr (need->kind, ==, "digital-support");
  g_assert_true (g_strv_contains ((const char *const *) need->words, "hjälp"));
  listed = server_store_list_synonyms (store, &error);
  g_assert_cmpuint (listed->len, ==, content->synonyms->len);
  g_clear_object (&store);
  nv_test_rm_rf (dir);
  g_free (dir);
  g_clear_pointer (&content, nv_content_free);

  /* A store of content without synonyms, as every store was before migration 22. */
  dir = nv_test_make_tmpdir ();
  store = server_store_open (dir, fixtures, &error);
  g_assert_no_error (error);
  g_assert_true (nv_sqlite_exec (server_store_get_db (store),
                                 "DROP TABLE synonyms; PRAGMA user_version = 21;", &error));
  g_clear_object (&store);
  store = server_store_open (dir, nv_test_content_dir (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (server_store_get_revision (store), ==, 2);
  delta = server_store_get_content (store, 1, &error);
  g_assert_no_error (error);
  g_assert_true (delta->has_synonyms);
  g_assert_nonnull (find_synonym_group (delta, "health-centre"));
  /* Once: opening it again changes nothing. */
  g_clear_object (&store);
  store = server_store_open (dir, nv_test_content_dir (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (server_store_get_revision (store), ==, 2);
  g_clear_object (&store);
  nv_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server_store_use_cheap_password_hashing ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-content/draft-then-publish", test_draft_then_publish);
  ADD ("/server-content/draft-of-published", test_draft_of_published);
  ADD ("/server-content/discard-draft", test_discard_draft);
  ADD ("/server-content/delete", test_delete);
  ADD ("/server-content/organisations", test_organisations);
  ADD ("/server-content/categories", test_categories);
  ADD ("/server-content/review-due", test_review_due);
  ADD ("/server-content/invalid", test_invalid);
  ADD ("/server-content/unreadable-bodies", test_unreadable_bodies);
  ADD ("/server-content/evaluator-refused", test_evaluator_refused);
  ADD ("/server-content/text-verbatim", test_text_verbatim);
  ADD ("/server-content/synonyms-reach-kiosks", test_synonyms_reach_kiosks);
  ADD ("/server-content/synonyms-invalid", test_synonyms_invalid);
  ADD ("/server-content/synonyms-roles", test_synonyms_roles);
#undef ADD
  g_test_add_func ("/server-content/synonyms-seeded", test_synonyms_seeded);

  return g_test_run ();
}

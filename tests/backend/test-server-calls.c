/* test-server-calls.c — "Call staff now": a kiosk calls over real HTTP, an advisor sees
 * the call and answers, the kiosk learns that someone is coming; bad input, limits and a
 * revoked kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-private.h"

#define ADVISOR_PASSWORD "advisor-password-1"

typedef struct
{
  NvTestHttpServer server;
  SoupSession     *session;
  char            *kiosk_id;
  char            *token;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  server_store_use_cheap_password_hashing ();
  nv_test_http_server_start (&fixture->server, NULL);
  fixture->session = soup_session_new ();
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Kirjaston kioski", "564",
                                         &fixture->kiosk_id, &fixture->token, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "aino", SERVER_ROLE_ADVISOR,
                                        ADVISOR_PASSWORD, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  nv_test_http_server_stop (&fixture->server);
  g_free (fixture->kiosk_id);
  g_free (fixture->token);
}

/* As a kiosk with @token: @method @path with @body (may be NULL, of @length bytes or, for
 * -1, up to its NUL). Returns the status; the answer parsed through @out (may be NULL). */
static guint
kiosk_send (Fixture    *fixture,
            const char *token,
            const char *method,
            const char *path,
            const char *body,
            gssize      length,
            JsonNode  **out)
{
  g_autofree char *url = g_strconcat (fixture->server.url, path + 1, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = nv_test_http_send (fixture->session, msg, 10000);
  if (out != NULL)
    {
      g_autofree char *text
          = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));

      *out = json_from_string (text, &error);
      g_assert_no_error (error);
    }
  return soup_message_get_status (msg);
}

static const char *
member (JsonNode *node, const char *name)
{
  return json_object_get_string_member_with_default (json_node_get_object (node), name, NULL);
}

static gint64
count_calls (Fixture *fixture)
{
  g_autoptr (sqlite3_stmt) stmt
      = server_store_prepare (fixture->server.store, "SELECT count (*) FROM staff_calls", NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
state_path (const char *id)
{
  return g_strconcat ("/api/v1/kiosk/call?id=", id, NULL);
}

/* The whole round: the kiosk calls (twice: one call), the advisor sees where the resident
 * is, answers "coming", and the kiosk reads it; "done" takes it off the list. */
static void
test_call_and_answer (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvTestStaff) advisor
      = nv_test_staff_login (fixture->server.url, "aino", ADVISOR_PASSWORD);
  g_autoptr (JsonNode) made = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) marked = NULL;
  g_autoptr (JsonNode) state = NULL;
  g_autoptr (JsonNode) done = NULL;
  g_autoptr (JsonNode) after = NULL;
  g_autoptr (JsonNode) next = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *finish = NULL;
  JsonArray       *calls;
  JsonObject      *call;
  const char      *body = "{\"screen\": \"guide\", \"guide\": \"omaolo\", \"step\": 3}";

  g_assert_cmpuint (
      kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls", body, -1, &made), ==,
      201);
  g_assert_cmpstr (member (made, "state"), ==, "waiting");
  g_assert_nonnull (member (made, "id"));
  /* A second tap while the first is waiting: the same call. */
  g_assert_cmpuint (
      kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls", body, -1, &again), ==,
      201);
  g_assert_cmpstr (member (again, "id"), ==, member (made, "id"));
  g_assert_cmpint (count_calls (fixture), ==, 1);

  list = nv_test_staff_call (advisor, "GET", "/api/v1/staff/calls", NULL, 200);
  calls = json_object_get_array_member (json_node_get_object (list), "calls");
  g_assert_cmpuint (json_array_get_length (calls), ==, 1);
  call = json_array_get_object_element (calls, 0);
  g_assert_cmpstr (json_object_get_string_member (call, "id"), ==, member (made, "id"));
  g_assert_cmpstr (json_object_get_string_member (call, "kiosk_name"), ==, "Kirjaston kioski");
  g_assert_cmpstr (json_object_get_string_member (call, "screen"), ==, "guide");
  g_assert_cmpstr (json_object_get_string_member (call, "guide"), ==, "omaolo");
  g_assert_cmpint (json_object_get_int_member (call, "step"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (call, "state"), ==, "waiting");
  g_assert_nonnull (json_object_get_string_member (call, "created"));

  mark = g_strdup_printf ("{\"id\": \"%s\", \"state\": \"coming\"}", member (made, "id"));
  marked = nv_test_staff_call (advisor, "POST", "/api/v1/staff/calls/mark", mark, 200);
  g_assert_cmpstr (member (marked, "state"), ==, "coming");
  g_assert_cmpstr (member (marked, "handler"), ==, "aino");

  path = state_path (member (made, "id"));
  g_assert_cmpuint (kiosk_send (fixture, fixture->token, "GET", path, NULL, 0, &state), ==, 200);
  g_assert_cmpstr (member (state, "state"), ==, "coming");
  /* The kiosk learns whether someone comes, not who. */
  g_assert_false (json_object_has_member (json_node_get_object (state), "handler"));

  finish = g_strdup_printf ("{\"id\": \"%s\", \"state\": \"done\"}", member (made, "id"));
  done = nv_test_staff_call (advisor, "POST", "/api/v1/staff/calls/mark", finish, 200);
  g_assert_cmpstr (member (done, "handler"), ==, "aino");
  after = nv_test_staff_call (advisor, "GET", "/api/v1/staff/calls", NULL, 200);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (after), "calls")),
      ==, 0);
  /* Done: the next tap is a new call. */
  g_assert_cmpuint (kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls",
                                "{\"screen\": \"home\"}", -1, &next),
                    ==, 201);
  g_assert_cmpstr (member (next, "id"), !=, member (made, "id"));
  g_assert_cmpint (count_calls (fixture), ==, 2);
}

/* Each bad body gets a clear error naming the field, and stores nothing. */
static void
test_bad_input (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *field;
  } cases[] = {
    { "{\"screen\": ", 400, NULL },
    { "[]", 400, NULL },
    { "{}", 422, "screen" },
    { "{\"screen\": 5}", 422, "screen" },
    { "{\"screen\": \"no spaces allowed\"}", 422, "screen" },
    { "{\"screen\": \"guide\", \"guide\": [1]}", 422, "guide" },
    { "{\"screen\": \"guide\", \"guide\": \"../etc\"}", 422, "guide" },
    { "{\"screen\": \"guide\", \"step\": \"3\"}", 422, "step" },
    { "{\"screen\": \"guide\", \"step\": 999}", 422, "step" },
    { "{\"screen\": \"guide\", \"step\": -1}", 422, "step" },
    { "{\"screen\": "
      "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
      422, "screen" },
  };
  g_autofree char *huge = NULL;
  const char       invalid_utf8[] = "{\"screen\": \"gu\xff\xfeide\"}";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) answer = NULL;
      guint status = kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls",
                                 cases[i].body, -1, &answer);

      if (status != cases[i].status)
        g_error ("%s: %u, not %u", cases[i].body, status, cases[i].status);
      g_assert_nonnull (member (answer, "error"));
      g_assert_cmpstr (member (answer, "field"), ==, cases[i].field);
    }
  g_assert_cmpuint (kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls",
                                invalid_utf8, sizeof invalid_utf8 - 1, NULL),
                    ==, 400);
  /* Over the route's 1 KiB limit: refused before it is read. */
  huge = g_strdup_printf ("{\"screen\": \"home\", \"pad\": \"%02000d\"}", 0);
  g_assert_cmpuint (
      kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls", huge, -1, NULL), ==, 413);
  g_assert_cmpuint (
      kiosk_send (fixture, fixture->token, "GET", "/api/v1/kiosk/call", NULL, 0, NULL), ==, 422);
  g_assert_cmpint (count_calls (fixture), ==, 0);
}

/* Without a valid token nothing is called; a kiosk reads only its own calls; a revoked
 * kiosk is refused. */
static void
test_kiosks_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) made = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *other_token = NULL;
  g_autofree char *path = NULL;
  const char      *body = "{\"screen\": \"home\"}";

  g_assert_cmpuint (
      kiosk_send (fixture, "nv1.nobody.nothing", "POST", "/api/v1/kiosk/calls", body, -1, NULL), ==,
      401);
  g_assert_cmpuint (
      kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls", body, -1, &made), ==,
      201);
  path = state_path (member (made, "id"));
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Toinen", "564", &other_id,
                                         &other_token, &error));
  g_assert_cmpuint (kiosk_send (fixture, other_token, "GET", path, NULL, 0, NULL), ==, 404);

  g_assert_true (server_store_revoke_kiosk (fixture->server.store, fixture->kiosk_id, &error));
  g_assert_cmpuint (
      kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls", body, -1, NULL), ==, 401);
  g_assert_cmpuint (kiosk_send (fixture, fixture->token, "GET", path, NULL, 0, NULL), ==, 401);
  g_assert_cmpint (count_calls (fixture), ==, 1);
}

/* An answer names a state the kiosk understands, or is refused naming "state". */
static void
test_bad_answer (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvTestStaff) advisor
      = nv_test_staff_login (fixture->server.url, "aino", ADVISOR_PASSWORD);
  g_autoptr (JsonNode) made = NULL;
  g_autoptr (JsonNode) refused = NULL;
  g_autoptr (JsonNode) missing = NULL;
  g_autoptr (JsonNode) state = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpuint (kiosk_send (fixture, fixture->token, "POST", "/api/v1/kiosk/calls",
                                "{\"screen\": \"home\"}", -1, &made),
                    ==, 201);
  body = g_strdup_printf ("{\"id\": \"%s\", \"state\": \"gone\"}", member (made, "id"));
  refused = nv_test_staff_call (advisor, "POST", "/api/v1/staff/calls/mark", body, 422);
  g_assert_cmpstr (member (refused, "field"), ==, "state");
  missing = nv_test_staff_call (advisor, "POST", "/api/v1/staff/calls/mark", "{\"state\": 1}", 422);
  g_assert_cmpstr (member (missing, "field"), ==, "id");
  path = state_path (member (made, "id"));
  g_assert_cmpuint (kiosk_send (fixture, fixture->token, "GET", path, NULL, 0, &state), ==, 200);
  g_assert_cmpstr (member (state, "state"), ==, "waiting");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-calls/call-and-answer", test_call_and_answer);
  ADD ("/server-calls/bad-input", test_bad_input);
  ADD ("/server-calls/kiosks-refused", test_kiosks_refused);
  ADD ("/server-calls/bad-answer", test_bad_answer);
#undef ADD

  return g_test_run ();
}

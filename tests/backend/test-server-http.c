/* test-server-http.c — the HTTP API over real HTTP on 127.0.0.1, port 0
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "server-http.h"
#include "nv-test-util.h"

typedef struct
{
  char        *dir;
  ServerStore *store;
  ServerHttp  *http;
  SoupSession *session;
  char        *url;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = server_store_open (fixture->dir, seed, &error);
  g_assert_no_error (error);
  fixture->http = server_http_new (fixture->store);
  g_assert_true (server_http_listen (fixture->http, address, &error));
  g_assert_no_error (error);
  fixture->url = server_http_get_url (fixture->http);
  fixture->session = soup_session_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_assert_finalize_object (fixture->http);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
}

typedef struct
{
  GBytes *body;
  GError *error;
  gboolean done;
} Reply;

static void
reply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

/* Sends @msg and iterates the main loop (which runs the server too) until it is answered. */
static GBytes *
send (Fixture     *fixture,
      SoupMessage *msg)
{
  Reply reply = { NULL, NULL, FALSE };

  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, reply_cb,
                                    &reply);
  nv_test_wait_until (NULL, reply.done, 10000);
  g_assert_no_error (reply.error);
  return reply.body;
}

static SoupMessage *
request (Fixture    *fixture,
         const char *method,
         const char *path)
{
  g_autofree char *url = g_strconcat (fixture->url, path, NULL);

  return soup_message_new (method, url);
}

static JsonObject *
parse_object (GBytes    *body,
              JsonNode **out_node)
{
  g_autoptr(GError) error = NULL;

  *out_node = nv_json_parse_bytes (body, 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*out_node));
  return json_node_get_object (*out_node);
}

static void
test_health (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = request (fixture, "GET", "api/v1/health");
  g_autoptr(GBytes) body = send (fixture, msg);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = parse_object (body, &node);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (object, "content_revision"), ==, 1);
}

static void
test_content (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr(GBytes) body = send (fixture, msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) content = nv_content_from_bytes (body, &error);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_no_error (error);
  g_assert_cmpint (content->revision, ==, 1);
  g_assert_cmpuint (content->guides->len, ==, 2);
  g_assert_cmpuint (content->organisations->len, ==, 2);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), ==, "\"rev-1\"");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (headers, NULL),
                                   "application/json"));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Content-Type-Options"), ==,
                   "nosniff");
}

static void
test_not_modified (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SoupMessage) conditional = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr(SoupMessage) since = request (fixture, "GET", "api/v1/kiosk/content?since=1");
  g_autoptr(SoupMessage) changed = NULL;
  g_autoptr(GBytes) body1 = NULL;
  g_autoptr(GBytes) body2 = NULL;
  g_autoptr(GBytes) body3 = NULL;
  g_autoptr(NvContent) delta = NULL;
  g_autoptr(NvGuide) guide = nv_guide_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (conditional), "If-None-Match",
                                "\"rev-1\"");
  body1 = send (fixture, conditional);
  g_assert_cmpuint (soup_message_get_status (conditional), ==, 304);
  body2 = send (fixture, since);
  g_assert_cmpuint (soup_message_get_status (since), ==, 304);

  /* A change: the same question now gets only what changed. */
  guide->id = g_strdup ("new-guide");
  guide->category = g_strdup ("health");
  nv_text_set (&guide->title, NV_LANG_FI, "Uusi");
  nv_guide_add_step (guide, "Askel", NULL, NULL);
  g_assert_true (server_store_put_guide (fixture->store, guide, &error));
  changed = request (fixture, "GET", "api/v1/kiosk/content?since=1");
  body3 = send (fixture, changed);
  g_assert_cmpuint (soup_message_get_status (changed), ==, 200);
  delta = nv_content_from_bytes (body3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (delta->since, ==, 1);
  g_assert_cmpint (delta->revision, ==, 2);
  g_assert_cmpuint (delta->guides->len, ==, 1);
  g_assert_cmpuint (delta->organisations->len, ==, 0);
}

static void
assert_error_reply (Fixture    *fixture,
                    const char *method,
                    const char *path,
                    guint       status,
                    const char *field)
{
  g_autoptr(SoupMessage) msg = request (fixture, method, path);
  g_autoptr(GBytes) body = send (fixture, msg);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = parse_object (body, &node);

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  g_assert_true (json_object_has_member (object, "error"));
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "error")), >, 10);
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, field);
  else
    g_assert_false (json_object_has_member (object, "field"));
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  assert_error_reply (fixture, "GET", "api/v1/kiosk/content?since=abc", 400, "since");
  assert_error_reply (fixture, "GET", "api/v1/kiosk/content?since=-1", 400, "since");
  assert_error_reply (fixture, "GET", "api/v1/nothing-here", 404, NULL);
  assert_error_reply (fixture, "POST", "api/v1/health", 405, NULL);
}

static void
test_kiosk_ahead (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content?since=50");
  g_autoptr(GBytes) body = send (fixture, msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(NvContent) content = nv_content_from_bytes (body, &error);

  /* A kiosk ahead of a restored server gets everything again. */
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (content->since, ==, 0);
  g_assert_cmpuint (content->guides->len, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-http/health", test_health);
  ADD ("/server-http/content", test_content);
  ADD ("/server-http/not-modified", test_not_modified);
  ADD ("/server-http/errors", test_errors);
  ADD ("/server-http/kiosk-ahead", test_kiosk_ahead);
#undef ADD

  return g_test_run ();
}

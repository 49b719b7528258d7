/* test-server-http.c — the HTTP API over real HTTP on 127.0.0.1, port 0
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <unistd.h>

#include "server-api.h"
#include "server-reply.h"
#include "server-store-kiosks.h"
#include "server-store-events.h"
#include "server-store-private.h"
#include "nv-test-http.h"
#include "nv-test-util.h"

typedef struct
{
  char        *dir;
  ServerStore *store;
  ServerHttp  *http;
  SoupSession *session;
  char        *url;
  char        *kiosk_id;
  char        *token;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = server_store_open (fixture->dir, seed, &error);
  g_assert_no_error (error);
  /* Some tests write the kiosks' contacts sooner than every minute. */
  if (data != NULL)
    server_store_set_contact_flush_interval (fixture->store, GPOINTER_TO_UINT (data));
  fixture->http = server_api_new_http (fixture->store, NULL);
  g_assert_nonnull (fixture->http);
  g_assert_true (server_http_listen (fixture->http, address, &error));
  g_assert_no_error (error);
  fixture->url = server_http_get_url (fixture->http);
  fixture->session = soup_session_new_with_options ("user-agent", "neuvokas-kiosk/9.8.7", NULL);
  g_assert_true (server_store_add_kiosk (fixture->store, "Test kiosk", "564", &fixture->kiosk_id,
                                         &fixture->token, &error));
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  /* Let the server see the client's connections close before it goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (fixture->http != NULL)
    g_assert_finalize_object (fixture->http);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
  g_free (fixture->kiosk_id);
  g_free (fixture->token);
}

/* Sends @msg and iterates the main loop (which runs the server too) until it is answered. */
static GBytes *
send (Fixture *fixture, SoupMessage *msg)
{
  return nv_test_http_send (fixture->session, msg, 10000);
}

/* A request as the registered kiosk makes it: with its token. */
static SoupMessage *
request (Fixture *fixture, const char *method, const char *path)
{
  g_autofree char *url = g_strconcat (fixture->url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->token, NULL);
  SoupMessage     *msg = soup_message_new (method, url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  return msg;
}

static SoupMessage *
post_json (Fixture *fixture, const char *path, const char *body, gssize length)
{
  SoupMessage *msg = request (fixture, "POST", path);
  g_autoptr (GBytes) bytes = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

static JsonObject *
parse_object (GBytes *body, JsonNode **out_node)
{
  g_autoptr (GError) error = NULL;

  *out_node = nv_json_parse_bytes (body, 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*out_node));
  return json_node_get_object (*out_node);
}

/* Kiosks come and go: a connection the client closed must be closed by the server too.
 * Each kiosk keeps its connection alive across its calls; once the kiosks are gone, the
 * server's descriptors are back where they were. (libsoup 3.2 leaves an idle keep-alive
 * connection open when its client closes it: 11,000 sockets in CLOSE_WAIT after eight
 * minutes of 200 kiosks, then no more accepts; see server-http-connection.c.) */
static void
test_connections_closed (Fixture *fixture, gconstpointer data)
{
  guint before = nv_test_count_open_sockets ();

  for (int i = 0; i < 30; i++)
    {
      g_autoptr (SoupSession) session = soup_session_new ();
      guint64 connection = 0;

      for (int call = 0; call < 3; call++)
        {
          g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content?since=1");
          g_autoptr (GBytes) body = nv_test_http_send (session, msg, 10000);
          const char *close = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "Connection");

          g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
          g_assert_true (close == NULL || g_ascii_strcasecmp (close, "close") != 0);
          if (call == 0)
            connection = soup_message_get_connection_id (msg);
          g_assert_cmpuint (soup_message_get_connection_id (msg), ==, connection);
        }
    }
  nv_test_wait_until (NULL, nv_test_count_open_sockets () <= before, 10000);
}

static void
test_health (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/health");
  g_autoptr (GBytes) body = send (fixture, msg);
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object = parse_object (body, &node);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (object, "content_revision"), ==, 1);
}

/* The content ETag of @revision in the store's epoch. */
static char *
content_etag (Fixture *fixture, gint64 revision)
{
  return g_strdup_printf ("\"rev-%" G_GINT64_FORMAT ".%s\"", revision,
                          server_store_get_epoch (fixture->store));
}

static void
test_content (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr (GBytes) body = send (fixture, msg);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_from_bytes (body, &error);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autofree char    *etag = content_etag (fixture, 1);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_no_error (error);
  g_assert_cmpint (content->revision, ==, 1);
  g_assert_cmpuint (content->guides->len, ==, 2);
  g_assert_cmpuint (content->organisations->len, ==, 2);
  g_assert_cmpuint (strlen (server_store_get_epoch (fixture->store)), ==, 16);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), ==, etag);
  g_assert_true (
      g_str_has_prefix (soup_message_headers_get_content_type (headers, NULL), "application/json"));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Content-Type-Options"), ==, "nosniff");
}

static void
test_content_gzip (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;

  /* The session decodes gzip transparently, as the kiosk's does. */
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Encoding", "gzip");
  body = send (fixture, msg);
  g_assert_cmpstr (
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Encoding"),
      ==, "gzip");
  content = nv_content_from_bytes (body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (content->guides->len, ==, 2);
}

/* The full bundle is built once per revision; a change is never served stale. */
static void
test_full_bundle_cached (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) first = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr (SoupMessage) second = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr (SoupMessage) zipped = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr (SoupMessage) after = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr (GBytes) body1 = send (fixture, first);
  g_autoptr (GBytes) body2 = send (fixture, second);
  g_autoptr (GBytes) body3 = NULL;
  g_autoptr (GBytes) body4 = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *etag = content_etag (fixture, 2);

  g_assert_true (g_bytes_equal (body1, body2));
  soup_message_headers_replace (soup_message_get_request_headers (zipped), "Accept-Encoding",
                                "gzip");
  body3 = send (fixture, zipped);
  g_assert_cmpstr (
      soup_message_headers_get_one (soup_message_get_response_headers (zipped), "Content-Encoding"),
      ==, "gzip");
  g_assert_true (g_bytes_equal (body1, body3));

  content = nv_content_from_bytes (body1, &error);
  g_assert_no_error (error);
  organisation = nv_organisation_copy (g_ptr_array_index (content->organisations, 0));
  nv_text_set (&organisation->name, NV_LANG_FI, "Uusi nimi");
  g_assert_true (server_store_put_organisation (fixture->store, organisation, &error));
  body4 = send (fixture, after);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (after), "ETag"),
                   ==, etag);
  g_clear_pointer (&content, nv_content_free);
  content = nv_content_from_bytes (body4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (content->revision, ==, 2);
  for (guint i = 0; i < content->organisations->len; i++)
    {
      NvOrganisation *o = g_ptr_array_index (content->organisations, i);

      if (g_str_equal (o->id, organisation->id))
        g_assert_cmpstr (o->name.text[NV_LANG_FI], ==, "Uusi nimi");
    }
}

static void
test_not_modified (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) conditional = request (fixture, "GET", "api/v1/kiosk/content");
  g_autoptr (SoupMessage) since = request (fixture, "GET", "api/v1/kiosk/content?since=1");
  g_autoptr (SoupMessage) changed = NULL;
  g_autoptr (GBytes) body1 = NULL;
  g_autoptr (GBytes) body2 = NULL;
  g_autoptr (GBytes) body3 = NULL;
  g_autoptr (NvContent) delta = NULL;
  g_autoptr (NvGuide) guide = nv_guide_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *etag = content_etag (fixture, 1);

  soup_message_headers_replace (soup_message_get_request_headers (conditional), "If-None-Match",
                                etag);
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

/* A kiosk's short poll: ?since=REV.EPOCH says what If-None-Match says, in fewer bytes. The
 * unchanged answer carries only what a 304 must (issue 18: a poll under 400 bytes). */
static void
test_since_with_epoch (Fixture *fixture, gconstpointer data)
{
  g_autofree char *current = g_strdup_printf ("api/v1/kiosk/content?since=1.%s",
                                              server_store_get_epoch (fixture->store));
  g_autoptr (SoupMessage) same = request (fixture, "GET", current);
  g_autoptr (SoupMessage) other
      = request (fixture, "GET", "api/v1/kiosk/content?since=1.0123456789abcdef");
  g_autoptr (GBytes) body1 = NULL;
  g_autoptr (GBytes) body2 = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers;

  body1 = send (fixture, same);
  g_assert_cmpuint (soup_message_get_status (same), ==, 304);
  headers = soup_message_get_response_headers (same);
  g_assert_null (soup_message_headers_get_one (headers, "X-Content-Type-Options"));
  g_assert_null (soup_message_headers_get_one (headers, "Referrer-Policy"));
  g_assert_null (soup_message_headers_get_one (headers, "Server"));
  g_assert_nonnull (soup_message_headers_get_one (headers, "ETag"));
  g_assert_nonnull (soup_message_headers_get_one (headers, "Cache-Control"));

  /* Content of another epoch (a restored backup) is replaced whole. */
  body2 = send (fixture, other);
  g_assert_cmpuint (soup_message_get_status (other), ==, 200);
  content = nv_content_from_bytes (body2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (content->since, ==, 0);
  g_assert_cmpuint (content->guides->len, ==, 2);
  /* The answer with a body keeps its headers. */
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (other),
                                                 "X-Content-Type-Options"),
                   ==, "nosniff");
}

static void
assert_error_reply (
    Fixture *fixture, const char *method, const char *path, guint status, const char *field)
{
  g_autoptr (SoupMessage) msg = request (fixture, method, path);
  g_autoptr (GBytes) body = send (fixture, msg);
  g_autoptr (JsonNode) node = NULL;
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
test_errors (Fixture *fixture, gconstpointer data)
{
  assert_error_reply (fixture, "GET", "api/v1/kiosk/content?since=abc", 400, "since");
  assert_error_reply (fixture, "GET", "api/v1/kiosk/content?since=-1", 400, "since");
  assert_error_reply (fixture, "GET", "api/v1/kiosk/content?since=1.", 400, "since");
  assert_error_reply (fixture, "GET", "api/v1/kiosk/content?since=1.XYZ", 400, "since");
  assert_error_reply (fixture, "GET", "api/v1/kiosk/content?since=.abc", 400, "since");
  assert_error_reply (fixture, "GET", "api/v1/nothing-here", 404, NULL);
  assert_error_reply (fixture, "POST", "api/v1/health", 405, NULL);
}

static void
test_kiosk_ahead (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content?since=50");
  g_autoptr (GBytes) body = send (fixture, msg);
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = nv_content_from_bytes (body, &error);

  /* A kiosk ahead of a restored server gets everything again. */
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (content->since, ==, 0);
  g_assert_cmpuint (content->guides->len, ==, 2);
}

/* A kiosk that holds content of another epoch (an ETag from before a backup was
 * restored, or from a server from before epochs) gets everything again, whatever
 * revision it names: the numbers say nothing of this epoch's content. */
static void
test_other_epoch (Fixture *fixture, gconstpointer data)
{
  static const char *const etags[] = { "\"rev-1\"", "\"rev-1.0123456789abcdef\"" };

  for (guint i = 0; i < G_N_ELEMENTS (etags); i++)
    {
      g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content?since=1");
      g_autoptr (GBytes) body = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (NvContent) content = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                    etags[i]);
      body = send (fixture, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      content = nv_content_from_bytes (body, &error);
      g_assert_no_error (error);
      g_assert_cmpint (content->since, ==, 0);
      g_assert_cmpuint (content->guides->len, ==, 2);
    }
}

static void
test_kiosk_auth (Fixture *fixture, gconstpointer data)
{
  static const char *bad[]
      = { NULL, "Bearer nonsense", "Basic dXNlcjpwYXNz",
          "Bearer nvk_kiosk-00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) kiosks = NULL;
  ServerKiosk *kiosk;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *url = g_strconcat (fixture->url, "api/v1/kiosk/content", NULL);
      g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr (GBytes) body = NULL;

      if (bad[i] != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                      bad[i]);
      body = send (fixture, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
      g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"error\""));
    }

  /* The right token works, and the kiosk's report of itself is kept. */
  {
    g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content");
    g_autoptr (GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "X-Neuvokas-Outbox-Backlog", "17");
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "X-Neuvokas-Content-Revision", "1");
    body = send (fixture, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
  /* Remembered in memory; written here as the event writer writes it, later. */
  server_store_flush_kiosk_contacts (fixture->store, fixture->store);
  kiosks = server_store_list_kiosks (fixture->store, &error);
  g_assert_cmpuint (kiosks->len, ==, 1);
  kiosk = g_ptr_array_index (kiosks, 0);
  g_assert_cmpint (kiosk->outbox_backlog, ==, 17);
  g_assert_cmpint (kiosk->content_revision, ==, 1);
  g_assert_cmpstr (kiosk->app_version, ==, "9.8.7");
  g_assert_cmpint (kiosk->last_contact, >, 0);

  /* A poll names its revision in ?since= alone, and leaves out an empty outbox. */
  {
    g_autofree char *path = g_strdup_printf ("api/v1/kiosk/content?since=2.%s",
                                             server_store_get_epoch (fixture->store));
    g_autoptr (SoupMessage) msg = request (fixture, "GET", path);
    g_autoptr (GBytes) body = send (fixture, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
  server_store_flush_kiosk_contacts (fixture->store, fixture->store);
  g_clear_pointer (&kiosks, g_ptr_array_unref);
  kiosks = server_store_list_kiosks (fixture->store, &error);
  kiosk = g_ptr_array_index (kiosks, 0);
  g_assert_cmpint (kiosk->outbox_backlog, ==, 0);
  g_assert_cmpint (kiosk->content_revision, ==, 2);
  g_assert_cmpstr (kiosk->app_version, ==, "9.8.7");

  /* Revoked: refused from the next request on. */
  g_assert_true (server_store_revoke_kiosk (fixture->store, fixture->kiosk_id, &error));
  {
    g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content");
    g_autoptr (GBytes) body = send (fixture, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  }
}

static char *
make_event (const char *id, const char *type, const char *extra)
{
  return g_strdup_printf ("{\"id\": \"%s\", \"session\": \"6f1c1f57-5d2e-4b55-9a51-7a3c3e2a9b10\","
                          " \"time\": \"2026-11-20T10:00:00.000Z\", \"type\": \"%s\","
                          " \"language\": \"fi\", \"text_size\": 0, \"high_contrast\": false,"
                          " \"value\": 0%s}",
                          id, type, extra);
}

static JsonObject *
post_events (Fixture *fixture, const char *body, JsonNode **out_node)
{
  g_autoptr (SoupMessage) msg = post_json (fixture, "api/v1/kiosk/events", body, -1);
  g_autoptr (GBytes) reply = send (fixture, msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return parse_object (reply, out_node);
}

static void
test_events_batch (Fixture *fixture, gconstpointer data)
{
  g_autofree char *good1 = make_event ("11111111-1111-4111-8111-111111111111", "session_start", "");
  g_autofree char *bad = make_event ("22222222-2222-4222-8222-222222222222", "feedback",
                                     ", \"subject\": \"omaolo\", \"detail\": \"wonderful\"");
  g_autofree char *good2 = make_event ("33333333-3333-4333-8333-333333333333", "guide_view",
                                       ", \"subject\": \"omaolo\"");
  g_autofree char *body = g_strdup_printf ("{\"events\": [%s, %s, 42, %s]}", good1, bad, good2);
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) second = NULL;
  JsonObject *object;
  JsonArray  *results;

  object = post_events (fixture, body, &first);
  g_assert_cmpint (json_object_get_int_member (object, "accepted"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, 2);
  results = json_object_get_array_member (object, "results");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (results, 0), "status"), ==,
      "accepted");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (results, 1), "status"), ==,
      "rejected");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (results, 1), "field"), ==,
      "detail");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 1), "id"),
                   ==, "22222222-2222-4222-8222-222222222222");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (results, 2), "id"));
  g_assert_cmpint (server_store_count_events (fixture->store), ==, 2);

  /* The same batch again (a retry after a lost answer): nothing new is stored. */
  object = post_events (fixture, body, &second);
  g_assert_cmpint (json_object_get_int_member (object, "accepted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "duplicates"), ==, 2);
  g_assert_cmpint (server_store_count_events (fixture->store), ==, 2);
}

static void
assert_post_status (
    Fixture *fixture, const char *body, gssize length, guint status, const char *field)
{
  g_autoptr (SoupMessage) msg = post_json (fixture, "api/v1/kiosk/events", body, length);
  g_autoptr (GBytes) reply = send (fixture, msg);
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  object = parse_object (reply, &node);
  g_assert_true (json_object_has_member (object, "error"));
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, field);
  g_assert_cmpint (server_store_count_events (fixture->store), ==, 0);
}

static void
test_events_bad_bodies (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GString) many = g_string_new ("{\"events\": [");
  g_autoptr (GString) huge = g_string_new ("{\"events\": [\"");
  g_autofree char *one = make_event ("44444444-4444-4444-8444-444444444444", "session_start", "");

  assert_post_status (fixture, "{\"events\": [", -1, 400, NULL);
  assert_post_status (fixture, "{\"events\": \"\xff\xfe\"}", -1, 400, NULL);
  assert_post_status (fixture, "{\"things\": []}", -1, 400, "events");
  assert_post_status (fixture, "[]", -1, 400, "events");
  assert_post_status (fixture, "", 0, 400, NULL);

  for (int i = 0; i < 1001; i++)
    g_string_append_printf (many, "%s%s", i ? "," : "", one);
  g_string_append (many, "]}");
  assert_post_status (fixture, many->str, -1, 413, "events");

  while (huge->len < 1100 * 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"]}");
  assert_post_status (fixture, huge->str, -1, 413, NULL);
}

/* The router alone: it answers only the tables its caller added, and gives each
 * handler its own family's data, freed with the server. */
typedef struct
{
  int  calls;
  int *freed;
} Family;

static void
family_free (Family *family)
{
  (*family->freed)++;
  g_free (family);
}

static void
handle_family (ServerRequest *request)
{
  Family *family = request->family;

  family->calls++;
  server_reply_error (request->msg, SOUP_STATUS_ACCEPTED, NULL, "call %d", family->calls);
}

static const ServerRoute family_routes[] = {
  { "GET", "/family", handle_family, SERVER_AUTH_NONE, 0, 0 },
};

/* Starts @http on 127.0.0.1, port 0; returns its URL. */
static char *
listen_on_loopback (ServerHttp *http)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;

  g_assert_true (server_http_listen (http, address, &error));
  g_assert_no_error (error);
  return server_http_get_url (http);
}

static void
test_router_families (Fixture *fixture, gconstpointer data)
{
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *health = NULL;
  ServerHttp      *http = server_http_new (fixture->store);
  Family          *family = g_new0 (Family, 1);
  int              freed = 0;

  family->freed = &freed;
  server_http_add_family (http, family_routes, G_N_ELEMENTS (family_routes), family,
                          (GDestroyNotify) family_free);
  g_assert_true (server_http_get_family (http, family_routes) == family);
  g_assert_null (server_http_get_family (http, family_routes + 1));
  base = listen_on_loopback (http);
  url = g_strconcat (base, "family", NULL);
  health = g_strconcat (base, "api/v1/health", NULL);

  for (int i = 1; i <= 2; i++)
    {
      g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr (GBytes) body = send (fixture, msg);

      g_assert_cmpint (soup_message_get_status (msg), ==, SOUP_STATUS_ACCEPTED);
      g_assert_cmpint (family->calls, ==, i);
    }
  {
    g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr (GBytes) body = send (fixture, msg);

    g_assert_cmpint (soup_message_get_status (msg), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  }
  {
    /* Not added here: the router knows no family of its own. */
    g_autoptr (SoupMessage) msg = soup_message_new ("GET", health);
    g_autoptr (GBytes) body = send (fixture, msg);

    g_assert_cmpint (soup_message_get_status (msg), ==, SOUP_STATUS_NOT_FOUND);
  }
  g_clear_object (&fixture->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (http);
  g_assert_cmpint (freed, ==, 1);
}

/* An answer's body is not held back by Nagle's algorithm until the client's delayed ACK
 * (40 ms on a kept-alive connection): every connection the server takes has TCP_NODELAY.
 * libsoup does not show a route the socket it accepted from a stream, so the handler finds
 * it among the process's descriptors by its two ends. */

/* IPPROTO_TCP and TCP_NODELAY (Linux): their headers would bring a send () of their own. */
#define LEVEL_TCP 6
#define OPTION_NODELAY 1

static guint16
address_port (GSocketAddress *address)
{
  return address != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

static gint
server_socket_nodelay (guint16 local_port, guint16 remote_port)
{
  g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  gint        found = -1;

  g_assert_nonnull (fds);
  while (found < 0 && (name = g_dir_read_name (fds)) != NULL)
    {
      int fd = dup (atoi (name));
      g_autoptr (GSocket) socket = fd >= 0 ? g_socket_new_from_fd (fd, NULL) : NULL;
      g_autoptr (GSocketAddress) local = NULL;
      g_autoptr (GSocketAddress) remote = NULL;

      if (socket == NULL)
        {
          if (fd >= 0)
            close (fd);
          continue;
        }
      local = g_socket_get_local_address (socket, NULL);
      remote = g_socket_get_remote_address (socket, NULL);
      if (G_IS_INET_SOCKET_ADDRESS (local) && G_IS_INET_SOCKET_ADDRESS (remote)
          && address_port (local) == local_port && address_port (remote) == remote_port)
        g_assert_true (g_socket_get_option (socket, LEVEL_TCP, OPTION_NODELAY, &found, NULL));
    }
  return found;
}

static void
handle_nodelay (ServerRequest *request)
{
  gint value = server_socket_nodelay (
      address_port (soup_server_message_get_local_address (request->msg)),
      address_port (soup_server_message_get_remote_address (request->msg)));

  server_reply_error (request->msg, value > 0 ? SOUP_STATUS_ACCEPTED : SOUP_STATUS_CONFLICT, NULL,
                      "TCP_NODELAY %d", value);
}

static const ServerRoute nodelay_routes[] = {
  { "GET", "/nodelay", handle_nodelay, SERVER_AUTH_NONE, 0, 0 },
};

static void
test_no_nagle (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ServerHttp) http = server_http_new (fixture->store);
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;

  server_http_add_family (http, nodelay_routes, G_N_ELEMENTS (nodelay_routes), NULL, NULL);
  base = listen_on_loopback (http);
  url = g_strconcat (base, "nodelay", NULL);
  /* The second on the kept-alive connection too. */
  for (int i = 0; i < 2; i++)
    {
      g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr (GBytes) body = send (fixture, msg);

      g_assert_cmpint (soup_message_get_status (msg), ==, SOUP_STATUS_ACCEPTED);
    }
  g_clear_object (&fixture->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* What the server's own connection did while kiosks called. */
typedef struct
{
  guint commits;
  guint busy;
} MainConnection;

static int
count_commit_cb (void *data)
{
  ((MainConnection *) data)->commits++;
  return 0;
}

static int
count_busy_cb (void *data, int n_calls)
{
  ((MainConnection *) data)->busy++;
  g_usleep (1000);
  return n_calls < 5000;
}

/* A poll as a kiosk on content revision 1 makes it: reports its revision. */
static void
poll_content (Fixture *fixture)
{
  g_autoptr (SoupMessage) msg = request (fixture, "GET", "api/v1/kiosk/content?since=1");
  g_autoptr (GBytes) body = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "X-Neuvokas-Content-Revision", "1");
  body = send (fixture, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
}

/* The kiosk as `kiosk list` shows it: from the store's tables. */
static ServerKiosk *
list_kiosk (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) kiosks = server_store_list_kiosks (fixture->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (kiosks->len, ==, 1);
  return g_ptr_array_steal_index (kiosks, 0);
}

static gboolean
kiosk_contact_written (Fixture *fixture)
{
  g_autoptr (ServerKiosk) kiosk = list_kiosk (fixture);

  return kiosk->last_contact > 0;
}

static gint64
count_contact_hours (Fixture *fixture)
{
  sqlite3_stmt *stmt = NULL;
  gint64        count;

  g_assert_cmpint (sqlite3_prepare_v2 (server_store_get_db (fixture->store),
                                       "SELECT count(*) FROM kiosk_contact_hours", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* The main loop never writes on a kiosk's request: no transaction of its own, so never a
 * wait for the event writer's lock. The contacts go to disk with the events. */
static void
test_contacts_off_main_loop (Fixture *fixture, gconstpointer data)
{
  sqlite3       *db = server_store_get_db (fixture->store);
  MainConnection main_connection = { 0 };

  sqlite3_commit_hook (db, count_commit_cb, &main_connection);
  sqlite3_busy_handler (db, count_busy_cb, &main_connection);
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *event = make_event (uuid, "session_start", "");
      g_autofree char *body = g_strdup_printf ("{\"events\": [%s]}", event);
      g_autoptr (JsonNode) reply = NULL;
      JsonObject *object;

      poll_content (fixture);
      object = post_events (fixture, body, &reply);
      g_assert_cmpint (json_object_get_int_member (object, "accepted"), ==, 1);
    }
  sqlite3_commit_hook (db, NULL, NULL);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpuint (main_connection.commits, ==, 0);
  g_assert_cmpuint (main_connection.busy, ==, 0);

  /* Written in the last push's transaction, which its answer waited for. */
  {
    g_autoptr (ServerKiosk) kiosk = list_kiosk (fixture);

    g_assert_cmpint (kiosk->last_contact, >, 0);
    g_assert_cmpstr (kiosk->app_version, ==, "9.8.7");
    g_assert_cmpint (kiosk->content_revision, ==, 1);
  }
  g_assert_cmpint (count_contact_hours (fixture), >=, 1);
}

/* SQLite asks the authorizer while it compiles a statement, never when it runs one. */
static int
count_compile_cb (
    void *data, int action, const char *a, const char *b, const char *c, const char *d)
{
  (*(guint *) data)++;
  return SQLITE_OK;
}

/* A kiosk's requests run statements prepared once: after the first poll and push, the
 * main connection compiles nothing more for them. */
static void
test_statements_prepared_once (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db = server_store_get_db (fixture->store);
  guint    compiled = 0;

  /* Setting an authorizer expires every prepared statement: the first round prepares
   * again, the next ten must not. */
  sqlite3_set_authorizer (db, count_compile_cb, &compiled);
  for (int i = 0; i < 11; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *event = make_event (uuid, "session_start", "");
      g_autofree char *body = g_strdup_printf ("{\"events\": [%s]}", event);
      g_autoptr (JsonNode) reply = NULL;

      poll_content (fixture);
      post_events (fixture, body, &reply);
      if (i == 0)
        {
          g_assert_cmpuint (compiled, >, 0);
          compiled = 0;
        }
    }
  sqlite3_set_authorizer (db, NULL, NULL);
  g_assert_cmpuint (compiled, ==, 0);
}

/* Polls alone write nothing at once; what they noted is written when the server stops. */
static void
test_contacts_flushed_on_stop (Fixture *fixture, gconstpointer data)
{
  for (int i = 0; i < 3; i++)
    poll_content (fixture);
  g_assert_false (kiosk_contact_written (fixture));
  g_assert_cmpint (count_contact_hours (fixture), ==, 0);

  g_clear_object (&fixture->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&fixture->http));
  {
    g_autoptr (ServerKiosk) kiosk = list_kiosk (fixture);

    g_assert_cmpint (kiosk->last_contact, >, 0);
    g_assert_cmpstr (kiosk->app_version, ==, "9.8.7");
    g_assert_cmpint (kiosk->content_revision, ==, 1);
  }
  g_assert_cmpint (count_contact_hours (fixture), ==, 1);
}

/* Without events, the writer writes the contacts once the flush interval has passed. */
static void
test_contacts_flushed_periodically (Fixture *fixture, gconstpointer data)
{
  poll_content (fixture);
  nv_test_wait_until (NULL, kiosk_contact_written (fixture), 10000);
  g_assert_cmpint (count_contact_hours (fixture), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-http/health", test_health);
  ADD ("/server-http/content", test_content);
  ADD ("/server-http/content-gzip", test_content_gzip);
  ADD ("/server-http/full-bundle-cached", test_full_bundle_cached);
  ADD ("/server-http/connections-closed", test_connections_closed);
  ADD ("/server-http/not-modified", test_not_modified);
  ADD ("/server-http/since-with-epoch", test_since_with_epoch);
  ADD ("/server-http/errors", test_errors);
  ADD ("/server-http/kiosk-ahead", test_kiosk_ahead);
  ADD ("/server-http/other-epoch", test_other_epoch);
  ADD ("/server-http/kiosk-auth", test_kiosk_auth);
  ADD ("/server-http/events-batch", test_events_batch);
  ADD ("/server-http/events-bad-bodies", test_events_bad_bodies);
  ADD ("/server-http/router-families", test_router_families);
  ADD ("/server-http/no-nagle", test_no_nagle);
  ADD ("/server-http/contacts-off-main-loop", test_contacts_off_main_loop);
  ADD ("/server-http/contacts-flushed-on-stop", test_contacts_flushed_on_stop);
  ADD ("/server-http/statements-prepared-once", test_statements_prepared_once);
#undef ADD
  g_test_add ("/server-http/contacts-flushed-periodically", Fixture, GUINT_TO_POINTER (50),
              fixture_setup, test_contacts_flushed_periodically, fixture_teardown);

  return g_test_run ();
}

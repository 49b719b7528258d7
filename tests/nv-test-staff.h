/* nv-test-staff.h — a staff member's browser, for tests over real HTTP
 *
 * Signs in with POST /api/v1/staff/login, as the web console does, and then sends what
 * the console sends: the session cookie, and X-CSRF-Token on every request but GET.
 * Requests are asynchronous on the default main context, so whatever else a test runs
 * there (a kiosk syncing, a server in the same process) goes on meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "nv-test-http.h"
#include "nv-test-util.h"

typedef struct
{
  SoupSession *session;
  char        *url;   /* the server's, "http://127.0.0.1:PORT/" */
  char        *token; /* the nv_session cookie's value */
  char        *csrf;
} NvTestStaff;

/* Signing in hashes a password with Argon2id, and an export may be long: a generous wait. */
#define NV_TEST_STAFF_TIMEOUT_MS 30000

static inline GBytes *
nv_test_staff_send_message_ (SoupSession *session, SoupMessage *msg)
{
  return nv_test_http_send (session, msg, NV_TEST_STAFF_TIMEOUT_MS);
}

static inline SoupMessage *
nv_test_staff_message_ (const char *url, const char *method, const char *path, const char *body)
{
  g_autofree char *full = g_strconcat (url, path + 1, NULL); /* @path begins with "/" */
  SoupMessage     *msg = soup_message_new (method, full);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

static inline void
nv_test_staff_free (NvTestStaff *staff)
{
  g_clear_object (&staff->session);
  g_free (staff->url);
  g_free (staff->token);
  g_free (staff->csrf);
  g_free (staff);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvTestStaff, nv_test_staff_free)

/* Signs in to the server at @url ("http://127.0.0.1:PORT/"); fails the test unless it
 * answers 200 with a session cookie and a CSRF token. */
static inline NvTestStaff *
nv_test_staff_login (const char *url, const char *name, const char *password)
{
  g_autoptr (NvTestStaff) staff = g_new0 (NvTestStaff, 1);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) request = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  const char      *cookie;

  staff->session = soup_session_new ();
  staff->url = g_strdup (url);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  text = json_to_string (request, FALSE);
  msg = nv_test_staff_message_ (url, "POST", "/api/v1/staff/login", text);
  body = nv_test_staff_send_message_ (staff->session, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  cookie = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
  g_assert_nonnull (cookie);
  g_assert_true (g_str_has_prefix (cookie, "nv_session="));
  cookie += strlen ("nv_session=");
  staff->token = g_strndup (cookie, strcspn (cookie, ";"));

  g_clear_pointer (&text, g_free);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  answer = json_from_string (text, &error);
  g_assert_no_error (error);
  staff->csrf
      = g_strdup (json_object_get_string_member (json_node_get_object (answer), "csrf_token"));
  g_assert_nonnull (staff->csrf);
  return g_steal_pointer (&staff);
}

/* Sends @method @path (from the server's root: "/api/v1/staff/me") with @body (JSON, or
 * NULL) as @staff; returns the status, and the answer's body through @out_body (may be
 * NULL) and its headers through @out_headers (may be NULL; unref them). */
static inline guint nv_test_staff_send_bytes (NvTestStaff         *staff,
                                              const char          *method,
                                              const char          *path,
                                              const char          *content_type,
                                              GBytes              *body,
                                              GBytes             **out_body,
                                              SoupMessageHeaders **out_headers);

static inline guint
nv_test_staff_send (NvTestStaff         *staff,
                    const char          *method,
                    const char          *path,
                    const char          *body,
                    GBytes             **out_body,
                    SoupMessageHeaders **out_headers)
{
  g_autoptr (GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  return nv_test_staff_send_bytes (staff, method, path, "application/json", bytes, out_body,
                                   out_headers);
}

/* The same with a body of any type (@content_type NULL: none said), or none (@body NULL). */
static inline guint
nv_test_staff_send_bytes (NvTestStaff         *staff,
                          const char          *method,
                          const char          *path,
                          const char          *content_type,
                          GBytes              *body,
                          GBytes             **out_body,
                          SoupMessageHeaders **out_headers)
{
  g_autoptr (SoupMessage) msg = nv_test_staff_message_ (staff->url, method, path, NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char    *cookie = g_strconcat ("nv_session=", staff->token, NULL);
  g_autoptr (GBytes) answer = NULL;

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  soup_message_headers_replace (headers, "Cookie", cookie);
  if (!g_str_equal (method, "GET"))
    soup_message_headers_replace (headers, "X-CSRF-Token", staff->csrf);
  answer = nv_test_staff_send_message_ (staff->session, msg);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&answer);
  if (out_headers != NULL)
    *out_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return soup_message_get_status (msg);
}

/* The same, for a JSON answer: parsed, after checking the status is @expected_status. */
static inline JsonNode *
nv_test_staff_call (NvTestStaff *staff,
                    const char  *method,
                    const char  *path,
                    const char  *body,
                    guint        expected_status)
{
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint            status = nv_test_staff_send (staff, method, path, body, &answer, NULL);
  JsonNode        *node;

  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  if (status != expected_status)
    g_error ("%s %s: %u, not %u: %s", method, path, status, expected_status, text);
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}

/* As the console's Kiosks page: @kiosk's host set to the organisation @host (NULL:
 * cleared) by @admin, which must work. */
static inline void
nv_test_staff_set_kiosk_host (NvTestStaff *admin, const char *kiosk, const char *host)
{
  g_autofree char *body
      = g_strdup_printf ("{\"id\": \"%s\", \"host\": %s%s%s}", kiosk, host ? "\"" : "",
                         host ? host : "null", host ? "\"" : "");

  g_assert_cmpuint (
      nv_test_staff_send (admin, "POST", "/api/v1/staff/kiosks/host", body, NULL, NULL), ==, 204);
}

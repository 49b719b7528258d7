/* test-server-tls.c — who the client is: HTTPS at the server, or a trusted proxy's word
 *
 * A staff sign-in shows both things the server decides from it: the address its
 * throttling counts (a failed sign-in delays the next from the same address), and
 * whether the session cookie is Secure. A proxy's X-Forwarded-For and -Proto count only
 * when the peer is a proxy the server was told to trust.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "nv-test-http-server.h"
#include "nv-test-http.h"
#include "nv-test-tls.h"
#include "server-store-private.h"
#include "server-store-users.h"

#define PASSWORD "a long enough password"

typedef struct
{
  NvTestHttpServer server;
  NvTestTls        tls;
  SoupSession     *session; /* from 127.0.0.1: the proxy, when one is trusted */
  SoupSession     *other;   /* from 127.0.0.2: never a trusted proxy */
} Fixture;

typedef struct
{
  gboolean    https;
  const char *proxies[3];
} Setup;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  const Setup *setup = data;
  g_autoptr (GSocketAddress) other_address = g_inet_socket_address_new_from_string ("127.0.0.2", 0);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GPtrArray) proxies = NULL;
  g_autoptr (GError) error = NULL;

  nv_test_tls_make (&fixture->tls);
  database = nv_test_tls_database (&fixture->tls);

  /* nv_test_http_server_start(), with a certificate and proxies before it listens. */
  fixture->server.dir = nv_test_make_tmpdir ();
  fixture->server.store = server_store_open (fixture->server.dir, seed, &error);
  g_assert_no_error (error);
  fixture->server.http = server_api_new_http (fixture->server.store, NULL);
  if (setup->https)
    {
      g_autoptr (GTlsCertificate) certificate = nv_test_tls_server_certificate (&fixture->tls);

      server_http_set_certificate (fixture->server.http, certificate);
    }
  proxies = server_http_parse_proxies (setup->proxies, &error);
  g_assert_no_error (error);
  server_http_set_trusted_proxies (fixture->server.http, proxies);
  g_assert_true (server_http_listen (fixture->server.http, address, &error));
  g_assert_no_error (error);
  fixture->server.url = server_http_get_url (fixture->server.http);
  g_assert_true (g_str_has_prefix (fixture->server.url, setup->https ? "https://" : "http://"));

  fixture->session = soup_session_new_with_options ("tls-database", database, NULL);
  fixture->other = soup_session_new_with_options ("tls-database", database, "local-address",
                                                  other_address, NULL);
  g_assert_true (
      server_store_add_user (fixture->server.store, "aino", SERVER_ROLE_ADVISOR, PASSWORD, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->other);
  nv_test_http_server_stop (&fixture->server);
  nv_test_tls_clear (&fixture->tls);
}

/* Signs in as aino from @session with @forwarded_for and @forwarded_proto (each may be
 * NULL); returns the message, answered. */
static SoupMessage *
sign_in (Fixture     *fixture,
         SoupSession *session,
         const char  *password,
         const char  *forwarded_for,
         const char  *forwarded_proto)
{
  g_autofree char *url = g_strconcat (fixture->server.url, "api/v1/staff/login", NULL);
  g_autofree char *body = g_strdup_printf ("{\"name\": \"aino\", \"password\": \"%s\"}", password);
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) reply = NULL;
  SoupMessage        *msg = soup_message_new ("POST", url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (forwarded_for != NULL)
    soup_message_headers_append (headers, "X-Forwarded-For", forwarded_for);
  if (forwarded_proto != NULL)
    soup_message_headers_append (headers, "X-Forwarded-Proto", forwarded_proto);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  reply = nv_test_http_send (session, msg, 30000);
  return msg;
}

static const char *
response_header (SoupMessage *msg, const char *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (msg), name);
}

static gboolean
cookie_is_secure (SoupMessage *msg)
{
  const char *cookie = response_header (msg, "Set-Cookie");

  g_assert_nonnull (cookie);
  return strstr (cookie, "; Secure") != NULL;
}

/* Failed sign-ins counted against @address (the first few cost no delay yet). */
static gint64
failures_from (Fixture *fixture, const char *address)
{
  g_autofree char *key = g_strconcat ("addr:", address, NULL);
  sqlite3_stmt    *stmt = server_store_prepare (
         fixture->server.store, "SELECT failures FROM login_failures WHERE key = ?1", NULL);
  gint64 failures = 0;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    failures = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return failures;
}

/* HTTPS at the server: a Secure cookie and HSTS. A kiosk's calls share one connection,
 * kept alive over TLS as over plain HTTP, and closed when the client goes. */
static void
test_https_secure_cookie (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) msg = sign_in (fixture, fixture->session, PASSWORD, NULL, NULL);
  g_autofree char *url = g_strconcat (fixture->server.url, "api/v1/health", NULL);
  guint            before = nv_test_count_open_sockets ();
  guint64          connection = 0;

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (cookie_is_secure (msg));
  g_assert_cmpstr (response_header (msg, "Strict-Transport-Security"), ==, "max-age=31536000");

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr (SoupSession) session = soup_session_new_with_options (
          "tls-database", soup_session_get_tls_database (fixture->session), NULL);

      for (guint call = 0; call < 3; call++)
        {
          g_autoptr (SoupMessage) health = soup_message_new ("GET", url);
          g_autoptr (GBytes) body = nv_test_http_send (session, health, 10000);

          g_assert_cmpuint (soup_message_get_status (health), ==, 200);
          if (call == 0)
            connection = soup_message_get_connection_id (health);
          g_assert_cmpuint (soup_message_get_connection_id (health), ==, connection);
        }
    }
  nv_test_wait_until (NULL, nv_test_count_open_sockets () <= before, 10000);
}

/* Plain HTTP and nobody trusted: the forwarded headers change nothing. The sign-in
 * failure is counted against the peer, the cookie is not Secure, no HSTS. */
static void
test_forwarded_ignored (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) failed
      = sign_in (fixture, fixture->session, "wrong password!!", "198.51.100.7", "https");
  g_autoptr (SoupMessage) msg = NULL;

  g_assert_cmpuint (soup_message_get_status (failed), ==, 401);
  g_assert_cmpint (failures_from (fixture, "127.0.0.1"), >, 0);
  g_assert_cmpint (failures_from (fixture, "198.51.100.7"), ==, 0);

  msg = sign_in (fixture, fixture->other, PASSWORD, "198.51.100.7", "https");
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_false (cookie_is_secure (msg));
  g_assert_null (response_header (msg, "Strict-Transport-Security"));
}

/* 127.0.0.1 and 203.0.113.0/24 are trusted proxies: the client is the rightmost address
 * of X-Forwarded-For they did not add, and https from them makes the cookie Secure. From
 * 127.0.0.2, which is not trusted, the same headers change nothing. */
static void
test_forwarded_from_trusted_proxy (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupMessage) failed = NULL;
  g_autoptr (SoupMessage) secure = NULL;
  g_autoptr (SoupMessage) plain = NULL;
  g_autoptr (SoupMessage) untrusted = NULL;

  /* The client wrote 192.0.2.1 itself: only what the proxies added counts. */
  failed = sign_in (fixture, fixture->session, "wrong password!!",
                    "192.0.2.1, 198.51.100.7,203.0.113.5", "http");
  g_assert_cmpuint (soup_message_get_status (failed), ==, 401);
  g_assert_cmpint (failures_from (fixture, "198.51.100.7"), >, 0);
  g_assert_cmpint (failures_from (fixture, "127.0.0.1"), ==, 0);
  g_assert_cmpint (failures_from (fixture, "203.0.113.5"), ==, 0);
  g_assert_cmpint (failures_from (fixture, "192.0.2.1"), ==, 0);

  /* Another client behind the same proxy is not held back by the first one's failure. */
  secure = sign_in (fixture, fixture->session, PASSWORD, "198.51.100.8", "https");
  g_assert_cmpuint (soup_message_get_status (secure), ==, 200);
  g_assert_true (cookie_is_secure (secure));
  g_assert_cmpstr (response_header (secure, "Strict-Transport-Security"), ==, "max-age=31536000");

  plain = sign_in (fixture, fixture->session, PASSWORD, "198.51.100.8", "http");
  g_assert_cmpuint (soup_message_get_status (plain), ==, 200);
  g_assert_false (cookie_is_secure (plain));

  untrusted = sign_in (fixture, fixture->other, PASSWORD, "198.51.100.9", "https");
  g_assert_cmpuint (soup_message_get_status (untrusted), ==, 200);
  g_assert_false (cookie_is_secure (untrusted));
  g_assert_cmpint (failures_from (fixture, "127.0.0.2"), ==, 0);
  {
    g_autoptr (SoupMessage) untrusted_failure
        = sign_in (fixture, fixture->other, "wrong password!!", "198.51.100.9", NULL);

    g_assert_cmpuint (soup_message_get_status (untrusted_failure), ==, 401);
    g_assert_cmpint (failures_from (fixture, "127.0.0.2"), >, 0);
    g_assert_cmpint (failures_from (fixture, "198.51.100.9"), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  static const Setup https = { TRUE, { NULL } };
  static const Setup plain = { FALSE, { NULL } };
  static const Setup proxied = { FALSE, { "127.0.0.1", "203.0.113.0/24", NULL } };

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server-tls/https-secure-cookie", Fixture, &https, fixture_setup,
              test_https_secure_cookie, fixture_teardown);
  g_test_add ("/server-tls/forwarded-ignored", Fixture, &plain, fixture_setup,
              test_forwarded_ignored, fixture_teardown);
  g_test_add ("/server-tls/forwarded-from-trusted-proxy", Fixture, &proxied, fixture_setup,
              test_forwarded_from_trusted_proxy, fixture_teardown);
  return g_test_run ();
}

/* test-server-proxy.c — the shipped nginx recipe in front of a real neuvokas-server
 *
 * data/nginx/neuvokas.conf as an administrator installs it, with only its ports, its
 * certificate (made by the test) and its upstream replaced: nginx -t accepts it, and a
 * browser signing in through it gets a Secure cookie and HSTS, while a failed sign-in is
 * counted against the browser's address, not the proxy's. Without nginx (it is in
 * build-aux/install-deps) the test is skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>

#include "nv-test-http.h"
#include "nv-test-tls.h"
#include "nv-test-util.h"

#define ADVISOR "aino"
#define ADVISOR_PASSWORD "a long enough password"

typedef struct
{
  char         *dir;
  char         *data_dir;
  char         *nginx;
  NvTestTls     tls;
  NvTestServer *server;
  GSubprocess  *proxy;
  char         *proxy_url; /* https://127.0.0.1:PORT/ */
} Fixture;

static guint16
free_port (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr (GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
replace (const char *text, const char *pattern, const char *replacement)
{
  g_autoptr (GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr (GError) error = NULL;
  char *result = g_regex_replace_literal (regex, text, -1, 0, replacement, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (result, !=, text);
  return result;
}

static void
add_advisor (Fixture *fixture)
{
  const char *argv[] = { g_getenv ("NEUVOKAS_SERVER"),
                         "--data-dir",
                         fixture->data_dir,
                         "user",
                         "add",
                         ADVISOR,
                         "--role",
                         "advisor",
                         NULL };
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  process = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, argv,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, ADVISOR_PASSWORD "\n", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* The server on 127.0.0.1, trusting 127.0.0.1 as its proxy; its URL. */
static char *
start_server (Fixture *fixture)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  const char      *args[]
      = { "--listen", "127.0.0.1:0", "--content-dir", seed, "--trusted-proxy", "127.0.0.1", NULL };

  fixture->server = nv_test_server_startv (g_getenv ("NEUVOKAS_SERVER"), fixture->data_dir, args);
  return g_strdup (fixture->server->url);
}

/* The shipped recipe with this test's ports, certificate and upstream, in a minimal
 * nginx.conf of the test's own: one process, in the foreground, files in @dir. */
static char *
write_nginx_config (Fixture *fixture, const char *upstream, guint16 https_port, guint16 http_port)
{
  g_autofree char *shipped
      = g_test_build_filename (G_TEST_DIST, "..", "data", "nginx", "neuvokas.conf", NULL);
  g_autofree char *site_path = g_build_filename (fixture->dir, "neuvokas.conf", NULL);
  g_autofree char *main_path = g_build_filename (fixture->dir, "nginx.conf", NULL);
  g_autofree char *text = NULL, *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;
  g_autofree char *https_listen = g_strdup_printf ("listen 127.0.0.1:%u ssl http2;", https_port);
  g_autofree char *http_listen = g_strdup_printf ("listen 127.0.0.1:%u;", http_port);
  g_autofree char *certificate = g_strdup_printf ("ssl_certificate %s;", fixture->tls.certificate);
  g_autofree char *key = g_strdup_printf ("ssl_certificate_key %s;", fixture->tls.key);
  g_autofree char *pass = g_strdup_printf ("proxy_pass %s;", upstream);
  g_autofree char *main_text = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (shipped, &text, NULL, &error);
  g_assert_no_error (error);
  a = replace (text, "^ *listen 443 ssl http2;$", https_listen);
  b = replace (a, "^ *listen \\[::\\]:.*;$", "");
  c = replace (b, "^ *listen 80;$", http_listen);
  d = replace (c, "^ *ssl_certificate /.*;$", certificate);
  e = replace (d, "^ *ssl_certificate_key /.*;$", key);
  f = replace (e, "^ *proxy_pass http://127.0.0.1:8080;$", pass);
  g_file_set_contents (site_path, f, -1, &error);
  g_assert_no_error (error);

  main_text = g_strdup_printf ("daemon off;\nmaster_process off;\npid %s/nginx.pid;\n"
                               "error_log %s/error.log;\nevents {}\nhttp {\n"
                               "  access_log off;\n  client_body_temp_path %s/body;\n"
                               "  proxy_temp_path %s/proxy;\n  fastcgi_temp_path %s/fastcgi;\n"
                               "  uwsgi_temp_path %s/uwsgi;\n  scgi_temp_path %s/scgi;\n"
                               "  include %s;\n}\n",
                               fixture->dir, fixture->dir, fixture->dir, fixture->dir, fixture->dir,
                               fixture->dir, fixture->dir, site_path);
  g_file_set_contents (main_path, main_text, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&main_path);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *upstream = NULL;
  g_autofree char *config = NULL;
  g_autoptr (GError) error = NULL;
  guint16 port = free_port ();
  int     status = 0;

  fixture->nginx = g_find_program_in_path ("nginx");
  if (fixture->nginx == NULL)
    fixture->nginx = g_strdup (
        g_file_test ("/usr/sbin/nginx", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/sbin/nginx" : NULL);
  if (fixture->nginx == NULL)
    return;
  nv_test_tls_make (&fixture->tls);
  fixture->dir = nv_test_make_tmpdir ();
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_assert_cmpint (g_mkdir (fixture->data_dir, 0700), ==, 0);
  add_advisor (fixture);
  upstream = start_server (fixture);
  /* Without the path: nginx passes the request's own. */
  upstream[strlen (upstream) - 1] = '\0';
  config = write_nginx_config (fixture, upstream, port, free_port ());

  {
    const char *test_argv[]
        = { fixture->nginx, "-t", "-q", "-p", fixture->dir, "-c", config, NULL };
    g_autofree char *said = NULL;

    g_spawn_sync (NULL, (char **) test_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  &said, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("nginx -t refuses the recipe: %s", said);
  }
  {
    const char *argv[] = { fixture->nginx, "-p", fixture->dir, "-c", config, NULL };

    fixture->proxy = nv_test_spawnv (G_SUBPROCESS_FLAGS_NONE, argv, &error);
    g_assert_no_error (error);
  }
  fixture->proxy_url = g_strdup_printf ("https://127.0.0.1:%u/", port);
}

static void
stop (GSubprocess *process)
{
  if (process == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  stop (fixture->proxy);
  g_clear_pointer (&fixture->server, nv_test_server_stop);
  nv_test_rm_rf (fixture->dir);
  if (fixture->tls.dir != NULL)
    nv_test_tls_clear (&fixture->tls);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->nginx);
  g_free (fixture->proxy_url);
}

typedef struct
{
  GBytes  *body;
  GError  *error;
  gboolean done;
} Reply;

static void
reply_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

/* Signs in through the proxy from @session; the answered message. */
static SoupMessage *
sign_in (Fixture *fixture, SoupSession *session, const char *password)
{
  g_autofree char *url = g_strconcat (fixture->proxy_url, "api/v1/staff/login", NULL);
  g_autofree char *body
      = g_strdup_printf ("{\"name\": \"" ADVISOR "\", \"password\": \"%s\"}", password);
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
  SoupMessage *msg = soup_message_new ("POST", url);
  Reply        reply = { NULL, NULL, FALSE };

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, reply_cb, &reply);
  nv_test_wait_until (NULL, reply.done, 30000);
  g_assert_no_error (reply.error);
  g_bytes_unref (reply.body);
  return msg;
}

/* Whether the proxy answers yet: nginx starts in the background. */
static gboolean
proxy_answers (Fixture *fixture, SoupSession *session)
{
  g_autofree char *url = g_strconcat (fixture->proxy_url, "api/v1/health", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  Reply reply = { NULL, NULL, FALSE };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, reply_cb, &reply);
  nv_test_wait_until (NULL, reply.done, 10000);
  g_clear_error (&reply.error);
  g_clear_pointer (&reply.body, g_bytes_unref);
  return soup_message_get_status (msg) == 200;
}

static gint64
failures_from (Fixture *fixture, const char *address)
{
  g_autofree char *db_path = g_build_filename (fixture->data_dir, "neuvokas.db", NULL);
  g_autofree char *key = g_strconcat ("addr:", address, NULL);
  sqlite3_stmt    *stmt = NULL;
  sqlite3         *db = NULL;
  gint64           failures = 0;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT failures FROM login_failures WHERE key = ?1", -1,
                                       &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    failures = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return failures;
}

static void
test_nginx_recipe (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSocketAddress) browser = g_inet_socket_address_new_from_string ("127.0.0.2", 0);
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (SoupMessage) failed = NULL;
  g_autoptr (SoupMessage) signed_in = NULL;
  const char *cookie;

  if (fixture->nginx == NULL)
    {
      g_test_skip ("nginx is not installed (build-aux/install-deps installs it)");
      return;
    }
  database = nv_test_tls_database (&fixture->tls);
  /* A browser on another address than the proxy's, 127.0.0.1. */
  session
      = soup_session_new_with_options ("tls-database", database, "local-address", browser, NULL);
  nv_test_wait_until (NULL, proxy_answers (fixture, session), 10000);

  failed = sign_in (fixture, session, "wrong password!!");
  g_assert_cmpuint (soup_message_get_status (failed), ==, 401);
  g_assert_cmpint (failures_from (fixture, "127.0.0.2"), ==, 1);
  g_assert_cmpint (failures_from (fixture, "127.0.0.1"), ==, 0);

  signed_in = sign_in (fixture, session, ADVISOR_PASSWORD);
  g_assert_cmpuint (soup_message_get_status (signed_in), ==, 200);
  cookie
      = soup_message_headers_get_one (soup_message_get_response_headers (signed_in), "Set-Cookie");
  g_assert_nonnull (cookie);
  g_assert_nonnull (strstr (cookie, "; Secure"));
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (signed_in),
                                                 "Strict-Transport-Security"),
                   ==, "max-age=31536000");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server-proxy/nginx-recipe", Fixture, NULL, fixture_setup, test_nginx_recipe,
              fixture_teardown);
  return g_test_run ();
}

/* test-server-staff.c — staff accounts, sessions, CSRF and roles, over real HTTP
 *
 * The store's clock is the fixture's: tests move time forward instead of sleeping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <sqlite3.h>
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
#define CLI_PASSWORD "cli-password-4"
#define WRONG_PASSWORD "wrong-password-5"

/* Every password the tests use, to be looked for where none may be. */
static const char *const all_passwords[] = {
  ADVISOR_PASSWORD, EVALUATOR_PASSWORD, ADMIN_PASSWORD, CLI_PASSWORD, WRONG_PASSWORD,
};

/* Everything the process logged, for the test that no password is. */
static GString *captured_log;

typedef struct
{
  char        *dir;
  ServerStore *store;
  ServerHttp  *http;
  SoupSession *session; /* from 127.0.0.1 */
  SoupSession *other;   /* from 127.0.0.2: another address */
  char        *url;
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
  g_autoptr (GSocketAddress) other_address = g_inet_socket_address_new_from_string ("127.0.0.2", 0);
  g_autoptr (GError) error = NULL;

  fixture->now = 1800000000; /* 2027-01-15 */
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
  fixture->other = soup_session_new_with_options ("local-address", other_address, NULL);

  add_user (fixture, "aino", SERVER_ROLE_ADVISOR, ADVISOR_PASSWORD);
  add_user (fixture, "eero", SERVER_ROLE_EVALUATOR, EVALUATOR_PASSWORD);
  add_user (fixture, "aada", SERVER_ROLE_ADMIN, ADMIN_PASSWORD);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->other);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->http);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
}

static GBytes *
send_from (SoupSession *session, SoupMessage *msg)
{
  return nv_test_http_send (session, msg, 10000);
}

/* A request as a browser of a signed-in staff member sends it (@staff may be NULL). */
static SoupMessage *
staff_message (
    Fixture *fixture, const char *method, const char *path, const Staff *staff, const char *body)
{
  g_autofree char    *url = g_strconcat (fixture->url, path + 1, NULL);
  SoupMessage        *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (staff != NULL)
    {
      g_autofree char *cookie = g_strconcat ("theme=dark; nv_session=", staff->token, NULL);

      soup_message_headers_replace (headers, "Cookie", cookie);
      if (staff->csrf != NULL)
        soup_message_headers_replace (headers, "X-CSRF-Token", staff->csrf);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

static guint
call (Fixture     *fixture,
      const char  *method,
      const char  *path,
      const Staff *staff,
      const char  *body,
      JsonNode   **out_reply)
{
  g_autoptr (SoupMessage) msg = staff_message (fixture, method, path, staff, body);
  g_autoptr (GBytes) reply = send_from (fixture->session, msg);

  if (out_reply != NULL)
    {
      g_autoptr (GError) error = NULL;

      *out_reply = nv_json_parse_bytes (reply, 0, &error);
      g_assert_no_error (error);
    }
  return soup_message_get_status (msg);
}

static const char *
member_string (JsonNode *node, const char *member)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_get_string_member_with_default (json_node_get_object (node), member, NULL);
}

static char *
login_body (const char *name, const char *password)
{
  return g_strdup_printf ("{\"name\": \"%s\", \"password\": \"%s\"}", name, password);
}

/* Signs in from @session; returns the status, and the Set-Cookie header through
 * @out_cookie and the session through @out_staff when it succeeded. */
static guint
login_from (Fixture     *fixture,
            SoupSession *session,
            const char  *name,
            const char  *password,
            char       **out_cookie,
            Staff       *out_staff)
{
  g_autofree char *body = login_body (name, password);
  g_autoptr (SoupMessage) msg = staff_message (fixture, "POST", "/api/v1/staff/login", NULL, body);
  g_autoptr (GBytes) reply = send_from (session, msg);
  const char *cookie
      = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
  guint status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_OK)
    {
      g_autoptr (JsonNode) node = nv_json_parse_bytes (reply, 0, NULL);

      g_assert_nonnull (cookie);
      g_assert_true (g_str_has_prefix (cookie, "nv_session="));
      if (out_staff != NULL)
        {
          out_staff->token = g_strndup (cookie + strlen ("nv_session="),
                                        strcspn (cookie + strlen ("nv_session="), ";"));
          out_staff->csrf = g_strdup (member_string (node, "csrf_token"));
        }
      if (out_cookie != NULL)
        *out_cookie = g_strdup (cookie);
    }
  else
    g_assert_null (cookie);
  return status;
}

static guint
login (Fixture *fixture, const char *name, const char *password, Staff *out_staff)
{
  return login_from (fixture, fixture->session, name, password, NULL, out_staff);
}

/* The Retry-After of a refused sign-in from @session, or -1 when it was not refused. */
static gint64
login_retry_after (Fixture *fixture, SoupSession *session, const char *name, const char *password)
{
  g_autofree char *body = login_body (name, password);
  g_autoptr (SoupMessage) msg = staff_message (fixture, "POST", "/api/v1/staff/login", NULL, body);
  g_autoptr (GBytes) reply = send_from (session, msg);
  const char *retry
      = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");

  if (soup_message_get_status (msg) != 429)
    {
      g_assert_null (retry);
      return -1;
    }
  g_assert_nonnull (retry);
  return g_ascii_strtoll (retry, NULL, 10);
}

static gint64
count_rows (Fixture *fixture, const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "neuvokas.db", NULL);
  g_autoptr (sqlite3) db = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The command line */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs neuvokas-server --data-dir DIR with @input (NULL: nothing) on its standard input:
 * a file, not a terminal. Not a pipe: a command that refuses before reading breaks it. */
static void
run_cli (Fixture *fixture, Run *run, const char *input, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *input_path = g_build_filename (fixture->dir, "stdin.txt", NULL);
  const char      *arg;
  va_list          ap;

  g_assert_nonnull (g_getenv ("NEUVOKAS_SERVER"));
  g_ptr_array_add (args, (gpointer) g_getenv ("NEUVOKAS_SERVER"));
  g_ptr_array_add (args, (gpointer) "--data-dir");
  g_ptr_array_add (args, fixture->dir);
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_file_set_contents (input_path, input != NULL ? input : "", -1, &error));
  launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  g_subprocess_launcher_set_child_setup (launcher, nv_test_die_with_parent_, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_unlink (input_path);
}

static void
test_cli_user_add (Fixture *fixture, gconstpointer data)
{
  g_auto (Run) added = { 0 };
  g_auto (Run) short_password = { 0 };
  g_auto (Run) no_password = { 0 };
  g_auto (Run) unknown_role = { 0 };
  g_auto (Run) duplicate = { 0 };
  g_auto (Run) listed = { 0 };
  g_auto (Run) disabled = { 0 };
  g_auto (Run) changed = { 0 };
  g_auto (Staff) staff = { NULL, NULL };

  run_cli (fixture, &added, CLI_PASSWORD "\n", "user", "add", "ilmari", "--role", "advisor", NULL);
  g_assert_cmpint (added.status, ==, 0);
  g_assert_nonnull (strstr (added.out, "ilmari"));
  /* The server in this process reads what the command wrote. */
  g_assert_cmpuint (login (fixture, "ilmari", CLI_PASSWORD, &staff), ==, 200);

  run_cli (fixture, &short_password, "too-short\n", "user", "add", "veikko", "--role", "advisor",
           NULL);
  g_assert_cmpint (short_password.status, ==, 2);
  g_assert_nonnull (strstr (short_password.err, "at least 10 characters"));
  run_cli (fixture, &no_password, "", "user", "add", "veikko", "--role", "advisor", NULL);
  g_assert_cmpint (no_password.status, ==, 2);
  g_assert_nonnull (strstr (no_password.err, "no password"));
  run_cli (fixture, &unknown_role, CLI_PASSWORD "\n", "user", "add", "veikko", "--role", "boss",
           NULL);
  g_assert_cmpint (unknown_role.status, ==, 2);
  g_assert_nonnull (strstr (unknown_role.err, "advisor, evaluator or admin"));
  run_cli (fixture, &duplicate, CLI_PASSWORD "\n", "user", "add", "ilmari", "--role", "admin",
           NULL);
  g_assert_cmpint (duplicate.status, ==, 1);
  g_assert_nonnull (strstr (duplicate.err, "already a user “ilmari”"));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM users WHERE name = 'veikko'"), ==, 0);

  run_cli (fixture, &changed, ADMIN_PASSWORD "\r\n", "user", "password", "ilmari", NULL);
  g_assert_cmpint (changed.status, ==, 0);
  /* A new password ends the sessions begun with the old one. */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &staff, NULL, NULL), ==, 401);
  g_assert_cmpuint (login (fixture, "ilmari", CLI_PASSWORD, NULL), ==, 401);
  g_assert_cmpuint (login (fixture, "ilmari", ADMIN_PASSWORD, NULL), ==, 200);

  run_cli (fixture, &disabled, NULL, "user", "disable", "ilmari", NULL);
  g_assert_cmpint (disabled.status, ==, 0);
  run_cli (fixture, &listed, NULL, "user", "list", NULL);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^ilmari +advisor +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +"
                                       "disabled",
                                       listed.out, G_REGEX_MULTILINE, 0));
  g_assert_true (
      g_regex_match_simple ("^aada +admin .* active$", listed.out, G_REGEX_MULTILINE, 0));
  for (guint i = 0; i < G_N_ELEMENTS (all_passwords); i++)
    {
      g_assert_null (strstr (added.out, all_passwords[i]));
      g_assert_null (strstr (listed.out, all_passwords[i]));
      g_assert_null (strstr (short_password.err, all_passwords[i]));
    }
}

/* Sessions */

static void
test_login_cookie (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autofree char *cookie = NULL;
  g_autoptr (JsonNode) me = NULL;
  g_auto (GStrv) attributes = NULL;

  g_assert_cmpuint (
      login_from (fixture, fixture->session, "aino", ADVISOR_PASSWORD, &cookie, &staff), ==, 200);
  attributes = g_strsplit (cookie, "; ", -1);
  g_assert_cmpuint (strlen (staff.token), ==, 43); /* 32 random bytes, base64url */
  g_assert_true (g_strv_contains ((const char *const *) attributes, "HttpOnly"));
  g_assert_true (g_strv_contains ((const char *const *) attributes, "SameSite=Strict"));
  g_assert_true (g_strv_contains ((const char *const *) attributes, "Path=/"));
  g_assert_true (g_strv_contains ((const char *const *) attributes, "Max-Age=28800"));
  /* Plain HTTP here: a Secure cookie would never come back. */
  g_assert_false (g_strv_contains ((const char *const *) attributes, "Secure"));
  g_assert_cmpuint (strlen (staff.csrf), ==, 43);
  g_assert_cmpstr (staff.csrf, !=, staff.token);

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &staff, NULL, &me), ==, 200);
  g_assert_cmpstr (member_string (me, "name"), ==, "aino");
  g_assert_cmpstr (member_string (me, "role"), ==, "advisor");
  g_assert_cmpstr (member_string (me, "csrf_token"), ==, staff.csrf);
  g_assert_cmpstr (member_string (me, "expires"), ==, "2027-01-15T16:00:00.000Z");
  /* The token is kept only as a hash. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM staff_sessions"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM staff_sessions WHERE "
                                        "length(token_hash) = 64"),
                   ==, 1);
}

static void
test_login_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) wrong = NULL;
  g_autoptr (JsonNode) unknown = NULL;
  g_autoptr (JsonNode) disabled = NULL;
  g_autoptr (JsonNode) missing = NULL;
  g_autofree char *wrong_body = login_body ("aino", WRONG_PASSWORD);
  g_autofree char *unknown_body = login_body ("nobody", ADVISOR_PASSWORD);
  g_autofree char *disabled_body = login_body ("eero", EVALUATOR_PASSWORD);

  g_assert_true (server_store_disable_user (fixture->store, "eero", &error));
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/login", NULL, wrong_body, &wrong), ==,
                    401);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/login", NULL, unknown_body, &unknown), ==,
                    401);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/login", NULL, disabled_body, &disabled),
                    ==, 401);
  /* One answer for all three: it tells nothing about which names exist. */
  g_assert_cmpstr (member_string (wrong, "error"), ==, member_string (unknown, "error"));
  g_assert_cmpstr (member_string (wrong, "error"), ==, member_string (disabled, "error"));

  /* A malformed request is not a failed sign-in. */
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/login", NULL, "{\"name\": \"aino\"}", &missing), ==,
      422);
  g_assert_cmpstr (member_string (missing, "field"), ==, "password");
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/login", NULL, "[1]", NULL), ==, 400);
  /* Names are matched in lower case. From another address: this one has failed thrice. */
  g_assert_cmpuint (login_from (fixture, fixture->other, "Aino", ADVISOR_PASSWORD, NULL, NULL), ==,
                    200);
}

static void
test_throttle_account (Fixture *fixture, gconstpointer data)
{
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (login (fixture, "aino", WRONG_PASSWORD, NULL), ==, 401);
  /* Refused at once, even with the right password, which is not checked. */
  g_assert_cmpint (login_retry_after (fixture, fixture->session, "aino", ADVISOR_PASSWORD), ==, 1);
  /* Per account: another address is refused too, for this account only. */
  g_assert_cmpint (login_retry_after (fixture, fixture->other, "aino", ADVISOR_PASSWORD), ==, 1);
  g_assert_cmpint (login_retry_after (fixture, fixture->other, "Aino", ADVISOR_PASSWORD), ==, 1);
  g_assert_cmpuint (login_from (fixture, fixture->other, "eero", EVALUATOR_PASSWORD, NULL, NULL),
                    ==, 200);

  /* The delay doubles with each failure. */
  fixture->now += 1;
  g_assert_cmpuint (login_from (fixture, fixture->other, "aino", WRONG_PASSWORD, NULL, NULL), ==,
                    401);
  g_assert_cmpint (login_retry_after (fixture, fixture->other, "aino", ADVISOR_PASSWORD), ==, 2);
  fixture->now += 1;
  g_assert_cmpint (login_retry_after (fixture, fixture->other, "aino", ADVISOR_PASSWORD), ==, 1);
  fixture->now += 1;

  /* A success clears the account's count. */
  g_assert_cmpuint (login_from (fixture, fixture->other, "aino", ADVISOR_PASSWORD, NULL, NULL), ==,
                    200);
  g_assert_cmpint (server_store_login_delay (fixture->store, "user:aino"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM login_failures WHERE "
                                        "key = 'user:aino'"),
                   ==, 0);

  /* Growing to the cap of 15 minutes, and no further. */
  for (guint i = 0; i < 20; i++)
    server_store_note_login_failure (fixture->store, "user:eero");
  g_assert_cmpint (server_store_login_delay (fixture->store, "user:eero"), ==, 15 * 60);
  fixture->now += 15 * 60;
  g_assert_cmpint (server_store_login_delay (fixture->store, "user:eero"), ==, 0);
}

static void
test_throttle_address (Fixture *fixture, gconstpointer data)
{
  static const char *const names[] = { "nobody", "aino", "Guessed Name" };

  /* Three failures from one address, each for another name. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpuint (login (fixture, names[i], WRONG_PASSWORD, NULL), ==, 401);
  g_assert_cmpint (login_retry_after (fixture, fixture->session, "eero", EVALUATOR_PASSWORD), ==,
                   1);
  /* The same account from another address is let through. */
  g_assert_cmpuint (login_from (fixture, fixture->other, "eero", EVALUATOR_PASSWORD, NULL, NULL),
                    ==, 200);
  fixture->now += 1;
  g_assert_cmpuint (login (fixture, "eero", EVALUATOR_PASSWORD, NULL), ==, 200);
  /* A success does not clear the address's count: one account cannot launder it. */
  g_assert_cmpint (count_rows (fixture, "SELECT failures FROM login_failures WHERE "
                                        "key = 'addr:127.0.0.1'"),
                   ==, 3);
  /* A name that is no account is kept only as a hash: it may be a mistyped password. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM login_failures WHERE "
                                        "key LIKE '%nobody%' OR key LIKE '%Guessed%'"),
                   ==, 0);
}

static void
test_logout (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_auto (Staff) other = { NULL, NULL };
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) reply = NULL;
  const char *cookie;

  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, &staff), ==, 200);
  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, &other), ==, 200);
  msg = staff_message (fixture, "POST", "/api/v1/staff/logout", &staff, NULL);
  reply = send_from (fixture->session, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
  cookie = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
  g_assert_true (g_str_has_prefix (cookie, "nv_session=;"));
  g_assert_nonnull (strstr (cookie, "Max-Age=0"));

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &staff, NULL, NULL), ==, 401);
  /* Only that session ended. */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &other, NULL, NULL), ==, 200);
}

static void
test_expiry (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_auto (Staff) idle = { NULL, NULL };
  gint64 start = fixture->now;

  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, &staff), ==, 200);
  g_assert_cmpuint (login (fixture, "eero", EVALUATOR_PASSWORD, &idle), ==, 200);

  /* Active every 29 minutes, the session lasts its 8 hours, and not a second more. */
  while (fixture->now + 29 * 60 < start + 8 * 60 * 60)
    {
      fixture->now += 29 * 60;
      g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &staff, NULL, NULL), ==, 200);
    }
  /* 30 minutes without a request end the other one. */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &idle, NULL, NULL), ==, 401);

  fixture->now = start + 8 * 60 * 60 - 1;
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &staff, NULL, NULL), ==, 200);
  fixture->now = start + 8 * 60 * 60;
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &staff, NULL, NULL), ==, 401);

  /* Expired sessions leave no rows behind. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM staff_sessions"), ==, 0);
}

/* CSRF and Origin */

static void
test_csrf (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_auto (Staff) other = { NULL, NULL };
  g_autoptr (JsonNode) missing = NULL;
  Staff       without = { NULL, NULL };
  Staff       wrong = { NULL, NULL };
  Staff       foreign = { NULL, NULL };
  const char *body = "{\"name\": \"uusi\", \"role\": \"advisor\", \"password\": \"0123456789\"}";

  g_assert_cmpuint (login (fixture, "aada", ADMIN_PASSWORD, &staff), ==, 200);
  g_assert_cmpuint (login (fixture, "aada", ADMIN_PASSWORD, &other), ==, 200);
  without.token = staff.token;
  wrong.token = staff.token;
  wrong.csrf = (char *) "not-the-token";
  /* Each session has its own. */
  foreign.token = staff.token;
  foreign.csrf = other.csrf;

  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &without, body, &missing), ==,
                    403);
  g_assert_nonnull (strstr (member_string (missing, "error"), "X-CSRF-Token"));
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &wrong, body, NULL), ==, 403);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &foreign, body, NULL), ==, 403);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/logout", &without, NULL, NULL), ==, 403);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM users WHERE name = 'uusi'"), ==, 0);
  /* Reading needs no token. */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/users", &without, NULL, NULL), ==, 200);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &staff, body, NULL), ==, 201);
}

static guint
call_with_origin (
    Fixture *fixture, const char *path, const Staff *staff, const char *body, const char *origin)
{
  g_autoptr (SoupMessage) msg = staff_message (fixture, "POST", path, staff, body);
  g_autoptr (GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", origin);
  reply = send_from (fixture->session, msg);
  return soup_message_get_status (msg);
}

static void
test_origin (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (GUri) uri = g_uri_parse (fixture->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *own = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_autofree char *other_port = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri) + 1);
  g_autofree char *login_ok = login_body ("aada", ADMIN_PASSWORD);
  const char      *body = "{\"name\": \"aino\"}";

  g_assert_cmpuint (login (fixture, "aada", ADMIN_PASSWORD, &staff), ==, 200);
  g_assert_cmpuint (call_with_origin (fixture, "/api/v1/staff/users/disable", &staff, body,
                                      "http://evil.example"),
                    ==, 403);
  g_assert_cmpuint (
      call_with_origin (fixture, "/api/v1/staff/users/disable", &staff, body, other_port), ==, 403);
  g_assert_cmpuint (call_with_origin (fixture, "/api/v1/staff/users/disable", &staff, body, "null"),
                    ==, 403);
  /* Signing in from another site's page is refused too (login CSRF). */
  g_assert_cmpuint (
      call_with_origin (fixture, "/api/v1/staff/login", NULL, login_ok, "http://evil.example"), ==,
      403);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM users WHERE disabled IS NULL"), ==,
                   3);
  g_assert_cmpuint (call_with_origin (fixture, "/api/v1/staff/users/disable", &staff, body, own),
                    ==, 200);
}

/* Roles */

typedef enum
{
  AS_NOBODY,
  AS_ADVISOR,
  AS_EVALUATOR,
  AS_ADMIN,
  N_AS
} As;

static const char *const as_names[N_AS] = { NULL, "aino", "eero", "aada" };

/* Every staff route, as each kind of caller: a new route adds a row. POSTs carry the
 * session's CSRF token, so a 403 here is the role's. */
static const struct
{
  const char *method;
  const char *path;
  const char *body;
  guint       expected[N_AS];
} role_matrix[] = {
  { "POST",
    "/api/v1/staff/login",
    "{\"name\": \"aada\", \"password\": \"" ADMIN_PASSWORD "\"}",
    { 200, 200, 200, 200 } },
  { "POST", "/api/v1/staff/logout", NULL, { 401, 204, 204, 204 } },
  { "GET", "/api/v1/staff/me", NULL, { 401, 200, 200, 200 } },
  { "GET", "/api/v1/staff/kiosks", NULL, { 401, 200, 200, 200 } },
  { "GET", "/api/v1/staff/users", NULL, { 401, 403, 403, 200 } },
  { "POST",
    "/api/v1/staff/users",
    "{\"name\": \"matrix\", \"role\": \"advisor\", \"password\": \"0123456789\"}",
    { 401, 403, 403, 201 } },
  { "POST", "/api/v1/staff/users/disable", "{\"name\": \"target\"}", { 401, 403, 403, 200 } },
  { "POST", "/api/v1/staff/users/enable", "{\"name\": \"target\"}", { 401, 403, 403, 200 } },
  { "POST",
    "/api/v1/staff/users/role",
    "{\"name\": \"target\", \"role\": \"evaluator\"}",
    { 401, 403, 403, 200 } },
  { "POST",
    "/api/v1/staff/users/password",
    "{\"name\": \"target\", \"password\": \"target-password-2\"}",
    { 401, 403, 403, 200 } },
  { "POST",
    "/api/v1/staff/kiosks",
    "{\"name\": \"Matrix kiosk\", \"municipality\": \"564\"}",
    { 401, 403, 403, 201 } },
  { "POST", "/api/v1/staff/kiosks/revoke", "{\"id\": \"kiosk-nowhere\"}", { 401, 403, 403, 404 } },
  { "POST",
    "/api/v1/staff/kiosks/host",
    "{\"id\": \"kiosk-nowhere\", \"host\": null}",
    { 401, 403, 403, 404 } },
  { "GET", "/api/v1/staff/kiosks/silence", NULL, { 401, 200, 200, 200 } },
  /* Slots and the appointment queue: advisors' work; evaluators never see a name. */
  { "GET", "/api/v1/staff/slots", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/slots",
    "{\"organisation\": \"test-library\", \"kind\": \"digital-support\","
    " \"starts_at\": \"2086-06-01T07:00:00Z\", \"duration_minutes\": 30, \"capacity\": 2}",
    /* The admin's is the advisor's slot again: past the role check, refused as a duplicate. */
    { 401, 201, 403, 422 } },
  { "POST", "/api/v1/staff/slots/cancel", "{\"id\": \"slot-nowhere\"}", { 401, 404, 403, 404 } },
  { "GET", "/api/v1/staff/slots?week=2086-06-01", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/slots/batch",
    "{\"preview\": true, \"copy\": {\"week\": \"2086-06-01\", \"to\": \"2086-06-08\"}}",
    { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/slots/move",
    "{\"request\": \"NOPE\", \"slot\": \"slot-nowhere\"}",
    { 401, 404, 403, 404 } },
  { "GET", "/api/v1/staff/appointments", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/appointments/mark",
    "{\"id\": \"NOPE\", \"state\": \"contacted\"}",
    { 401, 404, 403, 404 } },
  { "GET", "/api/v1/staff/organisation/draft?id=nowhere", NULL, { 401, 200, 403, 200 } },
  { "POST", "/api/v1/staff/organisations/draft", "{\"organisation\": 5}", { 401, 422, 403, 422 } },
  { "POST",
    "/api/v1/staff/organisations/discard-draft",
    "{\"id\": \"nowhere\"}",
    { 401, 404, 403, 404 } },
  { "POST",
    "/api/v1/staff/appointments/record",
    "{\"id\": \"NOPE\", \"action\": \"no-answer\"}",
    { 401, 404, 403, 404 } },

  /* "This information is wrong": advisors' queue. */
  { "GET", "/api/v1/staff/info-reports", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/info-reports",
    "{\"organisation\": \"test-library\", \"reason\": \"hours\"}",
    { 401, 201, 403, 201 } },
  { "POST", "/api/v1/staff/info-reports/handled", "{\"id\": \"nowhere\"}", { 401, 404, 403, 404 } },

  /* Staff calls from kiosks: advisors answer them; nothing personal in a call. */
  { "GET", "/api/v1/staff/calls", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/calls/mark",
    "{\"id\": \"nowhere\", \"state\": \"coming\"}",
    { 401, 404, 403, 404 } },
  /* Content editing: advisors' work too. A 404 for an id that is nowhere shows that the
   * role was let through. */
  { "GET", "/api/v1/staff/categories", NULL, { 401, 200, 403, 200 } },
  { "GET", "/api/v1/staff/guides", NULL, { 401, 200, 403, 200 } },
  { "GET", "/api/v1/staff/guide?id=omaolo", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/guides/draft",
    "{\"guide\": {\"id\": \"matrix\", \"category\": \"health\", \"title\": {\"fi\": \"Matriisi\"},"
    " \"steps\": [{\"text\": {\"fi\": \"Yksi.\"}}]}}",
    { 401, 200, 403, 200 } },
  { "POST", "/api/v1/staff/guides/publish", "{\"id\": \"nowhere\"}", { 401, 404, 403, 404 } },
  { "POST", "/api/v1/staff/guides/discard-draft", "{\"id\": \"nowhere\"}", { 401, 404, 403, 404 } },
  { "POST", "/api/v1/staff/guides/delete", "{\"id\": \"nowhere\"}", { 401, 404, 403, 404 } },
  { "GET", "/api/v1/staff/organisations", NULL, { 401, 200, 403, 200 } },
  { "GET", "/api/v1/staff/organisation?id=test-library", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/organisations",
    "{\"organisation\": {\"id\": \"matrix\", \"name\": {\"fi\": \"Matriisi\"},"
    " \"kind\": \"other\", \"municipality\": \"564\"}}",
    { 401, 200, 403, 200 } },
  /* Versions of content: advisors compare and restore them. */
  { "GET", "/api/v1/staff/versions?kind=guide&id=omaolo", NULL, { 401, 200, 403, 200 } },
  { "GET", "/api/v1/staff/version?kind=guide&id=omaolo&revision=1", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/versions/restore",
    "{\"kind\": \"guide\", \"id\": \"nowhere\", \"revision\": 1}",
    { 401, 404, 403, 404 } },
  /* Reviewing imported directory entries: advisors' work. */
  { "GET", "/api/v1/staff/directory/changes", NULL, { 401, 200, 403, 200 } },
  { "GET", "/api/v1/staff/directory/change?id=nowhere", NULL, { 401, 404, 403, 404 } },
  { "POST", "/api/v1/staff/directory/accept", "{\"id\": \"nowhere\"}", { 401, 404, 403, 404 } },
  { "POST", "/api/v1/staff/directory/keep", "{\"id\": \"nowhere\"}", { 401, 404, 403, 404 } },
  { "GET", "/api/v1/staff/municipalities", NULL, { 401, 200, 200, 200 } },
  { "GET", "/api/v1/staff/synonyms", NULL, { 401, 200, 403, 200 } },
  { "POST",
    "/api/v1/staff/synonyms",
    "{\"synonym\": {\"id\": \"matrix\", \"words\": [\"kela\"]}}",
    { 401, 200, 403, 200 } },
  { "POST", "/api/v1/staff/synonyms/delete", "{\"id\": \"nowhere\"}", { 401, 404, 403, 404 } },
  { "POST", "/api/v1/staff/organisations/delete", "{\"id\": \"nowhere\"}", { 401, 404, 403, 404 } },
  /* Reports and the events export: evaluators' work; nothing personal in them. */
  { "GET", "/api/v1/staff/reports/reach", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/reports/demand", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/reports/friction", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/reports/handover", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/reports/experience", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/reports/operations", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/events/export", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/events/counts", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/export/archive", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/reports/evaluation", NULL, { 401, 403, 200, 200 } },
  { "GET", "/api/v1/staff/costs", NULL, { 401, 403, 200, 200 } },
  { "POST",
    "/api/v1/staff/costs",
    "{\"from\": \"2027-01-01\", \"to\": \"2027-01-31\", "
    "\"channels\": [{\"channel\": \"phone\", \"cost_cents\": 100, \"contacts\": 1}]}",
    { 401, 403, 204, 204 } },
  /* Funnels: evaluators define what the funnel report counts. */
  { "GET", "/api/v1/staff/funnels", NULL, { 401, 403, 200, 200 } },
  { "POST",
    "/api/v1/staff/funnels",
    "{\"funnel\": {\"name\": \"Matriisi\", \"steps\": [{\"type\": \"search\"},"
    " {\"type\": \"guide_view\"}]}}",
    { 401, 403, 201, 201 } },
  { "POST", "/api/v1/staff/funnels/delete", "{\"id\": \"nowhere\"}", { 401, 403, 404, 404 } },
  { "GET", "/api/v1/staff/reports/funnel?id=nowhere", NULL, { 401, 403, 404, 404 } },
};

/* A row's path may carry a query ("/api/v1/staff/guide?id=…"); the route's does not. */
static gboolean
row_names_route (const char *method, const char *path, const ServerRoute *route)
{
  gsize length = strcspn (path, "?");

  return g_str_equal (method, route->method) && strlen (route->path) == length
         && strncmp (path, route->path, length) == 0;
}

/* An advisor's day: a slot published through the staff API reaches the kiosks with the
 * content; a request a kiosk sends for it is in the queue, audited as read by that
 * advisor, and is marked contacted, then done with an outcome. */
static void
test_advisor_queue (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) marked = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *slot_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *url = NULL;
  g_autoptr (SoupMessage) post = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GBytes) bytes = NULL;
  JsonArray  *appointments;
  JsonObject *first;

  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, &staff), ==, 200);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/slots", &staff,
                          "{\"organisation\": \"test-library\", \"kind\": \"digital-support\","
                          " \"starts_at\": \"2086-06-03T07:00:00Z\", \"capacity\": 1}",
                          &reply),
                    ==, 201);
  slot_id = g_strdup (json_object_get_string_member (json_node_get_object (reply), "id"));
  content = server_store_get_content (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (content->slots->len, ==, 1);
  g_assert_cmpstr (((NvSlot *) content->slots->pdata[0])->id, ==, slot_id);

  /* A resident asks for that slot at a kiosk. */
  g_assert_true (server_store_add_kiosk (fixture->store, "Aula", "564", &kiosk_id, &token, &error));
  body = g_strdup_printf ("{\"appointments\": [{\"id\": \"5b0e8e2e-3f0c-4c8e-9a55-2f1b9d7c6a01\","
                          " \"reference\": \"K7M4PX\", \"created\": \"2026-11-22T08:00:00Z\","
                          " \"reason\": \"device\", \"contact_method\": \"meeting\","
                          " \"slot\": \"%s\", \"name\": \"Aili Aaltonen\","
                          " \"phone\": \"+358401234567\", \"language\": \"fi\"}]}",
                          slot_id);
  url = g_strconcat (fixture->url, "api/v1/kiosk/appointments", NULL);
  post = soup_message_new ("POST", url);
  authorization = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (post), "Authorization",
                                authorization);
  bytes = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (post, "application/json", bytes);
  answer = send_from (fixture->session, post);
  g_assert_cmpuint (soup_message_get_status (post), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (answer, NULL), "\"taken\""));

  /* The queue: the request, with what the advisor needs to call back. */
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/appointments", &staff, NULL, &list), ==,
                    200);
  appointments = json_object_get_array_member (json_node_get_object (list), "appointments");
  g_assert_cmpuint (json_array_get_length (appointments), ==, 1);
  first = json_array_get_object_element (appointments, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Aili Aaltonen");
  g_assert_cmpstr (json_object_get_string_member (first, "phone"), ==, "+358401234567");
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "open");
  /* One row for the request shown (the slot published before has its own). */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE actor = "
                                        "'staff:aino' AND action = 'list'"),
                   ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE actor = "
                                        "'staff:aino' AND action = 'slot-published'"),
                   ==, 1);

  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/appointments/mark", &staff,
                          "{\"id\": \"K7M4PX\", \"state\": \"contacted\"}", NULL),
                    ==, 200);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/appointments/mark", &staff,
                          "{\"id\": \"K7M4PX\", \"state\": \"done\", \"outcome\": \"maybe\"}",
                          NULL),
                    ==, 422);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/appointments/mark", &staff,
                          "{\"id\": \"K7M4PX\", \"state\": \"done\", \"outcome\": \"solved\"}",
                          &marked),
                    ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (marked), "outcome"), ==,
                   "solved");
  g_assert_cmpint (
      count_rows (fixture, "SELECT count(*) FROM audit_log WHERE actor = 'staff:aino'"), >=, 3);
  /* Done requests leave the open queue. */
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/appointments", &staff, NULL, &list), ==,
                    200);
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (list), "appointments")),
                    ==, 0);
}

static void
test_role_matrix (Fixture *fixture, gconstpointer data)
{
  guint              n_routes, n_more;
  const ServerRoute *staff_routes = server_staff_accounts_api_routes (&n_routes);
  const ServerRoute *more = server_staff_appointments_api_routes (&n_more);
  guint              n_reports;
  const ServerRoute *reports = server_staff_reports_api_routes (&n_reports);
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (ServerRoute));
  const ServerRoute *routes;
  guint              n_content;
  const ServerRoute *content = server_staff_content_api_routes (&n_content);
  guint              n_directory;
  const ServerRoute *directory = server_staff_directory_api_routes (&n_directory);
  guint              n_synonyms;
  const ServerRoute *synonyms = server_staff_synonyms_api_routes (&n_synonyms);

  g_array_append_vals (all, staff_routes, n_routes);
  g_array_append_vals (all, more, n_more);
  g_array_append_vals (all, content, n_content);
  g_array_append_vals (all, directory, n_directory);
  g_array_append_vals (all, synonyms, n_synonyms);
  g_array_append_vals (all, reports, n_reports);
  routes = (const ServerRoute *) all->data;
  n_routes = all->len;

  /* The matrix covers every staff route. */
  for (guint r = 0; r < n_routes; r++)
    {
      gboolean covered = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (role_matrix); i++)
        covered |= row_names_route (role_matrix[i].method, role_matrix[i].path, &routes[r]);
      if (!covered)
        g_error ("%s %s has no row in the role matrix", routes[r].method, routes[r].path);
    }

  add_user (fixture, "target", SERVER_ROLE_ADVISOR, "target-password");
  for (guint i = 0; i < G_N_ELEMENTS (role_matrix); i++)
    for (guint as = 0; as < N_AS; as++)
      {
        g_autoptr (ServerSession) session = NULL;
        g_autoptr (ServerUser) user = NULL;
        g_autoptr (JsonNode) reply = NULL;
        g_autoptr (GError) error = NULL;
        g_auto (Staff) staff = { NULL, NULL };
        guint status;

        /* A fresh session per cell (made in the store: no password hashing), so that a
         * logout or a disabled account in one cell leaves the others as they were. */
        if (as != AS_NOBODY)
          {
            user = server_store_find_user (fixture->store, as_names[as], &error);
            g_assert_no_error (error);
            session = server_store_create_session (fixture->store, user->id, &staff.token, &error);
            g_assert_no_error (error);
            staff.csrf = g_strdup (session->csrf_token);
          }
        status = call (fixture, role_matrix[i].method, role_matrix[i].path,
                       as != AS_NOBODY ? &staff : NULL, role_matrix[i].body, NULL);
        if (status != role_matrix[i].expected[as])
          g_error ("%s %s as %s: %u, not %u", role_matrix[i].method, role_matrix[i].path,
                   as_names[as] ? as_names[as] : "nobody", status, role_matrix[i].expected[as]);
      }
}

/* Users and kiosks over the API */

static void
test_users_api (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) admin = { NULL, NULL };
  g_auto (Staff) advisor = { NULL, NULL };
  g_autoptr (JsonNode) created = NULL;
  g_autoptr (JsonNode) duplicate = NULL;
  g_autoptr (JsonNode) short_password = NULL;
  g_autoptr (JsonNode) bad_role = NULL;
  g_autoptr (JsonNode) bad_name = NULL;
  g_autoptr (JsonNode) self = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) disabled = NULL;
  JsonArray *users;

  g_assert_cmpuint (login (fixture, "aada", ADMIN_PASSWORD, &admin), ==, 200);
  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, &advisor), ==, 200);

  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &admin,
                          "{\"name\": \"helmi\", \"role\": \"evaluator\", "
                          "\"password\": \"helmi-password\"}",
                          &created),
                    ==, 201);
  g_assert_cmpstr (member_string (created, "name"), ==, "helmi");
  g_assert_cmpstr (member_string (created, "role"), ==, "evaluator");
  g_assert_cmpstr (member_string (created, "created"), ==, "2027-01-15T08:00:00.000Z");
  g_assert_null (member_string (created, "password"));
  g_assert_cmpuint (login (fixture, "helmi", "helmi-password", NULL), ==, 200);

  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &admin,
                          "{\"name\": \"helmi\", \"role\": \"advisor\", "
                          "\"password\": \"0123456789\"}",
                          &duplicate),
                    ==, 409);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &admin,
                          "{\"name\": \"lyhyt\", \"role\": \"advisor\", "
                          "\"password\": \"012345678\"}",
                          &short_password),
                    ==, 422);
  g_assert_cmpstr (member_string (short_password, "field"), ==, "password");
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &admin,
                          "{\"name\": \"rooli\", \"role\": \"root\", "
                          "\"password\": \"0123456789\"}",
                          &bad_role),
                    ==, 422);
  g_assert_cmpstr (member_string (bad_role, "field"), ==, "role");
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users", &admin,
                          "{\"name\": \"Iso Nimi\", \"role\": \"advisor\", "
                          "\"password\": \"0123456789\"}",
                          &bad_name),
                    ==, 422);
  g_assert_cmpstr (member_string (bad_name, "field"), ==, "name");

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/users", &admin, NULL, &list), ==, 200);
  users = json_object_get_array_member (json_node_get_object (list), "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 0), "name"),
                   ==, "aada");

  /* Disabling ends the user's sessions at once. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users/disable", &admin,
                          "{\"name\": \"aino\"}", &disabled),
                    ==, 200);
  g_assert_cmpstr (member_string (disabled, "disabled"), ==, "2027-01-15T08:00:00.000Z");
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &advisor, NULL, NULL), ==, 401);
  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, NULL), ==, 401);
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/users/disable", &admin, "{\"name\": \"nobody\"}", NULL),
      ==, 404);
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/users/disable", &admin, "{\"name\": \"aada\"}", &self),
      ==, 409);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &admin, NULL, NULL), ==, 200);
}

static void
test_kiosks (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  JsonArray       *kiosks;
  JsonObject      *kiosk;

  g_assert_true (
      server_store_add_kiosk (fixture->store, "Kirjasto, aula", "564", &id, &token, &error));
  server_store_note_kiosk_contact (fixture->store, id, "0.1.0", 7, 3);
  g_assert_cmpuint (login (fixture, "eero", EVALUATOR_PASSWORD, &staff), ==, 200);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/kiosks", &staff, NULL, &reply), ==, 200);
  kiosks = json_object_get_array_member (json_node_get_object (reply), "kiosks");
  g_assert_cmpuint (json_array_get_length (kiosks), ==, 1);
  kiosk = json_array_get_object_element (kiosks, 0);
  g_assert_cmpstr (json_object_get_string_member (kiosk, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (kiosk, "name"), ==, "Kirjasto, aula");
  g_assert_cmpstr (json_object_get_string_member (kiosk, "municipality"), ==, "564");
  g_assert_nonnull (json_object_get_string_member (kiosk, "last_contact"));
  g_assert_cmpint (json_object_get_int_member (kiosk, "content_revision"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (kiosk, "app_version"), ==, "0.1.0");
  g_assert_cmpint (json_object_get_int_member (kiosk, "outbox_backlog"), ==, 3);
  g_assert_true (json_object_get_null_member (kiosk, "revoked"));
  /* The token is nowhere in the answer. */
  g_assert_null (strstr (json_object_get_string_member (kiosk, "name"), "nvk_"));
}

/* A request as the kiosk with @token sends it: its version, revision and backlog. */
static guint
kiosk_call (
    Fixture *fixture, const char *method, const char *path, const char *token, const char *body)
{
  g_autoptr (SoupMessage) msg = staff_message (fixture, method, path, NULL, body);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char    *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr (GBytes) reply = NULL;

  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "User-Agent", "neuvokas-kiosk/2.3.4");
  soup_message_headers_replace (headers, "X-Neuvokas-Content-Revision", "1");
  soup_message_headers_replace (headers, "X-Neuvokas-Outbox-Backlog", "5");
  reply = send_from (fixture->session, msg);
  return soup_message_get_status (msg);
}

static JsonObject *
list_one_kiosk (Fixture *fixture, const Staff *staff, JsonNode **out_reply)
{
  JsonArray *kiosks;

  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/kiosks", staff, NULL, out_reply), ==, 200);
  kiosks = json_object_get_array_member (json_node_get_object (*out_reply), "kiosks");
  g_assert_cmpuint (json_array_get_length (kiosks), ==, 1);
  return json_array_get_object_element (kiosks, 0);
}

/* What a kiosk's requests report of it reaches the console by the event writer: not at
 * once on a poll (the main loop writes nothing), with its next push of events. */
static void
test_kiosks_contact_by_writer (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL, NULL };
  g_autoptr (JsonNode) before = NULL;
  g_autoptr (JsonNode) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  JsonObject      *kiosk;

  g_assert_true (
      server_store_add_kiosk (fixture->store, "Kirjasto, aula", "564", &id, &token, &error));
  g_assert_cmpuint (login (fixture, "eero", EVALUATOR_PASSWORD, &staff), ==, 200);
  g_assert_cmpuint (kiosk_call (fixture, "GET", "/api/v1/kiosk/content?since=1", token, NULL), ==,
                    304);
  kiosk = list_one_kiosk (fixture, &staff, &before);
  g_assert_true (json_object_get_null_member (kiosk, "last_contact"));
  g_assert_true (json_object_get_null_member (kiosk, "app_version"));

  g_assert_cmpuint (
      kiosk_call (fixture, "POST", "/api/v1/kiosk/events", token,
                  "{\"events\": [{\"id\": \"0190c6a0-0000-7000-8000-000000000001\","
                  " \"session\": \"6f1c1f57-5d2e-4b55-9a51-7a3c3e2a9b10\","
                  " \"time\": \"2027-01-15T08:00:00.000Z\", \"type\": \"session_start\","
                  " \"language\": \"fi\", \"text_size\": 0, \"high_contrast\": false,"
                  " \"value\": 0}]}"),
      ==, 200);
  kiosk = list_one_kiosk (fixture, &staff, &after);
  g_assert_cmpstr (json_object_get_string_member (kiosk, "last_contact"), ==,
                   "2027-01-15T08:00:00.000Z");
  g_assert_cmpstr (json_object_get_string_member (kiosk, "app_version"), ==, "2.3.4");
  g_assert_cmpint (json_object_get_int_member (kiosk, "content_revision"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (kiosk, "outbox_backlog"), ==, 5);
}

/* An admin's day with accounts: enable again, change a role, reset a password; the last
 * admin stays, in the console and on the command line. */
static void
test_users_manage (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) admin = { NULL, NULL };
  g_auto (Staff) advisor = { NULL, NULL };
  g_auto (Staff) second = { NULL, NULL };
  g_autoptr (JsonNode) enabled = NULL;
  g_autoptr (JsonNode) role = NULL;
  g_autoptr (JsonNode) bad_role = NULL;
  g_autoptr (JsonNode) own_role = NULL;
  g_autoptr (JsonNode) short_password = NULL;
  g_autoptr (JsonNode) me = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Run) last = { 0 };
  g_auto (Run) enable = { 0 };

  g_assert_cmpuint (login (fixture, "aada", ADMIN_PASSWORD, &admin), ==, 200);

  /* Disabled, then enabled again: the same password works. */
  g_assert_true (server_store_disable_user (fixture->store, "aino", &error));
  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, NULL), ==, 401);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users/enable", &admin,
                          "{\"name\": \"aino\"}", &enabled),
                    ==, 200);
  g_assert_true (json_object_get_null_member (json_node_get_object (enabled), "disabled"));
  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, &advisor), ==, 200);
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/users/enable", &admin, "{\"name\": \"nobody\"}", NULL),
      ==, 404);

  /* A new role ends the sessions that carry the old one. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users/role", &admin,
                          "{\"name\": \"aino\", \"role\": \"evaluator\"}", &role),
                    ==, 200);
  g_assert_cmpstr (member_string (role, "role"), ==, "evaluator");
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &advisor, NULL, NULL), ==, 401);
  g_clear_pointer (&advisor.token, g_free);
  g_clear_pointer (&advisor.csrf, g_free);
  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, &advisor), ==, 200);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &advisor, NULL, &me), ==, 200);
  g_assert_cmpstr (member_string (me, "role"), ==, "evaluator");
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/appointments", &advisor, NULL, NULL), ==,
                    403);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users/role", &admin,
                          "{\"name\": \"aino\", \"role\": \"root\"}", &bad_role),
                    ==, 422);
  g_assert_cmpstr (member_string (bad_role, "field"), ==, "role");
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users/role", &admin,
                          "{\"name\": \"aada\", \"role\": \"advisor\"}", &own_role),
                    ==, 409);

  /* A password reset: the old one and its sessions end. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users/password", &admin,
                          "{\"name\": \"aino\", \"password\": \"short\"}", &short_password),
                    ==, 422);
  g_assert_cmpstr (member_string (short_password, "field"), ==, "password");
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users/password", &admin,
                          "{\"name\": \"aino\", \"password\": \"aino-new-password\"}", NULL),
                    ==, 200);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &advisor, NULL, NULL), ==, 401);
  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, NULL), ==, 401);
  g_assert_cmpuint (login (fixture, "aino", "aino-new-password", NULL), ==, 200);
  g_assert_null (strstr (captured_log->str, "aino-new-password"));

  /* Two admins: one may go. The one left is the last: not disabled, nor demoted, from
   * the console or from the command line. */
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/users/role", &admin,
                          "{\"name\": \"eero\", \"role\": \"admin\"}", NULL),
                    ==, 200);
  g_assert_cmpuint (login (fixture, "eero", EVALUATOR_PASSWORD, &second), ==, 200);
  g_assert_cmpuint (
      call (fixture, "POST", "/api/v1/staff/users/disable", &second, "{\"name\": \"aada\"}", NULL),
      ==, 200);
  run_cli (fixture, &last, NULL, "user", "disable", "eero", NULL);
  g_assert_cmpint (last.status, !=, 0);
  g_assert_nonnull (strstr (last.err, "last admin"));
  g_assert_false (server_store_set_user_role (fixture->store, "eero", SERVER_ROLE_ADVISOR, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/me", &second, NULL, NULL), ==, 200);

  /* On the command line, an account comes back: user enable. */
  run_cli (fixture, &enable, NULL, "user", "enable", "aada", NULL);
  g_assert_cmpint (enable.status, ==, 0);
  g_assert_nonnull (strstr (enable.out, "aada enabled"));
  g_assert_cmpuint (login (fixture, "aada", ADMIN_PASSWORD, NULL), ==, 200);
  g_assert_true (server_store_disable_user (fixture->store, "eero", &error));
  g_assert_no_error (error);
}

/* Kiosks registered and revoked from the console: the token is shown once. */
static void
test_kiosks_manage (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) admin = { NULL, NULL };
  g_autoptr (JsonNode) added = NULL;
  g_autoptr (JsonNode) bad = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (SoupMessage) poll = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *listed = NULL;
  const char      *id;
  const char      *token;

  g_assert_cmpuint (login (fixture, "aada", ADMIN_PASSWORD, &admin), ==, 200);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/kiosks", &admin,
                          "{\"name\": \"Pääkirjasto, aula\", \"municipality\": \"564\"}", &added),
                    ==, 201);
  id = member_string (added, "id");
  token = member_string (added, "token");
  g_assert_true (g_str_has_prefix (token, "nvk_"));
  g_assert_cmpstr (member_string (added, "name"), ==, "Pääkirjasto, aula");
  g_assert_null (strstr (captured_log->str, token));

  /* The kiosk works with it; the list never shows it again. */
  url = g_strconcat (fixture->url, "api/v1/kiosk/content", NULL);
  authorization = g_strconcat ("Bearer ", token, NULL);
  poll = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (poll), "Authorization",
                                authorization);
  answer = send_from (fixture->session, poll);
  g_assert_cmpuint (soup_message_get_status (poll), ==, 200);
  g_assert_cmpuint (call (fixture, "GET", "/api/v1/staff/kiosks", &admin, NULL, &list), ==, 200);
  listed = json_to_string (list, FALSE);
  g_assert_nonnull (strstr (listed, id));
  g_assert_null (strstr (listed, token));

  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/kiosks", &admin,
                          "{\"name\": \"Aula\", \"municipality\": \"999\"}", &bad),
                    ==, 422);
  g_assert_cmpstr (member_string (bad, "field"), ==, "municipality");

  /* Revoked: refused from then on. */
  {
    g_autofree char *body = g_strdup_printf ("{\"id\": \"%s\"}", id);
    g_autoptr (SoupMessage) again = soup_message_new ("GET", url);
    g_autoptr (GBytes) refused = NULL;

    g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/kiosks/revoke", &admin, body, NULL), ==,
                      204);
    soup_message_headers_replace (soup_message_get_request_headers (again), "Authorization",
                                  authorization);
    refused = send_from (fixture->session, again);
    g_assert_cmpuint (soup_message_get_status (again), ==, 401);
  }
}

/* Secrets */

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize            length;

  gsize needle_length = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  /* Byte by byte: the file is binary, with NULs. */
  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (contents + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

static void
test_no_plaintext_passwords (Fixture *fixture, gconstpointer data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "neuvokas.db", NULL);
  g_autofree char *wal = g_build_filename (fixture->dir, "neuvokas.db-wal", NULL);
  g_autofree char *wrong_name = login_body (WRONG_PASSWORD, WRONG_PASSWORD);
  g_autoptr (GError) error = NULL;
  g_auto (Run) added = { 0 };

  /* Every way a password comes in: the command line, the API, sign-ins right and
   * wrong, and a password typed into the name field. */
  run_cli (fixture, &added, CLI_PASSWORD "\n", "user", "add", "ilmari", "--role", "advisor", NULL);
  g_assert_cmpint (added.status, ==, 0);
  g_assert_cmpuint (login (fixture, "aino", ADVISOR_PASSWORD, NULL), ==, 200);
  g_assert_cmpuint (login (fixture, "aino", WRONG_PASSWORD, NULL), ==, 401);
  g_assert_cmpuint (call (fixture, "POST", "/api/v1/staff/login", NULL, wrong_name, NULL), ==, 401);
  g_assert_true (server_store_set_password (fixture->store, "eero", EVALUATOR_PASSWORD, &error));

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM users"), ==, 4);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM users WHERE "
                                        "password_hash LIKE '$argon2id$%'"),
                   ==, 4);
  /* The server's own cost, as the command line hashed it: 64 MiB, 2 passes. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM users WHERE name = 'ilmari' AND "
                                        "password_hash LIKE '$argon2id$v=19$m=65536,t=2,p=1$%'"),
                   ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (all_passwords); i++)
    {
      g_assert_false (file_contains (db, all_passwords[i]));
      g_assert_false (file_contains (wal, all_passwords[i]));
      g_assert_null (strstr (captured_log->str, all_passwords[i]));
      g_assert_null (strstr (added.out, all_passwords[i]));
      g_assert_null (strstr (added.err, all_passwords[i]));
    }
  /* The sign-ins were logged, without their passwords. */
  g_assert_nonnull (strstr (captured_log->str, "Staff sign-in: aino (advisor)"));
}

static GLogWriterOutput
capture_log_cb (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        if (fields[i].length < 0)
          g_string_append (captured_log, fields[i].value);
        else
          g_string_append_len (captured_log, fields[i].value, fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_log_cb, NULL, NULL);
  /* In this process only: the command line run by the tests hashes at the full cost. */
  server_store_use_cheap_password_hashing ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-staff/cli-user-add", test_cli_user_add);
  ADD ("/server-staff/login-cookie", test_login_cookie);
  ADD ("/server-staff/login-refused", test_login_refused);
  ADD ("/server-staff/throttle-account", test_throttle_account);
  ADD ("/server-staff/throttle-address", test_throttle_address);
  ADD ("/server-staff/logout", test_logout);
  ADD ("/server-staff/expiry", test_expiry);
  ADD ("/server-staff/csrf", test_csrf);
  ADD ("/server-staff/origin", test_origin);
  ADD ("/server-staff/role-matrix", test_role_matrix);
  ADD ("/server-staff/advisor-queue", test_advisor_queue);
  ADD ("/server-staff/users-api", test_users_api);
  ADD ("/server-staff/kiosks", test_kiosks);
  ADD ("/server-staff/kiosks-contact-by-writer", test_kiosks_contact_by_writer);
  ADD ("/server-staff/users-manage", test_users_manage);
  ADD ("/server-staff/kiosks-manage", test_kiosks_manage);
  ADD ("/server-staff/no-plaintext-passwords", test_no_plaintext_passwords);
#undef ADD

  return g_test_run ();
}

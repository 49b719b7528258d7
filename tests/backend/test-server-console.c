/* test-server-console.c — the staff web console's files over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "server-console-resources.h"
#include "server-api.h"
#include "nv-test-http-server.h"
#include "nv-test-util.h"

#define RESOURCE_ROOT "/fi/neuvokas/Console/"

#define EXPECTED_CSP                                                                               \
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "                \
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

typedef struct
{
  NvTestHttpServer server;
  SoupSession     *session;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  nv_test_http_server_start (&fixture->server, NULL);
  /* Redirects are what some tests look at: the session must not follow them. */
  fixture->session = soup_session_new ();
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  nv_test_http_server_stop (&fixture->server);
}

typedef struct
{
  GBytes  *body;
  GError  *error;
  gboolean done;
} Pending;

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;

  pending->body
      = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &pending->error);
  pending->done = TRUE;
}

/* @path is relative to the server's root ("console/"); @if_none_match may be NULL. */
static void
request (
    Fixture *fixture, const char *method, const char *path, const char *if_none_match, Reply *reply)
{
  g_autofree char *url = g_strconcat (fixture->server.url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  Pending pending = { 0 };

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (if_none_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                  if_none_match);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb,
                                    &pending);
  nv_test_wait_until (NULL, pending.done, 10000);
  g_assert_no_error (pending.error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = pending.body;
}

static void
assert_header (SoupMessageHeaders *headers, const char *name, const char *expected)
{
  const char *value = soup_message_headers_get_one (headers, name);

  if (g_strcmp0 (value, expected) != 0)
    g_error ("%s is “%s”, not “%s”", name, value != NULL ? value : "(none)", expected);
}

static void
assert_security_headers (SoupMessageHeaders *headers)
{
  assert_header (headers, "Content-Security-Policy", EXPECTED_CSP);
  assert_header (headers, "X-Frame-Options", "DENY");
  assert_header (headers, "Referrer-Policy", "no-referrer");
  assert_header (headers, "X-Content-Type-Options", "nosniff");
}

static char *
body_text (Reply *reply)
{
  gsize       size;
  const char *data = g_bytes_get_data (reply->body, &size);

  return g_strndup (data != NULL ? data : "", size);
}

/* Every file in the console's resource, as paths below RESOURCE_ROOT ("js/main.js"). */
static void
collect_files (const char *directory, GPtrArray *files)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) children = g_resource_enumerate_children (
      server_console_get_resource (), directory, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);
  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (directory, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        collect_files (path, files);
      else
        g_ptr_array_add (files, g_strdup (path + strlen (RESOURCE_ROOT)));
    }
}

static GPtrArray *
console_files (void)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  collect_files (RESOURCE_ROOT, files);
  g_assert_cmpuint (files->len, >, 2);
  return files;
}

static GBytes *
resource_bytes (const char *file)
{
  g_autofree char *path = g_strconcat (RESOURCE_ROOT, file, NULL);
  g_autoptr (GError) error = NULL;
  GBytes *bytes = g_resource_lookup_data (server_console_get_resource (), path,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
test_redirects (Fixture *fixture, gconstpointer data)
{
  const char *paths[] = { "", "console" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto (Reply) reply = { 0 };

      request (fixture, "GET", paths[i], NULL, &reply);
      g_assert_cmpuint (reply.status, ==, SOUP_STATUS_FOUND);
      assert_header (reply.headers, "Location", "/console/");
      assert_security_headers (reply.headers);
    }
}

static void
test_index (Fixture *fixture, gconstpointer data)
{
  g_auto (Reply) reply = { 0 };
  g_auto (Reply) head = { 0 };
  g_autoptr (GBytes) index = resource_bytes ("index.html");
  g_autofree char *text = NULL;
  const char      *etag;

  request (fixture, "GET", "console/", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_OK);
  assert_header (reply.headers, "Content-Type", "text/html; charset=utf-8");
  assert_header (reply.headers, "Cache-Control", "no-cache");
  assert_security_headers (reply.headers);
  g_assert_true (g_bytes_equal (reply.body, index));
  text = body_text (&reply);
  g_assert_nonnull (strstr (text, "<script type=\"module\" src=\"js/main.js\"></script>"));
  etag = soup_message_headers_get_one (reply.headers, "ETag");
  g_assert_nonnull (etag);
  g_assert_true (g_str_has_prefix (etag, "\"") && g_str_has_suffix (etag, "\""));
  g_assert_cmpuint (strlen (etag), ==, 34);

  request (fixture, "HEAD", "console/index.html", NULL, &head);
  g_assert_cmpuint (head.status, ==, SOUP_STATUS_OK);
  assert_header (head.headers, "ETag", etag);
  assert_security_headers (head.headers);
  g_assert_cmpuint (g_bytes_get_size (head.body), ==, 0);
}

/* Every file of the resource is served, whole, with the type its name says. */
static void
test_every_file_typed (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *extension;
    const char *type;
  } expected[] = {
    { ".html", "text/html; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
    { ".css", "text/css; charset=utf-8" },
    { ".svg", "image/svg+xml" },
    { ".png", "image/png" },
    { ".txt", "text/plain; charset=utf-8" },
  };
  g_autoptr (GPtrArray) files = console_files ();

  for (guint i = 0; i < files->len; i++)
    {
      const char      *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_strconcat ("console/", file, NULL);
      g_autoptr (GBytes) bytes = resource_bytes (file);
      g_auto (Reply) reply = { 0 };
      const char *type = NULL;

      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        if (g_str_has_suffix (file, expected[j].extension))
          type = expected[j].type;
      if (type == NULL)
        g_error ("%s: the test knows no type for this file", file);
      request (fixture, "GET", path, NULL, &reply);
      if (reply.status != SOUP_STATUS_OK)
        g_error ("%s: %u", path, reply.status);
      assert_header (reply.headers, "Content-Type", type);
      assert_header (reply.headers, "Cache-Control", "no-cache");
      assert_security_headers (reply.headers);
      g_assert_true (g_bytes_equal (reply.body, bytes));
    }
}

static void
test_not_modified (Fixture *fixture, gconstpointer data)
{
  g_auto (Reply) first = { 0 };
  g_auto (Reply) again = { 0 };
  g_auto (Reply) weak = { 0 };
  g_auto (Reply) listed = { 0 };
  g_auto (Reply) other = { 0 };
  g_autofree char *etag = NULL;
  g_autofree char *weak_etag = NULL;
  g_autofree char *list = NULL;

  request (fixture, "GET", "console/js/main.js", NULL, &first);
  g_assert_cmpuint (first.status, ==, SOUP_STATUS_OK);
  etag = g_strdup (soup_message_headers_get_one (first.headers, "ETag"));
  g_assert_nonnull (etag);

  request (fixture, "GET", "console/js/main.js", etag, &again);
  g_assert_cmpuint (again.status, ==, SOUP_STATUS_NOT_MODIFIED);
  g_assert_cmpuint (g_bytes_get_size (again.body), ==, 0);
  assert_header (again.headers, "ETag", etag);
  assert_header (again.headers, "Cache-Control", "no-cache");
  assert_security_headers (again.headers);

  weak_etag = g_strconcat ("W/", etag, NULL);
  request (fixture, "GET", "console/js/main.js", weak_etag, &weak);
  g_assert_cmpuint (weak.status, ==, SOUP_STATUS_NOT_MODIFIED);

  list = g_strconcat ("\"stale\", ", etag, NULL);
  request (fixture, "GET", "console/js/main.js", list, &listed);
  g_assert_cmpuint (listed.status, ==, SOUP_STATUS_NOT_MODIFIED);

  /* Another file's tag is not this file's. */
  request (fixture, "GET", "console/console.css", etag, &other);
  g_assert_cmpuint (other.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (other.headers, "ETag"), !=, etag);
}

static void
test_unknown_files (Fixture *fixture, gconstpointer data)
{
  const char *paths[] = {
    "console/nothing.js",
    "console/js/",
    "console/js",
    "console/index.htm",
    "console/console.gresource.xml",
    "consoles/index.html",
    "index.html",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto (Reply) reply = { 0 };

      request (fixture, "GET", paths[i], NULL, &reply);
      if (reply.status != SOUP_STATUS_NOT_FOUND)
        g_error ("%s: %u, not 404", paths[i], reply.status);
    }
}

typedef struct
{
  guint16  port;
  char    *target;
  char    *response; /* the whole answer, NUL-terminated */
  gboolean done;
} RawRequest;

/* Blocking I/O on its own thread: the server answers on the test's main loop. */
static gpointer
raw_request_thread (gpointer data)
{
  RawRequest *raw = data;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GByteArray) response = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *head = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                           "Connection: close\r\n\r\n",
                                           raw->target, raw->port);
  guint8           buffer[4096];
  gssize           n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", raw->port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), head,
                             strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer,
                                   sizeof buffer, NULL, &error))
         > 0)
    g_byte_array_append (response, buffer, (guint) n);
  g_assert_no_error (error);
  g_byte_array_append (response, (const guint8 *) "", 1);
  raw->response = (char *) g_byte_array_free (g_steal_pointer (&response), FALSE);
  g_atomic_int_set (&raw->done, TRUE);
  return NULL;
}

/* Sends @target exactly as written, so no client can tidy it first; returns the status. */
static guint
raw_status (Fixture *fixture, const char *target, char **out_response)
{
  RawRequest raw = { fixture->server.port, (char *) target, NULL, FALSE };
  GThread   *thread = g_thread_new ("raw-request", raw_request_thread, &raw);
  guint      status = 0;

  nv_test_wait_until (NULL, g_atomic_int_get (&raw.done), 10000);
  g_thread_join (thread);
  if (sscanf (raw.response, "HTTP/1.%*d %u", &status) != 1)
    g_error ("no status line for %s: %s", target, raw.response);
  *out_response = raw.response;
  return status;
}

/* Nothing outside the console's files is reachable through /console/, whatever the path
 * says or however it is encoded. */
static void
test_no_traversal (Fixture *fixture, gconstpointer data)
{
  const char *targets[] = {
    "/console/../../../../etc/passwd",
    "/console/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/console/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/console/js/../../../etc/passwd",
    "/console//etc/passwd",
    "/console/./index.html/../../../etc/passwd",
    "/console/..\\..\\..\\etc\\passwd",
    "/console/.%2e/.%2e/etc/passwd",
    "/console/%00index.html",
    "/console/index.html%00.js",
    "/console/.hidden.js",
    "/console/js//main.js",
  };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *response = NULL;
      guint            status = raw_status (fixture, targets[i], &response);

      g_assert_null (strstr (response, "root:"));
      /* libsoup may refuse a malformed target itself (400); nothing else answers. */
      if (status != SOUP_STATUS_NOT_FOUND && status != SOUP_STATUS_BAD_REQUEST)
        g_error ("%s: %u\n%s", targets[i], status, response);
    }
}

/* The policy forbids inline script and style: the files must not need them, and the
 * console never makes markup out of text (HACKING.md). */
static void
test_no_inline_code (Fixture *fixture, gconstpointer data)
{
  static const char *const html_forbidden[] = {
    "<style", "style=", "javascript:", " onclick", " onload", " onerror", " onsubmit",
  };
  static const char *const js_forbidden[] = {
    "innerHTML", "outerHTML",    "insertAdjacentHTML",   "document.write",
    "eval(",     "new Function", "setAttribute('style'", ".cssText",
  };
  g_autoptr (GPtrArray) files = console_files ();
  g_autoptr (GRegex) inline_script
      = g_regex_new ("<script(?![^>]*\\ssrc=)", G_REGEX_CASELESS, 0, NULL);

  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autoptr (GBytes) bytes = resource_bytes (file);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (g_str_has_suffix (file, ".html"))
        {
          g_assert_false (g_regex_match (inline_script, text, 0, NULL));
          for (guint j = 0; j < G_N_ELEMENTS (html_forbidden); j++)
            if (strstr (text, html_forbidden[j]) != NULL)
              g_error ("%s has %s", file, html_forbidden[j]);
        }
      if (g_str_has_suffix (file, ".js") && !g_str_has_prefix (file, "vendor/"))
        for (guint j = 0; j < G_N_ELEMENTS (js_forbidden); j++)
          if (strstr (text, js_forbidden[j]) != NULL)
            g_error ("%s has %s", file, js_forbidden[j]);
    }
}

/* The API's answers are the API's: the console's headers are for its files. */
static void
test_api_unchanged (Fixture *fixture, gconstpointer data)
{
  g_auto (Reply) reply = { 0 };

  request (fixture, "GET", "api/v1/health", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_OK);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (reply.headers, "Content-Type"),
                                   "application/json"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-console/redirects", test_redirects);
  ADD ("/server-console/index", test_index);
  ADD ("/server-console/every-file-typed", test_every_file_typed);
  ADD ("/server-console/not-modified", test_not_modified);
  ADD ("/server-console/unknown-files", test_unknown_files);
  ADD ("/server-console/no-traversal", test_no_traversal);
  ADD ("/server-console/no-inline-code", test_no_inline_code);
  ADD ("/server-console/api-unchanged", test_api_unchanged);
#undef ADD

  return g_test_run ();
}

/* test-server-access-log.c — one access-log line a request, with nothing secret in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "nv-test-http.h"
#include "nv-test-http-server.h"
#include "nv-test-util.h"
#include "server-store-kiosks.h"

static GString *access_log;

static GLogWriterOutput
capture_cb (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if (g_strcmp0 (domain, "neuvokas-access") == 0)
    {
      g_string_append (access_log, message);
      g_string_append_c (access_log, '\n');
      return G_LOG_WRITER_HANDLED;
    }
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static guint
send (SoupSession *session, SoupMessage *msg)
{
  g_autoptr (GBytes) body = nv_test_http_send (session, msg, 10000);

  return soup_message_get_status (msg);
}

static guint
count_lines (void)
{
  guint n = 0;

  for (const char *c = access_log->str; *c != '\0'; c++)
    n += *c == '\n';
  return n;
}

static void
test_one_line_a_request (void)
{
  NvTestHttpServer server = { 0 };
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) health = NULL;
  g_autoptr (SoupMessage) content = NULL;
  g_autoptr (SoupMessage) missing = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_auto (GStrv) lines = NULL;

  nv_test_http_server_start (&server, NULL);
  g_assert_true (server_store_add_kiosk (server.store, "Aula", "564", &id, &token, &error));
  g_string_truncate (access_log, 0);

  url = g_strconcat (server.url, "api/v1/health?secret=hunter2", NULL);
  health = soup_message_new ("GET", url);
  g_assert_cmpuint (send (session, health), ==, 200);
  g_free (url);
  url = g_strconcat (server.url, "api/v1/kiosk/content", NULL);
  content = soup_message_new ("GET", url);
  authorization = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (content), "Authorization",
                                authorization);
  g_assert_cmpuint (send (session, content), ==, 200);
  g_free (url);
  url = g_strconcat (server.url, "nowhere", NULL);
  missing = soup_message_new ("GET", url);
  g_assert_cmpuint (send (session, missing), ==, 404);
  /* A line is written once the answer has gone. */
  nv_test_wait_until (NULL, count_lines () == 3, 5000);
  lines = g_strsplit (access_log->str, "\n", -1);
  g_assert_true (
      g_regex_match_simple ("^GET /api/v1/health 200 [0-9]+\\.[0-9] ms$", lines[0], 0, 0));
  g_assert_true (
      g_regex_match_simple ("^GET /api/v1/kiosk/content 200 [0-9]+\\.[0-9] ms$", lines[1], 0, 0));
  g_assert_true (g_regex_match_simple ("^GET /nowhere 404 ", lines[2], 0, 0));
  /* No query, no token, no address. */
  g_assert_null (strstr (access_log->str, "hunter2"));
  g_assert_null (strstr (access_log->str, token));
  g_assert_null (strstr (access_log->str, "127.0.0.1"));
  nv_test_http_server_stop (&server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  access_log = g_string_new (NULL);
  g_log_set_writer_func (capture_cb, NULL, NULL);
  g_test_add_func ("/server-access-log/one-line-a-request", test_one_line_a_request);
  return g_test_run ();
}

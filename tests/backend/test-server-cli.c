/* test-server-cli.c — the neuvokas-server program as an administrator runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>

#include "nv-test-http.h"
#include "nv-test-tls.h"
#include "nv-test-util.h"
#include "server-store.h"

static const char *
server_path (void)
{
  const char *path = g_getenv ("NEUVOKAS_SERVER");

  g_assert_nonnull (path);
  return path;
}

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

static void
run_server (Run *run, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     ap;

  g_ptr_array_add (args, (gpointer) server_path ());
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process
      = g_subprocess_newv ((const char *const *) args->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* @run failed with one sentence that says @says. */
static void
assert_one_sentence (const Run *run, const char *says)
{
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "neuvokas-server: "));
  if (strstr (run->err, says) == NULL)
    g_error ("“%s” does not say “%s”", run->err, says);
}

static void
test_help (void)
{
  g_auto (Run) run = { 0 };
  g_auto (Run) serve = { 0 };

  run_server (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "serve"));
  g_assert_nonnull (strstr (run.out, "--data-dir"));

  run_server (&serve, "serve", "--help", NULL);
  g_assert_cmpint (serve.status, ==, 0);
  g_assert_nonnull (strstr (serve.out, "--listen"));
  g_assert_nonnull (strstr (serve.out, "--content-dir"));
  g_assert_nonnull (strstr (serve.out, "--report-threshold"));
  g_assert_nonnull (strstr (serve.out, "--tls-certificate"));
  g_assert_nonnull (strstr (serve.out, "--trusted-proxy"));
}

/* Each mistake: one clear sentence on stderr and a non-zero exit. */
static void
test_one_sentence_errors (void)
{
  static const char *cases[][4] = {
    { "--data-dir", "/dev/null/x", "serve", "cannot create the data directory" },
    { "serve", "--listen", "nonsense", "--listen expects HOST:PORT" },
    { "serve", "--listen", "127.0.0.1:99999", "--listen expects HOST:PORT" },
    { "frobnicate", NULL, NULL, "no command “frobnicate”" },
    { "serve", "--no-such-option", NULL, "Unknown option" },
    { "serve", "--report-threshold", "0", "--report-threshold expects a whole number" },
    { "serve", "--tls-key", "/no/such.key", "--tls-key is set, --tls-certificate is not" },
    { "serve", "--trusted-proxy", "everyone", "--trusted-proxy: “everyone” is not an IP address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) run = { 0 };

      run_server (&run, cases[i][0], cases[i][1], cases[i][2], NULL);
      g_assert_cmpint (run.status, !=, 0);
      assert_one_sentence (&run, cases[i][3]);
    }
}

static void
test_no_command (void)
{
  g_auto (Run) run = { 0 };

  run_server (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Usage"));
}

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **line = user_data;
  g_autoptr (GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     &error);
  if (*line == NULL)
    *line = g_strdup ("");
}

static void
body_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GBytes **body = user_data;

  *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  if (*body == NULL)
    *body = g_bytes_new (NULL, 0);
}

static void
wait_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

static GSubprocess *
start_server_v (const char *scheme, char **line, const char *first_arg, va_list ap);

/* Starts neuvokas-server with @first_arg…; returns it once it says it listens on HTTP,
 * with that line in *@line. */
static GSubprocess *
start_server (char **line, const char *first_arg, ...)
{
  GSubprocess *process;
  va_list      ap;

  va_start (ap, first_arg);
  process = start_server_v ("http", line, first_arg, ap);
  va_end (ap);
  return process;
}

/* The same, for a server that must say it listens on HTTPS. */
static GSubprocess *
start_https_server (char **line, const char *first_arg, ...)
{
  GSubprocess *process;
  va_list      ap;

  va_start (ap, first_arg);
  process = start_server_v ("https", line, first_arg, ap);
  va_end (ap);
  return process;
}

static GSubprocess *
start_server_v (const char *scheme, char **line, const char *first_arg, va_list ap)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  GSubprocess     *process;
  const char      *arg;

  g_ptr_array_add (args, (gpointer) server_path ());
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char *const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  *line = NULL;
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, line);
  nv_test_wait_until (NULL, *line != NULL, 10000);
  expected = g_strdup_printf ("neuvokas-server: listening on %s://127.0.0.1:", scheme);
  if (!g_str_has_prefix (*line, expected))
    g_error ("the server said “%s”, not “%s…”", *line, expected);
  return process;
}

/* SIGTERM, then a clean exit. */
static void
stop_server (GSubprocess *process)
{
  gboolean exited = FALSE;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, wait_cb, &exited);
  nv_test_wait_until (NULL, exited, 10000);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_serve_and_stop (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *db = g_build_filename (dir, "neuvokas.db", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);

  process = start_server (&line, "--data-dir", dir, "serve", "--listen", "127.0.0.1:0",
                          "--content-dir", seed, NULL);

  url = g_strconcat (strstr (line, "http://"), "api/v1/health", NULL);
  msg = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, body_cb, &body);
  nv_test_wait_until (NULL, body != NULL, 10000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));

  stop_server (process);
  nv_test_rm_rf (dir);
}

static guint
file_mode (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf         st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static char *
write_config (const char *dir, const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, "server.conf", NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A data folder and database an administrator made (or restored) readable by all become
 * the server's alone when it starts, WAL files included. */
static void
test_serve_makes_data_private (void)
{
  g_autofree char *root = nv_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (root, "data", NULL);
  g_autofree char *db = g_build_filename (dir, "neuvokas.db", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *line = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_file_set_contents (db, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (db, 0644), ==, 0);

  process = start_server (&line, "--data-dir", dir, "serve", "--listen", "127.0.0.1:0",
                          "--content-dir", seed, NULL);
  g_assert_cmpuint (file_mode (dir, "."), ==, 0700);
  g_assert_cmpuint (file_mode (dir, "neuvokas.db"), ==, 0600);
  g_assert_cmpuint (file_mode (dir, "neuvokas.db-wal"), ==, 0600);
  g_assert_cmpuint (file_mode (dir, "neuvokas.db-shm"), ==, 0600);
  stop_server (process);
  nv_test_rm_rf (root);
}

/* The file's listen and data-dir are where it serves; its report-threshold and
 * content-dir are read too (test_serve_config_errors shows them checked). */
static void
test_serve_config_file (void)
{
  g_autofree char *root = nv_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (root, "from-config", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *text = g_strdup_printf ("# the service's settings\n[server]\n"
                                           "listen=127.0.0.1:0\ndata-dir=%s\n"
                                           "report-threshold=3\ncontent-dir=%s\n",
                                           dir, seed);
  g_autofree char *config = write_config (root, text);
  g_autofree char *line = NULL;
  g_autoptr (GSubprocess) process = NULL;

  process = start_server (&line, "serve", "--config", config, NULL);
  g_assert_cmpuint (file_mode (dir, "neuvokas.db"), ==, 0600);
  stop_server (process);
  nv_test_rm_rf (root);
}

/* The server.conf the packages install in /etc/neuvokas is one serve reads, and so is
 * every setting it shows commented out (its certificate and key made here). */
static void
test_serve_shipped_config (void)
{
  g_auto (NvTestTls) tls = { 0 };
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *shipped = g_test_build_filename (G_TEST_DIST, "..", "data", "server.conf", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GRegex) commented = g_regex_new ("^#([a-z-]+=)", G_REGEX_MULTILINE, 0, NULL);
  g_autofree char *uncommented = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *config = NULL;
  g_autoptr (GError) error = NULL;

  nv_test_tls_make (&tls);
  g_file_get_contents (shipped, &text, NULL, &error);
  g_assert_no_error (error);
  uncommented = g_regex_replace (commented, text, -1, 0, "\\1", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uncommented, !=, text);
  g_assert_nonnull (strstr (uncommented, "\ncertificate="));
  g_assert_nonnull (strstr (uncommented, "\nkey="));
  g_assert_nonnull (strstr (uncommented, "\ntrusted-proxies="));
  {
    g_autofree char *with_certificate = NULL;
    g_autofree char *line_certificate = g_strconcat ("certificate=", tls.certificate, NULL);
    g_autofree char *line_key = g_strconcat ("key=", tls.key, NULL);
    g_autoptr (GRegex) certificate_line
        = g_regex_new ("^certificate=.*$", G_REGEX_MULTILINE, 0, NULL);
    g_autoptr (GRegex) key_line = g_regex_new ("^key=.*$", G_REGEX_MULTILINE, 0, NULL);

    with_certificate = g_regex_replace_literal (certificate_line, uncommented, -1, 0,
                                                line_certificate, 0, &error);
    g_assert_no_error (error);
    g_autofree char *with_key = NULL;
    g_autofree char *token_file = g_build_filename (dir, "metrics-token", NULL);
    g_autofree char *line_token = g_strconcat ("metrics-token-file=", token_file, NULL);
    g_autoptr (GRegex) token_line
        = g_regex_new ("^metrics-token-file=.*$", G_REGEX_MULTILINE, 0, NULL);

    with_key = g_regex_replace_literal (key_line, with_certificate, -1, 0, line_key, 0, &error);
    g_assert_no_error (error);
    g_assert_true (
        g_file_set_contents (token_file, "a-metrics-token-of-some-length\n", -1, &error));
    ours = g_regex_replace_literal (token_line, with_key, -1, 0, line_token, 0, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (ours, "\nmetrics-allow="));
    g_assert_nonnull (strstr (ours, line_token));
  }
  config = write_config (dir, ours);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *line = NULL;
      g_autoptr (GSubprocess) process = NULL;

      if (i == 0)
        process = start_server (&line, "--data-dir", dir, "serve", "--config", shipped, "--listen",
                                "127.0.0.1:0", "--content-dir", seed, NULL);
      else
        process = start_https_server (&line, "--data-dir", dir, "serve", "--config", config,
                                      "--listen", "127.0.0.1:0", "--content-dir", seed, NULL);
      stop_server (process);
    }
  nv_test_rm_rf (dir);
}

/* What the command line says wins over the file, even a value the file has wrong. */
static void
test_serve_command_line_wins (void)
{
  g_autofree char *root = nv_test_make_tmpdir ();
  g_autofree char *config_dir = g_build_filename (root, "from-config", NULL);
  g_autofree char *dir = g_build_filename (root, "from-command-line", NULL);
  g_autofree char *db = g_build_filename (dir, "neuvokas.db", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *text = g_strdup_printf ("[server]\nlisten=nowhere\ndata-dir=%s\n"
                                           "report-threshold=zero\ncontent-dir=/no/such/dir\n",
                                           config_dir);
  g_autofree char *config = write_config (root, text);
  g_autofree char *line = NULL;
  g_autoptr (GSubprocess) process = NULL;

  process = start_server (&line, "--data-dir", dir, "serve", "--config", config, "--listen",
                          "127.0.0.1:0", "--report-threshold", "5", "--content-dir", seed, NULL);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (config_dir, G_FILE_TEST_EXISTS));
  stop_server (process);
  nv_test_rm_rf (root);
}

/* A configuration file's mistake: one sentence naming the file, and exit status 2. */
static void
test_serve_config_errors (void)
{
  static const char *cases[][2] = {
    { "[server]\nlisten=127.0.0.1:0\nlisen=127.0.0.1:8080\n", "key “lisen” this server does not" },
    { "[server]\nlisten=127.0.0.1:0\n[tsl]\ncertificate=x\n", "group [tsl] this server does not" },
    { "[server]\nlisten=127.0.0.1:0\n[tls]\ncert=x\n",
      "key “cert” this server does not know (in [tls] it knows certificate and key)" },
    { "[server]\nlisten=127.0.0.1:0\n[tls]\ncertificate=/no/such.pem\n",
      "server.conf: certificate is set, --tls-key is not" },
    { "[server]\nlisten=127.0.0.1:0\n[tls]\ncertificate=/no/such.pem\nkey=/no/such.key\n",
      "cannot use the certificate /no/such.pem (" },
    { "[server]\nlisten=127.0.0.1:0\n[http]\ntrusted-proxies=10.0.0.1, proxy.example\n",
      "server.conf: trusted-proxies: “proxy.example” is not an IP address" },
    { "[server]\nlisten=127.0.0.1:0\nreport-threshold=many\n",
      "server.conf: report-threshold expects a whole number from 1 to 1000, not “many”" },
    { "[server]\nlisten=somewhere\n", "server.conf: listen expects HOST:PORT" },
    { "[server]\nlisten=127.0.0.1:0\ncontent-dir=/no/such/dir\n",
      "server.conf: content-dir) does not exist" },
    { "listen=127.0.0.1:0\n", "cannot read the configuration file" },
    { "[server]\nlisten=127.0.0.1:0\n[http]\nmetrics-allow=prometheus.example\n",
      "server.conf: metrics-allow: “prometheus.example” is not an IP address" },
    { "[server]\nlisten=127.0.0.1:0\n[http]\nmetrics-token-file=/no/such/token\n",
      "server.conf: metrics-token-file: Failed to open file “/no/such/token”" },
  };
  g_autofree char *root = nv_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (root, "missing.conf", NULL);
  g_auto (Run) absent = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *config = write_config (root, cases[i][0]);
      g_auto (Run) run = { 0 };

      run_server (&run, "--data-dir", root, "serve", "--config", config, NULL);
      g_assert_cmpint (run.status, ==, 2);
      assert_one_sentence (&run, cases[i][1]);
    }

  /* A file named with --config must be there; only the default one may be absent. */
  run_server (&absent, "--data-dir", root, "serve", "--config", missing, NULL);
  g_assert_cmpint (absent.status, ==, 2);
  assert_one_sentence (&absent, "cannot read the configuration file");
  nv_test_rm_rf (root);
}

static GBytes *
get_from (SoupSession *session, SoupMessage *msg, GError **error)
{
  NvTestHttpReply_ reply = { NULL, NULL, FALSE };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, nv_test_http_reply_cb_,
                                    &reply);
  nv_test_wait_until (NULL, reply.done, 10000);
  if (reply.error != NULL)
    g_propagate_error (error, reply.error);
  return reply.body;
}

/* What a client sees of a server serving HTTPS at the start of @line: a client that
 * trusts the test's authority is answered, with Strict-Transport-Security; one that does
 * not (the system's authorities) and plain HTTP to the same port are not. */
static void
check_https (const char *line, NvTestTls *tls)
{
  g_autoptr (GTlsDatabase) database = nv_test_tls_database (tls);
  g_autoptr (SoupSession) trusting = soup_session_new_with_options ("tls-database", database, NULL);
  g_autoptr (SoupSession) distrusting = soup_session_new ();
  g_autofree char *url = g_strconcat (strstr (line, "https://"), "api/v1/health", NULL);
  g_autofree char *plain_url = g_strconcat ("http://", url + strlen ("https://"), NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (SoupMessage) refused = soup_message_new ("GET", url);
  g_autoptr (SoupMessage) plain = soup_message_new ("GET", plain_url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) refused_body = NULL;
  g_autoptr (GBytes) plain_body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) refused_error = NULL;
  g_autoptr (GError) plain_error = NULL;

  body = get_from (trusting, msg, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Strict-Transport-Security"),
                   ==, "max-age=31536000");

  refused_body = get_from (distrusting, refused, &refused_error);
  g_assert_error (refused_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_true (soup_message_get_tls_peer_certificate_errors (refused)
                 & G_TLS_CERTIFICATE_UNKNOWN_CA);

  plain_body = get_from (trusting, plain, &plain_error);
  g_assert_cmpuint (soup_message_get_status (plain), !=, 200);
}

/* serve --tls-certificate --tls-key: HTTPS only, and it says so. */
static void
test_serve_https (void)
{
  g_auto (NvTestTls) tls = { 0 };
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *line = NULL;
  g_autoptr (GSubprocess) process = NULL;

  nv_test_tls_make (&tls);
  process = start_https_server (&line, "--data-dir", dir, "serve", "--listen", "127.0.0.1:0",
                                "--content-dir", seed, "--tls-certificate", tls.certificate,
                                "--tls-key", tls.key, "--trusted-proxy", "10.0.0.0/8",
                                "--trusted-proxy", "::1", NULL);
  check_https (line, &tls);
  stop_server (process);
  nv_test_rm_rf (dir);
}

/* The same from the configuration file's [tls] and [http]. */
static void
test_serve_https_config (void)
{
  g_auto (NvTestTls) tls = { 0 };
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *text = NULL;
  g_autofree char *config = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GSubprocess) process = NULL;

  nv_test_tls_make (&tls);
  text = g_strdup_printf ("[server]\nlisten=127.0.0.1:0\ncontent-dir=%s\n"
                          "[tls]\ncertificate=%s\nkey=%s\n"
                          "[http]\ntrusted-proxies=10.0.0.5, 192.168.0.0/16\n",
                          seed, tls.certificate, tls.key);
  config = write_config (dir, text);
  process = start_https_server (&line, "--data-dir", dir, "serve", "--config", config, NULL);
  check_https (line, &tls);
  stop_server (process);
  nv_test_rm_rf (dir);
}

static void
communicated_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
}

/* Writes the category "written-N" as the next revision. */
static void
write_category (ServerStore *store, guint n)
{
  g_autoptr (NvCategory) category = nv_category_new ();
  g_autoptr (GError) error = NULL;

  category->id = g_strdup_printf ("written-%u", n);
  nv_text_set (&category->title, NV_LANG_FI, "Kirjoitettu");
  category->position = (int) n;
  g_assert_true (server_store_put_category (store, category, &error));
  g_assert_no_error (error);
}

/* A backup taken while a client writes, one revision after another, is the store as of
 * one commit: its revision counts exactly the writes it holds, and it opens as a store. */
static void
test_backup_while_writing (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *copy_dir = g_build_filename (dir, "copy", NULL);
  g_autofree char *copy = g_build_filename (copy_dir, "neuvokas.db", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (ServerStore) restored = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Run) run = { -1, NULL, NULL };
  guint  written = 0, held = 0;
  gint64 first;

  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (data, 0700), ==, 0);
  store = server_store_open (data, seed, &error);
  g_assert_no_error (error);
  first = server_store_get_revision (store);
  while (written < 10)
    write_category (store, written++);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, server_path (), "--data-dir", data, "backup", copy, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &run);
  while (run.out == NULL || written < 30)
    {
      write_category (store, written++);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Backed up"));
  g_assert_cmpuint (file_mode (copy_dir, "neuvokas.db"), ==, 0600);

  restored = server_store_open (copy_dir, NULL, &error);
  g_assert_no_error (error);
  content = server_store_get_content (restored, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < content->categories->len; i++)
    if (g_str_has_prefix (((NvCategory *) g_ptr_array_index (content->categories, i))->id,
                          "written-"))
      held++;
  g_assert_cmpint (server_store_get_revision (restored), ==, first + held);
  g_assert_cmpuint (held, >=, 10);
  g_assert_cmpuint (held, <=, written);
  g_assert_cmpstr (server_store_get_epoch (restored), ==, server_store_get_epoch (store));
  g_test_message ("%u writes, %u in the backup", written, held);
  g_clear_object (&restored);
  g_clear_object (&store);
  nv_test_rm_rf (dir);
}

/* Backup and restore refuse what they cannot do in one sentence, and change nothing: an
 * unwritable place, a file that is not a store, a store of a newer schema, no file. */
static void
test_backup_restore_errors (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *newer_sql
      = g_strdup_printf ("PRAGMA user_version = %d", server_store_schema_version () + 1);
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *epoch = NULL;
  sqlite3         *db = NULL;
  struct
  {
    const char *command;
    const char *file;
    const char *says;
  } cases[] = {
    { "backup", "/nonexistent/folder/backup.db", "Cannot write the backup in /nonexistent/folder" },
    { "restore", junk, "is not a Neuvokas database" },
    { "restore", other, "is not a Neuvokas database: it has no content revision" },
    { "restore", newer, "was made by a newer neuvokas-server" },
    { "restore", missing, "There is no backup file" },
  };

  g_assert_cmpint (g_mkdir (data, 0700), ==, 0);
  store = server_store_open (data, seed, &error);
  g_assert_no_error (error);
  epoch = g_strdup (server_store_get_epoch (store));
  g_clear_object (&store);
  g_file_set_contents (junk, "not a database at all, only text\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_exec (db, "CREATE TABLE t (x); PRAGMA user_version = 3", NULL, NULL, NULL), ==,
      SQLITE_OK);
  sqlite3_close (db);
  {
    g_auto (Run) made = { 0 };

    run_server (&made, "--data-dir", data, "backup", newer, NULL);
    g_assert_cmpint (made.status, ==, 0);
  }
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, newer_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) run = { 0 };

      run_server (&run, "--data-dir", data, cases[i].command, cases[i].file, NULL);
      g_assert_cmpint (run.status, ==, 1);
      assert_one_sentence (&run, cases[i].says);
    }
  {
    g_auto (Run) bare = { 0 };

    run_server (&bare, "--data-dir", data, "restore", NULL);
    g_assert_cmpint (bare.status, ==, 2);
  }
  /* The store is as it was. */
  store = server_store_open (data, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (server_store_get_epoch (store), ==, epoch);
  g_assert_cmpint (server_store_get_revision (store), ==, 1);
  g_clear_object (&store);
  nv_test_rm_rf (dir);
}

static void
test_kiosk_commands (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_auto (Run) add = { 0 };
  g_auto (Run) bad = { 0 };
  g_auto (Run) list = { 0 };
  g_auto (Run) revoke = { 0 };
  g_auto (Run) again = { 0 };
  g_auto (Run) listed = { 0 };
  g_auto (GStrv) lines = NULL;
  g_autofree char *id = NULL;

  run_server (&add, "--data-dir", dir, "kiosk", "add", "--name", "Kirjasto, aula", "--municipality",
              "678", NULL);
  g_assert_cmpint (add.status, ==, 0);
  lines = g_strsplit (add.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[1], "nvk_kiosk-"));
  id = g_strndup (lines[0] + strlen ("Kiosk "), strcspn (lines[0] + strlen ("Kiosk "), " "));

  /* No municipality has the code 999 (Helsinki, 091, is now a valid one). */
  run_server (&bad, "--data-dir", dir, "kiosk", "add", "--name", "X", "--municipality", "999",
              NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_cmpuint (count_lines (bad.err), ==, 1);

  run_server (&list, "--data-dir", dir, "kiosk", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, id));
  g_assert_nonnull (strstr (list.out, "Raahe"));
  g_assert_nonnull (strstr (list.out, "active"));
  /* The token is never shown again, nor stored as it is. */
  g_assert_null (strstr (list.out, "nvk_"));

  run_server (&revoke, "--data-dir", dir, "kiosk", "revoke", id, NULL);
  g_assert_cmpint (revoke.status, ==, 0);
  run_server (&again, "--data-dir", dir, "kiosk", "revoke", id, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_cmpuint (count_lines (again.err), ==, 1);
  run_server (&listed, "kiosk", "list", "--data-dir", dir, NULL);
  g_assert_nonnull (strstr (listed.out, "revoked"));
  nv_test_rm_rf (dir);
}

/* The host of a kiosk (the library it stands in) from the command line: set, listed,
 * cleared, each audited by cli:USER; an unknown kiosk or organisation, or a missing
 * argument, is one sentence and changes nothing. */
static void
test_kiosk_host (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *db_path = g_build_filename (dir, "neuvokas.db", NULL);
  g_autofree char *expected_audit
      = g_strdup_printf ("cli:%s test-library;cli:%s -;", g_get_user_name (), g_get_user_name ());
  g_autoptr (GString) audit = g_string_new (NULL);
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Run) add = { 0 };
  g_auto (Run) set = { 0 };
  g_auto (Run) listed = { 0 };
  g_auto (Run) unknown_kiosk = { 0 };
  g_auto (Run) unknown_organisation = { 0 };
  g_auto (Run) missing = { 0 };
  g_auto (Run) both = { 0 };
  g_auto (Run) still = { 0 };
  g_auto (Run) clear = { 0 };
  g_auto (Run) cleared = { 0 };
  g_autofree char *id = NULL;
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;

  /* The fixture content has the organisation test-library. */
  store = server_store_open (dir, seed, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  run_server (&add, "--data-dir", dir, "kiosk", "add", "--name", "Aula", "--municipality", "564",
              NULL);
  g_assert_cmpint (add.status, ==, 0);
  id = g_strndup (add.out + strlen ("Kiosk "), strcspn (add.out + strlen ("Kiosk "), " "));

  run_server (&set, "--data-dir", dir, "kiosk", "host", id, "test-library", NULL);
  g_assert_cmpint (set.status, ==, 0);
  run_server (&listed, "--data-dir", dir, "kiosk", "list", NULL);
  g_assert_nonnull (strstr (listed.out, "HOST"));
  g_assert_nonnull (strstr (listed.out, "active   test-library"));

  run_server (&unknown_kiosk, "--data-dir", dir, "kiosk", "host", "kiosk-nowhere", "test-library",
              NULL);
  g_assert_cmpint (unknown_kiosk.status, ==, 1);
  assert_one_sentence (&unknown_kiosk, "no kiosk “kiosk-nowhere”");
  run_server (&unknown_organisation, "--data-dir", dir, "kiosk", "host", id, "nowhere-library",
              NULL);
  g_assert_cmpint (unknown_organisation.status, ==, 2);
  assert_one_sentence (&unknown_organisation, "“nowhere-library” that does not exist");
  run_server (&missing, "--data-dir", dir, "kiosk", "host", id, NULL);
  g_assert_cmpint (missing.status, ==, 2);
  assert_one_sentence (&missing, "--clear");
  run_server (&both, "--data-dir", dir, "kiosk", "host", id, "test-library", "--clear", NULL);
  g_assert_cmpint (both.status, ==, 2);
  run_server (&still, "--data-dir", dir, "kiosk", "list", NULL);
  g_assert_nonnull (strstr (still.out, "active   test-library"));

  run_server (&clear, "--data-dir", dir, "kiosk", "host", id, "--clear", NULL);
  g_assert_cmpint (clear.status, ==, 0);
  run_server (&cleared, "--data-dir", dir, "kiosk", "list", NULL);
  g_assert_null (strstr (cleared.out, "test-library"));

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_prepare_v2 (db,
                          "SELECT a.actor, coalesce (json_extract (d.detail, '$.host'),"
                          " '-') FROM audit_log AS a JOIN audit_details AS d"
                          " ON d.audit = a.id WHERE a.action = 'kiosk-host-set'"
                          " ORDER BY a.id",
                          -1, &stmt, NULL),
      ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (audit, "%s %s;", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpstr (audit->str, ==, expected_audit);
  nv_test_rm_rf (dir);
}

/* A kiosk's name is one line: a line break, a tab or an escape sequence is refused with
 * one sentence naming the option, and nothing is stored. */
static void
test_kiosk_name_one_line (void)
{
  static const char *const names[] = { "a\nb",
                                       "a\tb",
                                       "Aula\r",
                                       "\x1b[2Jx",
                                       "a\xc2\x85"
                                       "b",
                                       "a\xe2\x80\xa8"
                                       "b" };
  g_autofree char         *dir = nv_test_make_tmpdir ();
  g_auto (Run) list = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto (Run) add = { 0 };

      run_server (&add, "--data-dir", dir, "kiosk", "add", "--name", names[i], "--municipality",
                  "564", NULL);
      g_assert_cmpint (add.status, ==, 2);
      g_assert_cmpuint (count_lines (add.err), ==, 1);
      g_assert_true (g_str_has_prefix (add.err, "neuvokas-server: --name must be on one line"));
      g_assert_cmpstr (add.out, ==, "");
    }
  run_server (&list, "--data-dir", dir, "kiosk", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpuint (count_lines (list.out), ==, 1);
  nv_test_rm_rf (dir);
}

/* Whatever a name holds in the database (written before names were checked, or by
 * hand), `kiosk list` prints one line a kiosk, with the control characters escaped. */
static void
test_kiosk_list_escapes (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *db_path = g_build_filename (dir, "neuvokas.db", NULL);
  g_auto (Run) add = { 0 };
  g_auto (Run) second = { 0 };
  g_auto (Run) list = { 0 };
  g_auto (GStrv) lines = NULL;
  sqlite3 *db = NULL;

  run_server (&add, "--data-dir", dir, "kiosk", "add", "--name", "Aula", "--municipality", "564",
              NULL);
  g_assert_cmpint (add.status, ==, 0);
  run_server (&second, "--data-dir", dir, "kiosk", "add", "--name", "Sali", "--municipality", "564",
              NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE kiosks SET name = 'Aula' || char(10) || 'kiosk-fake  "
                                 "Evil' || char(27) || '[2J\\', app_version = '1.0' || "
                                 "char(13) || 'x' WHERE name = 'Aula'",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  run_server (&list, "--data-dir", dir, "kiosk", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  /* A heading and two kiosks. */
  g_assert_cmpuint (count_lines (list.out), ==, 3);
  g_assert_null (strchr (list.out, '\x1b'));
  g_assert_null (strchr (list.out, '\r'));
  lines = g_strsplit (list.out, "\n", -1);
  g_assert_nonnull (strstr (lines[1], "Aula\\u000Akiosk-fake  Evil\\u001B[2J\\\\"));
  g_assert_nonnull (strstr (lines[1], "1.0\\u000Dx"));
  g_assert_nonnull (strstr (lines[2], "Sali"));
  nv_test_rm_rf (dir);
}

static void
test_export_arguments (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_auto (Run) empty = { 0 };
  g_auto (Run) bad_date = { 0 };
  g_auto (Run) bad_format = { 0 };

  run_server (&empty, "--data-dir", dir, "export", "events", "--from", "2026-11-01", "--to",
              "2026-12-01", NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==,
                   "kiosk,visit,visit_hour,seconds_into_visit,type,subject,language,"
                   "text_size,high_contrast,value,detail,guide_version\r\n");
  run_server (&bad_date, "--data-dir", dir, "export", "events", "--from", "1.11.2026", NULL);
  g_assert_cmpint (bad_date.status, ==, 2);
  g_assert_cmpuint (count_lines (bad_date.err), ==, 1);
  run_server (&bad_format, "--data-dir", dir, "export", "events", "--format", "xlsx", NULL);
  g_assert_cmpint (bad_format.status, ==, 2);
  nv_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-cli/help", test_help);
  g_test_add_func ("/server-cli/one-sentence-errors", test_one_sentence_errors);
  g_test_add_func ("/server-cli/no-command", test_no_command);
  g_test_add_func ("/server-cli/serve-and-stop", test_serve_and_stop);
  g_test_add_func ("/server-cli/serve-makes-data-private", test_serve_makes_data_private);
  g_test_add_func ("/server-cli/serve-config-file", test_serve_config_file);
  g_test_add_func ("/server-cli/serve-shipped-config", test_serve_shipped_config);
  g_test_add_func ("/server-cli/serve-command-line-wins", test_serve_command_line_wins);
  g_test_add_func ("/server-cli/serve-config-errors", test_serve_config_errors);
  g_test_add_func ("/server-cli/kiosk-commands", test_kiosk_commands);
  g_test_add_func ("/server-cli/kiosk-host", test_kiosk_host);
  g_test_add_func ("/server-cli/serve-https", test_serve_https);
  g_test_add_func ("/server-cli/backup-while-writing", test_backup_while_writing);
  g_test_add_func ("/server-cli/backup-restore-errors", test_backup_restore_errors);
  g_test_add_func ("/server-cli/serve-https-config", test_serve_https_config);
  g_test_add_func ("/server-cli/kiosk-name-one-line", test_kiosk_name_one_line);
  g_test_add_func ("/server-cli/kiosk-list-escapes", test_kiosk_list_escapes);
  g_test_add_func ("/server-cli/export-arguments", test_export_arguments);

  return g_test_run ();
}

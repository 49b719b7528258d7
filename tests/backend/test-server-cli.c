/* test-server-cli.c — the neuvokas-server program as an administrator runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>

#include "nv-test-util.h"

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
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) run = { 0 };

      run_server (&run, cases[i][0], cases[i][1], cases[i][2], NULL);
      g_assert_cmpint (run.status, !=, 0);
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "neuvokas-server: "));
      if (strstr (run.err, cases[i][3]) == NULL)
        g_error ("“%s” does not say “%s”", run.err, cases[i][3]);
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

/* Starts neuvokas-server with @first_arg…; returns it once it says it listens, with that
 * line in *@line. */
static GSubprocess *
start_server (char **line, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  GSubprocess *process;
  const char  *arg;
  va_list      ap;

  g_ptr_array_add (args, (gpointer) server_path ());
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char *const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  *line = NULL;
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, line);
  nv_test_wait_until (NULL, *line != NULL, 10000);
  g_assert_true (g_str_has_prefix (*line, "neuvokas-server: listening on http://127.0.0.1:"));
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
 * every setting it shows commented out. */
static void
test_serve_shipped_config (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *shipped = g_test_build_filename (G_TEST_DIST, "..", "data", "server.conf", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GRegex) commented = g_regex_new ("^#([a-z-]+=)", G_REGEX_MULTILINE, 0, NULL);
  g_autofree char *uncommented = NULL;
  g_autofree char *config = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (shipped, &text, NULL, &error);
  g_assert_no_error (error);
  uncommented = g_regex_replace (commented, text, -1, 0, "\\1", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uncommented, !=, text);
  config = write_config (dir, uncommented);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *line = NULL;
      g_autoptr (GSubprocess) process = NULL;

      process
          = start_server (&line, "--data-dir", dir, "serve", "--config", i == 0 ? shipped : config,
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
    { "[server]\nlisten=127.0.0.1:0\n[tls]\ncertificate=x\n", "group [tls] this server does not" },
    { "[server]\nlisten=127.0.0.1:0\nreport-threshold=many\n",
      "server.conf: report-threshold expects a whole number from 1 to 1000, not “many”" },
    { "[server]\nlisten=somewhere\n", "server.conf: listen expects HOST:PORT" },
    { "[server]\nlisten=127.0.0.1:0\ncontent-dir=/no/such/dir\n",
      "server.conf: content-dir) does not exist" },
    { "listen=127.0.0.1:0\n", "cannot read the configuration file" },
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
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "neuvokas-server: "));
      if (strstr (run.err, cases[i][1]) == NULL)
        g_error ("“%s” does not say “%s”", run.err, cases[i][1]);
    }

  /* A file named with --config must be there; only the default one may be absent. */
  run_server (&absent, "--data-dir", root, "serve", "--config", missing, NULL);
  g_assert_cmpint (absent.status, ==, 2);
  g_assert_cmpuint (count_lines (absent.err), ==, 1);
  g_assert_nonnull (strstr (absent.err, "cannot read the configuration file"));
  nv_test_rm_rf (root);
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
  g_test_add_func ("/server-cli/kiosk-name-one-line", test_kiosk_name_one_line);
  g_test_add_func ("/server-cli/kiosk-list-escapes", test_kiosk_list_escapes);
  g_test_add_func ("/server-cli/export-arguments", test_export_arguments);

  return g_test_run ();
}

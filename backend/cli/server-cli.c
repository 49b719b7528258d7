/* server-cli.c
 *
 * neuvokas-server [--data-dir DIR] COMMAND [OPTIONS]. --data-dir may stand before or
 * after the command. Every failure is one sentence on stderr and a non-zero exit:
 * 1 when the work failed, 2 when the command line was wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "nv-common.h"
#include "server-cli.h"
#include "server-cli-private.h"
#include "server-export.h"
#include "server-api.h"
#include "server-store.h"
#include "server-store-kiosks.h"
#include "server-store-silence.h"
#include "server-store-events.h"
#include "server-store-users.h"
#include "server-store-reports.h"
#include "server-store-backup.h"

static int serve (GlobalOptions *global, int argc, char **argv);
static int kiosk_add (GlobalOptions *global, int argc, char **argv);
static int kiosk_list (GlobalOptions *global, int argc, char **argv);
static int kiosk_revoke (GlobalOptions *global, int argc, char **argv);
static int kiosk_host (GlobalOptions *global, int argc, char **argv);
static int export_events (GlobalOptions *global, int argc, char **argv);
static int user_add (GlobalOptions *global, int argc, char **argv);
static int user_list (GlobalOptions *global, int argc, char **argv);
static int user_disable (GlobalOptions *global, int argc, char **argv);
static int user_enable (GlobalOptions *global, int argc, char **argv);
static int user_password (GlobalOptions *global, int argc, char **argv);

/* Every command of neuvokas-server, in the order --help lists them: its summary, and its
 * handler or its actions with their usage. */
static const ServerCliCommand commands[] = {
  { "serve", "Run the HTTP server for kiosks and the staff console", serve },
  { "kiosk", "Register, list and revoke kiosks (add, list, revoke)", NULL,
    (const ServerCliAction[]){ { "add", kiosk_add },
                               { "list", kiosk_list },
                               { "revoke", kiosk_revoke },
                               { "host", kiosk_host },
                               { NULL } },
    "  neuvokas-server kiosk add --name NAME --municipality CODE\n"
    "  neuvokas-server kiosk list\n  neuvokas-server kiosk revoke ID\n"
    "  neuvokas-server kiosk host ID ORGANISATION-ID|--clear\n"
    "A kiosk's host is the library it stands in, whose opening hours say when it\n"
    "should be heard from.\n" },
  { "export", "Write usage events as CSV or NDJSON to standard output", export_events },
  { "user", "Add, list, disable and enable staff accounts, set passwords", NULL,
    (const ServerCliAction[]){ { "add", user_add },
                               { "list", user_list },
                               { "disable", user_disable },
                               { "enable", user_enable },
                               { "password", user_password },
                               { NULL } },
    "  neuvokas-server user add NAME --role advisor|evaluator|admin\n"
    "  neuvokas-server user list\n  neuvokas-server user disable NAME\n"
    "  neuvokas-server user enable NAME\n"
    "  neuvokas-server user password NAME\n\n"
    "Passwords are asked twice on the terminal, without echo, or read as one line\n"
    "from standard input when it is not a terminal; never from the command line.\n" },
  { "slot", "Publish, list and cancel appointment slots (add, list, cancel)", NULL,
    server_cli_slot_actions,
    "  neuvokas-server slot add --organisation ID|--home-visit --kind KIND "
    "--start \"YYYY-MM-DD HH:MM\" [--duration 30] [--capacity 1]\n"
    "  neuvokas-server slot list\n"
    "  neuvokas-server slot cancel ID\n"
    "Times are Helsinki time.\n" },
  { "appointment", "Residents' appointment requests: list, show, mark handled", NULL,
    server_cli_appointment_actions,
    "  neuvokas-server appointment list [--all]\n"
    "  neuvokas-server appointment show ID|REFERENCE\n"
    "  neuvokas-server appointment mark ID|REFERENCE contacted\n"
    "  neuvokas-server appointment mark ID|REFERENCE done --outcome "
    "solved|referred|home-visit-booked|no-answer|cancelled\n"
    "Every request shown is recorded in the audit log.\n" },
  { "purge", "Erase names and phone numbers of requests handled long ago", server_cli_purge },
  { "backup", "Copy the database to a file, also while serving", server_cli_backup },
  { "restore", "Put a backup in place of the database (server stopped)", server_cli_restore },
  { "rollups", "Fill the reports' counts per day again from the events (rebuild)", NULL,
    server_cli_rollups_actions,
    "  neuvokas-server rollups rebuild\n"
    "The server keeps them as events arrive (docs/performance.md).\n" },

  { "import", "Import directory entries from Suomi.fi and the library directory for review", NULL,
    server_cli_import_actions,
    "  neuvokas-server import ptv [--kind KIND] [--complete] FILE...\n"
    "  neuvokas-server import ptv --url URL [--kind KIND] [--complete] [--timeout SECONDS]\n"
    "  neuvokas-server import libraries FILE...\n"
    "  neuvokas-server import libraries --url URL [--timeout SECONDS]\n"
    "  neuvokas-server import refresh [--config FILE]\n"
    "New and changed entries wait for an advisor's review (docs/directory.md).\n" },
  { "settings", "What kiosks are told to use: inactivity, language, QR address", NULL,
    server_cli_settings_actions,
    "  neuvokas-server settings list\n"
    "  neuvokas-server settings set [--kiosk ID|--municipality CODE] NAME VALUE\n"
    "  neuvokas-server settings unset [--kiosk ID|--municipality CODE] NAME\n"
    "A kiosk's own setting wins over its municipality's, which wins over every kiosk's;\n"
    "a key its administrator locked on the kiosk is never changed (docs/deployment.md).\n" },
};

static void G_GNUC_PRINTF (1, 2) say_error (const char *format, ...)
{
  g_autofree char *sentence = NULL;
  va_list          args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "neuvokas-server: %s\n", sentence);
}

static char *
commands_description (void)
{
  GString *text = g_string_new ("Commands:\n");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-12s %s\n", commands[i].name, commands[i].summary);
  g_string_append (text, "\nRun “neuvokas-server COMMAND --help” for a command's options.");
  return g_string_free (text, FALSE);
}

static GOptionEntry *
global_entries (GlobalOptions *global)
{
  static GOptionEntry entries[2];

  entries[0] = (GOptionEntry){ "data-dir",
                               'd',
                               0,
                               G_OPTION_ARG_FILENAME,
                               &global->data_dir,
                               "Where the database lives (default: $XDG_DATA_HOME/neuvokas-server)",
                               "DIR" };
  entries[1] = (GOptionEntry){ NULL };
  return entries;
}

/* Parses a command's options, with the global ones too. */
static gboolean
parse_options (const char    *command,
               const char    *summary,
               GOptionEntry  *entries,
               GlobalOptions *global,
               int           *argc,
               char        ***argv,
               int           *exit_status)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *parameter = g_strdup_printf ("%s", command);

  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, global_entries (global), NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      say_error ("%s (see “neuvokas-server %s --help”)", error->message, command);
      *exit_status = EXIT_USAGE;
      return FALSE;
    }
  if (*argc > 1)
    {
      say_error ("“%s” takes no argument “%s” (see “neuvokas-server %s --help”)", command,
                 (*argv)[1], command);
      *exit_status = EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

static char *
resolve_data_dir (GlobalOptions *global, int *exit_status)
{
  g_autofree char *dir = NULL;

  if (global->data_dir != NULL)
    dir = g_strdup (global->data_dir);
  else
    dir = g_build_filename (g_get_user_data_dir (), "neuvokas-server", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      say_error ("cannot create the data directory %s: %s", dir, g_strerror (saved_errno));
      *exit_status = EXIT_FAILED;
      return NULL;
    }
  if (g_access (dir, W_OK | X_OK) != 0)
    {
      say_error ("cannot write in the data directory %s: %s", dir, g_strerror (errno));
      *exit_status = EXIT_FAILED;
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static char *
default_content_dir (void)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "content", NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return g_strdup (SOURCE_CONTENT_DIR);
}

/* "127.0.0.1:8080", "[::1]:8080", "localhost:8080". Only literal addresses: the
 * server never resolves names to decide where to listen. */
static GSocketAddress *
parse_listen (const char *text)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  const char      *colon;
  guint64          port;

  if (text == NULL || (colon = strrchr (text, ':')) == NULL || colon == text)
    return NULL;
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    return NULL;
  host = g_strndup (text, colon - text);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  if (g_str_equal (host, "localhost"))
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);
  if (address == NULL)
    return NULL;
  return g_inet_socket_address_new (address, (guint16) port);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* The keys of serve's configuration file, by group; the command line wins. */
typedef enum
{
  CONFIG_LISTEN,
  CONFIG_DATA_DIR,
  CONFIG_REPORT_THRESHOLD,
  CONFIG_CONTENT_DIR,
  CONFIG_TLS_CERTIFICATE,
  CONFIG_TLS_KEY,
  CONFIG_TRUSTED_PROXIES,
  CONFIG_METRICS_ALLOW,
  CONFIG_METRICS_TOKEN_FILE,
  N_CONFIG_KEYS
} ConfigKey;

static const struct
{
  const char *group;
  const char *key;
  const char *option;
} config_keys[N_CONFIG_KEYS] = {
  [CONFIG_LISTEN] = { "server", "listen", "--listen" },
  [CONFIG_DATA_DIR] = { "server", "data-dir", "--data-dir" },
  [CONFIG_REPORT_THRESHOLD] = { "server", "report-threshold", "--report-threshold" },
  [CONFIG_CONTENT_DIR] = { "server", "content-dir", "--content-dir" },
  [CONFIG_TLS_CERTIFICATE] = { "tls", "certificate", "--tls-certificate" },
  [CONFIG_TLS_KEY] = { "tls", "key", "--tls-key" },
  [CONFIG_TRUSTED_PROXIES] = { "http", "trusted-proxies", "--trusted-proxy" },
  [CONFIG_METRICS_ALLOW] = { "http", "metrics-allow", "--metrics-allow" },
  [CONFIG_METRICS_TOKEN_FILE] = { "http", "metrics-token-file", "--metrics-token-file" },
};

/* "listen, data-dir, report-threshold and content-dir": the keys @group knows. */
static char *
group_keys (const char *group)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < N_CONFIG_KEYS; i++)
    if (g_str_equal (config_keys[i].group, group))
      g_ptr_array_add (keys, (gpointer) config_keys[i].key);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (text, "%s%s",
                            i == 0               ? ""
                            : i + 1 == keys->len ? " and "
                                                 : ", ",
                            (const char *) g_ptr_array_index (keys, i));
  return g_string_free (text, FALSE);
}

static gboolean
config_knows_group (const char *group)
{
  for (guint i = 0; i < N_CONFIG_KEYS; i++)
    if (g_str_equal (config_keys[i].group, group))
      return TRUE;
  return FALSE;
}

static gboolean
config_knows_key (const char *group, const char *key)
{
  for (guint i = 0; i < N_CONFIG_KEYS; i++)
    if (g_str_equal (config_keys[i].group, group) && g_str_equal (config_keys[i].key, key))
      return TRUE;
  return FALSE;
}

/* Reads @path's keys into @values (indexed by ConfigKey) the command line left unset
 * (NULL), and says in *@from_file which it set (bit i for key i). A file given with
 * --config must exist; the default one is read only when it exists. Any key or group
 * this server does not know is a mistake said in one sentence: a misspelt key silently
 * ignored would leave the service on a setting the administrator did not mean. */
static gboolean
read_config (const char *path,
             gboolean explicit,
             char **values[N_CONFIG_KEYS],
             guint *from_file,
             int   *exit_status)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) groups = NULL;

  if (!explicit && !g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      say_error ("cannot read the configuration file %s: %s", path, error->message);
      *exit_status = EXIT_USAGE;
      return FALSE;
    }
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto (GStrv) keys = NULL;

      if (!config_knows_group (groups[i]))
        {
          say_error ("%s has a group [%s] this server does not know; it knows [server], [tls] "
                     "and [http]",
                     path, groups[i]);
          *exit_status = EXIT_USAGE;
          return FALSE;
        }
      keys = g_key_file_get_keys (file, groups[i], NULL, NULL);
      for (guint j = 0; keys[j] != NULL; j++)
        if (!config_knows_key (groups[i], keys[j]))
          {
            g_autofree char *known = group_keys (groups[i]);

            say_error ("%s has a key “%s” this server does not know (in [%s] it knows %s)", path,
                       keys[j], groups[i], known);
            *exit_status = EXIT_USAGE;
            return FALSE;
          }
    }
  for (guint i = 0; i < N_CONFIG_KEYS; i++)
    if (*values[i] == NULL
        && g_key_file_has_key (file, config_keys[i].group, config_keys[i].key, NULL))
      {
        *values[i] = g_key_file_get_string (file, config_keys[i].group, config_keys[i].key, NULL);
        *from_file |= 1u << i;
      }
  return TRUE;
}

/* How a sentence names the setting @key: "--listen", or "/etc/neuvokas/server.conf:
 * listen" when the file set it (bit @key of @from_file). */
static char *
setting_name (guint from_file, ConfigKey key, const char *path)
{
  if (from_file & (1u << key))
    return g_strdup_printf ("%s: %s", path, config_keys[key].key);
  return g_strdup (config_keys[key].option);
}

/* "10.0.0.5, 10.1.0.0/16; ::1" as a list, without empty items. */
static GStrv
split_list (const char *text)
{
  g_auto (GStrv) items = g_strsplit_set (text, ",; \t", -1);
  g_autoptr (GStrvBuilder) list = g_strv_builder_new ();

  for (guint i = 0; items[i] != NULL; i++)
    if (items[i][0] != '\0')
      g_strv_builder_add (list, items[i]);
  return g_strv_builder_end (list);
}

/* The certificate and key to serve HTTPS with, both or neither; NULL with *@exit_status
 * 0 when there are none. */
static GTlsCertificate *
load_certificate (
    const char *certificate, const char *key, guint from_file, const char *path, int *exit_status)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *certificate_setting = setting_name (from_file, CONFIG_TLS_CERTIFICATE, path);
  g_autofree char *key_setting = setting_name (from_file, CONFIG_TLS_KEY, path);
  GTlsCertificate *loaded;

  *exit_status = 0;
  if (certificate == NULL && key == NULL)
    return NULL;
  if (certificate == NULL || key == NULL)
    {
      say_error ("HTTPS needs both a certificate and its key: %s is set, %s is not",
                 certificate != NULL ? certificate_setting : key_setting,
                 certificate != NULL ? key_setting : certificate_setting);
      *exit_status = EXIT_USAGE;
      return NULL;
    }
  if ((loaded = g_tls_certificate_new_from_files (certificate, key, &error)) == NULL)
    {
      say_error ("cannot use the certificate %s (%s) with the key %s (%s): %s", certificate,
                 certificate_setting, key, key_setting, error->message);
      *exit_status = EXIT_USAGE;
    }
  return loaded;
}

/* The database holds names and phone numbers: only the server's user may read it, whatever
 * the modes of a folder or file an administrator made or copied in before. SQLite gives
 * the -wal and -shm files it creates later the database's mode. */
static gboolean
restrict_data_modes (const char *data_dir, int *exit_status)
{
  static const char *const files[]
      = { "neuvokas.db", "neuvokas.db-wal", "neuvokas.db-shm", "neuvokas.lock" };

  if (g_chmod (data_dir, 0700) != 0)
    {
      say_error ("cannot make the data directory %s private: %s", data_dir, g_strerror (errno));
      *exit_status = EXIT_FAILED;
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (data_dir, files[i], NULL);

      if (g_chmod (path, 0600) != 0 && errno != ENOENT)
        {
          say_error ("cannot make %s private: %s", path, g_strerror (errno));
          *exit_status = EXIT_FAILED;
          return FALSE;
        }
    }
  return TRUE;
}

/* The token that opens /metrics, from its file (one line, at least 16 characters); NULL
 * when it cannot be used, said why. Never printed: it is a secret. */
static char *
read_metrics_token (const char *path, guint from_file, const char *config_path)
{
  g_autofree char *setting = setting_name (from_file, CONFIG_METRICS_TOKEN_FILE, config_path);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      say_error ("%s: %s", setting, error->message);
      return NULL;
    }
  g_strstrip (contents);
  if (strlen (contents) < 16 || strpbrk (contents, " \t\r\n") != NULL
      || !g_utf8_validate (contents, -1, NULL))
    {
      say_error ("%s: the file %s must hold one token of at least 16 characters, without spaces",
                 setting, path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static int
serve (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *config = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *content_dir = NULL;
  g_autofree char *threshold_text = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (ServerHttp) http = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *tls_certificate = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *proxies_text = NULL;
  g_auto (GStrv) proxies = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GPtrArray) proxy_masks = NULL;
  g_autofree char *metrics_allow_text = NULL;
  g_autofree char *metrics_token_file = NULL;
  g_autofree char *metrics_token = NULL;
  g_auto (GStrv) metrics_allow = NULL;
  g_autoptr (GPtrArray) metrics_masks = NULL;
  const char *config_path;
  gint64      report_threshold = SERVER_REPORT_THRESHOLD_DEFAULT;
  guint       from_file = 0;
  int         status = 0;
  char      **values[N_CONFIG_KEYS] = {
         [CONFIG_LISTEN] = &listen,
         [CONFIG_DATA_DIR] = &global->data_dir,
         [CONFIG_REPORT_THRESHOLD] = &threshold_text,
         [CONFIG_CONTENT_DIR] = &content_dir,
         [CONFIG_TLS_CERTIFICATE] = &tls_certificate,
         [CONFIG_TLS_KEY] = &tls_key,
         [CONFIG_TRUSTED_PROXIES] = &proxies_text,
         [CONFIG_METRICS_ALLOW] = &metrics_allow_text,
         [CONFIG_METRICS_TOKEN_FILE] = &metrics_token_file,
  };
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config,
      "Read the settings from FILE ([server], [tls] and [http]); options given here win "
      "(default: " SERVER_CONFIG_FILE " when it exists)",
      "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      "Address and port to listen on (default: 127.0.0.1:8080; port 0 picks a free one)",
      "HOST:PORT" },
    { "report-threshold", 0, 0, G_OPTION_ARG_STRING, &threshold_text,
      "Reports show no count below N, so no small group can be singled out (default: 5)", "N" },
    { "content-dir", 0, 0, G_OPTION_ARG_FILENAME, &content_dir,
      "Default content to seed an empty store with (default: the installed data/content)", "DIR" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &tls_certificate,
      "Serve HTTPS with this certificate (PEM, with its chain)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The certificate's private key (PEM)",
      "FILE" },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &proxies,
      "A reverse proxy whose X-Forwarded-For and -Proto are believed; repeatable",
      "ADDRESS[/PREFIX]" },
    { "metrics-allow", 0, 0, G_OPTION_ARG_STRING_ARRAY, &metrics_allow,
      "A client that may read /metrics without signing in (Prometheus); repeatable",
      "ADDRESS[/PREFIX]" },
    { "metrics-token-file", 0, 0, G_OPTION_ARG_FILENAME, &metrics_token_file,
      "A file holding the bearer token that opens /metrics", "FILE" },
    { NULL }
  };

  if (!parse_options ("serve", "Serves the kiosk API and the staff console over HTTP or HTTPS.",
                      entries, global, &argc, &argv, &status))
    return status;
  config_path = config != NULL ? config : SERVER_CONFIG_FILE;
  /* Any --trusted-proxy replaces the file's whole list. */
  if (proxies != NULL)
    proxies_text = g_strdup ("");
  if (!read_config (config_path, config != NULL, values, &from_file, &status))
    return status;
  if (proxies == NULL && proxies_text != NULL)
    proxies = split_list (proxies_text);
  if (metrics_allow == NULL && metrics_allow_text != NULL)
    metrics_allow = split_list (metrics_allow_text);

  address = parse_listen (listen != NULL ? listen : "127.0.0.1:8080");
  if (address == NULL)
    {
      setting = setting_name (from_file, CONFIG_LISTEN, config_path);
      say_error ("%s expects HOST:PORT such as 127.0.0.1:8080, not “%s”", setting, listen);
      return EXIT_USAGE;
    }
  if (threshold_text != NULL
      && !g_ascii_string_to_signed (threshold_text, 10, 1, 1000, &report_threshold, NULL))
    {
      setting = setting_name (from_file, CONFIG_REPORT_THRESHOLD, config_path);
      say_error ("%s expects a whole number from 1 to 1000, not “%s”", setting, threshold_text);
      return EXIT_USAGE;
    }
  if (content_dir != NULL && !g_file_test (content_dir, G_FILE_TEST_IS_DIR))
    {
      setting = setting_name (from_file, CONFIG_CONTENT_DIR, config_path);
      say_error ("the content directory %s (%s) does not exist", content_dir, setting);
      return EXIT_USAGE;
    }
  certificate = load_certificate (tls_certificate, tls_key, from_file, config_path, &status);
  if (status != 0)
    return status;
  if ((proxy_masks = server_http_parse_proxies ((const char *const *) proxies, &error)) == NULL)
    {
      setting = setting_name (from_file, CONFIG_TRUSTED_PROXIES, config_path);
      say_error ("%s: %s", setting, error->message);
      return EXIT_USAGE;
    }
  if ((metrics_masks = server_http_parse_proxies ((const char *const *) metrics_allow, &error))
      == NULL)
    {
      setting = setting_name (from_file, CONFIG_METRICS_ALLOW, config_path);
      say_error ("%s: %s", setting, error->message);
      return EXIT_USAGE;
    }
  if (metrics_token_file != NULL
      && (metrics_token = read_metrics_token (metrics_token_file, from_file, config_path)) == NULL)
    return EXIT_USAGE;
  if ((data_dir = resolve_data_dir (global, &status)) == NULL)
    return status;
  if (content_dir == NULL)
    content_dir = default_content_dir ();

  /* Held until the process ends: a restore refuses to replace the database under a
   * running server. */
  if (server_store_lock_data_dir (data_dir, FALSE, &error) < 0)
    return server_cli_say_failure (error);
  if ((store = server_store_open (data_dir, content_dir, &error)) == NULL)
    return server_cli_say_failure (error);
  if (!restrict_data_modes (data_dir, &status))
    return status;

  if ((http = server_api_new_http (store, &error)) == NULL)
    return server_cli_say_failure (error);
  server_api_set_report_threshold (http, (guint) report_threshold);
  server_http_set_certificate (http, certificate);
  server_http_set_trusted_proxies (http, proxy_masks);
  server_api_set_metrics_access (http, metrics_masks, metrics_token);
  if (!server_http_listen (http, address, &error))
    {
      g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

      say_error ("cannot listen on %s: %s", where, error->message);
      return EXIT_FAILED;
    }

  /* The signals are caught before the line that says the server is ready, so that
   * whoever waits for that line (a test, a supervisor) may stop it cleanly at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);

  url = server_http_get_url (http);
  printf ("neuvokas-server: listening on %s\n", url);
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}

/* Opens the store for an administrative command. */
static ServerStore *
open_store (GlobalOptions *global, int *status)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *content_dir = NULL;
  g_autoptr (GError) error = NULL;
  ServerStore *store;

  if ((data_dir = resolve_data_dir (global, status)) == NULL)
    return NULL;
  content_dir = default_content_dir ();
  if ((store = server_store_open (data_dir, content_dir, &error)) == NULL)
    {
      say_error ("%s", error->message);
      *status = EXIT_FAILED;
    }
  return store;
}

static char *
format_time (gint64 seconds)
{
  g_autoptr (GDateTime) time = NULL;

  if (seconds <= 0)
    return g_strdup ("never");
  time = g_date_time_new_from_unix_local (seconds);
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static int
kiosk_add (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *municipality = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  int          status = 0;
  GOptionEntry entries[] = { { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
                               "A name staff recognise, e.g. “Oulu main library, lobby”", "NAME" },
                             { "municipality", 'm', 0, G_OPTION_ARG_STRING, &municipality,
                               "Municipality code, e.g. 564 for Oulu", "CODE" },
                             { NULL } };

  if (!parse_options ("kiosk add", "Registers a kiosk and prints its token, once.", entries, global,
                      &argc, &argv, &status))
    return status;
  if (name == NULL || municipality == NULL)
    {
      say_error ("kiosk add needs --name and --municipality");
      return EXIT_USAGE;
    }
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if (!server_store_add_kiosk (store, name, municipality, &id, &token, &error))
    return server_cli_say_store_error (error);
  printf ("Kiosk %s registered. Its token, shown only now:\n%s\n", id, token);
  fprintf (stderr, "Put the token in the kiosk's token file (readable only by the kiosk's user): "
                   "neuvokas-kiosk --set-token < file\n");
  return 0;
}

/* Stored text as one line of a listing, whatever it holds: control characters (a line
 * break, an escape sequence for the terminal) and bytes that are not UTF-8 are written
 * as escapes, and so is the backslash, so that no two values print alike. */
static char *
one_line (const char *text)
{
  g_autofree char *valid = NULL;
  GString         *line;

  if (text == NULL)
    return g_strdup ("-");
  valid = g_utf8_make_valid (text, -1);
  line = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\\')
        g_string_append (line, "\\\\");
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_printf (line, "\\u%04X", c);
      else
        g_string_append_unichar (line, c);
    }
  return g_string_free (line, FALSE);
}

static int
kiosk_list (GlobalOptions *global, int argc, char **argv)
{
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GPtrArray) kiosks = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!parse_options ("kiosk list", "Lists the kiosks and what they last reported.", NULL, global,
                      &argc, &argv, &status))
    return status;
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if ((kiosks = server_store_list_kiosks (store, &error)) == NULL)
    return server_cli_say_failure (error);
  printf ("%-16s %-28s %-12s %-17s %-8s %-8s %-8s %-8s %s\n", "ID", "NAME", "MUNICIPALITY",
          "LAST CONTACT", "CONTENT", "VERSION", "BACKLOG", "STATE", "HOST");
  for (guint i = 0; i < kiosks->len; i++)
    {
      const ServerKiosk *kiosk = g_ptr_array_index (kiosks, i);
      g_autofree char   *contact = format_time (kiosk->last_contact);
      g_autofree char   *revision
          = kiosk->content_revision >= 0
                ? g_strdup_printf ("%" G_GINT64_FORMAT, kiosk->content_revision)
                : g_strdup ("-");
      g_autofree char *backlog = kiosk->outbox_backlog >= 0
                                     ? g_strdup_printf ("%" G_GINT64_FORMAT, kiosk->outbox_backlog)
                                     : g_strdup ("-");
      g_autofree char *id = one_line (kiosk->id);
      g_autofree char *name = one_line (kiosk->name);
      g_autofree char *municipality
          = one_line (nv_municipality_name (kiosk->municipality, NV_LANG_FI));
      g_autofree char *version = one_line (kiosk->app_version);
      g_autofree char *host = one_line (kiosk->host);

      printf ("%-16s %-28s %-12s %-17s %-8s %-8s %-8s %-8s %s\n", id, name, municipality, contact,
              revision, version, backlog, kiosk->revoked ? "revoked" : "active", host);
    }
  return 0;
}

static int
kiosk_revoke (GlobalOptions *global, int argc, char **argv)
{
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  int              status = 0;

  /* The id is the one positional argument. */
  if (argc >= 2 && argv[1][0] != '-')
    {
      id = g_strdup (argv[1]);
      for (int i = 1; i < argc - 1; i++)
        argv[i] = argv[i + 1];
      argc--;
    }
  if (!parse_options ("kiosk revoke", "Revokes a kiosk's token: it is refused from now on.", NULL,
                      global, &argc, &argv, &status))
    return status;
  if (id == NULL)
    {
      say_error ("kiosk revoke needs the kiosk's id (see “neuvokas-server kiosk list”)");
      return EXIT_USAGE;
    }
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if (!server_store_revoke_kiosk (store, id, &error))
    return server_cli_say_failure (error);
  printf ("Kiosk %s revoked.\n", id);
  return 0;
}

static int
kiosk_host (GlobalOptions *global, int argc, char **argv)
{
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *actor = server_cli_actor ();
  g_autofree char *id = NULL;
  g_autofree char *host = NULL;
  gboolean         clear = FALSE;
  int              status = 0;
  GOptionEntry     entries[] = { { "clear", 0, 0, G_OPTION_ARG_NONE, &clear,
                                   "The kiosk stands in no organisation (it has no host)", NULL },
                                 { NULL } };

  /* The kiosk's id, then its host's id unless --clear: the positional arguments first. */
  for (char **target = &id; target != NULL && argc >= 2 && argv[1][0] != '-';
       target = target == &id ? &host : NULL)
    {
      *target = g_strdup (argv[1]);
      for (int i = 1; i < argc - 1; i++)
        argv[i] = argv[i + 1];
      argc--;
    }
  if (!parse_options ("kiosk host",
                      "Sets the organisation, usually a library, a kiosk stands in: the kiosk is "
                      "silent when it is not heard from while its host is open.",
                      entries, global, &argc, &argv, &status))
    return status;
  if (id == NULL || (host == NULL) != clear)
    {
      say_error ("kiosk host needs the kiosk's id and the organisation's id, or --clear "
                 "(see “neuvokas-server kiosk list”)");
      return EXIT_USAGE;
    }
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if (!server_store_set_kiosk_host (store, id, host, actor, &error))
    return server_cli_say_store_error (error);
  if (host != NULL)
    printf ("Kiosk %s stands in %s.\n", id, host);
  else
    printf ("Kiosk %s has no host.\n", id);
  return 0;
}

/* Staff accounts */

/* Terminal settings to restore if the user presses Ctrl-C while echo is off. */
static struct termios saved_termios;

static void
restore_terminal_and_die (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* One line from standard input without its line ending, read byte by byte so that
 * nothing of it stays in a stdio buffer; NULL at the end of input. A line longer than
 * a password may be comes back one byte too long, for validation to refuse. */
static char *
read_secret_line (void)
{
  char     buffer[SERVER_PASSWORD_MAX_BYTES + 1];
  gsize    length = 0;
  gboolean any = FALSE;
  char    *line;
  ssize_t  n;
  char     c;

  while ((n = read (STDIN_FILENO, &c, 1)) == 1 || (n < 0 && errno == EINTR))
    {
      if (n != 1)
        continue;
      any = TRUE;
      if (c == '\n')
        break;
      if (length < sizeof buffer)
        buffer[length++] = c;
    }
  if (!any)
    return NULL;
  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  line = g_strndup (buffer, length);
  sodium_memzero (buffer, sizeof buffer);
  return line;
}

/* Asks on the terminal with echo off. */
static char *
ask_secret (const char *prompt)
{
  struct termios quiet;
  char          *line;

  fprintf (stderr, "%s", prompt);
  fflush (stderr);
  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    return NULL;
  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  signal (SIGINT, restore_terminal_and_die);
  signal (SIGTERM, restore_terminal_and_die);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  line = read_secret_line ();
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  fprintf (stderr, "\n");
  return line;
}

static void
free_secret (char *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* A new password: asked twice on a terminal, else one line of standard input. Never
 * from the command line, where other users see it in ps and it stays in the history. */
static char *
read_new_password (const char *name, int *status)
{
  g_autofree char *prompt = NULL;
  char            *password;
  char            *again;

  if (!isatty (STDIN_FILENO))
    {
      if ((password = read_secret_line ()) == NULL)
        {
          say_error ("there is no password on standard input: give it as one line");
          *status = EXIT_USAGE;
        }
      return password;
    }
  prompt = g_strdup_printf ("New password for %s (at least %d characters): ", name,
                            SERVER_PASSWORD_MIN_CHARS);
  password = ask_secret (prompt);
  again = password != NULL ? ask_secret ("The same password again: ") : NULL;
  if (password == NULL || again == NULL || !g_str_equal (password, again))
    {
      say_error ("the two passwords differ; nothing was changed");
      free_secret (password);
      free_secret (again);
      *status = EXIT_USAGE;
      return NULL;
    }
  free_secret (again);
  return password;
}

/* The NAME that follows "user ACTION", taken out of argv before the options are parsed. */
static char *
take_user_name (const char *action, int *argc, char **argv, int *status)
{
  char *name;

  if (*argc < 2 || argv[1][0] == '-')
    {
      say_error ("user %s needs the user's name (see “neuvokas-server user --help”)", action);
      *status = EXIT_USAGE;
      return NULL;
    }
  name = g_strdup (argv[1]);
  for (int i = 1; i < *argc - 1; i++)
    argv[i] = argv[i + 1];
  (*argc)--;
  if (!server_user_name_is_valid (name))
    {
      say_error ("a user name is 2 to 64 of a–z, 0–9, “.”, “_”, “-” and “@”, starting with a "
                 "letter or digit, not “%s”",
                 name);
      *status = EXIT_USAGE;
      g_free (name);
      return NULL;
    }
  return name;
}

static int
exit_status_for (const GError *error)
{
  return nv_error_get_field (error) != NULL ? EXIT_USAGE : EXIT_FAILED;
}

static int
user_add (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *role_name = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (ServerUser) existing = NULL;
  g_autoptr (GError) error = NULL;
  char        *password;
  gboolean     ok;
  ServerRole   role;
  int          status = 0;
  GOptionEntry entries[] = { { "role", 'r', 0, G_OPTION_ARG_STRING, &role_name,
                               "advisor, evaluator or admin", "ROLE" },
                             { NULL } };

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    name = g_strdup ("");
  else if ((name = take_user_name ("add", &argc, argv, &status)) == NULL)
    return status;
  if (!parse_options ("user add",
                      "Adds a staff account: user add NAME --role ROLE. The password "
                      "is asked twice on the terminal, or read as one line from standard input.",
                      entries, global, &argc, &argv, &status))
    return status;
  if (role_name == NULL || !server_role_from_string (role_name, &role))
    {
      say_error ("--role is advisor, evaluator or admin%s%s%s", role_name ? ", not “" : "",
                 role_name ? role_name : "", role_name ? "”" : "");
      return EXIT_USAGE;
    }
  if ((store = open_store (global, &status)) == NULL)
    return status;
  /* Before asking for a password that could not be used. */
  if ((existing = server_store_find_user (store, name, NULL)) != NULL)
    {
      say_error ("there is already a user “%s”", name);
      return EXIT_FAILED;
    }
  if ((password = read_new_password (name, &status)) == NULL)
    return status;
  ok = server_store_add_user (store, name, role, password, &error);
  free_secret (password);
  if (!ok)
    {
      say_error ("%s", error->message);
      return exit_status_for (error);
    }
  printf ("User %s added as %s.\n", name, role_name);
  return 0;
}

static int
user_list (GlobalOptions *global, int argc, char **argv)
{
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GPtrArray) users = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!parse_options ("user list", "Lists the staff accounts.", NULL, global, &argc, &argv,
                      &status))
    return status;
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if ((users = server_store_list_users (store, &error)) == NULL)
    return server_cli_say_failure (error);
  printf ("%-24s %-10s %-17s %s\n", "NAME", "ROLE", "CREATED", "STATE");
  for (guint i = 0; i < users->len; i++)
    {
      const ServerUser *user = g_ptr_array_index (users, i);
      g_autofree char  *created = format_time (user->created);
      g_autofree char  *disabled = format_time (user->disabled);

      printf ("%-24s %-10s %-17s %s%s\n", user->name, server_role_to_string (user->role), created,
              user->disabled ? "disabled " : "active", user->disabled ? disabled : "");
    }
  return 0;
}

/* "user disable NAME" and "user enable NAME": one change of one account. */
static int
change_user (GlobalOptions *global,
             int            argc,
             char         **argv,
             const char    *action,
             const char    *summary,
             gboolean (*change) (ServerStore *store, const char *name, GError **error),
             const char *done)
{
  g_autofree char *name = NULL;
  g_autofree char *command = g_strconcat ("user ", action, NULL);
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if ((name = take_user_name (action, &argc, argv, &status)) == NULL)
    return status;
  if (!parse_options (command, summary, NULL, global, &argc, &argv, &status))
    return status;
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if (!change (store, name, &error))
    return server_cli_say_failure (error);
  printf ("User %s %s.\n", name, done);
  return 0;
}

static int
user_disable (GlobalOptions *global, int argc, char **argv)
{
  return change_user (global, argc, argv, "disable",
                      "Disables a staff account and ends its sessions: user disable NAME. "
                      "The last admin cannot be disabled.",
                      server_store_disable_user, "disabled; their sessions have ended");
}

static int
user_enable (GlobalOptions *global, int argc, char **argv)
{
  return change_user (global, argc, argv, "enable",
                      "Enables a disabled staff account again: user enable NAME.",
                      server_store_enable_user, "enabled; they can sign in again");
}

static int
user_password (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *name = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (ServerUser) user = NULL;
  g_autoptr (GError) error = NULL;
  char    *password;
  gboolean ok;
  int      status = 0;

  if ((name = take_user_name ("password", &argc, argv, &status)) == NULL)
    return status;
  if (!parse_options ("user password",
                      "Sets a new password and ends the user's sessions: "
                      "user password NAME.",
                      NULL, global, &argc, &argv, &status))
    return status;
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if ((user = server_store_find_user (store, name, &error)) == NULL)
    return server_cli_say_failure (error);
  if ((password = read_new_password (name, &status)) == NULL)
    return status;
  ok = server_store_set_password (store, name, password, &error);
  free_secret (password);
  if (!ok)
    {
      say_error ("%s", error->message);
      return exit_status_for (error);
    }
  printf ("Password of %s changed; their sessions have ended.\n", name);
  return 0;
}

/* "2026-11-01" (midnight, Helsinki time) or an RFC 3339 time. */
static GDateTime *
parse_date (const char *text)
{
  int  y, m, d;
  char tail;

  if (text == NULL)
    return NULL;
  if (strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3
      && g_date_valid_dmy (d, m, y))
    return g_date_time_new (nv_helsinki_tz (), y, m, d, 0, 0, 0);
  return g_date_time_new_from_iso8601 (text, NULL);
}

typedef struct
{
  ServerExportWriter *writer;
} ExportState;

static gboolean
export_row_cb (const char *const *values, gpointer user_data, GError **error)
{
  ExportState *state = user_data;

  return server_export_writer_row (state->writer, values, error);
}

static int
export_events (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *kiosk = NULL;
  g_autofree char *format = NULL;
  g_autoptr (GDateTime) from = NULL;
  g_autoptr (GDateTime) to = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GOutputStream) out = NULL;
  g_autoptr (ServerExportWriter) writer = NULL;
  g_autoptr (GError) error = NULL;
  ServerExportFormat export_format = SERVER_EXPORT_CSV;
  ExportState        state;
  const char        *kiosks[2] = { NULL, NULL };
  int                status = 0;
  GOptionEntry       entries[]
      = { { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
            "First day (YYYY-MM-DD, Helsinki time) or time", "DATE" },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "Day after the last (exclusive) or time",
            "DATE" },
          { "kiosk", 0, 0, G_OPTION_ARG_STRING, &kiosk, "Only this kiosk's events", "ID" },
          { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv (default) or ndjson", "FORMAT" },
          { NULL } };

  if (argc < 2 || !g_str_equal (argv[1], "events"))
    {
      if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
        {
          printf ("Usage:\n  neuvokas-server export events [--from DATE] [--to DATE] "
                  "[--kiosk ID] [--format csv|ndjson]\n");
          return 0;
        }
      say_error ("export needs what to export: events");
      return EXIT_USAGE;
    }
  argc--;
  argv++;
  if (!parse_options ("export events", "Writes usage events to standard output, streamed.", entries,
                      global, &argc, &argv, &status))
    return status;
  if ((from_text != NULL && (from = parse_date (from_text)) == NULL)
      || (to_text != NULL && (to = parse_date (to_text)) == NULL))
    {
      say_error ("--from and --to expect a date like 2026-11-01 or a time like "
                 "2026-11-01T08:00:00Z");
      return EXIT_USAGE;
    }
  if (format != NULL && g_str_equal (format, "ndjson"))
    export_format = SERVER_EXPORT_NDJSON;
  else if (format != NULL && !g_str_equal (format, "csv"))
    {
      say_error ("--format is csv or ndjson, not “%s”", format);
      return EXIT_USAGE;
    }
  if ((store = open_store (global, &status)) == NULL)
    return status;

  out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  writer = server_export_writer_new (out, export_format, server_event_export_columns,
                                     SERVER_EVENT_EXPORT_N_COLUMNS);
  state.writer = writer;
  kiosks[0] = kiosk;
  if (!server_store_export_events (store, from, to, kiosks, SERVER_REPORT_THRESHOLD_DEFAULT,
                                   export_row_cb, &state, &error)
      || !server_export_writer_close (writer, &error))
    {
      say_error ("the export stopped: %s", error->message);
      return EXIT_FAILED;
    }
  return 0;
}

/* A command alone runs with its arguments; a group's action word is looked up in its
 * table and takes the place of the program name for the action's own parser. */
static int
run_command (const ServerCliCommand *command, GlobalOptions *global, int argc, char **argv)
{
  const char *action = argc >= 2 ? argv[1] : NULL;
  g_autoptr (GString) names = g_string_new (NULL);
  guint n_actions = 0;

  if (command->actions == NULL)
    return command->run (global, argc, argv);

  while (command->actions[n_actions].name != NULL)
    n_actions++;
  for (guint i = 0; i < n_actions; i++)
    g_string_append_printf (names, "%s%s",
                            i == 0               ? ""
                            : i + 1 == n_actions ? " or "
                                                 : ", ",
                            command->actions[i].name);
  if (action != NULL && (g_str_equal (action, "--help") || g_str_equal (action, "-h")))
    {
      printf ("Usage:\n%s", command->usage);
      return 0;
    }
  if (action == NULL || action[0] == '-')
    {
      say_error ("%s needs an action: %s", command->name, names->str);
      return EXIT_USAGE;
    }
  for (guint i = 0; i < n_actions; i++)
    if (g_str_equal (action, command->actions[i].name))
      return command->actions[i].run (global, argc - 1, argv + 1);
  say_error ("%s has no action “%s”; use %s", command->name, action, names->str);
  return EXIT_USAGE;
}

static void
print_usage (FILE *stream)
{
  g_autofree char *description = commands_description ();

  fprintf (stream,
           "Usage:\n  neuvokas-server [--data-dir DIR] COMMAND [OPTIONS]\n\n"
           "The Neuvokas backend: serves content to kiosks and the staff console.\n\n"
           "Options:\n"
           "  -d, --data-dir=DIR  Where the database lives (default: "
           "$XDG_DATA_HOME/neuvokas-server)\n"
           "  -h, --help          Show this help\n"
           "  --version           Show the version\n\n%s\n",
           description);
}

int
server_cli_run (int argc, char **argv)
{
  g_autoptr (GPtrArray) rest = g_ptr_array_new ();
  GlobalOptions           global = { NULL };
  const ServerCliCommand *command = NULL;
  const char             *command_name = NULL;
  int                     status;

  /* Find the command word; everything else goes to the command's own parser. */
  g_ptr_array_add (rest, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      /* A --data-dir before the command is taken here, so the command sees only its own. */
      if (command_name == NULL && (g_str_equal (arg, "--data-dir") || g_str_equal (arg, "-d")))
        {
          if (i + 1 >= argc)
            {
              say_error ("--data-dir needs a directory");
              return EXIT_USAGE;
            }
          g_free (global.data_dir);
          global.data_dir = g_strdup (argv[++i]);
        }
      else if (command_name == NULL && g_str_has_prefix (arg, "--data-dir="))
        {
          g_free (global.data_dir);
          global.data_dir = g_strdup (arg + strlen ("--data-dir="));
        }
      else if (command_name == NULL && arg[0] != '-')
        command_name = arg;
      else if (command_name == NULL && (g_str_equal (arg, "--help") || g_str_equal (arg, "-h")))
        {
          print_usage (stdout);
          return 0;
        }
      else if (command_name == NULL && g_str_equal (arg, "--version"))
        {
          printf ("neuvokas-server %s\n", PACKAGE_VERSION);
          return 0;
        }
      else
        g_ptr_array_add (rest, argv[i]);
    }

  if (command_name == NULL)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, command_name))
      command = &commands[i];
  if (command == NULL)
    {
      say_error ("there is no command “%s” (see “neuvokas-server --help”)", command_name);
      return EXIT_USAGE;
    }

  g_ptr_array_add (rest, NULL);
  status = run_command (command, &global, (int) rest->len - 1, (char **) rest->pdata);
  g_free (global.data_dir);
  return status;
}

/* For the command families in other files (server-cli-private.h) */

void
server_cli_say_error (const char *format, ...)
{
  g_autofree char *sentence = NULL;
  va_list          args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);
  say_error ("%s", sentence);
}

gboolean
server_cli_parse_options (const char    *command,
                          const char    *summary,
                          GOptionEntry  *entries,
                          GlobalOptions *global,
                          int           *argc,
                          char        ***argv,
                          int           *exit_status)
{
  return parse_options (command, summary, entries, global, argc, argv, exit_status);
}

char *
server_cli_data_dir (GlobalOptions *global, int *status)
{
  return resolve_data_dir (global, status);
}

ServerStore *
server_cli_open_store (GlobalOptions *global, int *status)
{
  return open_store (global, status);
}

int
server_cli_say_failure (const GError *error)
{
  say_error ("%s", error->message);
  return EXIT_FAILED;
}

/* The option that sets a field the store validates (a slot's, a kiosk's). */
static const char *
option_for_field (const char *field)
{
  static const char *const names[][2] = {
    { "organisation", "--organisation" }, { "kind", "--kind" },          { "starts_at", "--start" },
    { "duration_minutes", "--duration" }, { "capacity", "--capacity" },  { "name", "--name" },
    { "municipality", "--municipality" }, { "host", "ORGANISATION-ID" },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (field, names[i][0]))
      return names[i][1];
  return NULL;
}

int
server_cli_say_store_error (const GError *error)
{
  const char *field = nv_error_get_field (error);
  const char *option = option_for_field (field);

  if (option != NULL)
    {
      /* The message starts "field: "; the option replaces it. */
      say_error ("%s %s", option, error->message + strlen (field) + 2);
      return EXIT_USAGE;
    }
  say_error ("%s", error->message);
  return field != NULL ? EXIT_USAGE : EXIT_FAILED;
}

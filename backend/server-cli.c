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
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "nv-common.h"
#include "server-cli.h"
#include "server-http.h"
#include "server-store.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

typedef struct
{
  char *data_dir;
} GlobalOptions;

typedef int (*CommandFunc) (GlobalOptions *global,
                            int            argc,
                            char         **argv);

typedef struct
{
  const char  *name;
  CommandFunc  run;
  const char  *summary;
} Command;

static int serve_command (GlobalOptions *global, int argc, char **argv);

static const Command commands[] = {
  { "serve", serve_command, "Run the HTTP server for kiosks and the staff console" },
};

static void G_GNUC_PRINTF (1, 2)
say_error (const char *format,
           ...)
{
  g_autofree char *sentence = NULL;
  va_list args;

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
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, commands[i].summary);
  g_string_append (text, "\nRun “neuvokas-server COMMAND --help” for a command's options.");
  return g_string_free (text, FALSE);
}

static GOptionEntry *
global_entries (GlobalOptions *global)
{
  static GOptionEntry entries[2];

  entries[0] = (GOptionEntry) {
    "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &global->data_dir,
    "Where the database lives (default: $XDG_DATA_HOME/neuvokas-server)", "DIR"
  };
  entries[1] = (GOptionEntry) { NULL };
  return entries;
}

/* Parses a command's options, with the global ones too. */
static gboolean
parse_options (const char     *command,
               const char     *summary,
               GOptionEntry   *entries,
               GlobalOptions  *global,
               int            *argc,
               char         ***argv,
               int            *exit_status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
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
resolve_data_dir (GlobalOptions *global,
                  int           *exit_status)
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
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

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

static int
serve_command (GlobalOptions  *global,
               int             argc,
               char          **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *content_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(ServerStore) store = NULL;
  g_autoptr(ServerHttp) http = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      "Address and port to listen on (default: 127.0.0.1:8080; port 0 picks a free one)",
      "HOST:PORT" },
    { "content-dir", 0, 0, G_OPTION_ARG_FILENAME, &content_dir,
      "Default content to seed an empty store with (default: the installed data/content)",
      "DIR" },
    { NULL }
  };

  if (!parse_options ("serve", "Serves the kiosk API and the staff console over HTTP.",
                      entries, global, &argc, &argv, &status))
    return status;

  address = parse_listen (listen != NULL ? listen : "127.0.0.1:8080");
  if (address == NULL)
    {
      say_error ("--listen expects HOST:PORT such as 127.0.0.1:8080, not “%s”", listen);
      return EXIT_USAGE;
    }
  if (content_dir != NULL && !g_file_test (content_dir, G_FILE_TEST_IS_DIR))
    {
      say_error ("the content directory %s does not exist", content_dir);
      return EXIT_USAGE;
    }
  if ((data_dir = resolve_data_dir (global, &status)) == NULL)
    return status;
  if (content_dir == NULL)
    content_dir = default_content_dir ();

  if ((store = server_store_open (data_dir, content_dir, &error)) == NULL)
    {
      say_error ("%s", error->message);
      return EXIT_FAILED;
    }

  http = server_http_new (store);
  if (!server_http_listen (http, address, &error))
    {
      g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

      say_error ("cannot listen on %s: %s", where, error->message);
      return EXIT_FAILED;
    }

  url = server_http_get_url (http);
  printf ("neuvokas-server: listening on %s\n", url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  return 0;
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
           "  --version           Show the version\n\n%s\n", description);
}

int
server_cli_run (int    argc,
                char **argv)
{
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  GlobalOptions global = { NULL };
  const Command *command = NULL;
  const char *command_name = NULL;
  int status;

  /* Find the command word; everything else goes to the command's own parser. */
  g_ptr_array_add (rest, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (command_name == NULL && (g_str_equal (arg, "--data-dir") || g_str_equal (arg, "-d")))
        {
          g_ptr_array_add (rest, argv[i]);
          if (i + 1 < argc)
            g_ptr_array_add (rest, argv[++i]);
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
  status = command->run (&global, (int) rest->len - 1, (char **) rest->pdata);
  g_free (global.data_dir);
  return status;
}

/* server-cli-import-refresh.c — the scheduled refresh of imported entries
 *
 *   neuvokas-server import refresh [--config FILE]
 *
 * Runs each import whose source URL the import configuration names (default
 * /etc/neuvokas/import.conf beside server.conf), as the administrator would by hand:
 *
 *   [ptv]
 *   url=https://api.palvelutietovaranto.suomi.fi/api/v11/ServiceChannel/list/area/Municipality/code/564
 *   kind=other
 *   complete=true
 *   [libraries]
 *   url=https://api.kirjastot.fi/v4/library?city.name=Oulu&with=schedules&period.start=0d&period.end=8w&limit=100
 *
 * neuvokas-server-import.timer starts it nightly; with no file or no URL there is nothing
 * to refresh, which is no error: the refresh is off until a source is configured. Each
 * run is recorded for the operations report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "server-cli-private.h"

static const struct
{
  const char   *group;
  ServerCliFunc run;
} sources[] = {
  { "ptv", server_cli_import_ptv },
  { "libraries", server_cli_import_libraries },
};

/* The action's command line for the source of @group, from its keys. */
static GPtrArray *
source_argv (GKeyFile *file, const char *group, const char *url)
{
  GPtrArray       *argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *kind = g_key_file_get_string (file, group, "kind", NULL);
  g_autofree char *timeout = g_key_file_get_string (file, group, "timeout", NULL);

  g_ptr_array_add (argv, g_strdup (group));
  g_ptr_array_add (argv, g_strdup ("--url"));
  g_ptr_array_add (argv, g_strdup (url));
  if (kind != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--kind"));
      g_ptr_array_add (argv, g_steal_pointer (&kind));
    }
  if (timeout != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--timeout"));
      g_ptr_array_add (argv, g_steal_pointer (&timeout));
    }
  if (g_key_file_get_boolean (file, group, "complete", NULL))
    g_ptr_array_add (argv, g_strdup ("--complete"));
  g_ptr_array_add (argv, NULL);
  return argv;
}

int
server_cli_import_refresh (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *config = NULL;
  g_autofree char *config_dir = g_path_get_dirname (SERVER_CONFIG_FILE);
  g_autofree char *default_path = g_build_filename (config_dir, "import.conf", NULL);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  const char  *path;
  int          status = 0, worst = 0;
  guint        n_run = 0;
  GOptionEntry entries[]
      = { { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config,
            "The import configuration (default: import.conf beside the server's configuration)",
            "FILE" },
          { NULL } };

  if (!server_cli_parse_options ("import refresh",
                                 "Runs every import whose source URL the import configuration "
                                 "names; neuvokas-server-import.timer starts it nightly.",
                                 entries, global, &argc, &argv, &status))
    return status;
  path = config != NULL ? config : default_path;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      /* No configuration at all: the refresh is off. One named on the command line must
       * be there. */
      if (config == NULL && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          printf ("No import is configured (%s): nothing to refresh.\n", path);
          return 0;
        }
      server_cli_say_error ("cannot read the import configuration %s: %s", path, error->message);
      return EXIT_FAILED;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *url = g_key_file_get_string (file, sources[i].group, "url", NULL);
      g_autoptr (GPtrArray) source_args = NULL;
      g_autofree char **argv_copy = NULL;

      if (url == NULL || url[0] == '\0')
        continue;
      source_args = source_argv (file, sources[i].group, url);
      /* Option parsing moves the pointers of the vector it is given: a copy, so that the
       * array still frees each string once. */
      argv_copy = g_memdup2 (source_args->pdata, sizeof (char *) * source_args->len);
      status = sources[i].run (global, source_args->len - 1, argv_copy);
      worst = MAX (worst, status);
      n_run++;
    }
  if (n_run == 0)
    printf ("No source URL is configured in %s: nothing to refresh.\n", path);
  return worst;
}

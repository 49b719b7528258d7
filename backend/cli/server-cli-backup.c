/* server-cli-backup.c — neuvokas-server backup and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "server-cli-private.h"
#include "server-store-backup.h"

#define BACKUP_PREFIX "neuvokas-"
#define BACKUP_SUFFIX ".db"

/* The one positional argument @what (FILE), taken out of argv before the options. */
static char *
take_argument (int *argc, char **argv)
{
  char *value;

  if (*argc < 2 || argv[1][0] == '-')
    return NULL;
  value = g_strdup (argv[1]);
  for (int i = 1; i < *argc - 1; i++)
    argv[i] = argv[i + 1];
  (*argc)--;
  return value;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Removes the oldest dated backups in @dir beyond the newest @keep. Their names sort in
 * time order (neuvokas-20261207T023000Z.db). */
static void
remove_old_backups (const char *dir, guint keep)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, BACKUP_PREFIX) && g_str_has_suffix (name, BACKUP_SUFFIX)
        && strlen (name) == strlen (BACKUP_PREFIX "20261207T023000Z" BACKUP_SUFFIX))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_unlink (path) == 0)
        printf ("Removed the old backup %s.\n", path);
    }
}

int
server_cli_backup (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *target = take_argument (&argc, argv);
  g_autofree char *data_dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  gint         keep = 0;
  gboolean     into_dir;
  int          status = 0;
  GOptionEntry entries[] = { { "keep", 0, 0, G_OPTION_ARG_INT, &keep,
                               "With a FOLDER: keep only the N newest dated backups in it", "N" },
                             { NULL } };

  if (!server_cli_parse_options ("backup FILE|FOLDER",
                                 "Copies the database to FILE, or to a dated file in FOLDER, "
                                 "consistently, also while the server is serving.",
                                 entries, global, &argc, &argv, &status))
    return status;
  if (target == NULL)
    {
      server_cli_say_error ("backup needs the file (or folder) to write the backup to");
      return EXIT_USAGE;
    }
  into_dir = g_file_test (target, G_FILE_TEST_IS_DIR);
  if (keep < 0 || (keep > 0 && !into_dir))
    {
      server_cli_say_error ("--keep takes a number of backups to keep, and a folder to keep "
                            "them in");
      return EXIT_USAGE;
    }
  if ((data_dir = server_cli_data_dir (global, &status)) == NULL)
    return status;
  if (into_dir)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
      g_autofree char *name = g_strconcat (BACKUP_PREFIX, stamp, BACKUP_SUFFIX, NULL);

      path = g_build_filename (target, name, NULL);
    }
  else
    path = g_strdup (target);
  if (!server_store_backup (data_dir, path, &error))
    return server_cli_say_failure (error);
  printf ("Backed up %s/neuvokas.db to %s.\n", data_dir, path);
  if (keep > 0)
    remove_old_backups (target, (guint) keep);
  return 0;
}

int
server_cli_restore (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *file = take_argument (&argc, argv);
  g_autofree char *data_dir = NULL;
  g_auto (ServerRestoreReport) report = { 0 };
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!server_cli_parse_options ("restore FILE",
                                 "Puts the backup FILE in place of the database. Only with the "
                                 "server stopped; every kiosk then fetches its content again.",
                                 NULL, global, &argc, &argv, &status))
    return status;
  if (file == NULL)
    {
      server_cli_say_error ("restore needs the backup file to restore");
      return EXIT_USAGE;
    }
  if ((data_dir = server_cli_data_dir (global, &status)) == NULL)
    return status;
  if (!server_store_restore (data_dir, file, &report, &error))
    return server_cli_say_failure (error);

  printf ("Restored %s into %s. Content revision %" G_GINT64_FORMAT
          " of the backup is now revision %" G_GINT64_FORMAT " of a new epoch (%s): every kiosk "
          "fetches all its content again.\n",
          file, data_dir, report.backup_revision, report.revision, report.epoch);
  printf ("The backup holds what kiosks sent until %s. Kiosks registered later must be "
          "registered again (kiosk add), and staff accounts and content changed later are as "
          "the backup has them.\n",
          report.backup_time != NULL ? report.backup_time : "(nothing from kiosks yet)");
  if (report.replaced != NULL)
    printf ("The replaced database is kept as %s (only the server's user can read it); it holds "
            "%" G_GINT64_FORMAT " usage event(s) and %" G_GINT64_FORMAT
            " appointment request(s) received after the backup, which the restored one lacks. "
            "Delete it once you no longer need them.\n",
            report.replaced, report.lost_events, report.lost_requests);
  else
    printf ("There was no database to replace: usage events and appointment requests received "
            "after the backup are lost (kiosks delete them once the server has them); ask the "
            "libraries about requests made since then.\n");
  return 0;
}

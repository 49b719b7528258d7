/* server-cli-import-run.c — what one import did, said and recorded
 *
 * The administrator who runs an import reads its summary; a scheduled refresh has no
 * reader, so every run, also one that failed, leaves a row for the operations report
 * (server-store-import-runs.h) with the first refusals in the same words as on standard
 * error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "server-cli-private.h"
#include "server-store-import-runs.h"

/* The report keeps the first few refusals: enough to see what went wrong. */
#define MAX_PROBLEMS 3

void
server_cli_import_run_init (ServerCliImportRun *run, const char *source)
{
  *run = (ServerCliImportRun){ 0 };
  run->source = source;
  run->started = g_date_time_new_now_utc ();
  run->problems = g_string_new (NULL);
}

void
server_cli_import_run_clear (ServerCliImportRun *run)
{
  g_clear_pointer (&run->started, g_date_time_unref);
  if (run->problems != NULL)
    g_string_free (g_steal_pointer (&run->problems), TRUE);
}

void
server_cli_import_run_refuse (ServerCliImportRun *run, const char *format, ...)
{
  g_autofree char *sentence = NULL;
  va_list          args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);
  server_cli_say_error ("%s", sentence);
  if (run->n_refused++ < MAX_PROBLEMS)
    g_string_append_printf (run->problems, "%s%s", run->problems->len > 0 ? "\n" : "", sentence);
}

void
server_cli_import_run_count (ServerCliImportRun *run, ServerImportOutcome outcome)
{
  run->n_new += outcome == SERVER_IMPORT_NEW;
  run->n_changed += outcome == SERVER_IMPORT_CHANGED;
  run->n_unchanged += outcome == SERVER_IMPORT_UNCHANGED;
}

void
server_cli_import_run_record (ServerCliImportRun *run,
                              GlobalOptions      *global,
                              ServerStore        *store,
                              const char         *failure)
{
  g_autoptr (ServerStore) opened = NULL;
  g_autoptr (GDateTime) finished = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  ServerImportRun record = {
    run->source,    run->started,
    finished,       run->n_new,
    run->n_changed, run->n_unchanged,
    run->n_refused, failure != NULL ? failure : run->problems->len > 0 ? run->problems->str : NULL
  };

  /* A run that failed before it touched the store records itself in a store that is
   * there (a refresh), and makes none. */
  if (store == NULL)
    {
      int              status;
      g_autofree char *dir = server_cli_data_dir (global, &status);
      g_autofree char *path = dir != NULL ? g_build_filename (dir, "neuvokas.db", NULL) : NULL;

      if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS)
          || (store = opened = server_cli_open_store (global, &status)) == NULL)
        return;
    }
  if (!server_store_record_import_run (store, &record, &error))
    server_cli_say_error ("The run could not be recorded for the operations report: %s",
                          error->message);
}

int
server_cli_import_failed (ServerCliImportRun *run, GlobalOptions *global, const GError *error)
{
  g_autofree char *sentence = g_strdup_printf ("%s. Nothing was imported.", error->message);

  server_cli_say_error ("%s", sentence);
  server_cli_import_run_record (run, global, NULL, sentence);
  return EXIT_FAILED;
}

/* server-cli-import-libraries.c — library opening hours from the library directory
 *
 *   neuvokas-server import libraries FILE...
 *   neuvokas-server import libraries --url URL [--timeout SECONDS]
 *
 * As `import ptv`: every input is read first, and all of it must be usable, or nothing is
 * imported. Each library is matched to a directory entry (server-store-directory.h):
 * there its opening hours are offered for review; a library that matches none is offered
 * as a new entry. docs/directory.md is the administrator's guide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "nv-common.h"
#include "server-cli-private.h"
#include "server-import-libraries.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define MAX_TIMEOUT_SECONDS 600
/* The directory has about 900 libraries; a page holds up to a few hundred. */
#define MAX_PAGES 1000

static gboolean
add_file (ServerLibraryImport *import, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes
      = server_cli_read_input_file (path, SERVER_LIBRARY_MAX_PAGE_SIZE, "library directory", error);

  return bytes != NULL && server_library_import_add_bytes (import, bytes, path, NULL, NULL, error);
}

/* Every page of @url: the first as given, then skip=N for the N records read so far,
 * until the list's total is read (the API's own paging, `limit` and `skip`). */
static gboolean
add_url (ServerLibraryImport *import, const char *url, guint timeout, GError **error)
{
  g_autoptr (SoupSession) session = server_cli_fetch_session_new (timeout);
  guint read = 0;

  for (guint page = 1;; page++)
    {
      g_autofree char *page_url
          = page == 1 ? g_strdup (url) : server_cli_url_with_param (url, "skip", read);
      g_autoptr (GBytes) bytes = NULL;
      guint total = 0, n_items = 0;

      if (page_url == NULL)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_FAILED, "%s is not a web address", url);
          return FALSE;
        }
      if (page > MAX_PAGES)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                       "%s has more than %u pages; narrow the list (by city) or raise its limit",
                       url, MAX_PAGES);
          return FALSE;
        }
      if ((bytes
           = server_cli_fetch (session, page_url, timeout, SERVER_LIBRARY_MAX_PAGE_SIZE, error))
              == NULL
          || !server_library_import_add_bytes (import, bytes, page_url, &total, &n_items, error))
        return FALSE;
      read += n_items;
      if (n_items == 0 || read >= total)
        return TRUE;
    }
}

int
server_cli_import_libraries (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *url = NULL;
  g_auto (GStrv) files = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (ServerLibraryImport) import = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (ServerCliImportRun) run = { 0 };
  int          timeout = DEFAULT_TIMEOUT_SECONDS;
  int          status = 0;
  guint        n_matched = 0, n_hours_unknown = 0;
  GOptionEntry entries[]
      = { { "url", 'u', 0, G_OPTION_ARG_STRING, &url,
            "Read from the library directory's API, every page (e.g. https://api.kirjastot.fi/v4/"
            "library?city.name=Oulu&with=schedules&period.start=0d&period.end=8w&limit=100)",
            "URL" },
          { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
            "Seconds a page of --url may take (default 30)", "SECONDS" },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE…" },
          { NULL } };

  if (!server_cli_parse_options ("import libraries",
                                 "Imports libraries and their opening hours from the Finnish "
                                 "public library directory (kirjastot.fi, Kirkanta API v4 JSON "
                                 "with schedules): files or --url. Each library's hours go to "
                                 "its directory entry, through an advisor's review.",
                                 entries, global, &argc, &argv, &status))
    return status;
  if ((url == NULL) == (files == NULL))
    {
      server_cli_say_error ("import libraries needs files to read or --url, not both");
      return EXIT_USAGE;
    }
  if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS)
    {
      server_cli_say_error ("--timeout must be between 1 and %d seconds", MAX_TIMEOUT_SECONDS);
      return EXIT_USAGE;
    }
  if ((now = server_cli_now ()) == NULL)
    return EXIT_USAGE;

  server_cli_import_run_init (&run, SERVER_LIBRARY_SOURCE);
  import = server_library_import_new (now);
  if (url != NULL && !add_url (import, url, timeout, &error))
    return server_cli_import_failed (&run, global, error);
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    if (!add_file (import, files[i], &error))
      return server_cli_import_failed (&run, global, error);

  records = server_library_import_finish (import);
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  for (guint i = 0; i < records->len; i++)
    {
      ServerLibraryRecord *record = g_ptr_array_index (records, i);
      g_autofree char     *id = NULL;
      ServerImportOutcome  outcome;

      if (record->organisation == NULL)
        {
          server_cli_import_run_refuse (&run, "library %s: %s", record->record_id,
                                        record->error->message);
          continue;
        }
      n_hours_unknown += record->organisation->hours == NULL;
      id = server_store_match_directory_entry (store, record->organisation, &error);
      if (error != NULL)
        return server_cli_say_failure (error);
      if (id != NULL && !g_str_equal (id, record->organisation->id))
        {
          n_matched++;
          if (!server_store_offer_imported_hours (store, id, record->organisation, &outcome,
                                                  &error))
            return server_cli_say_failure (error);
        }
      else if (!server_store_offer_import (store, record->organisation, &outcome, &error))
        return server_cli_say_failure (error);
      server_cli_import_run_count (&run, outcome);
    }

  server_cli_import_run_record (&run, global, store, NULL);
  printf ("Library directory: %u new, %u changed, %u unchanged, %u refused; %u matched to "
          "entries of the directory, %u without enough schedules to know their hours.\n",
          run.n_new, run.n_changed, run.n_unchanged, run.n_refused, n_matched, n_hours_unknown);
  if (run.n_new + run.n_changed > 0)
    printf ("Advisors review them in the console (Import review) before kiosks see them.\n");
  return 0;
}

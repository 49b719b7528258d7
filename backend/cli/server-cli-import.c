/* server-cli-import.c — directory entries from other directories
 *
 *   neuvokas-server import ptv [--kind KIND] [--complete] FILE...
 *   neuvokas-server import ptv --url URL [--kind KIND] [--complete] [--timeout SECONDS]
 *
 * Every input is read first, and all of it must be usable (JSON, UTF-8, at most
 * SERVER_PTV_MAX_PAGE_SIZE, every page of a URL within its time): otherwise the command
 * says which and why, and the store is not touched at all. Then each record is offered
 * for review (server-store-directory.h); a malformed record is refused with its id and
 * field, and the others go on. docs/directory.md is the administrator's guide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nv-common.h"
#include "server-cli-private.h"
#include "server-import-ptv.h"
#include "server-store-directory.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define MAX_TIMEOUT_SECONDS 600
/* A county has a few thousand service locations: a few pages of PTV's 1,000. */
#define MAX_PAGES 1000

/* Reading inputs */

static gboolean
add_file (ServerPtvImport *import, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes
      = server_cli_read_input_file (path, SERVER_PTV_MAX_PAGE_SIZE, "PTV", error);

  return bytes != NULL && server_ptv_import_add_bytes (import, bytes, path, NULL, error);
}

/* Every page of @url: the first as given, then page=2… up to its pageCount. */
static gboolean
add_url (ServerPtvImport *import, const char *url, guint timeout, GError **error)
{
  g_autoptr (SoupSession) session = server_cli_fetch_session_new (timeout);
  guint page_count = 1;

  for (guint page = 1; page <= page_count; page++)
    {
      g_autofree char *page_url
          = page == 1 ? g_strdup (url) : server_cli_url_with_param (url, "page", page);
      g_autoptr (GBytes) bytes = NULL;
      guint count = 0;

      if (page_url == NULL)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_FAILED, "%s is not a web address", url);
          return FALSE;
        }
      if ((bytes = server_cli_fetch (session, page_url, timeout, SERVER_PTV_MAX_PAGE_SIZE, error))
              == NULL
          || !server_ptv_import_add_bytes (import, bytes, page_url, &count, error))
        return FALSE;
      if (page == 1 && count > MAX_PAGES)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                       "%s has %u pages; at most %u are read: narrow the list (by area)", url,
                       count, MAX_PAGES);
          return FALSE;
        }
      if (page == 1 && count > 1)
        page_count = count;
    }
  return TRUE;
}

/* import ptv */

int
server_cli_import_ptv (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *kind = NULL;
  g_auto (GStrv) files = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (ServerPtvImport) import = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (ServerCliImportRun) run = { 0 };
  gboolean     complete = FALSE;
  int          timeout = DEFAULT_TIMEOUT_SECONDS;
  int          status = 0;
  guint        n_flagged = 0;
  GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &url,
      "Read from the PTV Open API, every page (e.g. …/api/v11/ServiceChannel/list/area/"
      "Municipality/code/564)",
      "URL" },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind,
      "The directory kind of every entry (default: other): library, digital-support, …", "KIND" },
    { "complete", 0, 0, G_OPTION_ARG_NONE, &complete,
      "The input is all the source has: flag the source's entries it lacks as missing", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Seconds a page of --url may take (default 30)",
      "SECONDS" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE…" },
    { NULL }
  };

  if (!server_cli_parse_options ("import ptv",
                                 "Imports service locations from the Suomi.fi service catalogue "
                                 "(PTV Open API v11 JSON): files of single records, lists or "
                                 "pages, or --url. New and changed entries wait for an "
                                 "advisor's review; nothing reaches kiosks before that.",
                                 entries, global, &argc, &argv, &status))
    return status;
  if ((url == NULL) == (files == NULL))
    {
      server_cli_say_error ("import ptv needs files to read or --url, not both");
      return EXIT_USAGE;
    }
  if (kind != NULL && !nv_organisation_kind_is_valid (kind))
    {
      server_cli_say_error ("--kind must be one of library, digital-support, health-centre, "
                            "kela, municipal-service, association, parish, red-cross, other");
      return EXIT_USAGE;
    }
  if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS)
    {
      server_cli_say_error ("--timeout must be between 1 and %d seconds", MAX_TIMEOUT_SECONDS);
      return EXIT_USAGE;
    }
  if ((now = server_cli_now ()) == NULL)
    return EXIT_USAGE;

  server_cli_import_run_init (&run, "ptv");
  import = server_ptv_import_new (now, kind != NULL ? kind : "other");
  if (url != NULL && !add_url (import, url, timeout, &error))
    return server_cli_import_failed (&run, global, error);
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    if (!add_file (import, files[i], &error))
      return server_cli_import_failed (&run, global, error);

  records = server_ptv_import_finish (import);
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  for (guint i = 0; i < records->len; i++)
    {
      ServerPtvRecord    *record = g_ptr_array_index (records, i);
      ServerImportOutcome outcome;

      if (record->organisation == NULL)
        {
          server_cli_import_run_refuse (&run, "ptv %s: %s", record->record_id,
                                        record->error->message);
          continue;
        }
      if (!server_store_offer_import (store, record->organisation, &outcome, &error))
        return server_cli_say_failure (error);
      g_ptr_array_add (seen, g_strdup (record->organisation->id));
      server_cli_import_run_count (&run, outcome);
    }
  /* A refused record is still in the source: it is not missing. */
  for (guint i = 0; i < records->len; i++)
    {
      ServerPtvRecord *record = g_ptr_array_index (records, i);
      g_autofree char *id = server_ptv_directory_id (record->record_id);

      if (record->organisation == NULL && id != NULL)
        g_ptr_array_add (seen, g_steal_pointer (&id));
    }
  g_ptr_array_add (seen, NULL);
  if (complete
      && !server_store_flag_missing (store, "ptv", (const char *const *) seen->pdata, &n_flagged,
                                     &error))
    return server_cli_say_failure (error);

  server_cli_import_run_record (&run, global, store, NULL);
  printf ("Suomi.fi (PTV): %u new, %u changed, %u unchanged, %u refused, %u passed over", run.n_new,
          run.n_changed, run.n_unchanged, run.n_refused, server_ptv_import_get_n_skipped (import));
  if (complete)
    printf (", %u no longer in the source", n_flagged);
  printf (".\n");
  if (run.n_new + run.n_changed + n_flagged > 0)
    printf ("Advisors review them in the console (Import review) before kiosks see them.\n");
  return 0;
}

const ServerCliAction server_cli_import_actions[] = {
  { "ptv", server_cli_import_ptv },
  { "libraries", server_cli_import_libraries },
  { "refresh", server_cli_import_refresh },
  { NULL },
};

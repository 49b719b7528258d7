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

#include <glib/gstdio.h>
#include <libsoup/soup.h>
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
#define READ_BLOCK (64 * 1024)

/* Reading inputs */

static gboolean
add_file (ServerPtvImport *import, const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf         info;
  gsize            length;

  /* Refused before it is read: a file too large never takes the memory. */
  if (g_stat (path, &info) == 0 && (guint64) info.st_size > SERVER_PTV_MAX_PAGE_SIZE)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                   "%s is %" G_GUINT64_FORMAT " bytes; a PTV file of at most %u MiB is accepted",
                   path, (guint64) info.st_size, SERVER_PTV_MAX_PAGE_SIZE / (1024 * 1024));
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s cannot be read (%s)", path,
                   local_error->message);
      return FALSE;
    }
  {
    g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

    return server_ptv_import_add_bytes (import, bytes, path, NULL, error);
  }
}

/* @url with its query parameter page set to @page. */
static char *
url_of_page (const char *url, guint page)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr (GString) query = g_string_new (NULL);
  g_auto (GStrv) params = NULL;

  if (uri == NULL)
    return NULL;
  params = g_strsplit (g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    if (params[i][0] != '\0' && !g_str_has_prefix (params[i], "page="))
      g_string_append_printf (query, "%s&", params[i]);
  g_string_append_printf (query, "page=%u", page);
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                     g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri), query->str,
                     g_uri_get_fragment (uri));
}

/* One page, at most SERVER_PTV_MAX_PAGE_SIZE, whole within @timeout seconds: the session
 * times out a connection or a read that stalls, and the deadline a server that drips. */
static GBytes *
fetch (SoupSession *session, const char *url, guint timeout, GError **error)
{
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GByteArray) body = g_byte_array_new ();
  g_autoptr (GError) local_error = NULL;
  gint64  deadline = g_get_monotonic_time () + (gint64) timeout * G_USEC_PER_SEC;
  goffset declared;
  guint   status;

  if ((msg = soup_message_new ("GET", url)) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_FAILED,
                   "%s is not a web address like https://api.palvelutietovaranto.suomi.fi/…", url);
      return NULL;
    }
  soup_message_headers_append (soup_message_get_request_headers (msg), "Accept",
                               "application/json");
  if ((stream = soup_session_send (session, msg, NULL, &local_error)) == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s did not answer within %u seconds", url,
                     timeout);
      else
        g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s cannot be fetched (%s)", url,
                     local_error->message);
      return NULL;
    }
  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s answered %u %s, not the records", url, status,
                   soup_message_get_reason_phrase (msg));
      return NULL;
    }
  declared = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (declared > SERVER_PTV_MAX_PAGE_SIZE)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                   "%s sends %" G_GINT64_FORMAT " bytes; a page of at most %u MiB is accepted", url,
                   (gint64) declared, SERVER_PTV_MAX_PAGE_SIZE / (1024 * 1024));
      return NULL;
    }
  for (;;)
    {
      guint8 block[READ_BLOCK];
      gssize n = g_input_stream_read (stream, block, sizeof block, NULL, &local_error);

      if (n < 0)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s stopped sending (%s)", url,
                       g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                           ? "nothing came for too long"
                           : local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (body->len + (gsize) n > SERVER_PTV_MAX_PAGE_SIZE)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                       "%s sends more than %u MiB; a page of at most that is accepted", url,
                       SERVER_PTV_MAX_PAGE_SIZE / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (body, block, n);
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s did not finish sending within %u seconds",
                       url, timeout);
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

/* Every page of @url: the first as given, then page=2… up to its pageCount. */
static gboolean
add_url (ServerPtvImport *import, const char *url, guint timeout, GError **error)
{
  g_autoptr (SoupSession) session
      = soup_session_new_with_options ("timeout", timeout, "idle-timeout", timeout, "user-agent",
                                       "neuvokas-server/" PACKAGE_VERSION, NULL);
  guint page_count = 1;

  for (guint page = 1; page <= page_count; page++)
    {
      g_autofree char *page_url = page == 1 ? g_strdup (url) : url_of_page (url, page);
      g_autoptr (GBytes) bytes = NULL;
      guint count = 0;

      if (page_url == NULL)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_FAILED, "%s is not a web address", url);
          return FALSE;
        }
      if ((bytes = fetch (session, page_url, timeout, error)) == NULL
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

static int
import_ptv (GlobalOptions *global, int argc, char **argv)
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
  gboolean     complete = FALSE;
  int          timeout = DEFAULT_TIMEOUT_SECONDS;
  int          status = 0;
  guint        n_new = 0, n_changed = 0, n_unchanged = 0, n_refused = 0, n_flagged = 0;
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

  import = server_ptv_import_new (now, kind != NULL ? kind : "other");
  if (url != NULL && !add_url (import, url, timeout, &error))
    {
      server_cli_say_error ("%s. Nothing was imported.", error->message);
      return EXIT_FAILED;
    }
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    if (!add_file (import, files[i], &error))
      {
        server_cli_say_error ("%s. Nothing was imported.", error->message);
        return EXIT_FAILED;
      }

  records = server_ptv_import_finish (import);
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  for (guint i = 0; i < records->len; i++)
    {
      ServerPtvRecord    *record = g_ptr_array_index (records, i);
      ServerImportOutcome outcome;

      if (record->organisation == NULL)
        {
          server_cli_say_error ("ptv %s: %s", record->record_id, record->error->message);
          n_refused++;
          continue;
        }
      if (!server_store_offer_import (store, record->organisation, &outcome, &error))
        return server_cli_say_failure (error);
      g_ptr_array_add (seen, g_strdup (record->organisation->id));
      n_new += outcome == SERVER_IMPORT_NEW;
      n_changed += outcome == SERVER_IMPORT_CHANGED;
      n_unchanged += outcome == SERVER_IMPORT_UNCHANGED;
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

  printf ("Suomi.fi (PTV): %u new, %u changed, %u unchanged, %u refused, %u passed over", n_new,
          n_changed, n_unchanged, n_refused, server_ptv_import_get_n_skipped (import));
  if (complete)
    printf (", %u no longer in the source", n_flagged);
  printf (".\n");
  if (n_new + n_changed + n_flagged > 0)
    printf ("Advisors review them in the console (Import review) before kiosks see them.\n");
  return 0;
}

const ServerCliAction server_cli_import_actions[] = {
  { "ptv", import_ptv },
  { NULL },
};

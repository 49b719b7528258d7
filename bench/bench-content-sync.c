/* bench-content-sync.c — a kiosk's full content sync of 10,000 organisations
 *
 *   _build/bench/bench-content-sync [--organisations N] [--rounds R]
 *
 * Writes a content directory: the default categories and guides, the 81 default
 * organisations and N generated ones (default 10,000) with every field filled in
 * (three languages, address, phones, web, weekly hours and exceptions). A real
 * `neuvokas-server serve` process is seeded with it on 127.0.0.1.
 *
 *   baseline:  the same bundle bytes, already in memory, parsed and applied to a fresh
 *              kiosk store in this process (what a sync cannot do faster)
 *   measured:  KioskSync's full sync into a fresh kiosk store over HTTP (gzip), from
 *              the request to the committed transaction
 *
 * and then the sync that follows when nothing changed (a 304), and a delta of one
 * changed organisation. Prints times, sizes, the ratio, and this process's peak RSS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sys/resource.h>

#include "kiosk-store.h"
#include "kiosk-sync.h"
#include "nv-test-util.h"
#include "server-store.h"

static int n_organisations = 10000;
static int n_rounds = 3;

#include "bench-content.h"
#include "bench-tmp.h"

/* Runs a command to its end; its standard output. */
static char *
run_cli (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int   status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                     &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return out;
}

typedef struct
{
  gboolean done;
  gboolean ok;
  gboolean changed;
  GError  *error;
} SyncResult;

static void
sync_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SyncResult *sync = user_data;

  sync->ok = kiosk_sync_run_finish (KIOSK_SYNC (object), result, &sync->changed, &sync->error);
  sync->done = TRUE;
}

/* One sync, start to end, in seconds. */
static double
timed_sync (KioskSync *sync, gboolean expect_change)
{
  SyncResult result = { 0 };
  gint64     start = g_get_monotonic_time ();

  kiosk_sync_run_async (sync, NULL, sync_done_cb, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  if (!result.ok)
    g_error ("the sync failed: %s", result.error->message);
  if (result.changed != expect_change)
    g_error ("the sync %s new content", result.changed ? "brought" : "did not bring");
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[]
      = { { "organisations", 0, 0, G_OPTION_ARG_INT, &n_organisations, "Generated organisations",
            "N" },
          { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "Full syncs to take the median of", "R" },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("- content sync benchmark");
  g_autofree char *dir = bench_tmp_dir_new ("sync");
  g_autofree char *content_dir = g_build_filename (dir, "content", NULL);
  g_autofree char *server_dir = g_build_filename (dir, "server", NULL);
  g_autoptr (GArray) baseline_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) sync_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *add_out = NULL;
  g_autofree char *url = NULL;
  g_autofree char *content_url = NULL;
  g_autofree char *authorization = NULL;
  g_auto (GStrv) add_lines = NULL;
  const char   *token;
  NvTestServer *server;
  goffset       wire_bytes;
  double        delta_time = 0, unchanged_time = 0, baseline, measured;
  struct rusage usage;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || n_organisations < 0 || n_rounds < 1)
    return 2;

  bench_write_content_dir (content_dir, n_organisations, 0);
  /* Started first: the first open of an empty store seeds it. */
  server = nv_test_server_start (NEUVOKAS_SERVER_EXE, server_dir, content_dir);
  {
    const char *add_argv[]
        = { NEUVOKAS_SERVER_EXE, "--data-dir", server_dir, "kiosk", "add", "--name", "Bench",
            "--municipality",    "564",        NULL };

    add_out = run_cli (add_argv);
  }
  add_lines = g_strsplit (add_out, "\n", -1);
  token = add_lines[1];
  url = g_strdup (nv_test_server_get_url (server));
  content_url = g_strconcat (url, "api/v1/kiosk/content", NULL);
  authorization = g_strconcat ("Bearer ", token, NULL);

  /* The bundle as a kiosk receives it: its size on the wire (gzip) and unpacked. */
  msg = soup_message_new ("GET", content_url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL || soup_message_get_status (msg) != 200)
    g_error ("GET content: %s",
             error != NULL ? error->message : soup_message_get_reason_phrase (msg));
  wire_bytes = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));

  for (int round = 0; round < n_rounds; round++)
    {
      g_autofree char *kiosk_a = g_strdup_printf ("%s/kiosk-a-%d", dir, round);
      g_autofree char *kiosk_b = g_strdup_printf ("%s/kiosk-b-%d", dir, round);
      g_autoptr (KioskStore) store_a = NULL;
      g_autoptr (KioskStore) store_b = NULL;
      g_autoptr (KioskSync) sync = NULL;
      g_autoptr (NvContent) content = NULL;
      gint64 start;
      double seconds;

      g_mkdir (kiosk_a, 0700);
      g_mkdir (kiosk_b, 0700);
      if ((store_a = kiosk_store_open (kiosk_a, &error)) == NULL
          || (store_b = kiosk_store_open (kiosk_b, &error)) == NULL)
        g_error ("%s", error->message);

      start = g_get_monotonic_time ();
      if ((content = nv_content_from_bytes (body, &error)) == NULL
          || !kiosk_store_apply_content (store_a, content, &error))
        g_error ("%s", error->message);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_array_append_val (baseline_times, seconds);

      sync = kiosk_sync_new (store_b, url, token);
      seconds = timed_sync (sync, TRUE);
      g_array_append_val (sync_times, seconds);
      if (kiosk_store_count (store_b, "organisation") != (guint) n_organisations + 81)
        g_error ("the kiosk has %u organisations", kiosk_store_count (store_b, "organisation"));

      if (round == n_rounds - 1)
        {
          unchanged_time = timed_sync (sync, FALSE);
          /* An advisor changes one organisation (through the store, beside the running
           * server, as the staff console will): the kiosk gets a delta of one. */
          {
            g_autoptr (ServerStore) store = server_store_open (server_dir, NULL, &error);
            g_autoptr (NvOrganisation) organisation = NULL;

            if (store == NULL)
              g_error ("%s", error->message);
            organisation = nv_organisation_copy (g_ptr_array_index (content->organisations, 100));
            nv_text_set (&organisation->name, NV_LANG_FI, "Muutettu nimi");
            if (!server_store_put_organisation (store, organisation, &error))
              g_error ("%s", error->message);
          }
          delta_time = timed_sync (sync, TRUE);
        }
    }

  nv_test_server_stop (server);
  getrusage (RUSAGE_SELF, &usage);
  baseline = median (baseline_times);
  measured = median (sync_times);
  g_print ("organisations: %d (+ 81 default), bundle %.1f MiB, %.1f MiB on the wire (gzip)\n",
           n_organisations, g_bytes_get_size (body) / 1048576.0, wire_bytes / 1048576.0);
  g_print ("parse + apply in process:    %6.2f s (baseline, median of %d)\n", baseline, n_rounds);
  g_print ("full sync over HTTP:         %6.2f s (median of %d)\n", measured, n_rounds);
  g_print ("ratio baseline / sync:       %6.2f\n", baseline / measured);
  g_print ("sync with nothing new (304): %6.3f s\n", unchanged_time);
  g_print ("delta of one organisation:   %6.3f s\n", delta_time);
  g_print ("peak RSS of this process:    %6.1f MiB\n", usage.ru_maxrss / 1024.0);
  bench_tmp_dir_remove (dir);
  return 0;
}

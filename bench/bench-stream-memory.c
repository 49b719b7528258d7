/* bench-stream-memory.c — memory of a full content sync, kiosk and server (issue 18)
 *
 *   _build/bench/bench-stream-memory [--organisations N] [--guides G] [--runs R]
 *
 * The default content grown to N organisations (10,000) and G guides (200), served by a
 * real `neuvokas-server serve`. Each run, alternating which goes first:
 *
 *   kiosk, measured:  a child process syncing with KioskSync into a fresh kiosk store
 *                     (the bundle read record by record, nv-content-reader.c);
 *   kiosk, baseline:  a child process doing the same download and store, with the bundle
 *                     parsed as a json-glib tree of the whole (nv_content_from_bytes), as
 *                     the kiosk did before;
 *   server:           a fresh server process on the same store, its VmRSS before and after
 *                     serving one full bundle (gzip), its baseline its own RSS before.
 *
 * Peak RSS of each child is its own (ru_maxrss of the child, which starts small: this
 * process stays small too). Everything is in a temporary directory, removed at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "kiosk-store.h"
#include "kiosk-sync.h"
#include "nv-test-util.h"

static int n_organisations = 10000;
static int n_guide_copies = 200;
static int n_runs = 3;

#include "bench-content.h"
#include "bench-tmp.h"

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SyncResult;

static void
sync_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SyncResult *sync = user_data;

  sync->ok = kiosk_sync_run_finish (KIOSK_SYNC (object), result, NULL, &sync->error);
  sync->done = TRUE;
}

/* GET content as a kiosk's first sync does (gzip): the bundle unpacked. */
static GBytes *
fetch_bundle (const char *url, const char *token)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *content_url = g_strconcat (url, "api/v1/kiosk/content", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", content_url);
  g_autoptr (GError) error = NULL;
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if ((body = soup_session_send_and_read (session, msg, NULL, &error)) == NULL
      || soup_message_get_status (msg) != 200)
    g_error ("GET content failed");
  return body;
}

/* The child: one full sync into a fresh store in @dir, as a kiosk does (@tree FALSE) or
 * with the whole bundle parsed as a tree (@tree). Exits 0 when the store holds it. */
static int
run_child (gboolean tree, const char *url, const char *token, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = kiosk_store_open (dir, &error);

  if (store == NULL)
    g_error ("%s", error->message);
  if (tree)
    {
      g_autoptr (GBytes) body = fetch_bundle (url, token);
      g_autoptr (NvContent) content = NULL;

      if ((content = nv_content_from_bytes (body, &error)) == NULL
          || !kiosk_store_apply_content (store, content, &error))
        g_error ("%s", error->message);
    }
  else
    {
      g_autoptr (KioskSync) sync = kiosk_sync_new (store, url, token);
      SyncResult result = { 0 };

      kiosk_sync_run_async (sync, NULL, sync_done_cb, &result);
      while (!result.done)
        g_main_context_iteration (NULL, TRUE);
      if (!result.ok)
        g_error ("the sync failed: %s", result.error->message);
    }
  if (kiosk_store_count (store, "organisation") < (guint) n_organisations)
    g_error ("the kiosk has %u organisations", kiosk_store_count (store, "organisation"));
  return 0;
}

/* Runs this program as a child; its peak RSS in MiB. */
static double
child_peak (const char *self, gboolean tree, const char *url, const char *token, const char *dir)
{
  const char *argv[] = { self, tree ? "--child-tree" : "--child-stream", url, token, dir, NULL };
  g_autoptr (GError) error = NULL;
  GPid          pid;
  int           status;
  struct rusage usage;

  g_mkdir (dir, 0700);
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                      &error))
    g_error ("%s", error->message);
  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("the %s child failed", tree ? "tree" : "stream");
  g_spawn_close_pid (pid);
  return usage.ru_maxrss / 1024.0;
}

static double
vm_rss (GSubprocess *process)
{
  g_autofree char *path
      = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (process));
  g_autofree char *text = NULL;
  const char      *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmRSS:")) == NULL)
    g_error ("cannot read %s", path);
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_figures (const char *what, GArray *values)
{
  g_array_sort (values, compare_doubles);
  g_print ("%-44s %7.1f / %7.1f / %7.1f\n", what, g_array_index (values, double, 0),
           g_array_index (values, double, values->len / 2),
           g_array_index (values, double, values->len - 1));
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[] = { { "organisations", 0, 0, G_OPTION_ARG_INT, &n_organisations,
                               "Generated organisations", "N" },
                             { "guides", 0, 0, G_OPTION_ARG_INT, &n_guide_copies, "Guides", "G" },
                             { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs of each", "R" },
                             { NULL } };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GArray) tree_peaks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) stream_peaks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) kiosk_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) server_before = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) server_after = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) server_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *content_dir = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *add_out = NULL;
  g_auto (GStrv) add_lines = NULL;
  g_autoptr (GError) error = NULL;
  NvTestServer *server;
  int           status;

  if (argc == 5
      && (g_str_equal (argv[1], "--child-tree") || g_str_equal (argv[1], "--child-stream")))
    return run_child (g_str_equal (argv[1], "--child-tree"), argv[2], argv[3], argv[4]);

  context = g_option_context_new ("- memory of a full content sync");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || n_organisations < 1 || n_runs < 1)
    return 2;

  dir = bench_tmp_dir_new ("stream");
  content_dir = g_build_filename (dir, "content", NULL);
  server_dir = g_build_filename (dir, "server", NULL);
  bench_write_content_dir (content_dir, n_organisations, n_guide_copies);
  /* Seeded once; each run starts a fresh process on it. */
  server = nv_test_server_start (NEUVOKAS_SERVER_EXE, server_dir, content_dir);
  {
    const char *add_argv[]
        = { NEUVOKAS_SERVER_EXE, "--data-dir", server_dir, "kiosk", "add", "--name", "Bench",
            "--municipality",    "564",        NULL };

    if (!g_spawn_sync (NULL, (char **) add_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &add_out, NULL,
                       &status, &error)
        || !g_spawn_check_wait_status (status, &error))
      g_error ("kiosk add: %s", error->message);
  }
  add_lines = g_strsplit (add_out, "\n", -1);
  nv_test_server_stop (server);

  g_print ("%d organisations (+ 81 default), %d guides; %d runs, alternating\n", n_organisations,
           n_guide_copies, n_runs);
  for (int run = 0; run < n_runs; run++)
    {
      double before, after, tree = 0, stream = 0;

      server = nv_test_server_start (NEUVOKAS_SERVER_EXE, server_dir, NULL);
      before = vm_rss (server->process);
      g_bytes_unref (fetch_bundle (server->url, add_lines[1]));
      after = vm_rss (server->process);
      for (int side = 0; side < 2; side++)
        {
          gboolean         tree_side = (side + run) % 2 == 0;
          g_autofree char *kiosk_dir
              = g_strdup_printf ("%s/kiosk-%s-%d", dir, tree_side ? "tree" : "stream", run);
          double peak = child_peak (argv[0], tree_side, server->url, add_lines[1], kiosk_dir);

          *(tree_side ? &tree : &stream) = peak;
        }
      nv_test_server_stop (server);
      g_print ("run %d: kiosk peak RSS tree %.1f MiB, stream %.1f MiB (%.2f); server RSS "
               "%.1f MiB before, %.1f MiB after serving (%.2f)\n",
               run + 1, tree, stream, stream / tree, before, after, after / before);
      g_array_append_val (tree_peaks, tree);
      g_array_append_val (stream_peaks, stream);
      g_array_append_val (server_before, before);
      g_array_append_val (server_after, after);
      {
        double kiosk_ratio = stream / tree, server_ratio = after / before;

        g_array_append_val (kiosk_ratios, kiosk_ratio);
        g_array_append_val (server_ratios, server_ratio);
      }
    }
  g_print ("%-44s %7s / %7s / %7s\n", "", "min", "median", "max");
  print_figures ("kiosk peak RSS, whole tree (baseline), MiB", tree_peaks);
  print_figures ("kiosk peak RSS, record by record, MiB", stream_peaks);
  print_figures ("kiosk ratio record by record / tree", kiosk_ratios);
  print_figures ("server RSS before serving (baseline), MiB", server_before);
  print_figures ("server RSS after serving the bundle, MiB", server_after);
  print_figures ("server ratio after / before", server_ratios);
  bench_tmp_dir_remove (dir);
  return 0;
}

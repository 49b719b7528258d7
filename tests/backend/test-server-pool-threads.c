/* test-server-pool-threads.c — chunked responses do not keep starting and ending threads
 *
 * libsoup 3.2 closes a chunked response's body in a worker of GTask's thread pool. GLib
 * 2.74 ends idle workers and starts new ones for the next burst, and a worker that ends can
 * leave its per-thread records behind (docs/fuzzing.md): the server keeps them instead.
 * Workers are told apart by their names in /proc ("pool-PROGRAM"; "pool-spawner" is
 * GLib's helper that starts them) and their thread ids, which the kernel does not reuse
 * soon.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-test-http-server.h"
#include "nv-test-http.h"
#include "server-store-kiosks.h"

#define WORKERS 6 /* under GTask's pool size, 10, so that all run at once */
#define ROUNDS 4
#define RESPONSES 240
#define AT_ONCE 8

/* The live pool workers; each one's thread id is added to @seen. */
static guint
count_pool_workers (GHashTable *seen)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint       live = 0;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *name = NULL;

      /* A thread that ended since the listing has no name left to read. */
      if (!g_file_get_contents (path, &name, NULL, NULL))
        continue;
      if (!g_str_has_prefix (name, "pool") || g_str_has_prefix (name, "pool-spawner"))
        continue;
      live++;
      g_hash_table_add (seen, g_strdup (tid));
    }
  return live;
}

/* Every worker left is idle in GLib's shared pool: none busy, none about to end. */
static gboolean
pool_settled (GHashTable *seen, guint *live)
{
  *live = count_pool_workers (seen);
  return (guint) g_thread_pool_get_num_unused_threads () == *live;
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  guint    running;
  guint    returned;
  gboolean open;
} Gate;

/* Holds its worker until every task of the round runs, so that each has its own. */
static void
hold_cb (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  gate->running++;
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
  g_task_return_boolean (task, TRUE);
}

static void
returned_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Gate *gate = data;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
  gate->returned++;
}

static guint
gate_running (Gate *gate)
{
  guint running;

  g_mutex_lock (&gate->lock);
  running = gate->running;
  g_mutex_unlock (&gate->lock);
  return running;
}

/* Bursts of WORKERS tasks that need a worker each at once, as a burst of connections
 * whose chunked responses end together does: the workers of the first burst serve every
 * later one, and none ends in between. Before the server kept them, all but one ended
 * half a second after each burst and the next burst started new ones. */
static void
test_workers_kept_between_bursts (void)
{
  NvTestHttpServer server;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint before;
  guint live = 0;

  nv_test_http_server_start (&server, NULL);
  nv_test_wait_until (NULL, pool_settled (seen, &before), 5000);
  for (guint round = 0; round < ROUNDS; round++)
    {
      Gate gate = { 0 };

      g_mutex_init (&gate.lock);
      g_cond_init (&gate.cond);
      for (guint i = 0; i < WORKERS; i++)
        {
          g_autoptr (GTask) task = g_task_new (NULL, NULL, returned_cb, &gate);

          g_task_set_task_data (task, &gate, NULL);
          g_task_run_in_thread (task, hold_cb);
        }
      nv_test_wait_until (NULL, gate_running (&gate) == WORKERS, 5000);
      g_mutex_lock (&gate.lock);
      gate.open = TRUE;
      g_cond_broadcast (&gate.cond);
      g_mutex_unlock (&gate.lock);
      nv_test_wait_until (NULL, gate.returned == WORKERS, 5000);
      /* Half a second after its last task a worker leaves GTask's pool for GLib's shared
       * one, where it waits or ends: wait until each has done one or the other. */
      nv_test_wait_until (NULL, pool_settled (seen, &live) && live >= WORKERS, 5000);
      g_mutex_clear (&gate.lock);
      g_cond_clear (&gate.cond);
    }
  /* The same workers, and no more, from the first burst to the last. */
  g_assert_cmpuint (live, ==, MAX (before, WORKERS));
  g_assert_cmpuint (g_hash_table_size (seen), ==, live);
  nv_test_http_server_stop (&server);
}

static void
content_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  guint *done = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body
      = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (
                        soup_session_get_async_result_message (SOUP_SESSION (source), result)),
                    ==, SOUP_STATUS_OK);
  g_assert_cmpuint (g_bytes_get_size (body), >, 0);
  (*done)++;
}

/* RESPONSES streamed content bundles (chunked: the client takes no gzip), AT_ONCE at a
 * time on as many connections. Each ends with a close in a pool worker; the workers that
 * do it are started once and kept, however many bundles follow. */
static void
test_chunked_responses_start_no_new_workers (void)
{
  NvTestHttpServer server;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *url = NULL;
  guint            live = 0;

  nv_test_http_server_start (&server, NULL);
  g_assert_true (server_store_add_kiosk (server.store, "Aula", "564", &id, &token, &error));
  g_assert_no_error (error);
  authorization = g_strconcat ("Bearer ", token, NULL);
  url = g_strconcat (server.url, "api/v1/kiosk/content", NULL);
  for (guint sent = 0; sent < RESPONSES; sent += AT_ONCE)
    {
      SoupSession *sessions[AT_ONCE];
      guint        done = 0;

      for (guint i = 0; i < AT_ONCE; i++)
        {
          g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);

          sessions[i] = soup_session_new ();
          soup_session_remove_feature_by_type (sessions[i], SOUP_TYPE_CONTENT_DECODER);
          soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                        authorization);
          soup_session_send_and_read_async (sessions[i], msg, G_PRIORITY_DEFAULT, NULL, content_cb,
                                            &done);
        }
      nv_test_wait_until (NULL, done == AT_ONCE, 30000);
      for (guint i = 0; i < AT_ONCE; i++)
        g_object_unref (sessions[i]);
      count_pool_workers (seen);
    }
  nv_test_wait_until (NULL, pool_settled (seen, &live), 5000);
  /* The chunked bodies were closed in pool workers, as the fix assumes. */
  g_assert_cmpuint (live, >=, 1);
  /* None of the workers ever seen has ended, and there are no more than GTask's pool
   * runs at once (these closes are too quick for it to grow). */
  g_assert_cmpuint (g_hash_table_size (seen), ==, live);
  g_assert_cmpuint (live, <=, 10);
  nv_test_http_server_stop (&server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server-pool-threads/workers-kept-between-bursts",
                   test_workers_kept_between_bursts);
  g_test_add_func ("/server-pool-threads/chunked-responses-start-no-new-workers",
                   test_chunked_responses_start_no_new_workers);
  return g_test_run ();
}

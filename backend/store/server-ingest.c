/* server-ingest.c
 *
 * Every commit of events costs one fsync (synchronous=FULL: an acknowledged event
 * must be on disk). Requests are validated on the server's thread and queued here;
 * the writer takes everything waiting and commits it in one transaction, then answers
 * each request. Under load many requests share one fsync; alone, a request waits for
 * exactly one, as before.
 *
 * The writer also writes the kiosks' contacts the main loop remembered in memory
 * (server_store_remember_kiosk_contact): with each group of events, or on their own
 * once the flush interval passed without events, and at the stop. The main loop itself
 * never writes on a kiosk's request, so it never waits for this thread's lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-ingest.h"
#include "server-store.h"
#include "server-store-events.h"
#include "server-store-kiosks.h"

/* Enough to amortise an fsync, small enough that no request waits long. */
#define GROUP_MAX_EVENTS 20000

struct _ServerIngest
{
  ServerStore *store;    /* its own connection, used only by the writer thread */
  ServerStore *contacts; /* the server's store, whose remembered contacts it writes */
  gint64       flush_interval_us;
  GAsyncQueue *queue;
  GThread     *thread;

  /* For /metrics, read from any thread (g_atomic): events waiting for the writer, and
   * how long the last group written had waited for its commit (the ingest lag). */
  gint pending_events;
  gint last_lag_ms;
};

typedef struct
{
  char                *kiosk_id;
  GPtrArray           *events;
  ServerIngestDoneFunc done;
  gpointer             user_data;
  GMainContext        *context;
  GArray              *inserted;
  GError              *error;
  gint64               submitted; /* monotonic µs */
} Job;

/* Queued to stop the writer. */
static Job stop_job;

static void
job_free (Job *job)
{
  g_free (job->kiosk_id);
  g_clear_pointer (&job->events, g_ptr_array_unref);
  g_clear_pointer (&job->inserted, g_array_unref);
  g_clear_error (&job->error);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
deliver_cb (gpointer data)
{
  Job *job = data;

  job->done (job->inserted, job->error, job->user_data);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
write_group (ServerIngest *ingest, GPtrArray *group)
{
  g_autoptr (GPtrArray) kiosk_ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) batches = g_ptr_array_new ();
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < group->len; i++)
    {
      Job *job = g_ptr_array_index (group, i);

      g_ptr_array_add (kiosk_ids, job->kiosk_id);
      g_ptr_array_add (batches, job->events);
    }
  gint64 committed;
  gint64 lag = 0;

  server_store_insert_event_batches (ingest->store, ingest->contacts, kiosk_ids, batches, &results,
                                     &error);
  committed = g_get_monotonic_time ();
  for (guint i = 0; i < group->len; i++)
    {
      Job *job = g_ptr_array_index (group, i);

      lag = MAX (lag, committed - job->submitted);
      g_atomic_int_add (&ingest->pending_events, -(gint) job->events->len);

      if (results != NULL)
        job->inserted = g_array_ref (g_ptr_array_index (results, i));
      else
        job->error = g_error_copy (error);
      g_main_context_invoke (job->context, deliver_cb, job);
    }
  g_atomic_int_set (&ingest->last_lag_ms, (gint) MIN (lag / 1000, G_MAXINT));
}

static gpointer
writer_thread (gpointer data)
{
  ServerIngest *ingest = data;
  gboolean      stopping = FALSE;
  gint64        flush_due = g_get_monotonic_time () + ingest->flush_interval_us;

  while (!stopping)
    {
      g_autoptr (GPtrArray) group = g_ptr_array_new ();
      gint64 wait = MAX (flush_due - g_get_monotonic_time (), 0);
      Job   *job = g_async_queue_timeout_pop (ingest->queue, (guint64) wait);
      guint  n_events = 0;

      if (job == NULL)
        {
          /* A quiet while: what the polls noted goes to disk on its own. */
          server_store_flush_kiosk_contacts (ingest->store, ingest->contacts);
          flush_due = g_get_monotonic_time () + ingest->flush_interval_us;
          continue;
        }

      /* Take everything already waiting, up to a limit. */
      while (job != NULL)
        {
          if (job == &stop_job)
            {
              stopping = TRUE;
              break;
            }
          g_ptr_array_add (group, job);
          n_events += job->events->len;
          job = n_events < GROUP_MAX_EVENTS ? g_async_queue_try_pop (ingest->queue) : NULL;
        }
      if (group->len > 0)
        {
          write_group (ingest, group);
          flush_due = g_get_monotonic_time () + ingest->flush_interval_us;
        }
    }
  /* Nothing noted is lost at a clean stop. */
  server_store_flush_kiosk_contacts (ingest->store, ingest->contacts);
  return NULL;
}

ServerIngest *
server_ingest_new (ServerStore *server_store, GError **error)
{
  ServerIngest *ingest;
  ServerStore  *store;

  g_return_val_if_fail (SERVER_IS_STORE (server_store), NULL);

  if ((store = server_store_open (server_store_get_directory (server_store), NULL, error)) == NULL)
    return NULL;
  ingest = g_new0 (ServerIngest, 1);
  ingest->store = store;
  ingest->contacts = g_object_ref (server_store);
  ingest->flush_interval_us
      = (gint64) server_store_get_contact_flush_interval (server_store) * G_TIME_SPAN_MILLISECOND;
  ingest->queue = g_async_queue_new ();
  ingest->thread = g_thread_new ("neuvokas-ingest", writer_thread, ingest);
  return ingest;
}

void
server_ingest_free (ServerIngest *ingest)
{
  if (ingest == NULL)
    return;
  g_async_queue_push (ingest->queue, &stop_job);
  g_thread_join (ingest->thread);
  g_async_queue_unref (ingest->queue);
  g_object_unref (ingest->store);
  g_object_unref (ingest->contacts);
  g_free (ingest);
}

void
server_ingest_submit (ServerIngest        *ingest,
                      const char          *kiosk_id,
                      GPtrArray           *events,
                      ServerIngestDoneFunc done,
                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (ingest != NULL);
  g_return_if_fail (done != NULL);

  job = g_new0 (Job, 1);
  job->kiosk_id = g_strdup (kiosk_id);
  job->events = events;
  job->done = done;
  job->user_data = user_data;
  job->context = g_main_context_ref_thread_default ();
  job->submitted = g_get_monotonic_time ();
  g_atomic_int_add (&ingest->pending_events, (gint) events->len);
  g_async_queue_push (ingest->queue, job);
}

void
server_ingest_get_stats (ServerIngest *ingest, guint *pending_events, guint *last_lag_ms)
{
  g_return_if_fail (ingest != NULL);

  *pending_events = (guint) MAX (g_atomic_int_get (&ingest->pending_events), 0);
  *last_lag_ms = (guint) MAX (g_atomic_int_get (&ingest->last_lag_ms), 0);
}

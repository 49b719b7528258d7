/* kiosk-outbox-driver.c — a headless kiosk for the fault test (test-kiosk-faults.c)
 *
 *   kiosk-outbox-driver --data-dir DIR --server URL --token TOKEN --log FILE [--finish]
 *
 * Creates a usage event every few milliseconds and an appointment request every tenth
 * of a second, and syncs back to back, through the real KioskStore and KioskSync.
 * Before each is committed its id is appended to FILE (a request's as "request ID")
 * and flushed to disk, so the test knows every one that may exist; each start writes a
 * "start" line. With --finish it creates nothing, syncs until both outboxes are empty,
 * and exits 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "kiosk-sync.h"
#include "kiosk-test-store.h"

#include "nv-test-util.h"

typedef struct
{
  KioskStore *store;
  KioskSync  *sync;
  FILE       *log;
  char       *session;
  gboolean    finish;
  GMainLoop  *loop;
} Driver;

static void
append_log (Driver *driver, const char *line)
{
  fprintf (driver->log, "%s\n", line);
  fflush (driver->log);
  fsync (fileno (driver->log));
}

static gboolean
create_event_cb (gpointer user_data)
{
  Driver *driver = user_data;
  g_autoptr (NvEvent) event = nv_event_new (NV_EVENT_SCREEN_VIEW, driver->session);
  g_autoptr (GError) error = NULL;

  event->subject = g_strdup ("home");
  append_log (driver, event->id);
  if (!kiosk_store_events_add (driver->store, event, &error))
    g_error ("%s", error->message);
  return G_SOURCE_CONTINUE;
}

static gboolean
create_request_cb (gpointer user_data)
{
  Driver *driver = user_data;
  g_autoptr (NvAppointment) request = kiosk_test_make_request ();
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_strconcat ("request ", request->id, NULL);
  append_log (driver, line);
  if (!kiosk_store_appointments_add (driver->store, request, &error))
    g_error ("%s", error->message);
  return G_SOURCE_CONTINUE;
}

static void sync_again (Driver *driver);

static void
synced_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Driver *driver = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = kiosk_sync_run_finish (KIOSK_SYNC (source), result, NULL, &error);

  if (driver->finish && ok && kiosk_store_events_count (driver->store) == 0
      && kiosk_store_appointments_count (driver->store, NULL) == 0)
    {
      g_main_loop_quit (driver->loop);
      return;
    }
  sync_again (driver);
}

static gboolean
sync_idle_cb (gpointer user_data)
{
  Driver *driver = user_data;

  kiosk_sync_run_async (driver->sync, NULL, synced_cb, driver);
  return G_SOURCE_REMOVE;
}

static void
sync_again (Driver *driver)
{
  /* A short pause after a failure keeps a dead server from being hammered. */
  g_timeout_add (kiosk_sync_get_state (driver->sync) == KIOSK_SYNC_FAILED ? 20 : 1, sync_idle_cb,
                 driver);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *log_path = NULL;
  gboolean         finish = FALSE;
  GOptionEntry     entries[] = { { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, NULL, NULL },
                                 { "server", 0, 0, G_OPTION_ARG_STRING, &server, NULL, NULL },
                                 { "token", 0, 0, G_OPTION_ARG_STRING, &token, NULL, NULL },
                                 { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, NULL, NULL },
                                 { "finish", 0, 0, G_OPTION_ARG_NONE, &finish, NULL, NULL },
                                 { NULL } };

  /* The server is killed under it again and again: each failure is a warning. */
  nv_test_expect_sync_warnings ();
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  Driver driver = { NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || data_dir == NULL || server == NULL
      || log_path == NULL)
    {
      g_printerr ("kiosk-outbox-driver: bad arguments\n");
      return 2;
    }

  if ((driver.store = kiosk_store_open (data_dir, &error)) == NULL)
    g_error ("%s", error->message);
  driver.sync = kiosk_sync_new (driver.store, server, token);
  driver.log = fopen (log_path, "a");
  driver.session = g_uuid_string_random ();
  driver.finish = finish;
  driver.loop = g_main_loop_new (NULL, FALSE);
  if (driver.log == NULL)
    g_error ("cannot open %s", log_path);

  append_log (&driver, finish ? "finish" : "start");
  if (!finish)
    {
      g_timeout_add (2, create_event_cb, &driver);
      g_timeout_add (100, create_request_cb, &driver);
    }
  sync_again (&driver);
  g_main_loop_run (driver.loop);

  fclose (driver.log);
  g_main_loop_unref (driver.loop);
  g_object_unref (driver.sync);
  g_object_unref (driver.store);
  g_free (driver.session);
  return 0;
}

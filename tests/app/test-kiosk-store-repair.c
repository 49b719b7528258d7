/* test-kiosk-store-repair.c — a damaged kiosk.db found at start and rebuilt
 *
 * Real store files in a temporary directory, damaged by writing garbage over some of
 * their pages, as a failing card might; then opened as the kiosk opens them at start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <string.h>

#include "kiosk-status-page-private.h"
#include "kiosk-status-page.h"
#include "kiosk-store-private.h"
#include "kiosk-sync.h"
#include "kiosk-test-store.h"
#include "nv-test-cli.h"
#include "nv-test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  GPtrArray  *events;   /* ids, oldest first */
  GPtrArray  *requests; /* ids, oldest first */
  KioskStore *store;
} Fixture;

/* A store with the fixtures' content, @n_events events and two requests waiting (the
 * second refused by the server), closed. */
static void
fill_store (Fixture *fixture, guint n_events)
{
  g_autoptr (KioskStore) store = kiosk_test_store_open_with_fixtures (fixture->dir);
  g_autoptr (GPtrArray) rejected = g_ptr_array_new ();
  g_autoptr (GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *session = g_uuid_string_random ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr (NvEvent) event = nv_event_new (NV_EVENT_SCREEN_VIEW, session);

      event->subject = g_strdup ("home");
      g_assert_true (kiosk_store_events_add (store, event, &error));
      g_ptr_array_add (fixture->events, g_strdup (event->id));
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (NvAppointment) request = kiosk_test_make_request ();

      g_assert_true (kiosk_store_appointments_add (store, request, &error));
      g_ptr_array_add (fixture->requests, g_strdup (request->id));
    }
  g_ptr_array_add (rejected, fixture->requests->pdata[1]);
  g_hash_table_insert (fields, fixture->requests->pdata[1], "reason");
  g_assert_true (kiosk_store_appointments_settle (store, NULL, rejected, fields, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "kiosk.db", NULL);
  fixture->events = g_ptr_array_new_with_free_func (g_free);
  fixture->requests = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_ptr_array_unref (fixture->events);
  g_ptr_array_unref (fixture->requests);
}

/* The kiosk's warnings, kept instead of written (and made fatal). */
static GLogWriterOutput
capture_warning_cb (GLogLevelFlags   level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  GString    *warnings = user_data;
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if ((level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "neuvokas-kiosk") == 0)
    {
      g_string_append_printf (warnings, "%s\n", message);
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (level, fields, n_fields, NULL);
}

static GString *warnings;

/* Opens the store as the kiosk does at start: it must warn once, matching @pattern. */
static void
open_damaged (Fixture *fixture, const char *pattern)
{
  g_autoptr (GError) error = NULL;

  g_string_truncate (warnings, 0);
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_test_message ("%s", warnings->str);
  g_assert_cmpuint (strlen (warnings->str), >, 0);
  g_assert_nonnull (strchr (warnings->str, '\n'));
  g_assert_cmpstr (strchr (warnings->str, '\n') + 1, ==, ""); /* once */
  g_assert_true (g_pattern_match_simple (pattern, warnings->str));
}

/* The ids waiting in the events outbox, oldest first. */
static GPtrArray *
waiting_events (KioskStore *store)
{
  g_autoptr (GPtrArray) documents = NULL;
  GPtrArray *ids = NULL;

  documents = kiosk_store_events_peek (store, G_MAXINT, &ids);
  return ids;
}

static void
assert_requests_kept (Fixture *fixture)
{
  g_autoptr (GPtrArray) documents = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  guint rejected = 0;

  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, &rejected), ==, 2);
  g_assert_cmpuint (rejected, ==, 1);
  documents = kiosk_store_appointments_peek (fixture->store, 10, &ids);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, fixture->requests->pdata[0]);
}

/* Only what the server sends again is lost: every waiting event and request survives,
 * in order, the refused request still marked; the content is gone (revision 0, so the
 * next sync asks for all of it); staff see it on the status page. */
static void
test_content_damaged (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  guint salvaged = 0, lost = 0;

  fill_store (fixture, 20);
  kiosk_test_store_damage_content (fixture->dir);

  open_damaged (fixture, "*damaged*kept 20 usage events and 2 appointment requests*"
                         "0 rows could not be read*");
  g_assert_true (kiosk_store_get_rebuilt (fixture->store, &salvaged, &lost));
  g_assert_cmpuint (salvaged, ==, 22);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 0);
  ids = waiting_events (fixture->store);
  g_assert_cmpuint (ids->len, ==, 20);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr (ids->pdata[i], ==, fixture->events->pdata[i]);
  assert_requests_kept (fixture);

  {
    KioskStatusPage *page = KIOSK_STATUS_PAGE (kiosk_status_page_new (fixture->store));

    g_object_ref_sink (page);
    g_assert_cmpstr (kiosk_status_page_get_value (page, "store"), ==,
                     "Damaged and rebuilt: 22 waiting items kept, 0 could not be read; "
                     "content synced again from the server");
    g_object_unref (page);
  }

  /* The new file is whole: the next start opens it as it is. */
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_store_get_rebuilt (fixture->store, NULL, NULL));
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 20);
  {
    KioskStatusPage *page = KIOSK_STATUS_PAGE (kiosk_status_page_new (fixture->store));

    g_object_ref_sink (page);
    g_assert_cmpstr (kiosk_status_page_get_value (page, "store"), ==, "Intact");
    g_object_unref (page);
  }
}

/* A damaged page of the events outbox loses the events on it, and only those; the log
 * says how many. */
static void
test_outbox_damaged (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GHashTable) created = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *contents = NULL;
  g_autofree char *needle = NULL;
  const char      *victim;
  const char      *found;
  gsize            length;
  guint            salvaged = 0, lost = 0;

  fill_store (fixture, 400);
  /* The table's row holds the id followed by its document; the index's, the id alone. */
  victim = fixture->events->pdata[200];
  needle = g_strconcat (victim, "{", NULL);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  found = memmem (contents, length, needle, strlen (needle));
  g_assert_nonnull (found);
  kiosk_test_store_scribble (fixture->path, ((found - contents) / 4096) * 4096, 4096);

  open_damaged (fixture, "*damaged*appointment requests*rows could not be read*");
  g_assert_true (kiosk_store_get_rebuilt (fixture->store, &salvaged, &lost));
  ids = waiting_events (fixture->store);
  g_test_message ("kept %u of 400 events, lost %u", ids->len, lost);
  g_assert_cmpuint (lost, >, 0);
  g_assert_cmpuint (lost, <, 40); /* one page's worth */
  g_assert_cmpuint (ids->len + lost, ==, 400);
  g_assert_cmpuint (salvaged, ==, ids->len + 2);
  for (guint i = 0; i < fixture->events->len; i++)
    g_hash_table_add (created, fixture->events->pdata[i]);
  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_true (g_hash_table_contains (created, ids->pdata[i]));
      g_assert_cmpstr (ids->pdata[i], !=, victim);
    }
  assert_requests_kept (fixture);
}

/* A file that is not a database at all (its header overwritten) is replaced too. */
static void
test_not_a_database (Fixture *fixture, gconstpointer data)
{
  fill_store (fixture, 3);
  kiosk_test_store_scribble (fixture->path, 0, 100);

  open_damaged (fixture, "*damaged*kept 0 usage events and 0 appointment requests*");
  g_assert_true (kiosk_store_get_rebuilt (fixture->store, NULL, NULL));
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
}

/* A whole store is left as it is, and one that cannot be opened is not taken for a
 * damaged one: nothing is deleted. */
static void
test_whole_store_untouched (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fill_store (fixture, 3);
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_store_get_rebuilt (fixture->store, NULL, NULL));
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 3);
}

typedef struct
{
  gboolean done;
  gboolean ok;
} SyncResult;

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
synced_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncResult *sync = user_data;

  sync->ok = kiosk_sync_run_finish (KIOSK_SYNC (source), result, NULL, NULL);
  sync->done = TRUE;
}

/* After the rebuild the next sync brings the whole content from the server and delivers
 * the kept events, each once. */
static void
test_synced_in_full (Fixture *fixture, gconstpointer data)
{
  g_autofree char *server_dir = g_build_filename (fixture->dir, "server", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *token = NULL;
  g_autoptr (GHashTable) on_server = NULL;
  guint rows = 0;
  g_autoptr (KioskSync) sync = NULL;
  SyncResult    result = { FALSE, FALSE };
  NvTestServer *server;

  if (g_getenv ("NEUVOKAS_SERVER") == NULL)
    {
      g_test_skip ("built without the server");
      return;
    }
  server = nv_test_server_start (g_getenv ("NEUVOKAS_SERVER"), server_dir, seed);
  token = nv_test_cli_add_kiosk (server_dir, "Repair test");
  fill_store (fixture, 20);
  kiosk_test_store_damage_content (fixture->dir);
  open_damaged (fixture, "*damaged*kept 20 usage events*");
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);

  sync = kiosk_sync_new (fixture->store, nv_test_server_get_url (server), token);
  kiosk_sync_run_async (sync, NULL, synced_cb, &result);
  nv_test_wait_until (NULL, result.done, 20000);
  g_assert_true (result.ok);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), >, 0);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 2);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==, 2);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 1); /* refused */
  g_clear_object (&sync);
  nv_test_server_stop (server);

  on_server = nv_test_server_event_ids (server_dir, &rows);
  g_assert_cmpuint (rows, ==, g_hash_table_size (on_server));
  for (guint i = 0; i < fixture->events->len; i++)
    g_assert_true (g_hash_table_contains (on_server, fixture->events->pdata[i]));
}

/* Damage found while the kiosk runs: a sync whose store write fails finds it, and the
 * store is rebuilt in place. Here the index of the events outbox is damaged, so the
 * kiosk cannot delete what the server took: the events are kept, sent again, and the
 * server has each once. */
static void
test_damaged_while_running (Fixture *fixture, gconstpointer data)
{
  g_autofree char *server_dir = g_build_filename (fixture->dir, "server", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  const char      *index[] = { "sqlite_autoindex_outbox_events_1", NULL };
  g_autofree char *token = NULL;
  g_autoptr (GHashTable) on_server = NULL;
  guint rows = 0;
  g_autoptr (KioskSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  SyncResult    result = { FALSE, FALSE };
  NvTestServer *server;
  guint         changed = 0;

  if (g_getenv ("NEUVOKAS_SERVER") == NULL)
    {
      g_test_skip ("built without the server");
      return;
    }
  server = nv_test_server_start (g_getenv ("NEUVOKAS_SERVER"), server_dir, seed);
  token = nv_test_cli_add_kiosk (server_dir, "Repair test");
  fill_store (fixture, 20);
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_signal_connect_swapped (fixture->store, "changed", G_CALLBACK (count_cb), &changed);
  /* What the running kiosk has read is in its page cache: the damage must be on disk
   * and not yet read, as a failing card's would be. */
  g_assert_true (nv_sqlite_exec (fixture->store->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  sqlite3_db_release_memory (fixture->store->db);
  kiosk_test_store_damage (fixture->path, index);

  g_string_truncate (warnings, 0);
  sync = kiosk_sync_new (fixture->store, nv_test_server_get_url (server), token);
  kiosk_sync_run_async (sync, NULL, synced_cb, &result);
  nv_test_wait_until (NULL, result.done, 20000);
  g_assert_false (result.ok);
  g_assert_true (g_pattern_match_simple ("*found damaged*kept 20 usage events*", warnings->str));
  g_assert_true (kiosk_store_get_rebuilt (fixture->store, NULL, NULL));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 20);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);

  result = (SyncResult){ FALSE, FALSE };
  kiosk_sync_run_async (sync, NULL, synced_cb, &result);
  nv_test_wait_until (NULL, result.done, 20000);
  g_assert_true (result.ok);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 0);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 2);
  g_clear_object (&sync);
  nv_test_server_stop (server);

  on_server = nv_test_server_event_ids (server_dir, &rows);
  g_assert_cmpuint (rows, ==, g_hash_table_size (on_server));
  for (guint i = 0; i < fixture->events->len; i++)
    g_assert_true (g_hash_table_contains (on_server, fixture->events->pdata[i]));
}

static void
checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Checked after the kiosk's first frame (kiosk_store_open_unchecked, then
 * kiosk_store_check_async): the same rebuild as at start, the screens told. */
static gboolean
check_store (KioskStore *store)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  gboolean rebuilt;

  kiosk_store_check_async (store, NULL, checked_cb, &result);
  nv_test_wait_until (NULL, result != NULL, 20000);
  rebuilt = kiosk_store_check_finish (store, result, &error);
  g_assert_no_error (error);
  return rebuilt;
}

static void
test_checked_after_start (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint salvaged = 0, changed = 0;

  fill_store (fixture, 20);
  kiosk_test_store_damage_content (fixture->dir);

  /* Opened without reading every page: no warning yet, the content still there. */
  g_string_truncate (warnings, 0);
  fixture->store = kiosk_store_open_unchecked (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (warnings->str, ==, "");
  g_assert_false (kiosk_store_get_rebuilt (fixture->store, NULL, NULL));
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);

  g_signal_connect_swapped (fixture->store, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_true (check_store (fixture->store));
  g_assert_true (g_pattern_match_simple ("*damaged*kept 20 usage events and 2 appointment "
                                         "requests*0 rows could not be read*",
                                         warnings->str));
  g_assert_true (kiosk_store_get_rebuilt (fixture->store, &salvaged, NULL));
  g_assert_cmpuint (salvaged, ==, 22);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 20);
  assert_requests_kept (fixture);

  /* Whole now: checked again, left as it is. */
  g_assert_false (check_store (fixture->store));
  g_assert_cmpuint (changed, ==, 1);
}

/* One that does not even open is checked and rebuilt at once, and a whole one is left
 * as it is. */
static void
test_unchecked_not_a_database (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fill_store (fixture, 3);
  fixture->store = kiosk_store_open_unchecked (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_false (check_store (fixture->store));
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  kiosk_test_store_scribble (fixture->path, 0, 100);
  g_string_truncate (warnings, 0);
  fixture->store = kiosk_store_open_unchecked (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_pattern_match_simple ("*damaged*kept 0 usage events*", warnings->str));
  g_assert_true (kiosk_store_get_rebuilt (fixture->store, NULL, NULL));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  warnings = g_string_new (NULL);
  g_log_set_writer_func (capture_warning_cb, warnings, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-store-repair/content-damaged", test_content_damaged);
  ADD ("/kiosk-store-repair/outbox-damaged", test_outbox_damaged);
  ADD ("/kiosk-store-repair/not-a-database", test_not_a_database);
  ADD ("/kiosk-store-repair/whole-store-untouched", test_whole_store_untouched);
  ADD ("/kiosk-store-repair/synced-in-full", test_synced_in_full);
  ADD ("/kiosk-store-repair/damaged-while-running", test_damaged_while_running);
  ADD ("/kiosk-store-repair/checked-after-start", test_checked_after_start);
  ADD ("/kiosk-store-repair/unchecked-not-a-database", test_unchecked_not_a_database);
#undef ADD

  return g_test_run ();
}

/* test-server-cli-import.c — neuvokas-server import ptv, as an administrator runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <unistd.h>

#include "server-store-private.h"
#include "server-store-users.h"
#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "nv-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

typedef struct
{
  int      status;
  char    *out;
  char    *err;
  gboolean done;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "ptv", name, NULL);
}

static void
communicated_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

/* neuvokas-server --data-dir DIR import ACTION ARGS… on @day, the main loop running
 * meanwhile (a test's web server answers in it). */
static void
run_action (Run *run, const char *dir, const char *day, const char *action, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *now = g_strdup_printf ("%sT10:00:00Z", day);

  g_ptr_array_add (argv, (gpointer) g_getenv ("NEUVOKAS_SERVER"));
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, (gpointer) dir);
  g_ptr_array_add (argv, "import");
  g_ptr_array_add (argv, (gpointer) action);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "NEUVOKAS_NOW", now, TRUE);
  /* The test's servers are on this machine: no proxy between. */
  g_subprocess_launcher_unsetenv (launcher, "http_proxy");
  g_subprocess_launcher_unsetenv (launcher, "HTTP_PROXY");
  g_subprocess_launcher_unsetenv (launcher, "all_proxy");
  g_subprocess_launcher_setenv (launcher, "no_proxy", "*", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, run);
  nv_test_wait_until (NULL, run->done, 60000);
}

static void
run_import (Run *run, Fixture *fixture, const char *day, const char *const *args)
{
  run_action (run, fixture->dir, day, "ptv", args);
}

static guint
n_changes (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (fixture->dir, NULL, &error);
  g_autoptr (GPtrArray) changes = NULL;

  g_assert_no_error (error);
  changes = server_store_list_directory_changes (store, &error);
  g_assert_no_error (error);
  return changes->len;
}

static gint64
revision (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (fixture->dir, NULL, &error);

  g_assert_no_error (error);
  return server_store_get_revision (store);
}

static void
assert_says (const char *text, const char *words)
{
  if (strstr (text, words) == NULL)
    g_error ("“%s” does not say “%s”", text, words);
}

/* Files: a summary; the same files again change nothing. */
static void
test_files_twice (Fixture *fixture, gconstpointer data)
{
  g_autofree char *full = fixture_path ("location-full.json");
  g_autofree char *minimal = fixture_path ("location-minimal.json");
  g_autofree char *page1 = fixture_path ("page-1.json");
  g_autofree char *page2 = fixture_path ("page-2.json");
  g_autofree char *organisation = fixture_path ("organization.json");
  const char      *args[] = { full, minimal, page1, page2, organisation, NULL };
  g_auto (Run) first = { 0 };
  g_auto (Run) second = { 0 };
  gint64 before;

  run_import (&first, fixture, "2026-12-07", args);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.err, ==, "");
  assert_says (first.out,
               "Suomi.fi (PTV): 4 new, 0 changed, 0 unchanged, 0 refused, 2 passed over.");
  g_assert_cmpuint (n_changes (fixture), ==, 4);
  before = revision (fixture);

  run_import (&second, fixture, "2026-12-08", args);
  g_assert_cmpint (second.status, ==, 0);
  assert_says (second.out, "0 new, 0 changed, 4 unchanged, 0 refused");
  g_assert_cmpint (revision (fixture), ==, before);
  g_assert_cmpuint (n_changes (fixture), ==, 4);
}

/* A malformed record is named, with its field; the rest are imported. */
static void
test_refused_record (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "mixed.json", NULL);
  g_autofree char *minimal = fixture_path ("location-minimal.json");
  g_autoptr (GError) error = NULL;
  const char *args[] = { path, minimal, NULL };
  g_auto (Run) run = { 0 };

  g_file_set_contents (
      path,
      "[{\"id\": \"961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f\", \"serviceChannelType\": "
      "\"ServiceLocation\", \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"P\", "
      "\"type\": \"Name\"}], \"addresses\": [{\"type\": \"Location\", \"streetAddress\": "
      "{\"municipality\": {\"code\": \"564\"}}}], \"serviceHours\": [{\"serviceHourType\": "
      "\"Exceptional\"}, "
      "{\"serviceHourType\": \"Exceptional\"}, {\"serviceHourType\": "
      "\"DaysOfTheWeek\", \"openingHour\": [{\"dayFrom\": \"Monday\", \"from\": \"8\", \"to\": "
      "\"16:00:00\"}]}]}]",
      -1, &error);
  g_assert_no_error (error);
  run_import (&run, fixture, "2026-12-07", args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==,
                   "neuvokas-server: ptv 961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f: "
                   "serviceHours[2].openingHour[0].from: not a time like 08:00:00\n");
  assert_says (run.out, "1 new, 0 changed, 0 unchanged, 1 refused");
  g_assert_cmpuint (n_changes (fixture), ==, 1);
}

/* A file of 50 MiB, sparse: it costs no disk, and must cost the importer no memory
 * either. */
static void
make_huge_file (const char *path)
{
  int fd = g_open (path, O_WRONLY | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 50 * 1024 * 1024), ==, 0);
  close (fd);
}

/* import ACTION @good @bad: one sentence naming @bad and saying @words; nothing imported,
 * not even @good, and no store made. */
static void
assert_nothing_imported (
    Fixture *fixture, const char *action, const char *good, const char *bad, const char *words)
{
  g_autofree char *db = g_build_filename (fixture->dir, "neuvokas.db", NULL);
  const char      *args[] = { good, bad, NULL };
  g_auto (Run) run = { 0 };

  run_action (&run, fixture->dir, "2026-12-07", action, args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "neuvokas-server: "));
  assert_says (run.err, bad);
  assert_says (run.err, words);
  assert_says (run.err, "Nothing was imported.");
  g_assert_cmpstr (run.out, ==, "");
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

/* A whole input that is unusable: one sentence naming it, and nothing imported, not even
 * the good file beside it. */
static void
test_unusable_input (Fixture *fixture, gconstpointer data)
{
  g_autofree char *good = fixture_path ("location-full.json");
  g_autofree char *bad_utf8 = g_build_filename (fixture->dir, "latin1.json", NULL);
  g_autofree char *wrong_type = g_build_filename (fixture->dir, "number.json", NULL);
  g_autofree char *huge = g_build_filename (fixture->dir, "huge.json", NULL);
  g_autofree char *absent = g_build_filename (fixture->dir, "absent.json", NULL);
  g_autoptr (GError) error = NULL;
  struct
  {
    const char *path;
    const char *words;
  } cases[] = {
    { bad_utf8, "is not valid UTF-8" },
    { wrong_type, "is not PTV records" },
    { huge, "52428800 bytes; a PTV file of at most 32 MiB is accepted" },
    { absent, "cannot be read" },
  };

  g_file_set_contents (bad_utf8, "[{\"id\": \"Yl\xe4kyl\xe4\"}]", -1, &error);
  g_file_set_contents (wrong_type, "42", -1, &error);
  g_assert_no_error (error);
  make_huge_file (huge);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_nothing_imported (fixture, "ptv", good, cases[i].path, cases[i].words);
}

/* A server that takes the connection and never answers, at @path: its address. */
static char *
listen_and_hang (GSocketListener *listener, const char *path)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  return g_strdup_printf ("http://127.0.0.1:%u%s",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)), path);
}

/* A server that takes the connection and never answers: a clear error in the time given. */
static void
test_url_that_hangs (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *url = listen_and_hang (listener, "/api/v11/ServiceChannel/list");
  g_auto (Run) run = { 0 };
  gint64 started;

  started = g_get_monotonic_time ();
  run_import (&run, fixture, "2026-12-07",
              (const char *const[]){ "--url", url, "--timeout", "1", NULL });
  g_assert_cmpint (run.status, ==, 1);
  assert_says (run.err, url);
  assert_says (run.err, "did not answer within 1 seconds. Nothing was imported.");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_USEC_PER_SEC);
}

typedef struct
{
  GPtrArray *pages_asked;
} PagesServer;

static void
pages_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  PagesServer     *pages = data;
  const char      *page = query != NULL ? g_hash_table_lookup (query, "page") : NULL;
  g_autofree char *name = g_strdup_printf ("page-%s.json", page != NULL ? page : "1");
  g_autofree char *file = fixture_path (name);
  g_autofree char *contents = NULL;
  gsize            length;

  g_ptr_array_add (pages->pages_asked, g_strdup (page != NULL ? page : "-"));
  if (!g_file_get_contents (file, &contents, &length, NULL))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, contents, length);
}

/* --url reads every page, as pageCount says. */
static void
test_url_pages (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *url = NULL;
  PagesServer      pages = { g_ptr_array_new_with_free_func (g_free) };
  g_auto (Run) run = { 0 };

  soup_server_add_handler (server, "/api/v11/ServiceChannel/list/area/Municipality/code/564",
                           pages_cb, &pages, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/api/v11/ServiceChannel/list/area/Municipality/code/"
                         "564?includeArchived=false",
                         g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  run_import (&run, fixture, "2026-12-07",
              (const char *const[]){ "--url", url, "--kind", "library", NULL });
  g_assert_cmpint (run.status, ==, 0);
  assert_says (run.out, "2 new, 0 changed, 0 unchanged, 0 refused, 2 passed over");
  g_assert_cmpuint (pages.pages_asked->len, ==, 2);
  g_assert_cmpstr (pages.pages_asked->pdata[0], ==, "-");
  g_assert_cmpstr (pages.pages_asked->pdata[1], ==, "2");
  g_assert_cmpuint (n_changes (fixture), ==, 2);
  g_ptr_array_unref (pages.pages_asked);
}

/* A server that answers at once and then sends a byte now and then, for ever: each read
 * comes in time, but the page never ends. */
typedef struct
{
  SoupServerMessage *msg;
  guint              timer;
} Drip;

static gboolean
drip_cb (gpointer data)
{
  Drip *drip = data;

  soup_message_body_append (soup_server_message_get_response_body (drip->msg), SOUP_MEMORY_STATIC,
                            " ", 1);
  soup_server_message_unpause (drip->msg);
  return G_SOURCE_CONTINUE;
}

static void
drip_finished_cb (SoupServerMessage *msg, gpointer data)
{
  Drip *drip = data;

  g_clear_handle_id (&drip->timer, g_source_remove);
  drip->msg = NULL;
}

static void
drip_handler_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Drip *drip = data;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "[",
                            1);
  drip->msg = msg;
  g_signal_connect (msg, "finished", G_CALLBACK (drip_finished_cb), drip);
  drip->timer = g_timeout_add (200, drip_cb, drip);
}

static void
test_url_that_drips (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *url = NULL;
  Drip             drip = { NULL, 0 };
  g_auto (Run) run = { 0 };

  soup_server_add_handler (server, NULL, drip_handler_cb, &drip, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/api/v11/ServiceChannel/list",
                         g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  run_import (&run, fixture, "2026-12-07",
              (const char *const[]){ "--url", url, "--timeout", "2", NULL });
  g_assert_cmpint (run.status, ==, 1);
  assert_says (run.err, "did not finish sending within 2 seconds. Nothing was imported.");
  nv_test_wait_until (NULL, drip.msg == NULL, 10000);
  g_assert_cmpuint (drip.timer, ==, 0);
}

/* --complete: an entry the source no longer has is flagged, and stays published. */
static void
test_complete_flags_missing (Fixture *fixture, gconstpointer data)
{
  g_autofree char *full = fixture_path ("location-full.json");
  g_autofree char *minimal = fixture_path ("location-minimal.json");
  g_auto (Run) first = { 0 };
  g_auto (Run) second = { 0 };

  run_import (&first, fixture, "2026-12-07", (const char *const[]){ full, minimal, NULL });
  g_assert_cmpint (first.status, ==, 0);
  run_import (&second, fixture, "2026-12-08", (const char *const[]){ "--complete", full, NULL });
  g_assert_cmpint (second.status, ==, 0);
  assert_says (second.out, "0 new, 0 changed, 1 unchanged, 0 refused, 0 passed over, 1 no longer "
                           "in the source.");
}

static void
test_usage (Fixture *fixture, gconstpointer data)
{
  g_auto (Run) neither = { 0 };
  g_auto (Run) kind = { 0 };
  g_autofree char *full = fixture_path ("location-full.json");

  run_import (&neither, fixture, "2026-12-07", (const char *const[]){ NULL });
  g_assert_cmpint (neither.status, ==, 2);
  assert_says (neither.err, "import ptv needs files to read or --url, not both");
  run_import (&kind, fixture, "2026-12-07", (const char *const[]){ "--kind", "pub", full, NULL });
  g_assert_cmpint (kind.status, ==, 2);
  assert_says (kind.err, "--kind must be one of library");
}

/* import libraries */

static char *
library_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "libraries", name, NULL);
}

/* Files: a summary; the same files on another day change nothing. */
static void
test_libraries_files_twice (Fixture *fixture, gconstpointer data)
{
  g_autofree char *page1 = library_fixture ("libraries-page-1.json");
  g_autofree char *page2 = library_fixture ("libraries-page-2.json");
  const char      *args[] = { page1, page2, NULL };
  g_auto (Run) first = { 0 };
  g_auto (Run) second = { 0 };
  gint64 before;

  run_action (&first, fixture->dir, "2026-12-07", "libraries", args);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.err, ==, "");
  assert_says (first.out, "Library directory: 3 new, 0 changed, 0 unchanged, 0 refused; 0 "
                          "matched to entries of the directory, 1 without enough schedules");
  g_assert_cmpuint (n_changes (fixture), ==, 3);
  before = revision (fixture);

  run_action (&second, fixture->dir, "2026-12-08", "libraries", args);
  g_assert_cmpint (second.status, ==, 0);
  assert_says (second.out, "0 new, 0 changed, 3 unchanged, 0 refused");
  g_assert_cmpint (revision (fixture), ==, before);
  g_assert_cmpuint (n_changes (fixture), ==, 3);
}

/* A malformed record is named with its id and field; the others are imported. */
static void
test_libraries_refused_record (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "mixed.json", NULL);
  g_autofree char *page2 = library_fixture ("libraries-page-2.json");
  g_autoptr (GError) error = NULL;
  const char *args[] = { path, page2, NULL };
  g_auto (Run) run = { 0 };

  g_file_set_contents (path,
                       "{\"total\": 2, \"items\": [{\"id\": 5, \"name\": \"K\", \"address\": "
                       "{\"city\": \"Oulu\"}, \"schedules\": [{\"date\": \"2026-12-07\", "
                       "\"times\": [{\"from\": \"8\", \"to\": \"16:00\"}]}]}, {\"name\": \"L\"}]}",
                       -1, &error);
  g_assert_no_error (error);
  run_action (&run, fixture->dir, "2026-12-07", "libraries", args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==,
                   "neuvokas-server: library 5: schedules[0].times[0].from: “8” is not a time "
                   "like 08:00\n"
                   "neuvokas-server: library item 2: id: is required\n");
  assert_says (run.out, "1 new, 0 changed, 0 unchanged, 2 refused");
  g_assert_cmpuint (n_changes (fixture), ==, 1);
}

/* An unusable input: one sentence naming it, nothing imported, no store made. */
static void
test_libraries_unusable_input (Fixture *fixture, gconstpointer data)
{
  g_autofree char *good = library_fixture ("library-testila.json");
  g_autofree char *bad_utf8 = g_build_filename (fixture->dir, "latin1.json", NULL);
  g_autofree char *huge = g_build_filename (fixture->dir, "huge.json", NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (bad_utf8, "{\"data\": {\"id\": 1, \"name\": \"Yl\xe4kyl\xe4\"}}", -1,
                       &error);
  g_assert_no_error (error);
  make_huge_file (huge);
  assert_nothing_imported (fixture, "libraries", good, bad_utf8, "is not valid UTF-8");
  assert_nothing_imported (
      fixture, "libraries", good, huge,
      "52428800 bytes; a library directory file of at most 32 MiB is accepted");
}

typedef struct
{
  GPtrArray *skips_asked;
} LibraryPages;

/* The library directory's paging: skip=N after the first page. */
static void
library_pages_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  LibraryPages    *pages = data;
  const char      *skip = query != NULL ? g_hash_table_lookup (query, "skip") : NULL;
  g_autofree char *file = library_fixture (skip == NULL              ? "libraries-page-1.json"
                                           : g_str_equal (skip, "2") ? "libraries-page-2.json"
                                                                     : "absent.json");
  g_autofree char *contents = NULL;
  gsize            length;

  g_ptr_array_add (pages->skips_asked, g_strdup (skip != NULL ? skip : "-"));
  if (!g_file_get_contents (file, &contents, &length, NULL))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, contents, length);
}

/* A local library directory: its /v4/library URL. */
static char *
serve_library_pages (SoupServer *server, LibraryPages *pages)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  char *url;

  soup_server_add_handler (server, "/v4/library", library_pages_cb, pages, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/v4/library?city.name=Oulu&with=schedules&limit=2",
                         g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return url;
}

/* --url reads every page, as the list's total says. */
static void
test_libraries_url_pages (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  LibraryPages     pages = { g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *url = serve_library_pages (server, &pages);
  g_auto (Run) run = { 0 };

  run_action (&run, fixture->dir, "2026-12-07", "libraries",
              (const char *const[]){ "--url", url, NULL });
  g_assert_cmpint (run.status, ==, 0);
  assert_says (run.out, "3 new, 0 changed, 0 unchanged, 0 refused");
  g_assert_cmpuint (pages.skips_asked->len, ==, 2);
  g_assert_cmpstr (pages.skips_asked->pdata[0], ==, "-");
  g_assert_cmpstr (pages.skips_asked->pdata[1], ==, "2");
  g_ptr_array_unref (pages.skips_asked);
}

static void
test_libraries_url_that_hangs (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *url = listen_and_hang (listener, "/v4/library?with=schedules");
  g_auto (Run) run = { 0 };

  run_action (&run, fixture->dir, "2026-12-07", "libraries",
              (const char *const[]){ "--url", url, "--timeout", "1", NULL });
  g_assert_cmpint (run.status, ==, 1);
  assert_says (run.err, url);
  assert_says (run.err, "did not answer within 1 seconds. Nothing was imported.");
  g_assert_cmpuint (n_changes (fixture), ==, 0);
}

/* import refresh: off without a configuration */
static void
test_refresh_not_configured (Fixture *fixture, gconstpointer data)
{
  g_autofree char *config = g_build_filename (fixture->dir, "import.conf", NULL);
  g_autofree char *absent = g_build_filename (fixture->dir, "absent.conf", NULL);
  g_autoptr (GError) error = NULL;
  g_auto (Run) empty = { 0 };
  g_auto (Run) missing = { 0 };

  g_file_set_contents (config, "[libraries]\n# url=https://api.kirjastot.fi/v4/library\n", -1,
                       &error);
  g_assert_no_error (error);
  run_action (&empty, fixture->dir, "2026-12-07", "refresh",
              (const char *const[]){ "--config", config, NULL });
  g_assert_cmpint (empty.status, ==, 0);
  assert_says (empty.out, "No source URL is configured");
  /* A configuration named on the command line must be there. */
  run_action (&missing, fixture->dir, "2026-12-07", "refresh",
              (const char *const[]){ "--config", absent, NULL });
  g_assert_cmpint (missing.status, ==, 1);
  assert_says (missing.err, "cannot read the import configuration");
}

static JsonObject *
import_runs_table (JsonNode *report)
{
  JsonArray *tables = json_object_get_array_member (json_node_get_object (report), "tables");

  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_str_equal (json_object_get_string_member (table, "id"), "import_runs"))
        return table;
    }
  g_assert_not_reached ();
}

static JsonArray *
import_runs_rows (JsonNode *report)
{
  return json_object_get_array_member (import_runs_table (report), "rows");
}

/* The name in @lang the report gives the source @code. */
static const char *
source_name (JsonNode *report, const char *code, const char *lang)
{
  JsonObject *labels = json_object_get_object_member (import_runs_table (report), "labels");
  JsonObject *sources = json_object_get_object_member (labels, "source");

  return json_object_get_string_member (json_object_get_object_member (sources, code), lang);
}

/* The scheduled refresh against local sources: each run, also the one whose source hangs,
 * is on the operations report, over HTTP. */
static void
test_refresh_operations_report (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  LibraryPages     pages = { g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *libraries_url = serve_library_pages (server, &pages);
  g_autofree char *ptv_url = listen_and_hang (listener, "/api/v11/ServiceChannel/list");
  g_autofree char *config = NULL;
  g_autofree char *text = NULL;
  g_autoptr (NvTestStaff) staff = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (GError) error = NULL;
  NvTestHttpServer http = { 0 };
  g_auto (Run) run = { 0 };
  JsonArray *rows, *row;

  nv_test_http_server_start (&http, NULL);
  g_assert_true (server_store_add_user (http.store, "eero", SERVER_ROLE_EVALUATOR,
                                        "evaluator-password", &error));
  g_assert_no_error (error);
  config = g_build_filename (http.dir, "import.conf", NULL);
  text = g_strdup_printf ("[ptv]\nurl=%s\ntimeout=1\ncomplete=true\n[libraries]\nurl=%s\n", ptv_url,
                          libraries_url);
  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);

  run_action (&run, http.dir, "2026-12-07", "refresh",
              (const char *const[]){ "--config", config, NULL });
  /* One source failed: the refresh says so in its status, and the other still ran. */
  g_assert_cmpint (run.status, ==, 1);
  assert_says (run.err, "did not answer within 1 seconds");
  assert_says (run.out, "Library directory: 3 new");

  staff = nv_test_staff_login (http.url, "eero", "evaluator-password");
  report = nv_test_staff_call (staff, "GET", "/api/v1/staff/reports/operations", NULL, 200);
  rows = import_runs_rows (report);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  row = json_array_get_array_element (rows, 0);
  g_assert_cmpstr (json_array_get_string_element (row, 0), ==, "kirjastot");
  g_assert_nonnull (json_array_get_string_element (row, 1));
  g_assert_nonnull (json_array_get_string_element (row, 2));
  g_assert_cmpint (json_array_get_int_element (row, 3), ==, 3);
  g_assert_cmpint (json_array_get_int_element (row, 4), ==, 0);
  g_assert_cmpint (json_array_get_int_element (row, 5), ==, 0);
  g_assert_cmpint (json_array_get_int_element (row, 6), ==, 0);
  g_assert_true (json_array_get_null_element (row, 7));
  row = json_array_get_array_element (rows, 1);
  g_assert_cmpstr (json_array_get_string_element (row, 0), ==, "ptv");
  g_assert_cmpint (json_array_get_int_element (row, 3), ==, 0);
  assert_says (json_array_get_string_element (row, 7),
               "did not answer within 1 seconds. Nothing was imported.");
  /* The sources by their names, not codes. */
  g_assert_cmpstr (source_name (report, "ptv", "fi"), ==, "Suomi.fi-palvelutietovaranto");
  g_assert_cmpstr (source_name (report, "ptv", "en"), ==, "Suomi.fi Finnish Service Catalogue");
  g_assert_cmpstr (source_name (report, "kirjastot", "sv"), ==,
                   "Bibliotekens uppgifter, kirjastot.fi");

  g_clear_pointer (&staff, nv_test_staff_free);
  g_ptr_array_unref (pages.skips_asked);
  nv_test_http_server_stop (&http);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-import/files-twice", test_files_twice);
  ADD ("/cli-import/refused-record", test_refused_record);
  ADD ("/cli-import/unusable-input", test_unusable_input);
  ADD ("/cli-import/url-that-hangs", test_url_that_hangs);
  ADD ("/cli-import/url-pages", test_url_pages);
  ADD ("/cli-import/url-that-drips", test_url_that_drips);
  ADD ("/cli-import/complete-flags-missing", test_complete_flags_missing);
  ADD ("/cli-import/usage", test_usage);
  ADD ("/cli-import/libraries/files-twice", test_libraries_files_twice);
  ADD ("/cli-import/libraries/refused-record", test_libraries_refused_record);
  ADD ("/cli-import/libraries/unusable-input", test_libraries_unusable_input);
  ADD ("/cli-import/libraries/url-pages", test_libraries_url_pages);
  ADD ("/cli-import/libraries/url-that-hangs", test_libraries_url_that_hangs);
  ADD ("/cli-import/refresh/not-configured", test_refresh_not_configured);
  ADD ("/cli-import/refresh/operations-report", test_refresh_operations_report);
  return g_test_run ();
}

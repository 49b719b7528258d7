/* test-kiosk-e2e.c — an advisor's edit reaching a running kiosk, end to end
 *
 * Everything is the real thing: a neuvokas-server process with the fixture content, an
 * advisor account made with its command line, a kiosk registered with it, and the
 * kiosk's store, periodic sync and window (under Xvfb). The advisor works over HTTP as
 * the web console does; the test looks only at what the kiosk's screens show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-sync.h"
#include "kiosk-window-private.h"
#include "nv-test-staff.h"
#include "nv-test-util.h"

/* Short, so that the test is; the kiosk's default is minutes (GSettings sync-interval). */
#define SYNC_PERIOD_S 2
/* Beyond the period: one sync's own time on a loaded machine. */
#define MARGIN_MS 3000

#define ADVISOR "aino"
#define ADVISOR_PASSWORD "advisor-password-1"

#define NEW_TITLE "Omaolo – oirearvio verkossa"
#define XSS_TITLE "<img src=x onerror=alert(1)>"
#define BOLD_NAME "<b>bold</b>"

typedef struct
{
  char         *dir;
  char         *server_dir;
  NvTestServer *server;
  KioskStore   *store;
  KioskSync    *sync;
  KioskWindow  *window;
  guint         syncs_started;
  guint         syncs_finished;
} Fixture;

/* Runs `neuvokas-server --data-dir SERVER_DIR ARGS…` with @input (or nothing) on its
 * standard input, as an administrator would; fails the test unless it succeeds, and
 * returns its output. */
static char *
run_cli (Fixture *fixture, const char *input, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char            *out = NULL;
  const char      *arg;
  va_list          ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("NEUVOKAS_SERVER"));
  g_ptr_array_add (args, (gpointer) "--data-dir");
  g_ptr_array_add (args, fixture->server_dir);
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  process = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed: %s", (char *) args->pdata[3], err);
  return out;
}

/* `kiosk add` prints the kiosk's id, then its token on a line of its own. */
static char *
register_kiosk (Fixture *fixture)
{
  g_autofree char *out = run_cli (fixture, NULL, "kiosk", "add", "--name", "Kirjasto, aula",
                                  "--municipality", "564", NULL);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  g_assert_true (g_str_has_prefix (lines[1], "nvk_"));
  return g_strdup (lines[1]);
}

static void
sync_state_cb (KioskSync *sync, GParamSpec *pspec, Fixture *fixture)
{
  if (kiosk_sync_get_state (sync) == KIOSK_SYNC_RUNNING)
    fixture->syncs_started++;
  else
    fixture->syncs_finished++;
}

/* Waits for a whole sync that starts from now on: one running now may have asked the
 * server before the change the caller just made. */
static void
wait_for_next_sync (Fixture *fixture)
{
  guint target = fixture->syncs_started + 1;

  nv_test_wait_until (NULL, fixture->syncs_finished >= target, SYNC_PERIOD_S * 2000 + MARGIN_MS);
  g_assert_cmpint (kiosk_sync_get_state (fixture->sync), ==, KIOSK_SYNC_IDLE);
}

/* The server with the fixture content, an advisor, a kiosk syncing every SYNC_PERIOD_S
 * with its window open, after its first sync. */
static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autofree char *added = NULL;
  g_autofree char *token = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->server_dir = g_build_filename (fixture->dir, "server", NULL);
  fixture->server = nv_test_server_start (g_getenv ("NEUVOKAS_SERVER"), fixture->server_dir, seed);
  /* Not a terminal: `user add` reads the password as one line of standard input. */
  added
      = run_cli (fixture, ADVISOR_PASSWORD "\n", "user", "add", ADVISOR, "--role", "advisor", NULL);
  g_assert_cmpstr (added, ==, "User " ADVISOR " added as advisor.\n");
  token = register_kiosk (fixture);

  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  gtk_window_present (GTK_WINDOW (fixture->window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), 5000);

  /* As KioskApplication does. */
  fixture->sync = kiosk_sync_new (fixture->store, nv_test_server_get_url (fixture->server), token);
  g_signal_connect (fixture->sync, "notify::state", G_CALLBACK (sync_state_cb), fixture);
  kiosk_window_set_sync (fixture->window, fixture->sync);
  kiosk_sync_start (fixture->sync, SYNC_PERIOD_S);
  wait_for_next_sync (fixture);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  KioskSync *sync = g_steal_pointer (&fixture->sync);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* A sync may be under way: disposing cancels it, and it lets go once it has ended. */
  g_object_add_weak_pointer (G_OBJECT (sync), (gpointer *) &sync);
  g_signal_handlers_disconnect_by_data (sync, fixture);
  g_object_unref (sync);
  nv_test_wait_until (NULL, sync == NULL, 10000);
  nv_test_server_stop (fixture->server);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->server_dir);
}

/* The mapped label under @root whose label, as set, is @text; or NULL. Looking at what
 * was set rather than at what is shown tells a label that takes markup apart. */
static GtkLabel *
find_label (GtkWidget *root, const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* @text appears under @root within @timeout_ms, and it is shown as it is: plain text,
 * not markup. */
static void
assert_shown_as_text (GtkWidget *root, const char *text, guint timeout_ms)
{
  GtkLabel *label = NULL;

  nv_test_wait_until (NULL, (label = find_label (root, text)) != NULL, timeout_ms);
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  g_assert_false (gtk_label_get_use_markup (label));
}

static void
activate (Fixture *fixture, const char *action, const char *target)
{
  GtkWidget *widget = g_str_has_prefix (action, "directory.")
                          ? GTK_WIDGET (kiosk_window_get_directory_page (fixture->window))
                          : GTK_WIDGET (fixture->window);

  if (target != NULL)
    g_assert_true (gtk_widget_activate_action (widget, action, "s", target));
  else
    g_assert_true (gtk_widget_activate_action (widget, action, NULL));
}

/* POST @member: @value as the body {"@member": @value} and check the answer is 200. */
static void
post_content (NvTestStaff *staff, const char *path, const char *member, JsonNode *value)
{
  g_autoptr (JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *text = NULL;

  json_object_set_member (object, member, json_node_copy (value));
  json_node_set_object (body, object);
  text = json_to_string (body, FALSE);
  answer = nv_test_staff_call (staff, "POST", path, text, SOUP_STATUS_OK);
}

static void
publish_guide (NvTestStaff *staff, const char *id)
{
  g_autofree char *body = g_strdup_printf ("{\"id\": \"%s\"}", id);
  g_autoptr (JsonNode) answer
      = nv_test_staff_call (staff, "POST", "/api/v1/staff/guides/publish", body, SOUP_STATUS_OK);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "revision"), >, 1);
}

/* An existing guide's draft with a new title is invisible to the kiosk; published, it is
 * on the kiosk's guide list, shown at the moment, within one sync period. */
static void
test_published_title_reaches_kiosk (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvTestStaff) advisor = NULL;
  g_autoptr (JsonNode) versions = NULL;
  GtkWidget  *window = GTK_WIDGET (fixture->window);
  JsonObject *guide;
  gint64      published;
  double      seconds;

  activate (fixture, "win.open-category", "health");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide-list");
  assert_shown_as_text (window, "Omaolo", 5000);

  advisor
      = nv_test_staff_login (nv_test_server_get_url (fixture->server), ADVISOR, ADVISOR_PASSWORD);
  versions
      = nv_test_staff_call (advisor, "GET", "/api/v1/staff/guide?id=omaolo", NULL, SOUP_STATUS_OK);
  guide = json_object_get_object_member (json_node_get_object (versions), "published");
  g_assert_nonnull (guide);
  json_object_set_string_member (json_object_get_object_member (guide, "title"), "fi", NEW_TITLE);
  post_content (advisor, "/api/v1/staff/guides/draft", "guide",
                json_object_get_member (json_node_get_object (versions), "published"));

  /* A draft is no content change: a whole sync later the kiosk still shows the old title. */
  wait_for_next_sync (fixture);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 1);
  g_assert_nonnull (find_label (window, "Omaolo"));
  g_assert_null (find_label (window, NEW_TITLE));

  publish_guide (advisor, "omaolo");
  published = g_get_monotonic_time ();
  assert_shown_as_text (window, NEW_TITLE, SYNC_PERIOD_S * 1000 + MARGIN_MS);
  seconds = (g_get_monotonic_time () - published) / (double) G_USEC_PER_SEC;
  g_test_message ("published title shown on the kiosk after %.2f s (sync period %d s)", seconds,
                  SYNC_PERIOD_S);
  g_assert_null (find_label (window, "Omaolo"));
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide-list");
}

/* Text that would be markup in the wrong hands (an advisor's typing, or a console account
 * taken over) is shown as the characters it is, on every screen that shows it. */
static void
test_markup_shown_as_text (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvTestStaff) advisor = NULL;
  g_autoptr (JsonNode) organisation = NULL;
  g_autoptr (JsonNode) guide = NULL;
  KioskGuidePage        *guide_page = kiosk_window_get_guide_page (fixture->window);
  KioskDirectoryPage    *directory = kiosk_window_get_directory_page (fixture->window);
  KioskOrganisationPage *organisation_page = kiosk_window_get_organisation_page (fixture->window);
  g_autoptr (GError) error = NULL;

  organisation = json_from_string ("{\"id\": \"bold\", \"name\": {\"fi\": \"" BOLD_NAME "\"},"
                                   " \"kind\": \"other\", \"municipality\": \"564\"}",
                                   &error);
  g_assert_no_error (error);
  guide = json_from_string ("{\"id\": \"markup\", \"category\": \"health\","
                            " \"title\": {\"fi\": \"" XSS_TITLE "\"},"
                            " \"steps\": [{\"text\": {\"fi\": \"Avaa sivu.\"}}],"
                            " \"related_organisations\": [\"bold\"]}",
                            &error);
  g_assert_no_error (error);

  activate (fixture, "win.open-category", "health");
  advisor
      = nv_test_staff_login (nv_test_server_get_url (fixture->server), ADVISOR, ADVISOR_PASSWORD);
  /* The organisation first: a guide may name only organisations that exist. */
  post_content (advisor, "/api/v1/staff/organisations", "organisation", organisation);
  post_content (advisor, "/api/v1/staff/guides/draft", "guide", guide);
  publish_guide (advisor, "markup");

  /* The guide list, as the sync brings the guide. */
  assert_shown_as_text (GTK_WIDGET (fixture->window), XSS_TITLE, SYNC_PERIOD_S * 1000 + MARGIN_MS);

  /* The guide's page: its title, and the related organisation's button. */
  activate (fixture, "win.open-guide", "markup");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide");
  assert_shown_as_text (GTK_WIDGET (guide_page), XSS_TITLE, 5000);
  assert_shown_as_text (GTK_WIDGET (guide_page), BOLD_NAME, 5000);

  /* The directory's results. */
  activate (fixture, "win.show-services", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "directory");
  activate (fixture, "directory.search", "bold");
  nv_test_wait_until (NULL, kiosk_directory_page_get_settled (directory), 5000);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (directory), ==, 1);
  assert_shown_as_text (GTK_WIDGET (directory), BOLD_NAME, 5000);

  /* The organisation's page. */
  activate (fixture, "win.open-organisation", "bold");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "organisation");
  assert_shown_as_text (GTK_WIDGET (organisation_page), BOLD_NAME, 5000);
}

int
main (int argc, char **argv)
{
  nv_test_expect_sync_warnings ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/kiosk-e2e/published-title-reaches-kiosk", Fixture, NULL, fixture_setup,
              test_published_title_reaches_kiosk, fixture_teardown);
  g_test_add ("/kiosk-e2e/markup-shown-as-text", Fixture, NULL, fixture_setup,
              test_markup_shown_as_text, fixture_teardown);

  return g_test_run ();
}

/* test-kiosk-window.c — the kiosk's screens, driven through their actions under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-window.h"
#include "kiosk-screenshot.h"
#include "nv-test-util.h"

typedef struct
{
  char        *dir;
  KioskStore  *store;
  KioskWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr(NvContent) content = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  content = nv_content_load_dir (seed, &error);
  g_assert_no_error (error);
  content->revision = 1;
  g_assert_true (kiosk_store_apply_content (fixture->store, content, &error));

  fixture->window = kiosk_window_new (NULL, fixture->store, GPOINTER_TO_INT (data));
  gtk_window_present (GTK_WINDOW (fixture->window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), 5000);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static void
activate (Fixture    *fixture,
          const char *action,
          const char *target)
{
  /* guide.* actions belong to the guide page, win.* to the window. */
  GtkWidget *widget = g_str_has_prefix (action, "guide.")
                      ? GTK_WIDGET (kiosk_window_get_guide_page (fixture->window))
                      : GTK_WIDGET (fixture->window);
  gboolean ok;

  if (target != NULL)
    ok = gtk_widget_activate_action (widget, action, "s", target);
  else
    ok = gtk_widget_activate_action (widget, action, NULL);
  g_assert_true (ok);
}

/* Finds a mapped label showing exactly @text: what a resident would see. */
static GtkLabel *
find_visible_label (GtkWidget  *widget,
                    const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_visible_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shows (Fixture    *fixture,
       const char *text)
{
  return find_visible_label (GTK_WIDGET (fixture->window), text) != NULL;
}

static void
test_home (Fixture       *fixture,
           gconstpointer  data)
{
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "home");
  g_assert_true (shows (fixture, "Tervetuloa · Välkommen · Welcome"));
  /* Back has nowhere to go from home. */
  activate (fixture, "win.back", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "home");
}

static void
test_open_guide_through_actions (Fixture       *fixture,
                                 gconstpointer  data)
{
  activate (fixture, "win.show-guides", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "categories");
  nv_test_wait_until (NULL, shows (fixture, "Turvallisuus"), 5000);

  activate (fixture, "win.open-category", "safety");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide-list");
  nv_test_wait_until (NULL, shows (fixture, "Hätänumero 112"), 5000);

  activate (fixture, "win.open-guide", "call-112");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide");
  nv_test_wait_until (NULL, shows (fixture, "Soita 112, kun henki on vaarassa."), 5000);
  g_assert_true (shows (fixture, "Step 1 of 3"));

  activate (fixture, "guide.next", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Vastaa kysymyksiin."), 5000);
  g_assert_true (shows (fixture, "Step 2 of 3"));
  g_assert_false (shows (fixture, "Soita 112, kun henki on vaarassa."));

  activate (fixture, "guide.previous", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Step 1 of 3"), 5000);

  /* Back retraces the way in; Home goes straight home. */
  activate (fixture, "win.back", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide-list");
  activate (fixture, "win.open-guide", "call-112");
  activate (fixture, "win.home", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "home");
}

static void
test_guide_in_swedish (Fixture       *fixture,
                       gconstpointer  data)
{
  activate (fixture, "win.open-guide", "call-112");
  nv_test_wait_until (NULL, shows (fixture, "Ring 112 när liv är i fara."), 5000);
  g_assert_false (shows (fixture, "This guide is not yet available in your language, "
                         "so it is shown in Finnish."));

  /* Omaolo has no Swedish text: Finnish, with a notice saying so. */
  activate (fixture, "win.open-guide", "omaolo");
  nv_test_wait_until (NULL, shows (fixture, "Avaa omaolo.fi."), 5000);
  g_assert_true (shows (fixture, "This guide is not yet available in your language, "
                        "so it is shown in Finnish."));
}

static void
test_directory_is_marked_sample (Fixture       *fixture,
                                 gconstpointer  data)
{
  activate (fixture, "win.show-services", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "directory");
  nv_test_wait_until (NULL, shows (fixture, "Testikirjasto"), 5000);
  g_assert_true (shows (fixture, "This directory is sample data. Its details have not been "
                        "checked: ask the library staff before you go."));
  g_assert_true (shows (fixture, "Kaarlenväylä 3, 90100 Oulu"));
  g_assert_true (shows (fixture, "Library · Oulu"));

  /* A row opens the organisation's page, which says honestly what is not known. */
  activate (fixture, "win.open-organisation", "test-association");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "organisation");
  nv_test_wait_until (NULL, shows (fixture, "Testiyhdistys"), 5000);
  g_assert_true (shows (fixture, "Opening hours not known"));
  activate (fixture, "win.back", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "directory");
}

static void
test_store_change_refreshes (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(NvContent) delta = nv_content_new ();
  g_autoptr(GError) error = NULL;
  NvCategory *category = nv_category_new ();

  activate (fixture, "win.show-guides", NULL);
  nv_test_wait_until (NULL, shows (fixture, "Terveys"), 5000);
  category->id = g_strdup ("new");
  nv_text_set (&category->title, NV_LANG_FI, "Uusi aihe");
  category->position = 9;
  g_ptr_array_add (delta->categories, category);
  delta->since = 1;
  delta->revision = 2;
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  nv_test_wait_until (NULL, shows (fixture, "Uusi aihe"), 5000);
}

/* The outbox as "type:subject:value" strings, in order. */
static char *
outbox_summary (KioskStore *store)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) documents = kiosk_store_outbox_peek (store, 1000, &ids);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *session = NULL;

  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (g_ptr_array_index (documents, i), &error);
      g_autoptr(NvEvent) event = nv_event_from_json (node, &error);

      g_assert_no_error (error);
      /* One visit, one session id. */
      if (session == NULL)
        session = g_strdup (event->session);
      g_assert_cmpstr (event->session, ==, session);
      g_string_append_printf (summary, "%s%s:%s:%" G_GINT64_FORMAT, i ? " " : "",
                              nv_event_type_to_string (event->type),
                              event->subject ? event->subject : "", event->value);
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static void
test_guide_events (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *summary = NULL;

  g_assert_cmpuint (kiosk_store_outbox_count (fixture->store), ==, 0);
  activate (fixture, "win.show-guides", NULL);
  activate (fixture, "win.open-category", "safety");
  activate (fixture, "win.open-guide", "call-112");
  activate (fixture, "guide.next", NULL);
  activate (fixture, "guide.next", NULL);
  activate (fixture, "guide.previous", NULL);
  activate (fixture, "guide.next", NULL);
  summary = outbox_summary (fixture->store);
  g_assert_cmpstr (summary, ==,
                   "session_start::0 screen_view:categories:0 screen_view:guide-list:0 "
                   "screen_view:guide:0 guide_view:call-112:0 step_view:call-112:1 "
                   "step_view:call-112:2 step_view:call-112:3 guide_complete:call-112:3 "
                   "step_view:call-112:2 step_view:call-112:3");
}

static gboolean
outbox_has (KioskStore *store,
            const char *needle)
{
  g_autofree char *summary = outbox_summary (store);

  return strstr (summary, needle) != NULL;
}

static void
test_inactivity_reset (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *summary = NULL;

  kiosk_window_set_idle_timeouts (fixture->window, 200, 300);
  activate (fixture, "win.open-guide", "call-112");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide");

  /* Quiet: first the warning with its countdown, then everything is erased. */
  nv_test_wait_until (NULL, kiosk_window_get_idle_warning_shown (fixture->window), 5000);
  g_assert_true (shows (fixture, "Are you still there?"));
  nv_test_wait_until (NULL, g_strcmp0 (kiosk_window_get_screen (fixture->window), "home") == 0,
                      5000);
  g_assert_false (kiosk_window_get_idle_warning_shown (fixture->window));
  g_assert_null (kiosk_recorder_get_session (kiosk_window_get_recorder (fixture->window)));
  summary = outbox_summary (fixture->store);
  g_assert_true (g_str_has_suffix (summary, "session_end::0"));
  g_assert_true (outbox_has (fixture->store, "step_view:call-112:1"));

  /* Back has nothing to return to: the last visit is gone. */
  activate (fixture, "win.back", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "home");
}

static void
test_inactivity_continue (Fixture       *fixture,
                          gconstpointer  data)
{
  kiosk_window_set_idle_timeouts (fixture->window, 100, 60000);
  activate (fixture, "win.open-guide", "call-112");
  nv_test_wait_until (NULL, kiosk_window_get_idle_warning_shown (fixture->window), 5000);
  activate (fixture, "win.continue", NULL);
  g_assert_false (kiosk_window_get_idle_warning_shown (fixture->window));
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "guide");
  g_assert_nonnull (kiosk_recorder_get_session (kiosk_window_get_recorder (fixture->window)));
  g_assert_false (outbox_has (fixture->store, "session_end"));
}

static void
test_start_over (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  const char *first_session;
  g_autofree char *session = NULL;

  activate (fixture, "win.show-services", NULL);
  session = g_strdup (kiosk_recorder_get_session (kiosk_window_get_recorder (fixture->window)));
  activate (fixture, "win.start-over", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "home");
  documents = kiosk_store_outbox_peek (fixture->store, 100, &ids);
  g_assert_nonnull (strstr (g_ptr_array_index (documents, documents->len - 1),
                            "\"detail\":\"start-over\""));

  /* The next resident gets a new session id. */
  activate (fixture, "win.show-guides", NULL);
  first_session = kiosk_recorder_get_session (kiosk_window_get_recorder (fixture->window));
  g_assert_nonnull (first_session);
  g_assert_cmpstr (first_session, !=, session);
}

static void
test_text_size_and_contrast (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  const char *last;

  activate (fixture, "win.text-size", NULL);
  g_assert_cmpuint (kiosk_window_get_text_size (fixture->window), ==, 1);
  g_assert_true (gtk_widget_has_css_class (window, "text-size-1"));
  activate (fixture, "win.text-size", NULL);
  g_assert_true (gtk_widget_has_css_class (window, "text-size-2"));
  g_assert_false (gtk_widget_has_css_class (window, "text-size-1"));
  activate (fixture, "win.contrast", NULL);
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));
  g_assert_true (outbox_has (fixture->store, "setting_changed:text-size:0"));
  g_assert_true (outbox_has (fixture->store, "setting_changed:contrast:0"));

  /* Every event says what was in use. */
  activate (fixture, "win.show-guides", NULL);
  documents = kiosk_store_outbox_peek (fixture->store, 100, &ids);
  last = g_ptr_array_index (documents, documents->len - 1);
  g_assert_nonnull (strstr (last, "\"text_size\":2"));
  g_assert_nonnull (strstr (last, "\"high_contrast\":true"));

  /* The next resident starts with the defaults. */
  activate (fixture, "win.start-over", NULL);
  g_assert_cmpuint (kiosk_window_get_text_size (fixture->window), ==, 0);
  g_assert_false (kiosk_window_get_high_contrast (fixture->window));
  g_assert_false (gtk_widget_has_css_class (window, "text-size-2"));
  g_assert_false (gtk_widget_has_css_class (window, "high-contrast"));
}

typedef struct
{
  gboolean done;
  GError  *error;
} Shot;

static void
shot_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Shot *shot = user_data;

  kiosk_screenshot_save_finish (result, &shot->error);
  shot->done = TRUE;
}

static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "home.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  Shot shot = { FALSE, NULL };

  kiosk_screenshot_save_async (GTK_WIDGET (fixture->window), path, NULL, shot_cb, &shot);
  nv_test_wait_until (NULL, shot.done, 10000);
  g_assert_no_error (shot.error);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 600);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, lang, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (lang), fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-window/home", NV_LANG_FI, test_home);
  ADD ("/kiosk-window/open-guide-through-actions", NV_LANG_FI, test_open_guide_through_actions);
  ADD ("/kiosk-window/guide-in-swedish", NV_LANG_SV, test_guide_in_swedish);
  ADD ("/kiosk-window/directory-is-marked-sample", NV_LANG_FI, test_directory_is_marked_sample);
  ADD ("/kiosk-window/store-change-refreshes", NV_LANG_FI, test_store_change_refreshes);
  ADD ("/kiosk-window/screenshot", NV_LANG_FI, test_screenshot);
  ADD ("/kiosk-window/guide-events", NV_LANG_FI, test_guide_events);
  ADD ("/kiosk-window/inactivity-reset", NV_LANG_FI, test_inactivity_reset);
  ADD ("/kiosk-window/inactivity-continue", NV_LANG_FI, test_inactivity_continue);
  ADD ("/kiosk-window/start-over", NV_LANG_FI, test_start_over);
  ADD ("/kiosk-window/text-size-and-contrast", NV_LANG_FI, test_text_size_and_contrast);
#undef ADD

  return g_test_run ();
}

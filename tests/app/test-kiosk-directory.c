/* test-kiosk-directory.c — the directory screen: search as you type, filters, results,
 * the search event and the reset, driven through the window's and the page's actions
 * under Xvfb, over the sample directory (81 organisations in 30 municipalities).
 *
 * Runs with no LANGUAGE: the English source strings, Finnish or Swedish content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-choice-button.h"
#include "kiosk-directory-page-private.h"
#include "kiosk-keyboard.h"
#include "kiosk-window-private.h"
#include "nv-test-util.h"

typedef struct
{
  char               *dir;
  KioskStore         *store;
  NvContent          *content;
  KioskWindow        *window;
  KioskDirectoryPage *page;
} Fixture;

static void
set_up (Fixture *fixture, NvLang lang, const char *home)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_assert_no_error (error);
  fixture->content->revision = 1;
  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  kiosk_store_set_home_municipality (fixture->store, home);

  fixture->window = kiosk_window_new (NULL, fixture->store, lang);
  fixture->page = kiosk_window_get_directory_page (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), 5000);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-services", NULL));
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "directory");
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  set_up (fixture, GPOINTER_TO_INT (data), NULL);
}

/* A kiosk in Oulu. */
static void
fixture_setup_oulu (Fixture *fixture, gconstpointer data)
{
  set_up (fixture, GPOINTER_TO_INT (data), "564");
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->store);
  nv_content_free (fixture->content);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static void
activate (Fixture *fixture, const char *action, const char *target)
{
  GtkWidget *widget = g_str_has_prefix (action, "directory.") ? GTK_WIDGET (fixture->page)
                                                              : GTK_WIDGET (fixture->window);
  gboolean   ok;

  if (target != NULL)
    ok = gtk_widget_activate_action (widget, action, "s", target);
  else
    ok = gtk_widget_activate_action (widget, action, NULL);
  g_assert_true (ok);
}

/* Types @query and waits for the results to settle, as a resident would pause. */
static void
search (Fixture *fixture, const char *query)
{
  activate (fixture, "directory.search", query);
  g_assert_false (kiosk_directory_page_get_settled (fixture->page));
  nv_test_wait_until (NULL, kiosk_directory_page_get_settled (fixture->page), 5000);
}

static GtkWidget *
find_visible (GtkWidget *widget,
              gboolean (*match) (GtkWidget *widget, gconstpointer data),
              gconstpointer data)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label_with_text (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
shows (Fixture *fixture, const char *text)
{
  return find_visible (GTK_WIDGET (fixture->window), is_label_with_text, text) != NULL;
}

static gboolean
is_label_starting_with (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static guint
count_in (const NvContent *content, const char *municipality, const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < content->organisations->len; i++)
    {
      const NvOrganisation *organisation = content->organisations->pdata[i];

      if ((municipality == NULL || g_str_equal (organisation->municipality, municipality))
          && (kind == NULL || g_str_equal (organisation->kind, kind)))
        n++;
    }
  return n;
}

static gboolean
shows_count (Fixture *fixture, guint n)
{
  g_autofree char *text = g_strdup_printf (n == 1 ? "%u place found" : "%u places found", n);
  g_autofree char *more = g_strdup_printf ("%u places found. The first ", n);

  /* All of them, or, past the rows shown, how many with a hint to narrow the search. */
  return shows (fixture, text)
         || find_visible (GTK_WIDGET (fixture->window), is_label_starting_with, more) != NULL;
}

/* The search events in the outbox, as "value:detail", space separated. */
static char *
search_events (KioskStore *store)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = kiosk_store_events_peek (store, 1000, &ids);
  g_autoptr (GString) summary = g_string_new (NULL);

  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = json_from_string (g_ptr_array_index (documents, i), &error);
      g_autoptr (NvEvent) event = nv_event_from_json (node, &error);

      g_assert_no_error (error);
      if (event->type != NV_EVENT_SEARCH)
        continue;
      g_string_append_printf (summary, "%s%" G_GINT64_FORMAT ":%s", summary->len ? " " : "",
                              event->value, event->detail ? event->detail : "");
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static gboolean
outbox_contains (KioskStore *store, const char *needle)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = kiosk_store_events_peek (store, 1000, &ids);

  for (guint i = 0; i < documents->len; i++)
    {
      if (strstr (g_ptr_array_index (documents, i), needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_lists_everything_first (Fixture *fixture, gconstpointer data)
{
  nv_test_wait_until (NULL, shows_count (fixture, fixture->content->organisations->len), 5000);
  g_assert_true (shows (fixture, "Alavieskan kirjasto"));
  g_assert_true (shows (fixture, "Library · Alavieska"));
  g_assert_true (shows (fixture, "All municipalities"));
  g_assert_true (shows (fixture, "All kinds of places"));
  g_assert_false (kiosk_directory_page_get_keyboard_shown (fixture->page));
}

static void
test_search_as_you_type (Fixture *fixture, gconstpointer data)
{
  search (fixture, "kaarlenvayla");
  g_assert_true (shows_count (fixture, 1));
  g_assert_true (shows (fixture, "Oulun keskustakirjasto Saari"));
  g_assert_true (shows (fixture, "Kaarlenväylä 3, 90100 Oulu"));
  g_assert_false (shows (fixture, "Alavieskan kirjasto"));

  search (fixture, "xyzzy");
  g_assert_true (shows (fixture, "No places were found."));
  g_assert_true (shows (fixture, "Clear the search and the choices"));
  activate (fixture, "directory.clear-all", NULL);
  g_assert_cmpstr (kiosk_directory_page_get_query (fixture->page), ==, "");
  g_assert_true (shows_count (fixture, fixture->content->organisations->len));
}

static gboolean
is_choice_labelled (GtkWidget *widget, gconstpointer label)
{
  return KIOSK_IS_CHOICE_BUTTON (widget)
         && g_strcmp0 (kiosk_choice_button_get_label (KIOSK_CHOICE_BUTTON (widget)), label) == 0;
}

/* The filter's answer shown with that label: chosen or not, by its mark, not colour alone. */
static gboolean
choice_is_chosen (Fixture *fixture, const char *label)
{
  GtkWidget *button = find_visible (GTK_WIDGET (fixture->page), is_choice_labelled, label);

  g_assert_nonnull (button);
  g_assert_true (kiosk_choice_button_get_toggle (KIOSK_CHOICE_BUTTON (button)));
  g_assert_cmpint (kiosk_choice_button_get_chosen (KIOSK_CHOICE_BUTTON (button)), ==,
                   gtk_widget_has_css_class (button, "chosen"));
  return kiosk_choice_button_get_chosen (KIOSK_CHOICE_BUTTON (button));
}

static void
test_filters (Fixture *fixture, gconstpointer data)
{
  guint in_raahe = count_in (fixture->content, "678", NULL);

  /* The municipality list: the ones with places, all of them first. */
  activate (fixture, "directory.choose-municipality", NULL);
  g_assert_true (shows (fixture, "Choose a municipality"));
  g_assert_true (shows (fixture, "Raahe"));
  g_assert_true (choice_is_chosen (fixture, "All municipalities"));
  g_assert_false (choice_is_chosen (fixture, "Raahe"));
  activate (fixture, "directory.municipality", "678");
  g_assert_false (shows (fixture, "Choose a municipality"));
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), ==, in_raahe);
  g_assert_true (shows_count (fixture, in_raahe));
  g_assert_true (shows (fixture, "Raahen pääkirjasto"));
  g_assert_false (shows (fixture, "Alavieskan kirjasto"));

  /* The list again marks the one chosen. */
  activate (fixture, "directory.choose-municipality", NULL);
  g_assert_true (choice_is_chosen (fixture, "Raahe"));
  g_assert_false (choice_is_chosen (fixture, "All municipalities"));
  activate (fixture, "directory.show-results", NULL);

  /* And the kind, on top. */
  activate (fixture, "directory.choose-kind", NULL);
  g_assert_true (shows (fixture, "Kela"));
  g_assert_true (choice_is_chosen (fixture, "All kinds of places"));
  activate (fixture, "directory.kind", "library");
  g_assert_true (shows_count (fixture, count_in (fixture->content, "678", "library")));
  g_assert_true (shows (fixture, "Library · Raahe"));

  /* A search narrows within them; "" is all again. */
  activate (fixture, "directory.municipality", "");
  activate (fixture, "directory.kind", "kela");
  g_assert_true (shows_count (fixture, count_in (fixture->content, NULL, "kela")));
  search (fixture, "ylivieska");
  g_assert_true (shows_count (fixture, 1));
  g_assert_true (shows (fixture, "Kela, Ylivieskan palvelupiste"));
}

/* The directory opens on the kiosk's own municipality, the list of municipalities
 * goes from near to far, and the next resident starts from home again. */
static void
test_opens_on_home_municipality (Fixture *fixture, gconstpointer data)
{
  g_autofree char *region = g_strdup_printf (_ ("All of %s"), "Pohjois-Pohjanmaa");
  guint            in_oulu = count_in (fixture->content, "564", NULL);

  nv_test_wait_until (NULL, shows_count (fixture, in_oulu), 5000);
  g_assert_true (shows (fixture, "Oulun keskustakirjasto Saari"));
  g_assert_false (shows (fixture, "Alavieskan kirjasto"));
  g_assert_true (shows (fixture, "Oulu"));

  activate (fixture, "directory.choose-municipality", NULL);
  g_assert_true (choice_is_chosen (fixture, "Oulu"));
  g_assert_false (choice_is_chosen (fixture, region));
  g_assert_false (choice_is_chosen (fixture, "All municipalities"));
  /* Oulu, the region and all of Finland come first, in that order. */
  {
    GtkWidget  *flow = gtk_widget_get_parent (gtk_widget_get_parent (
         find_visible (GTK_WIDGET (fixture->page), is_choice_labelled, "Oulu")));
    const char *expected[] = { "Oulu", region, "All municipalities" };
    GtkWidget  *child = gtk_widget_get_first_child (flow);

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++, child = gtk_widget_get_next_sibling (child))
      g_assert_cmpstr (kiosk_choice_button_get_label (KIOSK_CHOICE_BUTTON (
                           gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)))),
                       ==, expected[i]);
  }
  activate (fixture, "directory.municipality", KIOSK_STORE_REGION_PREFIX "17");
  /* Every sample place is in North Ostrobothnia; Oulu's come first. */
  g_assert_true (shows_count (fixture, fixture->content->organisations->len));
  g_assert_true (shows (fixture, region));

  search (fixture, "terveyskeskuksessa");
  /* Every health centre, by its kind, and places whose services name one. */
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), >=,
                    count_in (fixture->content, NULL, "health-centre"));
  g_assert_true (shows (fixture, "Oulun terveysasemat, Pohde"));
  g_assert_true (shows (fixture, "Haapaveden terveysasema, Pohde"));

  kiosk_directory_page_reset (fixture->page);
  kiosk_directory_page_refresh (fixture->page);
  g_assert_true (shows_count (fixture, in_oulu));
  g_assert_true (shows (fixture, "Oulu"));
}

static void
test_open_result (Fixture *fixture, gconstpointer data)
{
  GtkWidget *row;

  search (fixture, "kaarlenväylä");
  row = find_visible (GTK_WIDGET (fixture->page), is_of_type,
                      GSIZE_TO_POINTER (GTK_TYPE_LIST_BOX_ROW));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==,
                   "win.open-organisation");
  /* As a touch on the row would. */
  gtk_widget_activate (row);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "organisation");
  nv_test_wait_until (NULL, shows (fixture, "Oulun keskustakirjasto Saari"), 5000);
  g_assert_true (outbox_contains (fixture->store, "\"organisation_view\""));

  /* Back finds the search as it was left. */
  activate (fixture, "win.back", NULL);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "directory");
  g_assert_cmpstr (kiosk_directory_page_get_query (fixture->page), ==, "kaarlenväylä");
  g_assert_true (shows_count (fixture, 1));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_swedish (Fixture *fixture, gconstpointer data)
{
  guint notified = 0;

  search (fixture, "brahestad bibliotek");
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), >=, 1);
  g_assert_true (shows (fixture, "Library · Brahestad"));
  activate (fixture, "directory.choose-municipality", NULL);
  g_assert_true (shows (fixture, "Uleåborg"));

  /* The "language" property is the setter, for binding: notified on a change only. */
  g_assert_cmpint (kiosk_screen_get_language (KIOSK_SCREEN (fixture->page)), ==, NV_LANG_SV);
  g_signal_connect_swapped (fixture->page, "notify::language", G_CALLBACK (count_cb), &notified);
  g_object_set (fixture->page, "language", NV_LANG_FI, NULL);
  g_object_set (fixture->page, "language", NV_LANG_FI, NULL);
  g_assert_cmpint (kiosk_screen_get_language (KIOSK_SCREEN (fixture->page)), ==, NV_LANG_FI);
  g_assert_cmpuint (notified, ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->page, &notified);
}

static void
painted_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* A key on the on-screen keyboard shows in the box in the frame that follows it, before
 * the search runs (bench-kiosk: a key costs its frame no search); the results follow in
 * the frames after, and a key typed before then shares that search. */
static void
test_key_drawn_before_search (Fixture *fixture, gconstpointer data)
{
  GtkWidget     *keyboard;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  guint          n_all;
  gboolean       painted = FALSE;
  gulong         handler;

  activate (fixture, "directory.show-keyboard", NULL);
  keyboard = find_visible (GTK_WIDGET (fixture->page), is_of_type,
                           GSIZE_TO_POINTER (KIOSK_TYPE_KEYBOARD));
  g_assert_nonnull (keyboard);
  n_all = kiosk_directory_page_get_n_found (fixture->page);
  g_assert_cmpuint (n_all, >, 10);

  g_assert_true (gtk_widget_activate_action (keyboard, "keyboard.press", "s", "k"));
  g_assert_true (gtk_widget_activate_action (keyboard, "keyboard.press", "s", "e"));
  g_assert_cmpstr (kiosk_directory_page_get_query (fixture->page), ==, "ke");
  /* Not searched yet: the letters are drawn first. */
  g_assert_true (kiosk_directory_page_get_search_pending (fixture->page));
  g_assert_false (kiosk_directory_page_get_settled (fixture->page));
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), ==, n_all);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  nv_test_wait_until (NULL, painted, 5000);
  g_signal_handler_disconnect (clock, handler);
  nv_test_wait_until (NULL, !kiosk_directory_page_get_search_pending (fixture->page), 5000);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), <, n_all);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), >, 0);
  nv_test_wait_until (NULL, kiosk_directory_page_get_settled (fixture->page), 5000);

  /* Text set by other means than a key (a real keyboard, the tests) is searched at once. */
  gtk_editable_set_text (GTK_EDITABLE (find_visible (GTK_WIDGET (fixture->page), is_of_type,
                                                     GSIZE_TO_POINTER (GTK_TYPE_ENTRY))),
                         "kela");
  g_assert_false (kiosk_directory_page_get_search_pending (fixture->page));
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), >, 0);
}

/* Typed key by key on the on-screen keyboard: one search when the typing pauses, its
 * count and the query without digits, never the text as typed. */
static void
test_search_event (Fixture *fixture, gconstpointer data)
{
  static const char *const keys[] = { "k", "e", "l", "a" };
  GtkWidget               *keyboard;
  g_autofree char         *events = NULL;
  g_autofree char         *expected = NULL;

  activate (fixture, "directory.show-keyboard", NULL);
  g_assert_true (kiosk_directory_page_get_keyboard_shown (fixture->page));
  keyboard = find_visible (GTK_WIDGET (fixture->page), is_of_type,
                           GSIZE_TO_POINTER (KIOSK_TYPE_KEYBOARD));
  g_assert_nonnull (keyboard);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (gtk_widget_activate_action (keyboard, "keyboard.press", "s", keys[i]));
  g_assert_cmpstr (kiosk_directory_page_get_query (fixture->page), ==, "kela");
  /* Not a search per key. */
  g_assert_cmpstr (search_events (fixture->store), ==, "");
  nv_test_wait_until (NULL, kiosk_directory_page_get_settled (fixture->page), 5000);
  events = search_events (fixture->store);
  expected = g_strdup_printf ("%u:kela", kiosk_directory_page_get_n_found (fixture->page));
  g_assert_cmpstr (events, ==, expected);

  /* Done does not count the same search twice. */
  g_assert_true (gtk_widget_activate_action (keyboard, "keyboard.press", "s", "hide"));
  g_assert_false (kiosk_directory_page_get_keyboard_shown (fixture->page));
  g_free (events);
  events = search_events (fixture->store);
  g_assert_cmpstr (events, ==, expected);

  /* A postal code typed on a real keyboard finds the place; its digits are not kept. */
  search (fixture, "Kaarlenväylä 90100");
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), ==, 1);
  g_free (events);
  events = search_events (fixture->store);
  g_assert_true (g_str_has_prefix (events, expected));
  g_assert_true (g_str_has_suffix (events, " 1:kaarlenväylä"));
  g_assert_false (outbox_contains (fixture->store, "90100"));
}

/* A half-typed search, filters and results are gone when the kiosk resets itself. */
static void
test_reset_erases_search (Fixture *fixture, gconstpointer data)
{
  activate (fixture, "directory.municipality", "564");
  activate (fixture, "directory.kind", "library");
  activate (fixture, "directory.show-keyboard", NULL);
  kiosk_window_set_idle_timeouts (fixture->window, 10, 10);
  /* A touch, as far as the quiet period is concerned: it starts again, shorter. */
  activate (fixture, "win.continue", NULL);
  /* Half a word, and the resident walks away before the search settles. */
  activate (fixture, "directory.search", "kirj");
  g_assert_cmpstr (kiosk_directory_page_get_query (fixture->page), ==, "kirj");

  nv_test_wait_until (NULL, g_strcmp0 (kiosk_window_get_screen (fixture->window), "home") == 0,
                      5000);
  g_assert_cmpstr (kiosk_directory_page_get_query (fixture->page), ==, "");
  g_assert_true (kiosk_directory_page_get_settled (fixture->page));
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), ==, 0);
  g_assert_false (kiosk_directory_page_get_keyboard_shown (fixture->page));
  g_assert_null (kiosk_visit_get_session_id (kiosk_window_get_visit (fixture->window)));

  /* The next resident starts with nothing typed and nothing chosen. */
  activate (fixture, "win.show-services", NULL);
  g_assert_true (shows (fixture, "All municipalities"));
  g_assert_true (shows (fixture, "All kinds of places"));
  g_assert_true (shows_count (fixture, fixture->content->organisations->len));
}

static void
test_start_over_erases_search (Fixture *fixture, gconstpointer data)
{
  search (fixture, "oulun");
  activate (fixture, "directory.kind", "library");
  activate (fixture, "win.start-over", NULL);
  adw_message_dialog_response (
      ADW_MESSAGE_DIALOG (kiosk_window_get_start_over_question (fixture->window)), "yes");
  g_assert_cmpstr (kiosk_window_get_screen (fixture->window), ==, "home");
  g_assert_cmpstr (kiosk_directory_page_get_query (fixture->page), ==, "");
  activate (fixture, "win.show-services", NULL);
  g_assert_true (shows (fixture, "All kinds of places"));
  g_assert_true (shows_count (fixture, fixture->content->organisations->len));
}

/* Content is never markup, not even in the results. */
static void
test_names_are_plain_text (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvContent) delta = nv_content_new ();
  g_autoptr (GError) error = NULL;
  NvOrganisation *organisation = nv_organisation_new ();

  organisation->id = g_strdup ("markup");
  nv_text_set (&organisation->name, NV_LANG_FI, "<b>bold</b> & <i>co</i>");
  organisation->kind = g_strdup ("other");
  organisation->municipality = g_strdup ("564");
  organisation->street_address = g_strdup ("<span size='99999'>Katu</span> 1");
  g_ptr_array_add (delta->organisations, organisation);
  delta->since = 1;
  delta->revision = 2;
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);

  search (fixture, "bold");
  g_assert_true (shows_count (fixture, 1));
  g_assert_true (shows (fixture, "<b>bold</b> & <i>co</i>"));
  g_assert_true (shows (fixture, "<span size='99999'>Katu</span> 1"));
}

/* The sample directory says so; once its places are real (imported), no warning stays. */
static void
test_sample_notice_follows_content (Fixture *fixture, gconstpointer data)
{
  const char *notice = "This directory is sample data. Its details have not been checked: "
                       "ask the library staff before you go.";
  g_autoptr (GError) error = NULL;

  nv_test_wait_until (NULL, shows (fixture, notice), 5000);
  for (guint i = 0; i < fixture->content->organisations->len; i++)
    ((NvOrganisation *) fixture->content->organisations->pdata[i])->sample = FALSE;
  fixture->content->revision = 2;
  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_assert_no_error (error);
  nv_test_wait_until (NULL, !shows (fixture, notice), 5000);
  g_assert_true (shows_count (fixture, fixture->content->organisations->len));
}

static GtkWidget *
keyboard_of (Fixture *fixture)
{
  return find_visible (GTK_WIDGET (fixture->page), is_of_type,
                       GSIZE_TO_POINTER (KIOSK_TYPE_KEYBOARD));
}

/* With the keyboard out, at the largest text size, a 1280×800 screen holds it all:
 * the window does not grow past the screen, and the keys stay large targets. */
static void
test_fits_small_screen (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window;
  GtkWidget *keyboard;
  GtkWidget *key;

  /* A window of that size from the start: a mapped one keeps its size. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  fixture->page = kiosk_window_get_directory_page (fixture->window);
  window = GTK_WIDGET (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (window), 5000);
  activate (fixture, "win.show-services", NULL);
  activate (fixture, "win.text-size", NULL);
  activate (fixture, "win.text-size", NULL);
  activate (fixture, "directory.show-keyboard", NULL);
  search (fixture, "kirjasto");
  /* Laid out with the keyboard and the results. */
  nv_test_wait_until (NULL,
                      gtk_widget_get_height (GTK_WIDGET (fixture->page)) > 0
                          && gtk_widget_get_width (keyboard_of (fixture)) > 0,
                      5000);
  g_assert_cmpint (gtk_widget_get_width (window), <=, 1280);
  g_assert_cmpint (gtk_widget_get_height (window), <=, 800);

  keyboard = keyboard_of (fixture);
  g_assert_nonnull (keyboard);
  key = find_visible (keyboard, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_BUTTON));
  g_assert_cmpint (gtk_widget_get_width (key), >=, 64);
  g_assert_cmpint (gtk_widget_get_height (key), >=, 64);
  g_assert_cmpuint (kiosk_directory_page_get_n_found (fixture->page), >, 0);
}

/* A chooser takes the page for itself: the title, the search box and the filters make
 * way for its choices, and come back with the results. The keypad's focus follows, from
 * the filter button to the first choice and back, never lost with the hidden button. */
static void
test_chooser_takes_the_page (Fixture *fixture, gconstpointer data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *button = GTK_WIDGET (
      gtk_widget_get_template_child (page, KIOSK_TYPE_DIRECTORY_PAGE, "access_button"));
  GtkWidget *entry = GTK_WIDGET (
      gtk_widget_get_template_child (page, KIOSK_TYPE_DIRECTORY_PAGE, "search_entry"));
  GtkWidget *title
      = GTK_WIDGET (gtk_widget_get_template_child (page, KIOSK_TYPE_DIRECTORY_PAGE, "title_label"));
  GtkWidget *focus;

  g_assert_true (gtk_widget_grab_focus (button));
  activate (fixture, "directory.choose-access", NULL);
  g_assert_false (gtk_widget_get_mapped (entry));
  g_assert_false (gtk_widget_get_mapped (button));
  g_assert_false (gtk_widget_get_mapped (title));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (KIOSK_IS_CHOICE_BUTTON (focus));
  g_assert_cmpstr (kiosk_choice_button_get_label (KIOSK_CHOICE_BUTTON (focus)), ==,
                   "No particular needs");

  activate (fixture, "directory.access-profile", "wheelchair");
  g_assert_true (gtk_widget_get_mapped (entry));
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == button);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, lang, func)                                                                      \
  g_test_add (path, Fixture, GINT_TO_POINTER (lang), fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-directory/lists-everything-first", NV_LANG_FI, test_lists_everything_first);
  ADD ("/kiosk-directory/search-as-you-type", NV_LANG_FI, test_search_as_you_type);
  ADD ("/kiosk-directory/filters", NV_LANG_FI, test_filters);
  ADD ("/kiosk-directory/open-result", NV_LANG_FI, test_open_result);
  g_test_add ("/kiosk-directory/opens-on-home-municipality", Fixture, GINT_TO_POINTER (NV_LANG_FI),
              fixture_setup_oulu, test_opens_on_home_municipality, fixture_teardown);
  ADD ("/kiosk-directory/swedish", NV_LANG_SV, test_swedish);
  ADD ("/kiosk-directory/search-event", NV_LANG_FI, test_search_event);
  ADD ("/kiosk-directory/key-drawn-before-search", NV_LANG_FI, test_key_drawn_before_search);
  ADD ("/kiosk-directory/reset-erases-search", NV_LANG_FI, test_reset_erases_search);
  ADD ("/kiosk-directory/start-over-erases-search", NV_LANG_FI, test_start_over_erases_search);
  ADD ("/kiosk-directory/names-are-plain-text", NV_LANG_FI, test_names_are_plain_text);
  ADD ("/kiosk-directory/sample-notice-follows-content", NV_LANG_FI,
       test_sample_notice_follows_content);
  ADD ("/kiosk-directory/fits-small-screen", NV_LANG_FI, test_fits_small_screen);
  ADD ("/kiosk-directory/chooser-takes-the-page", NV_LANG_FI, test_chooser_takes_the_page);
#undef ADD

  return g_test_run ();
}

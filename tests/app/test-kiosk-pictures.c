/* test-kiosk-pictures.c — step pictures on the kiosk: fetched by name from a real
 * neuvokas-server after the content, kept only when they match their names, removed
 * when no content names them any more, fetched again after an interruption or damage;
 * and shown on a guide's step in an area of one size, said in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kiosk-speech-mode.h"
#include "kiosk-sync-images.h"
#include "kiosk-sync.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-cli.h"
#include "nv-test-staff.h"
#include "nv-test-util.h"

/* The default guides name seven pictures (data/content/images). */
#define DEFAULT_PICTURES 7

typedef struct
{
  char         *dir;
  char         *server_dir;
  NvTestServer *server;
  char         *token;
  KioskStore   *store;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->server_dir = g_build_filename (fixture->dir, "server", NULL);
  fixture->server = nv_test_server_start (g_getenv ("NEUVOKAS_SERVER"), fixture->server_dir,
                                          nv_test_content_dir ());
  fixture->token = nv_test_cli_add_kiosk (fixture->server_dir, "Test kiosk");
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  nv_test_server_stop (fixture->server);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->server_dir);
  g_free (fixture->token);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Result;

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *done = user_data;

  done->ok = kiosk_sync_images_fetch_finish (result, &done->error);
  done->done = TRUE;
}

static void
sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *done = user_data;

  done->ok = kiosk_sync_run_finish (KIOSK_SYNC (source), result, NULL, &done->error);
  done->done = TRUE;
}

static void
run_sync (Fixture *fixture)
{
  g_autoptr (KioskSync) sync
      = kiosk_sync_new (fixture->store, nv_test_server_get_url (fixture->server), fixture->token);
  Result result = { FALSE, FALSE, NULL };

  kiosk_sync_run_async (sync, NULL, sync_cb, &result);
  nv_test_wait_until (NULL, result.done, 20000);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
}

static char *
picture_path (Fixture *fixture, const char *name)
{
  return g_build_filename (fixture->dir, "images", name, NULL);
}

/* Every picture the store's content names: the ones missing from a store that has none. */
static GStrv
named_pictures (Fixture *fixture)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "images", NULL);

  nv_test_rm_rf (dir);
  return kiosk_store_images_missing (fixture->store);
}

static guint
count_files (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "images", NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* After the content, the pictures it names: each kept, and the same bytes as the
 * default content's; what no content names (a removed step's picture, a write that never
 * finished) is removed. */
static void
test_sync_fetches_and_cleans (Fixture *fixture, gconstpointer data)
{
  g_autofree char *images = g_build_filename (fixture->dir, "images", NULL);
  g_autofree char *old = g_build_filename (
      images, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png", NULL);
  g_autofree char *unfinished = g_build_filename (
      images, "cc3eb897f705b3fd917256892938c415cd9399b93e2524736be39f75b8ae7d07.png.5TQ2K1", NULL);
  g_auto (GStrv) named = NULL;

  g_assert_cmpint (g_mkdir_with_parents (images, 0700), ==, 0);
  g_assert_true (g_file_set_contents (old, "an old picture", -1, NULL));
  g_assert_true (g_file_set_contents (unfinished, "\x89PNG half", -1, NULL));

  run_sync (fixture);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), >, 0);
  g_assert_cmpstrv (kiosk_store_images_missing (fixture->store), (const char *[]){ NULL });
  g_assert_cmpuint (count_files (fixture), ==, DEFAULT_PICTURES);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (unfinished, G_FILE_TEST_EXISTS));

  /* All gone again (named_pictures () empties the folder): an unchanged content's sync
   * (304) still brings what is missing. */
  named = named_pictures (fixture);
  g_assert_cmpuint (g_strv_length (named), ==, DEFAULT_PICTURES);
  run_sync (fixture);
  for (guint i = 0; named[i] != NULL; i++)
    {
      g_autofree char *source = g_build_filename (nv_test_content_dir (), "images", named[i], NULL);
      g_autofree char *expected = NULL;
      g_autoptr (GBytes) kept = kiosk_store_images_load (fixture->store, named[i]);
      gsize size;

      g_assert_true (g_file_get_contents (source, &expected, &size, NULL));
      g_assert_nonnull (kept);
      g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), expected, size);
    }
}

/* The default guide recognise-scams names this one picture, in its step 6. */
#define SCAM_PICTURE "88cbc8981ed2b6e522e5f5d99f50fd3d07292585eff2301a1c8887708ac6b731.png"

/* A picture the content no longer names goes from the kiosk at its next sync, which
 * succeeds: an advisor deletes the guide that named it, and the server's daily purge,
 * weeks on, keeps the picture (a kept version names it, for a restore), so no bundle
 * ever names a picture the server removed. */
static void
test_dropped_when_unnamed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvTestStaff) advisor = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *later_text = g_date_time_format_iso8601 (later);
  g_autofree char *scam = picture_path (fixture, SCAM_PICTURE);
  g_autofree char *purged = NULL;

  run_sync (fixture);
  g_assert_cmpuint (count_files (fixture), ==, DEFAULT_PICTURES);
  g_assert_true (g_file_test (scam, G_FILE_TEST_IS_REGULAR));

  nv_test_cli_add_user (fixture->server_dir, "aino", "advisor", "advisor-password-1");
  advisor = nv_test_staff_login (nv_test_server_get_url (fixture->server), "aino",
                                 "advisor-password-1");
  g_assert_cmpuint (nv_test_staff_send (advisor, "POST", "/api/v1/staff/guides/delete",
                                        "{\"id\": \"recognise-scams\"}", NULL, NULL),
                    ==, 204);
  g_setenv ("NEUVOKAS_NOW", later_text, TRUE);
  purged = nv_test_cli_run (fixture->server_dir, "purge", NULL);
  g_unsetenv ("NEUVOKAS_NOW");
  g_assert_nonnull (strstr (purged, "Removed 0 picture(s)"));

  run_sync (fixture);
  g_assert_false (g_file_test (scam, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture), ==, DEFAULT_PICTURES - 1);
  g_assert_cmpstrv (kiosk_store_images_missing (fixture->store), (const char *[]){ NULL });
}

/* A sync cut off before its pictures loses nothing: nothing half-written is kept under a
 * picture's name, and the next sync fetches what is missing. A picture damaged on the
 * card is never shown, and is fetched again. */
static void
test_interrupted_then_retried (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (SoupSession) session = soup_session_new ();
  g_auto (GStrv) named = NULL;
  g_autofree char *damaged = NULL;
  Result           result = { FALSE, FALSE, NULL };

  run_sync (fixture);
  named = named_pictures (fixture);
  g_assert_cmpuint (count_files (fixture), ==, 0);

  /* The kiosk stops (here: is cancelled) while the pictures come. */
  g_cancellable_cancel (cancellable);
  kiosk_sync_images_fetch_async (fixture->store, session, nv_test_server_get_url (fixture->server),
                                 fixture->token, cancellable, fetched_cb, &result);
  nv_test_wait_until (NULL, result.done, 10000);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);
  g_assert_cmpuint (count_files (fixture), ==, 0);

  run_sync (fixture);
  g_assert_cmpuint (count_files (fixture), ==, DEFAULT_PICTURES);

  /* A card's bad block: the picture is not shown, and the next sync brings it back. */
  damaged = picture_path (fixture, named[0]);
  g_assert_true (g_file_set_contents (damaged, "\x89PNG\r\n\x1a\n damaged", -1, NULL));
  g_assert_null (kiosk_store_images_load (fixture->store, named[0]));
  g_assert_false (g_file_test (damaged, G_FILE_TEST_EXISTS));
  run_sync (fixture);
  g_assert_true (g_file_test (damaged, G_FILE_TEST_EXISTS));
  g_assert_nonnull (kiosk_store_images_load (fixture->store, named[0]));
}

/* A server (or a proxy, or a wrong file) that answers other bytes than the name says, or
 * more than any picture: nothing is kept, and the fetch says which picture failed. */
static void
wrong_answer_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  const char *kind = user_data;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (g_str_equal (kind, "large"))
    {
      gsize size = NV_IMAGE_MAX_BYTES + 1;
      char *big = g_malloc0 (size);

      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_TAKE, big, size);
    }
  else
    soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC,
                                      "<html>Sign in to the hotel's network</html>", 43);
}

static void
test_wrong_bytes_refused (Fixture *fixture, gconstpointer data)
{
  const char *const kinds[] = { "wrong", "large" };

  run_sync (fixture);
  (void) g_strfreev (named_pictures (fixture));
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr (SoupSession) session = soup_session_new ();
      g_autoptr (GError) error = NULL;
      g_autoptr (GSList) uris = NULL;
      g_autofree char *url = NULL;
      Result           result = { FALSE, FALSE, NULL };

      soup_server_add_handler (server, NULL, wrong_answer_cb, (gpointer) kinds[k], NULL);
      g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
      uris = soup_server_get_uris (server);
      url = g_uri_to_string (uris->data);
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

      kiosk_sync_images_fetch_async (fixture->store, session, url, fixture->token, NULL, fetched_cb,
                                     &result);
      nv_test_wait_until (NULL, result.done, 10000);
      g_assert_false (result.ok);
      g_assert_nonnull (result.error);
      g_assert_nonnull (strstr (result.error->message, "Cannot fetch the picture"));
      g_clear_error (&result.error);
      g_assert_cmpuint (count_files (fixture), ==, 0);
    }
}

/* A picture of @width × @height, kept in @store; its name. */
static char *
keep_picture (KioskStore *store, int width, int height)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *buffer = NULL;
  gsize            size;
  char            *name;

  gdk_pixbuf_fill (pixbuf, 0x1a5fb4ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&buffer), size);
  name = nv_image_name_for_bytes (bytes, "png");
  g_assert_true (kiosk_store_images_save (store, name, bytes, &error));
  g_assert_no_error (error);
  return name;
}

/* What is not what its name says is refused before it reaches the folder. */
static void
test_save_checks_name (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (GBytes) bytes = g_bytes_new_static ("not this", 8);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char      *name = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png";

  store = kiosk_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_store_images_save (store, name, bytes, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  path = g_build_filename (dir, "images", name, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (kiosk_store_images_save (store, "../kiosk.db", bytes, NULL));
  g_clear_object (&store);
  nv_test_rm_rf (dir);
}

static NvGuide *
picture_guide (const char *wide, const char *tall)
{
  NvGuide *guide = nv_guide_new ();
  NvStep  *step;

  guide->id = g_strdup ("pictures");
  guide->category = g_strdup ("health");
  nv_text_set (&guide->title, NV_LANG_FI, "Kuvat");
  step = nv_guide_add_step (guide, "Avaa sovellus.", "Öppna appen.", "Open the app.");
  step->image = g_strdup (wide);
  nv_text_set (&step->image_alt, NV_LANG_FI, "Piirros: leveä sininen kuva");
  nv_text_set (&step->image_alt, NV_LANG_EN, "Drawing: a wide blue picture");
  step = nv_guide_add_step (guide, "Valitse kirjautuminen.", NULL, NULL);
  step->image = g_strdup (tall);
  nv_text_set (&step->image_alt, NV_LANG_FI, "Piirros: korkea sininen kuva");
  nv_guide_add_step (guide, "Valmista.", NULL, NULL);
  return guide;
}

static const int screen_sizes[][2] = { { 1920, 1080 }, { 1280, 800 }, { 1080, 1920 } };

/* The window's content laid out at one of the kiosk's screen sizes, whatever the test
 * server's screen (as test-kiosk-window does), twice: the picture beside the text
 * follows the height the first gave the scrolled page. */
static GtkWidget *
lay_out_at (KioskWindow *window, int width, int height)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  int        min_width, min_height;

  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      g_assert_cmpint (min_width, <=, width);
      gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
      g_assert_cmpint (min_height, <=, height);
      gtk_widget_size_allocate (content, &(GtkAllocation){ 0, 0, width, height }, -1);
    }
  return content;
}

static GtkWidget *
step_label (KioskGuidePage *page)
{
  return GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (page), KIOSK_TYPE_GUIDE_PAGE, "step_label"));
}

static GtkWidget *
scroller (KioskGuidePage *page)
{
  return GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (page), KIOSK_TYPE_GUIDE_PAGE, "scroller"));
}

/* The button under the step's text and picture. */
static GtkWidget *
find_action_button (GtkWidget *widget, const char *action)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
guide_action (KioskWindow *window, const char *action)
{
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (kiosk_window_get_guide_page (window)), action, NULL));
}

static void
frame_painted_cb (GdkFrameClock *clock, guint *frames)
{
  (*frames)++;
}

/* Two frames laid out and painted after a change: the second after any relayout the
 * first asked for. */
static void
wait_drawn (KioskWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint          frames = 0;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), &frames);

  for (guint i = 0; i < 3; i++)
    {
      guint before = frames;

      gtk_widget_queue_resize (GTK_WIDGET (window));
      nv_test_wait_until (NULL, frames > before, 5000);
    }
  g_signal_handler_disconnect (clock, handler);
}

/* A guide's step shows its picture, whatever its shape, in an area of the same size
 * (4:3, at most 640 px wide), so that nothing below it moves from step to step; it is
 * said in words, and a step without a picture, or whose picture is not (yet) here or is
 * damaged, shows none. */
static void
test_guide_step_shows_picture (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autoptr (KioskStore) store = kiosk_test_store_open_with_fixtures (dir);
  g_autofree char *wide = keep_picture (store, 800, 400);
  g_autofree char *tall = keep_picture (store, 300, 600);
  g_autoptr (NvContent) delta = nv_content_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *spoken = NULL;
  g_autofree char *damaged = NULL;
  KioskWindow     *window;
  KioskGuidePage  *page;
  GtkWidget       *area;
  GtkPicture      *picture;
  GtkWidget       *help;
  graphene_rect_t  first_area, second_area, first_help, second_help;

  delta->revision = 2;
  delta->since = 1;
  g_ptr_array_add (delta->guides, picture_guide (wide, tall));
  g_assert_true (kiosk_store_apply_content (store, delta, &error));
  g_assert_no_error (error);

  window = kiosk_window_new (NULL, store, NV_LANG_FI);
  gtk_window_present (GTK_WINDOW (window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (window), "win.open-guide", "s", "pictures"));
  page = kiosk_window_get_guide_page (window);
  area = GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (page), KIOSK_TYPE_GUIDE_PAGE, "picture_area"));
  picture = GTK_PICTURE (
      gtk_widget_get_template_child (GTK_WIDGET (page), KIOSK_TYPE_GUIDE_PAGE, "step_picture"));
  help = find_action_button (GTK_WIDGET (page), "win.ask-for-help");

  /* The first step's wide picture, whole, in the area. */
  nv_test_wait_until (NULL, gtk_widget_get_mapped (area) && gtk_widget_get_height (area) > 0, 5000);
  wait_drawn (window);
  g_assert_nonnull (gtk_picture_get_paintable (picture));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (picture)), ==,
                   800);
  g_assert_cmpint (gtk_widget_get_width (area), <=, 640);
  g_assert_cmpint (gtk_widget_get_height (area), ==, gtk_widget_get_width (area) * 3 / 4);
  g_assert_cmpstr (gtk_picture_get_alternative_text (picture), ==, "Piirros: leveä sininen kuva");
  spoken = kiosk_speech_screen_text (GTK_WIDGET (page), FALSE, FALSE);
  g_assert_nonnull (strstr (spoken, "Avaa sovellus. Piirros: leveä sininen kuva"));
  g_assert_true (gtk_widget_compute_bounds (area, GTK_WIDGET (page), &first_area));
  g_assert_true (gtk_widget_compute_bounds (help, GTK_WIDGET (page), &first_help));

  /* The second's tall picture: the same area, nothing below it moved. */
  guide_action (window, "guide.next");
  wait_drawn (window);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (gtk_picture_get_paintable (picture)), ==,
                   600);
  g_assert_true (gtk_widget_compute_bounds (area, GTK_WIDGET (page), &second_area));
  g_assert_true (gtk_widget_compute_bounds (help, GTK_WIDGET (page), &second_help));
  g_assert_true (graphene_rect_equal (&first_area, &second_area));
  g_assert_true (graphene_rect_equal (&first_help, &second_help));

  /* On each of the kiosk's screens and at every text size: 4:3, whole on the screen, and
   * in sight without scrolling; beside the text on a landscape screen (at most half the
   * page's height), under it on a portrait one. */
  for (guint size = 0; size < 3; size++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (screen_sizes); i++)
        {
          GtkWidget      *content = lay_out_at (window, screen_sizes[i][0], screen_sizes[i][1]);
          graphene_rect_t bounds, text, view;

          g_test_message ("%d×%d, text size %u", screen_sizes[i][0], screen_sizes[i][1], size);
          g_assert_true (gtk_widget_compute_bounds (area, content, &bounds));
          g_assert_true (gtk_widget_compute_bounds (step_label (page), content, &text));
          g_assert_true (gtk_widget_compute_bounds (scroller (page), content, &view));
          g_assert_cmpfloat (bounds.size.width, <=, 640);
          g_assert_cmpfloat (bounds.size.width, >=, 240);
          g_assert_cmpfloat (bounds.size.height, ==, (int) bounds.size.width * 3 / 4);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, screen_sizes[i][0]);
          g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                             view.origin.y + view.size.height);
          if (screen_sizes[i][0] > screen_sizes[i][1])
            {
              g_assert_cmpfloat (bounds.origin.x, >=, text.origin.x + text.size.width);
              /* At most half the page (or the smallest picture, 240 × 180): what follows
               * the step stays in sight under it. */
              g_assert_cmpfloat (bounds.size.height, <=, MAX (view.size.height / 2, 180) + 1);
            }
          else
            g_assert_cmpfloat (bounds.origin.y, >=, text.origin.y + text.size.height);
        }
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL));
      wait_drawn (window);
    }

  /* No picture on the last step. */
  guide_action (window, "guide.next");
  g_assert_false (gtk_widget_get_visible (area));

  /* A damaged file is never shown. */
  damaged = g_build_filename (dir, "images", wide, NULL);
  g_assert_true (g_file_set_contents (damaged, "\x89PNG\r\n\x1a\n damaged", -1, NULL));
  guide_action (window, "guide.previous");
  guide_action (window, "guide.previous");
  g_assert_false (gtk_widget_get_visible (area));
  g_assert_null (gtk_picture_get_paintable (picture));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  nv_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-pictures/sync-fetches-and-cleans", test_sync_fetches_and_cleans);
  ADD ("/kiosk-pictures/interrupted-then-retried", test_interrupted_then_retried);
  ADD ("/kiosk-pictures/wrong-bytes-refused", test_wrong_bytes_refused);
  ADD ("/kiosk-pictures/dropped-when-unnamed", test_dropped_when_unnamed);
#undef ADD
  g_test_add_func ("/kiosk-pictures/save-checks-name", test_save_checks_name);
  g_test_add_func ("/kiosk-pictures/guide-step-shows-picture", test_guide_step_shows_picture);
  return g_test_run ();
}

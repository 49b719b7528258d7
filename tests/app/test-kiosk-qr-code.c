/* test-kiosk-qr-code.c — the "take it home" code leads to a page the server serves
 *
 * The real thing end to end: a neuvokas-server process with the fixture content, and a
 * kiosk window whose QR base address is that server. The code is read back from the
 * pixels the kiosk draws, with zbarimg (zbar-tools) as a phone would, and the address
 * it holds is asked of the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-screenshot.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-http.h"
#include "nv-test-util.h"

typedef struct
{
  char         *dir;
  char         *server_dir;
  NvTestServer *server;
  KioskStore   *store;
  KioskWindow  *window;
  SoupSession  *session;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *content = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);

  fixture->dir = nv_test_make_tmpdir ();
  fixture->server_dir = g_build_filename (fixture->dir, "server", NULL);
  g_assert_cmpint (g_mkdir (fixture->server_dir, 0700), ==, 0);
  fixture->server
      = nv_test_server_start (g_getenv ("NEUVOKAS_SERVER"), fixture->server_dir, content);
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  fixture->window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  kiosk_window_set_qr_base_url (fixture->window, nv_test_server_get_url (fixture->server));
  gtk_window_present (GTK_WINDOW (fixture->window));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), 5000);
  fixture->session = soup_session_new ();
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->store);
  nv_test_server_stop (fixture->server);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->server_dir);
  g_free (fixture->dir);
}

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_screenshot_save_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* What a phone reads from @qr_code as the kiosk draws it in its next frame. */
static char *
read_code (Fixture *fixture, KioskQrCode *qr_code, const char *name)
{
  g_autofree char *png = g_strdup_printf ("%s/%s.png", fixture->dir, name);
  const char      *argv[] = { "zbarimg", "--quiet", "--raw", png, NULL };
  g_autoptr (GSubprocess) zbarimg = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  gboolean         saved = FALSE;

  nv_test_wait_until (
      NULL, gtk_widget_get_mapped (GTK_WIDGET (qr_code)) && kiosk_qr_code_get_url (qr_code) != NULL,
      5000);
  kiosk_screenshot_save_async (GTK_WIDGET (qr_code), png, NULL, saved_cb, &saved);
  nv_test_wait_until (NULL, saved, 5000);
  zbarimg = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv, &error);
  if (zbarimg == NULL)
    g_error ("zbarimg (zbar-tools, build-aux/install-deps) cannot run: %s", error->message);
  g_assert_true (g_subprocess_communicate_utf8 (zbarimg, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (zbarimg) || g_subprocess_get_exit_status (zbarimg) != 0)
    g_error ("zbarimg found no code in %s", png);
  return g_strdup (g_strstrip (out));
}

/* The page at @url: 200, HTML in @lang, showing @text. */
static void
assert_served (Fixture *fixture, const char *url, const char *lang, const char *text)
{
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  g_autofree char *html = NULL;
  g_autofree char *html_lang = g_strdup_printf ("<html lang=\"%s\">", lang);
  gsize            size;

  g_assert_nonnull (msg);
  body = nv_test_http_send (fixture->session, msg, 10000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  html = g_strndup (g_bytes_get_data (body, &size), g_bytes_get_size (body));
  g_assert_nonnull (strstr (html, html_lang));
  g_assert_nonnull (strstr (html, text));
}

static void
test_codes_lead_to_served_pages (Fixture *fixture, gconstpointer data)
{
  KioskQrCode *guide_qr = kiosk_guide_page_get_qr_code (fixture->window->guide_page);
  KioskQrCode *place_qr = kiosk_organisation_page_get_qr_code (fixture->window->organisation_page);
  const char  *server = nv_test_server_get_url (fixture->server);
  g_autofree char *guide_url = NULL;
  g_autofree char *place_url = NULL;
  g_autofree char *place_url_sv = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-guide", "s", "omaolo"));
  guide_url = read_code (fixture, guide_qr, "guide");
  expected = g_strconcat (server, "g/omaolo?lang=fi", NULL);
  g_assert_cmpstr (guide_url, ==, expected);
  assert_served (fixture, guide_url, "fi", "Avaa omaolo.fi.");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-organisation",
                                             "s", "test-library"));
  place_url = read_code (fixture, place_qr, "place");
  g_free (expected);
  expected = g_strconcat (server, "p/test-library?lang=fi", NULL);
  g_assert_cmpstr (place_url, ==, expected);
  assert_served (fixture, place_url, "fi", "<h1>Testikirjasto</h1>");

  /* In Swedish the code leads to the Swedish page. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.language", "s", "sv"));
  nv_test_wait_until (NULL, g_str_has_suffix (kiosk_qr_code_get_url (place_qr), "lang=sv"), 5000);
  place_url_sv = read_code (fixture, place_qr, "place-sv");
  g_free (expected);
  expected = g_strconcat (server, "p/test-library?lang=sv", NULL);
  g_assert_cmpstr (place_url_sv, ==, expected);
  assert_served (fixture, place_url_sv, "sv", "<h1>Testbiblioteket</h1>");
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/kiosk-qr-code/codes-lead-to-served-pages", Fixture, NULL, fixture_setup,
              test_codes_lead_to_served_pages, fixture_teardown);
  return g_test_run ();
}

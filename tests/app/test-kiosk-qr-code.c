/* test-kiosk-qr-code.c — the "take it home" code leads to a page the server serves
 *
 * The real thing end to end: a neuvokas-server process with the fixture content, and a
 * kiosk window whose QR base address is that server. The code is read back from the
 * pixels the kiosk draws, and from the printed slip exported to PDF and rendered with
 * pdftoppm (poppler-utils), with zbarimg (zbar-tools) as a phone would, and the
 * address it holds is asked of the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kiosk-appointment-flow-private.h"
#include "kiosk-print.h"
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

/* Runs @argv (a tool build-aux/install-deps installs); fails the test unless it
 * succeeds, and returns its output. */
static char *
run_tool (const char *const *argv)
{
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;

  process = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv, &error);
  if (process == NULL)
    g_error ("%s (build-aux/install-deps installs it) cannot run: %s", argv[0], error->message);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed on %s", argv[0], argv[g_strv_length ((char **) argv) - 1]);
  return g_steal_pointer (&out);
}

/* The address in the QR code in @png, as a phone reads it. */
static char *
decode (const char *png)
{
  const char *argv[] = { "zbarimg", "--quiet", "--raw", png, NULL };
  char       *out = run_tool (argv);

  return g_strstrip (out);
}

/* What a phone reads from @qr_code as the kiosk draws it in its next frame. */
static char *
read_code (Fixture *fixture, KioskQrCode *qr_code, const char *name)
{
  g_autofree char *png = g_strdup_printf ("%s/%s.png", fixture->dir, name);
  gboolean         saved = FALSE;

  nv_test_wait_until (
      NULL, gtk_widget_get_mapped (GTK_WIDGET (qr_code)) && kiosk_qr_code_get_url (qr_code) != NULL,
      5000);
  kiosk_screenshot_save_async (GTK_WIDGET (qr_code), png, NULL, saved_cb, &saved);
  nv_test_wait_until (NULL, saved, 5000);
  return decode (png);
}

/* @operation exported to NAME.pdf and its first page rendered to NAME.png; returns the
 * PDF's text. */
static char *
print_to_png (Fixture *fixture, GtkPrintOperation *operation, const char *name)
{
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", fixture->dir, name);
  g_autofree char *png_root = g_strdup_printf ("%s/%s", fixture->dir, name);
  const char *render[] = { "pdftoppm", "-r", "150", "-png", "-singlefile", pdf, png_root, NULL };
  const char *text[] = { "pdftotext", "-layout", pdf, "-", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *rendered = NULL;

  gtk_print_operation_set_export_filename (operation, pdf);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                            GTK_WINDOW (fixture->window), &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  rendered = run_tool (render);
  return run_tool (text);
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
  KioskQrCode *guide_qr
      = kiosk_guide_page_get_qr_code (kiosk_window_get_guide_page (fixture->window));
  KioskQrCode *place_qr
      = kiosk_organisation_page_get_qr_code (kiosk_window_get_organisation_page (fixture->window));
  const char      *server = nv_test_server_get_url (fixture->server);
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

/* The large-print slips: the steps, or the address, phone and hours, in the PDF's text,
 * and a code on the rendered page that leads to the page the server serves. */
static void
test_printed_slips_lead_to_served_pages (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvGuide) guide = kiosk_store_get_guide (fixture->store, "omaolo");
  g_autoptr (NvOrganisation) place = kiosk_store_get_organisation (fixture->store, "test-library");
  const char      *server = nv_test_server_get_url (fixture->server);
  g_autofree char *guide_url = kiosk_qr_url_for (server, "guide", "omaolo", NV_LANG_FI);
  g_autofree char *place_url
      = kiosk_qr_url_for (server, "organisation", "test-library", NV_LANG_FI);
  g_autoptr (GDateTime) monday = g_date_time_new (nv_helsinki_tz (), 2026, 11, 23, 10, 0, 0);
  g_autoptr (GtkPrintOperation) guide_slip = kiosk_print_guide_new (guide, NV_LANG_FI, guide_url);
  g_autoptr (GtkPrintOperation) place_slip
      = kiosk_print_organisation_new (place, NV_LANG_FI, place_url, monday);
  g_autofree char *guide_text = print_to_png (fixture, guide_slip, "guide-slip");
  g_autofree char *place_text = print_to_png (fixture, place_slip, "place-slip");
  g_autofree char *guide_png = g_strdup_printf ("%s/guide-slip.png", fixture->dir);
  g_autofree char *place_png = g_strdup_printf ("%s/place-slip.png", fixture->dir);
  g_autofree char *guide_code = decode (guide_png);
  g_autofree char *place_code = decode (place_png);

  g_assert_nonnull (strstr (guide_text, "Omaolo"));
  g_assert_nonnull (strstr (guide_text, "1. Avaa omaolo.fi."));
  g_assert_nonnull (strstr (guide_text, "2. Valitse oirearvio."));
  g_assert_cmpstr (guide_code, ==, guide_url);
  assert_served (fixture, guide_code, "fi", "Avaa omaolo.fi.");

  g_assert_nonnull (strstr (place_text, "Testikirjasto"));
  g_assert_nonnull (strstr (place_text, "Kaarlenväylä 3"));
  g_assert_nonnull (strstr (place_text, "+358 8 000 0000"));
  g_assert_cmpstr (place_code, ==, place_url);
  assert_served (fixture, place_code, "fi", "<h1>Testikirjasto</h1>");

  /* No printer in the test environment: no Print button (Print to File is none). */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (kiosk_window_get_organisation_page (fixture->window)),
      KIOSK_TYPE_ORGANISATION_PAGE, "print_button"))));
}

/* @text with every run of spaces and line breaks as one space: a sentence of the PDF
 * may be wrapped anywhere. */
static char *
squeeze_spaces (const char *text)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \n\t\f", -1);
  g_autoptr (GString) squeezed = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (squeezed, "%s%s", squeezed->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&squeezed), FALSE);
}

static gboolean
print_button_visible (GtkWidget *page, GType type)
{
  return gtk_widget_get_visible (
      GTK_WIDGET (gtk_widget_get_template_child (page, type, "print_button")));
}

/* The guide page's Print: the guide shown, in the screen's language, its steps, and
 * the code shown on the screen, which leads to the page the server serves. */
static void
test_guide_page_prints_its_guide (Fixture *fixture, gconstpointer data)
{
  KioskGuidePage *page = kiosk_window_get_guide_page (fixture->window);
  const char     *server = nv_test_server_get_url (fixture->server);
  g_autoptr (GtkPrintOperation) slip = NULL;
  g_autofree char *text = NULL;
  g_autofree char *png = g_strdup_printf ("%s/guide-page-slip.png", fixture->dir);
  g_autofree char *code = NULL;
  g_autofree char *expected = g_strconcat (server, "g/omaolo?lang=fi", NULL);

  g_assert_null (kiosk_guide_page_new_slip (page));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-guide", "s", "omaolo"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "guide.next", NULL));
  slip = kiosk_guide_page_new_slip (page);
  g_assert_nonnull (slip);
  text = print_to_png (fixture, slip, "guide-page-slip");
  /* Every step, not only the one on the screen. */
  g_assert_nonnull (strstr (text, "Omaolo"));
  g_assert_nonnull (strstr (text, "1. Avaa omaolo.fi."));
  g_assert_nonnull (strstr (text, "2. Valitse oirearvio."));
  code = decode (png);
  g_assert_cmpstr (code, ==, kiosk_qr_code_get_url (kiosk_guide_page_get_qr_code (page)));
  g_assert_cmpstr (code, ==, expected);
  assert_served (fixture, code, "fi", "Avaa omaolo.fi.");
  /* No printer in the test environment: no Print button (Print to File is none). */
  g_assert_false (print_button_visible (GTK_WIDGET (page), KIOSK_TYPE_GUIDE_PAGE));
}

/* Sends a request for a call on Tuesday through the flow's actions, as Aino. */
static KioskAppointmentFlow *
send_request (Fixture *fixture)
{
  KioskAppointmentFlow *flow = kiosk_window_get_appointment_flow (fixture->window);
  GtkWidget            *widget = GTK_WIDGET (flow);

  g_assert_null (kiosk_appointment_flow_new_receipt_slip (flow));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-appointment", NULL));
  g_assert_true (gtk_widget_activate_action (widget, "appointment.reason", "s", "device"));
  g_assert_true (gtk_widget_activate_action (widget, "appointment.contact", "s", "phone"));
  g_assert_true (gtk_widget_activate_action (widget, "appointment.day", "s", "tue"));
  g_assert_true (gtk_widget_activate_action (widget, "appointment.times-done", NULL));
  gtk_editable_set_text (kiosk_appointment_flow_get_name_entry (flow), "Aino Esimerkki");
  gtk_editable_set_text (kiosk_appointment_flow_get_phone_entry (flow), "040 123 4567");
  g_assert_true (gtk_widget_activate_action (widget, "appointment.details-done", NULL));
  g_assert_true (gtk_widget_activate_action (widget, "appointment.confirm", NULL));
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_RECEIPT);
  return flow;
}

/* The receipt's Print: the reference, when the advisor will call, and what to do if
 * nobody does, with the host library's phone; never the name or the number typed. */
static void
test_receipt_prints (Fixture *fixture, gconstpointer data)
{
  KioskAppointmentFlow *flow;
  g_autoptr (GtkPrintOperation) slip = NULL;
  g_autoptr (GtkPrintOperation) slip_without_host = NULL;
  g_autofree char *pdf_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *without_host = NULL;
  g_autofree char *call_library = NULL;

  kiosk_window_set_host_organisation (fixture->window, "test-library");
  flow = send_request (fixture);
  slip = kiosk_appointment_flow_new_receipt_slip (flow);
  g_assert_nonnull (slip);
  pdf_text = print_to_png (fixture, slip, "receipt-slip");
  text = squeeze_spaces (pdf_text);
  g_assert_nonnull (strstr (text, kiosk_appointment_flow_get_reference (flow)));
  g_assert_nonnull (strstr (text, _ ("An advisor will call you on one of the days you chose.")));
  g_assert_nonnull (strstr (text, _ ("If nobody contacts you")));
  call_library = g_strdup_printf (_ ("Call the library at %s and tell them your reference."),
                                  "+358 8 000 0000");
  g_assert_nonnull (strstr (text, call_library));
  /* A slip forgotten on the printer names nobody. */
  g_assert_null (strstr (text, "Aino"));
  g_assert_null (strstr (text, "4567"));

  /* Where the library is not known, the staff are. */
  kiosk_window_set_host_organisation (fixture->window, NULL);
  slip_without_host = kiosk_appointment_flow_new_receipt_slip (flow);
  g_free (pdf_text);
  pdf_text = print_to_png (fixture, slip_without_host, "receipt-slip-no-host");
  without_host = squeeze_spaces (pdf_text);
  g_assert_nonnull (
      strstr (without_host, _ ("Ask the library staff for help and tell them your reference.")));
  g_assert_null (strstr (without_host, "+358"));
  g_assert_false (print_button_visible (GTK_WIDGET (flow), KIOSK_TYPE_APPOINTMENT_FLOW));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/kiosk-qr-code/codes-lead-to-served-pages", Fixture, NULL, fixture_setup,
              test_codes_lead_to_served_pages, fixture_teardown);
  g_test_add ("/kiosk-qr-code/printed-slips-lead-to-served-pages", Fixture, NULL, fixture_setup,
              test_printed_slips_lead_to_served_pages, fixture_teardown);
  g_test_add ("/kiosk-qr-code/guide-page-prints-its-guide", Fixture, NULL, fixture_setup,
              test_guide_page_prints_its_guide, fixture_teardown);
  g_test_add ("/kiosk-qr-code/receipt-prints", Fixture, NULL, fixture_setup, test_receipt_prints,
              fixture_teardown);
  return g_test_run ();
}

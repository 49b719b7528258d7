/* test-kiosk-help.c — Help, always in the bar: a resident taps Help and "Call staff
 * now" with a real finger (XTest), the server in this process gets the call, an advisor
 * answers it over HTTP as the console does, and the kiosk says that someone is coming.
 * Also: no answer and no server offer the call-back request; outside the host
 * library's hours the call-back is offered at once; "No" to "Did this help?" opens Help.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-appointment-flow-private.h"
#include "kiosk-choice-button.h"
#include "kiosk-help-page-private.h"
#include "kiosk-test-input.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-private.h"

#define ADVISOR_PASSWORD "advisor-password-1"

typedef struct
{
  NvTestHttpServer server;
  char            *kiosk_token;
  char            *dir;
  KioskStore      *store;
  KioskWindow     *window;
  GtkWidget       *root;
  KioskTestInput  *input;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_id = NULL;

  server_store_use_cheap_password_hashing ();
  nv_test_http_server_start (&fixture->server, NULL);
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Pääkirjaston kioski", "564",
                                         &kiosk_id, &fixture->kiosk_token, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "aino", SERVER_ROLE_ADVISOR,
                                        ADVISOR_PASSWORD, &error));
  g_assert_no_error (error);

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  fixture->window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  fixture->root = GTK_WIDGET (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->input = kiosk_test_input_new (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  kiosk_test_input_free (fixture->input);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->kiosk_token);
  nv_test_http_server_stop (&fixture->server);
}

/* The kiosk's staff call, to @url (NULL: the fixture's server), asking every 100 ms and
 * giving up after @give_up_ms. */
static KioskStaffCall *
use_staff_call (Fixture *fixture, const char *url, guint give_up_ms)
{
  KioskStaffCall *call
      = kiosk_staff_call_new (url != NULL ? url : fixture->server.url, fixture->kiosk_token);

  kiosk_staff_call_set_timing (call, 100, give_up_ms);
  kiosk_window_set_staff_call (fixture->window, call);
  g_object_unref (call);
  return call;
}

static gboolean
on_screen (Fixture *fixture, const char *screen)
{
  return g_strcmp0 (kiosk_window_get_screen (fixture->window), screen) == 0;
}

static gboolean
shows (Fixture *fixture, const char *text)
{
  return kiosk_test_find_label (fixture->root, text) != NULL;
}

static guint
count_open_calls (Fixture *fixture)
{
  g_autoptr (GPtrArray) calls
      = server_store_list_calls (fixture->server.store, g_get_real_time () / G_USEC_PER_SEC, NULL);

  g_assert_nonnull (calls);
  return calls->len;
}

static KioskStaffCallState
call_state (KioskStaffCall *call)
{
  return kiosk_staff_call_get_state (call);
}

/* A guide, step 2, Help, Call staff now: the advisor sees the kiosk, the guide and the
 * step, answers "I'm coming", and the resident reads "Someone is coming". */
static void
test_call_staff_someone_coming (Fixture *fixture, gconstpointer data)
{
  KioskStaffCall *call = use_staff_call (fixture, NULL, 60000);
  KioskHelpPage  *help = kiosk_window_get_help_page (fixture->window);
  g_autoptr (NvTestStaff) advisor = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) answered = NULL;
  g_autofree char *mark = NULL;
  JsonObject      *listed;

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Turvallisuus");
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Hätänumero 112");
  g_assert_true (on_screen (fixture, "guide"));
  kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.next", NULL);

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.help", NULL);
  g_assert_true (on_screen (fixture, "help"));
  g_assert_true (shows (fixture, _ ("Library staff can come to the kiosk and help you.")));
  /* Staff may be there: no call-back offered before a call was tried. */
  g_assert_null (kiosk_test_find_action (fixture->root, "win.ask-call-back", NULL));

  kiosk_test_input_tap_label (fixture->input, fixture->root, _ ("Call staff now"));
  g_assert_cmpint (call_state (call), ==, KIOSK_STAFF_CALL_WAITING);
  g_assert_true (shows (fixture, _ ("Calling staff… Please wait here at the kiosk.")));
  nv_test_wait_until (NULL, count_open_calls (fixture) == 1, 10000);

  /* The console's view of it, as an advisor signed in. */
  advisor = nv_test_staff_login (fixture->server.url, "aino", ADVISOR_PASSWORD);
  list = nv_test_staff_call (advisor, "GET", "/api/v1/staff/calls", NULL, 200);
  listed = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (list), "calls"), 0);
  g_assert_cmpstr (json_object_get_string_member (listed, "kiosk_name"), ==, "Pääkirjaston kioski");
  g_assert_cmpstr (json_object_get_string_member (listed, "screen"), ==, "guide");
  g_assert_cmpstr (json_object_get_string_member (listed, "guide"), ==, "call-112");
  g_assert_cmpint (json_object_get_int_member (listed, "step"), ==, 2);

  mark = g_strdup_printf ("{\"id\": \"%s\", \"state\": \"coming\"}",
                          json_object_get_string_member (listed, "id"));
  answered = nv_test_staff_call (advisor, "POST", "/api/v1/staff/calls/mark", mark, 200);
  nv_test_wait_until (NULL, call_state (call) == KIOSK_STAFF_CALL_COMING, 10000);
  nv_test_wait_until (
      NULL, shows (fixture, _ ("Someone is coming. Please wait here at the kiosk.")), 5000);
  g_assert_cmpstr (kiosk_help_page_get_status (help), ==,
                   _ ("Someone is coming. Please wait here at the kiosk."));
  /* Another tap does not call again. */
  g_assert_false (
      gtk_widget_is_sensitive (kiosk_test_find_action (fixture->root, "help.call-staff", NULL)));
  g_assert_cmpuint (count_open_calls (fixture), ==, 1);

  /* The visit's end forgets the call: the next resident starts without it. */
  kiosk_visit_end (kiosk_window_get_visit (fixture->window), "idle");
  g_assert_cmpint (call_state (call), ==, KIOSK_STAFF_CALL_IDLE);
}

/* Nobody answers in time: the call-back request is offered, with the phone chosen. */
static void
test_no_answer_offers_call_back (Fixture *fixture, gconstpointer data)
{
  KioskStaffCall       *call = use_staff_call (fixture, NULL, 1000);
  KioskAppointmentFlow *flow = kiosk_window_get_appointment_flow (fixture->window);
  GtkWidget            *phone;

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.help", NULL);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "help.call-staff", NULL);
  nv_test_wait_until (NULL, call_state (call) == KIOSK_STAFF_CALL_NO_ANSWER, 10000);
  g_assert_cmpuint (count_open_calls (fixture), ==, 1);
  nv_test_wait_until (
      NULL, shows (fixture, _ ("Nobody has answered yet. You can ask for a call back instead.")),
      5000);

  kiosk_test_input_tap_label (fixture->input, fixture->root, _ ("Ask for a call back"));
  g_assert_true (on_screen (fixture, "appointment"));
  kiosk_test_input_tap_action (fixture->input, fixture->root, "appointment.reason", "device");
  g_assert_cmpint (kiosk_appointment_flow_get_step (flow), ==, KIOSK_APPOINTMENT_CONTACT);
  phone = kiosk_test_find_action (fixture->root, "appointment.contact", "phone");
  g_assert_nonnull (phone);
  g_assert_true (kiosk_choice_button_get_chosen (KIOSK_CHOICE_BUTTON (phone)));
  g_assert_false (kiosk_choice_button_get_chosen (KIOSK_CHOICE_BUTTON (
      kiosk_test_find_action (fixture->root, "appointment.contact", "meeting"))));
}

/* The server cannot be reached: said plainly at once, and the call-back offered. */
static void
test_offline_offers_call_back (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  KioskStaffCall  *call;

  /* A port that was just free and is closed: nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  call = use_staff_call (fixture, url, 60000);

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.help", NULL);
  kiosk_test_input_tap_label (fixture->input, fixture->root, _ ("Call staff now"));
  nv_test_wait_until (NULL, call_state (call) == KIOSK_STAFF_CALL_OFFLINE, 10000);
  nv_test_wait_until (NULL,
                      shows (fixture, _ ("The kiosk cannot reach the staff right now. You can ask "
                                         "for a call back: your request is kept and sent as soon "
                                         "as the connection works.")),
                      5000);
  kiosk_test_input_tap_label (fixture->input, fixture->root, _ ("Ask for a call back"));
  g_assert_true (on_screen (fixture, "appointment"));
  g_assert_cmpuint (count_open_calls (fixture), ==, 0);
}

/* The host library's hours: open → Call staff now; closed → only the call-back;
 * unknown hours or no host → staff may be there. */
static void
test_off_duty_offers_call_back (Fixture *fixture, gconstpointer data)
{
  KioskHelpPage *help = kiosk_window_get_help_page (fixture->window);
  g_autoptr (GDateTime) monday_noon = g_date_time_new (nv_helsinki_tz (), 2026, 12, 7, 12, 0, 0);
  g_autoptr (GDateTime) wednesday_noon = g_date_time_new (nv_helsinki_tz (), 2026, 12, 9, 12, 0, 0);

  use_staff_call (fixture, NULL, 60000);
  g_assert_true (kiosk_help_page_staff_on_duty (help));
  kiosk_window_set_host_organisation (fixture->window, "test-library");
  kiosk_help_page_set_clock (help, monday_noon);
  g_assert_true (kiosk_help_page_staff_on_duty (help));
  kiosk_help_page_set_clock (help, wednesday_noon);
  g_assert_false (kiosk_help_page_staff_on_duty (help));

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.help", NULL);
  nv_test_wait_until (NULL,
                      shows (fixture, _ ("There are no staff on duty at the library now. An "
                                         "advisor can phone you later instead.")),
                      5000);
  g_assert_null (kiosk_test_find_action (fixture->root, "help.call-staff", NULL));
  kiosk_test_input_tap_label (fixture->input, fixture->root, _ ("Ask for a call back"));
  g_assert_true (on_screen (fixture, "appointment"));
  g_assert_cmpuint (count_open_calls (fixture), ==, 0);

  /* An association without known hours: staff may be there. */
  kiosk_window_set_host_organisation (fixture->window, "test-association");
  g_assert_true (kiosk_help_page_staff_on_duty (help));
}

/* The last step's "No" (it did not help) opens Help at once, from the guide. */
static void
test_feedback_no_opens_help (Fixture *fixture, gconstpointer data)
{
  KioskGuidePage *guide = kiosk_window_get_guide_page (fixture->window);

  use_staff_call (fixture, NULL, 60000);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Turvallisuus");
  kiosk_test_input_tap_label (fixture->input, fixture->root, "Hätänumero 112");
  while (kiosk_guide_page_get_step (guide) + 1 < kiosk_guide_page_get_guide (guide)->steps->len)
    kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.next", NULL);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.feedback", "bad");
  g_assert_true (on_screen (fixture, "help"));
  nv_test_wait_until (NULL, shows (fixture, _ ("Call staff now")), 5000);
  /* Back returns to the guide's last step. */
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.back", NULL);
  g_assert_true (on_screen (fixture, "guide"));
}

/* The Help button is in the bar on every screen, in the same place. */
static void
test_help_on_every_screen (Fixture *fixture, gconstpointer data)
{
  static const char *const actions[]
      = { "win.show-guides", "win.show-services", "win.show-appointment", "win.help" };
  GtkWidget      *bar_help = kiosk_test_find_action (fixture->root, "win.help", NULL);
  graphene_rect_t first;

  g_assert_nonnull (bar_help);
  /* A tap returns once the window is laid out. */
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.home", NULL);
  g_assert_true (gtk_widget_compute_bounds (bar_help, fixture->root, &first));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      graphene_rect_t bounds;

      kiosk_test_input_tap_action (fixture->input, fixture->root, "win.home", NULL);
      gtk_widget_activate_action (fixture->root, actions[i], NULL);
      g_assert_true (gtk_widget_get_mapped (bar_help));
      g_assert_true (gtk_widget_compute_bounds (bar_help, fixture->root, &bounds));
      if (!graphene_rect_equal (&bounds, &first))
        g_error ("after %s, Help moved from %g,%g %g×%g to %g,%g %g×%g", actions[i], first.origin.x,
                 first.origin.y, first.size.width, first.size.height, bounds.origin.x,
                 bounds.origin.y, bounds.size.width, bounds.size.height);
      kiosk_test_input_tap (fixture->input, bar_help);
      g_assert_true (on_screen (fixture, "help"));
    }
}

int
main (int argc, char **argv)
{
  /* XTest speaks to an X server. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-help/call-staff-someone-coming", test_call_staff_someone_coming);
  ADD ("/kiosk-help/no-answer-offers-call-back", test_no_answer_offers_call_back);
  ADD ("/kiosk-help/offline-offers-call-back", test_offline_offers_call_back);
  ADD ("/kiosk-help/off-duty-offers-call-back", test_off_duty_offers_call_back);
  ADD ("/kiosk-help/feedback-no-opens-help", test_feedback_no_opens_help);
  ADD ("/kiosk-help/help-on-every-screen", test_help_on_every_screen);
#undef ADD

  return g_test_run ();
}

/* test-server-info-reports.c — "This information is wrong", from a kiosk to the advisors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-kiosks.h"
#include "server-store-private.h"
#include "server-store-users.h"

#define ADVISOR_PASSWORD "advisor-password-1"
#define EVALUATOR_PASSWORD "evaluator-password-2"
#define QUEUE "/api/v1/staff/info-reports"

typedef struct
{
  NvTestHttpServer server;
  char            *kiosk_token;
  NvTestStaff     *advisor;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_id = NULL;

  nv_test_http_server_start (&fixture->server, NULL);
  g_assert_true (server_store_add_user (fixture->server.store, "aino", SERVER_ROLE_ADVISOR,
                                        ADVISOR_PASSWORD, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "eero", SERVER_ROLE_EVALUATOR,
                                        EVALUATOR_PASSWORD, &error));
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Kirjasto, aula", "564", &kiosk_id,
                                         &fixture->kiosk_token, &error));
  g_assert_no_error (error);
  fixture->advisor = nv_test_staff_login (fixture->server.url, "aino", ADVISOR_PASSWORD);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  nv_test_staff_free (fixture->advisor);
  g_free (fixture->kiosk_token);
  nv_test_http_server_stop (&fixture->server);
}

/* A kiosk's push of one info_reported event with @id; returns the item's status. */
static char *
push_report (Fixture *fixture, const char *id, const char *organisation, const char *reason)
{
  g_autoptr (NvEvent) event
      = nv_event_new (NV_EVENT_INFO_REPORTED, "0190d6a0-0000-7000-8000-000000000001");
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (JsonNode) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->server.url, "api/v1/kiosk/events", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", fixture->kiosk_token, NULL);
  g_autofree char *text = NULL;
  JsonObject      *item;

  g_free (event->id);
  event->id = g_strdup (id);
  event->subject = g_strdup (organisation);
  event->detail = g_strdup (reason);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, nv_event_to_json (event));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new (text, strlen (text));
  msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = nv_test_http_send (session, msg, 10000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_free (text);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  results = json_from_string (text, &error);
  g_assert_no_error (error);
  item = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (results), "results"), 0);
  return g_strdup (json_object_get_string_member (item, "status"));
}

static JsonArray *
queue (Fixture *fixture, JsonNode **out_root)
{
  *out_root = nv_test_staff_call (fixture->advisor, "GET", QUEUE, NULL, 200);
  return json_object_get_array_member (json_node_get_object (*out_root), "reports");
}

#define REPORT_ID "0190d6a0-0000-7000-8000-0000000000aa"

/* A kiosk's report reaches the queue once, anonymous: the place, what is wrong, when and
 * from which kiosk; an advisor marks it handled; staff file one of their own. */
static void
test_kiosk_report_reaches_queue (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) filed = NULL;
  g_autofree char *status = NULL;
  g_autofree char *again = NULL;
  JsonArray       *reports;
  JsonObject      *report;

  reports = queue (fixture, &root);
  g_assert_cmpuint (json_array_get_length (reports), ==, 0);
  g_clear_pointer (&root, json_node_unref);

  status = push_report (fixture, REPORT_ID, "test-library", "phone");
  g_assert_cmpstr (status, ==, "accepted");
  /* The outbox's retry after a lost answer changes nothing. */
  again = push_report (fixture, REPORT_ID, "test-library", "phone");
  g_assert_cmpstr (again, ==, "duplicate");

  reports = queue (fixture, &root);
  g_assert_cmpuint (json_array_get_length (reports), ==, 1);
  report = json_array_get_object_element (reports, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "id"), ==, REPORT_ID);
  g_assert_cmpstr (json_object_get_string_member (report, "organisation"), ==, "test-library");
  g_assert_cmpstr (json_object_get_string_member (report, "organisation_name"), ==,
                   "Testikirjasto");
  g_assert_cmpstr (json_object_get_string_member (report, "reason"), ==, "phone");
  g_assert_cmpstr (json_object_get_string_member (report, "kiosk"), ==, "Kirjasto, aula");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (report, "created"), "Z"));
  g_assert_true (json_object_get_null_member (report, "filed_by"));
  g_assert_true (json_object_get_null_member (report, "handled"));
  g_assert_true (json_object_get_null_member (report, "handled_by"));
  /* Nothing about the resident: no session, no language, no display. */
  g_assert_false (json_object_has_member (report, "session"));
  g_clear_pointer (&root, json_node_unref);

  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST", QUEUE "/handled",
                                        "{\"id\": \"" REPORT_ID "\"}", NULL, NULL),
                    ==, 204);
  filed = nv_test_staff_call (fixture->advisor, "POST", QUEUE,
                              "{\"organisation\": \"test-association\", \"reason\": \"closed\"}",
                              201);
  reports = queue (fixture, &root);
  g_assert_cmpuint (json_array_get_length (reports), ==, 2);
  /* The open one first. */
  report = json_array_get_object_element (reports, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "id"), ==,
                   json_object_get_string_member (json_node_get_object (filed), "id"));
  g_assert_cmpstr (json_object_get_string_member (report, "reason"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (report, "filed_by"), ==, "aino");
  g_assert_true (json_object_get_null_member (report, "kiosk"));
  g_assert_true (json_object_get_null_member (report, "handled"));
  report = json_array_get_object_element (reports, 1);
  g_assert_cmpstr (json_object_get_string_member (report, "id"), ==, REPORT_ID);
  g_assert_cmpstr (json_object_get_string_member (report, "handled_by"), ==, "aino");
  g_assert_false (json_object_get_null_member (report, "handled"));
}

/* Bad input: a clear error naming the field, and nothing stored. */
static void
test_bad_input (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *field;
  } cases[] = {
    { "{\"organisation\": \"test-library\"}", 422, "reason" },
    { "{\"organisation\": \"test-library\", \"reason\": \"broken\"}", 422, "reason" },
    { "{\"organisation\": \"nowhere\", \"reason\": \"hours\"}", 422, "organisation" },
    { "{\"organisation\": 5, \"reason\": \"hours\"}", 422, "organisation" },
    { "{\"reason\": \"hours\"}", 422, "organisation" },
    { "{\"organisation\": \"test-library\", \"reason\": \"hours\"", 400, NULL },
    { "{\"organisation\": \"test-\xff\", \"reason\": \"hours\"}", 400, NULL },
    { "[]", 400, NULL },
  };
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *free_text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) answer = NULL;
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;
      guint            status;

      g_test_message ("case %u", i);
      status = nv_test_staff_send (fixture->advisor, "POST", QUEUE, cases[i].body, &answer, NULL);
      g_assert_cmpuint (status, ==, cases[i].status);
      text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
      node = json_from_string (text, &error);
      g_assert_no_error (error);
      g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "error"));
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "field"), ==,
                         cases[i].field);
    }
  huge = g_strnfill (8192, 'a');
  {
    g_autofree char *body = g_strdup_printf ("{\"organisation\": \"%s\"}", huge);

    g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST", QUEUE, body, NULL, NULL), ==,
                      413);
  }
  g_assert_cmpuint (
      nv_test_staff_send (fixture->advisor, "POST", QUEUE "/handled", "{}", NULL, NULL), ==, 422);
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST", QUEUE "/handled",
                                        "{\"id\": \"no-such-report\"}", NULL, NULL),
                    ==, 404);
  /* A kiosk cannot slip words into a report: the event is refused, naming its detail. */
  free_text = push_report (fixture, REPORT_ID, "test-library", "call me on 040 123");
  g_assert_cmpstr (free_text, ==, "rejected");

  g_assert_cmpuint (json_array_get_length (queue (fixture, &root)), ==, 0);
}

/* The operations report counts them by reason, and how many are handled; a single
 * report is shown, not suppressed: it counts a place's error, not residents. */
static void
test_operations_report (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now (nv_helsinki_tz ());
  g_autoptr (GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *from = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *path = g_strdup_printf (
      "/api/v1/staff/reports/operations?table=info_reports&from=%s&to=%s", from, to);
  g_autofree char *status = push_report (fixture, REPORT_ID, "test-library", "phone");
  NvTestStaff *evaluator = nv_test_staff_login (fixture->server.url, "eero", EVALUATOR_PASSWORD);
  g_autoptr (JsonNode) filed = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autofree char *rows = NULL;
  JsonObject      *table;

  g_assert_cmpstr (status, ==, "accepted");
  filed = nv_test_staff_call (fixture->advisor, "POST", QUEUE,
                              "{\"organisation\": \"test-library\", \"reason\": \"phone\"}", 201);
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST", QUEUE "/handled",
                                        "{\"id\": \"" REPORT_ID "\"}", NULL, NULL),
                    ==, 204);
  report = nv_test_staff_call (evaluator, "GET", path, NULL, 200);
  table = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (report), "tables"), 0);
  g_assert_cmpstr (json_object_get_string_member (table, "id"), ==, "info_reports");
  rows = json_to_string (json_object_get_member (table, "rows"), FALSE);
  g_assert_cmpstr (rows, ==, "[[\"phone\",2,1]]");
  nv_test_staff_free (evaluator);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server_store_use_cheap_password_hashing ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/info-reports/kiosk-report-reaches-queue", test_kiosk_report_reaches_queue);
  ADD ("/info-reports/bad-input", test_bad_input);
  ADD ("/info-reports/operations-report", test_operations_report);
#undef ADD
  return g_test_run ();
}

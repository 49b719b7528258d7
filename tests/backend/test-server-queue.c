/* test-server-queue.c — the appointment queue as an advisor's case list, over real HTTP
 *
 * Each request says where it came from (the kiosk's name and municipality), the guide's
 * title and the step's text, who handles it and its history; call attempts and notes
 * are recorded; a finished request is reopened or its outcome corrected instead of a
 * 409; every change is a history row and an audit row; bad input names its field and
 * changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-common.h"
#include "nv-json-private.h"
#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-appointments.h"
#include "server-store-private.h"
#include "server-store-users.h"

#define STAFF_PASSWORD "staff-password-1"

typedef struct
{
  NvTestHttpServer server;
  NvTestStaff     *advisor;
  char            *id; /* a request from the kiosk, stuck at step 2 of omaolo */
  char            *reference;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvAppointment) request = nv_appointment_new ();
  g_autoptr (GPtrArray) requests = g_ptr_array_new ();
  g_autoptr (GArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  nv_test_http_server_start (&fixture->server, NULL);
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Oulu main library, lobby", "564",
                                         &kiosk_id, &token, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "aino", SERVER_ROLE_ADVISOR,
                                        STAFF_PASSWORD, &error));
  fixture->advisor = nv_test_staff_login (fixture->server.url, "aino", STAFF_PASSWORD);

  /* Made on an offline kiosk 60 hours before it arrived. */
  g_clear_pointer (&request->created, g_date_time_unref);
  request->created = g_date_time_add_hours (now, -60);
  request->reason = g_strdup ("device");
  request->contact_method = g_strdup ("phone");
  request->preferred_days = g_strsplit ("mon,wed", ",", -1);
  request->preferred_time = g_strdup ("morning");
  request->name = g_strdup ("Aino Esimerkki");
  request->phone = g_strdup ("+358401112233");
  request->guide = g_strdup ("omaolo");
  request->guide_step = 2;
  request->language = NV_LANG_SV;
  g_ptr_array_add (requests, request);
  g_assert_true (server_store_insert_appointments (fixture->server.store, kiosk_id, requests,
                                                   &results, &error));
  g_assert_no_error (error);
  fixture->id = g_strdup (request->id);
  fixture->reference = g_strdup (request->reference);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->advisor, nv_test_staff_free);
  nv_test_http_server_stop (&fixture->server);
  g_free (fixture->id);
  g_free (fixture->reference);
}

static gint64
count_rows (Fixture *fixture, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        n;

  g_assert_cmpint (
      sqlite3_prepare_v2 (server_store_get_db (fixture->server.store), sql, -1, &stmt, NULL), ==,
      SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gint64
audit_rows (Fixture *fixture, const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s' "
                                          "AND actor = 'staff:aino'",
                                          action);

  return count_rows (fixture, sql);
}

/* POSTs @body to @path and returns the answer's object, after checking the status. */
static JsonNode *
post (Fixture *fixture, const char *path, const char *body, guint status)
{
  return nv_test_staff_call (fixture->advisor, "POST", path, body, status);
}

static JsonObject *
object_of (JsonNode *node)
{
  return json_node_get_object (node);
}

static void
test_case_details (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) list
      = nv_test_staff_call (fixture->advisor, "GET", "/api/v1/staff/appointments", NULL, 200);
  JsonArray  *appointments = json_object_get_array_member (object_of (list), "appointments");
  JsonObject *one;
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (GDateTime) received = NULL;

  g_assert_cmpuint (json_array_get_length (appointments), ==, 1);
  one = json_array_get_object_element (appointments, 0);
  /* Where it came from, in whose language. */
  g_assert_cmpstr (json_object_get_string_member (one, "kiosk_name"), ==,
                   "Oulu main library, lobby");
  g_assert_cmpstr (json_object_get_string_member (one, "kiosk_municipality"), ==, "564");
  g_assert_cmpstr (json_object_get_string_member (one, "language"), ==, "sv");
  /* Made on the kiosk and arrived: both, 60 hours apart. */
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (one, "created"), NULL);
  received = g_date_time_new_from_iso8601 (json_object_get_string_member (one, "received"), NULL);
  g_assert_cmpint (g_date_time_difference (received, created) / G_TIME_SPAN_HOUR, ==, 60);
  /* The guide by its title, the step by its text. */
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (one, "guide_title"), "fi"), ==,
      "Omaolo");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (one, "step_text"), "fi"), ==,
      "Valitse oirearvio.");
  /* Nobody handles it yet; nothing has happened to it. */
  g_assert_true (json_object_get_null_member (one, "handler"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (one, "history")), ==, 0);
  /* Reading it is audited (the existing rule). */
  g_assert_cmpint (audit_rows (fixture, "list"), ==, 1);
}

static void
test_working_day (Fixture *fixture, gconstpointer data)
{
  g_autofree char *no_answer
      = g_strdup_printf ("{\"id\": \"%s\", \"action\": \"no-answer\"}", fixture->reference);
  g_autofree char *message = g_strdup_printf (
      "{\"id\": \"%s\", \"action\": \"left-message\", \"note\": \"Vastaaja, soitan huomenna.\"}",
      fixture->id);
  g_autofree char *contacted
      = g_strdup_printf ("{\"id\": \"%s\", \"state\": \"contacted\"}", fixture->id);
  g_autofree char *solved = g_strdup_printf (
      "{\"id\": \"%s\", \"state\": \"done\", \"outcome\": \"solved\"}", fixture->id);
  g_autofree char *referred
      = g_strdup_printf ("{\"id\": \"%s\", \"state\": \"done\", \"outcome\": \"referred\", "
                         "\"note\": \"Ohjattu terveysasemalle.\"}",
                         fixture->id);
  g_autofree char *reopen = g_strdup_printf ("{\"id\": \"%s\", \"state\": \"open\"}", fixture->id);
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) second = NULL;
  g_autoptr (JsonNode) third = NULL;
  g_autoptr (JsonNode) done = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (JsonNode) corrected = NULL;
  g_autoptr (JsonNode) reopened = NULL;
  g_autoptr (JsonNode) refused = NULL;
  JsonArray  *history;
  JsonObject *change;

  /* A failed call, then a message left: history rows with the time and who. */
  first = post (fixture, "/api/v1/staff/appointments/record", no_answer, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (first), "state"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (object_of (first), "handler"), ==, "staff:aino");
  second = post (fixture, "/api/v1/staff/appointments/record", message, 200);
  history = json_object_get_array_member (object_of (second), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  change = json_array_get_object_element (history, 0);
  g_assert_cmpstr (json_object_get_string_member (change, "action"), ==, "no-answer");
  g_assert_cmpstr (json_object_get_string_member (change, "actor"), ==, "staff:aino");
  g_assert_nonnull (json_object_get_string_member (change, "time"));
  change = json_array_get_object_element (history, 1);
  g_assert_cmpstr (json_object_get_string_member (change, "action"), ==, "left-message");
  g_assert_cmpstr (json_object_get_string_member (change, "note"), ==,
                   "Vastaaja, soitan huomenna.");

  third = post (fixture, "/api/v1/staff/appointments/mark", contacted, 200);
  done = post (fixture, "/api/v1/staff/appointments/mark", solved, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (done), "outcome"), ==, "solved");
  /* The same outcome again is no change. */
  again = post (fixture, "/api/v1/staff/appointments/mark", solved, 409);
  /* A slip is corrected, not locked in (it used to be 409). */
  corrected = post (fixture, "/api/v1/staff/appointments/mark", referred, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (corrected), "state"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (object_of (corrected), "outcome"), ==,
                   "referred");
  g_assert_cmpstr (json_object_get_string_member (object_of (corrected), "done_at"), ==,
                   json_object_get_string_member (object_of (done), "done_at"));
  /* And a finished request is reopened. */
  reopened = post (fixture, "/api/v1/staff/appointments/mark", reopen, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (reopened), "state"), ==, "open");
  g_assert_true (json_object_get_null_member (object_of (reopened), "outcome"));
  g_assert_true (json_object_get_null_member (object_of (reopened), "done_at"));
  refused = post (fixture, "/api/v1/staff/appointments/mark", reopen, 409);

  history = json_object_get_array_member (object_of (reopened), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 6);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (history, 2), "action"), ==,
      "contacted");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (history, 3), "action"), ==,
      "done");
  change = json_array_get_object_element (history, 4);
  g_assert_cmpstr (json_object_get_string_member (change, "action"), ==, "corrected");
  g_assert_cmpstr (json_object_get_string_member (change, "outcome"), ==, "referred");
  g_assert_cmpstr (json_object_get_string_member (change, "note"), ==, "Ohjattu terveysasemalle.");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (history, 5), "action"), ==,
      "reopened");

  /* The store keeps the history; the audit log has a row for each change. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM appointment_history"), ==, 6);
  g_assert_cmpint (audit_rows (fixture, "no-answer"), ==, 1);
  g_assert_cmpint (audit_rows (fixture, "left-message"), ==, 1);
  g_assert_cmpint (audit_rows (fixture, "mark"), ==, 4);
}

/* Each refused body names its field and changes nothing: no history, no audit row. */
static void
test_bad_input (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *path;
    const char *body; /* @ID@: the request's id */
    guint       status;
    const char *field;
  } cases[] = {
    { "record", "{\"id\": \"@ID@\", \"action\": \"shouted\"}", 422, "action" },
    { "record", "{\"id\": \"@ID@\"}", 422, "action" },
    { "record", "{\"id\": \"@ID@\", \"action\": 7}", 422, "action" },
    { "record", "{\"id\": \"@ID@\", \"action\": \"note\"}", 422, "note" },
    { "record", "{\"id\": \"@ID@\", \"action\": \"note\", \"note\": \"\"}", 422, "note" },
    { "record", "{\"id\": \"@ID@\", \"action\": \"note\", \"note\": [\"x\"]}", 422, "note" },
    { "record", "{\"id\": \"@ID@\", \"action\": \"note\", \"note\": \"a\\u0000b\"}", 400, NULL },
    { "record", "{\"id\": \"@ID@\", \"action\": \"no-answer\", \"note\": \"\\u0007\"}", 422,
      "note" },
    { "record", "{\"id\": \"NOPE@ID@\", \"action\": \"no-answer\"}", 404, NULL },
    { "record", "{\"id\": \"@ID@\", \"action\": \"no-answer\",}", 400, NULL },
    { "mark", "{\"id\": \"@ID@\", \"state\": \"finished\"}", 422, "state" },
    { "mark", "{\"id\": \"@ID@\", \"state\": \"done\"}", 422, "outcome" },
    { "mark", "{\"id\": \"@ID@\", \"state\": \"open\", \"outcome\": \"solved\"}", 422, "outcome" },
    { "mark", "{\"id\": \"@ID@\", \"state\": \"open\"}", 409, NULL },
    { "mark", "{\"id\": \"@ID@\", \"state\": \"contacted\", \"note\": 3}", 422, "note" },
  };
  GString         *long_note = g_string_new (NULL);
  g_autofree char *long_body = NULL;
  g_autoptr (JsonNode) too_long = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/staff/appointments/", cases[i].path, NULL);
      GString         *text = g_string_new (cases[i].body);
      g_autofree char *body = NULL;
      g_autoptr (JsonNode) answer = NULL;
      JsonObject *error;

      g_string_replace (text, "@ID@", fixture->id, 0);
      body = g_string_free (text, FALSE);
      answer = post (fixture, path, body, cases[i].status);
      error = object_of (answer);

      g_test_message ("%s %s", path, body);
      g_assert_true (json_object_has_member (error, "error"));
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, cases[i].field);
    }
  /* A note of more than 2000 characters. */
  for (guint i = 0; i < 2001; i++)
    g_string_append_c (long_note, 'a');
  long_body = g_strdup_printf ("{\"id\": \"%s\", \"action\": \"note\", \"note\": \"%s\"}",
                               fixture->id, long_note->str);
  g_string_free (long_note, TRUE);
  too_long = post (fixture, "/api/v1/staff/appointments/record", long_body, 422);
  g_assert_cmpstr (json_object_get_string_member (object_of (too_long), "field"), ==, "note");

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM appointment_history"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log"), ==, 0);
  g_assert_cmpint (count_rows (fixture,
                               "SELECT count(*) FROM appointments WHERE state = 'open' "
                               "AND id NOT IN (SELECT appointment FROM appointment_history)"),
                   ==, 1);
}

/* A purge erases the notes with the name and phone: they may name people. */
static void
test_purge_erases_notes (Fixture *fixture, gconstpointer data)
{
  g_autofree char *note = g_strdup_printf (
      "{\"id\": \"%s\", \"action\": \"note\", \"note\": \"Tytär Liisa vastasi.\"}", fixture->id);
  g_autofree char *done = g_strdup_printf (
      "{\"id\": \"%s\", \"state\": \"done\", \"outcome\": \"solved\"}", fixture->id);
  g_autoptr (JsonNode) noted = post (fixture, "/api/v1/staff/appointments/record", note, 200);
  g_autoptr (JsonNode) marked = post (fixture, "/api/v1/staff/appointments/mark", done, 200);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) later = g_date_time_add_days (now, 100);
  g_autoptr (GError) error = NULL;
  guint purged = 0;

  g_assert_true (
      server_store_purge_appointments (fixture->server.store, 90, "test", later, &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM appointment_history "
                                        "WHERE note IS NOT NULL"),
                   ==, 0);
  /* What happened stays, for evaluation. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM appointment_history"), ==, 2);
}

/* Every error answer names what is wrong as a machine code beside the sentence, so the
 * console can say it in the advisor's language. */
static void
test_error_codes (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *path;
    const char *body;
    guint       status;
    const char *field; /* NULL: none */
    const char *code;
  } cases[] = {
    { "/api/v1/staff/slots", "{\"kind\": \"home-visit\", \"starts_at\": \"10.00\"}", 422,
      "starts_at", "invalid-time" },
    { "/api/v1/staff/slots", "{\"kind\": \"home-visit\"}", 422, "starts_at", "required" },
    { "/api/v1/staff/slots", "{\"kind\": \"home-visit\", \"starts_at\": \"1999-12-31T10:00:00Z\"}",
      422, "starts_at", "time-out-of-range" },
    { "/api/v1/staff/slots",
      "{\"kind\": \"home-visit\", \"starts_at\": \"2030-01-01T10:00:00Z\", "
      "\"capacity\": 0}",
      422, "capacity", "out-of-range" },
    { "/api/v1/staff/slots",
      "{\"kind\": \"digital-support\", \"starts_at\": \"2030-01-01T10:00:00Z\"}", 422,
      "organisation", "place-required" },
    { "/api/v1/staff/slots", "{\"kind\": 5}", 422, "kind", "wrong-type" },
    { "/api/v1/staff/slots", "{\"kind\": ", 400, NULL, "malformed" },
    { "/api/v1/staff/appointments/record",
      "{\"id\": \"QQQQQQ\", \"action\": \"note\", "
      "\"note\": \"x\"}",
      404, NULL, "not-found" },
    { "/api/v1/staff/users", "{}", 403, NULL, "forbidden" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) answer = NULL;
      JsonObject *error;

      g_test_message ("%s %s", cases[i].path, cases[i].body);
      answer = post (fixture, cases[i].path, cases[i].body, cases[i].status);
      error = object_of (answer);
      g_assert_nonnull (json_object_get_string_member (error, "error"));
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, cases[i].code);
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, cases[i].field);
      else
        g_assert_false (json_object_has_member (error, "field"));
    }
  /* Nothing was stored. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM slots"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-queue/case-details", test_case_details);
  ADD ("/server-queue/working-day", test_working_day);
  ADD ("/server-queue/bad-input", test_bad_input);
  ADD ("/server-queue/purge-erases-notes", test_purge_erases_notes);
  ADD ("/server-queue/error-codes", test_error_codes);
  return g_test_run ();
}

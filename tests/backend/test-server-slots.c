/* test-server-slots.c — slots by the rules, in bulk, and a request moved, over real HTTP
 *
 * A slot in the past, a second one at the same place and time (however the time is
 * written) or one overlapping another at that place is refused with its code and the
 * field, and nothing is stored. A weekly pattern is previewed without a write and
 * published in one revision with an audit row a slot; a week is copied at the same hour
 * on the clock across the change to summer time. A request whose slot was cancelled (in
 * its history and the audit log) is moved onto a free slot, likewise. Bad input names its field
 * and stores nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-common.h"
#include "nv-json-private.h"
#include "nv-test-advisor.h"
#include "server-store-appointments.h"
#include "server-store-private.h"

/* Tuesdays and Thursdays 10.00–12.00 in 30-minute slots, January to March 2086, but not
 * New Year's Day: 25 days of 4 slots. */
#define TERM_PATTERN                                                                               \
  "{\"organisation\": \"test-library\", \"kind\": \"digital-support\", "                           \
  "\"duration_minutes\": 30, \"capacity\": 1, \"from\": \"2086-01-01\", \"to\": "                  \
  "\"2086-03-31\", \"weekdays\": [2, 4], \"start\": \"10:00\", \"end\": \"12:00\", "               \
  "\"skip\": [\"2086-01-01\"]}"
#define TERM_SLOTS 100

typedef NvTestAdvisorServer Fixture;

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

/* A refusal's field and code. */
static void
assert_refusal (JsonNode *answer, const char *field, const char *code)
{
  g_assert_cmpstr (json_object_get_string_member (object_of (answer), "field"), ==, field);
  g_assert_cmpstr (json_object_get_string_member (object_of (answer), "code"), ==, code);
}

static char *
slot_body (const char *organisation, const char *starts_at, guint duration)
{
  return g_strdup_printf ("{\"organisation\": \"%s\", \"kind\": \"digital-support\", "
                          "\"starts_at\": \"%s\", \"duration_minutes\": %u}",
                          organisation, starts_at, duration);
}

/* POSTs a slot and returns its id (status 201) or the refusal (any other @status). */
static JsonNode *
add_slot (
    Fixture *fixture, const char *organisation, const char *starts_at, guint duration, guint status)
{
  g_autofree char *body = slot_body (organisation, starts_at, duration);

  return post (fixture, "/api/v1/staff/slots", body, status);
}

static char *
add_slot_id (Fixture *fixture, const char *starts_at, guint capacity)
{
  g_autofree char *body
      = g_strdup_printf ("{\"organisation\": \"test-library\", \"kind\": \"digital-support\", "
                         "\"starts_at\": \"%s\", \"capacity\": %u}",
                         starts_at, capacity);
  g_autoptr (JsonNode) answer = post (fixture, "/api/v1/staff/slots", body, 201);

  return g_strdup (json_object_get_string_member (object_of (answer), "id"));
}

static void
test_refusals (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) first = add_slot (fixture, "test-library", "2086-06-03T07:00:00Z", 30, 201);
  g_autoptr (JsonNode) past = add_slot (fixture, "test-library", "2020-06-03T07:00:00Z", 30, 422);
  /* The same time written another way is the same time. */
  g_autoptr (JsonNode) duplicate
      = add_slot (fixture, "test-library", "2086-06-03T10:00:00+03:00", 30, 422);
  g_autoptr (JsonNode) overlap
      = add_slot (fixture, "test-library", "2086-06-03T09:15:00+02:00", 30, 422);
  /* A longer slot that begins before and runs into it. */
  g_autoptr (JsonNode) around = add_slot (fixture, "test-library", "2086-06-03T06:00:00Z", 90, 422);
  /* Back to back is no overlap; another place may have the same time. */
  g_autoptr (JsonNode) after = add_slot (fixture, "test-library", "2086-06-03T07:30:00Z", 30, 201);
  g_autoptr (JsonNode) before = add_slot (fixture, "test-library", "2086-06-03T06:30:00Z", 30, 201);
  g_autoptr (JsonNode) elsewhere
      = add_slot (fixture, "test-association", "2086-06-03T07:00:00Z", 30, 201);
  g_autoptr (JsonNode) cancelled = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autofree char *cancel = NULL;

  assert_refusal (past, "starts_at", "slot-in-past");
  assert_refusal (duplicate, "starts_at", "duplicate-slot");
  assert_refusal (overlap, "starts_at", "overlapping-slot");
  assert_refusal (around, "starts_at", "overlapping-slot");
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM slots"), ==, 4);

  /* A cancelled slot holds its time no longer. */
  cancel = g_strdup_printf ("{\"id\": \"%s\"}",
                            json_object_get_string_member (object_of (first), "id"));
  cancelled = post (fixture, "/api/v1/staff/slots/cancel", cancel, 200);
  again = add_slot (fixture, "test-library", "2086-06-03T07:00:00Z", 30, 201);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM slots"), ==, 5);
  /* Each slot made and the one cancelled are audited, by whom; refusals write nothing. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE action = "
                                        "'slot-published' AND actor = 'staff:aino'"),
                   ==, 5);
  g_assert_cmpint (
      count_rows (fixture,
                  "SELECT count(*) FROM audit_log WHERE action = 'slot-cancelled' AND actor = "
                  "'staff:aino' AND appointment = (SELECT id FROM slots WHERE cancelled = 1)"),
      ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log"), ==, 6);
}

static char *
batch_body (gboolean preview, const char *kind, const char *object)
{
  return g_strdup_printf ("{\"preview\": %s, \"%s\": %s}", preview ? "true" : "false", kind,
                          object);
}

static gint64
revision (Fixture *fixture)
{
  return server_store_get_revision (fixture->server.store);
}

static void
test_pattern (Fixture *fixture, gconstpointer data)
{
  g_autofree char *preview_body = batch_body (TRUE, "pattern", TERM_PATTERN);
  g_autofree char *publish_body = batch_body (FALSE, "pattern", TERM_PATTERN);
  g_autoptr (JsonNode) held = NULL;
  g_autofree char *batch_revisions = NULL;
  g_autoptr (JsonNode) preview = NULL;
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (JsonNode) again = NULL;
  gint64      before;
  JsonArray  *slots;
  JsonObject *one;
  guint       overlapping = 0;

  /* Thursday 3 January, 10.15–10.45 in Helsinki: the 10.00 and 10.30 slots meet it. */
  held = add_slot (fixture, "test-library", "2086-01-03T08:15:00Z", 30, 201);
  before = revision (fixture);

  preview = post (fixture, "/api/v1/staff/slots/batch", preview_body, 200);
  g_assert_true (json_object_get_boolean_member (object_of (preview), "preview"));
  g_assert_cmpint (json_object_get_int_member (object_of (preview), "accepted"), ==,
                   TERM_SLOTS - 2);
  g_assert_cmpint (json_object_get_int_member (object_of (preview), "refused"), ==, 2);
  slots = json_object_get_array_member (object_of (preview), "slots");
  g_assert_cmpuint (json_array_get_length (slots), ==, TERM_SLOTS);
  /* The first is Thursday 3 January at 10.00 in Helsinki, 08.00 UTC in winter. */
  one = json_array_get_object_element (slots, 0);
  g_assert_cmpstr (json_object_get_string_member (one, "starts_at"), ==,
                   "2086-01-03T08:00:00.000Z");
  g_assert_cmpstr (json_object_get_string_member (one, "refused"), ==, "overlapping-slot");
  g_assert_true (json_object_get_null_member (one, "id"));
  for (guint i = 0; i < json_array_get_length (slots); i++)
    overlapping += g_strcmp0 (json_object_get_string_member (
                                  json_array_get_object_element (slots, i), "refused"),
                              "overlapping-slot")
                   == 0;
  g_assert_cmpuint (overlapping, ==, 2);
  /* A preview writes nothing. */
  g_assert_cmpint (revision (fixture), ==, before);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM slots"), ==, 1);

  published = post (fixture, "/api/v1/staff/slots/batch", publish_body, 201);
  g_assert_cmpint (json_object_get_int_member (object_of (published), "accepted"), ==,
                   TERM_SLOTS - 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM slots"), ==, TERM_SLOTS - 1);
  /* One transaction, one revision, which every new slot carries. */
  g_assert_cmpint (revision (fixture), ==, before + 1);
  batch_revisions = g_strdup_printf ("SELECT count(DISTINCT revision) FROM slots WHERE id IN "
                                     "(SELECT appointment FROM audit_log) AND id != '%s'",
                                     json_object_get_string_member (object_of (held), "id"));
  g_assert_cmpint (count_rows (fixture, batch_revisions), ==, 1);
  /* The batch's slots, and the one added before it. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE action = "
                                        "'slot-published' AND actor = 'staff:aino'"),
                   ==, TERM_SLOTS - 2 + 1);
  one = json_array_get_object_element (
      json_object_get_array_member (object_of (published), "slots"), 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (one, "id"), "slot-"));
  /* The last is Thursday 28 March at 11.30, still winter time. */
  one = json_array_get_object_element (
      json_object_get_array_member (object_of (published), "slots"), TERM_SLOTS - 1);
  g_assert_cmpstr (json_object_get_string_member (one, "starts_at"), ==,
                   "2086-03-28T09:30:00.000Z");

  /* The same again: every one a duplicate, nothing written. */
  again = post (fixture, "/api/v1/staff/slots/batch", publish_body, 201);
  g_assert_cmpint (json_object_get_int_member (object_of (again), "accepted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object_of (again), "refused"), ==, TERM_SLOTS);
  g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (
                           json_object_get_array_member (object_of (again), "slots"), 5),
                       "refused"),
                   ==, "duplicate-slot");
  g_assert_cmpint (revision (fixture), ==, before + 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM slots"), ==, TERM_SLOTS - 1);
}

static void
test_copy_week (Fixture *fixture, gconstpointer data)
{
  /* The week of Monday 25 March 2086; summer time begins on Sunday 31 March. */
  g_autoptr (JsonNode) tuesday
      = add_slot (fixture, "test-library", "2086-03-26T08:00:00Z", 30, 201);
  g_autoptr (JsonNode) friday
      = add_slot (fixture, "test-association", "2086-03-29T12:30:00Z", 45, 201);
  g_autoptr (JsonNode) copied = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (JsonNode) week = NULL;
  g_autoptr (JsonNode) bad_week = NULL;
  g_autofree char *body = batch_body (
      FALSE, "copy", "{\"week\": \"2086-03-27\", \"to\": \"2086-04-01\", \"weeks\": 2}");
  JsonArray *slots;

  copied = post (fixture, "/api/v1/staff/slots/batch", body, 201);
  g_assert_cmpint (json_object_get_int_member (object_of (copied), "accepted"), ==, 4);
  slots = json_object_get_array_member (object_of (copied), "slots");
  /* 10.00 on the clock in Helsinki, now 07.00 UTC; the place and length kept. */
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (slots, 0), "starts_at"), ==,
      "2086-04-02T07:00:00.000Z");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (slots, 1), "starts_at"), ==,
      "2086-04-05T11:30:00.000Z");
  g_assert_cmpint (
      json_object_get_int_member (json_array_get_object_element (slots, 1), "duration_minutes"), ==,
      45);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (slots, 1), "organisation"), ==,
      "test-association");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (slots, 3), "starts_at"), ==,
      "2086-04-12T11:30:00.000Z");

  /* Copied once is enough: a second copy is refused slot by slot. */
  again = post (fixture, "/api/v1/staff/slots/batch", body, 201);
  g_assert_cmpint (json_object_get_int_member (object_of (again), "refused"), ==, 4);

  /* The calendar's week: Monday to Sunday in Helsinki. */
  week = nv_test_staff_call (fixture->advisor, "GET", "/api/v1/staff/slots?week=2086-04-07", NULL,
                             200);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (object_of (week), "slots")), ==, 2);
  g_assert_cmpuint (count_rows (fixture, "SELECT count(*) FROM slots"), ==, 6);
  /* A week that is no date is named. */
  bad_week = nv_test_staff_call (fixture->advisor, "GET", "/api/v1/staff/slots?week=2086-02-30",
                                 NULL, 400);
  g_assert_cmpstr (json_object_get_string_member (object_of (bad_week), "field"), ==, "week");
}

static void
test_bad_batches (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *field;
    const char *code;
  } cases[] = {
    { "{\"pattern\": {\"kind\": \"digital-support\"}}", 422, "pattern.from", "required" },
    { "{\"pattern\": {\"kind\": \"digital-support\", \"from\": \"2086-01-01\", \"to\": "
      "\"2086-01-31\", \"weekdays\": [1], \"start\": \"10:00\", \"end\": \"12:00\"}}",
      422, "pattern.organisation", "place-required" },
    { "{\"pattern\": {\"organisation\": \"test-library\", \"kind\": \"digital-support\", "
      "\"from\": \"2086-01-01\", \"to\": \"2086-01-31\", \"weekdays\": [8], \"start\": "
      "\"10:00\", \"end\": \"12:00\"}}",
      422, "pattern.weekdays[0]", "out-of-range" },
    { "{\"pattern\": {\"organisation\": \"test-library\", \"kind\": \"digital-support\", "
      "\"from\": \"2086-01-01\", \"to\": \"2086-01-31\", \"weekdays\": [1], \"start\": "
      "\"10.00\", \"end\": \"12:00\"}}",
      422, "pattern.start", "invalid-time" },
    { "{\"pattern\": {\"organisation\": \"test-library\", \"kind\": \"digital-support\", "
      "\"from\": \"2086-02-01\", \"to\": \"2086-01-31\", \"weekdays\": [1], \"start\": "
      "\"10:00\", \"end\": \"12:00\"}}",
      422, "pattern.to", "out-of-range" },
    { "{\"pattern\": {\"organisation\": \"test-library\", \"kind\": \"digital-support\", "
      "\"from\": \"2086-02-30\", \"to\": \"2086-03-31\", \"weekdays\": [1], \"start\": "
      "\"10:00\", \"end\": \"12:00\"}}",
      422, "pattern.from", "invalid-date" },
    { "{\"pattern\": {\"organisation\": \"test-library\", \"kind\": \"digital-support\", "
      "\"from\": \"2086-01-01\", \"to\": \"2086-01-31\", \"weekdays\": [1], \"start\": "
      "\"12:00\", \"end\": \"10:00\"}}",
      422, "pattern.end", "closes-before-opening" },
    { "{\"pattern\": {\"organisation\": \"nowhere\", \"kind\": \"digital-support\", "
      "\"from\": \"2086-01-01\", \"to\": \"2086-01-31\", \"weekdays\": [1], \"start\": "
      "\"10:00\", \"end\": \"12:00\"}}",
      422, "pattern.organisation", "invalid" },
    /* Every day of a year in 5-minute slots: more than a batch makes. */
    { "{\"pattern\": {\"organisation\": \"test-library\", \"kind\": \"digital-support\", "
      "\"duration_minutes\": 5, \"from\": \"2086-01-01\", \"to\": \"2086-12-31\", "
      "\"weekdays\": [1, 2, 3, 4, 5, 6, 7], \"start\": \"00:00\", \"end\": \"24:00\"}}",
      422, "pattern", "too-many-slots" },
    { "{\"copy\": {\"week\": \"2086-01-07\", \"to\": \"2086-01-09\"}}", 422, "copy.to", "invalid" },
    { "{\"copy\": {\"week\": \"2086-01-07\", \"to\": \"2086-01-14\", \"weeks\": 53}}", 422,
      "copy.weeks", "out-of-range" },
    { "{\"preview\": true}", 422, "pattern", "required" },
    { "{\"preview\": \"yes\", \"pattern\": {}}", 422, "preview", "wrong-type" },
    { "{\"pattern\": {}, \"copy\": {}}", 422, "copy", "required" },
    { "{\"pattern\": {\"kind\": \"digital-support\",}}", 400, NULL, "malformed" },
    { "[]", 400, NULL, "malformed" },
  };
  g_autoptr (GString) huge = g_string_new ("{\"pattern\": {\"skip\": [");
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) answer = NULL;

      g_test_message ("%s", cases[i].body);
      answer = post (fixture, "/api/v1/staff/slots/batch", cases[i].body, cases[i].status);
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (object_of (answer), "field"), ==,
                         cases[i].field);
      g_assert_cmpstr (json_object_get_string_member (object_of (answer), "code"), ==,
                       cases[i].code);
    }
  /* A body over the batch's 16 KiB is refused before it is read. */
  while (huge->len < 17 * 1024)
    g_string_append (huge, "\"2086-01-01\", ");
  g_string_append (huge, "\"2086-01-02\"]}}");
  status = nv_test_staff_send (fixture->advisor, "POST", "/api/v1/staff/slots/batch", huge->str,
                               NULL, NULL);
  g_assert_cmpuint (status, ==, 413);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM slots"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log"), ==, 0);
}

/* A request from a kiosk for @slot; returns its id. */
static char *
request_slot (Fixture *fixture, const char *slot)
{
  g_autoptr (NvAppointment) request = nv_appointment_new ();
  g_autoptr (GPtrArray) requests = g_ptr_array_new ();
  g_autoptr (GArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *token = NULL;

  g_assert_true (
      server_store_add_kiosk (fixture->server.store, "Lobby", "564", &kiosk_id, &token, &error));
  request->reason = g_strdup ("device");
  request->contact_method = g_strdup ("meeting");
  request->slot = g_strdup (slot);
  request->name = g_strdup ("Aili Aaltonen");
  request->phone = g_strdup ("+358401234567");
  request->language = NV_LANG_FI;
  g_ptr_array_add (requests, request);
  g_assert_true (server_store_insert_appointments (fixture->server.store, kiosk_id, requests,
                                                   &results, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (results, ServerAppointmentResult, 0).slot, ==,
                   SERVER_SLOT_RESULT_TAKEN);
  return g_strdup (request->id);
}

static gint64
taken (Fixture *fixture, const char *slot)
{
  g_autofree char *sql = g_strdup_printf ("SELECT taken FROM slots WHERE id = '%s'", slot);

  return count_rows (fixture, sql);
}

static char *
move_body (const char *request, const char *slot)
{
  return g_strdup_printf ("{\"request\": \"%s\", \"slot\": \"%s\"}", request, slot);
}

static void
test_move (Fixture *fixture, gconstpointer data)
{
  g_autofree char *cancelled = add_slot_id (fixture, "2086-05-06T07:00:00Z", 1);
  g_autofree char *free_slot = add_slot_id (fixture, "2086-05-07T07:00:00Z", 1);
  g_autofree char *full = add_slot_id (fixture, "2086-05-08T07:00:00Z", 1);
  g_autofree char *later = add_slot_id (fixture, "2086-05-09T07:00:00Z", 2);
  g_autofree char *request = request_slot (fixture, cancelled);
  g_autofree char *other = request_slot (fixture, full);
  g_autofree char *cancel = g_strdup_printf ("{\"id\": \"%s\"}", cancelled);
  g_autofree char *to_free = move_body (request, free_slot);
  g_autofree char *to_full = move_body (request, full);
  g_autofree char *to_later = move_body (request, later);
  g_autofree char *to_nowhere = move_body ("NOPE", free_slot);
  g_autofree char *done_body = NULL;
  g_autoptr (JsonNode) flagged = NULL;
  g_autoptr (JsonNode) moved = NULL;
  g_autoptr (JsonNode) twice = NULL;
  g_autoptr (JsonNode) onto_full = NULL;
  g_autoptr (JsonNode) unknown = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) done = NULL;
  g_autoptr (JsonNode) refused = NULL;
  JsonObject *one;
  JsonArray  *history;
  gint64      before;

  flagged = post (fixture, "/api/v1/staff/slots/cancel", cancel, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (flagged), "flagged"), ==, 1);
  before = revision (fixture);

  moved = post (fixture, "/api/v1/staff/slots/move", to_free, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (moved), "slot"), ==, free_slot);
  g_assert_cmpstr (json_object_get_string_member (object_of (moved), "slot_starts_at"), ==,
                   "2086-05-07T07:00:00.000Z");
  g_assert_false (json_object_get_boolean_member (object_of (moved), "needs_new_time"));
  /* The answer names no one. */
  g_assert_false (json_object_has_member (object_of (moved), "name"));
  g_assert_cmpint (taken (fixture, free_slot), ==, 1);
  /* Kiosks learn that the slot is full. */
  g_assert_cmpint (revision (fixture), ==, before + 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE action = 'moved' "
                                        "AND actor = 'staff:aino'"),
                   ==, 1);

  /* The same slot again; a full one; an unknown request: nothing changes. */
  twice = post (fixture, "/api/v1/staff/slots/move", to_free, 409);
  onto_full = post (fixture, "/api/v1/staff/slots/move", to_full, 422);
  assert_refusal (onto_full, "slot", "slot-not-free");
  unknown = post (fixture, "/api/v1/staff/slots/move", to_nowhere, 404);
  g_assert_cmpint (taken (fixture, full), ==, 1);

  /* Moved on from a slot still offered, the place it held goes back. */
  again = post (fixture, "/api/v1/staff/slots/move", to_later, 200);
  g_assert_cmpint (taken (fixture, free_slot), ==, 0);
  g_assert_cmpint (taken (fixture, later), ==, 1);

  /* The queue shows the request at its new time, with both moves in its history. */
  list = nv_test_staff_call (fixture->advisor, "GET", "/api/v1/staff/appointments", NULL, 200);
  for (guint i = 0; i < 2; i++)
    {
      one = json_array_get_object_element (
          json_object_get_array_member (object_of (list), "appointments"), i);
      if (g_str_equal (json_object_get_string_member (one, "id"), request))
        break;
    }
  g_assert_cmpstr (json_object_get_string_member (one, "id"), ==, request);
  g_assert_cmpstr (json_object_get_string_member (one, "slot"), ==, later);
  g_assert_false (json_object_get_boolean_member (one, "needs_new_time"));
  g_assert_cmpstr (json_object_get_string_member (one, "handler"), ==, "staff:aino");
  /* The cancellation that took its place, then both moves. */
  history = json_object_get_array_member (one, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 3);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (history, 0), "action"), ==,
      "slot-cancelled");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (history, 2), "action"), ==,
      "moved");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (history, 2), "state"), ==,
      "open");
  /* The slot, and the one request that lost its place in it. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE action = "
                                        "'slot-cancelled' AND actor = 'staff:aino'"),
                   ==, 2);

  /* A done request keeps its time. */
  done_body
      = g_strdup_printf ("{\"id\": \"%s\", \"state\": \"done\", \"outcome\": \"solved\"}", other);
  done = post (fixture, "/api/v1/staff/appointments/mark", done_body, 200);
  g_clear_pointer (&to_free, g_free);
  to_free = move_body (other, free_slot);
  refused = post (fixture, "/api/v1/staff/slots/move", to_free, 409);
  g_assert_cmpint (taken (fixture, free_slot), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server_store_use_cheap_password_hashing ();

#define ADD(path, func)                                                                            \
  g_test_add (path, Fixture, NULL, nv_test_advisor_server_setup, func,                             \
              nv_test_advisor_server_teardown)
  ADD ("/server-slots/refusals", test_refusals);
  ADD ("/server-slots/pattern", test_pattern);
  ADD ("/server-slots/copy-week", test_copy_week);
  ADD ("/server-slots/bad-batches", test_bad_batches);
  ADD ("/server-slots/move", test_move);
#undef ADD
  return g_test_run ();
}

/* test-server-appointments.c — appointment slots and requests: over real HTTP on
 * 127.0.0.1 port 0, through the neuvokas-server command line, and where personal data
 * may and may not end up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>

#include "nv-json-private.h"
#include "server-api.h"
#include "server-store-private.h"
#include "server-store-kiosks.h"
#include "server-store-appointments.h"
#include "nv-test-util.h"

#define PLANTED_NAME "Planted Testersson"
#define PLANTED_PHONE "+358401234567"

typedef struct
{
  char        *dir;
  ServerStore *store;
  ServerHttp  *http;
  SoupSession *session;
  char        *url;
  char        *kiosk_id;
  char        *token;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = server_store_open (fixture->dir, seed, &error);
  g_assert_no_error (error);
  fixture->http = server_api_new_http (fixture->store, NULL);
  g_assert_nonnull (fixture->http);
  g_assert_true (server_http_listen (fixture->http, address, &error));
  g_assert_no_error (error);
  fixture->url = server_http_get_url (fixture->http);
  /* Enough connections for every request of the concurrency test at once. */
  fixture->session = soup_session_new_with_options (
      "user-agent", "neuvokas-kiosk/9.8.7", "max-conns", 64, "max-conns-per-host", 64, NULL);
  g_assert_true (server_store_add_kiosk (fixture->store, "Test kiosk", "564", &fixture->kiosk_id,
                                         &fixture->token, &error));
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  /* Let the server see the client's connections close before it goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->http);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
  g_free (fixture->kiosk_id);
  g_free (fixture->token);
}

/* Requests and slots */

static NvAppointment *
make_request (const char *slot)
{
  NvAppointment *appointment = nv_appointment_new ();

  appointment->reason = g_strdup ("device");
  appointment->contact_method = g_strdup ("phone");
  if (slot != NULL)
    appointment->slot = g_strdup (slot);
  else
    {
      appointment->preferred_days = g_strsplit ("mon,wed", ",", -1);
      appointment->preferred_time = g_strdup ("morning");
    }
  appointment->name = g_strdup ("Aino Esimerkki");
  appointment->phone = g_strdup ("+358401112233");
  appointment->guide = g_strdup ("omaolo");
  appointment->guide_step = 2;
  return appointment;
}

static char *
request_json (const NvAppointment *appointment)
{
  g_autoptr (JsonNode) node = nv_appointment_to_json (appointment);

  return nv_json_to_string (node, FALSE);
}

/* {"appointments": [ITEMS]} from NULL-terminated JSON texts. */
static char *
batch_body (const char *first, ...)
{
  g_autoptr (GString) body = g_string_new ("{\"appointments\": [");
  const char *item = first;
  va_list     ap;

  va_start (ap, first);
  for (guint i = 0; item != NULL; i++, item = va_arg (ap, const char *))
    g_string_append_printf (body, "%s%s", i > 0 ? ", " : "", item);
  va_end (ap);
  g_string_append (body, "]}");
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static char *
add_slot (ServerStore *store, guint capacity, GTimeSpan from_now)
{
  g_autoptr (NvSlot) slot = nv_slot_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  char *id;

  slot->organisation = g_strdup ("test-library");
  slot->kind = g_strdup ("digital-support");
  slot->starts_at = g_date_time_add (now, from_now);
  slot->duration_minutes = 30;
  slot->capacity = capacity;
  id = server_store_add_slot (store, slot, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "slot-"));
  return id;
}

static NvSlot *
find_slot (GPtrArray *slots, const char *id)
{
  for (guint i = 0; i < slots->len; i++)
    if (g_str_equal (((NvSlot *) slots->pdata[i])->id, id))
      return slots->pdata[i];
  return NULL;
}

static guint
slot_taken (ServerStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) slots = server_store_list_slots (store, NULL, &error);
  NvSlot *slot;

  g_assert_no_error (error);
  slot = find_slot (slots, id);
  g_assert_nonnull (slot);
  return slot->taken;
}

static gint64
count_rows (ServerStore *store, const char *sql)
{
  g_autoptr (sqlite3_stmt) stmt = server_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* HTTP */

typedef struct
{
  GBytes  *body;
  GError  *error;
  gboolean done;
} Reply;

static void
reply_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

static GBytes *
send (SoupSession *session, SoupMessage *msg)
{
  Reply reply = { NULL, NULL, FALSE };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, reply_cb, &reply);
  nv_test_wait_until (NULL, reply.done, 10000);
  g_assert_no_error (reply.error);
  return reply.body;
}

static SoupMessage *
post_json (const char *base_url, const char *token, const char *path, const char *body)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
  SoupMessage *msg = soup_message_new ("POST", url);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

static JsonObject *
parse_object (GBytes *body, JsonNode **out_node)
{
  g_autoptr (GError) error = NULL;

  *out_node = nv_json_parse_bytes (body, 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*out_node));
  return json_node_get_object (*out_node);
}

/* POSTs @body and expects 200: the results array. */
static JsonArray *
post_appointments (Fixture *fixture, const char *body, JsonNode **out_node)
{
  g_autoptr (SoupMessage) msg
      = post_json (fixture->url, fixture->token, "api/v1/kiosk/appointments", body);
  g_autoptr (GBytes) reply = send (fixture->session, msg);
  JsonObject *object;

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  object = parse_object (reply, out_node);
  return json_object_get_array_member (object, "results");
}

static void
assert_result (JsonArray  *results,
               guint       index,
               const char *id,
               const char *status,
               const char *slot,
               const char *field)
{
  JsonObject *result = json_array_get_object_element (results, index);

  if (id != NULL)
    g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, id);
  else
    g_assert_true (json_object_get_null_member (result, "id"));
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, status);
  if (slot != NULL)
    g_assert_cmpstr (json_object_get_string_member (result, "slot"), ==, slot);
  else
    g_assert_true (json_object_get_null_member (result, "slot"));
  if (field != NULL)
    {
      g_assert_cmpstr (json_object_get_string_member (result, "field"), ==, field);
      g_assert_cmpuint (strlen (json_object_get_string_member (result, "error")), >, 5);
    }
  else
    g_assert_false (json_object_has_member (result, "field"));
}

static void
test_accepted_duplicate_rejected (Fixture *fixture, gconstpointer data)
{
  g_autofree char *slot = add_slot (fixture->store, 1, G_TIME_SPAN_DAY);
  g_autoptr (NvAppointment) preferred = make_request (NULL);
  g_autoptr (NvAppointment) slotted = make_request (slot);
  g_autoptr (NvAppointment) bad_phone = make_request (NULL);
  g_autoptr (NvAppointment) no_name = make_request (NULL);
  g_autofree char *json1 = request_json (preferred);
  g_autofree char *json2 = request_json (slotted);
  g_autofree char *json3 = NULL;
  g_autofree char *json4 = NULL;
  g_autofree char *body = NULL;
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) second = NULL;
  gint64     revision;
  JsonArray *results;

  g_free (bad_phone->phone);
  bad_phone->phone = g_strdup ("040 123");
  json3 = request_json (bad_phone);
  g_free (no_name->name);
  no_name->name = g_strdup ("");
  json4 = request_json (no_name);
  body = batch_body (json1, json2, json3, "42", json4, NULL);

  revision = server_store_get_revision (fixture->store);
  results = post_appointments (fixture, body, &first);
  g_assert_cmpuint (json_array_get_length (results), ==, 5);
  assert_result (results, 0, preferred->id, "accepted", NULL, NULL);
  assert_result (results, 1, slotted->id, "accepted", "taken", NULL);
  assert_result (results, 2, bad_phone->id, "rejected", NULL, "phone");
  assert_result (results, 3, NULL, "rejected", NULL, NULL);
  assert_result (results, 4, no_name->id, "rejected", NULL, "name");
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM appointments"), ==, 2);
  g_assert_cmpuint (slot_taken (fixture->store, slot), ==, 1);
  /* Taking a place is a content change: kiosks learn the slot is full. */
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, revision + 1);

  /* The same batch again (a lost answer): the first time's outcome, nothing changed. */
  results = post_appointments (fixture, body, &second);
  assert_result (results, 0, preferred->id, "duplicate", NULL, NULL);
  assert_result (results, 1, slotted->id, "duplicate", "taken", NULL);
  assert_result (results, 2, bad_phone->id, "rejected", NULL, "phone");
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM appointments"), ==, 2);
  g_assert_cmpuint (slot_taken (fixture->store, slot), ==, 1);
  g_assert_cmpint (server_store_get_revision (fixture->store), ==, revision + 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (second), "duplicates"), ==, 2);
}

/* Full, cancelled, past and unknown slots: the request is kept, flagged for a new time. */
static void
test_needs_new_time (Fixture *fixture, gconstpointer data)
{
  g_autofree char *full = add_slot (fixture->store, 1, G_TIME_SPAN_DAY);
  g_autofree char *cancelled = add_slot (fixture->store, 5, G_TIME_SPAN_DAY);
  g_autofree char *past = add_slot (fixture->store, 5, -G_TIME_SPAN_HOUR);
  g_autoptr (NvAppointment) takes = make_request (full);
  g_autoptr (NvAppointment) too_late = make_request (full);
  g_autoptr (NvAppointment) in_cancelled = make_request (cancelled);
  g_autoptr (NvAppointment) in_past = make_request (past);
  g_autoptr (NvAppointment) unknown = make_request ("no-such-slot");
  g_autofree char *json1 = request_json (takes);
  g_autofree char *json2 = request_json (too_late);
  g_autofree char *json3 = request_json (in_cancelled);
  g_autofree char *json4 = request_json (in_past);
  g_autofree char *json5 = request_json (unknown);
  g_autofree char *body = batch_body (json1, json2, json3, json4, json5, NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *results;

  g_assert_true (server_store_cancel_slot (fixture->store, cancelled, NULL, &error));
  results = post_appointments (fixture, body, &node);
  assert_result (results, 0, takes->id, "accepted", "taken", NULL);
  assert_result (results, 1, too_late->id, "accepted", "needs-new-time", NULL);
  assert_result (results, 2, in_cancelled->id, "accepted", "needs-new-time", NULL);
  assert_result (results, 3, in_past->id, "accepted", "needs-new-time", NULL);
  assert_result (results, 4, unknown->id, "accepted", "needs-new-time", NULL);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM appointments"), ==, 5);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM appointments "
                                               "WHERE needs_new_time = 1"),
                   ==, 4);
  g_assert_cmpuint (slot_taken (fixture->store, full), ==, 1);
  g_assert_cmpuint (slot_taken (fixture->store, cancelled), ==, 0);
  g_assert_cmpuint (slot_taken (fixture->store, past), ==, 0);
}

static void
assert_post_refused (
    Fixture *fixture, const char *token, const char *body, guint status, const char *field)
{
  g_autoptr (SoupMessage) msg = post_json (fixture->url, token, "api/v1/kiosk/appointments", body);
  g_autoptr (GBytes) reply = send (fixture->session, msg);
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  object = parse_object (reply, &node);
  g_assert_true (json_object_has_member (object, "error"));
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, field);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM appointments"), ==, 0);
}

static void
test_refused_bodies (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GString) many = g_string_new ("{\"appointments\": [");
  g_autoptr (GString) huge = g_string_new ("{\"appointments\": [\"");
  g_autoptr (NvAppointment) one = make_request (NULL);
  g_autofree char *json = request_json (one);
  g_autofree char *body = batch_body (json, NULL);

  /* 101 items: too many, none stored. */
  for (int i = 0; i < 101; i++)
    {
      g_autoptr (NvAppointment) item = make_request (NULL);
      g_autofree char *item_json = request_json (item);

      g_string_append_printf (many, "%s%s", i ? "," : "", item_json);
    }
  g_string_append (many, "]}");
  assert_post_refused (fixture, fixture->token, many->str, 413, "appointments");

  while (huge->len < 300 * 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"]}");
  assert_post_refused (fixture, fixture->token, huge->str, 413, NULL);

  assert_post_refused (fixture, fixture->token, "{\"appointments\": [", 400, NULL);
  assert_post_refused (fixture, fixture->token, "{\"events\": []}", 400, "appointments");

  /* No token, a wrong one: 401, nothing stored. */
  assert_post_refused (fixture, NULL, body, 401, NULL);
  assert_post_refused (fixture, "nvk_kiosk-00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                       body, 401, NULL);
}

/* 50 kiosks ask for the same one-place slot at once, each its own request. */
static void
test_concurrent_last_place (Fixture *fixture, gconstpointer data)
{
  enum
  {
    N = 50
  };
  g_autofree char *slot = add_slot (fixture->store, 1, G_TIME_SPAN_DAY);
  SoupMessage     *msgs[N];
  Reply            replies[N];
  guint            taken = 0, needs_new_time = 0;

  for (guint i = 0; i < N; i++)
    {
      g_autoptr (NvAppointment) request = make_request (slot);
      g_autofree char *json = request_json (request);
      g_autofree char *body = batch_body (json, NULL);

      msgs[i] = post_json (fixture->url, fixture->token, "api/v1/kiosk/appointments", body);
      replies[i] = (Reply){ NULL, NULL, FALSE };
    }
  /* All sent before any is answered. */
  for (guint i = 0; i < N; i++)
    soup_session_send_and_read_async (fixture->session, msgs[i], G_PRIORITY_DEFAULT, NULL, reply_cb,
                                      &replies[i]);
  for (guint i = 0; i < N; i++)
    nv_test_wait_until (NULL, replies[i].done, 20000);

  for (guint i = 0; i < N; i++)
    {
      g_autoptr (JsonNode) node = NULL;
      JsonObject *object;
      JsonObject *result;
      const char *outcome;

      g_assert_no_error (replies[i].error);
      g_assert_cmpuint (soup_message_get_status (msgs[i]), ==, 200);
      object = parse_object (replies[i].body, &node);
      result = json_array_get_object_element (json_object_get_array_member (object, "results"), 0);
      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "accepted");
      outcome = json_object_get_string_member (result, "slot");
      if (g_str_equal (outcome, "taken"))
        taken++;
      else if (g_str_equal (outcome, "needs-new-time"))
        needs_new_time++;
      g_bytes_unref (replies[i].body);
      g_object_unref (msgs[i]);
    }
  g_assert_cmpuint (taken, ==, 1);
  g_assert_cmpuint (needs_new_time, ==, N - 1);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM appointments"), ==, N);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM appointments "
                                               "WHERE needs_new_time = 1"),
                   ==, N - 1);
  g_assert_cmpuint (slot_taken (fixture->store, slot), ==, 1);
}

/* The same race between separate connections (two server processes, or the CLI and
 * the server): the write transaction (nv_sqlite_begin) serialises them. */
typedef struct
{
  const char      *dir;
  const char      *slot;
  GMutex          *mutex;
  GCond           *cond;
  gboolean        *go;
  ServerSlotResult result;
} Racer;

static gpointer
race_thread (gpointer data)
{
  Racer *racer = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (racer->dir, NULL, &error);
  g_autoptr (GPtrArray) requests
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_appointment_free);
  g_autoptr (GArray) results = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (requests, make_request (racer->slot));
  g_mutex_lock (racer->mutex);
  while (!*racer->go)
    g_cond_wait (racer->cond, racer->mutex);
  g_mutex_unlock (racer->mutex);
  g_assert_true (
      server_store_insert_appointments (store, "kiosk-race", requests, &results, &error));
  g_assert_no_error (error);
  racer->result = g_array_index (results, ServerAppointmentResult, 0).slot;
  return NULL;
}

static void
test_concurrent_connections (Fixture *fixture, gconstpointer data)
{
  enum
  {
    N = 50
  };
  g_autofree char *slot = add_slot (fixture->store, 1, G_TIME_SPAN_DAY);
  GThread         *threads[N];
  Racer            racers[N];
  GMutex           mutex;
  GCond            cond;
  gboolean         go = FALSE;
  guint            taken = 0;

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  for (guint i = 0; i < N; i++)
    {
      racers[i] = (Racer){ fixture->dir, slot, &mutex, &cond, &go, SERVER_SLOT_RESULT_NONE };
      threads[i] = g_thread_new ("racer", race_thread, &racers[i]);
    }
  g_mutex_lock (&mutex);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&mutex);
  for (guint i = 0; i < N; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpint (racers[i].result, !=, SERVER_SLOT_RESULT_NONE);
      if (racers[i].result == SERVER_SLOT_RESULT_TAKEN)
        taken++;
    }
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
  g_assert_cmpuint (taken, ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM appointments"), ==, N);
  g_assert_cmpuint (slot_taken (fixture->store, slot), ==, 1);
}

static NvContent *
get_content (Fixture *fixture, const char *path)
{
  g_autofree char *url = g_strconcat (fixture->url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->token, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  NvContent *content;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  body = send (fixture->session, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  content = nv_content_from_bytes (body, &error);
  g_assert_no_error (error);
  return content;
}

static void
test_slots_in_content (Fixture *fixture, gconstpointer data)
{
  g_autofree char *slot = add_slot (fixture->store, 2, G_TIME_SPAN_DAY);
  g_autofree char *gone = add_slot (fixture->store, 2, 2 * G_TIME_SPAN_DAY);
  g_autofree char *past = add_slot (fixture->store, 2, -G_TIME_SPAN_DAY);
  g_autoptr (NvContent) full = NULL;
  g_autoptr (NvContent) delta = NULL;
  g_autoptr (NvContent) cancel_delta = NULL;
  g_autoptr (NvAppointment) request = make_request (slot);
  g_autofree char *json = request_json (request);
  g_autofree char *body = batch_body (json, NULL);
  g_autofree char *since = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  gint64  revision;
  NvSlot *found;

  g_assert_true (server_store_cancel_slot (fixture->store, gone, NULL, &error));
  /* A full bundle: the slots that can still be offered. */
  full = get_content (fixture, "api/v1/kiosk/content");
  g_assert_cmpuint (full->slots->len, ==, 1);
  found = find_slot (full->slots, slot);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->taken, ==, 0);
  g_assert_cmpuint (found->capacity, ==, 2);
  g_assert_cmpstr (found->organisation, ==, "test-library");
  g_assert_null (find_slot (full->slots, past));

  /* A place is taken: the delta since then carries the slot, and only it. */
  revision = full->revision;
  post_appointments (fixture, body, &node);
  since = g_strdup_printf ("api/v1/kiosk/content?since=%" G_GINT64_FORMAT, revision);
  delta = get_content (fixture, since);
  g_assert_cmpint (delta->revision, ==, revision + 1);
  g_assert_cmpuint (delta->slots->len, ==, 1);
  g_assert_cmpuint (delta->guides->len + delta->organisations->len, ==, 0);
  g_assert_cmpuint (((NvSlot *) delta->slots->pdata[0])->taken, ==, 1);

  /* A cancellation reaches a kiosk as a changed slot. */
  g_assert_true (server_store_cancel_slot (fixture->store, slot, NULL, &error));
  g_free (since);
  since = g_strdup_printf ("api/v1/kiosk/content?since=%" G_GINT64_FORMAT, revision + 1);
  cancel_delta = get_content (fixture, since);
  g_assert_cmpuint (cancel_delta->slots->len, ==, 1);
  g_assert_true (((NvSlot *) cancel_delta->slots->pdata[0])->cancelled);
}

static void
test_put_slot (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = add_slot (fixture->store, 2, G_TIME_SPAN_DAY);
  g_autoptr (NvAppointment) first = make_request (id);
  g_autoptr (NvAppointment) second = make_request (id);
  g_autoptr (GPtrArray) requests = g_ptr_array_new ();
  g_autoptr (GPtrArray) slots = NULL;
  g_autoptr (GArray) results = NULL;
  g_autoptr (GError) error = NULL;
  NvSlot *slot;

  g_ptr_array_add (requests, first);
  g_ptr_array_add (requests, second);
  g_assert_true (server_store_insert_appointments (fixture->store, fixture->kiosk_id, requests,
                                                   &results, &error));
  slots = server_store_list_slots (fixture->store, NULL, &error);
  slot = find_slot (slots, id);

  /* An advisor's edit keeps the server's count of places taken. */
  slot->taken = 0;
  slot->duration_minutes = 45;
  g_assert_true (server_store_put_slot (fixture->store, slot, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (slot_taken (fixture->store, id), ==, 2);
  slot->capacity = 1;
  g_assert_false (server_store_put_slot (fixture->store, slot, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "capacity");
  g_clear_error (&error);
  g_free (slot->organisation);
  slot->organisation = g_strdup ("no-such-place");
  slot->capacity = 3;
  g_assert_false (server_store_put_slot (fixture->store, slot, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "organisation");
  g_clear_error (&error);

  /* Cancelling: those who held a place need a new time. */
  {
    guint flagged = 0;

    g_assert_true (server_store_cancel_slot (fixture->store, id, &flagged, &error));
    g_assert_cmpuint (flagged, ==, 2);
    g_assert_false (server_store_cancel_slot (fixture->store, id, &flagged, &error));
    g_assert_error (error, NV_ERROR, NV_ERROR_CONFLICT);
    g_clear_error (&error);
    g_assert_false (server_store_cancel_slot (fixture->store, "nope", &flagged, &error));
    g_assert_error (error, NV_ERROR, NV_ERROR_NOT_FOUND);
  }
}

/* The command line */

static const char *
server_path (void)
{
  const char *path = g_getenv ("NEUVOKAS_SERVER");

  g_assert_nonnull (path);
  return path;
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs neuvokas-server with @now as NEUVOKAS_NOW (NULL: the real time). */
static void
run_server (Run *run, const char *now, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     ap;

  g_ptr_array_add (args, (gpointer) server_path ());
  va_start (ap, now);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (now != NULL)
    g_subprocess_launcher_setenv (launcher, "NEUVOKAS_NOW", now, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "NEUVOKAS_NOW");
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

static guint
count_substrings (const char *text, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* A failure: one sentence on stderr saying @says, and @status. */
static void
assert_failed (const Run *run, int status, const char *says)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "neuvokas-server: "));
  if (strstr (run->err, says) == NULL)
    g_error ("“%s” does not say “%s”", run->err, says);
}

/* A store in @dir seeded with the test content, closed again for the command line. */
static char *
make_cli_dir (void)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = NULL;
  char *dir = nv_test_make_tmpdir ();

  store = server_store_open (dir, seed, &error);
  g_assert_no_error (error);
  return dir;
}

static char *
time_from_now (GTimeSpan span)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) then = g_date_time_add (now, span);

  return nv_format_time_utc (then);
}

static void
test_cli_slots (void)
{
  g_autofree char *dir = make_cli_dir ();
  g_auto (Run) help = { 0 };
  g_auto (Run) add = { 0 };
  g_auto (Run) home = { 0 };
  g_auto (Run) list = { 0 };
  g_auto (Run) cancel = { 0 };
  g_auto (Run) again = { 0 };
  g_auto (Run) unknown = { 0 };
  g_auto (Run) listed = { 0 };
  g_autofree char *id = NULL;
  /* 2026-11-24 10:00 in Helsinki is 08:00 UTC; "now" is the day before. */
  const char        *now = "2026-11-23T10:00:00Z";
  static const char *mistakes[][12] = {
    { "--kind", "digital-support", "--start", "2026-11-24 10:00", NULL },
    { "--home-visit", "--organisation", "test-library", "--start", "2026-11-24 10:00", NULL },
    { "--organisation", "test-library", "--start", "2026-11-24 10:00", NULL },
    { "--organisation", "test-library", "--kind", "digital-support", "--start", "24.11.2026",
      NULL },
    { "--organisation", "test-library", "--kind", "digital-support", "--start", "2026-11-22 10:00",
      NULL },
    { "--organisation", "test-library", "--kind", "tea", "--start", "2026-11-24 10:00", NULL },
    { "--organisation", "nowhere", "--kind", "digital-support", "--start", "2026-11-24 10:00",
      NULL },
    { "--organisation", "test-library", "--kind", "digital-support", "--start", "2026-11-24 10:00",
      "--capacity", "500", NULL },
    /* The range every reader applies, checked on write too. */
    { "--home-visit", "--kind", "home-visit", "--start", "2101-01-01 10:00", NULL },
  };
  static const char *says[] = {
    "--organisation ID or --home-visit",
    "--organisation ID or --home-visit",
    "needs --kind and --start",
    "--start expects",
    "in the past",
    "--kind must be one of",
    "--organisation names an organisation",
    "--capacity must be between",
    "--start must be a time in the years 2000 to 2100",
  };

  run_server (&help, now, "--data-dir", dir, "slot", "add", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--home-visit"));

  run_server (&add, now, "--data-dir", dir, "slot", "add", "--organisation", "test-library",
              "--kind", "digital-support", "--start", "2026-11-24 10:00", "--capacity", "2", NULL);
  g_assert_cmpint (add.status, ==, 0);
  g_assert_true (g_str_has_prefix (add.out, "slot-"));
  id = g_strstrip (g_strdup (add.out));
  run_server (&home, now, "--data-dir", dir, "slot", "add", "--home-visit", "--start",
              "2026-11-25 13:30", "--duration", "60", NULL);
  g_assert_cmpint (home.status, ==, 0);
  /* The place has a slot then already: refused, as in the console. */
  {
    g_auto (Run) twice = { 0 };

    run_server (&twice, now, "--data-dir", dir, "slot", "add", "--organisation", "test-library",
                "--kind", "digital-support", "--start", "2026-11-24 10:15", NULL);
    assert_failed (&twice, 2, "--start overlaps another slot of the same place");
  }

  for (guint i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_auto (Run) run = { 0 };
      const char *const *m = mistakes[i];

      run_server (&run, now, "--data-dir", dir, "slot", "add", m[0], m[1], m[2], m[3], m[4], m[5],
                  m[6], m[7], m[8], m[9], NULL);
      assert_failed (&run, 2, says[i]);
    }

  run_server (&list, now, "--data-dir", dir, "slot", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpuint (count_lines (list.out), ==, 3);
  g_assert_nonnull (strstr (list.out, id));
  g_assert_nonnull (strstr (list.out, "2026-11-24 10:00"));
  g_assert_nonnull (strstr (list.out, "0/2"));
  g_assert_nonnull (strstr (list.out, "(home visit)"));

  run_server (&cancel, now, "--data-dir", dir, "slot", "cancel", id, NULL);
  g_assert_cmpint (cancel.status, ==, 0);
  run_server (&again, now, "--data-dir", dir, "slot", "cancel", id, NULL);
  assert_failed (&again, 1, "already cancelled");
  run_server (&unknown, now, "--data-dir", dir, "slot", "cancel", "slot-nope", NULL);
  assert_failed (&unknown, 1, "no slot");
  /* Once a slot has started, it is no longer listed. */
  run_server (&listed, "2026-11-24T09:00:00Z", "--data-dir", dir, "slot", "list", NULL);
  g_assert_null (strstr (listed.out, id));
  g_assert_cmpuint (count_lines (listed.out), ==, 2);
  nv_test_rm_rf (dir);
}

/* Stores requests as a kiosk would, in a store the test then closes. */
static void
store_requests (const char *dir, GPtrArray *requests)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (dir, NULL, &error);
  g_autoptr (GArray) results = NULL;

  g_assert_no_error (error);
  g_assert_true (server_store_insert_appointments (store, "kiosk-cli", requests, &results, &error));
  g_assert_no_error (error);
}

static gint64
count_in_store (const char *dir, const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) store = server_store_open (dir, NULL, &error);

  g_assert_no_error (error);
  return count_rows (store, sql);
}

static void
test_cli_appointments (void)
{
  g_autofree char *dir = make_cli_dir ();
  g_autoptr (GPtrArray) requests
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_appointment_free);
  g_auto (Run) list = { 0 };
  g_auto (Run) show = { 0 };
  g_auto (Run) contacted = { 0 };
  g_auto (Run) done = { 0 };
  g_auto (Run) done_again = { 0 };
  g_auto (Run) corrected = { 0 };
  g_auto (Run) no_outcome = { 0 };
  g_auto (Run) bad_outcome = { 0 };
  g_auto (Run) unknown = { 0 };
  g_auto (Run) open_only = { 0 };
  g_auto (Run) all = { 0 };
  g_autofree char *lower = NULL;
  NvAppointment   *first, *second, *third;

  first = make_request (NULL);
  second = make_request ("slot-unknown");
  third = make_request (NULL);
  g_free (second->name);
  second->name = g_strdup ("Bertta Toinen");
  g_ptr_array_add (requests, first);
  g_ptr_array_add (requests, second);
  g_ptr_array_add (requests, third);
  store_requests (dir, requests);

  run_server (&list, NULL, "--data-dir", dir, "appointment", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, first->reference));
  g_assert_nonnull (strstr (list.out, "Bertta Toinen"));
  g_assert_nonnull (strstr (list.out, "+358401112233"));
  g_assert_nonnull (strstr (list.out, "Reason: device"));
  g_assert_nonnull (strstr (list.out, "Preferred: mon, wed, morning"));
  g_assert_nonnull (strstr (list.out, "Slot: slot-unknown"));
  g_assert_nonnull (strstr (list.out, "From the guide omaolo, step 2"));
  g_assert_cmpuint (count_substrings (list.out, "NEEDS A NEW TIME"), ==, 1);
  /* One audit row per request shown, by this user. */
  g_assert_cmpint (count_in_store (dir, "SELECT count(*) FROM audit_log WHERE action = 'list' "
                                        "AND actor LIKE 'cli:%'"),
                   ==, 3);

  lower = g_ascii_strdown (second->reference, -1);
  run_server (&show, NULL, "--data-dir", dir, "appointment", "show", lower, NULL);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, "Bertta Toinen"));
  g_assert_null (strstr (show.out, "Aino"));

  run_server (&contacted, NULL, "--data-dir", dir, "appointment", "mark", first->reference,
              "contacted", NULL);
  g_assert_cmpint (contacted.status, ==, 0);
  run_server (&done, NULL, "--data-dir", dir, "appointment", "mark", first->id, "done", "--outcome",
              "solved", NULL);
  g_assert_cmpint (done.status, ==, 0);
  g_assert_nonnull (strstr (done.out, "done: solved"));
  run_server (&done_again, NULL, "--data-dir", dir, "appointment", "mark", first->id, "done",
              "--outcome", "solved", NULL);
  assert_failed (&done_again, 1, "already done");
  run_server (&no_outcome, NULL, "--data-dir", dir, "appointment", "mark", third->id, "done", NULL);
  assert_failed (&no_outcome, 2, "needs --outcome");
  run_server (&bad_outcome, NULL, "--data-dir", dir, "appointment", "mark", third->id, "done",
              "--outcome", "great", NULL);
  assert_failed (&bad_outcome, 2, "needs --outcome");
  run_server (&unknown, NULL, "--data-dir", dir, "appointment", "mark", "QQQQQQ", "contacted",
              NULL);
  assert_failed (&unknown, 1, "no request");

  /* Done requests leave the default list; --all shows them, after the open ones. */
  run_server (&open_only, NULL, "--data-dir", dir, "appointment", "list", NULL);
  g_assert_null (strstr (open_only.out, first->reference));
  g_assert_nonnull (strstr (open_only.out, third->reference));
  run_server (&all, NULL, "--data-dir", dir, "appointment", "list", "--all", NULL);
  g_assert_cmpuint ((guint) (strstr (all.out, first->reference) - all.out), >,
                    (guint) (strstr (all.out, third->reference) - all.out));
  g_assert_nonnull (strstr (all.out, "(solved)"));
  /* Another outcome corrects the first. */
  run_server (&corrected, NULL, "--data-dir", dir, "appointment", "mark", first->id, "done",
              "--outcome", "referred", NULL);
  g_assert_cmpint (corrected.status, ==, 0);
  g_assert_nonnull (strstr (corrected.out, "done: referred"));

  g_assert_cmpint (count_in_store (dir, "SELECT count(*) FROM audit_log WHERE action = 'show'"), ==,
                   1);
  /* A row per change: contacted, done, corrected. */
  g_assert_cmpint (count_in_store (dir, "SELECT count(*) FROM audit_log WHERE action = 'mark'"), ==,
                   3);
  g_assert_cmpint (count_in_store (dir, "SELECT count(*) FROM audit_log WHERE action = 'list'"), ==,
                   3 + 2 + 3);
  nv_test_rm_rf (dir);
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  /* The file is binary: search its bytes, past any NUL. */
  for (gsize i = 0; i + strlen (needle) <= length; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

static void
test_cli_purge (void)
{
  g_autofree char *dir = make_cli_dir ();
  g_autofree char *db = g_build_filename (dir, "neuvokas.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "neuvokas.db-wal", NULL);
  g_autoptr (GPtrArray) requests
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_appointment_free);
  g_autofree char *day_1 = time_from_now (G_TIME_SPAN_DAY);
  g_autofree char *day_95 = time_from_now (95 * G_TIME_SPAN_DAY);
  g_autofree char *day_100 = time_from_now (100 * G_TIME_SPAN_DAY);
  g_auto (Run) old_done = { 0 };
  g_auto (Run) recent_done = { 0 };
  g_auto (Run) purge = { 0 };
  g_auto (Run) again = { 0 };
  g_auto (Run) bad = { 0 };
  g_auto (Run) list = { 0 };
  NvAppointment *old, *recent, *open;

  old = make_request (NULL);
  g_free (old->name);
  old->name = g_strdup ("Vanha Käsitelty");
  g_free (old->phone);
  old->phone = g_strdup ("+358409998877");
  recent = make_request (NULL);
  open = make_request (NULL);
  g_ptr_array_add (requests, old);
  g_ptr_array_add (requests, recent);
  g_ptr_array_add (requests, open);
  store_requests (dir, requests);

  run_server (&old_done, day_1, "--data-dir", dir, "appointment", "mark", old->id, "done",
              "--outcome", "referred", NULL);
  g_assert_cmpint (old_done.status, ==, 0);
  run_server (&recent_done, day_95, "--data-dir", dir, "appointment", "mark", recent->id, "done",
              "--outcome", "solved", NULL);
  g_assert_cmpint (recent_done.status, ==, 0);
  g_assert_true (file_contains (db, "Vanha Käsitelty") || file_contains (wal, "Vanha Käsitelty"));

  run_server (&bad, day_100, "--data-dir", dir, "purge", "--retention-days", "-1", NULL);
  assert_failed (&bad, 2, "--retention-days");
  run_server (&purge, day_100, "--data-dir", dir, "purge", NULL);
  g_assert_cmpint (purge.status, ==, 0);
  g_assert_true (g_str_has_prefix (purge.out, "Purged 1 request"));
  run_server (&again, day_100, "--data-dir", dir, "purge", "--retention-days", "90", NULL);
  g_assert_true (g_str_has_prefix (again.out, "Purged 0 request"));

  /* Personal fields gone; what evaluation needs is kept; the others untouched. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (ServerStore) store = server_store_open (dir, NULL, &error);
    g_autoptr (sqlite3_stmt) stmt = NULL;

    g_assert_no_error (error);
    stmt = server_store_prepare (store,
                                 "SELECT name, phone, purged_at, reason, outcome, "
                                 "done_at, received, guide, guide_step FROM appointments "
                                 "WHERE id = ?1",
                                 &error);
    sqlite3_bind_text (stmt, 1, old->id, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_null (sqlite3_column_text (stmt, 0));
    g_assert_null (sqlite3_column_text (stmt, 1));
    g_assert_nonnull (sqlite3_column_text (stmt, 2));
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "device");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, "referred");
    g_assert_nonnull (sqlite3_column_text (stmt, 5));
    g_assert_nonnull (sqlite3_column_text (stmt, 6));
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 7), ==, "omaolo");
    g_assert_cmpint (sqlite3_column_int (stmt, 8), ==, 2);
    g_clear_pointer (&stmt, sqlite3_finalize);
    g_assert_cmpint (count_rows (store, "SELECT count(*) FROM appointments WHERE name IS NOT "
                                        "NULL AND phone IS NOT NULL AND purged_at IS NULL"),
                     ==, 2);
    g_assert_cmpint (count_rows (store, "SELECT count(*) FROM audit_log WHERE action = "
                                        "'purge'"),
                     ==, 1);
  }
  /* Erased from the file too, not only from the table. */
  g_assert_false (file_contains (db, "Vanha Käsitelty"));
  g_assert_false (file_contains (wal, "Vanha Käsitelty"));
  g_assert_false (file_contains (db, "+358409998877"));

  run_server (&list, day_100, "--data-dir", dir, "appointment", "list", "--all", NULL);
  g_assert_nonnull (strstr (list.out, "Name and phone erased"));
  g_assert_null (strstr (list.out, "Vanha"));
  nv_test_rm_rf (dir);
}

/* Personal data goes to the appointments table and nowhere else */

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

static void
spliced_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, NULL);
  *done = TRUE;
}

static void
exited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

/* Every table of the database, every column as text: which tables hold @needle. */
static char *
tables_holding (const char *db_path, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (db_path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autoptr (sqlite3_stmt) tables = NULL;
  g_autoptr (GString) found = g_string_new (NULL);
  guint n_tables = 0;

  g_assert_no_error (error);
  tables = nv_sqlite_prepare (db,
                              "SELECT name FROM sqlite_master WHERE type = 'table' "
                              "ORDER BY name",
                              &error);
  g_assert_no_error (error);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char      *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      g_autoptr (sqlite3_stmt) rows = nv_sqlite_prepare (db, sql, &error);
      gboolean holds = FALSE;

      g_assert_no_error (error);
      n_tables++;
      while (sqlite3_step (rows) == SQLITE_ROW)
        for (int i = 0; i < sqlite3_column_count (rows); i++)
          {
            const char *text = (const char *) sqlite3_column_text (rows, i);

            if (text != NULL && strstr (text, needle) != NULL)
              holds = TRUE;
          }
      if (holds)
        g_string_append_printf (found, "%s%s", found->len ? "," : "", table);
    }
  /* meta, content, tombstones, kiosks, events, slots, appointments, audit_log … */
  g_assert_cmpuint (n_tables, >=, 10);
  return g_string_free (g_steal_pointer (&found), FALSE);
}

static char *
event_json (const char *type, const char *extra)
{
  g_autofree char *id = g_uuid_string_random ();

  return g_strdup_printf ("{\"id\": \"%s\", \"session\": \"6f1c1f57-5d2e-4b55-9a51-7a3c3e2a9b10\","
                          " \"time\": \"2026-11-20T10:00:00.000Z\", \"type\": \"%s\","
                          " \"language\": \"fi\", \"text_size\": 0, \"high_contrast\": false,"
                          " \"value\": 0%s}",
                          id, type, extra);
}

static void
post_and_expect (SoupSession *session,
                 const char  *url,
                 const char  *token,
                 const char  *path,
                 const char  *body,
                 guint        status)
{
  g_autoptr (SoupMessage) msg = post_json (url, token, path, body);
  g_autoptr (GBytes) reply = send (session, msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
}

static void
test_planted_name (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "neuvokas.db", NULL);
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GOutputStream) captured = g_memory_output_stream_new_resizable ();
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NvAppointment) planted = make_request (NULL);
  g_autoptr (NvAppointment) rejected = make_request (NULL);
  g_autoptr (NvAppointment) unknown_slot = make_request ("slot-nowhere");
  g_auto (Run) kiosk = { 0 };
  g_auto (Run) csv = { 0 };
  g_auto (Run) ndjson = { 0 };
  g_auto (GStrv) lines = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json1 = NULL;
  g_autofree char *json2 = NULL;
  g_autofree char *json3 = NULL;
  g_autofree char *appointments = NULL;
  g_autofree char *event1 = event_json ("session_start", "");
  g_autofree char *event2
      = event_json ("appointment_submitted", ", \"detail\": \"preferred-time\"");
  g_autofree char *event3 = event_json ("feedback", ", \"subject\": \"omaolo\", "
                                                    "\"detail\": \"" PLANTED_NAME "\"");
  g_autofree char *event4
      = event_json ("appointment_step", ", \"detail\": \"" PLANTED_PHONE "\", \"value\": 4");
  g_autofree char *events
      = g_strdup_printf ("{\"events\": [%s, %s, %s, %s]}", event1, event2, event3, event4);
  g_autofree char *in_tables = NULL;
  g_autofree char *phone_tables = NULL;
  g_autofree char *output = NULL;
  gboolean         spliced = FALSE;
  gboolean         exited = FALSE;
  const char      *token;

  /* A kiosk, and the server as it runs in production, with every debug message on. */
  run_server (&kiosk, NULL, "--data-dir", dir, "kiosk", "add", "--name", "Aula", "--municipality",
              "564", NULL);
  g_assert_cmpint (kiosk.status, ==, 0);
  lines = g_strsplit (kiosk.out, "\n", -1);
  token = lines[1];

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  process
      = g_subprocess_launcher_spawn (launcher, &error, server_path (), "--data-dir", dir, "serve",
                                     "--listen", "127.0.0.1:0", "--content-dir", seed, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &line);
  nv_test_wait_until (NULL, line != NULL, 10000);
  /* Debug lines may come first; find the one that says where it listens. */
  while (strstr (line, "listening on http://") == NULL)
    {
      g_clear_pointer (&line, g_free);
      g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &line);
      nv_test_wait_until (NULL, line != NULL, 10000);
      g_assert_cmpstr (line, !=, "");
    }
  url = g_strdup (strstr (line, "http://"));
  /* Everything else it writes, kept until it exits. */
  g_output_stream_splice_async (captured, G_INPUT_STREAM (out), G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, spliced_cb, &spliced);

  g_free (planted->name);
  planted->name = g_strdup (PLANTED_NAME);
  g_free (planted->phone);
  planted->phone = g_strdup (PLANTED_PHONE);
  json1 = request_json (planted);
  /* Rejected ones go through the error paths: they must not echo the values either. */
  g_free (rejected->name);
  rejected->name = g_strdup (PLANTED_NAME "\n");
  g_free (rejected->phone);
  rejected->phone = g_strdup (PLANTED_PHONE "9999");
  json2 = request_json (rejected);
  g_free (unknown_slot->name);
  unknown_slot->name = g_strdup (PLANTED_NAME);
  json3 = request_json (unknown_slot);
  appointments = batch_body (json1, json2, json3, NULL);

  post_and_expect (session, url, token, "api/v1/kiosk/appointments", appointments, 200);
  post_and_expect (session, url, token, "api/v1/kiosk/appointments", appointments, 200);
  post_and_expect (session, url, token, "api/v1/kiosk/events", events, 200);
  post_and_expect (session, url, NULL, "api/v1/kiosk/appointments", appointments, 401);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, exited_cb, &exited);
  nv_test_wait_until (NULL, exited && spliced, 10000);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* The database: only the appointments table holds them. */
  in_tables = tables_holding (db, PLANTED_NAME);
  g_assert_cmpstr (in_tables, ==, "appointments");
  phone_tables = tables_holding (db, PLANTED_PHONE);
  g_assert_cmpstr (phone_tables, ==, "appointments");
  g_assert_cmpint (count_in_store (dir, "SELECT count(*) FROM events"), ==, 2);

  /* The export. */
  run_server (&csv, NULL, "--data-dir", dir, "export", "events", NULL);
  run_server (&ndjson, NULL, "--data-dir", dir, "export", "events", "--format", "ndjson", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_cmpuint (count_lines (csv.out), ==, 3);
  g_assert_cmpuint (count_lines (ndjson.out), ==, 2);
  g_assert_null (strstr (csv.out, PLANTED_NAME));
  g_assert_null (strstr (csv.out, PLANTED_PHONE));
  g_assert_null (strstr (ndjson.out, PLANTED_NAME));
  g_assert_null (strstr (ndjson.out, PLANTED_PHONE));
  g_assert_null (strstr (csv.err, PLANTED_NAME));

  /* The server's own output, debug messages and all. */
  output = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (captured)),
                      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (captured)));
  g_assert_nonnull (strstr (output, "/api/v1/kiosk/appointments"));
  g_assert_null (strstr (output, PLANTED_NAME));
  g_assert_null (strstr (output, PLANTED_PHONE));
  g_assert_null (strstr (output, "+35840123"));
  nv_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-appointments/accepted-duplicate-rejected", test_accepted_duplicate_rejected);
  ADD ("/server-appointments/needs-new-time", test_needs_new_time);
  ADD ("/server-appointments/refused-bodies", test_refused_bodies);
  ADD ("/server-appointments/concurrent-last-place", test_concurrent_last_place);
  ADD ("/server-appointments/concurrent-connections", test_concurrent_connections);
  ADD ("/server-appointments/slots-in-content", test_slots_in_content);
  ADD ("/server-appointments/put-slot", test_put_slot);
#undef ADD
  g_test_add_func ("/server-appointments/cli-slots", test_cli_slots);
  g_test_add_func ("/server-appointments/cli-appointments", test_cli_appointments);
  g_test_add_func ("/server-appointments/cli-purge", test_cli_purge);
  g_test_add_func ("/server-appointments/planted-name", test_planted_name);

  return g_test_run ();
}

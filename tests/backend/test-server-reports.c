/* test-server-reports.c — evaluators' reports and the streamed events export, over real HTTP
 *
 * One set of visits is stored for every test (seed_visits), so each section's figures can
 * be checked against counts worked out by hand. The store's clock is the fixture's:
 * 2026-11-30 12:00 in Helsinki, so the default range is 2026-11-01 to 2026-11-30.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "nv-json-private.h"
#include "server-api.h"
#include "server-store-private.h"
#include "server-store-kiosks.h"
#include "server-store-events.h"
#include "server-store-reports.h"
#include "server-store-users.h"
#include "nv-test-http.h"
#include "nv-test-util.h"

#define NOW 1796032800 /* 2026-11-30T10:00:00Z */
#define NOVEMBER "from=2026-11-01&to=2026-11-30"
#define HYPERLINK "=HYPERLINK(\"x\")"

typedef struct
{
  char        *dir;
  ServerStore *store;
  ServerHttp  *http;
  SoupSession *session;
  char        *url;
  gint64       now;
  char        *kiosk_a; /* "Aula" */
  char        *kiosk_b; /* "Kirjasto" */
  /* While seeding: what the next event gets */
  GHashTable *pending; /* kiosk id → GPtrArray of NvEvent */
  NvLang      language;
  guint       text_size;
  gint64      tick;             /* milliseconds added to each event's time, so calls keep order */
  gint64      content_revision; /* on screen; 0: not known, as from older kiosks */
} Fixture;

/* A signed-in staff member: the session cookie's token. */
typedef struct
{
  char *token;
  char *csrf;
} Staff;

static void
staff_clear (Staff *staff)
{
  g_clear_pointer (&staff->token, g_free);
  g_clear_pointer (&staff->csrf, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Staff, staff_clear)

static gint64
fixture_clock_cb (gpointer user_data)
{
  return ((Fixture *) user_data)->now;
}

/* Seeding */

static void
add_event (Fixture    *fixture,
           const char *kiosk,
           const char *session,
           const char *time,
           const char *type,
           const char *subject,
           gint64      value,
           const char *detail)
{
  g_autoptr (GDateTime) base = g_date_time_new_from_iso8601 (time, NULL);
  GPtrArray  *events = g_hash_table_lookup (fixture->pending, kiosk);
  NvEventType event_type;
  NvEvent    *event;

  g_assert_nonnull (base);
  g_assert_true (nv_event_type_from_string (type, &event_type));
  event = nv_event_new (event_type, session);
  g_date_time_unref (event->time);
  event->time = g_date_time_add (base, fixture->tick++ * 1000);
  event->subject = g_strdup (subject);
  event->value = value;
  event->detail = g_strdup (detail);
  event->language = fixture->language;
  event->text_size = (guint8) fixture->text_size;
  event->content_revision = fixture->content_revision;
  if (events == NULL)
    {
      events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
      g_hash_table_insert (fixture->pending, g_strdup (kiosk), events);
    }
  g_ptr_array_add (events, event);
}

static void
store_pending (Fixture *fixture)
{
  GHashTableIter iter;
  gpointer       kiosk, events;

  g_hash_table_iter_init (&iter, fixture->pending);
  while (g_hash_table_iter_next (&iter, &kiosk, &events))
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (server_store_insert_events (fixture->store, kiosk, events, NULL, &error));
      g_assert_no_error (error);
    }
  g_hash_table_remove_all (fixture->pending);
}

static void
run_sql (Fixture *fixture, const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "neuvokas.db", NULL);
  g_autoptr (sqlite3) db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Requests as advisors left them: six solved after 1, 1, 2, 2, 3 and 10 days, one open.
 * Each with a name and phone number that no report may show. */
static void
seed_requests (Fixture *fixture)
{
  static const char *const contacted[] = {
    "2026-11-11", "2026-11-11", "2026-11-12", "2026-11-12", "2026-11-13", "2026-11-20",
  };
  g_autoptr (GString) sql = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (contacted); i++)
    g_string_append_printf (sql,
                            "INSERT INTO appointments (id, reference, kiosk, created, "
                            "received, reason, contact_method, language, name, phone, state, "
                            "outcome, contacted_at, done_at) VALUES ('req-%u', 'REF%03u', '%s', "
                            "'2026-11-10T08:00:00.000Z', '2026-11-10T08:00:01.000Z', 'device', "
                            "'phone', 'fi', 'Aili Aaltonen', '+358401234567', 'done', 'solved', "
                            "'%sT08:00:00.000Z', '%sT09:00:00.000Z');",
                            i, i, fixture->kiosk_a, contacted[i], contacted[i]);
  g_string_append_printf (sql,
                          "INSERT INTO appointments (id, reference, kiosk, created, "
                          "received, reason, contact_method, language, name, phone) VALUES "
                          "('req-open', 'REFOPN', '%s', '2026-11-12T08:00:00.000Z', "
                          "'2026-11-12T08:00:01.000Z', 'forms', 'meeting', 'fi', 'Aili Aaltonen', "
                          "'+358401234567');",
                          fixture->kiosk_b);
  run_sql (fixture, sql->str);
}

/* The visits every test reports on (the figures each section must give are in its test):
 *
 * - six on kiosk A on Tuesday 2026-11-10 at 12:00 Helsinki time, in Finnish: the guide
 *   omaolo, completed by five; five searches for "passi" without results, one for a
 *   name; an appointment started by six and sent by five; feedback; five ended by the
 *   timeout, one by Start over;
 * - five on kiosk B starting at 00:30 on Thursday 2026-11-12 in Helsinki (still 11-11 in
 *   UTC), in Swedish with larger text: a guide with a spreadsheet formula for an id, left
 *   at its step 3, and the organisation test-library; three listened to a guide;
 * - two on kiosk A on 2026-11-20 in English that only looked at call-112;
 * - seven on kiosk A on 2026-10-01, outside November. */
static void
seed_visits (Fixture *fixture)
{
  static const gint64 lengths[] = { 600, 60, 300, 120, 240, 180 };
  const char         *a = fixture->kiosk_a;
  const char         *b = fixture->kiosk_b;

  fixture->language = NV_LANG_FI;
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *s = g_uuid_string_random ();
      const char      *t = "2026-11-10T10:00:00Z";

      add_event (fixture, a, s, t, "session_start", NULL, 0, NULL);
      add_event (fixture, a, s, t, "guide_view", "omaolo", 0, NULL);
      add_event (fixture, a, s, t, "step_view", "omaolo", 1, NULL);
      add_event (fixture, a, s, t, "step_view", "omaolo", 2, NULL);
      if (i < 5)
        {
          add_event (fixture, a, s, t, "guide_complete", "omaolo", 2, NULL);
          add_event (fixture, a, s, t, "search", NULL, 0, "passi");
        }
      else
        {
          add_event (fixture, a, s, t, "search", NULL, 0, "aili aaltonen");
          add_event (fixture, a, s, t, "search", NULL, 3, "kela");
        }
      add_event (fixture, a, s, t, "appointment_started", NULL, 0, NULL);
      add_event (fixture, a, s, t, "appointment_step", NULL, 1, "reason");
      if (i < 5)
        {
          add_event (fixture, a, s, t, "appointment_step", NULL, 2, "contact");
          add_event (fixture, a, s, t, "appointment_step", NULL, 3, "time");
          add_event (fixture, a, s, t, "appointment_step", NULL, 4, "details");
          add_event (fixture, a, s, t, "appointment_step", NULL, 5, "privacy");
          add_event (fixture, a, s, t, "appointment_submitted", NULL, 0, "slot");
          add_event (fixture, a, s, t, "appointment_step", NULL, 6, "receipt");
        }
      else
        add_event (fixture, a, s, t, "appointment_abandoned", NULL, 1, "reason");
      /* The first changes its mind: only its last word counts. */
      if (i == 0)
        add_event (fixture, a, s, t, "feedback", "omaolo", 0, "bad");
      add_event (fixture, a, s, t, "feedback", "omaolo", 0, i < 5 ? "good" : "bad");
      add_event (fixture, a, s, t, "session_end", NULL, lengths[i],
                 i < 5 ? "timeout" : "start-over");
    }

  fixture->language = NV_LANG_SV;
  fixture->text_size = 1;
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *s = g_uuid_string_random ();
      const char      *t = "2026-11-11T22:30:00Z";

      add_event (fixture, b, s, t, "session_start", NULL, 0, NULL);
      add_event (fixture, b, s, t, "guide_view", HYPERLINK, 0, NULL);
      for (guint step = 1; step <= 3; step++)
        add_event (fixture, b, s, t, "step_view", HYPERLINK, step, NULL);
      add_event (fixture, b, s, t, "organisation_view", "test-library", 0, NULL);
      if (i < 3)
        add_event (fixture, b, s, t, "read_aloud", "guide:omaolo", 1, NULL);
    }

  fixture->language = NV_LANG_EN;
  fixture->text_size = 0;
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *s = g_uuid_string_random ();

      add_event (fixture, a, s, "2026-11-20T08:00:00Z", "guide_view", "call-112", 0, NULL);
    }

  fixture->language = NV_LANG_FI;
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *s = g_uuid_string_random ();

      add_event (fixture, a, s, "2026-10-01T10:00:00Z", "session_start", NULL, 0, NULL);
    }
  store_pending (fixture);
  seed_requests (fixture);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;

  fixture->now = NOW;
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = server_store_open (fixture->dir, seed, &error);
  g_assert_no_error (error);
  server_store_set_clock (fixture->store, fixture_clock_cb, fixture);
  fixture->http = server_api_new_http (fixture->store, NULL);
  g_assert_nonnull (fixture->http);
  g_assert_true (server_http_listen (fixture->http, address, &error));
  g_assert_no_error (error);
  fixture->url = server_http_get_url (fixture->http);
  fixture->session = soup_session_new ();
  fixture->pending
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  g_assert_true (server_store_add_user (fixture->store, "eero", SERVER_ROLE_EVALUATOR,
                                        "evaluator-password", &error));
  g_assert_true (server_store_add_user (fixture->store, "aino", SERVER_ROLE_ADVISOR,
                                        "advisor-password", &error));
  g_assert_true (
      server_store_add_user (fixture->store, "aada", SERVER_ROLE_ADMIN, "admin-password", &error));
  g_assert_true (
      server_store_add_kiosk (fixture->store, "Aula", "564", &fixture->kiosk_a, &token, &error));
  g_clear_pointer (&token, g_free);
  g_assert_true (server_store_add_kiosk (fixture->store, "Kirjasto", "564", &fixture->kiosk_b,
                                         &token, &error));
  g_assert_no_error (error);
  seed_visits (fixture);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->http);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
  g_free (fixture->kiosk_a);
  g_free (fixture->kiosk_b);
  g_hash_table_unref (fixture->pending);
}

/* HTTP */

/* A session of @name made in the store: no password hashing. */
static void
sign_in (Fixture *fixture, const char *name, Staff *out_staff)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerUser) user = server_store_find_user (fixture->store, name, &error);
  g_autoptr (ServerSession) session = NULL;

  g_assert_no_error (error);
  session = server_store_create_session (fixture->store, user->id, &out_staff->token, &error);
  g_assert_no_error (error);
  out_staff->csrf = g_strdup (session->csrf_token);
}

/* POST @body to @path as @staff, with the session's CSRF token when @csrf; the status and
 * the body. */
static guint
post (Fixture     *fixture,
      const char  *path,
      const Staff *staff,
      gboolean     csrf,
      const char  *body,
      GBytes     **out_body)
{
  g_autofree char *url = g_strconcat (fixture->url, path + 1, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) reply = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (staff != NULL)
    {
      g_autofree char *cookie = g_strconcat ("nv_session=", staff->token, NULL);

      soup_message_headers_replace (headers, "Cookie", cookie);
      if (csrf)
        soup_message_headers_replace (headers, "X-CSRF-Token", staff->csrf);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = nv_test_http_send (fixture->session, msg, 20000);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&reply);
  return soup_message_get_status (msg);
}

/* GET @path (without the leading slash's base) as @staff (NULL: nobody); the status, the
 * body, and the message through @out_msg for its headers. */
static guint
get (Fixture      *fixture,
     const char   *path,
     const Staff  *staff,
     GBytes      **out_body,
     SoupMessage **out_msg)
{
  g_autofree char *url = g_strconcat (fixture->url, path + 1, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  guint status;

  g_assert_nonnull (msg);
  if (staff != NULL)
    {
      g_autofree char *cookie = g_strconcat ("nv_session=", staff->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
    }
  body = nv_test_http_send (fixture->session, msg, 20000);
  status = soup_message_get_status (msg);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&body);
  if (out_msg != NULL)
    *out_msg = g_steal_pointer (&msg);
  return status;
}

/* GET a report as the evaluator: its JSON, after checking the status. */
static JsonNode *
get_report (Fixture *fixture, const char *path, guint expected_status)
{
  g_auto (Staff) staff = { NULL };
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  sign_in (fixture, "eero", &staff);
  g_assert_cmpuint (get (fixture, path, &staff, &body, NULL), ==, expected_status);
  /* Nothing personal, whatever the report. */
  g_assert_null (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "Aili"));
  g_assert_null (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "+358"));
  node = nv_json_parse_bytes (body, 0, &error);
  g_assert_no_error (error);
  return node;
}

/* The object with @id in the array @member of @report (tables, figures). */
static JsonObject *
find_by_id (JsonNode *report, const char *member, const char *id)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (report), member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (object, "id"), id))
        return object;
    }
  g_error ("no %s %s", member, id);
}

static JsonObject *
find_table (JsonNode *report, const char *id)
{
  return find_by_id (report, "tables", id);
}

static guint
n_rows (JsonObject *table)
{
  return json_array_get_length (json_object_get_array_member (table, "rows"));
}

/* Row @i as compact JSON, e.g. ["2026-11-10",6]. */
static char *
row_text (JsonObject *table, guint i)
{
  JsonArray *rows = json_object_get_array_member (table, "rows");

  g_assert_cmpuint (i, <, json_array_get_length (rows));
  return json_to_string (json_array_get_element (rows, i), FALSE);
}

/* The row whose first cell is @key, as compact JSON. */
static char *
row_of (JsonObject *table, const char *key)
{
  JsonArray *rows = json_object_get_array_member (table, "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      JsonNode  *first = json_array_get_element (row, 0);

      if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING
          && g_str_equal (json_node_get_string (first), key))
        return row_text (table, i);
    }
  g_error ("no row %s", key);
}

#define assert_row(table, i, expected)                                                             \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *nv_row_ = row_text ((table), (i));                                            \
    g_assert_cmpstr (nv_row_, ==, (expected));                                                     \
  }                                                                                                \
  G_STMT_END

#define assert_row_of(table, key, expected)                                                        \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *nv_row_ = row_of ((table), (key));                                            \
    g_assert_cmpstr (nv_row_, ==, (expected));                                                     \
  }                                                                                                \
  G_STMT_END

/* The sections */

static void
test_reach (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) report = get_report (fixture, "/api/v1/staff/reports/reach", 200);
  JsonObject *root = json_node_get_object (report);
  JsonObject *per_day = find_table (report, "sessions_per_day");
  JsonObject *hours = find_table (report, "hour_of_week");
  JsonObject *columns;

  g_assert_cmpstr (json_object_get_string_member (root, "section"), ==, "reach");
  /* The last 30 days by default, in Helsinki. */
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "2026-11-01");
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, "2026-11-30");
  g_assert_cmpint (json_object_get_int_member (root, "threshold"), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "kiosks")), ==, 0);
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (per_day, "title"), "sv"), ==,
      "Besök per dag");
  columns = json_array_get_object_element (json_object_get_array_member (per_day, "columns"), 1);
  g_assert_cmpstr (json_object_get_string_member (columns, "id"), ==, "sessions");
  g_assert_cmpstr (json_object_get_string_member (columns, "type"), ==, "number");

  /* Every day; kiosk B's visits at 22:30 UTC fall on the next day in Helsinki. */
  g_assert_cmpuint (n_rows (per_day), ==, 30);
  assert_row (per_day, 0, "[\"2026-11-01\",0]");
  assert_row_of (per_day, "2026-11-10", "[\"2026-11-10\",6]");
  assert_row_of (per_day, "2026-11-11", "[\"2026-11-11\",0]");
  assert_row_of (per_day, "2026-11-12", "[\"2026-11-12\",5]");

  /* Weekday 1 is Monday: Tuesday 12:00 and Thursday 00:30. */
  g_assert_cmpuint (n_rows (hours), ==, 7 * 24);
  assert_row (hours, (2 - 1) * 24 + 12, "[2,12,6]");
  assert_row (hours, (4 - 1) * 24 + 0, "[4,0,5]");
  assert_row (hours, (4 - 1) * 24 + 1, "[4,1,0]");

  /* 60 … 600 s: the third of six, and the sixth. */
  assert_row (find_table (report, "session_length"), 0, "[180,600,6]");

  /* Two sessions in English are too few to show. */
  assert_row (find_table (report, "languages"), 0, "[\"fi\",6]");
  assert_row (find_table (report, "languages"), 1, "[\"sv\",5]");
  assert_row (find_table (report, "languages"), 2, "[\"en\",null]");

  assert_row_of (find_table (report, "settings"), "larger-text", "[\"larger-text\",5]");
  assert_row_of (find_table (report, "settings"), "high-contrast", "[\"high-contrast\",0]");
  assert_row_of (find_table (report, "settings"), "read-aloud", "[\"read-aloud\",null]");
}

static void
test_demand (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) report = get_report (fixture, "/api/v1/staff/reports/demand?" NOVEMBER, 200);
  JsonObject *guides = find_table (report, "top_guides");
  JsonObject *searches = find_table (report, "empty_searches");

  /* By views; a suppressed count sorts last, as if it were 0. */
  g_assert_cmpuint (n_rows (guides), ==, 3);
  assert_row (guides, 0, "[\"omaolo\",6,5]");
  assert_row (guides, 1, "[\"=HYPERLINK(\\\"x\\\")\",5,0]");
  assert_row (guides, 2, "[\"call-112\",null,0]");

  /* From the guides' categories: the formula is no guide of the store's. */
  g_assert_cmpuint (n_rows (find_table (report, "top_categories")), ==, 2);
  assert_row (find_table (report, "top_categories"), 0, "[\"health\",6]");
  assert_row (find_table (report, "top_categories"), 1, "[\"safety\",null]");

  assert_row (find_table (report, "top_organisations"), 0, "[\"test-library\",5]");

  /* A query typed once is left out altogether, and a search with results is not empty. */
  g_assert_cmpuint (n_rows (searches), ==, 1);
  assert_row (searches, 0, "[\"passi\",5]");
}

static void
test_friction (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) report
      = get_report (fixture, "/api/v1/staff/reports/friction?" NOVEMBER, 200);
  JsonObject *completion = find_table (report, "guide_completion");
  JsonObject *give_up = find_table (report, "give_up_step");
  JsonArray  *first;

  g_assert_cmpuint (n_rows (completion), ==, 3);
  first = json_array_get_array_element (json_object_get_array_member (completion, "rows"), 0);
  g_assert_cmpstr (json_array_get_string_element (first, 0), ==, "omaolo");
  /* Events from before versions: the guide's version is not known. */
  g_assert_true (json_array_get_null_element (first, 1));
  g_assert_cmpint (json_array_get_int_element (first, 2), ==, 6);
  g_assert_cmpint (json_array_get_int_element (first, 3), ==, 5);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (first, 4), 0.833, 1e-9);
  assert_row (completion, 1, "[\"=HYPERLINK(\\\"x\\\")\",null,5,0,0]");
  /* No rate of a suppressed count. */
  assert_row (completion, 2, "[\"call-112\",null,null,0,null]");

  /* The five on kiosk B left the formula guide at step 3; one left omaolo at step 2. */
  g_assert_cmpuint (n_rows (give_up), ==, 2);
  assert_row (give_up, 0, "[\"=HYPERLINK(\\\"x\\\")\",null,3,5]");
  assert_row (give_up, 1, "[\"omaolo\",null,2,null]");

  assert_row_of (find_table (report, "timeouts"), "2026-11-10", "[\"2026-11-10\",5,null]");
  assert_row_of (find_table (report, "timeouts"), "2026-11-12", "[\"2026-11-12\",0,0]");
}

/* A guide read from the store's content as kiosks get it. */
static NvGuide *
copy_guide (Fixture *fixture, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) content = server_store_get_content (fixture->store, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);

      if (g_str_equal (guide->id, id))
        return nv_guide_copy (guide);
    }
  g_error ("no guide %s", id);
}

static void
put_guide (Fixture *fixture, const NvGuide *guide)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (server_store_put_guide (fixture->store, guide, &error));
  g_assert_no_error (error);
}

/* Visits at @time that read omaolo from step 1 to @last_step of the content of @revision,
 * the first @n_complete of them to its end. */
static void
add_omaolo_visits (
    Fixture *fixture, const char *time, gint64 revision, guint n, guint last_step, guint n_complete)
{
  fixture->content_revision = revision;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = g_uuid_string_random ();
      const char      *a = fixture->kiosk_a;

      add_event (fixture, a, s, time, "session_start", NULL, 0, NULL);
      add_event (fixture, a, s, time, "guide_view", "omaolo", 0, NULL);
      for (guint step = 1; step <= last_step; step++)
        add_event (fixture, a, s, time, "step_view", "omaolo", step, NULL);
      if (i < n_complete)
        add_event (fixture, a, s, time, "guide_complete", "omaolo", last_step, NULL);
      add_event (fixture, a, s, time, "session_end", NULL, 60, "timeout");
    }
  store_pending (fixture);
}

/* An advisor inserts a step into omaolo in the middle of the period: friction is reported
 * per version of the guide, so "step 2" before and after the edit are told apart. A
 * publication without changes keeps the version. */
static void
test_friction_per_version (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvGuide) guide = copy_guide (fixture, "omaolo");
  g_autoptr (JsonNode) report = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *expected = NULL;
  gint64           first = server_store_get_revision (fixture->store);
  gint64           unchanged;
  NvStep          *inserted;

  g_assert_cmpuint (guide->steps->len, ==, 2);
  /* Five on the 25th leave at step 2 of 2, two of them after a publication that changed
   * nothing. */
  add_omaolo_visits (fixture, "2026-11-25T10:00:00Z", first, 3, 2, 0);
  put_guide (fixture, guide);
  unchanged = server_store_get_revision (fixture->store);
  g_assert_cmpint (unchanged, >, first);
  add_omaolo_visits (fixture, "2026-11-25T11:00:00Z", unchanged, 2, 2, 0);

  /* A step inserted in the middle: what was step 2 is step 3 now. */
  inserted = nv_guide_add_step (guide, "Lisätty vaihe", "Tillagt steg", "Inserted step");
  g_ptr_array_steal_index (guide->steps, guide->steps->len - 1);
  g_ptr_array_insert (guide->steps, 1, inserted);
  put_guide (fixture, guide);
  /* Six on the 27th read all three steps; five complete, one leaves at step 3. */
  add_omaolo_visits (fixture, "2026-11-27T10:00:00Z", server_store_get_revision (fixture->store), 6,
                     3, 5);

  report
      = get_report (fixture, "/api/v1/staff/reports/friction?from=2026-11-25&to=2026-11-29", 200);
  v2 = g_strdup_printf ("%" G_GINT64_FORMAT, server_store_get_revision (fixture->store));
  /* Version 1 is the seeded guide's revision: older than the unchanged publication. */
  {
    JsonObject *completion = find_table (report, "guide_completion");
    JsonArray  *second
        = json_array_get_array_element (json_object_get_array_member (completion, "rows"), 1);

    g_assert_cmpuint (n_rows (completion), ==, 2);
    v1 = g_strdup (json_array_get_string_element (second, 1));
    g_assert_cmpint (g_ascii_strtoll (v1, NULL, 10), <=, first);
    g_assert_cmpint (g_ascii_strtoll (v1, NULL, 10), >, 0);
    g_free (expected);
    g_autofree char *row = row_text (completion, 0);

    /* 5 of 6: the rate as in test_friction, a double. */
    expected = g_strdup_printf ("[\"omaolo\",\"%s\",6,5,0.83", v2);
    g_assert_true (g_str_has_prefix (row, expected));
    g_free (expected);
    expected = g_strdup_printf ("[\"omaolo\",\"%s\",5,0,0]", v1);
    assert_row (completion, 1, expected);
  }
  {
    JsonObject *give_up = find_table (report, "give_up_step");

    g_assert_cmpuint (n_rows (give_up), ==, 2);
    g_free (expected);
    expected = g_strdup_printf ("[\"omaolo\",\"%s\",2,5]", v1);
    assert_row (give_up, 0, expected);
    g_free (expected);
    expected = g_strdup_printf ("[\"omaolo\",\"%s\",3,null]", v2);
    assert_row (give_up, 1, expected);
  }
}

static void
test_handover (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) report
      = get_report (fixture, "/api/v1/staff/reports/handover?" NOVEMBER, 200);
  JsonObject *funnel = find_table (report, "funnel");
  JsonObject *outcomes = find_table (report, "outcomes");

  g_assert_cmpuint (n_rows (funnel), ==, 8);
  /* Each step also as a share of those who started, in per cent. */
  assert_row (funnel, 0, "[\"started\",6,100]");
  assert_row (funnel, 1, "[\"reason\",6,100]");
  for (guint i = 2; i < 8; i++)
    {
      g_autofree char *row = row_text (funnel, i);

      g_assert_cmpint (
          json_array_get_int_element (
              json_array_get_array_element (json_object_get_array_member (funnel, "rows"), i), 1),
          ==, 5);
      g_assert_cmpfloat_with_epsilon (
          json_array_get_double_element (
              json_array_get_array_element (json_object_get_array_member (funnel, "rows"), i), 2),
          83.3, 1e-9);
      g_assert_nonnull (row);
    }

  assert_row_of (outcomes, "open", "[\"open\",null]");
  assert_row_of (outcomes, "contacted", "[\"contacted\",0]");
  assert_row_of (outcomes, "solved", "[\"solved\",6]");
  assert_row_of (outcomes, "no-answer", "[\"no-answer\",0]");

  /* 1, 1, 2, 2, 3 and 10 days: the third, and the sixth. */
  assert_row (find_table (report, "days_to_contact"), 0, "[2,10,6]");
}

static void
test_experience (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) report
      = get_report (fixture, "/api/v1/staff/reports/experience?" NOVEMBER, 200);
  JsonObject *feedback = find_table (report, "feedback");

  g_assert_cmpuint (n_rows (feedback), ==, 1);
  assert_row (feedback, 0, "[\"omaolo\",5,0,null]");
}

static const char *
label_of (JsonObject *table, const char *column, const char *value, const char *lang);
static char *
save_funnel (Fixture *fixture, const Staff *staff, const char *body, guint expected_status);

/* The feedback questions: a visit's last answer counts once; the response rate is visits
 * that answered over visits that were asked; a total, share or index that would give a
 * suppressed count away is withheld; codes have names in every language. */
static void
add_survey_visits (Fixture *fixture)
{
  const char *a = fixture->kiosk_a;
  const char *t = "2026-11-25T10:00:00Z";

  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *s = g_uuid_string_random ();

      add_event (fixture, a, s, t, "session_start", NULL, 0, NULL);
      add_event (fixture, a, s, t, "survey_offered", NULL, 0, "visit-end");
      if (i >= 10)
        continue; /* asked, and left without answering */
      add_event (fixture, a, s, t, "survey_found", NULL, 0, i < 5 ? "yes" : "partly");
      /* The first changes its mind: only its last score counts. */
      if (i == 0)
        add_event (fixture, a, s, t, "survey_score", NULL, 2, NULL);
      add_event (fixture, a, s, t, "survey_score", NULL, i < 5 ? 10 : 8, NULL);
      if (i < 6)
        {
          add_event (fixture, a, s, t, "survey_statement", "easy", 0, i < 5 ? "agree" : "disagree");
          add_event (fixture, a, s, t, "survey_statement", "clear", 0, "disagree");
        }
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *s = g_uuid_string_random ();

      add_event (fixture, a, s, t, "survey_offered", NULL, 0, "guide-end");
      if (i < 2)
        add_event (fixture, a, s, t, "survey_statement", "clear", 0, "agree");
    }
  store_pending (fixture);
}

static void
test_survey (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) report = NULL;

  add_survey_visits (fixture);
  report = get_report (fixture, "/api/v1/staff/reports/experience?" NOVEMBER, 200);
  /* 10 of 16 answered; 3 asked after a guide is too few to show, and so is the total,
   * which would give them away. */
  assert_row (find_table (report, "survey_response"), 0, "[\"visit-end\",16,10,62.5]");
  assert_row (find_table (report, "survey_response"), 1, "[\"guide-end\",null,null,null]");
  assert_row (find_table (report, "survey_response"), 2, "[\"all\",null,null,null]");
  assert_row (find_table (report, "survey_found"), 0, "[\"yes\",5,50]");
  assert_row (find_table (report, "survey_found"), 1, "[\"partly\",5,50]");
  assert_row (find_table (report, "survey_found"), 2, "[\"no\",0,0]");
  g_assert_cmpuint (n_rows (find_table (report, "survey_score")), ==, 11);
  assert_row (find_table (report, "survey_score"), 2, "[\"2\",\"detractors\",0]");
  assert_row (find_table (report, "survey_score"), 8, "[\"8\",\"passives\",5]");
  assert_row (find_table (report, "survey_score"), 10, "[\"10\",\"promoters\",5]");
  assert_row (find_table (report, "survey_recommendation"), 0, "[\"promoters\",5,50]");
  assert_row (find_table (report, "survey_recommendation"), 1, "[\"passives\",5,50]");
  assert_row (find_table (report, "survey_recommendation"), 2, "[\"detractors\",0,0]");
  assert_row (find_table (report, "survey_recommendation"), 3, "[\"index\",10,50]");
  /* One disagreed that it was easy, two found it clear: both suppressed. */
  assert_row (find_table (report, "survey_statements"), 0, "[\"easy\",5,0,null]");
  assert_row (find_table (report, "survey_statements"), 1, "[\"clear\",null,0,6]");
  g_assert_cmpstr (label_of (find_table (report, "survey_found"), "answer", "partly", "fi"), ==,
                   "Osittain");
  g_assert_cmpstr (label_of (find_table (report, "survey_statements"), "statement", "easy", "sv"),
                   ==, "Tjänsten var lätt att använda");
}

static void
test_operations (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (JsonNode) one = NULL;
  g_autofree char *path = NULL;
  JsonObject      *kiosks;
  JsonArray       *row;

  g_autoptr (NvCategory) category = nv_category_new ();
  g_autoptr (GError) error = NULL;

  /* Reached the server in two of the last three hours, on revision 1; an hour ago an
   * advisor's change made revision 2, which it has not had yet. */
  fixture->now = NOW - 3 * 3600 + 60;
  server_store_note_kiosk_contact (fixture->store, fixture->kiosk_a, "0.1.0", 1, 3);
  fixture->now = NOW - 3 * 3600 + 1800;
  server_store_note_kiosk_contact (fixture->store, fixture->kiosk_a, "0.1.0", 1, 3);
  fixture->now = NOW - 2 * 3600 + 60;
  server_store_note_kiosk_contact (fixture->store, fixture->kiosk_a, "0.1.0", 1, 3);
  fixture->now = NOW - 3600;
  category->id = g_strdup ("operations-test");
  nv_text_set (&category->title, NV_LANG_FI, "Testi");
  g_assert_true (server_store_put_category (fixture->store, category, &error));
  g_assert_no_error (error);
  fixture->now = NOW;
  report = get_report (fixture, "/api/v1/staff/reports/operations", 200);
  kiosks = find_table (report, "kiosks");
  g_assert_cmpuint (n_rows (kiosks), ==, 2);
  row = json_array_get_array_element (json_object_get_array_member (kiosks, "rows"), 0);
  g_assert_cmpstr (json_array_get_string_element (row, 0), ==, fixture->kiosk_a);
  g_assert_cmpstr (json_array_get_string_element (row, 1), ==, "Aula");
  g_assert_nonnull (json_array_get_string_element (row, 2));
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (row, 3), 66.7, 0.001);
  g_assert_cmpint (json_array_get_int_element (row, 4), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (row, 5), 1.0, 0.001);
  g_assert_cmpint (json_array_get_int_element (row, 6), ==, 3);
  /* Never heard from. */
  row = json_array_get_array_element (json_object_get_array_member (kiosks, "rows"), 1);
  g_assert_cmpstr (json_array_get_string_element (row, 1), ==, "Kirjasto");
  for (guint i = 2; i < 7; i++)
    g_assert_true (json_array_get_null_element (row, i));

  /* Up to date again: no age. */
  server_store_note_kiosk_contact (fixture->store, fixture->kiosk_a, "0.1.0",
                                   server_store_get_revision (fixture->store), 0);
  {
    g_autoptr (JsonNode) again = get_report (fixture, "/api/v1/staff/reports/operations", 200);

    row = json_array_get_array_element (
        json_object_get_array_member (find_table (again, "kiosks"), "rows"), 0);
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (row, 5), 0.0, 0.001);
  }

  path = g_strdup_printf ("/api/v1/staff/reports/operations?kiosk=%s", fixture->kiosk_b);
  one = get_report (fixture, path, 200);
  g_assert_cmpuint (n_rows (find_table (one, "kiosks")), ==, 1);
}

/* Suppression and the query */

static void
test_threshold (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) low = NULL;
  g_autoptr (JsonNode) high = NULL;

  server_api_set_report_threshold (fixture->http, 1);
  low = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (low), "threshold"), ==, 1);
  assert_row (find_table (low, "languages"), 2, "[\"en\",2]");
  assert_row_of (find_table (low, "settings"), "read-aloud", "[\"read-aloud\",3]");

  server_api_set_report_threshold (fixture->http, 6);
  high = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  assert_row_of (find_table (high, "sessions_per_day"), "2026-11-10", "[\"2026-11-10\",6]");
  assert_row_of (find_table (high, "sessions_per_day"), "2026-11-12", "[\"2026-11-12\",null]");
  assert_row (find_table (high, "session_length"), 0, "[180,600,6]");
  assert_row (find_table (high, "languages"), 1, "[\"sv\",null]");
  /* Zero tells about nobody: it stays. */
  assert_row (find_table (high, "hour_of_week"), 0, "[1,0,0]");

  server_api_set_report_threshold (fixture->http, 7);
  g_clear_pointer (&high, json_node_unref);
  high = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  assert_row (find_table (high, "session_length"), 0, "[null,null,null]");
}

static void
test_filters (Fixture *fixture, gconstpointer data)
{
  g_autofree char *only_b
      = g_strdup_printf ("/api/v1/staff/reports/reach?" NOVEMBER "&kiosk=%s", fixture->kiosk_b);
  g_autofree char *both
      = g_strdup_printf ("/api/v1/staff/reports/reach?" NOVEMBER "&kiosk=%s&kiosk=%s",
                         fixture->kiosk_a, fixture->kiosk_b);
  g_autoptr (JsonNode) b = get_report (fixture, only_b, 200);
  g_autoptr (JsonNode) a_and_b = get_report (fixture, both, 200);
  g_autoptr (JsonNode) one_day = get_report (fixture,
                                             "/api/v1/staff/reports/reach?"
                                             "from=2026-11-12&to=2026-11-12",
                                             200);
  g_autoptr (JsonNode) october = get_report (fixture,
                                             "/api/v1/staff/reports/reach?"
                                             "from=2026-10-01&to=2026-10-01",
                                             200);
  JsonArray *kiosks = json_object_get_array_member (json_node_get_object (b), "kiosks");

  g_assert_cmpuint (json_array_get_length (kiosks), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (kiosks, 0), ==, fixture->kiosk_b);
  assert_row_of (find_table (b, "sessions_per_day"), "2026-11-10", "[\"2026-11-10\",0]");
  assert_row_of (find_table (b, "sessions_per_day"), "2026-11-12", "[\"2026-11-12\",5]");
  assert_row (find_table (b, "languages"), 0, "[\"fi\",0]");

  assert_row_of (find_table (a_and_b, "sessions_per_day"), "2026-11-10", "[\"2026-11-10\",6]");
  assert_row_of (find_table (a_and_b, "sessions_per_day"), "2026-11-12", "[\"2026-11-12\",5]");

  /* to is inclusive: one Helsinki day. */
  g_assert_cmpuint (n_rows (find_table (one_day, "sessions_per_day")), ==, 1);
  assert_row (find_table (one_day, "sessions_per_day"), 0, "[\"2026-11-12\",5]");
  assert_row (find_table (october, "sessions_per_day"), 0, "[\"2026-10-01\",7]");
}

static void
assert_bad_request (Fixture *fixture, const char *path, const char *field)
{
  g_autoptr (JsonNode) reply = get_report (fixture, path, 400);
  JsonObject *object = json_node_get_object (reply);

  g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, field);
  g_assert_nonnull (json_object_get_string_member (object, "error"));
}

static void
test_bad_query (Fixture *fixture, gconstpointer data)
{
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?from=2026-13-01", "from");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?from=yesterday", "from");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?from=2026-11-1", "from");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?from=2026-11-10&to=2026-11-01", "from");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?to=2026-02-30", "to");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?from=2020-01-01&to=2026-01-01", "to");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?kiosk=kiosk-nowhere", "kiosk");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?kiosk=%FF", "kiosk");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?format=xlsx", "format");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?format=csv", "table");
  assert_bad_request (fixture, "/api/v1/staff/reports/reach?format=csv&table=top_guides", "table");
  assert_bad_request (fixture, "/api/v1/staff/events/export?format=xml", "format");
  assert_bad_request (fixture, "/api/v1/staff/events/export?from=2026-11-31", "from");
}

/* CSV */

static void
test_table_csv (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL };
  g_autoptr (GBytes) body = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char    *text = NULL;
  SoupMessageHeaders *headers;

  sign_in (fixture, "eero", &staff);
  g_assert_cmpuint (get (fixture,
                         "/api/v1/staff/reports/demand?format=csv&table=top_guides&" NOVEMBER,
                         &staff, &body, &msg),
                    ==, 200);
  headers = soup_message_get_response_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Type"), ==,
                   "text/csv; charset=utf-8");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Disposition"), ==,
                   "attachment; filename=\"neuvokas-demand-top_guides-2026-11.csv\"");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  /* The formula is text, quoted; the suppressed count an empty cell. */
  g_assert_cmpstr (text, ==,
                   "guide,views,completions\r\n"
                   "omaolo,6,5\r\n"
                   "\"'=HYPERLINK(\"\"x\"\")\",5,0\r\n"
                   "call-112,,0\r\n");

  /* For people: each id's name beside it in the language asked for, empty for an id that
   * has none; the ids stay for programs. */
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (
      get (fixture, "/api/v1/staff/reports/demand?format=csv&table=top_guides&lang=sv&" NOVEMBER,
           &staff, &body, NULL),
      ==, 200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_cmpstr (text, ==,
                   "guide,guide_name,views,completions\r\n"
                   "omaolo,Omaolo,6,5\r\n"
                   "\"'=HYPERLINK(\"\"x\"\")\",,5,0\r\n"
                   "call-112,Nödnumret 112,,0\r\n");
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_cmpuint (
      get (fixture, "/api/v1/staff/reports/demand?format=csv&table=top_guides&lang=x&" NOVEMBER,
           &staff, &body, NULL),
      ==, 400);
}

/* The streamed export */

static guint
count_lines (GBytes *body)
{
  gsize       size;
  const char *data = g_bytes_get_data (body, &size);
  guint       lines = 0;

  for (gsize i = 0; i < size; i++)
    if (data[i] == '\n')
      lines++;
  return lines;
}

static void
test_export_ndjson (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL };
  g_autoptr (GBytes) body = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers;
  gint64              n_events;
  gint64              long_visit_seen = 0;

  /* Enough events for many chunks: 60,000 more on 2026-11-15, in one session, more than
   * the export holds of one hour at a time (MAX_HOUR_ROWS). */
  for (guint i = 0; i < 60000; i++)
    {
      NvEvent *event = nv_event_new (NV_EVENT_SCREEN_VIEW, "c8f0b4e2-0d1a-4c55-9b6e-2a7d3f1e9c01");

      g_date_time_unref (event->time);
      event->time = g_date_time_new_utc (2026, 11, 15, 5 + (int) i / 3600, (int) i / 60 % 60,
                                         (double) (i % 60));
      event->subject = g_strdup ("home");
      g_ptr_array_add (events, event);
    }
  g_assert_true (
      server_store_insert_events (fixture->store, fixture->kiosk_a, events, NULL, &error));
  g_assert_no_error (error);
  /* Everything but the seven visits of October. */
  n_events = server_store_count_events (fixture->store) - 7;

  sign_in (fixture, "eero", &staff);
  g_assert_cmpuint (
      get (fixture, "/api/v1/staff/events/export?format=ndjson&" NOVEMBER, &staff, &body, &msg), ==,
      200);
  headers = soup_message_get_response_headers (msg);
  g_assert_cmpint (soup_message_headers_get_encoding (headers), ==, SOUP_ENCODING_CHUNKED);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Disposition"), ==,
                   "attachment; filename=\"neuvokas-events-2026-11.ndjson\"");
  g_assert_cmpuint (count_lines (body), ==, n_events);

  /* One JSON object a line; the long session's events in their order, a second apart. */
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; i < (guint) n_events; i++)
    {
      g_autoptr (JsonNode) node = json_from_string (lines[i], &error);
      JsonObject *object;

      g_assert_no_error (error);
      object = json_node_get_object (node);
      g_assert_nonnull (json_object_get_string_member (object, "kiosk"));
      if (g_str_equal (json_object_get_string_member (object, "visit_hour"),
                       "2026-11-15T07:00+02:00"))
        g_assert_cmpint (json_object_get_int_member (object, "seconds_into_visit"), ==,
                         long_visit_seen++);
    }
  g_assert_cmpint (long_visit_seen, ==, 60000);
  g_assert_cmpstr (lines[n_events], ==, "");
}

static void
test_export_csv (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL };
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) october = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char *path
      = g_strdup_printf ("/api/v1/staff/events/export?kiosk=%s&" NOVEMBER, fixture->kiosk_b);
  g_autofree char *text = NULL;

  sign_in (fixture, "aada", &staff);
  g_assert_cmpuint (get (fixture, path, &staff, &body, &msg), ==, 200);
  g_assert_cmpstr (
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Type"), ==,
      "text/csv; charset=utf-8");
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  /* Kiosk B's 33 events after the header; the formula made harmless. */
  g_assert_true (g_str_has_prefix (text, "kiosk,visit,visit_hour,seconds_into_visit,type,subject,"
                                         "language,text_size,high_contrast,value,detail,"
                                         "guide_version\r\n"));
  g_assert_cmpuint (count_lines (body), ==, 1 + 5 * 6 + 3);
  g_assert_nonnull (strstr (text, ",\"'=HYPERLINK(\"\"x\"\")\","));
  g_assert_null (strstr (text, fixture->kiosk_a));

  g_assert_cmpuint (get (fixture, "/api/v1/staff/events/export?from=2026-10-01&to=2026-10-01",
                         &staff, &october, NULL),
                    ==, 200);
  g_assert_cmpuint (count_lines (october), ==, 1 + 7);
}

/* A lone visit at a small kiosk */

#define LONE_SESSION "0d6f3c2a-5b1e-4f7a-9c3d-8e2b1a4f6c90"

/* One visit on kiosk "Pieni" at 12:17:23 Helsinki time on 2026-11-10, the day kiosk A
 * had six: the id of the new kiosk. */
static char *
plant_lone_visit (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  char            *kiosk = NULL;
  const char      *t = "2026-11-10T10:17:23.456Z";

  g_assert_true (server_store_add_kiosk (fixture->store, "Pieni", "564", &kiosk, &token, &error));
  g_assert_no_error (error);
  add_event (fixture, kiosk, LONE_SESSION, t, "session_start", NULL, 0, NULL);
  add_event (fixture, kiosk, LONE_SESSION, t, "guide_view", "omaolo", 0, NULL);
  add_event (fixture, kiosk, LONE_SESSION, t, "step_view", "omaolo", 1, NULL);
  add_event (fixture, kiosk, LONE_SESSION, t, "session_end", NULL, 3, "start-over");
  store_pending (fixture);
  return kiosk;
}

/* The events export as NDJSON, one object a line. */
static GPtrArray *
export_events (Fixture *fixture, const Staff *staff)
{
  g_autoptr (GBytes) body = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  g_assert_cmpuint (
      get (fixture, "/api/v1/staff/events/export?format=ndjson&" NOVEMBER, staff, &body, NULL), ==,
      200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr (GError) error = NULL;
      JsonNode *node = json_from_string (lines[i], &error);

      g_assert_no_error (error);
      g_ptr_array_add (rows, node);
    }
  return rows;
}

static const char *
member (JsonNode *row, const char *name)
{
  JsonObject *object = json_node_get_object (row);

  if (!json_object_has_member (object, name) || json_object_get_null_member (object, name))
    return NULL;
  return json_object_get_string_member (object, name);
}

/* The pseudonyms of @kiosk's visits. */
static GHashTable *
visits_of (GPtrArray *rows, const char *kiosk)
{
  GHashTable *visits = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i++)
    if (kiosk == NULL || g_str_equal (member (rows->pdata[i], "kiosk"), kiosk))
      g_hash_table_add (visits, (gpointer) member (rows->pdata[i], "visit"));
  return visits;
}

/* The lone visit cannot be tied to anything narrower than its hour: no row holds its
 * session id, an event id or a time; its hour is all it has; its rows sit among the
 * others of that hour in the order of pseudonyms; and two exports share no pseudonym. */
static void
test_lone_visit_events_export (Fixture *fixture, gconstpointer data)
{
  g_autofree char *small = plant_lone_visit (fixture);
  g_auto (Staff) staff = { NULL };
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) second = NULL;
  g_autoptr (GHashTable) first_visits = NULL;
  g_autoptr (GHashTable) second_visits = NULL;
  g_autoptr (GHashTable) lone = NULL;
  GHashTableIter iter;
  gpointer       visit;
  const char    *previous = NULL;
  guint          lone_rows = 0;

  sign_in (fixture, "eero", &staff);
  first = export_events (fixture, &staff);
  second = export_events (fixture, &staff);
  g_assert_cmpuint (first->len, ==, second->len);

  for (guint i = 0; i < first->len; i++)
    {
      JsonNode        *row = first->pdata[i];
      g_autofree char *line = json_to_string (row, FALSE);
      JsonObject      *object = json_node_get_object (row);

      /* Neither the session nor an event's id (a UUIDv7 holds its time) nor any time. */
      g_assert_null (strstr (line, LONE_SESSION));
      g_assert_false (json_object_has_member (object, "id"));
      g_assert_false (json_object_has_member (object, "session"));
      g_assert_false (json_object_has_member (object, "time"));
      g_assert_false (json_object_has_member (object, "received"));
      /* A content change published mid-hour would split the hour: not exported. */
      g_assert_false (json_object_has_member (object, "content_revision"));
      g_assert_null (strstr (line, ":17"));
      g_assert_null (strstr (line, ":23"));
      /* Every visit's hour is a whole hour. */
      g_assert_true (g_str_has_suffix (member (row, "visit_hour"), ":00+02:00"));
      g_assert_cmpuint (strlen (member (row, "visit")), ==, 17);
      if (g_str_equal (member (row, "kiosk"), small))
        {
          lone_rows++;
          g_assert_cmpstr (member (row, "visit_hour"), ==, "2026-11-10T12:00+02:00");
        }
      /* Within an hour, by pseudonym: the order says nothing of the time. */
      if (previous != NULL && g_str_equal (previous, member (row, "visit_hour")) && i > 0)
        g_assert_cmpint (strcmp (member (first->pdata[i - 1], "visit"), member (row, "visit")), <=,
                         0);
      previous = member (row, "visit_hour");
    }
  g_assert_cmpuint (lone_rows, ==, 4);
  /* Seconds since the visit began, not a time of day. */
  for (guint i = 0; i < first->len; i++)
    if (g_str_equal (member (first->pdata[i], "kiosk"), small))
      g_assert_cmpint (
          json_object_get_int_member (json_node_get_object (first->pdata[i]), "seconds_into_visit"),
          <, 10);

  first_visits = visits_of (first, NULL);
  second_visits = visits_of (second, NULL);
  g_assert_cmpuint (g_hash_table_size (first_visits), ==, g_hash_table_size (second_visits));
  g_hash_table_iter_init (&iter, first_visits);
  while (g_hash_table_iter_next (&iter, &visit, NULL))
    g_assert_false (g_hash_table_contains (second_visits, visit));
  lone = visits_of (first, small);
  g_assert_cmpuint (g_hash_table_size (lone), ==, 1);
}

typedef struct
{
  char  *day;
  char  *kiosk;
  char  *measure;
  gint64 visits; /* -1: suppressed */
} Count;

static void
count_free (Count *count)
{
  g_free (count->day);
  g_free (count->kiosk);
  g_free (count->measure);
  g_free (count);
}

static GPtrArray *
export_counts (Fixture *fixture, const Staff *staff, const char *query, char **out_filename)
{
  g_autofree char *path = g_strconcat ("/api/v1/staff/events/counts?", query, NULL);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *counts = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);

  g_assert_cmpuint (get (fixture, path, staff, &body, &msg), ==, 200);
  if (out_filename != NULL)
    *out_filename = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "Content-Disposition"));
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "day,kiosk,measure,visits,suppressed");
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], ",", -1);
      Count *count = g_new0 (Count, 1);

      g_assert_cmpuint (g_strv_length (cells), ==, 5);
      count->day = g_strdup (cells[0]);
      count->kiosk = g_strdup (cells[1]);
      count->measure = g_strdup (cells[2]);
      /* A suppressed count is an empty cell, and says so. */
      g_assert_cmpstr (cells[4], ==, cells[3][0] == '\0' ? "yes" : "no");
      count->visits = cells[3][0] == '\0' ? -1 : g_ascii_strtoll (cells[3], NULL, 10);
      g_ptr_array_add (counts, count);
    }
  return counts;
}

static gint64
count_of (GPtrArray *counts, const char *day, const char *kiosk, const char *measure)
{
  for (guint i = 0; i < counts->len; i++)
    {
      const Count *count = counts->pdata[i];

      if (g_str_equal (count->day, day) && g_str_equal (count->kiosk, kiosk)
          && g_str_equal (count->measure, measure))
        return count->visits;
    }
  g_error ("no count %s %s %s", day, kiosk, measure);
}

/* The aggregated export suppresses the lone visit, and the kiosk beside it too, since the
 * day's total would otherwise give it away; the totals are the true ones, and in every
 * group what is hidden could still be anything from 1 to 4. */
static void
test_lone_visit_counts_export (Fixture *fixture, gconstpointer data)
{
  g_autofree char *small = plant_lone_visit (fixture);
  g_auto (Staff) staff = { NULL };
  g_autoptr (GPtrArray) counts = NULL;
  g_autoptr (GPtrArray) only_small = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *small_query = NULL;
  g_autofree char *expected = NULL;
  gint64           november_visits = 0;

  sign_in (fixture, "eero", &staff);
  counts = export_counts (fixture, &staff, NOVEMBER, &disposition);
  g_assert_cmpstr (disposition, ==, "attachment; filename=\"neuvokas-counts-2026-11.csv\"");

  g_assert_cmpint (count_of (counts, "2026-11-10", small, "visits"), ==, -1);
  /* Shown, kiosk A's 6 and the total 7 would tell the lone one: A is hidden too. */
  g_assert_cmpint (count_of (counts, "2026-11-10", fixture->kiosk_a, "visits"), ==, -1);
  g_assert_cmpint (count_of (counts, "2026-11-10", "all", "visits"), ==, 7);
  g_assert_cmpint (count_of (counts, "2026-11-10", fixture->kiosk_b, "visits"), ==, 0);
  g_assert_cmpint (count_of (counts, "2026-11-12", fixture->kiosk_b, "visits"), ==, 5);
  g_assert_cmpint (count_of (counts, "2026-11-12", "all", "visits"), ==, 5);
  /* Five of A's six completed omaolo: nobody else did, so 5 stands. */
  g_assert_cmpint (count_of (counts, "2026-11-10", fixture->kiosk_a, "guide_completed"), ==, 5);

  /* In every day and measure: the counts shown are true, the hidden ones add up to the
   * rest of the total, and could each be anything from 1 to 4. */
  for (guint i = 0; i < counts->len; i++)
    {
      const Count *total = counts->pdata[i];
      gint64       shown = 0;
      guint        hidden = 0;

      if (!g_str_equal (total->kiosk, "all"))
        continue;
      for (guint j = 0; j < counts->len; j++)
        {
          const Count *cell = counts->pdata[j];

          if (g_str_equal (cell->kiosk, "all") || !g_str_equal (cell->day, total->day)
              || !g_str_equal (cell->measure, total->measure))
            continue;
          if (cell->visits < 0)
            hidden++;
          else
            shown += cell->visits;
        }
      if (total->visits < 0)
        continue;
      g_assert_cmpint (shown, <=, total->visits);
      if (hidden == 0)
        g_assert_cmpint (shown, ==, total->visits);
      else
        {
          g_assert_cmpuint (hidden, >=, 2);
          g_assert_cmpint (total->visits - shown - (hidden - 1), >=, 4);
        }
      if (g_str_equal (total->measure, "visits"))
        november_visits += total->visits;
    }
  /* 6 + 1 on the 10th, 5 on the 12th: the totals add up to every visit begun. */
  g_assert_cmpint (november_visits, ==, 12);

  /* Filtered to the small kiosk: alone, the total would be the lone visit: hidden. */
  small_query = g_strdup_printf (NOVEMBER "&kiosk=%s", small);
  g_clear_pointer (&disposition, g_free);
  only_small = export_counts (fixture, &staff, small_query, &disposition);
  g_assert_cmpint (count_of (only_small, "2026-11-10", small, "visits"), ==, -1);
  g_assert_cmpint (count_of (only_small, "2026-11-10", "all", "visits"), ==, -1);
  expected = g_strdup_printf ("attachment; filename=\"neuvokas-counts-2026-11-%s.csv\"", small);
  g_assert_cmpstr (disposition, ==, expected);
}

/* The rule itself, on groups worked out by hand. */
static void
test_protect_group (void)
{
  static const struct
  {
    gint64   counts[4];
    gboolean hidden[4];
    gboolean total_hidden;
  } cases[] = {
    { { 6, 1, 0, 0 }, { TRUE, TRUE, FALSE, FALSE }, FALSE },
    { { 1, 0, 0, 0 }, { TRUE, FALSE, FALSE, FALSE }, TRUE },
    /* Two ones: the sum 2 would tell both; a third count joins them. */
    { { 1, 1, 9, 20 }, { TRUE, TRUE, TRUE, FALSE }, FALSE },
    /* 4 + 4 = 8: each is 1 to 7 for all one knows. */
    { { 4, 4, 9, 0 }, { TRUE, TRUE, FALSE, FALSE }, FALSE },
    { { 1, 2, 0, 0 }, { TRUE, TRUE, FALSE, FALSE }, TRUE },
    { { 5, 7, 0, 9 }, { FALSE, FALSE, FALSE, FALSE }, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean hidden[4];
      gboolean total_hidden = server_report_protect_group (cases[i].counts, hidden, 4, 5);

      for (guint k = 0; k < 4; k++)
        g_assert_cmpint (hidden[k], ==, cases[i].hidden[k]);
      g_assert_cmpint (total_hidden, ==, cases[i].total_hidden);
    }
}

/* The archive */

/* Runs @argv; its standard output, after checking it succeeded. */
static char *
run_reader (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char            *out = NULL;
  int              status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\n%s", argv[0], error->message, err);
  return out;
}

/* "PATH ROWS" lines of a reader → PATH → ROWS. */
static GHashTable *
rows_per_file (const char *output)
{
  g_auto (GStrv) lines = g_strsplit (output, "\n", -1);
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (g_strstrip (lines[i]), ".csv ") != NULL)
      {
        char *space = strrchr (lines[i], ' ');

        g_hash_table_insert (files, g_strndup (lines[i], space - lines[i]), g_strdup (space + 1));
      }
  return files;
}

static const char *
lookup_rows (GHashTable *files, const char *path)
{
  const char *rows = g_hash_table_lookup (files, path);

  if (rows == NULL)
    g_error ("no %s in the archive", path);
  return rows;
}

/* GET the archive for @query into @dir/NAME; its file name through @out_name. */
static char *
download_archive (Fixture *fixture, const char *query, char **out_disposition)
{
  g_autofree char *path = g_strconcat ("/api/v1/staff/export/archive?", query, NULL);
  g_autofree char *file = g_build_filename (fixture->dir, "download.zip", NULL);
  g_auto (Staff) staff = { NULL };
  g_autoptr (GBytes) body = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers;

  sign_in (fixture, "eero", &staff);
  g_assert_cmpuint (get (fixture, path, &staff, &body, &msg), ==, 200);
  headers = soup_message_get_response_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Type"), ==, "application/zip");
  *out_disposition = g_strdup (soup_message_headers_get_one (headers, "Content-Disposition"));
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (body, NULL),
                                      (gssize) g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

/* One download: every report table, the events and the daily counts as CSV, read back by
 * Python's csv module and by R's read.csv (when R is installed), every column in the data
 * dictionary; the file name and the README say the period and the kiosk filter. */
static void
test_archive (Fixture *fixture, gconstpointer data)
{
  g_autofree char *python = g_test_build_filename (G_TEST_DIST, "backend", "read-archive.py", NULL);
  g_autofree char *r_script
      = g_test_build_filename (G_TEST_DIST, "backend", "read-archive.R", NULL);
  g_autofree char *rscript = g_find_program_in_path ("Rscript");
  g_autofree char *disposition = NULL;
  g_autofree char *zip = NULL;
  const char      *python_argv[] = { "python3", python, NULL, NULL };
  g_autofree char *python_out = NULL;
  g_autoptr (GHashTable) files = NULL;
  g_auto (Staff) evaluator = { NULL };
  g_autofree char *funnel = NULL;
  g_autofree char *events = NULL;
  g_autofree char *filtered_query = NULL;
  g_autofree char *filtered_zip = NULL;
  g_autofree char *filtered_out = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GHashTable) filtered_files = NULL;
  const char *const *sections = server_report_sections ();
  guint              n_tables = 0;

  /* A funnel an evaluator defined goes in too, its steps named beside their codes. */
  sign_in (fixture, "eero", &evaluator);
  funnel = save_funnel (fixture, &evaluator,
                        "{\"funnel\": {\"name\": \"Omaolo, \\\"loppuun\\\"\", \"steps\": ["
                        "{\"type\": \"guide_view\", \"subject\": \"omaolo\"},"
                        "{\"type\": \"guide_complete\", \"subject\": \"omaolo\"}]}}",
                        201);
  zip = download_archive (fixture, NOVEMBER, &disposition);
  python_argv[2] = zip;
  python_out = run_reader (python_argv);
  files = rows_per_file (python_out);
  g_assert_cmpstr (disposition, ==, "attachment; filename=\"neuvokas-2026-11.zip\"");
  g_assert_nonnull (strstr (python_out, "readme funnels/funnel-1.csv: Omaolo, \"loppuun\"\n"));
  g_assert_cmpstr (lookup_rows (files, "funnels/funnel-1.csv"), ==, "2");
  g_assert_nonnull (strstr (python_out, "folder neuvokas-2026-11\n"));
  g_assert_nonnull (strstr (python_out, "readme Period: 2026-11-01 to 2026-11-30"));
  g_assert_nonnull (strstr (python_out, "readme Kiosks: ALL kiosks (no kiosk filter)."));
  /* Every event of November (the seven of October left out), one row each. */
  events = g_strdup_printf ("%" G_GINT64_FORMAT, server_store_count_events (fixture->store) - 7);
  g_assert_cmpstr (lookup_rows (files, "events.csv"), ==, events);
  /* 30 days × 6 measures × (kiosks A and B, and all). */
  g_assert_cmpstr (lookup_rows (files, "daily-counts.csv"), ==, "540");
  g_assert_cmpstr (lookup_rows (files, "data-dictionary.csv"), !=, "0");
  /* Every table of every section. */
  for (guint s = 0; sections[s] != NULL; s++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GDateTime) from = g_date_time_new (nv_helsinki_tz (), 2026, 11, 1, 0, 0, 0);
      g_autoptr (GDateTime) to = g_date_time_new (nv_helsinki_tz (), 2026, 12, 1, 0, 0, 0);
      g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (NOW);
      ServerReportQuery query = { from, to, NULL, SERVER_REPORT_THRESHOLD_DEFAULT, now };
      g_autoptr (GPtrArray) tables
          = server_store_report (fixture->store, sections[s], NULL, &query, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < tables->len; i++)
        {
          const ServerReportTable *table = tables->pdata[i];
          g_autofree char *path = g_strdup_printf ("reports/%s-%s.csv", sections[s], table->id);
          g_autofree char *rows = g_strdup_printf ("%u", table->rows->len);

          g_assert_cmpstr (lookup_rows (files, path), ==, rows);
          n_tables++;
        }
    }
  g_assert_cmpuint (g_hash_table_size (files), ==, n_tables + 4);

  /* R reads the same files, the same rows, every column documented. */
  if (rscript != NULL)
    {
      const char      *r_argv[] = { rscript, "--vanilla", r_script, zip, NULL };
      g_autofree char *r_out = run_reader (r_argv);
      g_autoptr (GHashTable) r_files = rows_per_file (r_out);
      GHashTableIter iter;
      gpointer       path, rows;

      g_assert_cmpuint (g_hash_table_size (r_files), ==, g_hash_table_size (files));
      g_hash_table_iter_init (&iter, files);
      while (g_hash_table_iter_next (&iter, &path, &rows))
        g_assert_cmpstr (lookup_rows (r_files, path), ==, rows);
    }
  else
    g_test_message ("Rscript is not installed (r-base-core): R's read.csv not tried");

  /* A kiosk filter is in the name and in the README, never silent. */
  filtered_query = g_strdup_printf ("from=2026-11-03&to=2026-11-19&kiosk=%s", fixture->kiosk_b);
  g_clear_pointer (&disposition, g_free);
  filtered_zip = download_archive (fixture, filtered_query, &disposition);
  expected = g_strdup_printf ("attachment; filename=\"neuvokas-2026-11-03-2026-11-19-%s.zip\"",
                              fixture->kiosk_b);
  g_assert_cmpstr (disposition, ==, expected);
  python_argv[2] = filtered_zip;
  filtered_out = run_reader (python_argv);
  g_assert_nonnull (strstr (filtered_out, "readme Kiosks: FILTERED"));
  g_free (expected);
  expected = g_strdup_printf ("readme   - %s (Kirjasto)", fixture->kiosk_b);
  g_assert_nonnull (strstr (filtered_out, expected));
  filtered_files = rows_per_file (filtered_out);
  /* Kiosk B's 33 events; 17 days × 6 measures × (B and all). */
  g_assert_cmpstr (lookup_rows (filtered_files, "events.csv"), ==, "33");
  g_assert_cmpstr (lookup_rows (filtered_files, "daily-counts.csv"), ==, "204");
}

/* Roles */

static void
test_roles (Fixture *fixture, gconstpointer data)
{
  static const char *const paths[] = {
    "/api/v1/staff/reports/reach",
    "/api/v1/staff/reports/handover",
    "/api/v1/staff/events/export",
  };
  g_auto (Staff) advisor = { NULL };

  sign_in (fixture, "aino", &advisor);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_assert_cmpuint (get (fixture, paths[i], NULL, NULL, NULL), ==, 401);
      g_assert_cmpuint (get (fixture, paths[i], &advisor, NULL, NULL), ==, 403);
    }
}

/* Readable reports: names, key figures, drill-down */

/* The name in @lang that the report gives for @value of @column in @table; NULL: none. */
static const char *
label_of (JsonObject *table, const char *column, const char *value, const char *lang)
{
  JsonObject *labels = json_object_get_object_member (table, "labels");
  JsonObject *names;

  g_assert_nonnull (labels);
  if (!json_object_has_member (labels, column))
    return NULL;
  names = json_object_get_object_member (labels, column);
  if (!json_object_has_member (names, value))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (names, value), lang);
}

static void
test_names (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) reach = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  g_autoptr (JsonNode) demand = get_report (fixture, "/api/v1/staff/reports/demand?" NOVEMBER, 200);
  g_autoptr (JsonNode) handover
      = get_report (fixture, "/api/v1/staff/reports/handover?" NOVEMBER, 200);
  JsonObject *settings = find_table (reach, "settings");
  JsonObject *guides = find_table (demand, "top_guides");
  JsonObject *kiosks = find_table (reach, "visits_by_kiosk");

  /* Codes have a label in every language; the rows keep the codes. */
  assert_row_of (settings, "larger-text", "[\"larger-text\",5]");
  g_assert_cmpstr (label_of (settings, "setting", "larger-text", "fi"), ==, "Suurempi teksti");
  g_assert_cmpstr (label_of (settings, "setting", "larger-text", "sv"), ==, "Större text");
  g_assert_cmpstr (label_of (settings, "setting", "larger-text", "en"), ==, "Larger text");
  g_assert_cmpstr (label_of (find_table (reach, "languages"), "language", "sv", "fi"), ==,
                   "ruotsi");
  g_assert_cmpstr (label_of (find_table (handover, "outcomes"), "outcome", "solved", "fi"), ==,
                   "Asia ratkesi");
  g_assert_cmpstr (label_of (find_table (handover, "funnel"), "step", "details", "en"), ==,
                   "Contact details");
  /* Guides by their title (Finnish where a language has none), places and kiosks by name. */
  g_assert_cmpstr (label_of (guides, "guide", "omaolo", "sv"), ==, "Omaolo");
  g_assert_cmpstr (
      label_of (find_table (demand, "top_organisations"), "organisation", "test-library", "sv"), ==,
      "Testbiblioteket");
  g_assert_cmpstr (label_of (kiosks, "kiosk", fixture->kiosk_a, "fi"), ==, "Aula");
  g_assert_cmpstr (label_of (kiosks, "municipality", "564", "sv"), ==, "Uleåborg");
  g_assert_cmpstr (label_of (kiosks, "region", "17", "fi"), ==, "Pohjois-Pohjanmaa");
  /* An id no guide has (any more) has no name: it is shown as it is. */
  g_assert_null (label_of (guides, "guide", HYPERLINK, "fi"));
}

/* The figure @id of @report: its value and previous value as text ("null" when
 * suppressed), and its change. */
static char *
figure_text (JsonNode *report, const char *id)
{
  JsonObject *figure = find_by_id (report, "figures", id);
  g_autoptr (JsonNode) value = json_node_copy (json_object_get_member (figure, "value"));
  g_autoptr (JsonNode) previous = json_node_copy (json_object_get_member (figure, "previous"));
  g_autoptr (JsonNode) change = json_node_copy (json_object_get_member (figure, "change_percent"));
  g_autofree char *v = json_to_string (value, FALSE);
  g_autofree char *p = json_to_string (previous, FALSE);
  g_autofree char *c = json_to_string (change, FALSE);

  return g_strdup_printf ("%s %s %s", v, p, c);
}

#define assert_figure(report, id, expected)                                                        \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *nv_figure_ = figure_text ((report), (id));                                    \
    g_assert_cmpstr (nv_figure_, ==, (expected));                                                  \
  }                                                                                                \
  G_STMT_END

/* @n visits of one session_start each on @kiosk at @time. */
static void
add_visits (Fixture *fixture, const char *kiosk, const char *time, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = g_uuid_string_random ();

      add_event (fixture, kiosk, s, time, "session_start", NULL, 0, NULL);
    }
  store_pending (fixture);
}

static void
test_figures (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) reach = NULL;
  g_autoptr (JsonNode) handover = NULL;
  g_autoptr (JsonNode) one_table = NULL;
  JsonObject *previous;

  /* November's 30 days, and the 30 before them: October 2 to 31. */
  add_visits (fixture, fixture->kiosk_a, "2026-10-15T10:00:00Z", 8);
  reach = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  previous = json_object_get_object_member (json_node_get_object (reach), "previous");
  g_assert_cmpstr (json_object_get_string_member (previous, "from"), ==, "2026-10-02");
  g_assert_cmpstr (json_object_get_string_member (previous, "to"), ==, "2026-10-31");
  /* 11 visits, 8 before: 37.5 % more. */
  assert_figure (reach, "visits", "11 8 37.5");

  /* Requests: seven in November, six solved; none before, so no change. Seven would say
   * that one is open, which the outcomes table suppresses: it is suppressed too. */
  handover = get_report (fixture, "/api/v1/staff/reports/handover?" NOVEMBER, 200);
  assert_figure (handover, "requests", "null 0 null");
  assert_figure (handover, "requests_solved", "6 0 null");
  assert_figure (handover, "requests_started", "6 0 null");

  /* One table is a download: no figures with it. */
  one_table = get_report (fixture, "/api/v1/staff/reports/reach?table=languages&" NOVEMBER, 200);
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (one_table), "figures")),
                    ==, 0);
}

/* A total beside a column with one suppressed cell would be that cell: the total minus the
 * cells shown. The cell stays suppressed, and so does every total and change that would
 * give it away, for the period and for the one before. */
static void
test_figures_no_counting_around (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) lone = NULL;
  g_autoptr (JsonNode) pair = NULL;
  g_autoptr (JsonNode) october = NULL;
  JsonObject *per_day;

  add_visits (fixture, fixture->kiosk_a, "2026-11-25T10:00:00Z", 3);
  add_visits (fixture, fixture->kiosk_a, "2026-10-15T10:00:00Z", 8);
  lone = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  per_day = find_table (lone, "sessions_per_day");
  assert_row_of (per_day, "2026-11-25", "[\"2026-11-25\",null]");
  /* 14 visits would say the 25th had 3: the figure and the change are suppressed. */
  assert_figure (lone, "visits", "null 8 null");

  /* Two suppressed days (3 and 2): 16 says only that together they had 5, which each
   * could be split as 1 + 4 … 4 + 1. */
  add_visits (fixture, fixture->kiosk_a, "2026-11-26T10:00:00Z", 2);
  pair = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  per_day = find_table (pair, "sessions_per_day");
  assert_row_of (per_day, "2026-11-25", "[\"2026-11-25\",null]");
  assert_row_of (per_day, "2026-11-26", "[\"2026-11-26\",null]");
  assert_figure (pair, "visits", "16 8 100.0");

  /* The period before is held to the same rule: a lone suppressed day in October hides
   * October's figure, and with it the change. */
  add_visits (fixture, fixture->kiosk_a, "2026-10-20T10:00:00Z", 4);
  october = get_report (fixture, "/api/v1/staff/reports/reach?from=2026-10-02&to=2026-10-31", 200);
  assert_row_of (find_table (october, "sessions_per_day"), "2026-10-20", "[\"2026-10-20\",null]");
  assert_figure (october, "visits", "null 7 null");
  g_clear_pointer (&pair, json_node_unref);
  pair = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  assert_figure (pair, "visits", "16 null null");
}

/* From a region to its kiosks: the region's count, each kiosk's, protected together. */
static void
test_drill_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_c = NULL;
  g_autofree char *kiosk_d = NULL;
  g_autofree char *token = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (JsonNode) filtered = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  JsonObject      *regions;
  JsonObject      *kiosks;

  /* Helsinki (Uusimaa, 01): one kiosk with 6 visits and one with 3. */
  g_assert_true (
      server_store_add_kiosk (fixture->store, "Kallio", "091", &kiosk_c, &token, &error));
  g_clear_pointer (&token, g_free);
  g_assert_true (
      server_store_add_kiosk (fixture->store, "Pasila", "091", &kiosk_d, &token, &error));
  g_assert_no_error (error);
  add_visits (fixture, kiosk_c, "2026-11-16T10:00:00Z", 6);
  add_visits (fixture, kiosk_d, "2026-11-16T10:00:00Z", 3);

  report = get_report (fixture, "/api/v1/staff/reports/reach?" NOVEMBER, 200);
  regions = find_table (report, "visits_by_region");
  kiosks = find_table (report, "visits_by_kiosk");
  g_assert_cmpuint (n_rows (regions), ==, 2);
  assert_row (regions, 0, "[\"01\",9]");
  assert_row (regions, 1, "[\"17\",11]");
  g_assert_cmpstr (label_of (regions, "region", "01", "sv"), ==, "Nyland");
  /* Uusimaa's 9 less Kallio's 6 would be Pasila's 3: Kallio is hidden too. Northern
   * Ostrobothnia's two kiosks both show. */
  g_assert_cmpuint (n_rows (kiosks), ==, 4);
  expected = g_strdup_printf ("[\"01\",\"091\",\"%s\",null]",
                              strcmp (kiosk_c, kiosk_d) < 0 ? kiosk_c : kiosk_d);
  assert_row (kiosks, 0, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("[\"01\",\"091\",\"%s\",null]",
                              strcmp (kiosk_c, kiosk_d) < 0 ? kiosk_d : kiosk_c);
  assert_row (kiosks, 1, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("[\"17\",\"564\",\"%s\",6]", fixture->kiosk_a);
  {
    g_autofree char *a = row_text (kiosks, strcmp (fixture->kiosk_a, fixture->kiosk_b) < 0 ? 2 : 3);
    g_autofree char *b = row_text (kiosks, strcmp (fixture->kiosk_a, fixture->kiosk_b) < 0 ? 3 : 2);
    g_autofree char *expected_b = g_strdup_printf ("[\"17\",\"564\",\"%s\",5]", fixture->kiosk_b);

    g_assert_cmpstr (a, ==, expected);
    g_assert_cmpstr (b, ==, expected_b);
  }
  /* All regions' visits: 20, with no region or kiosk to count around to. */
  assert_figure (report, "visits", "20 0 null");

  /* Drilling into a kiosk is the kiosk filter. */
  path = g_strdup_printf ("/api/v1/staff/reports/reach?" NOVEMBER "&kiosk=%s", kiosk_c);
  filtered = get_report (fixture, path, 200);
  g_assert_cmpuint (n_rows (find_table (filtered, "visits_by_kiosk")), ==, 1);
  assert_row (find_table (filtered, "visits_by_region"), 0, "[\"01\",6]");
  assert_figure (filtered, "visits", "6 0 null");
}

/* The evaluation report: one printable page, the six areas with charts and findings in
 * words, the method and the suppression rule; names escaped, nothing personal. */
static void
test_evaluation (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) evaluator = { NULL };
  g_auto (Staff) advisor = { NULL };
  g_autoptr (GBytes) body = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *kiosk = NULL;
  g_autofree char *path = NULL;
  g_autofree char *html = NULL;
  g_auto (GStrv) charts = NULL;
  SoupMessageHeaders      *headers;
  static const char *const areas[] = { "1. Tavoittavuus",     "2. Kysyntä", "3. Kitka",
                                       "4. Ohjaus ihmiselle", "5. Kokemus", "6. Toiminta" };

  add_visits (fixture, fixture->kiosk_a, "2026-10-15T10:00:00Z", 8);
  sign_in (fixture, "eero", &evaluator);
  sign_in (fixture, "aino", &advisor);
  g_assert_cmpuint (
      get (fixture, "/api/v1/staff/reports/evaluation?" NOVEMBER, &evaluator, &body, &msg), ==,
      200);
  headers = soup_message_get_response_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
  /* No script, nothing from elsewhere; framed only by the console. */
  g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "Content-Security-Policy"),
                            "default-src 'none'; style-src 'self'; frame-ancestors 'self'"));
  html = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"fi\">"));
  g_assert_nonnull (strstr (html, "href=\"/console/evaluation.css\""));
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    g_assert_nonnull (strstr (html, areas[i]));
  /* A chart per area: SVG drawn by the server, named for a screen reader. */
  charts = g_strsplit (html, "<svg role=\"img\"", -1);
  g_assert_cmpuint (g_strv_length (charts) - 1, >=, 5);
  /* Findings in words, from the figures. */
  g_assert_nonnull (
      strstr (html, "Käynnit: 11, eli 37,5 % enemmän kuin edellisellä jaksolla (8)."));
  g_assert_nonnull (strstr (html, "Katsotuin opas oli Omaolo (6 käyntiä)."));
  g_assert_nonnull (strstr (html, "Yhteydenottopyynnön aloittaneista 83,3 % lähetti sen."));
  /* A suppressed figure says why, never its number. */
  g_assert_nonnull (strstr (html, "Saapuneet yhteydenottopyynnöt: lukua ei näytetä"));
  /* The method and the rule. */
  g_assert_nonnull (strstr (html, "Luku 1–4 näytetään muodossa ”alle 5”"));
  /* An id that is a formula is text. */
  g_assert_nonnull (strstr (html, "=HYPERLINK(&quot;x&quot;)"));
  g_assert_null (strstr (html, "Aili"));
  g_assert_null (strstr (html, "+358"));
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_object (&msg);
  g_clear_pointer (&html, g_free);

  /* In English, for one kiosk named with markup: escaped. */
  g_assert_true (
      server_store_add_kiosk (fixture->store, "<b>Lobby</b> & co", "564", &kiosk, &token, &error));
  g_assert_no_error (error);
  path = g_strdup_printf ("/api/v1/staff/reports/evaluation?lang=en&" NOVEMBER "&kiosk=%s", kiosk);
  g_assert_cmpuint (get (fixture, path, &evaluator, &body, NULL), ==, 200);
  html = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "Only these kiosks: &lt;b&gt;Lobby&lt;/b&gt; &amp; co."));
  g_assert_null (strstr (html, "<b>Lobby"));
  g_assert_nonnull (strstr (html, "Period: 1 Nov 2026 – 30 Nov 2026."));
  /* A kiosk never heard from has no uptime: not known, which is no suppressed count. */
  g_assert_nonnull (strstr (html, "class=\"value hidden\">not known</text>"));

  /* Evaluators only; a language it does not know is named. */
  g_assert_cmpuint (get (fixture, "/api/v1/staff/reports/evaluation", &advisor, NULL, NULL), ==,
                    403);
  g_assert_cmpuint (get (fixture, "/api/v1/staff/reports/evaluation", NULL, NULL, NULL), ==, 401);
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_cmpuint (
      get (fixture, "/api/v1/staff/reports/evaluation?lang=de", &evaluator, &body, NULL), ==, 400);
  g_assert_nonnull (
      g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "\"field\":\"lang\""));
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_cmpuint (
      get (fixture, "/api/v1/staff/reports/evaluation?from=2026-13-01", &evaluator, &body, NULL),
      ==, 400);
  g_assert_nonnull (
      g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "\"field\":\"from\""));

  /* With no suppression the rule says so, rather than "1–0"; nothing is hidden. */
  server_api_set_report_threshold (fixture->http, 1);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&html, g_free);
  g_assert_cmpuint (
      get (fixture, "/api/v1/staff/reports/evaluation?" NOVEMBER, &evaluator, &body, NULL), ==,
      200);
  html = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_nonnull (strstr (html, "Tällä palvelimella pieniä lukuja ei piiloteta (kynnys 1)"));
  g_assert_null (strstr (html, "Luku 1–0"));
  g_assert_nonnull (strstr (html, "Saapuneet yhteydenottopyynnöt: 7"));
}

/* The evaluation report's @lang page for November, as text. */
static char *
evaluation_html (Fixture *fixture, const Staff *staff, const char *lang)
{
  g_autofree char *path
      = g_strdup_printf ("/api/v1/staff/reports/evaluation?lang=%s&" NOVEMBER, lang);
  g_autoptr (GBytes) body = NULL;

  g_assert_cmpuint (get (fixture, path, staff, &body, NULL), ==, 200);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* The evaluation report gives the feedback questions' tables, with a chart of "found what
 * you needed" and of the scores, and findings made only from counts shown; then each
 * funnel evaluators defined, its steps as percentages, its name escaped. */
static void
test_evaluation_survey_and_funnels (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) evaluator = { NULL };
  g_autofree char *before = NULL;
  g_autofree char *html = NULL;
  g_autofree char *english = NULL;
  g_autofree char *id = NULL;

  add_survey_visits (fixture);
  sign_in (fixture, "eero", &evaluator);
  before = evaluation_html (fixture, &evaluator, "fi");
  /* No funnel defined: no such section. */
  g_assert_null (strstr (before, "Arvioijien määrittämät suppilot"));

  id = save_funnel (fixture, &evaluator,
                    "{\"funnel\": {\"name\": \"<i>Kysytty</i> → löysi\", \"steps\": ["
                    "{\"type\": \"survey_offered\"},"
                    "{\"type\": \"survey_found\", \"detail\": \"yes\"}]}}",
                    201);
  html = evaluation_html (fixture, &evaluator, "fi");
  /* The tables, codes by their names, suppressed counts "under 5" and noted. */
  g_assert_nonnull (strstr (html, "<caption>Palautekysymysten vastausosuus</caption>"));
  g_assert_nonnull (strstr (html, "<th scope=\"row\">Käynnin lopuksi</th><td>16</td><td>10</td>"
                                  "<td>62,5</td>"));
  g_assert_nonnull (strstr (html, "<th scope=\"row\">Oppaan lopuksi</th><td>alle 5</td>"
                                  "<td>alle 5</td><td>–</td>"));
  g_assert_nonnull (strstr (html, "<th scope=\"row\">Suositteluindeksi (−100…100)</th>"
                                  "<td>10</td><td>50</td>"));
  g_assert_nonnull (strstr (html, "<th scope=\"row\">Tietoa oli helppo ymmärtää</th>"
                                  "<td>alle 5</td><td>0</td><td>6</td>"));
  g_assert_nonnull (strstr (html, "”alle 5”: luku on piilotettu"));
  /* Charts of the answers and the scores. */
  g_assert_nonnull (strstr (html, "<figcaption aria-hidden=\"true\">Löysitkö sen, mitä "
                                  "tarvitsit? (% vastanneista)</figcaption>"));
  g_assert_nonnull (strstr (html, "Suositteluarviot 0–10 (käynnit)</title>"));
  /* Findings only from counts shown: the total asked is hidden, and so is a statement
   * with a hidden answer. */
  g_assert_nonnull (strstr (html, "<li>50 % vastanneista löysi sen, mitä tarvitsi.</li>"));
  g_assert_nonnull (
      strstr (html, "<li>Suositteluindeksi (NPS) oli 50 (10 arviota asteikolla 0–10).</li>"));
  g_assert_null (strstr (html, "vastasi ainakin yhteen"));
  g_assert_null (strstr (html, "”Palvelua oli helppo käyttää”:"));
  /* The funnel: 19 asked, 5 found what they needed. */
  g_assert_nonnull (strstr (html, "<h2 id=\"area-funnels\">Arvioijien määrittämät suppilot</h2>"));
  g_assert_nonnull (strstr (html, "<h3>&lt;i&gt;Kysytty&lt;/i&gt; → löysi</h3>"));
  g_assert_null (strstr (html, "<i>Kysytty"));
  g_assert_nonnull (strstr (html, "<td class=\"text\">Vastaus: löysikö tarvitsemansa</td>"));
  g_assert_nonnull (strstr (html, "<td class=\"text\">Kyllä</td>"));
  g_assert_nonnull (strstr (html, "&lt;i&gt;Kysytty&lt;/i&gt; → löysi: 26,3 % ensimmäisen "
                                  "vaiheen käynneistä eteni viimeiseen vaiheeseen."));
  english = evaluation_html (fixture, &evaluator, "en");
  g_assert_nonnull (strstr (english, "Funnels evaluators defined"));
  g_assert_nonnull (strstr (english, "The recommendation index (NPS) was 50 (10 scores from 0 "
                                     "to 10)."));
}

/* The error body's @member ("field", "code") of @body; "" when it has none. */
static char *
error_member (GBytes *body, const char *member)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = nv_json_parse_bytes (body, 0, &error);

  g_assert_no_error (error);
  return g_strdup (
      json_object_get_string_member_with_default (json_node_get_object (node), member, ""));
}

static char *
error_field (GBytes *body)
{
  return error_member (body, "field");
}

#define assert_refused_at(fixture, path, staff, body, status, field)                               \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autoptr (GBytes) nv_reply_ = NULL;                                                           \
    g_autofree char *nv_field_ = NULL;                                                             \
    g_assert_cmpuint (post ((fixture), (path), (staff), TRUE, (body), &nv_reply_), ==, (status));  \
    nv_field_ = error_field (nv_reply_);                                                           \
    g_assert_cmpstr (nv_field_, ==, (field));                                                      \
  }                                                                                                \
  G_STMT_END

#define assert_refused(fixture, staff, body, status, field)                                        \
  assert_refused_at ((fixture), "/api/v1/staff/costs", (staff), (body), (status), (field))

/* The row of @channel (and @kiosk) in a cost report, as compact JSON. */
static char *
cost_row (JsonNode *report, const char *channel, const char *kiosk)
{
  JsonArray *rows = json_object_get_array_member (json_node_get_object (report), "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "channel"), channel)
          && g_strcmp0 (json_object_get_string_member (row, "kiosk"), kiosk) == 0)
        return json_to_string (json_array_get_element (rows, i), FALSE);
    }
  g_error ("no cost row %s %s", channel, kiosk);
}

/* Costs an evaluator enters, and the cost per visit and per request solved beside the
 * phone and counter service's per contact: never made from a suppressed count. */
static void
test_costs (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) evaluator = { NULL };
  g_auto (Staff) advisor = { NULL };
  g_autoptr (JsonNode) report = NULL;
  g_autofree char *body = NULL;
  g_autofree char *row = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *huge = NULL;
  g_autoptr (GBytes) reply = NULL;

  sign_in (fixture, "eero", &evaluator);
  sign_in (fixture, "aino", &advisor);
  body = g_strdup_printf (
      "{\"from\": \"2026-11-01\", \"to\": \"2026-11-30\", "
      "\"kiosks\": [{\"kiosk\": \"%s\", \"cost_cents\": 120000}, "
      "{\"kiosk\": \"%s\", \"cost_cents\": 30000}], "
      "\"channels\": [{\"channel\": \"phone\", \"cost_cents\": 500000, \"contacts\": 400}, "
      "{\"channel\": \"counter\", \"cost_cents\": 900000, \"contacts\": 300}]}",
      fixture->kiosk_a, fixture->kiosk_b);
  /* Evaluators only, and only with the session's CSRF token. */
  g_assert_cmpuint (post (fixture, "/api/v1/staff/costs", &advisor, TRUE, body, NULL), ==, 403);
  g_assert_cmpuint (post (fixture, "/api/v1/staff/costs", &evaluator, FALSE, body, NULL), ==, 403);
  g_assert_cmpuint (post (fixture, "/api/v1/staff/costs", NULL, FALSE, body, NULL), ==, 401);
  g_assert_cmpuint (post (fixture, "/api/v1/staff/costs", &evaluator, TRUE, body, NULL), ==, 204);

  report = get_report (fixture, "/api/v1/staff/costs?" NOVEMBER, 200);
  /* Kiosk A: 1,200 € for 6 visits (200 € each) and 6 requests solved. */
  row = cost_row (report, "kiosk", fixture->kiosk_a);
  expected
      = g_strdup_printf ("{\"channel\":\"kiosk\",\"kiosk\":\"%s\",\"name\":\"Aula\","
                         "\"cost_cents\":120000,\"contacts\":6,\"cost_per_contact_cents\":20000,"
                         "\"solved\":6,\"cost_per_solved_cents\":20000}",
                         fixture->kiosk_a);
  g_assert_cmpstr (row, ==, expected);
  g_clear_pointer (&row, g_free);
  g_clear_pointer (&expected, g_free);
  /* Kiosk B: 5 visits, and its one open request is no request solved. */
  row = cost_row (report, "kiosk", fixture->kiosk_b);
  expected = g_strdup_printf ("{\"channel\":\"kiosk\",\"kiosk\":\"%s\",\"name\":\"Kirjasto\","
                              "\"cost_cents\":30000,\"contacts\":5,\"cost_per_contact_cents\":6000,"
                              "\"solved\":0,\"cost_per_solved_cents\":null}",
                              fixture->kiosk_b);
  g_assert_cmpstr (row, ==, expected);
  g_clear_pointer (&row, g_free);
  row = cost_row (report, "all", NULL);
  g_assert_cmpstr (row, ==,
                   "{\"channel\":\"all\",\"kiosk\":null,\"name\":null,\"cost_cents\":150000,"
                   "\"contacts\":11,\"cost_per_contact_cents\":13636,\"solved\":6,"
                   "\"cost_per_solved_cents\":25000}");
  g_clear_pointer (&row, g_free);
  row = cost_row (report, "phone", NULL);
  g_assert_cmpstr (row, ==,
                   "{\"channel\":\"phone\",\"kiosk\":null,\"name\":null,\"cost_cents\":500000,"
                   "\"contacts\":400,\"cost_per_contact_cents\":1250,\"solved\":null,"
                   "\"cost_per_solved_cents\":null}");
  g_clear_pointer (&row, g_free);
  g_clear_pointer (&report, json_node_unref);

  /* Three more visits at kiosk B's in another month's costs: not in November's. A kiosk
   * whose visits are suppressed has no cost per visit, and the total would give them away. */
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"from\": \"2026-12-01\", \"to\": \"2026-12-31\", \"kiosks\": "
                          "[{\"kiosk\": \"%s\", \"cost_cents\": 10000}, {\"kiosk\": \"%s\", "
                          "\"cost_cents\": 20000}]}",
                          fixture->kiosk_a, fixture->kiosk_b);
  g_assert_cmpuint (post (fixture, "/api/v1/staff/costs", &evaluator, TRUE, body, NULL), ==, 204);
  add_visits (fixture, fixture->kiosk_b, "2026-12-02T10:00:00Z", 3);
  add_visits (fixture, fixture->kiosk_a, "2026-12-02T10:00:00Z", 9);
  report = get_report (fixture, "/api/v1/staff/costs?from=2026-12-01&to=2026-12-31", 200);
  row = cost_row (report, "kiosk", fixture->kiosk_b);
  g_assert_nonnull (strstr (row, "\"cost_cents\":20000,\"contacts\":null,"
                                 "\"cost_per_contact_cents\":null"));
  g_clear_pointer (&row, g_free);
  row = cost_row (report, "all", NULL);
  g_assert_nonnull (strstr (row, "\"contacts\":null,\"cost_per_contact_cents\":null"));
  g_clear_pointer (&row, g_free);
  g_clear_pointer (&report, json_node_unref);
  /* A year holds both months' costs. */
  report = get_report (fixture, "/api/v1/staff/costs?from=2026-01-01&to=2026-12-31", 200);
  row = cost_row (report, "kiosk", fixture->kiosk_a);
  g_assert_nonnull (strstr (row, "\"cost_cents\":130000,"));
  g_clear_pointer (&row, g_free);
  g_clear_pointer (&report, json_node_unref);

  /* A null cost removes what was entered. */
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"from\": \"2026-12-01\", \"to\": \"2026-12-31\", \"kiosks\": "
                          "[{\"kiosk\": \"%s\", \"cost_cents\": null}]}",
                          fixture->kiosk_b);
  g_assert_cmpuint (post (fixture, "/api/v1/staff/costs", &evaluator, TRUE, body, NULL), ==, 204);
  report = get_report (fixture, "/api/v1/staff/costs?from=2026-12-01&to=2026-12-31", 200);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (report), "rows")),
      ==, 1);

  /* Bad input is refused with its field named, and changes nothing. */
  assert_refused (fixture, &evaluator, "{\"from\": \"2026-11-01\"", 400, "");
  assert_refused (fixture, &evaluator, "[]", 400, "");
  assert_refused (fixture, &evaluator, "{\"to\": \"2026-11-30\"}", 422, "from");
  assert_refused (fixture, &evaluator, "{\"from\": \"2026-11-31\", \"to\": \"2026-11-30\"}", 422,
                  "from");
  assert_refused (fixture, &evaluator, "{\"from\": \"2026-11-30\", \"to\": \"2026-11-01\"}", 422,
                  "to");
  assert_refused (fixture, &evaluator,
                  "{\"from\": \"2026-11-01\", \"to\": \"2026-11-30\", \"kiosks\": "
                  "[{\"kiosk\": \"nowhere\", \"cost_cents\": 1}]}",
                  422, "kiosks[0].kiosk");
  assert_refused (fixture, &evaluator,
                  "{\"from\": \"2026-11-01\", \"to\": \"2026-11-30\", \"channels\": "
                  "[{\"channel\": \"phone\", \"cost_cents\": \"lots\"}]}",
                  422, "channels[0].cost_cents");
  assert_refused (fixture, &evaluator,
                  "{\"from\": \"2026-11-01\", \"to\": \"2026-11-30\", \"channels\": "
                  "[{\"channel\": \"phone\", \"cost_cents\": -5}]}",
                  422, "channels[0].cost_cents");
  assert_refused (fixture, &evaluator,
                  "{\"from\": \"2026-11-01\", \"to\": \"2026-11-30\", \"channels\": "
                  "[{\"channel\": \"post\", \"cost_cents\": 5}]}",
                  422, "channels[0].channel");
  assert_refused (fixture, &evaluator,
                  "{\"from\": \"2026-11-01\", \"to\": \"2026-11-30\", \"channels\": "
                  "[{\"channel\": \"phone\", \"cost_cents\": 5, \"contacts\": 1.5}]}",
                  422, "channels[0].contacts");
  assert_refused (fixture, &evaluator, "{\"from\": \"2026-11-01\", \"to\": \"\\xff\"}", 400, "");
  {
    g_autoptr (GString) many = g_string_new ("{\"from\": \"2026-11-01\", \"to\": \"2026-11-30\", "
                                             "\"channels\": [");

    for (guint i = 0; i < 3; i++)
      g_string_append_printf (many, "%s{\"channel\": \"phone\", \"cost_cents\": 1}",
                              i > 0 ? ", " : "");
    g_string_append (many, "]}");
    assert_refused (fixture, &evaluator, many->str, 413, "channels");
  }
  /* More than 64 KiB is refused before it is read. */
  huge = g_strnfill (70 * 1024, ' ');
  memcpy (huge, "{\"from\": \"", 10);
  g_assert_cmpuint (post (fixture, "/api/v1/staff/costs", &evaluator, TRUE, huge, &reply), ==, 413);
  g_clear_pointer (&report, json_node_unref);
  report = get_report (fixture, "/api/v1/staff/costs?" NOVEMBER, 200);
  row = cost_row (report, "phone", NULL);
  g_assert_nonnull (strstr (row, "\"cost_cents\":500000,\"contacts\":400,"));
  g_clear_pointer (&row, g_free);

  /* And the evaluation report shows them beside the phone and counter service. */
  {
    g_autoptr (GBytes) page = NULL;
    g_autofree char *html = NULL;

    g_assert_cmpuint (get (fixture, "/api/v1/staff/reports/evaluation?lang=en&" NOVEMBER,
                           &evaluator, &page, NULL),
                      ==, 200);
    html = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
    g_assert_nonnull (strstr (html, "<caption>Cost per contact</caption>"));
    g_assert_nonnull (strstr (html, "<tr><th scope=\"row\">Aula</th><td>€1,200.00</td><td>6</td>"
                                    "<td>€200.00</td><td>6</td><td>€200.00</td></tr>"));
    g_assert_nonnull (strstr (html, "Phone service: €12.50 per visit or contact."));
    g_assert_nonnull (strstr (html, "Counter service: €30.00 per visit or contact."));
  }
}

/* Funnels an evaluator defines */

#define FUNNELS "/api/v1/staff/funnels"

/* POSTs @events (NvEvent*) to the kiosk API as the kiosk of @token, as its outbox does;
 * every one accepted. */
static void
push_events (Fixture *fixture, const char *token, GPtrArray *events)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GBytes) request = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->url, "api/v1/kiosk/events", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  char *body;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    json_builder_add_value (builder, nv_event_to_json (g_ptr_array_index (events, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  request = g_bytes_new_take (body, strlen (body));
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = nv_test_http_send (fixture->session, msg, 20000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  reply = nv_json_parse_bytes (answer, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (reply), "accepted"), ==,
                   events->len);
}

/* A visit of @types, each "TYPE[:SUBJECT[:VALUE[:DETAIL]]]" ("step_view:omaolo:2",
 * "appointment_submitted:::slot"), a second apart, added to @events. */
static void
add_visit (GPtrArray *events, const char *start, const char *const *types)
{
  g_autofree char *session = g_uuid_string_random ();
  g_autoptr (GDateTime) base = g_date_time_new_from_iso8601 (start, NULL);

  for (guint i = 0; types[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (types[i], ":", 4);
      NvEventType type;
      NvEvent    *event;

      g_assert_true (nv_event_type_from_string (parts[0], &type));
      event = nv_event_new (type, session);
      g_date_time_unref (event->time);
      event->time = g_date_time_add_seconds (base, i);
      if (parts[1] != NULL && *parts[1] != '\0')
        event->subject = g_strdup (parts[1]);
      if (parts[1] != NULL && parts[2] != NULL)
        event->value = g_ascii_strtoll (parts[2], NULL, 10);
      if (parts[1] != NULL && parts[2] != NULL && parts[3] != NULL)
        event->detail = g_strdup (parts[3]);
      g_ptr_array_add (events, event);
    }
}

/* Row @i of a funnel table: its cells but the last as @cells ("[1,\"guide_view\",…,11"), and
 * the last, the percentage, @percent (negative: null). */
static void
assert_funnel_row (JsonObject *table, guint i, const char *cells, double percent)
{
  g_autofree char *text = row_text (table, i);
  JsonArray *row = json_array_get_array_element (json_object_get_array_member (table, "rows"), i);
  JsonNode  *last = json_array_get_element (row, json_array_get_length (row) - 1);

  g_assert_true (g_str_has_prefix (text, cells));
  g_assert_cmpuint (text[strlen (cells)], ==, ',');
  if (percent < 0)
    g_assert_true (JSON_NODE_HOLDS_NULL (last));
  else
    g_assert_cmpfloat_with_epsilon (json_node_get_double (last), percent, 1e-9);
}

/* Saves @body as the evaluator; the new funnel's id. */
static char *
save_funnel (Fixture *fixture, const Staff *staff, const char *body, guint expected_status)
{
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (post (fixture, FUNNELS, staff, TRUE, body, &reply), ==, expected_status);
  node = nv_json_parse_bytes (reply, 0, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

/* A kiosk pushes known visits; funnels count, at each step, the visits that went through
 * every step before it in order. */
static void
test_funnel_counts (Fixture *fixture, gconstpointer data)
{
  static const char *const all_three[] = { "session_start",
                                           "guide_view:omaolo",
                                           "step_view:omaolo:1",
                                           "step_view:omaolo:2",
                                           "appointment_submitted:::slot",
                                           "feedback:omaolo::good",
                                           NULL };
  static const char *const two[]
      = { "guide_view:omaolo", "step_view:omaolo:2", "search:::kela", NULL };
  /* Submitted first, then the guide: reaches step 2, never step 3. */
  static const char *const out_of_order[]
      = { "appointment_submitted:::slot", "guide_view:omaolo", "step_view:omaolo:2", NULL };
  static const char *const no_start[]
      = { "step_view:omaolo:2", "appointment_submitted:::slot", NULL };
  static const char *const wrong_value[]
      = { "guide_view:omaolo", "step_view:omaolo:1", "appointment_submitted:::slot", NULL };
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
  g_autoptr (GError) error = NULL;
  g_auto (Staff) staff = { NULL };
  g_autofree char *kiosk = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *second = NULL;
  g_autofree char *csv_path = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (JsonNode) small = NULL;
  g_autoptr (GBytes) csv = NULL;
  JsonObject *table;

  g_assert_true (server_store_add_kiosk (fixture->store, "Kulma", "564", &kiosk, &token, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 7; i++)
    add_visit (events, "2026-11-15T09:00:00Z", all_three);
  for (guint i = 0; i < 2; i++)
    add_visit (events, "2026-11-15T10:00:00Z", two);
  add_visit (events, "2026-11-16T10:00:00Z", out_of_order);
  for (guint i = 0; i < 2; i++)
    add_visit (events, "2026-11-16T11:00:00Z", no_start);
  add_visit (events, "2026-11-17T11:00:00Z", wrong_value);
  /* The same visit in October: outside the period. */
  add_visit (events, "2026-10-15T09:00:00Z", all_three);
  push_events (fixture, token, events);

  sign_in (fixture, "eero", &staff);
  id = save_funnel (fixture, &staff,
                    "{\"funnel\": {\"name\": \"Omaolo → ajanvaraus\", \"steps\": ["
                    "{\"type\": \"guide_view\", \"subject\": \"omaolo\"},"
                    "{\"type\": \"step_view\", \"subject\": \"omaolo\", \"value\": 2},"
                    "{\"type\": \"appointment_submitted\", \"subject\": \"\", \"detail\": null}]}}",
                    201);
  path = g_strdup_printf ("/api/v1/staff/reports/funnel?id=%s&" NOVEMBER "&kiosk=%s", id, kiosk);
  report = get_report (fixture, path, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (report), "section"), ==,
                   "funnel");
  table = find_table (report, "funnel");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (table, "title"), "fi"), ==,
      "Omaolo → ajanvaraus");
  g_assert_cmpuint (n_rows (table), ==, 3);
  /* 7 + 2 + 1 + 1 started; the out-of-order visit and the two stop at step 2. */
  assert_funnel_row (table, 0, "[1,\"guide_view\",\"omaolo\",null,null,11", 100);
  assert_funnel_row (table, 1, "[2,\"step_view\",\"omaolo\",null,\"2\",10", 90.9);
  assert_funnel_row (table, 2, "[3,\"appointment_submitted\",null,null,null,7", 63.6);
  /* The rows keep the codes; the guide has its title and the kinds of event their names. */
  g_assert_cmpstr (label_of (table, "subject", "omaolo", "fi"), ==, "Omaolo");
  g_assert_cmpstr (label_of (table, "type", "guide_view", "fi"), ==, "Opas avattiin");
  g_assert_cmpstr (label_of (table, "type", "appointment_submitted", "en"), ==,
                   "Appointment request sent");

  /* The fixture's own visits at the other kiosks are counted without the filter. */
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/staff/reports/funnel?id=%s&" NOVEMBER, id);
  g_clear_pointer (&report, json_node_unref);
  report = get_report (fixture, path, 200);
  assert_funnel_row (find_table (report, "funnel"), 0, "[1,\"guide_view\",\"omaolo\",null,null,17",
                     100);

  /* Two left feedback after the step: suppressed, and its share with it. */
  second = save_funnel (fixture, &staff,
                        "{\"funnel\": {\"name\": \"Palaute\", \"steps\": ["
                        "{\"type\": \"step_view\", \"subject\": \"omaolo\", \"value\": 2},"
                        "{\"type\": \"search\"}]}}",
                        201);
  g_clear_pointer (&path, g_free);
  path
      = g_strdup_printf ("/api/v1/staff/reports/funnel?id=%s&" NOVEMBER "&kiosk=%s", second, kiosk);
  small = get_report (fixture, path, 200);
  table = find_table (small, "funnel");
  assert_funnel_row (table, 0, "[1,\"step_view\",\"omaolo\",null,\"2\",12", 100);
  assert_funnel_row (table, 1, "[2,\"search\",null,null,null,null", -1);

  /* As CSV, the suppressed count an empty cell, and beside each code its name (Finnish
   * unless lang says otherwise). */
  csv_path = g_strconcat (path, "&format=csv", NULL);
  g_assert_cmpuint (get (fixture, csv_path, &staff, &csv, NULL), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv),
                                  "step,type,type_name,subject,subject_name,detail,detail_name,"
                                  "value,sessions,percent\r\n"
                                  "1,step_view,Oppaan vaihe näytettiin,omaolo,Omaolo,,,2,12,100\r\n"
                                  "2,search,Haku,,,,,,,\r\n"));
  g_clear_pointer (&csv_path, g_free);
  g_clear_pointer (&csv, g_bytes_unref);
  csv_path = g_strconcat (path, "&format=csv&lang=sv", NULL);
  g_assert_cmpuint (get (fixture, csv_path, &staff, &csv, NULL), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv),
                                  "1,step_view,Guidens steg visades,omaolo,Omaolo,,,2,12,100\r\n"));
  g_clear_pointer (&csv_path, g_free);
  csv_path = g_strconcat (path, "&format=csv&lang=de", NULL);
  g_assert_cmpuint (get (fixture, csv_path, &staff, NULL, NULL), ==, 400);
}

/* Every condition of a funnel has its name, in its report and in the list of funnels:
 * places by theirs, "guide:ID" and "organisation:ID" by what they name, screens,
 * settings, statements and every fixed detail by a label, in every language. */
static void
test_funnel_names (Fixture *fixture, gconstpointer data)
{
  g_auto (Staff) staff = { NULL };
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *table;
  JsonObject *funnel;

  sign_in (fixture, "eero", &staff);
  id = save_funnel (fixture, &staff,
                    "{\"funnel\": {\"name\": \"Nimet\", \"steps\": ["
                    "{\"type\": \"screen_view\", \"subject\": \"directory\"},"
                    "{\"type\": \"organisation_view\", \"subject\": \"test-library\"},"
                    "{\"type\": \"qr_shown\", \"subject\": \"guide:omaolo\"},"
                    "{\"type\": \"setting_changed\", \"subject\": \"contrast\","
                    " \"detail\": \"high\"},"
                    "{\"type\": \"appointment_abandoned\", \"detail\": \"details\"},"
                    "{\"type\": \"survey_statement\", \"subject\": \"clear\","
                    " \"detail\": \"disagree\"},"
                    "{\"type\": \"session_end\", \"detail\": \"timeout\"},"
                    "{\"type\": \"guide_view\", \"subject\": \"no-such-guide\"}]}}",
                    201);
  path = g_strdup_printf ("/api/v1/staff/reports/funnel?id=%s&" NOVEMBER, id);
  report = get_report (fixture, path, 200);
  table = find_table (report, "funnel");
  g_assert_cmpstr (label_of (table, "subject", "directory", "en"), ==, "Directory of places");
  g_assert_cmpstr (label_of (table, "subject", "test-library", "fi"), ==, "Testikirjasto");
  g_assert_cmpstr (label_of (table, "subject", "test-library", "sv"), ==, "Testbiblioteket");
  g_assert_cmpstr (label_of (table, "subject", "guide:omaolo", "en"), ==, "Omaolo");
  g_assert_cmpstr (label_of (table, "subject", "contrast", "fi"), ==, "Kontrasti");
  g_assert_cmpstr (label_of (table, "detail", "high", "sv"), ==, "Hög kontrast");
  g_assert_cmpstr (label_of (table, "detail", "details", "en"), ==, "Contact details");
  g_assert_cmpstr (label_of (table, "subject", "clear", "fi"), ==, "Tietoa oli helppo ymmärtää");
  g_assert_cmpstr (label_of (table, "detail", "disagree", "fi"), ==, "Eri mieltä");
  g_assert_cmpstr (label_of (table, "detail", "timeout", "en"), ==, "Timed out");
  g_assert_cmpstr (label_of (table, "type", "session_end", "sv"), ==, "Besöket slutade");
  /* A guide that does not exist has no name: it is shown as it is. */
  g_assert_null (label_of (table, "subject", "no-such-guide", "fi"));

  /* The list of funnels names their steps the same way. */
  g_assert_cmpuint (get (fixture, FUNNELS, &staff, &body, NULL), ==, 200);
  list = nv_json_parse_bytes (body, 0, &error);
  g_assert_no_error (error);
  funnel = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (list), "funnels"), 0);
  g_assert_cmpstr (json_object_get_string_member (funnel, "name"), ==, "Nimet");
  g_assert_cmpstr (label_of (funnel, "subject", "test-library", "sv"), ==, "Testbiblioteket");
  g_assert_cmpstr (label_of (funnel, "type", "qr_shown", "en"), ==, "QR code shown");
  g_assert_cmpstr (label_of (funnel, "detail", "timeout", "fi"), ==, "Aikakatkaisu");
  g_assert_null (label_of (funnel, "subject", "no-such-guide", "fi"));
}

#define assert_funnel_refused(fixture, staff, body, status, field, code)                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autoptr (GBytes) nv_reply_ = NULL;                                                           \
    g_autofree char *nv_field_ = NULL;                                                             \
    g_autofree char *nv_code_ = NULL;                                                              \
    g_assert_cmpuint (post ((fixture), FUNNELS, (staff), TRUE, (body), &nv_reply_), ==, (status)); \
    nv_field_ = error_member (nv_reply_, "field");                                                 \
    nv_code_ = error_member (nv_reply_, "code");                                                   \
    g_assert_cmpstr (nv_field_, ==, (field));                                                      \
    g_assert_cmpstr (nv_code_, ==, (code));                                                        \
  }                                                                                                \
  G_STMT_END

#define STEP "{\"type\": \"guide_view\"}"

/* Audit rows of @action by the evaluator. */
static gint64
count_audit (Fixture *fixture, const char *action)
{
  sqlite3_stmt *stmt = NULL;
  gint64        n;

  g_assert_cmpint (sqlite3_prepare_v2 (server_store_get_db (fixture->store),
                                       "SELECT count (*) FROM audit_log WHERE action = ?1 "
                                       "AND actor = 'staff:eero'",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A definition that cannot be counted is refused naming the field, and nothing is kept;
 * every change is audited. */
static void
test_funnel_definitions (Fixture *fixture, gconstpointer data)
{
  g_autofree char *long_name = g_strnfill (81, 'a');
  g_autofree char *too_long = g_strdup_printf (
      "{\"funnel\": {\"name\": \"%s\", \"steps\": [" STEP ", " STEP "]}}", long_name);
  g_autofree char *nine = NULL;
  g_autofree char *id = NULL;
  g_autofree char *update = NULL;
  g_autofree char *delete = NULL;
  g_autoptr (GString) steps = g_string_new (STEP);
  g_autoptr (GBytes) list = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Staff) staff = { NULL };
  g_auto (Staff) advisor = { NULL };
  JsonArray  *funnels;
  JsonObject *funnel;

  sign_in (fixture, "eero", &staff);
  sign_in (fixture, "aino", &advisor);
  for (guint i = 1; i < 9; i++)
    g_string_append (steps, ", " STEP);
  nine = g_strdup_printf ("{\"funnel\": {\"name\": \"Yhdeksän\", \"steps\": [%s]}}", steps->str);

  assert_funnel_refused (fixture, &staff,
                         "{\"funnel\": {\"name\": \"x\", \"steps\": [{\"type\": \"guide_viewed\"}, "
                         "{\"type\": \"search\"}]}}",
                         422, "funnel.steps[0].type", "unknown-event-type");
  assert_funnel_refused (fixture, &staff, "{\"funnel\": {\"name\": \"x\", \"steps\": [" STEP "]}}",
                         422, "funnel.steps", "too-few-steps");
  assert_funnel_refused (fixture, &staff, nine, 422, "funnel.steps", "too-many-steps");
  assert_funnel_refused (fixture, &staff, "{\"funnel\": {\"steps\": [" STEP ", " STEP "]}}", 422,
                         "funnel.name", "required");
  assert_funnel_refused (fixture, &staff, too_long, 422, "funnel.name", "too-long");
  assert_funnel_refused (fixture, &staff,
                         "{\"funnel\": {\"name\": \"a\\nb\", \"steps\": [" STEP ", " STEP "]}}",
                         422, "funnel.name", "control-characters");
  assert_funnel_refused (fixture, &staff,
                         "{\"funnel\": {\"name\": 5, \"steps\": [" STEP ", " STEP "]}}", 422,
                         "funnel.name", "wrong-type");
  assert_funnel_refused (fixture, &staff, "{\"funnel\": {\"name\": \"x\", \"steps\": \"two\"}}",
                         422, "funnel.steps", "wrong-type");
  assert_funnel_refused (fixture, &staff,
                         "{\"funnel\": {\"name\": \"x\", \"steps\": [" STEP
                         ", {\"type\": \"step_view\", \"value\": \"2\"}]}}",
                         422, "funnel.steps[1].value", "wrong-type");
  assert_funnel_refused (fixture, &staff,
                         "{\"funnel\": {\"name\": \"x\", \"steps\": [" STEP
                         ", {\"type\": \"step_view\", \"subject\": [\"a\"]}]}}",
                         422, "funnel.steps[1].subject", "wrong-type");
  assert_funnel_refused (fixture, &staff,
                         "{\"funnel\": {\"name\": \"x\", \"steps\": [" STEP ", 3]}}", 422,
                         "funnel.steps[1]", "invalid");
  assert_funnel_refused (fixture, &staff, "{\"funnel\": [1]}", 422, "funnel", "invalid");
  assert_funnel_refused (fixture, &staff, "{\"funnel\": {\"name\": ", 400, "", "malformed");
  assert_funnel_refused (fixture, &staff, "{\"funnel\": {\"name\": \"\xff\"}}", 400, "",
                         "malformed");
  /* Over 16 KiB: refused before it is read. */
  {
    g_autofree char *padding = g_strnfill (17 * 1024, ' ');
    g_autofree char *huge = g_strdup_printf (
        "{\"funnel\": {\"name\": \"x\", \"steps\": [" STEP ", " STEP "]}%s}", padding);

    assert_funnel_refused (fixture, &staff, huge, 413, "", "too-large");
  }
  /* Without the CSRF token, and as an advisor: refused before anything is read. */
  g_assert_cmpuint (post (fixture, FUNNELS, &staff, FALSE,
                          "{\"funnel\": {\"name\": \"x\", \"steps\": [" STEP ", " STEP "]}}", NULL),
                    ==, 403);
  g_assert_cmpuint (post (fixture, FUNNELS, &advisor, TRUE,
                          "{\"funnel\": {\"name\": \"x\", \"steps\": [" STEP ", " STEP "]}}", NULL),
                    ==, 403);
  /* Nothing kept, nothing audited. */
  g_assert_cmpuint (get (fixture, FUNNELS, &staff, &list, NULL), ==, 200);
  node = nv_json_parse_bytes (list, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (node), "funnels")),
      ==, 0);
  g_assert_cmpint (count_audit (fixture, "funnel-saved"), ==, 0);

  /* Saved, changed under its id, deleted: each audited. */
  id = save_funnel (fixture, &staff,
                    "{\"funnel\": {\"name\": \"Haku\", \"steps\": [{\"type\": \"search\", "
                    "\"detail\": \"passi\", \"value\": 0}, " STEP "]}}",
                    201);
  update = g_strdup_printf ("{\"funnel\": {\"id\": \"%s\", \"name\": \"Haku <b>passi</b>\", "
                            "\"steps\": [" STEP ", " STEP "]}}",
                            id);
  g_free (save_funnel (fixture, &staff, update, 200));
  assert_funnel_refused (fixture, &staff,
                         "{\"funnel\": {\"id\": \"nowhere\", \"name\": \"x\", \"steps\": [" STEP
                         ", " STEP "]}}",
                         404, "", "not-found");
  g_clear_pointer (&list, g_bytes_unref);
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpuint (get (fixture, FUNNELS, &staff, &list, NULL), ==, 200);
  node = nv_json_parse_bytes (list, 0, &error);
  g_assert_no_error (error);
  funnels = json_object_get_array_member (json_node_get_object (node), "funnels");
  g_assert_cmpuint (json_array_get_length (funnels), ==, 1);
  funnel = json_array_get_object_element (funnels, 0);
  g_assert_cmpstr (json_object_get_string_member (funnel, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (funnel, "name"), ==, "Haku <b>passi</b>");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (funnel, "steps")), ==, 2);
  g_assert_cmpint (count_audit (fixture, "funnel-saved"), ==, 2);

  /* The report asks which funnel, and knows the ones there are. */
  {
    g_autoptr (JsonNode) missing = get_report (fixture, "/api/v1/staff/reports/funnel", 400);
    g_autoptr (JsonNode) unknown
        = get_report (fixture, "/api/v1/staff/reports/funnel?id=nowhere", 404);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (missing), "field"), ==,
                     "id");
  }

  delete = g_strdup_printf ("{\"id\": \"%s\"}", id);
  g_assert_cmpuint (post (fixture, FUNNELS "/delete", &staff, TRUE, delete, NULL), ==, 204);
  g_assert_cmpuint (post (fixture, FUNNELS "/delete", &staff, TRUE, delete, NULL), ==, 404);
  g_assert_cmpint (count_audit (fixture, "funnel-deleted"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server_store_use_cheap_password_hashing ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-reports/reach", test_reach);
  ADD ("/server-reports/demand", test_demand);
  ADD ("/server-reports/friction", test_friction);
  ADD ("/server-reports/friction-per-version", test_friction_per_version);
  ADD ("/server-reports/handover", test_handover);
  ADD ("/server-reports/experience", test_experience);
  ADD ("/server-reports/survey", test_survey);
  ADD ("/server-reports/operations", test_operations);
  ADD ("/server-reports/threshold", test_threshold);
  ADD ("/server-reports/filters", test_filters);
  ADD ("/server-reports/bad-query", test_bad_query);
  ADD ("/server-reports/table-csv", test_table_csv);
  ADD ("/server-reports/export-ndjson", test_export_ndjson);
  ADD ("/server-reports/export-csv", test_export_csv);
  ADD ("/server-reports/roles", test_roles);
  ADD ("/server-reports/lone-visit-events-export", test_lone_visit_events_export);
  ADD ("/server-reports/lone-visit-counts-export", test_lone_visit_counts_export);
  g_test_add_func ("/server-reports/protect-group", test_protect_group);
  ADD ("/server-reports/archive", test_archive);
  ADD ("/server-reports/names", test_names);
  ADD ("/server-reports/figures", test_figures);
  ADD ("/server-reports/figures-no-counting-around", test_figures_no_counting_around);
  ADD ("/server-reports/drill-down", test_drill_down);
  ADD ("/server-reports/evaluation", test_evaluation);
  ADD ("/server-reports/evaluation-survey-and-funnels", test_evaluation_survey_and_funnels);
  ADD ("/server-reports/costs", test_costs);
  ADD ("/server-reports/funnel-counts", test_funnel_counts);
  ADD ("/server-reports/funnel-names", test_funnel_names);
  ADD ("/server-reports/funnel-definitions", test_funnel_definitions);
#undef ADD
  return g_test_run ();
}

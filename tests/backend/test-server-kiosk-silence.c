/* test-server-kiosk-silence.c — kiosks that went dark while their host library was open,
 * over real HTTP
 *
 * Contact hours are planted in the store for a week in November 2026 (Helsinki is UTC+2),
 * with the store's clock on Wednesday 18 November at 14:30 Helsinki time. The host is
 * open Monday to Friday 9–16, but closed on Tuesday by an exception: only hours it was
 * open and the kiosk was not heard from count, in the staff API and in the operations
 * report, and bad requests are refused naming their field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-common.h"
#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-kiosks.h"
#include "server-store-private.h"
#include "server-store-users.h"

#define STAFF_PASSWORD "staff-password-1"
/* Wednesday 18 November 2026, 12:30 UTC: 14:30 in Helsinki. */
#define NOW 1795005000
/* Monday 16 November 2026, 00:00 UTC. */
#define MONDAY 1794787200
#define HOUR(day, utc_hour) ((MONDAY / 3600) + (day) *24 + (utc_hour))

#define LIBRARY_HOURS                                                                              \
  "{\"organisation\": {\"id\": \"test-library\", \"name\": {\"fi\": \"Testikirjasto\"},"           \
  " \"kind\": \"library\", \"municipality\": \"564\", \"opening_hours\": {\"weekly\": ["           \
  "  {\"day\": 1, \"opens\": \"09:00\", \"closes\": \"16:00\"},"                                   \
  "  {\"day\": 2, \"opens\": \"09:00\", \"closes\": \"16:00\"},"                                   \
  "  {\"day\": 3, \"opens\": \"09:00\", \"closes\": \"16:00\"},"                                   \
  "  {\"day\": 4, \"opens\": \"09:00\", \"closes\": \"16:00\"},"                                   \
  "  {\"day\": 5, \"opens\": \"09:00\", \"closes\": \"16:00\"}],"                                  \
  " \"exceptions\": [{\"date\": \"2026-11-17\", \"hours\": [],"                                    \
  "                  \"note\": {\"fi\": \"Suljettu\"}}]}}}"

typedef struct
{
  NvTestHttpServer server;
  NvTestStaff     *admin;
  NvTestStaff     *evaluator;
  char            *dark;  /* a kiosk in the library */
  char            *other; /* a kiosk with no host */
} Fixture;

static gint64
fixture_clock_cb (gpointer user_data)
{
  return NOW;
}

static char *
add_kiosk (Fixture *fixture, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sql = NULL;
  char            *id = NULL;

  g_assert_true (server_store_add_kiosk (fixture->server.store, name, "564", &id, &token, &error));
  g_assert_no_error (error);
  /* Registered on Monday morning. */
  sql = g_strdup_printf ("UPDATE kiosks SET created = %d WHERE id = '%s'", MONDAY, id);
  g_assert_true (nv_sqlite_exec (server_store_get_db (fixture->server.store), sql, &error));
  g_assert_no_error (error);
  return id;
}

static void
plant_contact (Fixture *fixture, const char *kiosk, gint64 hour)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO kiosk_contact_hours (kiosk, hour) VALUES ('%s', %" G_GINT64_FORMAT ")", kiosk,
      hour);

  g_assert_true (nv_sqlite_exec (server_store_get_db (fixture->server.store), sql, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) saved = NULL;

  nv_test_http_server_start (&fixture->server, NULL);
  server_store_set_clock (fixture->server.store, fixture_clock_cb, fixture);
  g_assert_true (server_store_add_user (fixture->server.store, "aada", SERVER_ROLE_ADMIN,
                                        STAFF_PASSWORD, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "eero", SERVER_ROLE_EVALUATOR,
                                        STAFF_PASSWORD, &error));
  fixture->admin = nv_test_staff_login (fixture->server.url, "aada", STAFF_PASSWORD);
  fixture->evaluator = nv_test_staff_login (fixture->server.url, "eero", STAFF_PASSWORD);
  saved = nv_test_staff_call (fixture->admin, "POST", "/api/v1/staff/organisations", LIBRARY_HOURS,
                              200);
  fixture->dark = add_kiosk (fixture, "Testikirjasto, aula");
  fixture->other = add_kiosk (fixture, "Varasto");

  /* Monday: heard from in every hour, night and day. */
  for (int hour = 0; hour < 24; hour++)
    plant_contact (fixture, fixture->dark, HOUR (0, hour));
  /* Tuesday (closed by an exception): not at all. Wednesday: 9–11 Helsinki, then dark. */
  plant_contact (fixture, fixture->dark, HOUR (2, 7));
  plant_contact (fixture, fixture->dark, HOUR (2, 8));
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->admin, nv_test_staff_free);
  g_clear_pointer (&fixture->evaluator, nv_test_staff_free);
  g_clear_pointer (&fixture->dark, g_free);
  g_clear_pointer (&fixture->other, g_free);
  nv_test_http_server_stop (&fixture->server);
}

static JsonObject *
find_kiosk (JsonNode *answer, const char *member, const char *id_member, const char *id)
{
  JsonArray *kiosks = json_object_get_array_member (json_node_get_object (answer), member);

  for (guint i = 0; i < json_array_get_length (kiosks); i++)
    {
      JsonObject *kiosk = json_array_get_object_element (kiosks, i);

      if (g_strcmp0 (json_object_get_string_member (kiosk, id_member), id) == 0)
        return kiosk;
    }
  return NULL;
}

/* Wednesday's 11–14 Helsinki (09–12 UTC) are dark; Monday's hours and Tuesday, closed,
 * are not; nights never count; a kiosk with no host has nothing to count. */
static void
test_dark_hours (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) answer = NULL;
  JsonObject *dark, *other;

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->dark, "test-library");
  answer
      = nv_test_staff_call (fixture->evaluator, "GET", "/api/v1/staff/kiosks/silence", NULL, 200);
  dark = find_kiosk (answer, "kiosks", "id", fixture->dark);
  g_assert_nonnull (dark);
  g_assert_cmpstr (json_object_get_string_member (dark, "host"), ==, "test-library");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (dark, "host_name"), "fi"), ==,
      "Testikirjasto");
  /* Monday 7 hours, Wednesday 5 ended (12–13 UTC has not). */
  g_assert_cmpint (json_object_get_int_member (dark, "open_hours"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (dark, "dark_hours"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (dark, "last_dark"), ==,
                   "2026-11-18T11:00:00.000Z");

  other = find_kiosk (answer, "kiosks", "id", fixture->other);
  g_assert_nonnull (other);
  g_assert_true (json_object_get_null_member (other, "host"));
  g_assert_true (json_object_get_null_member (other, "dark_hours"));

  /* Heard from again: nothing dark. */
  for (int hour = 9; hour < 12; hour++)
    plant_contact (fixture, fixture->dark, HOUR (2, hour));
  g_clear_pointer (&answer, json_node_unref);
  answer = nv_test_staff_call (fixture->evaluator, "GET", "/api/v1/staff/kiosks/silence?days=1",
                               NULL, 200);
  dark = find_kiosk (answer, "kiosks", "id", fixture->dark);
  g_assert_cmpint (json_object_get_int_member (dark, "dark_hours"), ==, 0);
  g_assert_true (json_object_get_null_member (dark, "last_dark"));

  /* Its host cleared: nothing to count. */
  nv_test_staff_set_kiosk_host (fixture->admin, fixture->dark, NULL);
  g_clear_pointer (&answer, json_node_unref);
  answer
      = nv_test_staff_call (fixture->evaluator, "GET", "/api/v1/staff/kiosks/silence", NULL, 200);
  g_assert_true (
      json_object_get_null_member (find_kiosk (answer, "kiosks", "id", fixture->dark), "host"));
}

/* The operations report lists the kiosk that went dark, and only it. */
static void
test_operations_report (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) report = NULL;
  JsonArray  *tables, *rows = NULL, *row;
  JsonObject *root;

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->dark, "test-library");
  nv_test_staff_set_kiosk_host (fixture->admin, fixture->other, "test-library");
  /* The other kiosk was heard from every hour of the week. */
  for (gint64 hour = HOUR (0, 0); hour < HOUR (3, 0); hour++)
    plant_contact (fixture, fixture->other, hour);
  report = nv_test_staff_call (fixture->evaluator, "GET",
                               "/api/v1/staff/reports/operations?from=2026-11-16&to=2026-11-18",
                               NULL, 200);
  root = json_node_get_object (report);
  tables = json_object_get_array_member (root, "tables");
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_str_equal (json_object_get_string_member (table, "id"), "dark_kiosks"))
        rows = json_object_get_array_member (table, "rows");
    }
  g_assert_nonnull (rows);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_array_element (rows, 0);
  g_assert_cmpstr (json_array_get_string_element (row, 0), ==, fixture->dark);
  g_assert_cmpstr (json_array_get_string_element (row, 1), ==, "test-library");
  g_assert_cmpint (json_array_get_int_element (row, 2), ==, 12);
  g_assert_cmpint (json_array_get_int_element (row, 3), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (row, 4), ==, "2026-11-18T11:00:00.000Z");
}

/* The rows of the audit log about the host of @kiosk, oldest first: "actor host" a row,
 * "-" for none. */
static char *
host_audit (Fixture *fixture, const char *kiosk)
{
  g_autoptr (sqlite3_stmt) stmt = server_store_prepare (
      fixture->server.store,
      "SELECT a.actor, coalesce (json_extract (d.detail, '$.host'), '-') FROM audit_log AS a"
      " JOIN audit_details AS d ON d.audit = a.id WHERE a.action = 'kiosk-host-set'"
      " AND a.appointment = ?1 ORDER BY a.id",
      NULL);
  GString *rows = g_string_new (NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, kiosk, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (rows, "%s %s;", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1));
  return g_string_free (rows, FALSE);
}

/* Setting and clearing a host from the console are audited, by the admin, with the host;
 * a refusal writes no row. */
static void
test_host_audited (Fixture *fixture, gconstpointer data)
{
  g_autofree char *set = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *refused
      = g_strdup_printf ("{\"id\": \"%s\", \"host\": \"nowhere\"}", fixture->dark);
  g_autoptr (JsonNode) answer = NULL;

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->dark, "test-library");
  set = host_audit (fixture, fixture->dark);
  g_assert_cmpstr (set, ==, "staff:aada test-library;");
  answer = nv_test_staff_call (fixture->admin, "POST", "/api/v1/staff/kiosks/host", refused, 422);
  nv_test_staff_set_kiosk_host (fixture->admin, fixture->dark, NULL);
  cleared = host_audit (fixture, fixture->dark);
  g_assert_cmpstr (cleared, ==, "staff:aada test-library;staff:aada -;");
}

/* Each refusal names its field and changes nothing. */
static void
test_refusals (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
    const char *field;
  } cases[] = {
    { "POST", "/api/v1/staff/kiosks/host",
      "{\"id\": \"kiosk-nowhere\", \"host\": \"test-library\"}", 404, NULL },
    { "POST", "/api/v1/staff/kiosks/host", "{\"id\": \"KIOSK\", \"host\": \"nowhere\"}", 422,
      "host" },
    { "POST", "/api/v1/staff/kiosks/host", "{\"id\": \"KIOSK\", \"host\": 5}", 422, "host" },
    { "POST", "/api/v1/staff/kiosks/host", "{\"host\": \"test-library\"}", 422, "id" },
    { "POST", "/api/v1/staff/kiosks/host", "{\"id\": \"KIOSK\", \"host\": \"test-libr", 400, NULL },
    { "GET", "/api/v1/staff/kiosks/silence?days=0", NULL, 400, "days" },
    { "GET", "/api/v1/staff/kiosks/silence?days=32", NULL, 400, "days" },
    { "GET", "/api/v1/staff/kiosks/silence?days=seven", NULL, 400, "days" },
  };

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->dark, "test-library");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (GStrv) parts = cases[i].body ? g_strsplit (cases[i].body, "KIOSK", -1) : NULL;
      g_autofree char *body = parts ? g_strjoinv (fixture->dark, parts) : NULL;
      g_autoptr (JsonNode) answer = NULL;
      g_autoptr (JsonNode) silence = NULL;

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, body ? body : "");
      answer = nv_test_staff_call (fixture->admin, cases[i].method, cases[i].path, body,
                                   cases[i].status);
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "field"), ==,
                         cases[i].field);
      silence
          = nv_test_staff_call (fixture->admin, "GET", "/api/v1/staff/kiosks/silence", NULL, 200);
      g_assert_cmpstr (json_object_get_string_member (
                           find_kiosk (silence, "kiosks", "id", fixture->dark), "host"),
                       ==, "test-library");
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  server_store_use_cheap_password_hashing ();

  g_test_add ("/kiosk-silence/dark-hours", Fixture, NULL, fixture_setup, test_dark_hours,
              fixture_teardown);
  g_test_add ("/kiosk-silence/operations-report", Fixture, NULL, fixture_setup,
              test_operations_report, fixture_teardown);
  g_test_add ("/kiosk-silence/refusals", Fixture, NULL, fixture_setup, test_refusals,
              fixture_teardown);
  g_test_add ("/kiosk-silence/host-audited", Fixture, NULL, fixture_setup, test_host_audited,
              fixture_teardown);
  return g_test_run ();
}

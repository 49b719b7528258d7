/* test-server-directory-api.c — advisors review imported entries over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-import-ptv.h"
#include "server-store-private.h"
#include "nv-test-advisor.h"

#define FULL_ID "ptv-0b6d3a52-6f6e-4c8e-9a41-2f3d0c1e5a10"

typedef NvTestAdvisorServer Fixture;

/* Imports location-full.json on @day, with each pair of @replacements (FROM, TO, …,
 * NULL) replaced in its text: a record changed at the source. */
static void
import_fixture (ServerStore *store, const char *day, const char *const *replacements)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "fixtures", "ptv", "location-full.json", NULL);
  g_autofree char *iso = g_strdup_printf ("%sT10:00:00Z", day);
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char    *text = NULL;
  ServerImportOutcome outcome;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; replacements != NULL && replacements[i] != NULL; i += 2)
    {
      g_auto (GStrv) parts = g_strsplit (text, replacements[i], -1);

      g_assert_cmpuint (g_strv_length (parts), >, 1);
      g_free (text);
      text = g_strjoinv (replacements[i + 1], parts);
    }
  bytes = g_bytes_new (text, strlen (text));
  g_assert_true (server_ptv_import_add_bytes (import, bytes, path, NULL, &error));
  records = server_ptv_import_finish (import);
  g_assert_true (server_store_offer_import (
      store, ((ServerPtvRecord *) records->pdata[0])->organisation, &outcome, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  nv_test_advisor_server_setup (fixture, data);
  import_fixture (fixture->server.store, "2026-12-07", NULL);
}

static JsonObject *
object (JsonNode *node)
{
  return json_node_get_object (node);
}

/* The list says where each came from and when the source last had it. */
static void
test_list_and_accept_new (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) accepted = NULL;
  g_autoptr (JsonNode) again = NULL;
  JsonObject *first;
  gint64      before = server_store_get_revision (fixture->server.store);

  list = nv_test_staff_call (fixture->advisor, "GET", "/api/v1/staff/directory/changes", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (list), "changes")),
                    ==, 1);
  first
      = json_array_get_object_element (json_object_get_array_member (object (list), "changes"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, FULL_ID);
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (first, "source"), ==, "ptv");
  g_assert_cmpstr (json_object_get_string_member (first, "checked_at"), ==,
                   "2026-12-07T10:00:00.000Z");
  g_assert_true (json_object_get_null_member (first, "missing_since"));
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (first, "name"), "fi"), ==,
      "Testikylän palvelupiste");

  accepted = nv_test_staff_call (fixture->advisor, "POST", "/api/v1/staff/directory/accept",
                                 "{\"id\": \"" FULL_ID "\"}", 200);
  g_assert_cmpint (json_object_get_int_member (object (accepted), "revision"), ==, before + 1);
  again
      = nv_test_staff_call (fixture->advisor, "GET", "/api/v1/staff/directory/changes", NULL, 200);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (object (again), "changes")), ==, 0);
}

/* A change, field by field; some fields accepted, the rest kept as the advisor's. */
static void
test_field_by_field (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) accepted = NULL;
  g_autoptr (JsonNode) change = NULL;
  g_autoptr (JsonNode) unknown = NULL;
  g_autoptr (JsonNode) partly = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray  *fields;
  JsonObject *phones;

  accepted = nv_test_staff_call (fixture->advisor, "POST", "/api/v1/staff/directory/accept",
                                 "{\"id\": \"" FULL_ID "\"}", 200);
  import_fixture (fixture->server.store, "2026-12-08",
                  (const char *const[]){ "Palvelupisteessä saa apua asiointiin",
                                         "Palvelupisteessä saa apua", "8 5584 7070", "8 5584 7000",
                                         NULL });

  change = nv_test_staff_call (fixture->advisor, "GET",
                               "/api/v1/staff/directory/change?id=" FULL_ID, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (object (change), "state"), ==, "changed");
  g_assert_cmpstr (json_object_get_string_member (object (change), "checked_at"), ==,
                   "2026-12-08T10:00:00.000Z");
  fields = json_object_get_array_member (object (change), "changes");
  g_assert_cmpuint (json_array_get_length (fields), ==, 3);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (fields, 0), "field"), ==,
      "description");
  phones = json_array_get_object_element (fields, 2);
  g_assert_cmpstr (json_object_get_string_member (phones, "field"), ==, "phones");
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (phones, "current"), 0), ==,
      "+358 8 5584 7070");
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (phones, "proposed"), 0), ==,
      "+358 8 5584 7000");
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (object (change), "hand_set")), ==, 0);

  unknown = nv_test_staff_call (fixture->advisor, "POST", "/api/v1/staff/directory/keep",
                                "{\"id\": \"" FULL_ID "\", \"fields\": [\"nonsense\"]}", 422);
  g_assert_cmpstr (json_object_get_string_member (object (unknown), "field"), ==, "fields[0]");
  partly = nv_test_staff_call (fixture->advisor, "POST", "/api/v1/staff/directory/accept",
                               "{\"id\": \"" FULL_ID "\", \"fields\": [\"phones\"]}", 200);
  organisation = server_store_get_organisation (fixture->server.store, FULL_ID, &error);
  g_assert_cmpstr (organisation->phones[0], ==, "+358 8 5584 7000");
  /* The description and the phone details not accepted: the advisor's own now. */
  g_assert_true (g_str_has_prefix (organisation->description.text[NV_LANG_FI],
                                   "Palvelupisteessä saa apua asiointiin"));
}

/* Bad requests are named, and change nothing. */
static void
test_bad_requests (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *path;
    const char *body;
    guint       status;
    const char *field;
  } cases[] = {
    { "/api/v1/staff/directory/accept", "{\"id\": 5}", 422, "id" },
    { "/api/v1/staff/directory/accept", "{}", 422, "id" },
    { "/api/v1/staff/directory/accept", "{\"id\": \"" FULL_ID "\", \"fields\": \"phones\"}", 422,
      "fields" },
    { "/api/v1/staff/directory/accept", "{\"id\": \"" FULL_ID "\", \"fields\": [1]}", 422,
      "fields[0]" },
    { "/api/v1/staff/directory/accept", "{\"id\": \"" FULL_ID "\", \"fields\": [\"phones\"]}", 422,
      "fields" },
    { "/api/v1/staff/directory/keep", "{\"id\": \"" FULL_ID "\", \"fields\": [\"phones\"]}", 422,
      "fields" },
    { "/api/v1/staff/directory/accept", "{\"id\": \"nowhere\"}", 404, NULL },
    { "/api/v1/staff/directory/keep", "{'id': 'x'}", 400, NULL },
    { "/api/v1/staff/directory/keep", "{\"id\": \"\xff\"}", 400, NULL },
  };
  gint64 before = server_store_get_revision (fixture->server.store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) answer = nv_test_staff_call (fixture->advisor, "POST", cases[i].path,
                                                        cases[i].body, cases[i].status);

      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (object (answer), "field"), ==,
                         cases[i].field);
      g_assert_nonnull (json_object_get_string_member (object (answer), "error"));
    }
  /* A new entry is accepted or kept out whole: it still waits. */
  g_assert_cmpint (server_store_get_revision (fixture->server.store), ==, before);
  {
    g_autoptr (JsonNode) list = nv_test_staff_call (fixture->advisor, "GET",
                                                    "/api/v1/staff/directory/changes", NULL, 200);

    g_assert_cmpuint (
        json_array_get_length (json_object_get_array_member (object (list), "changes")), ==, 1);
  }
  {
    g_autoptr (JsonNode) missing
        = nv_test_staff_call (fixture->advisor, "GET", "/api/v1/staff/directory/change", NULL, 400);

    g_assert_cmpstr (json_object_get_string_member (object (missing), "field"), ==, "id");
  }
}

/* Keeping a new entry out: it leaves the list and stays out. */
static void
test_keep_out (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GBytes) body = NULL;
  g_autoptr (JsonNode) list = NULL;

  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST", "/api/v1/staff/directory/keep",
                                        "{\"id\": \"" FULL_ID "\"}", &body, NULL),
                    ==, 204);
  import_fixture (fixture->server.store, "2026-12-08", NULL);
  list = nv_test_staff_call (fixture->advisor, "GET", "/api/v1/staff/directory/changes", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (list), "changes")),
                    ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server_store_use_cheap_password_hashing ();

#define ADD(path, func)                                                                            \
  g_test_add (path, Fixture, NULL, fixture_setup, func, nv_test_advisor_server_teardown)
  ADD ("/directory-api/list-and-accept-new", test_list_and_accept_new);
  ADD ("/directory-api/field-by-field", test_field_by_field);
  ADD ("/directory-api/bad-requests", test_bad_requests);
  ADD ("/directory-api/keep-out", test_keep_out);
  return g_test_run ();
}

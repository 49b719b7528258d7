/* test-server-organisation-drafts.c — what an advisor types into an organisation is kept
 * as its draft on the server, over real HTTP
 *
 * The draft is no content change (kiosks and the organisation stay as they were), names
 * who saved it and when, is refused like a save when invalid (naming the field), and is
 * removed when the organisation is saved, deleted or the draft discarded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-common.h"
#include "nv-test-advisor.h"
#include "server-store-drafts.h"
#include "server-store-private.h"

/* The seeded test-library under a new name. */
#define DRAFT                                                                                      \
  "{\"organisation\": {\"id\": \"test-library\", \"name\": {\"fi\": \"Testikirjasto, "             \
  "muokattu\"}, \"kind\": \"library\", \"municipality\": \"564\"}}"

typedef NvTestAdvisorServer Fixture;

static JsonNode *
call (Fixture *fixture, const char *method, const char *path, const char *body, guint status)
{
  return nv_test_staff_call (fixture->advisor, method, path, body, status);
}

static const char *
published_name (Fixture *fixture)
{
  static char name[256];
  g_autoptr (JsonNode) node
      = call (fixture, "GET", "/api/v1/staff/organisation?id=test-library", NULL, 200);

  g_strlcpy (name,
             json_object_get_string_member (
                 json_object_get_object_member (json_node_get_object (node), "name"), "fi"),
             sizeof name);
  return name;
}

static void
test_draft_kept (Fixture *fixture, gconstpointer data)
{
  gint64 revision = server_store_get_revision (fixture->server.store);
  g_autoptr (JsonNode) saved
      = call (fixture, "POST", "/api/v1/staff/organisations/draft", DRAFT, 200);
  g_autoptr (JsonNode) draft = NULL;
  g_autoptr (JsonNode) published = NULL;
  g_autoptr (JsonNode) none = NULL;
  g_autoptr (JsonNode) discarded = NULL;
  JsonObject *object;

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (saved), "id"), ==,
                   "test-library");
  /* No content change: kiosks and the organisation are as they were. */
  g_assert_cmpint (server_store_get_revision (fixture->server.store), ==, revision);
  g_assert_cmpstr (published_name (fixture), ==, "Testikirjasto");

  draft = call (fixture, "GET", "/api/v1/staff/organisation/draft?id=test-library", NULL, 200);
  object = json_node_get_object (draft);
  g_assert_cmpstr (
      json_object_get_string_member (
          json_object_get_object_member (json_object_get_object_member (object, "draft"), "name"),
          "fi"),
      ==, "Testikirjasto, muokattu");
  g_assert_cmpstr (json_object_get_string_member (object, "updated_by"), ==, "aino");
  g_assert_nonnull (json_object_get_string_member (object, "updated"));

  /* Saving the organisation publishes it and removes the draft. */
  published = call (fixture, "POST", "/api/v1/staff/organisations", DRAFT, 200);
  g_assert_cmpstr (published_name (fixture), ==, "Testikirjasto, muokattu");
  none = call (fixture, "GET", "/api/v1/staff/organisation/draft?id=test-library", NULL, 200);
  g_assert_true (json_object_get_null_member (json_node_get_object (none), "draft"));
  g_assert_true (json_object_get_null_member (json_node_get_object (none), "updated_by"));

  /* Discarding: 204 once, then 404. */
  g_clear_pointer (&saved, json_node_unref);
  saved = call (fixture, "POST", "/api/v1/staff/organisations/draft", DRAFT, 200);
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST",
                                        "/api/v1/staff/organisations/discard-draft",
                                        "{\"id\": \"test-library\"}", NULL, NULL),
                    ==, 204);
  discarded = call (fixture, "POST", "/api/v1/staff/organisations/discard-draft",
                    "{\"id\": \"test-library\"}", 404);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (discarded), "code"), ==,
                   "not-found");

  /* Deleting the organisation takes its draft too. */
  g_clear_pointer (&saved, json_node_unref);
  saved = call (fixture, "POST", "/api/v1/staff/organisations/draft", DRAFT, 200);
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST",
                                        "/api/v1/staff/organisations/delete",
                                        "{\"id\": \"test-library\"}", NULL, NULL),
                    ==, 204);
  g_clear_pointer (&none, json_node_unref);
  none = call (fixture, "GET", "/api/v1/staff/organisation/draft?id=test-library", NULL, 200);
  g_assert_true (json_object_get_null_member (json_node_get_object (none), "draft"));
}

/* A draft is checked as a save is: each refusal names its field and keeps nothing. */
static void
test_bad_drafts (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *field;
  } cases[] = {
    { "{\"organisation\": {\"id\": \"x-1\", \"name\": {\"sv\": \"Bara svenska\"}, "
      "\"kind\": \"library\", \"municipality\": \"564\"}}",
      422, "organisation.name.fi" },
    { "{\"organisation\": {\"id\": \"x-1\", \"name\": {\"fi\": \"Rivi\\nkatkeaa\"}, "
      "\"kind\": \"library\", \"municipality\": \"564\"}}",
      422, "organisation.name.fi" },
    { "{\"organisation\": {\"id\": \"x-1\", \"name\": {\"fi\": \"Nimi\"}, "
      "\"kind\": \"library\", \"municipality\": \"999\"}}",
      422, "organisation.municipality" },
    { "{\"organisation\": 5}", 422, "organisation" },
    { "{}", 422, "organisation" },
    { "{\"organisation\": {\"id\": \"x-1\",}}", 400, NULL },
    { "[1]", 400, NULL },
  };
  g_autoptr (JsonNode) missing = NULL;
  GString *huge = g_string_new ("{\"organisation\": {\"id\": \"x-1\", \"name\": {\"fi\": \"");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) answer = NULL;
      JsonObject *error;

      g_test_message ("%s", cases[i].body);
      answer = call (fixture, "POST", "/api/v1/staff/organisations/draft", cases[i].body,
                     cases[i].status);
      error = json_node_get_object (answer);
      g_assert_nonnull (json_object_get_string_member (error, "error"));
      g_assert_nonnull (json_object_get_string_member (error, "code"));
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, cases[i].field);
    }
  /* More than the 512 KiB a body may have. */
  for (guint i = 0; i < 600 * 1024; i++)
    g_string_append_c (huge, 'a');
  g_string_append (huge, "\"}}}");
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST",
                                        "/api/v1/staff/organisations/draft", huge->str, NULL, NULL),
                    ==, 413);
  g_string_free (huge, TRUE);
  missing = call (fixture, "GET", "/api/v1/staff/organisation/draft", NULL, 400);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (missing), "field"), ==,
                   "id");

  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (server_store_get_db (fixture->server.store),
                                         "SELECT count(*) FROM organisation_drafts", -1, &stmt,
                                         NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add (path, Fixture, NULL, nv_test_advisor_server_setup, func,                             \
              nv_test_advisor_server_teardown)
  ADD ("/server-organisation-drafts/kept", test_draft_kept);
  ADD ("/server-organisation-drafts/bad", test_bad_drafts);
  return g_test_run ();
}

/* server-staff-synonyms-api.c — advisors edit the directory search's synonym groups
 *
 * For advisors (and admins). A group is checked with common/ (nv_synonym_group_from_json:
 * each word one word, no control characters, at most 40 characters, none twice), errors
 * naming the field from the body's top ("synonym.words[2]"). A change is published at once
 * as the next content revision and reaches kiosks with their next sync; each is audited
 * (server-store-synonyms.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-synonyms.h"
#include "server-store-users.h"

/* 30 words of 40 characters, escaped, fit many times over. */
#define SYNONYM_BODY_MAX (64 * 1024)
#define ID_BODY_MAX 4096
#define ADVISORS (SERVER_ROLE_ADVISOR | SERVER_ROLE_ADMIN)

static void handle_list (ServerRequest *request);
static void handle_save (ServerRequest *request);
static void handle_delete (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/staff/synonyms", handle_list, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/synonyms", handle_save, SERVER_AUTH_STAFF, SYNONYM_BODY_MAX, ADVISORS },
  { "POST", "/api/v1/staff/synonyms/delete", handle_delete, SERVER_AUTH_STAFF, ID_BODY_MAX,
    ADVISORS },
};

const ServerRoute *
server_staff_synonyms_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static void
add_entry (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  const ServerSynonymEntry *entry = item;

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", entry->group->id);
  json_builder_set_member_name (builder, "words");
  json_builder_begin_array (builder);
  for (guint i = 0; entry->group->words[i] != NULL; i++)
    json_builder_add_string_value (builder, entry->group->words[i]);
  json_builder_end_array (builder);
  server_json_add_string (builder, "kind", entry->group->kind);
  server_json_add_unix_time (builder, "updated", entry->updated);
  server_json_add_string (builder, "updated_by", entry->updated_by);
  json_builder_end_object (builder);
}

/* → {"synonyms": [{"id", "words", "kind", "updated", "updated_by"}]}, by id. */
static void
handle_list (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = server_store_list_synonyms (request->store, &error);

  server_reply_list (request->msg, "synonyms", entries, error, add_entry, NULL);
}

/* {"synonym": {"id", "words", "kind"}} → {"id", "revision"}: new, or replacing the group
 * with that id. */
static void
handle_save (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvSynonymGroup) group = NULL;
  JsonObject *object;
  gint64      revision = -1;

  if ((object = server_read_json_object (request, SYNONYM_BODY_MAX, &root)) == NULL)
    return;
  if ((group = nv_synonym_group_from_json (json_object_get_member (object, "synonym"), &error))
      != NULL)
    revision
        = server_store_save_synonym_group (request->store, group, request->staff->name, &error);
  if (revision < 0)
    {
      nv_error_prefix_field (error, "synonym");
      server_reply_gerror (request->msg, error);
      return;
    }
  server_reply_id (request->msg, SOUP_STATUS_OK, group->id, revision);
}

/* {"id"} → 204; 404 for a group that does not exist. */
static void
handle_delete (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  JsonObject      *object;

  if ((object = server_read_json_object (request, ID_BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "id", TRUE, &id, &error)
      || !server_store_delete_synonym_group (request->store, id, request->staff->name, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

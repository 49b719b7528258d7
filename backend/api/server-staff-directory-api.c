/* server-staff-directory-api.c — advisors review what imports bring
 *
 * For advisors (and admins). An import (neuvokas-server import ptv) leaves new and
 * changed entries waiting, and flags those the source no longer has; here advisors see
 * them, field by field, with where each came from and when the source last had it, and
 * accept the change (whole or some fields) or keep their own value. docs/api.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-directory.h"
#include "server-store-users.h"

#define REVIEW_BODY_MAX (16 * 1024)
#define ADVISORS (SERVER_ROLE_ADVISOR | SERVER_ROLE_ADMIN)

static void handle_list_changes (ServerRequest *request);
static void handle_get_change (ServerRequest *request);
static void handle_accept (ServerRequest *request);
static void handle_keep (ServerRequest *request);
static void handle_municipalities (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/staff/directory/changes", handle_list_changes, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "GET", "/api/v1/staff/directory/change", handle_get_change, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/directory/accept", handle_accept, SERVER_AUTH_STAFF, REVIEW_BODY_MAX,
    ADVISORS },
  { "POST", "/api/v1/staff/directory/keep", handle_keep, SERVER_AUTH_STAFF, REVIEW_BODY_MAX,
    ADVISORS },
  /* Every page that names a place or a kiosk shows its municipality: any role. */
  { "GET", "/api/v1/staff/municipalities", handle_municipalities, SERVER_AUTH_STAFF, 0,
    SERVER_ROLES_ANY },
};

const ServerRoute *
server_staff_directory_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/* → {"municipalities": [{"code", "fi", "sv", "region"}…], "regions": [{"code", "fi", "sv"}…]}:
 * the one national list every municipality written anywhere is checked against
 * (common/nv-municipality.c), so that the console offers exactly what the server takes. */
static void
handle_municipalities (ServerRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const NvMunicipality *municipalities;
  const NvRegion       *regions;
  guint                 n_municipalities;
  guint                 n_regions;

  municipalities = nv_municipalities (&n_municipalities);
  regions = nv_regions (&n_regions);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "municipalities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_municipalities; i++)
    {
      json_builder_begin_object (builder);
      server_json_add_string (builder, "code", municipalities[i].code);
      server_json_add_string (builder, "fi", municipalities[i].name_fi);
      server_json_add_string (builder, "sv", municipalities[i].name_sv);
      server_json_add_string (builder, "region", municipalities[i].region);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "regions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_regions; i++)
    {
      json_builder_begin_object (builder);
      server_json_add_string (builder, "code", regions[i].code);
      server_json_add_string (builder, "fi", regions[i].name_fi);
      server_json_add_string (builder, "sv", regions[i].name_sv);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

static void
add_strv (JsonBuilder *builder, const char *member, const char *const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_change (JsonBuilder *builder, const ServerDirectoryChange *change)
{
  server_json_add_string (builder, "id", change->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_value (builder, nv_text_to_json (&change->name));
  server_json_add_string (builder, "state", change->state);
  server_json_add_string (builder, "source", change->source);
  server_json_add_string (builder, "source_id", change->source_id);
  server_json_add_string (builder, "checked_at", change->checked_at);
  json_builder_set_member_name (builder, "missing_since");
  if (change->missing_since != NULL)
    json_builder_add_string_value (builder, change->missing_since);
  else
    json_builder_add_null_value (builder);
  add_strv (builder, "fields", (const char *const *) change->fields);
  /* Where each part another source keeps came from: "opening hours from Kirjastot.fi". */
  json_builder_set_member_name (builder, "part_sources");
  json_builder_begin_array (builder);
  for (guint i = 0; change->part_sources != NULL && i < change->part_sources->len; i++)
    {
      const ServerPartSource *part = g_ptr_array_index (change->part_sources, i);

      json_builder_begin_object (builder);
      server_json_add_string (builder, "part", part->part);
      server_json_add_string (builder, "source", part->source);
      server_json_add_string (builder, "source_id", part->source_id);
      server_json_add_string (builder, "checked_at", part->checked_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
handle_list_changes (ServerRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;

  if ((changes = server_store_list_directory_changes (request->store, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    {
      json_builder_begin_object (builder);
      add_change (builder, g_ptr_array_index (changes, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

static void
handle_get_change (ServerRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (ServerDirectoryChange) change = NULL;
  g_autoptr (GPtrArray) fields = NULL;
  g_auto (GStrv) hand_set = NULL;
  g_autoptr (GError) error = NULL;
  const char *id = request->query != NULL ? g_hash_table_lookup (request->query, "id") : NULL;

  if (id == NULL || id[0] == '\0')
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "id",
                          "Name the entry with the query parameter id");
      return;
    }
  if ((change = server_store_get_directory_change (request->store, id, &fields, &hand_set, &error))
      == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  add_change (builder, change);
  add_strv (builder, "hand_set", (const char *const *) hand_set);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < fields->len; i++)
    {
      const ServerFieldChange *field = g_ptr_array_index (fields, i);

      json_builder_begin_object (builder);
      server_json_add_string (builder, "field", field->field);
      json_builder_set_member_name (builder, "current");
      if (field->current != NULL)
        json_builder_add_value (builder, json_node_copy (field->current));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "proposed");
      if (field->proposed != NULL)
        json_builder_add_value (builder, json_node_copy (field->proposed));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* {"id": ID, "fields": [FIELD…]} (fields optional: every changed field); FALSE after
 * replying. */
static gboolean
read_review (ServerRequest *request, char **out_id, GStrv *out_fields)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object;

  if ((object = server_read_json_object (request, REVIEW_BODY_MAX, &root)) == NULL)
    return FALSE;
  if (!nv_json_read_string (object, "id", TRUE, out_id, &error)
      || !nv_json_read_strv (object, "fields", out_fields, &error))
    {
      server_reply_gerror (request->msg, error);
      return FALSE;
    }
  return TRUE;
}

static void
handle_accept (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_auto (GStrv) fields = NULL;
  gint64 revision;

  if (!read_review (request, &id, &fields))
    return;
  revision = server_store_accept_directory_change (request->store, id, (const char *const *) fields,
                                                   request->staff->name, &error);
  if (revision < 0)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  server_reply_id (request->msg, SOUP_STATUS_OK, id, revision);
}

static void
handle_keep (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_auto (GStrv) fields = NULL;

  if (!read_review (request, &id, &fields))
    return;
  if (!server_store_keep_directory_values (request->store, id, (const char *const *) fields,
                                           request->staff->name, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

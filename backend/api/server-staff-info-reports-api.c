/* server-staff-info-reports-api.c — the advisors' queue of "This information is wrong"
 *
 * Kiosks report through their usage events (docs/events.md); advisors read the queue,
 * file a report themselves (a resident told them at the desk) and mark each handled.
 * Nothing here is personal data: a kiosk's report names a place and a reason only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-info-reports.h"
#include "server-store-users.h"

#define BODY_MAX 4096
#define LIST_MAX 500
#define ADVISORS (SERVER_ROLE_ADVISOR | SERVER_ROLE_ADMIN)

static void handle_list (ServerRequest *request);
static void handle_file (ServerRequest *request);
static void handle_mark_handled (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/staff/info-reports", handle_list, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/info-reports", handle_file, SERVER_AUTH_STAFF, BODY_MAX, ADVISORS },
  { "POST", "/api/v1/staff/info-reports/handled", handle_mark_handled, SERVER_AUTH_STAFF, BODY_MAX,
    ADVISORS },
};

const ServerRoute *
server_staff_info_reports_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static void
add_report (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  const ServerInfoReport *report = item;

  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", report->id);
  server_json_add_string (builder, "organisation", report->organisation);
  server_json_add_string (builder, "organisation_name", report->organisation_name);
  server_json_add_string (builder, "reason", report->reason);
  server_json_add_time (builder, "created", report->created);
  server_json_add_string (builder, "kiosk", report->kiosk);
  server_json_add_string (builder, "filed_by", report->filed_by);
  server_json_add_time (builder, "handled", report->handled);
  server_json_add_string (builder, "handled_by", report->handled_by);
  json_builder_end_object (builder);
}

static void
handle_list (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) reports = server_store_list_info_reports (request->store, LIST_MAX, &error);

  server_reply_list (request->msg, "reports", reports, error, add_report, NULL);
}

/* {"organisation": ID, "reason": "hours" | "phone" | "address" | "closed" | "other"}
 * → 201 {"id"} */
static void
handle_file (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *id = NULL;
  JsonObject      *object;

  if ((object = server_read_json_object (request, BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "organisation", TRUE, &organisation, &error)
      || !nv_json_read_string (object, "reason", TRUE, &reason, &error)
      || (id = server_store_file_info_report (request->store, organisation, reason,
                                              request->staff->name, &error))
             == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  server_reply_id (request->msg, SOUP_STATUS_CREATED, id, -1);
}

/* {"id": ID} → 204 */
static void
handle_mark_handled (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  JsonObject      *object;

  if ((object = server_read_json_object (request, BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "id", TRUE, &id, &error)
      || !server_store_handle_info_report (request->store, id, request->staff->name, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

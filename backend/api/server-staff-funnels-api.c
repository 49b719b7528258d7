/* server-staff-funnels-api.c — evaluators define the funnels the reports count
 *
 * For evaluators (and admins), who read the reports. A funnel is checked with common/
 * (nv_funnel_from_json: a name on one line of 1–80 characters, 2–8 steps, each a known
 * event type and optional exact subject, detail and value), errors naming the field from
 * the body's top ("funnel.steps[2].type"). Each change is audited
 * (server-store-funnels.c); the report of a funnel is reports/funnel
 * (server-staff-reports-api.c), which takes the same period and kiosks as the others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-funnels.h"
#include "server-store-users.h"

/* Eight steps of a few hundred characters each fit many times over. */
#define FUNNEL_BODY_MAX (16 * 1024)
#define ID_BODY_MAX 4096
#define EVALUATORS (SERVER_ROLE_EVALUATOR | SERVER_ROLE_ADMIN)

static void handle_list (ServerRequest *request);
static void handle_save (ServerRequest *request);
static void handle_delete (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/staff/funnels", handle_list, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "POST", "/api/v1/staff/funnels", handle_save, SERVER_AUTH_STAFF, FUNNEL_BODY_MAX, EVALUATORS },
  { "POST", "/api/v1/staff/funnels/delete", handle_delete, SERVER_AUTH_STAFF, ID_BODY_MAX,
    EVALUATORS },
};

const ServerRoute *
server_staff_funnels_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/* The columns of a funnel's conditions, as its report has them, for their names. */
static const ServerReportColumn condition_columns[] = {
  { "type", { NULL }, SERVER_REPORT_TEXT },
  { "subject", { NULL }, SERVER_REPORT_TEXT },
  { "detail", { NULL }, SERVER_REPORT_TEXT },
};

/* The names of @funnel's steps' types, subjects and details, as its report gives them
 * (server_store_report_labels): an evaluator reads "Guide opened: Omaolo", not omaolo. */
static GHashTable *
condition_labels (ServerStore *store, const NvFunnel *funnel, GError **error)
{
  g_autoptr (ServerReportTable) table = g_new0 (ServerReportTable, 1);

  table->id = "funnel";
  table->columns = condition_columns;
  table->n_columns = G_N_ELEMENTS (condition_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < funnel->steps->len; i++)
    {
      const NvFunnelStep *step = g_ptr_array_index (funnel->steps, i);
      GPtrArray          *row = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (row, g_strdup (nv_event_type_to_string (step->type)));
      g_ptr_array_add (row, g_strdup (step->subject));
      g_ptr_array_add (row, g_strdup (step->detail));
      g_ptr_array_add (table->rows, row);
    }
  return server_store_report_labels (store, table, error);
}

static void
add_funnel (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  g_autoptr (JsonNode) node = nv_funnel_to_json (item);
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) labels = condition_labels (user_data, item, &error);

  /* Names are for reading; a funnel without them is still listed, with its codes. */
  if (labels != NULL)
    {
      g_autoptr (JsonBuilder) names = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (names);
      server_json_add_report_labels (names, labels);
      json_builder_end_object (names);
      root = json_builder_get_root (names);
      json_object_set_member (json_node_get_object (node), "labels",
                              json_object_dup_member (json_node_get_object (root), "labels"));
    }
  else
    g_warning ("Cannot name the steps of the funnel %s: %s", ((const NvFunnel *) item)->id,
               error->message);
  json_builder_add_value (builder, g_steal_pointer (&node));
}

/* → {"funnels": [{"id", "name", "steps", "labels"}]}, by name. */
static void
handle_list (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) funnels = server_store_list_funnels (request->store, &error);

  server_reply_list (request->msg, "funnels", funnels, error, add_funnel, request->store);
}

/* {"funnel": {"id"?, "name", "steps"}} → {"id"}: 201 for a new one (no id), 200 for one
 * replaced; 404 for an id that does not exist. */
static void
handle_save (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvFunnel) funnel = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *id = NULL;
  JsonObject      *object;

  if ((object = server_read_json_object (request, FUNNEL_BODY_MAX, &root)) == NULL)
    return;
  if ((funnel = nv_funnel_from_json (json_object_get_member (object, "funnel"), &error)) == NULL)
    {
      nv_error_prefix_field (error, "funnel");
      server_reply_gerror (request->msg, error);
      return;
    }
  actor = g_strconcat ("staff:", request->staff->name, NULL);
  if ((id = server_store_save_funnel (request->store, funnel, actor, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  server_reply_id (request->msg, funnel->id == NULL ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, id, -1);
}

/* {"id"} → 204; 404 for a funnel that does not exist. */
static void
handle_delete (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *actor = NULL;
  JsonObject      *object;

  if ((object = server_read_json_object (request, ID_BODY_MAX, &root)) == NULL)
    return;
  actor = g_strconcat ("staff:", request->staff->name, NULL);
  if (!nv_json_read_string (object, "id", TRUE, &id, &error)
      || !server_store_delete_funnel (request->store, id, actor, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

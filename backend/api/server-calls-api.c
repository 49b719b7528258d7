/* server-calls-api.c — "Call staff now": a kiosk calls, staff answer in the console
 *
 * The kiosk sends where the resident is (screen, guide, step: nothing personal; the
 * kiosk is known by its token) and then asks now and then whether someone answered.
 * Advisors and admins see the open calls on every console page and answer "coming" or
 * "done". A call is never logged with more than its id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-calls.h"

#define BODY_MAX 1024
#define ADVISORS (SERVER_ROLE_ADVISOR | SERVER_ROLE_ADMIN)

static void handle_kiosk_call (ServerRequest *request);
static void handle_kiosk_call_state (ServerRequest *request);
static void handle_list_calls (ServerRequest *request);
static void handle_mark_call (ServerRequest *request);

static const ServerRoute routes[] = {
  { "POST", "/api/v1/kiosk/calls", handle_kiosk_call, SERVER_AUTH_KIOSK, BODY_MAX },
  { "GET", "/api/v1/kiosk/call", handle_kiosk_call_state, SERVER_AUTH_KIOSK, 0 },
  { "GET", "/api/v1/staff/calls", handle_list_calls, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/calls/mark", handle_mark_call, SERVER_AUTH_STAFF, BODY_MAX, ADVISORS },
};

const ServerRoute *
server_calls_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
add_call_members (JsonBuilder *builder, const ServerCall *call)
{
  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", call->id);
  server_json_add_string (builder, "kiosk", call->kiosk);
  server_json_add_string (builder, "kiosk_name", call->kiosk_name);
  server_json_add_string (builder, "screen", call->screen);
  server_json_add_string (builder, "guide", call->guide);
  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, call->guide_step);
  server_json_add_string (builder, "state", call->state);
  server_json_add_string (builder, "handler", call->handler);
  server_json_add_unix_time (builder, "created", call->created);
  server_json_add_unix_time (builder, "answered", call->answered);
  json_builder_end_object (builder);
}

static void
add_call (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  add_call_members (builder, item);
}

static void
reply_call (ServerRequest *request, guint status, const ServerCall *call, gboolean for_kiosk)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (!for_kiosk)
    {
      add_call_members (builder, call);
      server_reply_builder (request->msg, status, builder);
      return;
    }
  /* The kiosk learns only what it shows: whether someone is coming. */
  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", call->id);
  server_json_add_string (builder, "state", call->state);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, status, builder);
}

/* {"screen": ID, "guide": ID or null, "step": 0…200}: 201 with {"id", "state"}. */
static void
handle_kiosk_call (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerCall) call = NULL;
  g_autofree char *screen = NULL;
  g_autofree char *guide = NULL;
  JsonObject      *object;
  gint64           step;

  if ((object = server_read_json_object (request, BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "screen", TRUE, &screen, &error)
      || !nv_validate_id (screen, "screen", &error)
      || !nv_json_read_string (object, "guide", FALSE, &guide, &error)
      || (guide != NULL && !nv_validate_id (guide, "guide", &error))
      || !nv_json_read_int (object, "step", 0, SERVER_CALL_STEP_MAX, 0, &step, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  if (strlen (screen) > SERVER_CALL_SCREEN_MAX)
    {
      nv_set_field_error (&error, "screen", "A screen's name is at most %d characters",
                          SERVER_CALL_SCREEN_MAX);
      server_reply_gerror (request->msg, error);
      return;
    }
  call = server_store_add_call (request->store, request->kiosk_id, screen, guide, (guint) step,
                                now_seconds (), &error);
  if (call == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  g_debug ("Kiosk %s called staff (call %s)", request->kiosk_id, call->id);
  reply_call (request, SOUP_STATUS_CREATED, call, TRUE);
}

/* GET /api/v1/kiosk/call?id=ID: the kiosk's own call only. */
static void
handle_kiosk_call_state (ServerRequest *request)
{
  const char *id = request->query != NULL ? g_hash_table_lookup (request->query, "id") : NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerCall) call = NULL;

  if (id == NULL)
    {
      nv_set_field_error (&error, "id", "The call's id is required");
      server_reply_gerror (request->msg, error);
      return;
    }
  if ((call = server_store_get_call (request->store, request->kiosk_id, id, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  reply_call (request, SOUP_STATUS_OK, call, TRUE);
}

static void
handle_list_calls (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) calls = server_store_list_calls (request->store, now_seconds (), &error);

  server_reply_list (request->msg, "calls", calls, error, add_call, NULL);
}

/* {"id", "state": "coming" | "done"}: the call as it now stands. */
static void
handle_mark_call (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerCall) call = NULL;
  g_autofree char *id = NULL;
  g_autofree char *state = NULL;
  JsonObject      *object;

  if ((object = server_read_json_object (request, BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "id", TRUE, &id, &error)
      || !nv_json_read_string (object, "state", TRUE, &state, &error)
      || (call = server_store_mark_call (request->store, id, state, request->staff->name,
                                         now_seconds (), &error))
             == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  reply_call (request, SOUP_STATUS_OK, call, FALSE);
}

/* server-staff-appointments-api.c — advisors' appointment queue
 *
 * For advisors (and admins): evaluators read reports, never names or phone numbers.
 * Every answer that shows a request's personal data writes an audit row per request
 * (actor "staff:NAME"), in the same transaction as the read (server-store-appointments.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-users.h"
#include "server-store-appointments.h"
#include "server-store-drafts.h"

#define BODY_MAX 4096
#define ADVISORS (SERVER_ROLE_ADVISOR | SERVER_ROLE_ADMIN)

static void handle_list_appointments (ServerRequest *request);
static void handle_mark_appointment (ServerRequest *request);
static void handle_record_appointment (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/staff/appointments", handle_list_appointments, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/appointments/mark", handle_mark_appointment, SERVER_AUTH_STAFF, BODY_MAX,
    ADVISORS },
  { "POST", "/api/v1/staff/appointments/record", handle_record_appointment, SERVER_AUTH_STAFF,
    BODY_MAX, ADVISORS },
};

const ServerRoute *
server_staff_appointments_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static char *
actor_of (ServerRequest *request)
{
  return g_strconcat ("staff:", request->staff->name, NULL);
}

static JsonObject *
read_object (ServerRequest *request, JsonNode **out_root)
{
  return server_read_json_object (request, BODY_MAX, out_root);
}

/* The guides requests name, looked up once per answer: id → NvGuide (NULL: none). The
 * published version, or the draft of a guide never published. */
static NvGuide *
lookup_guide (ServerStore *store, GHashTable *guides, const char *id)
{
  NvGuide *published = NULL;
  NvGuide *draft = NULL;
  gint64   revision;

  if (id == NULL || guides == NULL)
    return NULL;
  if (g_hash_table_contains (guides, id))
    return g_hash_table_lookup (guides, id);
  /* A guide deleted since the request was made: the id is all there is. */
  if (server_store_get_guide_versions (store, id, &published, &draft, &revision, NULL))
    {
      if (published != NULL)
        g_clear_pointer (&draft, nv_guide_free);
      else
        published = g_steal_pointer (&draft);
    }
  g_hash_table_insert (guides, g_strdup (id), published);
  return published;
}

static JsonNode *
text_or_null (const NvText *text)
{
  return text != NULL && !nv_text_is_empty (text) ? nv_text_to_json (text) : NULL;
}

static void
add_history (JsonBuilder *builder, GPtrArray *history)
{
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      const ServerAppointmentChange *change = g_ptr_array_index (history, i);

      json_builder_begin_object (builder);
      server_json_add_time (builder, "time", change->time);
      server_json_add_string (builder, "actor", change->actor);
      server_json_add_string (builder, "action", change->action);
      server_json_add_string (builder, "state", change->state);
      server_json_add_string (builder, "outcome", change->outcome);
      server_json_add_string (builder, "note", change->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The request as the queue shows it: where it came from (the kiosk's name and
 * municipality), the guide's title and the step's text in every language (null when
 * the guide or the step is gone), who handles it and its history. */
static JsonNode *
appointment_to_json (ServerStore *store, GHashTable *guides, const ServerAppointment *appointment)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  NvGuide *guide = lookup_guide (store, guides, appointment->guide);
  NvStep  *step = NULL;

  if (guide != NULL && appointment->guide_step >= 1 && appointment->guide_step <= guide->steps->len)
    step = g_ptr_array_index (guide->steps, appointment->guide_step - 1);

  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", appointment->id);
  server_json_add_string (builder, "reference", appointment->reference);
  server_json_add_string (builder, "kiosk", appointment->kiosk);
  server_json_add_string (builder, "kiosk_name", appointment->kiosk_name);
  server_json_add_string (builder, "kiosk_municipality", appointment->kiosk_municipality);
  server_json_add_time (builder, "created", appointment->created);
  server_json_add_time (builder, "received", appointment->received);
  server_json_add_string (builder, "reason", appointment->reason);
  server_json_add_string (builder, "contact_method", appointment->contact_method);
  server_json_add_string (builder, "slot", appointment->slot);
  server_json_add_time (builder, "slot_starts_at", appointment->slot_starts_at);
  json_builder_set_member_name (builder, "preferred_days");
  json_builder_begin_array (builder);
  for (guint i = 0; appointment->preferred_days && appointment->preferred_days[i]; i++)
    json_builder_add_string_value (builder, appointment->preferred_days[i]);
  json_builder_end_array (builder);
  server_json_add_string (builder, "preferred_time", appointment->preferred_time);
  server_json_add_string (builder, "language", appointment->language);
  server_json_add_string (builder, "guide", appointment->guide);
  json_builder_set_member_name (builder, "guide_step");
  json_builder_add_int_value (builder, appointment->guide_step);
  server_json_add_node (builder, "guide_title", text_or_null (guide ? &guide->title : NULL));
  server_json_add_node (builder, "step_text", text_or_null (step ? &step->text : NULL));
  server_json_add_string (builder, "name", appointment->name);
  server_json_add_string (builder, "phone", appointment->phone);
  json_builder_set_member_name (builder, "needs_new_time");
  json_builder_add_boolean_value (builder, appointment->needs_new_time);
  server_json_add_string (builder, "state", appointment->state);
  server_json_add_string (builder, "outcome", appointment->outcome);
  server_json_add_time (builder, "contacted_at", appointment->contacted_at);
  server_json_add_time (builder, "done_at", appointment->done_at);
  server_json_add_time (builder, "purged_at", appointment->purged_at);
  server_json_add_string (builder, "handler", appointment->handler);
  add_history (builder, appointment->history);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static GHashTable *
new_guide_cache (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) nv_guide_free);
}

static void
reply_appointment (ServerRequest *request, const ServerAppointment *appointment)
{
  g_autoptr (GHashTable) guides = new_guide_cache ();
  g_autoptr (JsonNode) reply = appointment_to_json (request->store, guides, appointment);

  server_reply_json (request->msg, SOUP_STATUS_OK, reply);
}

/* The queue */

/* ?all=1: handled ones too. Each request shown is audited. */
typedef struct
{
  ServerStore *store;
  GHashTable  *guides;
} ListContext;

static void
add_appointment (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  ListContext *context = user_data;

  json_builder_add_value (builder, appointment_to_json (context->store, context->guides, item));
}

static void
handle_list_appointments (ServerRequest *request)
{
  const char *all = request->query != NULL ? g_hash_table_lookup (request->query, "all") : NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *actor = actor_of (request);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) appointments = NULL;

  g_autoptr (GHashTable) guides = new_guide_cache ();
  ListContext context = { request->store, guides };

  appointments = server_store_list_appointments (request->store, g_strcmp0 (all, "1") == 0, actor,
                                                 now, &error);
  server_reply_list (request->msg, "appointments", appointments, error, add_appointment, &context);
}

/* {"id": ID or reference, "state": "open" | "contacted" | "done", "outcome": … (for done),
 * "note": optional}: a done request may be reopened or its outcome corrected. */
static void
handle_mark_appointment (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autofree char *actor = actor_of (request);
  g_autofree char *id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *note = NULL;
  JsonObject      *object;

  if ((object = read_object (request, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "id", TRUE, &id, &error)
      || !nv_json_read_string (object, "state", TRUE, &state, &error)
      || !nv_json_read_string (object, "outcome", FALSE, &outcome, &error)
      || !nv_json_read_string (object, "note", FALSE, &note, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  appointment = server_store_mark_appointment (request->store, id, state, outcome, note, actor, now,
                                               &error);
  if (appointment == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  reply_appointment (request, appointment);
}

/* {"id": ID or reference, "action": "no-answer" | "left-message" | "note", "note"}: a call
 * attempt or a note, now, in the request's history. */
static void
handle_record_appointment (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autofree char *actor = actor_of (request);
  g_autofree char *id = NULL;
  g_autofree char *action = NULL;
  g_autofree char *note = NULL;
  JsonObject      *object;

  if ((object = read_object (request, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "id", TRUE, &id, &error)
      || !nv_json_read_string (object, "action", TRUE, &action, &error)
      || !nv_json_read_string (object, "note", FALSE, &note, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  appointment
      = server_store_record_appointment (request->store, id, action, note, actor, now, &error);
  if (appointment == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  reply_appointment (request, appointment);
}

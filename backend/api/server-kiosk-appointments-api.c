/* server-kiosk-appointments-api.c — residents' appointment requests, pushed by kiosks
 *
 * The same per-item protocol as events (docs/api.md): every item is validated on its
 * own and answered in order, and the kiosk deletes a request from its outbox only after
 * an answer for its id. A request is personal data: nothing here logs it, and an error
 * about an item names the field, never the value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-appointments.h"

static void handle_appointments (ServerRequest *request);

static const ServerRoute routes[] = {
  { "POST", "/api/v1/kiosk/appointments", handle_appointments, SERVER_AUTH_KIOSK,
    SERVER_APPOINTMENT_BATCH_MAX_BYTES },
};

const ServerRoute *
server_kiosk_appointments_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
add_result (JsonBuilder                   *builder,
            JsonNode                      *item,
            const GError                  *item_error,
            const ServerAppointmentResult *result)
{
  const char *slot = result != NULL ? server_slot_result_to_string (result->slot) : NULL;

  json_builder_begin_object (builder);
  server_add_item_result (builder, item,
                          item_error != NULL  ? "rejected"
                          : result->duplicate ? "duplicate"
                                              : "accepted",
                          item_error);
  server_json_add_string (builder, "slot", slot);
  json_builder_end_object (builder);
}

/* {"results": [...], "accepted": N, "duplicates": N, "rejected": N} */
static JsonNode *
build_reply (JsonArray *items, GPtrArray *errors, GArray *results)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint accepted = 0, duplicates = 0, rejected = 0, next = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const GError                  *item_error = g_ptr_array_index (errors, i);
      const ServerAppointmentResult *result = NULL;

      if (item_error != NULL)
        rejected++;
      else
        {
          result = &g_array_index (results, ServerAppointmentResult, next++);
          if (result->duplicate)
            duplicates++;
          else
            accepted++;
        }
      add_result (builder, json_array_get_element (items, i), item_error, result);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "accepted");
  json_builder_add_int_value (builder, accepted);
  json_builder_set_member_name (builder, "duplicates");
  json_builder_add_int_value (builder, duplicates);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_int_value (builder, rejected);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Valid requests are stored in one transaction that also counts the slots' places; one
 * bad item never costs the good ones. */
static void
handle_appointments (ServerRequest *request)
{
  g_autoptr (GPtrArray) appointments = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GArray) results = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *items;

  if ((items = server_read_batch (request, "appointments", SERVER_APPOINTMENT_BATCH_MAX_BYTES,
                                  SERVER_APPOINTMENT_BATCH_MAX_ITEMS, &root))
      == NULL)
    return;

  appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_appointment_free);
  errors = g_ptr_array_new_with_free_func (error_free0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      GError        *item_error = NULL;
      NvAppointment *appointment
          = nv_appointment_from_json (json_array_get_element (items, i), &item_error);

      g_ptr_array_add (errors, item_error);
      if (appointment != NULL)
        g_ptr_array_add (appointments, appointment);
    }

  if (!server_store_insert_appointments (request->store, request->kiosk_id, appointments, &results,
                                         &error))
    {
      /* Nothing was stored: the kiosk keeps every request and tries again. */
      server_reply_gerror (request->msg, error);
      return;
    }
  reply = build_reply (items, errors, results);
  server_reply_json (request->msg, SOUP_STATUS_OK, reply);
}

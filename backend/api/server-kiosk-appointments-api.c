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

/* Each result also names what became of the request's slot: "slot": taken,
 * needs-new-time, or null. */
static void
reply_results (SoupServerMessage *msg, JsonArray *items, GPtrArray *errors, GArray *results)
{
  ServerBatchReply reply;
  guint            next = 0;

  server_batch_reply_init (&reply);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const GError                  *item_error = g_ptr_array_index (errors, i);
      const ServerAppointmentResult *result
          = item_error == NULL ? &g_array_index (results, ServerAppointmentResult, next++) : NULL;

      server_batch_reply_begin_item (&reply, json_array_get_element (items, i),
                                     result != NULL && result->duplicate, item_error);
      server_json_add_string (reply.builder, "slot",
                              result != NULL ? server_slot_result_to_string (result->slot) : NULL);
      json_builder_end_object (reply.builder);
    }
  server_batch_reply_send (&reply, msg);
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
  reply_results (request->msg, items, errors, results);
}

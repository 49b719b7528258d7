/* server-staff-slots-api.c — advisors' appointment slots: one, a term's at once, a week
 *
 * For advisors (and admins). A slot in the past, a second slot at the same place and
 * time, or one overlapping another at that place is refused with a code and the field
 * (server-store-slots.c). A batch is a weekly pattern over a date range or a week copied
 * to the following weeks; it is previewed (what would be made, what is refused and why)
 * and then published in one transaction, each new slot with an audit row. Weeks and
 * times of day are Helsinki's, so a slot copied across the change to summer time keeps
 * its hour on the clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-appointments.h"
#include "server-store-slots.h"
#include "server-store-users.h"

#define BODY_MAX 4096
#define BATCH_BODY_MAX (16 * 1024)
#define ADVISORS (SERVER_ROLE_ADVISOR | SERVER_ROLE_ADMIN)
#define PATTERN_MAX_DAYS 366
#define COPY_MAX_WEEKS 52

static void handle_list_slots (ServerRequest *request);
static void handle_add_slot (ServerRequest *request);
static void handle_cancel_slot (ServerRequest *request);
static void handle_batch (ServerRequest *request);
static void handle_move (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/staff/slots", handle_list_slots, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/slots", handle_add_slot, SERVER_AUTH_STAFF, BODY_MAX, ADVISORS },
  { "POST", "/api/v1/staff/slots/cancel", handle_cancel_slot, SERVER_AUTH_STAFF, BODY_MAX,
    ADVISORS },
  { "POST", "/api/v1/staff/slots/batch", handle_batch, SERVER_AUTH_STAFF, BATCH_BODY_MAX,
    ADVISORS },
  { "POST", "/api/v1/staff/slots/move", handle_move, SERVER_AUTH_STAFF, BODY_MAX, ADVISORS },
};

const ServerRoute *
server_staff_slots_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/* Days and weeks, in Helsinki */

/* Midnight in Helsinki of the date @text (YYYY-MM-DD), or NULL (@error on @field). */
static GDateTime *
read_day (const char *text, const char *field, GError **error)
{
  if (!nv_validate_date (text, field, error))
    return NULL;
  return g_date_time_new (nv_helsinki_tz (), (int) g_ascii_strtoll (text, NULL, 10),
                          (int) g_ascii_strtoll (text + 5, NULL, 10),
                          (int) g_ascii_strtoll (text + 8, NULL, 10), 0, 0, 0);
}

static GDateTime *
read_member_day (JsonObject *object, const char *member, gboolean required, GError **error)
{
  g_autofree char *text = NULL;

  if (!nv_json_read_string (object, member, required, &text, error))
    return NULL;
  if (text == NULL)
    return NULL;
  return read_day (text, member, error);
}

/* Midnight of the Monday of @day's week. */
static GDateTime *
monday_of (GDateTime *day)
{
  return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
}

/* "HH:MM" (the console writes 10.00 as 10:00) as minutes of the day; 24:00 is the end. */
static gboolean
read_clock (JsonObject *object, const char *member, gint *out_minutes, GError **error)
{
  g_autofree char *text = NULL;
  guint            hours, minutes;

  if (!nv_json_read_string (object, member, TRUE, &text, error))
    return FALSE;
  if (strlen (text) != 5 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1])
      || text[2] != ':' || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4])
      || (hours = (guint) g_ascii_strtoull (text, NULL, 10)) > 24
      || (minutes = (guint) g_ascii_strtoull (text + 3, NULL, 10)) > 59
      || (hours == 24 && minutes != 0))
    {
      nv_set_field_error_code (error, member, "invalid-time", "must be a time of day HH:MM");
      return FALSE;
    }
  *out_minutes = (gint) (hours * 60 + minutes);
  return TRUE;
}

/* Batches */

static NvSlot *
slot_at (const NvSlot *template, GDateTime *start)
{
  NvSlot *slot = nv_slot_copy (template);

  g_clear_pointer (&slot->starts_at, g_date_time_unref);
  slot->starts_at = g_date_time_to_utc (start);
  return slot;
}

/* The error is on the batch's pattern or copy as a whole (the caller names it). */
static gboolean
too_many (GPtrArray *slots, GError **error)
{
  if (slots->len <= SERVER_SLOT_BATCH_MAX)
    return FALSE;
  nv_set_field_error_code (error, "", "too-many-slots",
                           "makes more than %d slots: publish a shorter range",
                           SERVER_SLOT_BATCH_MAX);
  return TRUE;
}

/* {"organisation", "kind", "duration_minutes", "capacity", "from", "to", "weekdays":
 * [1 (Monday) … 7], "start": "HH:MM", "end": "HH:MM", "skip": [dates]}: on each weekday
 * of the range not skipped, slots one after another from start until end. */
static GPtrArray *
expand_pattern (JsonObject *pattern, GError **error)
{
  g_autoptr (GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  g_autoptr (NvSlot) template = nv_slot_new ();
  g_autoptr (GDateTime) from = NULL;
  g_autoptr (GDateTime) to = NULL;
  g_autoptr (GHashTable) skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *weekdays = NULL;
  JsonArray *skipped = NULL;
  gboolean   on_day[8] = { FALSE };
  gint64     duration, capacity;
  gint       start, end;

  if (!nv_json_read_string (pattern, "organisation", FALSE, &template->organisation, error)
      || !nv_json_read_string (pattern, "kind", TRUE, &template->kind, error)
      || !nv_json_read_int (pattern, "duration_minutes", 5, 480, 30, &duration, error)
      || !nv_json_read_int (pattern, "capacity", 1, 100, 1, &capacity, error)
      || (from = read_member_day (pattern, "from", TRUE, error)) == NULL
      || (to = read_member_day (pattern, "to", TRUE, error)) == NULL
      || !read_clock (pattern, "start", &start, error) || !read_clock (pattern, "end", &end, error)
      || !nv_json_read_array (pattern, "weekdays", &weekdays, error)
      || !nv_json_read_array (pattern, "skip", &skipped, error))
    return NULL;
  template->duration_minutes = (guint) duration;
  template->capacity = (guint) capacity;
  if (g_date_time_compare (to, from) < 0
      || g_date_time_difference (to, from) / G_TIME_SPAN_DAY >= PATTERN_MAX_DAYS)
    {
      nv_set_field_error_code (error, "to", "out-of-range",
                               "must be on or after from, and within %d days of it",
                               PATTERN_MAX_DAYS);
      return NULL;
    }
  if (end <= start)
    {
      nv_set_field_error_code (error, "end", "closes-before-opening", "must be after start");
      return NULL;
    }
  if (weekdays == NULL || json_array_get_length (weekdays) == 0)
    {
      nv_set_field_error_code (error, "weekdays", "required", "is required: at least one day");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (weekdays); i++)
    {
      JsonNode *node = json_array_get_element (weekdays, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
          || json_node_get_int (node) < 1 || json_node_get_int (node) > 7)
        {
          g_autofree char *field = g_strdup_printf ("weekdays[%u]", i);

          nv_set_field_error_code (error, field, "out-of-range",
                                   "must be a day of the week, 1 (Monday) to 7 (Sunday)");
          return NULL;
        }
      on_day[json_node_get_int (node)] = TRUE;
    }
  for (guint i = 0; skipped != NULL && i < json_array_get_length (skipped); i++)
    {
      JsonNode        *node = json_array_get_element (skipped, i);
      g_autofree char *field = g_strdup_printf ("skip[%u]", i);
      const char      *date
          = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                ? json_node_get_string (node)
                : NULL;

      if (!nv_validate_date (date, field, error))
        return NULL;
      g_hash_table_add (skip, g_strdup (date));
    }

  for (g_autoptr (GDateTime) day = g_date_time_ref (from); g_date_time_compare (day, to) <= 0;)
    {
      g_autofree char *date = nv_format_date (day);
      GDateTime       *next;

      if (on_day[g_date_time_get_day_of_week (day)] && !g_hash_table_contains (skip, date))
        for (gint minute = start; minute + (gint) duration <= end; minute += (gint) duration)
          {
            g_autoptr (GDateTime) at = g_date_time_new (
                nv_helsinki_tz (), g_date_time_get_year (day), g_date_time_get_month (day),
                g_date_time_get_day_of_month (day), minute / 60, minute % 60, 0);

            g_ptr_array_add (slots, slot_at (template, at));
          }
      if (too_many (slots, error))
        return NULL;
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }
  return g_steal_pointer (&slots);
}

/* {"week": a day of the week to copy, "to": a day of the first week to copy it to,
 * "weeks": how many weeks from that one (1), "organisation": only that place's}: each
 * slot not cancelled, at the same weekday and hour on the clock. */
static GPtrArray *
expand_copy (ServerStore *store, JsonObject *copy, GError **error)
{
  g_autoptr (GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  g_autoptr (GPtrArray) source = NULL;
  g_autoptr (GDateTime) week_day = NULL;
  g_autoptr (GDateTime) to_day = NULL;
  g_autoptr (GDateTime) week = NULL;
  g_autoptr (GDateTime) week_end = NULL;
  g_autoptr (GDateTime) to = NULL;
  g_autofree char *organisation = NULL;
  gint64           weeks;
  gint             offset;

  if ((week_day = read_member_day (copy, "week", TRUE, error)) == NULL
      || (to_day = read_member_day (copy, "to", TRUE, error)) == NULL
      || !nv_json_read_int (copy, "weeks", 1, COPY_MAX_WEEKS, 1, &weeks, error)
      || !nv_json_read_string (copy, "organisation", FALSE, &organisation, error))
    return NULL;
  week = monday_of (week_day);
  to = monday_of (to_day);
  week_end = g_date_time_add_days (week, 7);
  /* Whole days between the Mondays, whatever summer time did to the hours between. */
  offset = (gint) ((g_date_time_difference (to, week) + G_TIME_SPAN_DAY / 2) / G_TIME_SPAN_DAY);
  if (offset == 0)
    {
      nv_set_field_error_code (error, "to", "invalid", "must be another week than week");
      return NULL;
    }
  if ((source = server_store_list_slots_between (store, week, week_end, error)) == NULL)
    return NULL;
  for (gint64 k = 0; k < weeks; k++)
    for (guint i = 0; i < source->len; i++)
      {
        const NvSlot *slot = g_ptr_array_index (source, i);
        g_autoptr (GDateTime) local = NULL;
        g_autoptr (GDateTime) moved = NULL;

        if (slot->cancelled
            || (organisation != NULL && g_strcmp0 (slot->organisation, organisation) != 0))
          continue;
        local = g_date_time_to_timezone (slot->starts_at, nv_helsinki_tz ());
        moved = g_date_time_add_days (local, offset + (gint) k * 7);
        g_ptr_array_add (slots, slot_at (slot, moved));
        if (too_many (slots, error))
          return NULL;
      }
  return g_steal_pointer (&slots);
}

static void
reply_batch (ServerRequest *request, GPtrArray *slots, const char **refusals, gboolean preview)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint refused = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "preview");
  json_builder_add_boolean_value (builder, preview);
  for (guint i = 0; i < slots->len; i++)
    refused += refusals[i] != NULL;
  json_builder_set_member_name (builder, "accepted");
  json_builder_add_int_value (builder, slots->len - refused);
  json_builder_set_member_name (builder, "refused");
  json_builder_add_int_value (builder, refused);
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    {
      /* The slot as every list gives it; its id only once it is made. */
      JsonNode   *node = nv_slot_to_json (g_ptr_array_index (slots, i));
      JsonObject *object = json_node_get_object (node);

      if (preview || refusals[i] != NULL)
        json_object_set_null_member (object, "id");
      if (refusals[i] != NULL)
        json_object_set_string_member (object, "refused", refusals[i]);
      else
        json_object_set_null_member (object, "refused");
      json_builder_add_value (builder, node);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, preview ? SOUP_STATUS_OK : SOUP_STATUS_CREATED, builder);
}

/* {"preview": bool, "pattern": {…}} or {"preview": bool, "copy": {…}}. */
static void
handle_batch (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) slots = NULL;
  g_autofree const char **refusals = NULL;
  g_autofree char        *actor = NULL;
  JsonObject             *object, *pattern, *copy;
  JsonNode               *node;
  gboolean                preview;

  if ((object = server_read_json_object (request, BATCH_BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_bool (object, "preview", FALSE, &preview, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  node = json_object_get_member (object, "pattern");
  pattern = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  node = json_object_get_member (object, "copy");
  copy = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if ((pattern == NULL) == (copy == NULL))
    {
      nv_set_field_error_code (&error, json_object_has_member (object, "copy") ? "copy" : "pattern",
                               "required", "is required: either a pattern or a copy, not both");
      server_reply_gerror (request->msg, error);
      return;
    }
  slots = pattern != NULL ? expand_pattern (pattern, &error)
                          : expand_copy (request->store, copy, &error);
  if (slots != NULL)
    {
      refusals = g_new0 (const char *, slots->len + 1);
      actor = g_strconcat ("staff:", request->staff->name, NULL);
      if (!server_store_publish_slots (request->store, slots, preview, actor, NULL, refusals,
                                       &error))
        g_clear_pointer (&slots, g_ptr_array_unref);
    }
  if (slots == NULL)
    {
      nv_error_prefix_field (error, pattern != NULL ? "pattern" : "copy");
      server_reply_gerror (request->msg, error);
      return;
    }
  reply_batch (request, slots, refusals, preview);
}

/* One slot, and a cancellation */

static void
add_slot (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  json_builder_add_value (builder, nv_slot_to_json (item));
}

/* Upcoming slots; ?week=YYYY-MM-DD: every slot of that day's week (Monday to Sunday in
 * Helsinki), past and cancelled ones too, for the week's calendar. */
static void
handle_list_slots (ServerRequest *request)
{
  const char *week = request->query != NULL ? g_hash_table_lookup (request->query, "week") : NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) slots = NULL;

  if (week != NULL)
    {
      g_autoptr (GDateTime) day = read_day (week, "week", &error);
      g_autoptr (GDateTime) monday = day != NULL ? monday_of (day) : NULL;
      g_autoptr (GDateTime) sunday_end = monday != NULL ? g_date_time_add_days (monday, 7) : NULL;

      if (day == NULL)
        {
          server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "week",
                              "week must be a date YYYY-MM-DD");
          return;
        }
      slots = server_store_list_slots_between (request->store, monday, sunday_end, &error);
    }
  else
    slots = server_store_list_slots (request->store, now, &error);
  server_reply_list (request->msg, "slots", slots, error, add_slot, NULL);
}

/* {"organisation": ID or null, "kind", "starts_at", "duration_minutes", "capacity"}:
 * the store names the new slot, or refuses it by the rules. */
static void
handle_add_slot (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (NvSlot) slot = nv_slot_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *actor = g_strconcat ("staff:", request->staff->name, NULL);
  g_autofree char *id = NULL;
  JsonObject      *object;
  gint64           duration, capacity;

  if ((object = server_read_json_object (request, BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "organisation", FALSE, &slot->organisation, &error)
      || !nv_json_read_string (object, "kind", TRUE, &slot->kind, &error)
      || !nv_json_read_time (object, "starts_at", TRUE, &slot->starts_at, &error)
      || !nv_json_read_int (object, "duration_minutes", 5, 480, 30, &duration, &error)
      || !nv_json_read_int (object, "capacity", 1, 100, 1, &capacity, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  slot->duration_minutes = (guint) duration;
  slot->capacity = (guint) capacity;
  if ((id = server_store_publish_slot (request->store, slot, actor, NULL, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  server_reply_id (request->msg, SOUP_STATUS_CREATED, id, -1);
}

static void
handle_cancel_slot (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree char *actor = g_strconcat ("staff:", request->staff->name, NULL);
  g_autofree char *id = NULL;
  JsonObject      *object;
  guint            flagged = 0;

  if ((object = server_read_json_object (request, BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "id", TRUE, &id, &error)
      || !server_store_cancel_slot_as (request->store, id, actor, &flagged, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", id);
  json_builder_set_member_name (builder, "flagged");
  json_builder_add_int_value (builder, flagged);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* {"request": id or reference, "slot": id}: the request's new time. The answer names no
 * one: {"id", "reference", "slot", "slot_starts_at", "needs_new_time", "state"}. */
static void
handle_move (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  g_autofree char *actor = g_strconcat ("staff:", request->staff->name, NULL);
  g_autofree char *id = NULL;
  g_autofree char *slot = NULL;
  JsonObject      *object;

  if ((object = server_read_json_object (request, BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "request", TRUE, &id, &error)
      || !nv_json_read_string (object, "slot", TRUE, &slot, &error)
      || (appointment
          = server_store_move_appointment (request->store, id, slot, actor, now, &error))
             == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", appointment->id);
  server_json_add_string (builder, "reference", appointment->reference);
  server_json_add_string (builder, "slot", appointment->slot);
  server_json_add_time (builder, "slot_starts_at", appointment->slot_starts_at);
  json_builder_set_member_name (builder, "needs_new_time");
  json_builder_add_boolean_value (builder, appointment->needs_new_time);
  server_json_add_string (builder, "state", appointment->state);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

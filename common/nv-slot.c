/* nv-slot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-error.h"
#include "nv-json-private.h"
#include "nv-slot.h"

#define MIN_DURATION 5
#define MAX_DURATION 480
#define MIN_CAPACITY 1
#define MAX_CAPACITY 100

static const char *const kinds[] = { "digital-support", "service-counselling", "home-visit", NULL };

/* nv_json_read_int() falls back when a member is absent; these ones must be there. */
static gboolean
read_required_uint (
    JsonObject *object, const char *member, gint64 min, gint64 max, guint *out, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64    value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      nv_set_field_error_code (error, member, "required", "is required");
      return FALSE;
    }
  if (!nv_json_read_int (object, member, min, max, 0, &value, error))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

gboolean
nv_slot_kind_is_valid (const char *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
}

NvSlot *
nv_slot_new (void)
{
  return g_new0 (NvSlot, 1);
}

void
nv_slot_free (NvSlot *slot)
{
  if (slot == NULL)
    return;
  g_free (slot->id);
  g_free (slot->organisation);
  g_free (slot->kind);
  g_clear_pointer (&slot->starts_at, g_date_time_unref);
  g_free (slot);
}

NvSlot *
nv_slot_copy (const NvSlot *slot)
{
  NvSlot *copy;

  g_return_val_if_fail (slot != NULL, NULL);

  copy = nv_slot_new ();
  copy->id = g_strdup (slot->id);
  copy->organisation = g_strdup (slot->organisation);
  copy->kind = g_strdup (slot->kind);
  if (slot->starts_at != NULL)
    copy->starts_at = g_date_time_ref (slot->starts_at);
  copy->duration_minutes = slot->duration_minutes;
  copy->capacity = slot->capacity;
  copy->taken = slot->taken;
  copy->cancelled = slot->cancelled;
  return copy;
}

gboolean
nv_slot_validate (const NvSlot *slot, GError **error)
{
  g_return_val_if_fail (slot != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nv_validate_id (slot->id, "id", error))
    return FALSE;
  if (!nv_slot_kind_is_valid (slot->kind))
    {
      nv_set_field_error (error, "kind",
                          "must be one of digital-support, service-counselling, home-visit");
      return FALSE;
    }
  /* A home visit happens at the resident's home; any other slot needs a place. */
  if (slot->organisation != NULL || !g_str_equal (slot->kind, "home-visit"))
    {
      if (slot->organisation == NULL)
        {
          nv_set_field_error_code (error, "organisation", "place-required",
                                   "is required: say where the appointment takes place");
          return FALSE;
        }
      if (!nv_validate_id (slot->organisation, "organisation", error))
        return FALSE;
    }
  if (!nv_validate_time (slot->starts_at, "starts_at", error))
    return FALSE;
  if (slot->duration_minutes < MIN_DURATION || slot->duration_minutes > MAX_DURATION)
    {
      nv_set_field_error_code (error, "duration_minutes", "out-of-range",
                               "must be between %d and %d", MIN_DURATION, MAX_DURATION);
      return FALSE;
    }
  if (slot->capacity < MIN_CAPACITY || slot->capacity > MAX_CAPACITY)
    {
      nv_set_field_error_code (error, "capacity", "out-of-range", "must be between %d and %d",
                               MIN_CAPACITY, MAX_CAPACITY);
      return FALSE;
    }
  if (slot->taken > slot->capacity)
    {
      nv_set_field_error (error, "taken", "must not be more than the capacity (%u)",
                          slot->capacity);
      return FALSE;
    }
  return TRUE;
}

/* @now: NULL for the current time. */
gboolean
nv_slot_is_free (const NvSlot *slot, GDateTime *now)
{
  g_autoptr (GDateTime) current = NULL;

  g_return_val_if_fail (slot != NULL, FALSE);

  if (slot->cancelled || slot->starts_at == NULL || slot->taken >= slot->capacity)
    return FALSE;
  if (now == NULL)
    now = current = g_date_time_new_now_utc ();
  return g_date_time_compare (slot->starts_at, now) > 0;
}

JsonNode *
nv_slot_to_json (const NvSlot *slot)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (slot != NULL, NULL);

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", slot->id);
  nv_json_write_string (builder, "organisation", slot->organisation);
  nv_json_write_string (builder, "kind", slot->kind);
  nv_json_write_time (builder, "starts_at", slot->starts_at);
  json_builder_set_member_name (builder, "duration_minutes");
  json_builder_add_int_value (builder, slot->duration_minutes);
  json_builder_set_member_name (builder, "capacity");
  json_builder_add_int_value (builder, slot->capacity);
  json_builder_set_member_name (builder, "taken");
  json_builder_add_int_value (builder, slot->taken);
  json_builder_set_member_name (builder, "cancelled");
  json_builder_add_boolean_value (builder, slot->cancelled);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

NvSlot *
nv_slot_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvSlot) slot = nv_slot_new ();
  JsonObject *object;
  gint64      taken;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((object = nv_json_expect_object (node, "a slot", error)) == NULL)
    return NULL;
  if (!nv_json_read_string (object, "id", TRUE, &slot->id, error)
      || !nv_json_read_string (object, "organisation", FALSE, &slot->organisation, error)
      || !nv_json_read_string (object, "kind", TRUE, &slot->kind, error)
      || !nv_json_read_time (object, "starts_at", TRUE, &slot->starts_at, error)
      || !read_required_uint (object, "duration_minutes", MIN_DURATION, MAX_DURATION,
                              &slot->duration_minutes, error)
      || !read_required_uint (object, "capacity", MIN_CAPACITY, MAX_CAPACITY, &slot->capacity,
                              error)
      || !nv_json_read_int (object, "taken", 0, MAX_CAPACITY, 0, &taken, error)
      || !nv_json_read_bool (object, "cancelled", FALSE, &slot->cancelled, error))
    return NULL;
  slot->taken = (guint) taken;
  if (!nv_slot_validate (slot, error))
    return NULL;
  return g_steal_pointer (&slot);
}

/* test-slot.c — appointment slots: validation, JSON, whether a slot is free
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-error.h"
#include "nv-json.h"
#include "nv-slot.h"

static void
assert_field_error (const GError *error, const char *field)
{
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (error), ==, field);
  g_assert_true (error->message != NULL && error->message[0] != '\0');
}

static NvSlot *
make_slot (void)
{
  NvSlot *slot = nv_slot_new ();

  slot->id = g_strdup ("oulu-2026-12-01-0900");
  slot->organisation = g_strdup ("oulu-main-library");
  slot->kind = g_strdup ("digital-support");
  slot->starts_at = g_date_time_new_utc (2026, 12, 1, 7, 0, 0);
  slot->duration_minutes = 30;
  slot->capacity = 2;
  slot->taken = 1;
  return slot;
}

static void
assert_slots_equal (const NvSlot *a, const NvSlot *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->organisation, ==, b->organisation);
  g_assert_cmpstr (a->kind, ==, b->kind);
  g_assert_true (g_date_time_equal (a->starts_at, b->starts_at));
  g_assert_cmpuint (a->duration_minutes, ==, b->duration_minutes);
  g_assert_cmpuint (a->capacity, ==, b->capacity);
  g_assert_cmpuint (a->taken, ==, b->taken);
  g_assert_cmpint (a->cancelled, ==, b->cancelled);
}

static NvSlot *
round_trip (const NvSlot *slot)
{
  g_autoptr (JsonNode) node = nv_slot_to_json (slot);
  g_autofree char *text = nv_json_to_string (node, FALSE);
  g_autoptr (JsonNode) parsed = NULL;
  g_autoptr (GError) error = NULL;
  NvSlot *copy;

  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  copy = nv_slot_from_json (parsed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  return copy;
}

static NvSlot *
slot_from_string (const char *json, GError **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) parse_error = NULL;

  node = json_from_string (json, &parse_error);
  g_assert_no_error (parse_error);
  return nv_slot_from_json (node, error);
}

static void
test_kinds (void)
{
  g_assert_true (nv_slot_kind_is_valid ("digital-support"));
  g_assert_true (nv_slot_kind_is_valid ("service-counselling"));
  g_assert_true (nv_slot_kind_is_valid ("home-visit"));
  g_assert_false (nv_slot_kind_is_valid ("Digital-support"));
  g_assert_false (nv_slot_kind_is_valid ("group"));
  g_assert_false (nv_slot_kind_is_valid (""));
  g_assert_false (nv_slot_kind_is_valid (NULL));
}

static void
test_round_trip (void)
{
  g_autoptr (NvSlot) slot = make_slot ();
  g_autoptr (NvSlot) copy = NULL;
  g_autoptr (NvSlot) home = make_slot ();
  g_autoptr (NvSlot) home_copy = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (nv_slot_validate (slot, &error));
  g_assert_no_error (error);
  copy = round_trip (slot);
  assert_slots_equal (slot, copy);

  /* A cancelled home visit without a place. */
  g_clear_pointer (&home->organisation, g_free);
  g_free (home->kind);
  home->kind = g_strdup ("home-visit");
  home->cancelled = TRUE;
  home->taken = 0;
  home->duration_minutes = 480;
  home->capacity = 100;
  g_assert_true (nv_slot_validate (home, &error));
  g_assert_no_error (error);
  home_copy = round_trip (home);
  assert_slots_equal (home, home_copy);
  g_assert_null (home_copy->organisation);
}

static void
test_copy (void)
{
  g_autoptr (NvSlot) slot = make_slot ();
  g_autoptr (NvSlot) copy = nv_slot_copy (slot);
  g_autoptr (NvSlot) empty = nv_slot_new ();
  g_autoptr (NvSlot) empty_copy = nv_slot_copy (empty);

  assert_slots_equal (slot, copy);
  g_assert_true (copy->id != slot->id);
  g_assert_null (empty_copy->id);
  g_assert_null (empty_copy->starts_at);
}

static void
test_json_form (void)
{
  g_autoptr (NvSlot) slot = make_slot ();
  g_autoptr (NvSlot) parsed = NULL;
  g_autoptr (JsonNode) node = nv_slot_to_json (slot);
  g_autofree char *text = nv_json_to_string (node, FALSE);
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (text, ==,
                   "{\"id\":\"oulu-2026-12-01-0900\",\"organisation\":\"oulu-main-library\","
                   "\"kind\":\"digital-support\",\"starts_at\":\"2026-12-01T07:00:00.000Z\","
                   "\"duration_minutes\":30,\"capacity\":2,\"taken\":1,\"cancelled\":false}");

  /* Any offset is read; taken and cancelled may be left out. */
  parsed = slot_from_string ("{\"id\":\"s1\",\"organisation\":\"kela-oulu\","
                             "\"kind\":\"service-counselling\","
                             "\"starts_at\":\"2026-12-01T09:00:00+02:00\","
                             "\"duration_minutes\":5,\"capacity\":1}",
                             &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (parsed->starts_at, slot->starts_at));
  g_assert_cmpuint (parsed->taken, ==, 0);
  g_assert_false (parsed->cancelled);
}

typedef void (*SlotChange) (NvSlot *slot);

static void
clear_id (NvSlot *slot)
{
  g_clear_pointer (&slot->id, g_free);
}

static void
bad_id (NvSlot *slot)
{
  g_free (slot->id);
  slot->id = g_strdup ("Slot 1");
}

static void
clear_kind (NvSlot *slot)
{
  g_clear_pointer (&slot->kind, g_free);
}

static void
other_kind (NvSlot *slot)
{
  g_free (slot->kind);
  slot->kind = g_strdup ("group");
}

static void
clear_organisation (NvSlot *slot)
{
  g_clear_pointer (&slot->organisation, g_free);
}

static void
counselling_without_organisation (NvSlot *slot)
{
  g_free (slot->kind);
  slot->kind = g_strdup ("service-counselling");
  g_clear_pointer (&slot->organisation, g_free);
}

static void
bad_organisation (NvSlot *slot)
{
  g_free (slot->organisation);
  slot->organisation = g_strdup ("Oulun kirjasto");
}

static void
home_visit_bad_organisation (NvSlot *slot)
{
  g_free (slot->kind);
  slot->kind = g_strdup ("home-visit");
  g_free (slot->organisation);
  slot->organisation = g_strdup ("");
}

static void
clear_starts_at (NvSlot *slot)
{
  g_clear_pointer (&slot->starts_at, g_date_time_unref);
}

static void
duration_4 (NvSlot *slot)
{
  slot->duration_minutes = 4;
}

/* Written "49-12-10T08:00:00.000Z" before the fixed-width formatter: every kiosk refused it. */
static void
starts_in_year_49 (NvSlot *slot)
{
  g_date_time_unref (slot->starts_at);
  slot->starts_at = g_date_time_new_utc (49, 12, 10, 8, 0, 0);
}

static void
starts_in_2101 (NvSlot *slot)
{
  g_date_time_unref (slot->starts_at);
  slot->starts_at = g_date_time_new_utc (2101, 1, 1, 0, 0, 0);
}

/* 2000 in Helsinki, but 1999 in UTC, as it is written and read back. */
static void
starts_in_1999_utc (NvSlot *slot)
{
  g_date_time_unref (slot->starts_at);
  slot->starts_at = g_date_time_new (g_time_zone_new_identifier ("+02:00"), 2000, 1, 1, 0, 30, 0);
}

static void
duration_481 (NvSlot *slot)
{
  slot->duration_minutes = 481;
}

static void
capacity_0 (NvSlot *slot)
{
  slot->capacity = 0;
  slot->taken = 0;
}

static void
capacity_101 (NvSlot *slot)
{
  slot->capacity = 101;
}

static void
overbooked (NvSlot *slot)
{
  slot->taken = 3;
}

typedef struct
{
  const char *name;
  SlotChange  change;
  const char *field;
} InvalidSlot;

static const InvalidSlot invalid_slots[] = {
  { "no id", clear_id, "id" },
  { "bad id", bad_id, "id" },
  { "no kind", clear_kind, "kind" },
  { "other kind", other_kind, "kind" },
  { "digital support without a place", clear_organisation, "organisation" },
  { "counselling without a place", counselling_without_organisation, "organisation" },
  { "bad organisation", bad_organisation, "organisation" },
  { "home visit, bad organisation", home_visit_bad_organisation, "organisation" },
  { "no start", clear_starts_at, "starts_at" },
  { "the year 49", starts_in_year_49, "starts_at" },
  { "the year 2101", starts_in_2101, "starts_at" },
  { "1999 in UTC", starts_in_1999_utc, "starts_at" },
  { "4 minutes", duration_4, "duration_minutes" },
  { "481 minutes", duration_481, "duration_minutes" },
  { "no places", capacity_0, "capacity" },
  { "101 places", capacity_101, "capacity" },
  { "more taken than places", overbooked, "taken" },
};

static void
test_validate (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_slots); i++)
    {
      g_autoptr (NvSlot) slot = make_slot ();
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (NvSlot) parsed = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", invalid_slots[i].name);
      invalid_slots[i].change (slot);
      g_assert_false (nv_slot_validate (slot, &error));
      assert_field_error (error, invalid_slots[i].field);
      g_clear_error (&error);

      node = nv_slot_to_json (slot);
      parsed = nv_slot_from_json (node, &error);
      g_assert_null (parsed);
      assert_field_error (error, invalid_slots[i].field);
    }
}

static void
test_validate_limits (void)
{
  g_autoptr (NvSlot) slot = make_slot ();
  g_autoptr (GError) error = NULL;

  slot->duration_minutes = 5;
  slot->capacity = 1;
  slot->taken = 1;
  g_assert_true (nv_slot_validate (slot, &error));
  g_assert_no_error (error);
  slot->duration_minutes = 480;
  slot->capacity = 100;
  slot->taken = 100;
  g_assert_true (nv_slot_validate (slot, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *member;
  const char *json;
} WrongMember;

static const WrongMember wrong_members[] = {
  { "id", "1" },
  { "id", "null" },
  { "organisation", "true" },
  { "organisation", "[\"kela\"]" },
  { "kind", "null" },
  { "kind", "2" },
  { "starts_at", "\"tomorrow\"" },
  { "starts_at", "1764572400" },
  { "starts_at", "\"2026-12-01T09:00:00\"" },
  { "starts_at", "null" },
  { "duration_minutes", "\"30\"" },
  { "duration_minutes", "null" },
  { "duration_minutes", "30.5" },
  { "duration_minutes", "-30" },
  { "capacity", "1.5" },
  { "capacity", "[]" },
  { "capacity", "0" },
  { "taken", "-1" },
  { "taken", "\"1\"" },
  { "cancelled", "\"no\"" },
  { "cancelled", "0" },
};

static void
test_json_wrong_types (void)
{
  const char *members[] = { "id",       "organisation", "kind",     "starts_at", "duration_minutes",
                            "capacity", "taken",        "cancelled" };
  const char *good[]
      = { "\"s1\"", "\"kela-oulu\"", "\"digital-support\"", "\"2026-12-01T07:00:00Z\"", "30", "2",
          "0",      "false" };

  for (guint i = 0; i < G_N_ELEMENTS (wrong_members); i++)
    {
      g_autoptr (GString) json = g_string_new ("{");
      g_autoptr (NvSlot) slot = NULL;
      g_autoptr (GError) error = NULL;

      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        g_string_append_printf (
            json, "%s\"%s\": %s", m > 0 ? ", " : "", members[m],
            g_str_equal (members[m], wrong_members[i].member) ? wrong_members[i].json : good[m]);
      g_string_append (json, "}");
      g_test_message ("%s", json->str);
      slot = slot_from_string (json->str, &error);
      g_assert_null (slot);
      assert_field_error (error, wrong_members[i].member);
    }
}

static void
test_json_missing_members (void)
{
  const char *required[]
      = { "id", "kind", "starts_at", "duration_minutes", "capacity", "organisation" };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autoptr (NvSlot) source = make_slot ();
      g_autoptr (JsonNode) node = nv_slot_to_json (source);
      g_autoptr (NvSlot) slot = NULL;
      g_autoptr (GError) error = NULL;

      json_object_remove_member (json_node_get_object (node), required[i]);
      slot = nv_slot_from_json (node, &error);
      g_assert_null (slot);
      assert_field_error (error, required[i]);
    }
}

static void
test_json_not_an_object (void)
{
  const char *documents[] = { "[]", "null", "\"slot\"", "7" };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr (NvSlot) slot = NULL;
      g_autoptr (GError) error = NULL;

      slot = slot_from_string (documents[i], &error);
      g_assert_null (slot);
      g_assert_nonnull (error);
      g_assert_true (error->domain == NV_ERROR);
    }
}

static void
test_is_free (void)
{
  g_autoptr (NvSlot) slot = make_slot ();
  g_autoptr (GDateTime) before = g_date_time_new_utc (2026, 12, 1, 6, 59, 59);
  g_autoptr (GDateTime) at_start = g_date_time_new_utc (2026, 12, 1, 7, 0, 0);
  g_autoptr (GDateTime) after = g_date_time_new_utc (2026, 12, 1, 7, 10, 0);
  /* The same instant in Helsinki time. */
  g_autoptr (GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
  g_autoptr (GDateTime) local_before = g_date_time_to_timezone (before, helsinki);

  g_assert_true (nv_slot_is_free (slot, before));
  g_assert_true (nv_slot_is_free (slot, local_before));
  /* A slot that has begun can no longer be asked for. */
  g_assert_false (nv_slot_is_free (slot, at_start));
  g_assert_false (nv_slot_is_free (slot, after));

  slot->taken = slot->capacity;
  g_assert_false (nv_slot_is_free (slot, before));
  slot->taken = 0;
  g_assert_true (nv_slot_is_free (slot, before));
  slot->cancelled = TRUE;
  g_assert_false (nv_slot_is_free (slot, before));
  slot->cancelled = FALSE;

  /* NULL is now. */
  g_date_time_unref (slot->starts_at);
  slot->starts_at = g_date_time_new_utc (2020, 1, 1, 9, 0, 0);
  g_assert_false (nv_slot_is_free (slot, NULL));
  g_date_time_unref (slot->starts_at);
  slot->starts_at = g_date_time_new_utc (9000, 1, 1, 9, 0, 0);
  g_assert_true (nv_slot_is_free (slot, NULL));

  g_clear_pointer (&slot->starts_at, g_date_time_unref);
  g_assert_false (nv_slot_is_free (slot, before));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slot/kinds", test_kinds);
  g_test_add_func ("/slot/round-trip", test_round_trip);
  g_test_add_func ("/slot/copy", test_copy);
  g_test_add_func ("/slot/json-form", test_json_form);
  g_test_add_func ("/slot/validate", test_validate);
  g_test_add_func ("/slot/validate/limits", test_validate_limits);
  g_test_add_func ("/slot/json/wrong-types", test_json_wrong_types);
  g_test_add_func ("/slot/json/missing-members", test_json_missing_members);
  g_test_add_func ("/slot/json/not-an-object", test_json_not_an_object);
  g_test_add_func ("/slot/is-free", test_is_free);

  return g_test_run ();
}

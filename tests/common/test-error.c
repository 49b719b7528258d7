/* test-error.c — NV_ERROR and the field path it carries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"

static void
test_field_error (void)
{
  g_autoptr (GError) error = NULL;

  nv_set_field_error (&error, "steps[2].text.fi", "is required (%s)", "Finnish");
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (error), ==, "steps[2].text.fi");
  g_assert_cmpstr (error->message, ==, "steps[2].text.fi: is required (Finnish)");
  g_assert_cmpstr (nv_error_get_sentence (error), ==, "is required (Finnish)");

  /* Ignored like g_set_error () when nobody wants the error. */
  nv_set_field_error (NULL, "id", "is required");
}

static void
test_no_field (void)
{
  g_autoptr (GError) plain = NULL;
  g_autoptr (GError) other = NULL;

  g_assert_null (nv_error_get_field (NULL));
  g_set_error_literal (&plain, NV_ERROR, NV_ERROR_PARSE, "The body is empty");
  g_assert_null (nv_error_get_field (plain));
  g_assert_cmpstr (nv_error_get_sentence (plain), ==, "The body is empty");
  g_set_error_literal (&other, G_IO_ERROR, G_IO_ERROR_FAILED, "steps: nothing");
  g_assert_null (nv_error_get_field (other));

  /* Prefixing touches field errors only. */
  nv_error_prefix_field (plain, "guides[3]");
  g_assert_null (nv_error_get_field (plain));
  g_assert_cmpstr (plain->message, ==, "The body is empty");
  nv_error_prefix_field (other, "guides[3]");
  g_assert_cmpstr (other->message, ==, "steps: nothing");
}

static void
test_prefix (void)
{
  g_autoptr (GError) nested = NULL;
  g_autoptr (GError) indexed = NULL;

  nv_set_field_error (&nested, "steps[0].text.fi", "is required");
  nv_error_prefix_field (nested, "guides[3]");
  g_assert_cmpstr (nv_error_get_field (nested), ==, "guides[3].steps[0].text.fi");
  g_assert_cmpstr (nested->message, ==, "guides[3].steps[0].text.fi: is required");

  nv_set_field_error (&indexed, "[2]", "must be a string");
  nv_error_prefix_field (indexed, "steps");
  g_assert_cmpstr (nv_error_get_field (indexed), ==, "steps[2]");
  nv_error_prefix_field (indexed, "guides[0]");
  g_assert_cmpstr (nv_error_get_field (indexed), ==, "guides[0].steps[2]");
  g_assert_cmpstr (indexed->message, ==, "guides[0].steps[2]: must be a string");
}

static void
test_prefix_top_level (void)
{
  g_autoptr (GError) error = NULL;

  /* The value itself is at fault: no field, and the sentence stands alone. */
  nv_set_field_error (&error, NULL, "must be a JSON object (a guide)");
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_null (nv_error_get_field (error));
  g_assert_cmpstr (error->message, ==, "Must be a JSON object (a guide)");

  nv_error_prefix_field (error, "guides[1]");
  g_assert_cmpstr (nv_error_get_field (error), ==, "guides[1]");
  g_assert_cmpstr (error->message, ==, "guides[1]: must be a JSON object (a guide)");
}

static void
test_prefix_keeps_other_prefixes (void)
{
  g_autoptr (GError) error = NULL;

  nv_set_field_error (&error, "kind", "must be one of …");
  g_prefix_error (&error, "organisations.json: ");
  nv_error_prefix_field (error, "organisations[4]");
  g_assert_cmpstr (nv_error_get_field (error), ==, "organisations[4].kind");
  /* The message no longer leads with the old path; what it says is kept. */
  g_assert_cmpstr (error->message, ==, "organisations.json: kind: must be one of …");
}

static void
test_copy (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) copy = NULL;

  nv_set_field_error (&error, "phones[0]", "must be a phone number");
  copy = g_error_copy (error);
  g_clear_error (&error);
  g_assert_cmpstr (nv_error_get_field (copy), ==, "phones[0]");
  nv_error_prefix_field (copy, "organisations[1]");
  g_assert_cmpstr (nv_error_get_field (copy), ==, "organisations[1].phones[0]");
}

/* A validator's machine code travels with the error, through a prefix and a copy; any
 * other error has the code of its kind. */
static void
test_code (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) copy = NULL;
  g_autoptr (GError) plain = NULL;
  g_autoptr (GError) conflict = NULL;
  g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "no");

  nv_set_field_error_code (&error, "starts_at", "invalid-time", "must be a time like %s",
                           "2026-11-22T08:15:00Z");
  g_assert_cmpstr (nv_error_get_code (error), ==, "invalid-time");
  g_assert_cmpstr (nv_error_get_sentence (error), ==, "must be a time like 2026-11-22T08:15:00Z");
  nv_error_prefix_field (error, "slot");
  copy = g_error_copy (error);
  g_assert_cmpstr (nv_error_get_field (copy), ==, "slot.starts_at");
  g_assert_cmpstr (nv_error_get_code (copy), ==, "invalid-time");

  nv_set_field_error (&plain, "name", "is odd");
  g_assert_cmpstr (nv_error_get_code (plain), ==, "invalid");
  g_set_error_literal (&conflict, NV_ERROR, NV_ERROR_CONFLICT, "taken");
  g_assert_cmpstr (nv_error_get_code (conflict), ==, "conflict");
  g_assert_cmpstr (nv_error_get_code (other), ==, "failed");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/field", test_field_error);
  g_test_add_func ("/error/no-field", test_no_field);
  g_test_add_func ("/error/prefix", test_prefix);
  g_test_add_func ("/error/prefix-top-level", test_prefix_top_level);
  g_test_add_func ("/error/prefix-keeps-other-prefixes", test_prefix_keeps_other_prefixes);
  g_test_add_func ("/error/copy", test_copy);
  g_test_add_func ("/error/code", test_code);

  return g_test_run ();
}

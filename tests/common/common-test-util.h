/* common-test-util.h — helpers shared by the tests of common/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "nv-common.h"

/* Parses JSON the tests write inline; it must be valid. */
static inline JsonNode *
nv_test_parse (const char *json)
{
  g_autoptr (GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr (GError) error = NULL;
  JsonNode *node = nv_json_parse_bytes (bytes, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Compact JSON of @node, which it takes. */
static inline char *
nv_test_take_string (JsonNode *node)
{
  char *text = nv_json_to_string (node, FALSE);

  json_node_unref (node);
  return text;
}

/* A validation error: NV_ERROR_INVALID naming exactly @field, its message leading with
 * the field, in UTF-8. */
#define nv_test_assert_field_error(error, field)                                                   \
  G_STMT_START                                                                                     \
  {                                                                                                \
    const GError *nv_e_ = (error);                                                                 \
    const char   *nv_f_ = (field);                                                                 \
    g_assert_error (nv_e_, NV_ERROR, NV_ERROR_INVALID);                                            \
    g_assert_cmpstr (nv_error_get_field (nv_e_), ==, nv_f_);                                       \
    if (nv_f_ != NULL)                                                                             \
      {                                                                                            \
        g_autofree char *nv_lead_ = g_strconcat (nv_f_, ": ", NULL);                               \
        if (!g_str_has_prefix (nv_e_->message, nv_lead_))                                          \
          g_error ("message “%s” does not lead with “%s”", nv_e_->message, nv_lead_);              \
      }                                                                                            \
    g_assert_true (g_utf8_validate (nv_e_->message, -1, NULL));                                    \
  }                                                                                                \
  G_STMT_END

/* A case of bad input: @json breaks one rule and the error must name @field. */
typedef struct
{
  const char *name;
  const char *json;
  const char *field;
} NvTestBadCase;

/* nv-error.h — the project's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NV_ERROR (nv_error_quark ())

typedef enum
{
  NV_ERROR_FAILED,  /* anything not listed below */
  NV_ERROR_PARSE,   /* malformed JSON, not UTF-8, wrong JSON type at the top level */
  NV_ERROR_INVALID, /* a value failed validation; nv_error_get_field() names it */
  NV_ERROR_NOT_FOUND,
  NV_ERROR_CONFLICT, /* e.g. a duplicate id */
  NV_ERROR_TOO_LARGE,
  NV_ERROR_STORE, /* SQLite failed */
  NV_ERROR_IO,
  NV_ERROR_DISK, /* SQLite cannot write: the disk is full, read-only or failing */
} NvError;

GQuark nv_error_quark (void);

/* NV_ERROR carries the path of the offending field, e.g. "steps[2].text.fi",
 * so the API can answer {"error": "...", "field": "..."}. */
void nv_set_field_error (GError **error, const char *field, const char *format, ...)
    G_GNUC_PRINTF (3, 4);
const char *nv_error_get_field (const GError *error);
/* The same, with a machine code for what is wrong ("required", "too-long",
 * "invalid-time"…), which a client turns into a sentence in its own language. */
void nv_set_field_error_code (GError    **error,
                              const char *field,
                              const char *code,
                              const char *format,
                              ...) G_GNUC_PRINTF (4, 5);
/* The machine code of @error: the one a validator gave, else one for its NvError code
 * ("invalid", "malformed", "not-found", "conflict", "too-large", "unavailable"), else
 * "failed". Codes are lower-case words joined by hyphens, listed in docs/api.md. */
const char *nv_error_get_code (const GError *error);
/* The sentence of a field error without the path in front, for a screen that marks
 * the field itself; the whole message for any other error. */
const char *nv_error_get_sentence (const GError *error);

/* Prepends "prefix." (or "prefix" before "[n]") to the field of an NV_ERROR,
 * used when a nested validator's error is passed up. */
void nv_error_prefix_field (GError *error, const char *prefix);

G_END_DECLS

/* nv-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-error.h"

/* The field path travels with the GError (an extended error domain), so nested
 * validators can prefix the path on the way up and the API can answer with it. */
typedef struct
{
  gboolean is_field_error; /* set through nv_set_field_error () */
  char    *field;          /* NULL for the top level of the validated value */
  char    *sentence;       /* the message without the path */
  char    *code;           /* a machine code for what is wrong, or NULL */
} NvErrorPrivate;

static void
nv_error_private_init (NvErrorPrivate *priv)
{
  priv->is_field_error = FALSE;
  priv->field = NULL;
  priv->sentence = NULL;
  priv->code = NULL;
}

static void
nv_error_private_copy (const NvErrorPrivate *src, NvErrorPrivate *dest)
{
  dest->is_field_error = src->is_field_error;
  dest->field = g_strdup (src->field);
  dest->sentence = g_strdup (src->sentence);
  dest->code = g_strdup (src->code);
}

static void
nv_error_private_clear (NvErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->sentence, g_free);
  g_clear_pointer (&priv->code, g_free);
}

G_DEFINE_EXTENDED_ERROR (NvError, nv_error)

/* Alone, a sentence such as "must be a JSON object" starts with a capital. */
static char *
capitalise (const char *sentence)
{
  char *copy = g_strdup (sentence != NULL ? sentence : "");

  copy[0] = g_ascii_toupper (copy[0]);
  return copy;
}

static void set_field_error_valist (GError    **error,
                                    const char *field,
                                    const char *code,
                                    const char *format,
                                    va_list     args) G_GNUC_PRINTF (4, 0);

static void
set_field_error_valist (
    GError **error, const char *field, const char *code, const char *format, va_list args)
{
  g_autofree char *sentence = g_strdup_vprintf (format, args);
  NvErrorPrivate  *priv;
  GError          *new_error;

  if (field != NULL && field[0] == '\0')
    field = NULL;
  /* The message starts with the path, so a person reading only the message still
   * finds the field: "steps[2].text.fi: is required". */
  if (field != NULL)
    new_error = g_error_new (NV_ERROR, NV_ERROR_INVALID, "%s: %s", field, sentence);
  else
    {
      g_autofree char *alone = capitalise (sentence);

      new_error = g_error_new_literal (NV_ERROR, NV_ERROR_INVALID, alone);
    }
  priv = nv_error_get_private (new_error);
  priv->is_field_error = TRUE;
  priv->field = g_strdup (field);
  priv->sentence = g_steal_pointer (&sentence);
  priv->code = g_strdup (code);
  g_propagate_error (error, new_error);
}

void
nv_set_field_error (GError **error, const char *field, const char *format, ...)
{
  va_list args;

  g_return_if_fail (format != NULL);

  if (error == NULL)
    return;
  va_start (args, format);
  set_field_error_valist (error, field, NULL, format, args);
  va_end (args);
}

void
nv_set_field_error_code (
    GError **error, const char *field, const char *code, const char *format, ...)
{
  va_list args;

  g_return_if_fail (format != NULL);

  if (error == NULL)
    return;
  va_start (args, format);
  set_field_error_valist (error, field, code, format, args);
  va_end (args);
}

const char *
nv_error_get_code (const GError *error)
{
  NvErrorPrivate *priv;

  if (error == NULL || error->domain != NV_ERROR)
    return "failed";
  priv = nv_error_get_private (error);
  if (priv != NULL && priv->code != NULL)
    return priv->code;
  switch ((NvError) error->code)
    {
    case NV_ERROR_PARSE:
      return "malformed";
    case NV_ERROR_INVALID:
      return "invalid";
    case NV_ERROR_NOT_FOUND:
      return "not-found";
    case NV_ERROR_CONFLICT:
      return "conflict";
    case NV_ERROR_TOO_LARGE:
      return "too-large";
    case NV_ERROR_STORE:
    case NV_ERROR_IO:
      return "unavailable";
    case NV_ERROR_FAILED:
    default:
      return "failed";
    }
}

const char *
nv_error_get_field (const GError *error)
{
  NvErrorPrivate *priv;

  if (error == NULL || error->domain != NV_ERROR)
    return NULL;
  priv = nv_error_get_private (error);
  if (priv == NULL || !priv->is_field_error)
    return NULL;
  return priv->field;
}

const char *
nv_error_get_sentence (const GError *error)
{
  NvErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != NV_ERROR || (priv = nv_error_get_private (error)) == NULL
      || !priv->is_field_error || priv->sentence == NULL)
    return error->message;
  return priv->sentence;
}

void
nv_error_prefix_field (GError *error, const char *prefix)
{
  NvErrorPrivate *priv;
  char           *message;
  char           *field;

  g_return_if_fail (prefix != NULL);

  if (error == NULL || error->domain != NV_ERROR || prefix[0] == '\0')
    return;
  priv = nv_error_get_private (error);
  if (priv == NULL || !priv->is_field_error)
    return;

  if (priv->field == NULL)
    field = g_strdup (prefix);
  else if (priv->field[0] == '[')
    field = g_strconcat (prefix, priv->field, NULL);
  else
    field = g_strconcat (prefix, ".", priv->field, NULL);

  /* Rewrite the leading path of the message in place; whatever someone else put in
   * front of it (g_prefix_error) stays. */
  if (priv->field != NULL)
    {
      g_autofree char *old_lead = g_strconcat (priv->field, ": ", NULL);

      message = g_str_has_prefix (error->message, old_lead)
                    ? g_strconcat (field, ": ", error->message + strlen (old_lead), NULL)
                    : NULL;
    }
  else
    {
      g_autofree char *alone = capitalise (priv->sentence);

      message = g_strconcat (
          field, ": ", g_strcmp0 (error->message, alone) == 0 ? priv->sentence : error->message,
          NULL);
    }
  if (message != NULL)
    {
      g_free (error->message);
      error->message = message;
    }

  g_free (priv->field);
  priv->field = field;
}

/* nv-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-error.h"

/* The field path and the bare sentence travel with the GError (an extended error
 * domain), so nested validators can prefix the path on the way up. */
typedef struct
{
  char *field;
  char *sentence;
} NvErrorPrivate;

static void
nv_error_private_init (NvErrorPrivate *priv)
{
  priv->field = NULL;
  priv->sentence = NULL;
}

static void
nv_error_private_copy (const NvErrorPrivate *src,
                       NvErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->sentence = g_strdup (src->sentence);
}

static void
nv_error_private_clear (NvErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->sentence, g_free);
}

G_DEFINE_EXTENDED_ERROR (NvError, nv_error)

static void
update_message (GError         *error,
                NvErrorPrivate *priv)
{
  g_free (error->message);
  if (priv->field != NULL && priv->field[0] != '\0')
    error->message = g_strdup_printf ("%s: %s", priv->field, priv->sentence);
  else
    error->message = g_strdup (priv->sentence);
}

void
nv_set_field_error (GError     **error,
                    const char  *field,
                    const char  *format,
                    ...)
{
  g_autofree char *sentence = NULL;
  NvErrorPrivate *priv;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (NV_ERROR, NV_ERROR_INVALID, sentence);
  priv = nv_error_get_private (new_error);
  priv->field = g_strdup (field);
  priv->sentence = g_steal_pointer (&sentence);
  update_message (new_error, priv);
  g_propagate_error (error, new_error);
}

const char *
nv_error_get_field (const GError *error)
{
  NvErrorPrivate *priv;

  if (error == NULL || error->domain != NV_ERROR)
    return NULL;
  priv = nv_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}

void
nv_error_prefix_field (GError     *error,
                       const char *prefix)
{
  NvErrorPrivate *priv;
  char *field;

  g_return_if_fail (prefix != NULL);

  if (error == NULL || error->domain != NV_ERROR)
    return;
  priv = nv_error_get_private (error);
  if (priv == NULL)
    return;
  if (priv->sentence == NULL)
    priv->sentence = g_strdup (error->message);

  if (priv->field == NULL || priv->field[0] == '\0')
    field = g_strdup (prefix);
  else if (priv->field[0] == '[')
    field = g_strconcat (prefix, priv->field, NULL);
  else
    field = g_strconcat (prefix, ".", priv->field, NULL);
  g_free (priv->field);
  priv->field = field;
  update_message (error, priv);
}

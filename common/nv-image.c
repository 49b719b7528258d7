/* nv-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-image.h"

#define HASH_LENGTH 64

gboolean
nv_image_name_is_valid (const char *name)
{
  if (name == NULL || strspn (name, "0123456789abcdef") != HASH_LENGTH)
    return FALSE;
  return g_str_equal (name + HASH_LENGTH, ".png") || g_str_equal (name + HASH_LENGTH, ".jpg");
}

char *
nv_image_name_for_bytes (GBytes *bytes, const char *extension)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (g_strcmp0 (extension, "png") == 0 || g_strcmp0 (extension, "jpg") == 0,
                        NULL);

  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  return g_strconcat (hash, ".", extension, NULL);
}

gboolean
nv_image_bytes_match (const char *name, GBytes *bytes)
{
  g_autofree char *hash = NULL;

  if (!nv_image_name_is_valid (name) || bytes == NULL
      || g_bytes_get_size (bytes) > NV_IMAGE_MAX_BYTES || g_bytes_get_size (bytes) == 0)
    return FALSE;
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  return strncmp (hash, name, HASH_LENGTH) == 0;
}

const char *
nv_image_content_type (const char *name)
{
  g_return_val_if_fail (nv_image_name_is_valid (name), NULL);

  return g_str_has_suffix (name, ".png") ? "image/png" : "image/jpeg";
}

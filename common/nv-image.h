/* nv-image.h — step pictures, named by their content
 *
 * A picture is kept and sent under the SHA-256 of its bytes, "<64 hex>.png" or
 * "<64 hex>.jpg": a name says exactly which bytes it stands for, so a cache never
 * needs to ask whether it is fresh, and a file whose bytes do not match its name is
 * damaged or unfinished and never shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bytes of a stored picture, at most: what the server makes of any upload fits. */
#define NV_IMAGE_MAX_BYTES (4 * 1024 * 1024)

/* TRUE when @name is a content-addressed picture name ("<64 lowercase hex>.png|.jpg"). */
gboolean nv_image_name_is_valid (const char *name);
/* The name of @bytes with @extension ("png" or "jpg"). */
char *nv_image_name_for_bytes (GBytes *bytes, const char *extension);
/* TRUE when @bytes are what @name stands for: no more than NV_IMAGE_MAX_BYTES, and
 * their SHA-256 and the name's agree. */
gboolean nv_image_bytes_match (const char *name, GBytes *bytes);
/* "image/png" or "image/jpeg" for a valid name. */
const char *nv_image_content_type (const char *name);

G_END_DECLS

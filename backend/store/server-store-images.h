/* server-store-images.h — step pictures: checked, made kiosk-sized, kept by content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* An upload, at most: a phone's photo fits. */
#define SERVER_IMAGE_UPLOAD_MAX (12 * 1024 * 1024)
/* What the server decodes at all, a side and in all: more is refused before decoding. */
#define SERVER_IMAGE_SIDE_MAX 10000
#define SERVER_IMAGE_PIXELS_MAX (50 * 1000 * 1000)
/* What a kiosk shows, at most: the picture's area on a 1920×1080 screen, twice over. */
#define SERVER_IMAGE_KIOSK_WIDTH 1280
#define SERVER_IMAGE_KIOSK_HEIGHT 960

typedef struct
{
  char   *name; /* "<sha256>.png" or ".jpg" (nv-image.h) */
  GBytes *bytes;
  guint   width;
  guint   height;
} ServerImage;

void server_image_free (ServerImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerImage, server_image_free)

/* server-image.c: no SQL. Checks that @upload is the PNG or JPEG that @content_type
 * says, within the limits above, decodes it, turns it upright, makes it fit the kiosk's
 * size and encodes it again in the same format: nothing of the file but its pixels is
 * kept (no EXIF, place, camera or text chunks). Errors are NV_ERROR_INVALID naming the
 * field "image", or NV_ERROR_FAILED with code "unsupported-media-type" (nv-error.h) for a
 * type other than image/png and image/jpeg. */
ServerImage *server_image_prepare (GBytes *upload, const char *content_type, GError **error);

/* Stores a prepared picture under its name (once: the same bytes are the same name),
 * with an audit row "image-uploaded" by @actor ("staff:NAME") naming it and its size. */
gboolean server_store_put_image (ServerStore       *self,
                                 const ServerImage *image,
                                 const char        *actor,
                                 GError           **error);
/* The caller holds a write transaction: a picture of the default content, which no one
 * uploaded, so no audit row. */
gboolean server_store_seed_image (ServerStore *self, const ServerImage *image, GError **error);
/* Removes the pictures that no guide, draft or kept version names and that were last
 * uploaded more than @grace_days before @now (NULL: now), each with an audit row
 * "image-removed" by @actor naming it and its size; the number through @out_removed.
 * The grace period lets an advisor upload a picture before a draft names it. */
gboolean server_store_purge_images (ServerStore *self,
                                    guint        grace_days,
                                    const char  *actor,
                                    GDateTime   *now,
                                    guint       *out_removed,
                                    GError     **error);
/* The bytes of the picture called @name; NULL with NV_ERROR_NOT_FOUND. */
GBytes  *server_store_get_image (ServerStore *self, const char *name, GError **error);
gboolean server_store_has_image (ServerStore *self, const char *name);

G_END_DECLS

/* server-image.c — an advisor's picture made safe and small for kiosks
 *
 * Uploaded files come from anyone's phone or screenshot tool, so nothing of the file
 * is trusted or kept: its size is read from its header before any decoder sees it (a
 * 60,000 × 60,000 PNG of a few kilobytes would otherwise ask for 14 GB), only the PNG
 * or JPEG decoder that its first bytes and its Content-Type both name is used, and what
 * is stored is its pixels encoded again, so EXIF (where a photo was taken, the camera),
 * comments and text chunks are gone. JPEG stays JPEG (photos), PNG stays PNG
 * (screenshots and drawings); the same upload always gives the same bytes, and so the
 * same name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "nv-common.h"
#include "server-store-images.h"

#define FIELD "image"

void
server_image_free (ServerImage *image)
{
  if (image == NULL)
    return;
  g_free (image->name);
  g_clear_pointer (&image->bytes, g_bytes_unref);
  g_free (image);
}

static guint32
read_be (const guint8 *data, guint n)
{
  guint32 value = 0;

  for (guint i = 0; i < n; i++)
    value = (value << 8) | data[i];
  return value;
}

/* A PNG's size is in its first chunk, which must be IHDR. */
static gboolean
png_size (const guint8 *data, gsize size, guint32 *width, guint32 *height)
{
  if (size < 24 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = read_be (data + 16, 4);
  *height = read_be (data + 20, 4);
  return TRUE;
}

/* A JPEG's size is in its first start-of-frame segment, after any number of others. */
static gboolean
jpeg_size (const guint8 *data, gsize size, guint32 *width, guint32 *height)
{
  gsize at = 2;

  while (at + 4 <= size)
    {
      guint8 marker;
      guint  length;

      if (data[at] != 0xff)
        return FALSE;
      marker = data[at + 1];
      if (marker == 0xff)
        {
          at++; /* fill bytes */
          continue;
        }
      length = read_be (data + at + 2, 2);
      /* SOF0–SOF15, but not DHT (C4), JPG (C8) or DAC (CC). */
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (length < 7 || at + 9 > size)
            return FALSE;
          *height = read_be (data + at + 5, 2);
          *width = read_be (data + at + 7, 2);
          return TRUE;
        }
      if (marker == 0xd9 || marker == 0xda || length < 2)
        return FALSE; /* the image data began, or the file ended, before a frame */
      at += 2 + length;
    }
  return FALSE;
}

static void
size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  double scale = MIN ((double) SERVER_IMAGE_KIOSK_WIDTH / width,
                      (double) SERVER_IMAGE_KIOSK_HEIGHT / height);

  /* JPEG decodes straight to the smaller size (libjpeg's scaling): far less memory. */
  if (scale < 1)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                MAX (1, (int) (height * scale + 0.5)));
}

/* Fits @pixbuf within the kiosk's size, keeping its shape. */
static GdkPixbuf *
fit_to_kiosk (GdkPixbuf *pixbuf)
{
  int    width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  double scale = MIN ((double) SERVER_IMAGE_KIOSK_WIDTH / width,
                      (double) SERVER_IMAGE_KIOSK_HEIGHT / height);

  if (scale >= 1)
    return g_object_ref (pixbuf);
  return gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)), GDK_INTERP_HYPER);
}

ServerImage *
server_image_prepare (GBytes *upload, const char *content_type, GError **error)
{
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg_magic[] = { 0xff, 0xd8, 0xff };
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GdkPixbuf) upright = NULL;
  g_autoptr (GdkPixbuf) fitted = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ServerImage) image = NULL;
  g_autofree char *buffer = NULL;
  gsize            size = 0, buffer_size = 0;
  const guint8    *data = g_bytes_get_data (upload, &size);
  gboolean         png;
  guint32          width = 0, height = 0;
  GdkPixbuf       *decoded;

  g_return_val_if_fail (upload != NULL, NULL);

  if (g_strcmp0 (content_type, "image/png") == 0)
    png = TRUE;
  else if (g_strcmp0 (content_type, "image/jpeg") == 0)
    png = FALSE;
  else
    {
      nv_set_field_error_code (error, FIELD, "unsupported-image-type",
                               "must be sent as image/png or image/jpeg, not %s",
                               content_type != NULL ? content_type : "without a type");
      return NULL;
    }
  if (png ? size < sizeof png_magic || memcmp (data, png_magic, sizeof png_magic) != 0
          : size < sizeof jpeg_magic || memcmp (data, jpeg_magic, sizeof jpeg_magic) != 0)
    {
      nv_set_field_error_code (error, FIELD, "not-an-image", "is not a %s picture",
                               png ? "PNG" : "JPEG");
      return NULL;
    }
  if (!(png ? png_size (data, size, &width, &height) : jpeg_size (data, size, &width, &height))
      || width == 0 || height == 0)
    {
      nv_set_field_error_code (error, FIELD, "not-an-image", "is damaged: its size cannot be read");
      return NULL;
    }
  if (width > SERVER_IMAGE_SIDE_MAX || height > SERVER_IMAGE_SIDE_MAX
      || (guint64) width * height > SERVER_IMAGE_PIXELS_MAX)
    {
      nv_set_field_error_code (error, FIELD, "image-too-large",
                               "is %u × %u pixels; at most %u pixels a side and %u million in "
                               "all are taken",
                               width, height, SERVER_IMAGE_SIDE_MAX,
                               SERVER_IMAGE_PIXELS_MAX / 1000000);
      return NULL;
    }

  loader = gdk_pixbuf_loader_new_with_type (png ? "png" : "jpeg", &local_error);
  if (loader == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_FAILED, "No %s decoder: %s", png ? "PNG" : "JPEG",
                   local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), NULL);
  if (!gdk_pixbuf_loader_write_bytes (loader, upload, &local_error)
      || !gdk_pixbuf_loader_close (loader, &local_error)
      || (decoded = gdk_pixbuf_loader_get_pixbuf (loader)) == NULL)
    {
      if (loader != NULL)
        gdk_pixbuf_loader_close (loader, NULL);
      nv_set_field_error_code (error, FIELD, "not-an-image", "cannot be read as a %s picture: %s",
                               png ? "PNG" : "JPEG",
                               local_error != NULL ? local_error->message : "no picture in it");
      return NULL;
    }

  /* A phone's photo is stored sideways with a note to turn it: the note is dropped. */
  upright = gdk_pixbuf_apply_embedded_orientation (decoded);
  fitted = fit_to_kiosk (upright);
  if (png ? !gdk_pixbuf_save_to_buffer (fitted, &buffer, &buffer_size, "png", &local_error,
                                        "compression", "9", NULL)
          : !gdk_pixbuf_save_to_buffer (fitted, &buffer, &buffer_size, "jpeg", &local_error,
                                        "quality", "85", NULL))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_FAILED, "Cannot encode the picture: %s",
                   local_error->message);
      return NULL;
    }
  if (buffer_size > NV_IMAGE_MAX_BYTES)
    {
      nv_set_field_error_code (error, FIELD, "image-too-large",
                               "is still %" G_GSIZE_FORMAT " KiB at the kiosk's size; at most %d "
                               "KiB are taken: save a photo as JPEG",
                               buffer_size / 1024, NV_IMAGE_MAX_BYTES / 1024);
      return NULL;
    }

  image = g_new0 (ServerImage, 1);
  image->bytes = g_bytes_new_take (g_steal_pointer (&buffer), buffer_size);
  image->name = nv_image_name_for_bytes (image->bytes, png ? "png" : "jpg");
  image->width = (guint) gdk_pixbuf_get_width (fitted);
  image->height = (guint) gdk_pixbuf_get_height (fitted);
  return g_steal_pointer (&image);
}

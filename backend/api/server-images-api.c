/* server-images-api.c — step pictures: advisors upload them, kiosks fetch them
 *
 * An upload is the picture's bytes as the body, with its Content-Type (image/png or
 * image/jpeg): the router refuses a body over the limit while it arrives, and
 * server_image_prepare () everything that is not a picture of a sensible size. What is
 * kept is the picture made kiosk-sized and stripped of its metadata, under the SHA-256
 * of those bytes, which the guide's step then names. A name always stands for the same
 * bytes, so kiosks may keep what they fetched for ever.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-common.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-images.h"

#define ADVISORS (SERVER_ROLE_ADVISOR | SERVER_ROLE_ADMIN)
#define STAFF_PREFIX "/api/v1/staff/images/"
#define KIOSK_PREFIX "/api/v1/kiosk/images/"

static void handle_upload (ServerRequest *request);
static void handle_staff_get (ServerRequest *request);
static void handle_kiosk_get (ServerRequest *request);

static const ServerRoute routes[] = {
  { "POST", "/api/v1/staff/images", handle_upload, SERVER_AUTH_STAFF, SERVER_IMAGE_UPLOAD_MAX,
    ADVISORS },
  { "GET", STAFF_PREFIX "*", handle_staff_get, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "GET", KIOSK_PREFIX "*", handle_kiosk_get, SERVER_AUTH_KIOSK, 0 },
};

const ServerRoute *
server_images_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static void
handle_upload (ServerRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (ServerImage) image = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *actor = g_strconcat ("staff:", request->staff->name, NULL);
  const char      *content_type;

  content_type = soup_message_headers_get_content_type (headers, NULL);
  body = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  if (g_bytes_get_size (body) == 0)
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "image",
                          "The body must be the picture: it is empty");
      return;
    }
  if ((image = server_image_prepare (body, content_type, &error)) == NULL
      || !server_store_put_image (request->store, image, actor, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  server_json_add_string (builder, "name", image->name);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, image->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, image->height);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) g_bytes_get_size (image->bytes));
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_CREATED, builder);
}

/* The picture named by what follows @prefix in the path. */
static void
reply_image (ServerRequest *request, const char *prefix)
{
  const char *name = request->path + strlen (prefix);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  g_autofree char    *etag = NULL;
  gconstpointer       data;
  gsize               size;

  if ((bytes = server_store_get_image (request->store, name, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  etag = g_strdup_printf ("\"%s\"", name);
  soup_message_headers_replace (headers, "ETag", etag);
  server_add_common_headers (request->msg);
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  data = g_bytes_get_data (bytes, &size);
  soup_server_message_set_response (request->msg, nv_image_content_type (name), SOUP_MEMORY_COPY,
                                    data, size);
}

static void
handle_staff_get (ServerRequest *request)
{
  reply_image (request, STAFF_PREFIX);
}

static void
handle_kiosk_get (ServerRequest *request)
{
  /* A name is its content: it never changes, so nothing needs to ask again. */
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "private, max-age=31536000, immutable");
  reply_image (request, KIOSK_PREFIX);
}

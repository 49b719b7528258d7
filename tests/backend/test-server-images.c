/* test-server-images.c — step pictures over real HTTP: an advisor uploads one, the
 * server keeps it kiosk-sized, stripped and named by its content, a guide's step names
 * it, and a kiosk fetches it; what is not a picture of a sensible size is refused with
 * the field named, and nothing is kept of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "nv-test-cli.h"
#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-images.h"
#include "server-store-private.h"

#define ADVISOR_PASSWORD "advisor-password-1"
#define SECRET_NOTE "Kuvannut Matti Meikalainen"

typedef struct
{
  NvTestHttpServer server;
  SoupSession     *session;
  NvTestStaff     *advisor;
  char            *kiosk_id;
  char            *token;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  server_store_use_cheap_password_hashing ();
  nv_test_http_server_start (&fixture->server, NULL);
  fixture->session = soup_session_new ();
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Kirjaston kioski", "564",
                                         &fixture->kiosk_id, &fixture->token, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "aino", SERVER_ROLE_ADVISOR,
                                        ADVISOR_PASSWORD, &error));
  g_assert_no_error (error);
  fixture->advisor = nv_test_staff_login (fixture->server.url, "aino", ADVISOR_PASSWORD);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->advisor, nv_test_staff_free);
  g_clear_object (&fixture->session);
  nv_test_http_server_stop (&fixture->server);
  g_free (fixture->kiosk_id);
  g_free (fixture->token);
}

/* A picture of @width × @height with a gradient, encoded as @type ("png", "jpeg"). PNGs
 * carry a text chunk naming a person, which the server must not keep. */
static GBytes *
make_picture (int width, int height, const char *type)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr (GError) error = NULL;
  g_autofree char *buffer = NULL;
  guint8          *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int              stride = gdk_pixbuf_get_rowstride (pixbuf);
  gsize            size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *pixel = pixels + y * stride + x * 3;

        pixel[0] = (guint8) (x * 255 / width);
        pixel[1] = (guint8) (y * 255 / height);
        pixel[2] = 128;
      }
  if (g_str_equal (type, "png"))
    g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, "tEXt::Author",
                                              SECRET_NOTE, NULL));
  else
    g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

/* @jpeg with an EXIF segment (APP1) after its start, as a phone writes one. */
static GBytes *
add_exif (GBytes *jpeg)
{
  static const char exif[] = "Exif\0\0" SECRET_NOTE;
  gsize             size;
  const guint8     *data = g_bytes_get_data (jpeg, &size);
  GByteArray       *out = g_byte_array_new ();
  guint8            head[4] = { 0xff, 0xe1, 0, (guint8) (sizeof exif + 2) };

  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, (const guint8 *) exif, sizeof exif);
  g_byte_array_append (out, data + 2, size - 2);
  return g_byte_array_free_to_bytes (out);
}

static gboolean
bytes_contain (GBytes *bytes, const char *needle)
{
  gsize       size;
  const char *data = g_bytes_get_data (bytes, &size);

  return memmem (data, size, needle, strlen (needle)) != NULL;
}

static JsonNode *
parse (GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  JsonNode        *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static const char *
member (JsonNode *node, const char *name)
{
  return json_object_get_string_member_with_default (json_node_get_object (node), name, NULL);
}

static gint64
count_images (Fixture *fixture)
{
  g_autoptr (sqlite3_stmt) stmt
      = server_store_prepare (fixture->server.store, "SELECT count (*) FROM images", NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The single integer @sql (binding @subject, or nothing) counts in the store. */
static gint64
count_rows (Fixture *fixture, const char *sql, const char *subject)
{
  g_autoptr (sqlite3_stmt) stmt = server_store_prepare (fixture->server.store, sql, NULL);

  g_assert_nonnull (stmt);
  if (subject != NULL)
    sqlite3_bind_text (stmt, 1, subject, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The audit rows of @action about the picture @name, by @actor, each saying its @size. */
static gint64
count_audited (
    Fixture *fixture, const char *action, const char *name, const char *actor, gint64 size)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT count (*) FROM audit_log AS a JOIN audit_details AS d ON d.audit = a.id"
      " WHERE a.action = '%s' AND a.appointment = ?1 AND a.actor = '%s'"
      " AND json_extract (d.detail, '$.size') = %" G_GINT64_FORMAT,
      action, actor, size);

  return count_rows (fixture, sql, name);
}

/* Uploads @body as @content_type; the status, and the answer through @out. */
static guint
upload (Fixture *fixture, const char *content_type, GBytes *body, JsonNode **out)
{
  g_autoptr (GBytes) answer = NULL;
  guint status = nv_test_staff_send_bytes (fixture->advisor, "POST", "/api/v1/staff/images",
                                           content_type, body, &answer, NULL);

  if (out != NULL)
    *out = parse (answer);
  return status;
}

/* As a kiosk (with @token, or none for NULL): GET @path. */
static GBytes *
kiosk_get (Fixture             *fixture,
           const char          *token,
           const char          *path,
           guint               *status,
           SoupMessageHeaders **out_headers)
{
  g_autofree char *url = g_strconcat (fixture->server.url, path + 1, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  GBytes *answer;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  answer = nv_test_http_send (fixture->session, msg, 10000);
  *status = soup_message_get_status (msg);
  if (out_headers != NULL)
    *out_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return answer;
}

static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, bytes, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* A screenshot larger than a kiosk shows: kept as a PNG that fits 1280 × 960, its shape
 * kept, under the SHA-256 of the kept bytes, without the text chunk naming a person;
 * the same upload again is the same picture. The advisor sees it back; a kiosk fetches
 * it with its token, to keep for ever, and not without. */
static void
test_upload_png (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GBytes) picture = make_picture (2000, 1000, "png");
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (GBytes) kept = NULL;
  g_autoptr (GBytes) fetched = NULL;
  g_autoptr (GBytes) refused = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (SoupMessageHeaders) headers = NULL;
  g_autofree char *staff_path = NULL;
  g_autofree char *kiosk_path = NULL;
  g_autofree char *expected_name = NULL;
  gint64           before = count_images (fixture);
  const char      *name;
  guint            status;

  g_assert_true (bytes_contain (picture, SECRET_NOTE));
  g_assert_cmpuint (upload (fixture, "image/png", picture, &answer), ==, 201);
  name = member (answer, "name");
  g_assert_true (nv_image_name_is_valid (name));
  g_assert_true (g_str_has_suffix (name, ".png"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "width"), ==, 1280);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "height"), ==, 640);
  g_assert_cmpint (count_images (fixture), ==, before + 1);

  staff_path = g_strconcat ("/api/v1/staff/images/", name, NULL);
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "GET", staff_path, NULL, &kept, NULL), ==,
                    200);
  g_assert_true (nv_image_bytes_match (name, kept));
  expected_name = nv_image_name_for_bytes (kept, "png");
  g_assert_cmpstr (expected_name, ==, name);
  g_assert_false (bytes_contain (kept, SECRET_NOTE));
  g_assert_false (bytes_contain (kept, "tEXt"));
  pixbuf = decode (kept);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1280);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 640);

  /* The same upload is the same name, kept once. */
  g_assert_cmpuint (upload (fixture, "image/png", picture, &again), ==, 201);
  g_assert_cmpstr (member (again, "name"), ==, name);
  g_assert_cmpint (count_images (fixture), ==, before + 1);

  /* Each upload is audited: who, when, the picture's name (its hash) and size; the
   * audit log holds nothing of the picture itself. */
  g_assert_cmpint (
      count_audited (fixture, "image-uploaded", name, "staff:aino",
                     json_object_get_int_member (json_node_get_object (answer), "size")),
      ==, 2);
  g_assert_cmpint (count_rows (fixture,
                               "SELECT count (*) FROM audit_log WHERE action = 'image-uploaded'"
                               " AND time >= strftime ('%Y-%m-%dT%H:%M', 'now', '-1 minute')",
                               NULL),
                   ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT max (length (detail)) FROM audit_details", NULL), <,
                   64);

  kiosk_path = g_strconcat ("/api/v1/kiosk/images/", name, NULL);
  fetched = kiosk_get (fixture, fixture->token, kiosk_path, &status, &headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_bytes_equal (fetched, kept));
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "image/png");
  g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "Cache-Control"), "immutable"));
  refused = kiosk_get (fixture, NULL, kiosk_path, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
}

/* A phone's photo stays a JPEG, smaller, without its EXIF. */
static void
test_upload_jpeg (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GBytes) plain = make_picture (3000, 4000, "jpeg");
  g_autoptr (GBytes) photo = add_exif (plain);
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (GBytes) kept = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *path = NULL;

  g_assert_true (bytes_contain (photo, SECRET_NOTE));
  g_assert_cmpuint (upload (fixture, "image/jpeg", photo, &answer), ==, 201);
  g_assert_true (g_str_has_suffix (member (answer, "name"), ".jpg"));
  path = g_strconcat ("/api/v1/staff/images/", member (answer, "name"), NULL);
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "GET", path, NULL, &kept, NULL), ==, 200);
  g_assert_false (bytes_contain (kept, SECRET_NOTE));
  g_assert_false (bytes_contain (kept, "Exif"));
  pixbuf = decode (kept);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 720);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 960);
}

/* A PNG's signature and a header that says @width × @height, and nothing after it. */
static GBytes *
png_header (guint32 width, guint32 height)
{
  guint8 data[33]
      = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

  for (guint i = 0; i < 4; i++)
    {
      data[16 + i] = (guint8) (width >> (24 - 8 * i));
      data[20 + i] = (guint8) (height >> (24 - 8 * i));
    }
  data[24] = 8;
  data[25] = 2;
  return g_bytes_new (data, sizeof data);
}

/* What is refused names the field and its reason, and leaves nothing behind. */
static void
test_refused (Fixture *fixture, gconstpointer data)
{
  struct
  {
    const char *name;
    const char *content_type;
    GBytes     *body;
    guint       status;
    const char *code;
  } cases[] = {
    { "text", "image/png", g_bytes_new_static ("hello, not a picture", 20), 422, "not-an-image" },
    { "html", "image/jpeg", g_bytes_new_static ("<html><script>", 14), 422, "not-an-image" },
    { "gif", "image/gif", g_bytes_new_static ("GIF89a\1\0\1\0\0\0\0;", 14), 422,
      "unsupported-image-type" },
    { "png-said-json", "application/json", make_picture (64, 64, "png"), 422,
      "unsupported-image-type" },
    { "no-type", NULL, make_picture (64, 64, "png"), 422, "unsupported-image-type" },
    { "jpeg-said-png", "image/png", make_picture (64, 64, "jpeg"), 422, "not-an-image" },
    { "huge-dimensions", "image/png", png_header (60000, 60000), 422, "image-too-large" },
    { "too-many-pixels", "image/png", png_header (9000, 9000), 422, "image-too-large" },
    { "truncated", "image/png", png_header (100, 100), 422, "not-an-image" },
    { "empty", "image/png", g_bytes_new_static ("", 0), 400, "malformed" },
  };
  gint64 before = count_images (fixture);
  gint64 audited = count_rows (fixture, "SELECT count (*) FROM audit_log", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) answer = NULL;
      g_autoptr (GBytes) body = cases[i].body;

      g_test_message ("%s", cases[i].name);
      g_assert_cmpuint (upload (fixture, cases[i].content_type, body, &answer), ==,
                        cases[i].status);
      g_assert_cmpstr (member (answer, "field"), ==, "image");
      g_assert_cmpstr (member (answer, "code"), ==, cases[i].code);
      g_assert_nonnull (member (answer, "error"));
    }
  g_assert_cmpint (count_images (fixture), ==, before);
  g_assert_cmpint (count_rows (fixture, "SELECT count (*) FROM audit_log", NULL), ==, audited);
}

/* A body over the limit is refused from its length before it is sent (Expect:
 * 100-continue); one sent in chunks, as it arrives (the router's, test-server-limits). */
static void
test_oversize (Fixture *fixture, gconstpointer data)
{
  gsize              size = SERVER_IMAGE_UPLOAD_MAX + 1;
  g_autofree guint8 *big = g_malloc0 (size);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (JsonNode) parsed = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char    *cookie = g_strconcat ("nv_session=", fixture->advisor->token, NULL);
  gint64              before = count_images (fixture);
  SoupMessageHeaders *headers;

  memcpy (big, "\x89PNG\r\n\x1a\n", 8);
  body = g_bytes_new_take (g_steal_pointer (&big), size);
  msg = nv_test_staff_message_ (fixture->server.url, "POST", "/api/v1/staff/images", NULL);
  soup_message_set_request_body_from_bytes (msg, "image/png", body);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Cookie", cookie);
  soup_message_headers_replace (headers, "X-CSRF-Token", fixture->advisor->csrf);
  soup_message_headers_set_expectations (headers, SOUP_EXPECTATION_CONTINUE);
  answer = nv_test_http_send (fixture->session, msg, 10000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
  parsed = parse (answer);
  g_assert_cmpstr (member (parsed, "code"), ==, "too-large");
  g_assert_cmpint (count_images (fixture), ==, before);
}

#define PICTURE_GUIDE                                                                              \
  "{\"guide\": {\"id\": \"kuva\", \"category\": \"health\", \"title\": {\"fi\": \"Kuva\"},"        \
  " \"steps\": [{\"text\": {\"fi\": \"Avaa sovellus.\"}, \"image\": \"%s\", \"image_alt\": "       \
  "{\"fi\":"                                                                                       \
  " \"Puhelin, jonka näytöllä on sovelluksen kuvake\"}}]}}"

/* A step names an uploaded picture, or the guide is refused with the step's field; a
 * published guide's picture reaches kiosks by the name in the bundle. */
static void
test_guide_names_picture (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GBytes) picture = make_picture (400, 300, "png");
  g_autoptr (JsonNode) uploaded = NULL;
  g_autoptr (JsonNode) refused = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GBytes) content = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *good = NULL;
  g_autofree char *content_text = NULL;
  guint            status;

  g_assert_cmpuint (upload (fixture, "image/png", picture, &uploaded), ==, 201);

  unknown = g_strdup_printf (
      PICTURE_GUIDE, "0000000000000000000000000000000000000000000000000000000000000000.png");
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST", "/api/v1/staff/guides/draft",
                                        unknown, &answer, NULL),
                    ==, 422);
  refused = parse (answer);
  g_assert_cmpstr (member (refused, "field"), ==, "guide.steps[0].image");
  g_assert_cmpstr (member (refused, "code"), ==, "unknown-image");

  good = g_strdup_printf (PICTURE_GUIDE, member (uploaded, "name"));
  g_assert_cmpuint (
      nv_test_staff_send (fixture->advisor, "POST", "/api/v1/staff/guides/draft", good, NULL, NULL),
      ==, 200);
  g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST", "/api/v1/staff/guides/publish",
                                        "{\"id\": \"kuva\"}", NULL, NULL),
                    ==, 200);
  content = kiosk_get (fixture, fixture->token, "/api/v1/kiosk/content", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  content_text = g_strndup (g_bytes_get_data (content, NULL), g_bytes_get_size (content));
  g_assert_nonnull (strstr (content_text, member (uploaded, "name")));
}

/* Saves a one-step guide @id as a draft, its step naming the picture @image (or none),
 * and publishes it unless @publish is FALSE. */
static void
save_guide (Fixture *fixture, const char *id, const char *image, gboolean publish)
{
  g_autofree char *picture
      = image != NULL
            ? g_strdup_printf (", \"image\": \"%s\", \"image_alt\": {\"fi\": \"Kuva\"}", image)
            : g_strdup ("");
  g_autofree char *body = g_strdup_printf (
      "{\"guide\": {\"id\": \"%s\", \"category\": \"health\", \"title\": {\"fi\": \"Kuva\"},"
      " \"steps\": [{\"text\": {\"fi\": \"Avaa sovellus.\"}%s}]}}",
      id, picture);
  g_autofree char *publish_body = g_strdup_printf ("{\"id\": \"%s\"}", id);

  g_assert_cmpuint (
      nv_test_staff_send (fixture->advisor, "POST", "/api/v1/staff/guides/draft", body, NULL, NULL),
      ==, 200);
  if (publish)
    g_assert_cmpuint (nv_test_staff_send (fixture->advisor, "POST", "/api/v1/staff/guides/publish",
                                          publish_body, NULL, NULL),
                      ==, 200);
}

/* Uploads a distinct small picture; its name and size through @out_size. */
static char *
upload_one (Fixture *fixture, int width, gint64 *out_size)
{
  g_autoptr (GBytes) picture = make_picture (width, 100, "png");
  g_autoptr (JsonNode) answer = NULL;

  g_assert_cmpuint (upload (fixture, "image/png", picture, &answer), ==, 201);
  if (out_size != NULL)
    *out_size = json_object_get_int_member (json_node_get_object (answer), "size");
  return g_strdup (member (answer, "name"));
}

/* `neuvokas-server purge` as if it were @days_on from now; its output. */
static char *
purge_later (Fixture *fixture, int days_on, const char *grace)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) later = g_date_time_add_days (now, days_on);
  g_autofree char *later_text = g_date_time_format_iso8601 (later);
  char            *out;

  g_setenv ("NEUVOKAS_NOW", later_text, TRUE);
  out = grace != NULL
            ? nv_test_cli_run (fixture->server.dir, "purge", "--picture-grace-days", grace, NULL)
            : nv_test_cli_run (fixture->server.dir, "purge", NULL);
  g_unsetenv ("NEUVOKAS_NOW");
  return out;
}

/* The daily purge removes a picture that no published guide, draft or kept version
 * names once its grace period after the upload has passed, with an audit row by the
 * command line's user; what any of them names stays, and kiosks still fetch it. */
static void
test_purge_unused (Fixture *fixture, gconstpointer data)
{
  gint64           unused_size = 0;
  g_autofree char *published = upload_one (fixture, 110, NULL);
  g_autofree char *drafted = upload_one (fixture, 120, NULL);
  g_autofree char *versioned = upload_one (fixture, 130, NULL);
  g_autofree char *unused = upload_one (fixture, 140, &unused_size);
  g_autofree char *soon = NULL;
  g_autofree char *later = NULL;
  g_autofree char *again = NULL;
  g_autofree char *actor = g_strconcat ("cli:", g_get_user_name (), NULL);
  g_autofree char *unused_path = g_strconcat ("/api/v1/kiosk/images/", unused, NULL);
  const char      *kept[] = { published, drafted, versioned };
  gint64           before = count_images (fixture);
  guint            status;

  save_guide (fixture, "kuva", published, TRUE);
  save_guide (fixture, "luonnos", drafted, FALSE);
  /* Published with the picture, then without it: only the kept version names it. */
  save_guide (fixture, "vanha", versioned, TRUE);
  save_guide (fixture, "vanha", NULL, TRUE);

  /* Within the grace period nothing goes: an advisor may still be choosing. */
  soon = purge_later (fixture, 6, NULL);
  g_assert_nonnull (strstr (soon, "Removed 0 picture(s)"));
  g_assert_cmpint (count_images (fixture), ==, before);

  later = purge_later (fixture, 8, NULL);
  g_assert_nonnull (strstr (later, "Removed 1 picture(s)"));
  g_assert_cmpint (count_images (fixture), ==, before - 1);
  g_assert_false (server_store_has_image (fixture->server.store, unused));
  g_assert_cmpint (count_audited (fixture, "image-removed", unused, actor, unused_size), ==, 1);
  g_assert_cmpint (
      count_rows (fixture, "SELECT count (*) FROM audit_log WHERE action = 'image-removed'", NULL),
      ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/kiosk/images/", kept[i], NULL);
      g_autoptr (GBytes) fetched = kiosk_get (fixture, fixture->token, path, &status, NULL);

      g_assert_true (server_store_has_image (fixture->server.store, kept[i]));
      g_assert_cmpuint (status, ==, 200);
    }
  {
    g_autoptr (GBytes) gone = kiosk_get (fixture, fixture->token, unused_path, &status, NULL);

    g_assert_cmpuint (status, ==, 404);
  }

  /* Nothing more to do; and a grace period of none removes nothing named. */
  again = purge_later (fixture, 8, "0");
  g_assert_nonnull (strstr (again, "Removed 0 picture(s)"));
  g_assert_cmpint (count_images (fixture), ==, before - 1);
}

/* A grace period out of range is refused before anything is removed. */
static void
test_purge_bad_grace (Fixture *fixture, gconstpointer data)
{
  g_autofree char *unused = upload_one (fixture, 150, NULL);
  const char      *argv[] = { g_getenv ("NEUVOKAS_SERVER"),
                              "--data-dir",
                              fixture->server.dir,
                              "purge",
                              "--picture-grace-days",
                              "-1",
                              NULL };
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;

  process = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_nonnull (strstr (err, "--picture-grace-days"));
  g_assert_true (server_store_has_image (fixture->server.store, unused));
}

/* An unknown or malformed name is not found, and never a path out of the table. */
static void
test_unknown_name (Fixture *fixture, gconstpointer data)
{
  const char *paths[] = {
    "/api/v1/kiosk/images/0000000000000000000000000000000000000000000000000000000000000000.png",
    "/api/v1/kiosk/images/omaolo-1.png",
    "/api/v1/kiosk/images/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GBytes) answer = NULL;
      guint status;

      answer = kiosk_get (fixture, fixture->token, paths[i], &status, NULL);
      g_assert_cmpuint (status, ==, 404);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-images/upload-png", test_upload_png);
  ADD ("/server-images/upload-jpeg", test_upload_jpeg);
  ADD ("/server-images/refused", test_refused);
  ADD ("/server-images/oversize", test_oversize);
  ADD ("/server-images/guide-names-picture", test_guide_names_picture);
  ADD ("/server-images/unknown-name", test_unknown_name);
  ADD ("/server-images/purge-unused", test_purge_unused);
  ADD ("/server-images/purge-bad-grace", test_purge_bad_grace);
#undef ADD
  return g_test_run ();
}

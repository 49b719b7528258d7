/* kiosk-qr-code.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include "kiosk-i18n.h"
#include <qrencode.h>
#include <string.h>

#include "kiosk-qr-code.h"
#include "nv-error.h"

#define QUIET_ZONE 4 /* modules of white around the code, as the standard asks */

/* The server's short paths (backend/api/server-public-api.c): every character of the
 * address makes the code denser and harder for an old phone to read. */
static const char *
page_path_of (const char *kind)
{
  if (g_strcmp0 (kind, "guide") == 0)
    return "g/";
  if (g_strcmp0 (kind, "organisation") == 0)
    return "p/";
  return NULL;
}

char *
kiosk_qr_url_for (const char *base_url, const char *kind, const char *id, NvLang lang)
{
  g_autofree char *escaped_id = NULL;
  const char      *path = page_path_of (kind);

  g_return_val_if_fail (id != NULL, NULL);

  if (base_url == NULL || path == NULL
      || (!g_str_has_prefix (base_url, "https://") && !g_str_has_prefix (base_url, "http://")))
    return NULL;
  escaped_id = g_uri_escape_string (id, NULL, FALSE);
  return g_strconcat (base_url, g_str_has_suffix (base_url, "/") ? "" : "/", path, escaped_id,
                      "?lang=", nv_lang_to_code (lang), NULL);
}

GdkTexture *
kiosk_qr_texture_new (const char *text, guint module_px, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  QRcode *code;
  guint8 *pixels;
  gsize   side, stride;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (module_px > 0, NULL);

  /* Error correction M: a smudged or glossy screen still scans. */
  if ((code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID, "Cannot make a QR code of this text: %s",
                   g_strerror (errno));
      return NULL;
    }
  side = ((gsize) code->width + 2 * QUIET_ZONE) * module_px;
  stride = side * 3;
  pixels = g_malloc (stride * side);
  memset (pixels, 0xff, stride * side);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      {
        /* Bit 0 of each byte is the module's colour: 1 is dark. */
        if ((code->data[y * code->width + x] & 1) == 0)
          continue;
        for (guint dy = 0; dy < module_px; dy++)
          memset (pixels + ((y + QUIET_ZONE) * module_px + dy) * stride
                      + (x + QUIET_ZONE) * module_px * 3,
                  0, module_px * 3);
      }
  QRcode_free (code);
  bytes = g_bytes_new_take (pixels, stride * side);
  return gdk_memory_texture_new ((int) side, (int) side, GDK_MEMORY_R8G8B8, bytes, stride);
}

struct _KioskQrCode
{
  GtkBox parent_instance;

  GtkPicture *picture;
  GtkLabel   *caption;
  char       *url;
  /* What it shows, so that a language switch can show the page in that language */
  char *base_url;
  char *kind;
  char *id;
};

G_DEFINE_FINAL_TYPE (KioskQrCode, kiosk_qr_code, GTK_TYPE_BOX)

static void
show_url (KioskQrCode *self, NvLang lang)
{
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;

  g_free (self->url);
  self->url
      = self->id != NULL ? kiosk_qr_url_for (self->base_url, self->kind, self->id, lang) : NULL;
  if (self->url != NULL && (texture = kiosk_qr_texture_new (self->url, 6, &error)) == NULL)
    g_warning ("%s", error->message);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self), texture != NULL);
}

void
kiosk_qr_code_show (
    KioskQrCode *self, const char *base_url, const char *kind, const char *id, NvLang lang)
{
  g_return_if_fail (KIOSK_IS_QR_CODE (self));
  g_return_if_fail (kind != NULL && id != NULL);

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_free (self->id);
  self->id = g_strdup (id);
  show_url (self, lang);
}

void
kiosk_qr_code_retranslate (KioskQrCode *self, NvLang lang)
{
  g_return_if_fail (KIOSK_IS_QR_CODE (self));

  if (self->id != NULL)
    show_url (self, lang);

  gtk_label_set_text (self->caption, _ ("Take this page home: point your phone’s camera "
                                        "at the code."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("QR code of this page’s address"), -1);
}

const char *
kiosk_qr_code_get_url (KioskQrCode *self)
{
  g_return_val_if_fail (KIOSK_IS_QR_CODE (self), NULL);
  return self->url;
}

static void
kiosk_qr_code_finalize (GObject *object)
{
  KioskQrCode *self = KIOSK_QR_CODE (object);

  g_free (self->url);
  g_free (self->base_url);
  g_free (self->kind);
  g_free (self->id);
  G_OBJECT_CLASS (kiosk_qr_code_parent_class)->finalize (object);
}

static void
kiosk_qr_code_class_init (KioskQrCodeClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kiosk_qr_code_finalize;
  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_qr_code_init (KioskQrCode *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
  self->picture = GTK_PICTURE (gtk_picture_new ());
  /* Large enough for an old phone camera at arm's length; never scaled blurry. */
  gtk_widget_set_size_request (GTK_WIDGET (self->picture), 220, 220);
  gtk_picture_set_can_shrink (self->picture, FALSE);
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_valign (GTK_WIDGET (self->picture), GTK_ALIGN_CENTER);
  self->caption = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->caption, TRUE);
  gtk_label_set_xalign (self->caption, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->caption), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->caption), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->picture));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->caption));
  kiosk_qr_code_retranslate (self, NV_LANG_DEFAULT);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kiosk_qr_code_new (void)
{
  return g_object_new (KIOSK_TYPE_QR_CODE, NULL);
}

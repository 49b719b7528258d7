/* kiosk-qr-code.h — "take it home": a QR code of a page's address, drawn with libqrencode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "nv-text.h"

G_BEGIN_DECLS

/* The server's public page of @kind ("guide": BASE/g/ID, "organisation": BASE/p/ID)
 * in @lang (?lang=fi), below @base_url (GSettings qr-base-url, else the server-url:
 * docs/deployment.md). NULL when @base_url is NULL, empty or not an http(s) address,
 * or @kind is neither: no QR codes then. */
char *kiosk_qr_url_for (const char *base_url, const char *kind, const char *id, NvLang lang);

/* Black modules on white, @module_px pixels each, with the standard quiet zone of four
 * modules. NULL with @error when @text cannot be encoded. */
GdkTexture *kiosk_qr_texture_new (const char *text, guint module_px, GError **error);

#define KIOSK_TYPE_QR_CODE (kiosk_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (KioskQrCode, kiosk_qr_code, KIOSK, QR_CODE, GtkBox)

GtkWidget *kiosk_qr_code_new (void);
/* Shows a code for the public page of @kind and @id (kiosk_qr_url_for) with a caption;
 * hides the widget when there is no address. */
void kiosk_qr_code_show (
    KioskQrCode *self, const char *base_url, const char *kind, const char *id, NvLang lang);
const char *kiosk_qr_code_get_url (KioskQrCode *self);
/* Its caption again, and the page it shows, in @lang: the language now chosen. */
void kiosk_qr_code_retranslate (KioskQrCode *self, NvLang lang);

G_END_DECLS

/* kiosk-qr-code.h — "take it home": a QR code of a page's address, drawn with libqrencode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The address for @kind ("guide", "organisation") and @id from the deployment's pattern
 * (GSettings qr-url-pattern, with {kind} and {id}); NULL when the pattern is empty or
 * names no {id}: no QR codes then. */
char *kiosk_qr_url_for (const char *pattern, const char *kind, const char *id);

/* Black modules on white, @module_px pixels each, with the standard quiet zone of four
 * modules. NULL with @error when @text cannot be encoded. */
GdkTexture *kiosk_qr_texture_new (const char *text, guint module_px, GError **error);

#define KIOSK_TYPE_QR_CODE (kiosk_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (KioskQrCode, kiosk_qr_code, KIOSK, QR_CODE, GtkBox)

GtkWidget *kiosk_qr_code_new (void);
/* Shows a code for @url with a caption; hides the widget for NULL. */
void        kiosk_qr_code_set_url (KioskQrCode *self, const char *url);
const char *kiosk_qr_code_get_url (KioskQrCode *self);
/* Its caption again, in the language now chosen. */
void kiosk_qr_code_retranslate (KioskQrCode *self);

G_END_DECLS

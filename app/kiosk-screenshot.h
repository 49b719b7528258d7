/* kiosk-screenshot.h — saving what a widget shows to a PNG file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Saves @widget as drawn now. It must be mapped and have been laid out. */
gboolean kiosk_screenshot_save (GtkWidget *widget, const char *path, GError **error);
/* Waits for the next drawn frame, then saves it. */
void     kiosk_screenshot_save_async (GtkWidget          *widget,
                                      const char         *path,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean kiosk_screenshot_save_finish (GAsyncResult *result, GError **error);

G_END_DECLS

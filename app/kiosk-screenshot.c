/* kiosk-screenshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-screenshot.h"
#include "nv-error.h"

gboolean
kiosk_screenshot_save (GtkWidget *widget, const char *path, GError **error)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer;
  GtkNative   *native;
  int          width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  native = gtk_widget_get_native (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (native == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_FAILED, "The window is not shown yet");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_FAILED, "The window drew nothing");
      return FALSE;
    }
  renderer = gtk_native_get_renderer (native);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "Cannot write %s", path);
      return FALSE;
    }
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock, GTask *task)
{
  GtkWidget  *widget = g_task_get_source_object (task);
  const char *path = g_task_get_task_data (task);
  GError     *error = NULL;

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, task);
  if (kiosk_screenshot_save (widget, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
wait_for_frame_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  GTask *task = user_data;

  /* Laid out and drawn once: save after the next paint. */
  if (gtk_widget_get_width (widget) <= 0)
    return G_SOURCE_CONTINUE;
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), task);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

void
kiosk_screenshot_save_async (GtkWidget          *widget,
                             const char         *path,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (path != NULL);

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_task_data (task, g_strdup (path), g_free);
  gtk_widget_add_tick_callback (widget, wait_for_frame_cb, task, NULL);
}

gboolean
kiosk_screenshot_save_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

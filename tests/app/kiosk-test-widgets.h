/* kiosk-test-widgets.h — what a kiosk window shows, found as a resident sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

/* Whether @widget, or a widget inside it, is a label showing exactly @text, in sight
 * (mapped: not on a hidden page of a stack). */
static inline gboolean
kiosk_test_shows_label (GtkWidget *widget, const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (kiosk_test_shows_label (child, text))
      return TRUE;
  return FALSE;
}

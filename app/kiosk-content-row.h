/* kiosk-content-row.h — one row of a content list (a category, a guide): a title and a
 * summary, opening the item when touched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* @subtitle may be NULL or ""; without @action the row does nothing. @target is the
 * action's string parameter. */
GtkWidget *kiosk_content_row_new (const char *title,
                                  const char *subtitle,
                                  const char *action,
                                  const char *target);
/* Removes every row of @list (GTK 4.8 has no gtk_list_box_remove_all). */
void kiosk_content_rows_clear (GtkListBox *list);

G_END_DECLS

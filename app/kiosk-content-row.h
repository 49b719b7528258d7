/* kiosk-content-row.h — one row of a content list (a category, a guide): a title and a
 * summary, opening the item when touched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "nv-text.h"

G_BEGIN_DECLS

/* @title and @summary in @lang (Finnish where missing; an empty summary is left out).
 * Touching the row activates @action with @target as its string parameter. */
GtkWidget *kiosk_content_row_new (const NvText *title,
                                  const NvText *summary,
                                  NvLang        lang,
                                  const char   *action,
                                  const char   *target);
/* Removes every row of @list (GTK 4.8 has no gtk_list_box_remove_all). */
void kiosk_content_rows_clear (GtkListBox *list);

G_END_DECLS

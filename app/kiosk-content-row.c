/* kiosk-content-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-content-row.h"

GtkWidget *
kiosk_content_row_new (const NvText *title_text,
                       const NvText *summary,
                       NvLang        lang,
                       const char   *action,
                       const char   *target)
{
  const char *title;
  const char *subtitle;
  GtkWidget  *row;
  GtkWidget  *box;
  GtkWidget  *title_label;

  g_return_val_if_fail (title_text != NULL && summary != NULL, NULL);
  g_return_val_if_fail (action != NULL && target != NULL, NULL);

  title = nv_text_get (title_text, lang, NULL);
  subtitle = nv_text_get (summary, lang, NULL);

  row = gtk_list_box_row_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  title_label = gtk_label_new (title);
  /* Content is plain text: never markup. */
  gtk_label_set_use_markup (GTK_LABEL (title_label), FALSE);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "row-title");
  gtk_box_append (GTK_BOX (box), title_label);
  if (subtitle != NULL && subtitle[0] != '\0')
    {
      GtkWidget *subtitle_label = gtk_label_new (subtitle);

      gtk_label_set_wrap (GTK_LABEL (subtitle_label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
      gtk_widget_add_css_class (subtitle_label, "row-subtitle");
      gtk_box_append (GTK_BOX (box), subtitle_label);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_add_css_class (row, "content-row");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (action != NULL)
    {
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (target));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

void
kiosk_content_rows_clear (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

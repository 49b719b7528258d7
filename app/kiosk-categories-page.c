/* kiosk-categories-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-categories-page.h"
#include "kiosk-content-row.h"

struct _KioskCategoriesPage
{
  KioskScreen parent_instance;

  GtkListBox *category_list;
};

G_DEFINE_FINAL_TYPE (KioskCategoriesPage, kiosk_categories_page, KIOSK_TYPE_SCREEN)

static void
kiosk_categories_page_refresh (KioskScreen *screen)
{
  KioskCategoriesPage *self = KIOSK_CATEGORIES_PAGE (screen);
  KioskStore          *store = kiosk_screen_get_store (screen);
  NvLang               lang = kiosk_screen_get_language (screen);
  g_autoptr (GPtrArray) categories = NULL;

  kiosk_content_rows_clear (self->category_list);
  if (store == NULL)
    return;
  categories = kiosk_store_list_categories (store);
  for (guint i = 0; i < categories->len; i++)
    {
      const NvCategory *category = g_ptr_array_index (categories, i);

      gtk_list_box_append (self->category_list,
                           kiosk_content_row_new (&category->title, &category->summary, lang,
                                                  "win.open-category", category->id));
    }
}

static void
kiosk_categories_page_class_init (KioskCategoriesPageClass *klass)
{
  KIOSK_SCREEN_CLASS (klass)->refresh = kiosk_categories_page_refresh;
  kiosk_screen_class_set_template (KIOSK_SCREEN_CLASS (klass),
                                   "/fi/neuvokas/Kiosk/kiosk-categories-page.ui");
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), KioskCategoriesPage,
                                        category_list);
}

static void
kiosk_categories_page_init (KioskCategoriesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_categories_page_new (void)
{
  return g_object_new (KIOSK_TYPE_CATEGORIES_PAGE, NULL);
}

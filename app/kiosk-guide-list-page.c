/* kiosk-guide-list-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-content-row.h"
#include "kiosk-guide-list-page.h"

struct _KioskGuideListPage
{
  KioskScreen parent_instance;

  GtkLabel   *guides_title;
  GtkListBox *guide_list;
  char       *category; /* NULL: nothing shown */
};

G_DEFINE_FINAL_TYPE (KioskGuideListPage, kiosk_guide_list_page, KIOSK_TYPE_SCREEN)

static void
kiosk_guide_list_page_refresh (KioskScreen *screen)
{
  KioskGuideListPage *self = KIOSK_GUIDE_LIST_PAGE (screen);
  KioskStore         *store = kiosk_screen_get_store (screen);
  NvLang              lang = kiosk_screen_get_language (screen);
  g_autoptr (GPtrArray) guides = NULL;
  g_autoptr (NvCategory) category = NULL;

  if (store == NULL || self->category == NULL)
    return;
  guides = kiosk_store_list_guides (store, self->category, lang);
  category = kiosk_store_get_category (store, self->category);
  gtk_label_set_text (self->guides_title,
                      category != NULL ? nv_text_get (&category->title, lang, NULL) : _ ("Guides"));
  kiosk_content_rows_clear (self->guide_list);
  for (guint i = 0; i < guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (guides, i);

      gtk_list_box_append (self->guide_list,
                           kiosk_content_row_new (&guide->title, &guide->summary, lang,
                                                  "win.open-guide", guide->id));
    }
}

static void
kiosk_guide_list_page_finalize (GObject *object)
{
  KioskGuideListPage *self = (KioskGuideListPage *) object;

  g_clear_pointer (&self->category, g_free);
  G_OBJECT_CLASS (kiosk_guide_list_page_parent_class)->finalize (object);
}

static void
kiosk_guide_list_page_class_init (KioskGuideListPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = kiosk_guide_list_page_finalize;
  KIOSK_SCREEN_CLASS (klass)->refresh = kiosk_guide_list_page_refresh;
  kiosk_screen_class_set_template (KIOSK_SCREEN_CLASS (klass),
                                   "/fi/neuvokas/Kiosk/kiosk-guide-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskGuideListPage, guides_title);
  gtk_widget_class_bind_template_child (widget_class, KioskGuideListPage, guide_list);
}

static void
kiosk_guide_list_page_init (KioskGuideListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_guide_list_page_new (void)
{
  return g_object_new (KIOSK_TYPE_GUIDE_LIST_PAGE, NULL);
}

void
kiosk_guide_list_page_set_category (KioskGuideListPage *self, const char *category)
{
  g_return_if_fail (KIOSK_IS_GUIDE_LIST_PAGE (self));

  g_free (self->category);
  self->category = g_strdup (category);
  kiosk_screen_refresh (KIOSK_SCREEN (self));
}

const char *
kiosk_guide_list_page_get_category (KioskGuideListPage *self)
{
  g_return_val_if_fail (KIOSK_IS_GUIDE_LIST_PAGE (self), NULL);
  return self->category;
}

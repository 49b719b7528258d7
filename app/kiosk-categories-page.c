/* kiosk-categories-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-categories-page.h"
#include "kiosk-content-row.h"
#include "kiosk-retranslate.h"

#define CATEGORIES_PAGE_UI "/fi/neuvokas/Kiosk/kiosk-categories-page.ui"

struct _KioskCategoriesPage
{
  AdwBin parent_instance;

  GtkListBox *category_list;
  KioskStore *store; /* NULL until set: an empty list */
  NvLang      language;
};

enum
{
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskCategoriesPage, kiosk_categories_page, ADW_TYPE_BIN)

static void
kiosk_categories_page_dispose (GObject *object)
{
  KioskCategoriesPage *self = (KioskCategoriesPage *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_CATEGORIES_PAGE);
  G_OBJECT_CLASS (kiosk_categories_page_parent_class)->dispose (object);
}

static void
kiosk_categories_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KioskCategoriesPage *self = KIOSK_CATEGORIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_int (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_categories_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KioskCategoriesPage *self = KIOSK_CATEGORIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      kiosk_categories_page_set_language (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_categories_page_class_init (KioskCategoriesPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_categories_page_dispose;
  object_class->get_property = kiosk_categories_page_get_property;
  object_class->set_property = kiosk_categories_page_set_property;
  properties[PROP_LANGUAGE] = kiosk_retranslate_language_param ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, CATEGORIES_PAGE_UI);
  gtk_widget_class_bind_template_child (widget_class, KioskCategoriesPage, category_list);
  kiosk_retranslate_bind (widget_class, CATEGORIES_PAGE_UI);
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

void
kiosk_categories_page_set_store (KioskCategoriesPage *self, KioskStore *store)
{
  g_return_if_fail (KIOSK_IS_CATEGORIES_PAGE (self));
  g_return_if_fail (store == NULL || KIOSK_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  /* New content shows in place. */
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (kiosk_categories_page_refresh), self,
                             G_CONNECT_SWAPPED);
  kiosk_categories_page_refresh (self);
}

void
kiosk_categories_page_set_language (KioskCategoriesPage *self, NvLang language)
{
  g_return_if_fail (KIOSK_IS_CATEGORIES_PAGE (self));

  if (!kiosk_retranslate_switch (GTK_WIDGET (self), KIOSK_TYPE_CATEGORIES_PAGE, CATEGORIES_PAGE_UI,
                                 &self->language, language))
    return;
  kiosk_categories_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

void
kiosk_categories_page_refresh (KioskCategoriesPage *self)
{
  g_autoptr (GPtrArray) categories = NULL;

  g_return_if_fail (KIOSK_IS_CATEGORIES_PAGE (self));

  kiosk_content_rows_clear (self->category_list);
  if (self->store == NULL)
    return;
  categories = kiosk_store_list_categories (self->store);
  for (guint i = 0; i < categories->len; i++)
    {
      const NvCategory *category = g_ptr_array_index (categories, i);

      gtk_list_box_append (
          self->category_list,
          kiosk_content_row_new (nv_text_get (&category->title, self->language, NULL),
                                 nv_text_get (&category->summary, self->language, NULL),
                                 "win.open-category", category->id));
    }
}

/* kiosk-guide-list-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-content-row.h"
#include "kiosk-guide-list-page.h"
#include "kiosk-retranslate.h"

struct _KioskGuideListPage
{
  AdwBin parent_instance;

  GtkLabel   *guides_title;
  GtkListBox *guide_list;
  KioskStore *store;    /* NULL until set: an empty list */
  char       *category; /* NULL: nothing shown */
  NvLang      language;
};

enum
{
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskGuideListPage, kiosk_guide_list_page, ADW_TYPE_BIN)

static void
refresh (KioskGuideListPage *self)
{
  g_autoptr (GPtrArray) guides = NULL;
  g_autoptr (NvCategory) category = NULL;

  if (self->store == NULL || self->category == NULL)
    return;
  guides = kiosk_store_list_guides (self->store, self->category, self->language);
  category = kiosk_store_get_category (self->store, self->category);
  gtk_label_set_text (self->guides_title, category != NULL
                                              ? nv_text_get (&category->title, self->language, NULL)
                                              : _ ("Guides"));
  kiosk_content_rows_clear (self->guide_list);
  for (guint i = 0; i < guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (guides, i);

      gtk_list_box_append (
          self->guide_list,
          kiosk_content_row_new (nv_text_get (&guide->title, self->language, NULL),
                                 nv_text_get (&guide->summary, self->language, NULL),
                                 "win.open-guide", guide->id));
    }
}

static void
kiosk_guide_list_page_dispose (GObject *object)
{
  KioskGuideListPage *self = (KioskGuideListPage *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->category, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_GUIDE_LIST_PAGE);
  G_OBJECT_CLASS (kiosk_guide_list_page_parent_class)->dispose (object);
}

static void
kiosk_guide_list_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KioskGuideListPage *self = KIOSK_GUIDE_LIST_PAGE (object);

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
kiosk_guide_list_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KioskGuideListPage *self = KIOSK_GUIDE_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      kiosk_guide_list_page_set_language (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_guide_list_page_class_init (KioskGuideListPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_guide_list_page_dispose;
  object_class->get_property = kiosk_guide_list_page_get_property;
  object_class->set_property = kiosk_guide_list_page_set_property;
  properties[PROP_LANGUAGE] = kiosk_retranslate_language_param ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
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
kiosk_guide_list_page_set_store (KioskGuideListPage *self, KioskStore *store)
{
  g_return_if_fail (KIOSK_IS_GUIDE_LIST_PAGE (self));
  g_return_if_fail (store == NULL || KIOSK_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  /* New content shows in place. */
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
}

void
kiosk_guide_list_page_set_language (KioskGuideListPage *self, NvLang language)
{
  g_return_if_fail (KIOSK_IS_GUIDE_LIST_PAGE (self));

  /* No translatable text of its own: the title is the category's. */
  if (!kiosk_retranslate_switch (GTK_WIDGET (self), KIOSK_TYPE_GUIDE_LIST_PAGE, NULL,
                                 &self->language, language))
    return;
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

void
kiosk_guide_list_page_set_category (KioskGuideListPage *self, const char *category)
{
  g_return_if_fail (KIOSK_IS_GUIDE_LIST_PAGE (self));

  g_free (self->category);
  self->category = g_strdup (category);
  refresh (self);
}

const char *
kiosk_guide_list_page_get_category (KioskGuideListPage *self)
{
  g_return_val_if_fail (KIOSK_IS_GUIDE_LIST_PAGE (self), NULL);
  return self->category;
}

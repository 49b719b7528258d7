/* kiosk-screen.c
 *
 * A resident may switch language in the middle of a visit. GtkBuilder translates a
 * template once, when it is built; every screen derived from this one is translated
 * again through the one mechanism, kiosk_retranslate_template (), whenever its
 * "language" (bound to the visit's) changes, and then shows its content again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-retranslate.h"
#include "kiosk-screen.h"

typedef struct
{
  NvLang      language;
  gboolean    translated; /* the template's words set in "language" once */
  KioskStore *store;
} KioskScreenPrivate;

enum
{
  PROP_0,
  PROP_LANGUAGE,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KioskScreen, kiosk_screen, ADW_TYPE_BIN)

static void
kiosk_screen_dispose (GObject *object)
{
  KioskScreen        *self = KIOSK_SCREEN (object);
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);

  if (priv->store != NULL)
    g_signal_handlers_disconnect_by_data (priv->store, self);
  g_clear_object (&priv->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));
  G_OBJECT_CLASS (kiosk_screen_parent_class)->dispose (object);
}

static void
kiosk_screen_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskScreen *self = KIOSK_SCREEN (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_int (value, kiosk_screen_get_language (self));
      break;
    case PROP_STORE:
      g_value_set_object (value, kiosk_screen_get_store (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_screen_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskScreen *self = KIOSK_SCREEN (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      kiosk_screen_set_language (self, g_value_get_int (value));
      break;
    case PROP_STORE:
      kiosk_screen_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_screen_class_init (KioskScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_screen_dispose;
  object_class->get_property = kiosk_screen_get_property;
  object_class->set_property = kiosk_screen_set_property;

  properties[PROP_LANGUAGE] = kiosk_retranslate_language_param ();
  properties[PROP_STORE]
      = g_param_spec_object ("store", NULL, NULL, KIOSK_TYPE_STORE,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_screen_init (KioskScreen *self)
{
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);

  priv->language = NV_LANG_DEFAULT;
}

void
kiosk_screen_class_set_template (KioskScreenClass *klass, const char *resource_path)
{
  g_return_if_fail (KIOSK_IS_SCREEN_CLASS (klass));
  g_return_if_fail (resource_path != NULL);

  klass->template_path = resource_path;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), resource_path);
  kiosk_retranslate_bind (GTK_WIDGET_CLASS (klass), resource_path);
}

NvLang
kiosk_screen_get_language (KioskScreen *self)
{
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_SCREEN (self), NV_LANG_DEFAULT);
  return priv->language;
}

void
kiosk_screen_set_language (KioskScreen *self, NvLang language)
{
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);
  KioskScreenClass   *klass;

  g_return_if_fail (KIOSK_IS_SCREEN (self));
  g_return_if_fail (language < NV_N_LANGS);

  klass = KIOSK_SCREEN_GET_CLASS (self);
  /* GtkBuilder translated the template in the process's locale, not the visit's
   * language (kiosk-language.h): its words are set once when the language is first
   * given, and again on each switch. */
  if (priv->language == language)
    {
      if (!priv->translated && klass->template_path != NULL)
        kiosk_retranslate_template (GTK_WIDGET (self), G_OBJECT_TYPE (self), klass->template_path);
      priv->translated = TRUE;
      return;
    }
  priv->language = language;
  priv->translated = TRUE;
  if (klass->template_path != NULL)
    kiosk_retranslate_template (GTK_WIDGET (self), G_OBJECT_TYPE (self), klass->template_path);
  if (klass->language_changed != NULL)
    klass->language_changed (self);
  kiosk_screen_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

KioskStore *
kiosk_screen_get_store (KioskScreen *self)
{
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_SCREEN (self), NULL);
  return priv->store;
}

void
kiosk_screen_set_store (KioskScreen *self, KioskStore *store)
{
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_SCREEN (self));
  g_return_if_fail (store == NULL || KIOSK_IS_STORE (store));

  if (priv->store == store)
    return;
  if (priv->store != NULL)
    g_signal_handlers_disconnect_by_data (priv->store, self);
  g_set_object (&priv->store, store);
  /* New content shows in place. */
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (kiosk_screen_refresh), self,
                             G_CONNECT_SWAPPED);
  kiosk_screen_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
kiosk_screen_refresh (KioskScreen *self)
{
  KioskScreenClass *klass;

  g_return_if_fail (KIOSK_IS_SCREEN (self));

  klass = KIOSK_SCREEN_GET_CLASS (self);
  if (klass->refresh != NULL)
    klass->refresh (self);
}

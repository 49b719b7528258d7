/* kiosk-retranslate.c
 *
 * The template's own XML says which properties are translatable and their source
 * text; each is looked up again in the kiosk's language (kiosk-language.h) and set on the
 * object found by its id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-retranslate.h"

typedef struct
{
  char    *object_id; /* NULL: the object has no id */
  char    *property;
  char    *msgid;
  char    *context;    /* may be NULL */
  gboolean accessible; /* an <accessibility> property: label or description */
} Translatable;

static void
translatable_free (Translatable *item)
{
  g_free (item->object_id);
  g_free (item->property);
  g_free (item->msgid);
  g_free (item->context);
  g_free (item);
}

typedef struct
{
  GPtrArray    *items;      /* Translatable* */
  GPtrArray    *object_ids; /* the open <object>s' ids (NULL entries for none) */
  Translatable *current;    /* inside a translatable <property> */
  GString      *text;
  guint         in_accessibility;
} ParseState;

static void
start_element (GMarkupParseContext *context,
               const char          *element,
               const char         **names,
               const char         **values,
               gpointer             user_data,
               GError             **error)
{
  ParseState *state = user_data;

  if (g_str_equal (element, "object") || g_str_equal (element, "template"))
    {
      const char *id = NULL;

      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "id"))
          id = values[i];
      /* The template itself is reached as the widget, not by id. */
      g_ptr_array_add (state->object_ids,
                       g_str_equal (element, "template") ? g_strdup ("") : g_strdup (id));
    }
  else if (g_str_equal (element, "accessibility"))
    state->in_accessibility++;
  else if (g_str_equal (element, "property") && state->object_ids->len > 0)
    {
      const char *name = NULL, *translatable = NULL, *msg_context = NULL;

      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "name"))
          name = values[i];
        else if (g_str_equal (names[i], "translatable"))
          translatable = values[i];
        else if (g_str_equal (names[i], "context"))
          msg_context = values[i];
      if (name != NULL && translatable != NULL
          && (g_str_equal (translatable, "yes") || g_str_equal (translatable, "true")))
        {
          state->current = g_new0 (Translatable, 1);
          state->current->object_id
              = g_strdup (g_ptr_array_index (state->object_ids, state->object_ids->len - 1));
          state->current->property = g_strdup (name);
          state->current->context = g_strdup (msg_context);
          state->current->accessible = state->in_accessibility > 0;
          g_string_truncate (state->text, 0);
        }
    }
}

static void
end_element (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  ParseState *state = user_data;

  if (g_str_equal (element, "object") || g_str_equal (element, "template"))
    g_ptr_array_set_size (state->object_ids, state->object_ids->len - 1);
  else if (g_str_equal (element, "accessibility"))
    state->in_accessibility--;
  else if (g_str_equal (element, "property") && state->current != NULL)
    {
      state->current->msgid = g_strdup (state->text->str);
      g_ptr_array_add (state->items, g_steal_pointer (&state->current));
    }
}

static void
text (GMarkupParseContext *context,
      const char          *text,
      gsize                length,
      gpointer             user_data,
      GError             **error)
{
  ParseState *state = user_data;

  if (state->current != NULL)
    g_string_append_len (state->text, text, length);
}

/* Parsed once per resource, then kept for the life of the process. */
static GPtrArray *
translatables_for (const char *resource_path)
{
  static GHashTable         *cache;
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError) error = NULL;
  ParseState  state = { 0 };
  gsize       size;
  const char *data;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  if ((state.items = g_hash_table_lookup (cache, resource_path)) != NULL)
    return state.items;

  state.items = g_ptr_array_new_with_free_func ((GDestroyNotify) translatable_free);
  state.object_ids = g_ptr_array_new_with_free_func (g_free);
  state.text = g_string_new (NULL);
  bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_critical ("Cannot read %s: %s", resource_path, error->message);
  else
    {
      data = g_bytes_get_data (bytes, &size);
      context = g_markup_parse_context_new (&parser, 0, &state, NULL);
      if (!g_markup_parse_context_parse (context, data, (gssize) size, &error)
          || !g_markup_parse_context_end_parse (context, &error))
        g_critical ("Cannot parse %s: %s", resource_path, error->message);
    }
  g_clear_pointer (&state.current, translatable_free);
  g_ptr_array_unref (state.object_ids);
  g_string_free (state.text, TRUE);
  g_hash_table_insert (cache, g_strdup (resource_path), state.items);
  return state.items;
}

/* GTK builds a text field's menu (Cut, Copy, Paste…) in its own words at the first
 * long press and keeps it: drop it, so that the next one is built in the language now
 * chosen (kiosk-toolkit-gettext.c). A new extra menu makes GTK let the old one go. */
static void
forget_toolkit_menus (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget))
    {
      g_autoptr (GMenuModel) extra = NULL;
      g_autoptr (GMenu) empty = g_menu_new ();

      g_set_object (&extra, gtk_text_get_extra_menu (GTK_TEXT (widget)));
      gtk_text_set_extra_menu (GTK_TEXT (widget), G_MENU_MODEL (empty));
      gtk_text_set_extra_menu (GTK_TEXT (widget), extra);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    forget_toolkit_menus (child);
}

guint
kiosk_retranslate_template (GtkWidget *widget, GType template_type, const char *resource_path)
{
  GPtrArray *items;
  guint      n = 0;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);
  g_return_val_if_fail (resource_path != NULL, 0);

  items = translatables_for (resource_path);
  for (guint i = 0; i < items->len; i++)
    {
      const Translatable *item = g_ptr_array_index (items, i);
      GObject            *object;
      const char         *translated;

      if (item->object_id == NULL)
        continue;
      object = item->object_id[0] == '\0'
                   ? G_OBJECT (widget)
                   : gtk_widget_get_template_child (widget, template_type, item->object_id);
      if (object == NULL)
        {
          g_critical ("%s: “%s” is not bound: name it tr-… or bind it", resource_path,
                      item->object_id);
          continue;
        }
      translated = item->context != NULL ? kiosk_language_pgettext (item->context, item->msgid)
                                         : kiosk_language_gettext (item->msgid);
      if (item->accessible && g_str_equal (item->property, "label"))
        gtk_accessible_update_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        translated, -1);
      else if (item->accessible && g_str_equal (item->property, "description"))
        gtk_accessible_update_property (GTK_ACCESSIBLE (object),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, translated, -1);
      else if (!item->accessible)
        g_object_set (object, item->property, translated, NULL);
      else
        continue;
      n++;
    }
  forget_toolkit_menus (widget);
  return n;
}

guint
kiosk_retranslate_count_unreachable (const char *resource_path)
{
  GPtrArray *items = translatables_for (resource_path);
  guint      n = 0;

  for (guint i = 0; i < items->len; i++)
    if (((Translatable *) g_ptr_array_index (items, i))->object_id == NULL)
      n++;
  return n;
}

void
kiosk_retranslate_bind (GtkWidgetClass *widget_class, const char *resource_path)
{
  GPtrArray *items = translatables_for (resource_path);
  g_autoptr (GHashTable) bound = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      const Translatable *item = g_ptr_array_index (items, i);

      if (item->object_id != NULL && g_str_has_prefix (item->object_id, "tr-")
          && g_hash_table_add (bound, item->object_id))
        gtk_widget_class_bind_template_child_full (widget_class, item->object_id, FALSE, 0);
    }
}

GParamSpec *
kiosk_retranslate_language_param (void)
{
  return g_param_spec_int ("language", NULL, NULL, 0, NV_N_LANGS - 1, NV_LANG_DEFAULT,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

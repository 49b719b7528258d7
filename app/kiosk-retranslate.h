/* kiosk-retranslate.h — a composite template's texts again, in the language now chosen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "nv-text.h"

G_BEGIN_DECLS

/* Sets every translatable property of @widget's template (the GtkBuilder file at
 * @resource_path, the template of @template_type) to its translation in the current
 * gettext language. GtkBuilder translates only once, when the template is built; a
 * kiosk switches language in the middle of a visit. Returns how many translatable
 * properties were set. */
guint
kiosk_retranslate_template (GtkWidget *widget, GType template_type, const char *resource_path);

/* Binds the template's objects whose id starts with "tr-" (objects named only so that
 * their texts can be translated again), after the class's own bindings. */
void kiosk_retranslate_bind (GtkWidgetClass *widget_class, const char *resource_path);

/* Translatable properties in @resource_path that belong to an object without an id,
 * which therefore cannot be translated again (a test keeps this at 0). */
guint kiosk_retranslate_count_unreachable (const char *resource_path);

/* The int "language" property (an NvLang) of whatever follows the visit's language
 * by a binding (kiosk-screen.c, the language chooser, the status page). */
GParamSpec *kiosk_retranslate_language_param (void);

G_END_DECLS

/* kiosk-window.c
 *
 * The shell: the bar, the navigation between screens, and the resident's visit. The
 * screens are pages of their own (kiosk-*-page.c); what the buttons do is in
 * kiosk-window-actions.c. The screens and the bar bind to the visit (KioskVisit): its
 * language, display and countdown are never pushed into them by hand.
 *
 * Screens are pages of one GtkStack with a back stack of our own: libadwaita 1.2 has
 * no navigation view, and the kiosk needs Back to mean "the screen I came from" on
 * every screen, in the same place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-retranslate.h"
#include "kiosk-window-private.h"

#define WINDOW_UI "/fi/neuvokas/Kiosk/kiosk-window.ui"

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_back (KioskWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", self->history->len > 0);
}

void
_kiosk_window_note_activity (KioskWindow *self)
{
  kiosk_visit_note_activity (self->visit);
}

void
_kiosk_window_stop_speaking (KioskWindow *self)
{
  if (!kiosk_visit_get_speaking (self->visit))
    return;
  kiosk_speech_stop (self->speech);
  kiosk_visit_set_speaking (self->visit, FALSE);
}

void
_kiosk_window_show_screen (KioskWindow *self, const char *screen, gboolean remember)
{
  const char *current;

  /* Moving on puts the feedback questions away; after Start over, the visit starts
   * over first, so this screen belongs to the next one. */
  _kiosk_window_put_feedback_away (self);
  current = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (screen, "home") != 0)
    self->visit_used = TRUE;
  if (remember && current != NULL && g_strcmp0 (current, screen) != 0)
    g_ptr_array_add (self->history, g_strdup (current));
  /* Out of the request: where the resident gave up is noted, what they typed erased. */
  if (g_strcmp0 (current, "appointment") == 0 && g_strcmp0 (screen, "appointment") != 0)
    kiosk_appointment_flow_leave (self->appointment_flow);
  _kiosk_window_stop_speaking (self);
  _kiosk_window_get_screen (self, screen);
  gtk_stack_set_visible_child_name (self->stack, screen);
  update_back (self);
  kiosk_recorder_record (kiosk_visit_get_recorder (self->visit), NV_EVENT_SCREEN_VIEW, screen, 0,
                         NULL);
  _kiosk_window_note_activity (self);
}

/* The visit is ending: what was typed is erased and the next resident starts at home.
 * The visit puts the language and display back itself, and the screens follow it. */
static void
visit_ended_cb (KioskWindow *self, const char *reason, KioskVisit *visit)
{
  _kiosk_window_stop_speaking (self);
  _kiosk_window_reset_feedback (self);
  /* Walked away from the question: the next resident is not asked it. */
  if (self->start_over_question != NULL)
    gtk_window_destroy (GTK_WINDOW (self->start_over_question));
  if (self->appointment_flow != NULL)
    kiosk_appointment_flow_leave (self->appointment_flow);
  g_ptr_array_set_size (self->history, 0);
  if (self->guide_list_page != NULL)
    kiosk_guide_list_page_set_category (self->guide_list_page, NULL);
  if (self->directory_page != NULL)
    kiosk_directory_page_reset (self->directory_page);
  /* A call the last resident made is not the next one's. */
  if (self->staff_call != NULL)
    kiosk_staff_call_reset (self->staff_call);
  gtk_stack_set_visible_child_name (self->stack, "home");
  update_back (self);
}

/* A− and A+ show where the resident is among the three sizes: dots to see, "Text size
 * 2 of 3" to hear; a step that goes nowhere is greyed, never silently ignored. */
static void
update_text_size_control (KioskWindow *self)
{
  guint text_size = kiosk_visit_get_text_size (self->visit);
  g_autoptr (GString) dots = g_string_new (NULL);
  g_autofree char *name = NULL;

  for (guint i = 0; i < 3; i++)
    g_string_append (dots, i <= text_size ? "●" : "○");
  gtk_label_set_text (self->text_size_level, dots->str);
  /* Translators: the text size buttons' group, read by a screen reader; %u is 1, 2 or 3 */
  name = g_strdup_printf (_ ("Text size %u of 3"), text_size + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_size_control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_smaller_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Smaller text"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_larger_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Larger text"), -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.text-smaller", text_size > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.text-larger", text_size < 2);
}

static void
visit_display_cb (KioskWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint      text_size = kiosk_visit_get_text_size (self->visit);

  update_text_size_control (self);
  gtk_widget_remove_css_class (widget, "text-size-1");
  gtk_widget_remove_css_class (widget, "text-size-2");
  if (text_size > 0)
    gtk_widget_add_css_class (widget, text_size == 1 ? "text-size-1" : "text-size-2");
  if (kiosk_visit_get_high_contrast (self->visit))
    gtk_widget_add_css_class (widget, "high-contrast");
  else
    gtk_widget_remove_css_class (widget, "high-contrast");
}

/* The bar and the warning are the window's own texts; every screen follows the visit. */
static void
visit_language_cb (KioskWindow *self)
{
  kiosk_retranslate_template (GTK_WIDGET (self), KIOSK_TYPE_WINDOW, WINDOW_UI);
  update_text_size_control (self);
}

static void
visit_idle_warning_cb (KioskWindow *self)
{
  if (!kiosk_visit_get_idle_warning (self->visit))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_last_child (self->idle_warning)));
  /* Heard as well as seen: many residents look away while they think. */
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static char *
countdown_text_cb (KioskVisit *visit, guint seconds, int language, gpointer data)
{
  /* Translators: shown when nobody has touched the kiosk for a while */
  return g_strdup_printf (ngettext ("Everything will be erased and the kiosk will start over "
                                    "in %u second.",
                                    "Everything will be erased and the kiosk will start over "
                                    "in %u seconds.",
                                    seconds),
                          seconds);
}

static char *
read_aloud_label_cb (KioskVisit *visit, gboolean speaking, int language, gpointer data)
{
  return g_strdup (speaking ? _ ("Stop reading") : _ ("Read aloud"));
}

static char *
read_aloud_icon_cb (KioskVisit *visit, gboolean speaking, int language, gpointer data)
{
  return g_strdup (speaking ? "media-playback-stop-symbolic" : "audio-volume-high-symbolic");
}

/* @target's @property shows what @format makes of the visit's @visit_property, in the
 * visit's language: again whenever either changes. */
static void
bind_visit_text (KioskWindow *self,
                 gpointer     target,
                 const char  *property,
                 const char  *visit_property,
                 GCallback    format)
{
  GtkExpression *params[] = {
    gtk_property_expression_new (KIOSK_TYPE_VISIT, NULL, visit_property),
    gtk_property_expression_new (KIOSK_TYPE_VISIT, NULL, "language"),
  };

  gtk_expression_bind (
      gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 2, params, format, NULL, NULL), target,
      property, self->visit);
}

/* The screens and the bar follow the visit from now on. */
static void
bind_visit (KioskWindow *self)
{
  /* The other screens are bound as they are built (build_screen). */
  GObject *screens[] = {
    G_OBJECT (self->home_page),
    G_OBJECT (self->language_choices),
  };

  for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
    g_object_bind_property (self->visit, "language", screens[i], "language", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->visit, "idle-warning", self->idle_warning, "visible",
                          G_BINDING_SYNC_CREATE);
  bind_visit_text (self, self->idle_countdown, "label", "countdown",
                   G_CALLBACK (countdown_text_cb));
  bind_visit_text (self, self->read_aloud_content, "label", "speaking",
                   G_CALLBACK (read_aloud_label_cb));
  bind_visit_text (self, self->read_aloud_content, "icon-name", "speaking",
                   G_CALLBACK (read_aloud_icon_cb));
  g_signal_connect_object (self->visit, "notify::language", G_CALLBACK (visit_language_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visit, "notify::text-size", G_CALLBACK (visit_display_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visit, "notify::high-contrast", G_CALLBACK (visit_display_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visit, "notify::idle-warning", G_CALLBACK (visit_idle_warning_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visit, "ended", G_CALLBACK (visit_ended_cb), self,
                           G_CONNECT_SWAPPED);
  update_text_size_control (self);
}

/* The screens other than home, built when first asked for (_kiosk_window_get_screen)
 * and the rest one by one after the first frame: building them all from their
 * templates before it made the kiosk start noticeably slower than an empty window
 * (issue 18), and the organisation page asks CUPS for printers as it is built. */
typedef struct
{
  const char *name;
  GType (*get_type) (void);
  gsize    offset; /* of its pointer in KioskWindow */
  gboolean reads_store;
} LazyScreen;

/* In the order the rest are built in: the home screen's two tiles first. */
static const LazyScreen lazy_screens[] = {
  { "categories", kiosk_categories_page_get_type, G_STRUCT_OFFSET (KioskWindow, categories_page),
    TRUE },
  { "directory", kiosk_directory_page_get_type, G_STRUCT_OFFSET (KioskWindow, directory_page),
    TRUE },
  { "guide-list", kiosk_guide_list_page_get_type, G_STRUCT_OFFSET (KioskWindow, guide_list_page),
    TRUE },
  /* The guide's page reads its steps' pictures from the store. */
  { "guide", kiosk_guide_page_get_type, G_STRUCT_OFFSET (KioskWindow, guide_page), TRUE },
  { "organisation", kiosk_organisation_page_get_type,
    G_STRUCT_OFFSET (KioskWindow, organisation_page), FALSE },
  { "help", kiosk_help_page_get_type, G_STRUCT_OFFSET (KioskWindow, help_page), TRUE },
  { "appointment", kiosk_appointment_flow_get_type, G_STRUCT_OFFSET (KioskWindow, appointment_flow),
    TRUE },
};

static void
build_screen (KioskWindow *self, const LazyScreen *info)
{
  GtkWidget **slot = G_STRUCT_MEMBER_P (self, info->offset);
  GtkWidget  *screen = g_object_new (info->get_type (), NULL);

  *slot = screen;
  /* As the template did: the store first, then the visit's language. */
  if (info->reads_store)
    kiosk_screen_set_store (KIOSK_SCREEN (screen), self->store);
  g_object_bind_property (self->visit, "language", screen, "language", G_BINDING_SYNC_CREATE);
  /* The directory sets the resident's accessibility needs; the place's page shows them. */
  if (self->directory_page == (KioskDirectoryPage *) screen)
    g_object_bind_property (self->visit, "access-profile", screen, "access-profile",
                            G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  if (self->organisation_page == (KioskOrganisationPage *) screen)
    g_object_bind_property (self->visit, "access-profile", screen, "access-profile",
                            G_BINDING_SYNC_CREATE);
  if (self->help_page == (KioskHelpPage *) screen)
    {
      kiosk_help_page_set_call (self->help_page, self->staff_call);
      kiosk_help_page_set_host_organisation (self->help_page, self->host_organisation);
    }
  if (self->appointment_flow == (KioskAppointmentFlow *) screen)
    {
      kiosk_appointment_flow_set_host_organisation (self->appointment_flow,
                                                    self->host_organisation);
      kiosk_appointment_flow_set_call_days (self->appointment_flow, self->call_days);
    }
  _kiosk_window_connect_screen (self, screen);
  gtk_stack_add_named (self->stack, screen, info->name);
  if (self->speech_mode != NULL)
    kiosk_speech_mode_watch_screen (self->speech_mode, screen);
}

/* Staff's, not a resident's: no KioskScreen, and scrolled like every screen, so that
 * wrapped labels never set the window's height. */
static void
build_status_page (KioskWindow *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->status_page = kiosk_status_page_new (self->store);
  kiosk_status_page_set_sync (KIOSK_STATUS_PAGE (self->status_page), self->sync);
  kiosk_status_page_set_data_dir (KIOSK_STATUS_PAGE (self->status_page), self->data_dir);
  g_object_bind_property (self->visit, "language", self->status_page, "language",
                          G_BINDING_SYNC_CREATE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->status_page);
  gtk_stack_add_named (self->stack, scrolled, "status");
  if (self->speech_mode != NULL)
    kiosk_speech_mode_watch_screen (self->speech_mode, scrolled);
}

GtkWidget *
_kiosk_window_get_screen (KioskWindow *self, const char *name)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  /* Not into a window that is going. */
  if (self->stack == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (lazy_screens); i++)
    if (g_str_equal (name, lazy_screens[i].name))
      {
        GtkWidget **slot = G_STRUCT_MEMBER_P (self, lazy_screens[i].offset);

        if (*slot == NULL)
          build_screen (self, &lazy_screens[i]);
        return *slot;
      }
  if (g_str_equal (name, "status"))
    {
      if (self->status_page == NULL)
        build_status_page (self);
      return self->status_page;
    }
  return gtk_stack_get_child_by_name (self->stack, name);
}

/* One screen per call, while nothing more urgent waits. */
static gboolean
build_next_screen_cb (gpointer user_data)
{
  KioskWindow *self = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (lazy_screens); i++)
    if (G_STRUCT_MEMBER (GtkWidget *, self, lazy_screens[i].offset) == NULL)
      {
        build_screen (self, &lazy_screens[i]);
        return G_SOURCE_CONTINUE;
      }
  if (self->status_page == NULL)
    {
      build_status_page (self);
      return G_SOURCE_CONTINUE;
    }
  self->build_source = 0;
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (GdkFrameClock *clock, KioskWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  if (self->build_source == 0)
    self->build_source = g_idle_add_full (G_PRIORITY_LOW, build_next_screen_cb, self, NULL);
}

static void
realize_cb (KioskWindow *self)
{
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                    G_CALLBACK (first_frame_cb), self);
}

static void
speech_finished_cb (KioskWindow *self)
{
  kiosk_visit_set_speaking (self->visit, FALSE);
}

static gboolean
input_cb (GtkEventControllerLegacy *controller, GdkEvent *event, KioskWindow *self)
{
  /* Any touch or key counts as someone being here; the event goes on as usual. */
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
      _kiosk_window_note_activity (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = (KioskWindow *) object;

  g_clear_handle_id (&self->build_source, g_source_remove);
  if (self->speech != NULL && self->visit != NULL)
    _kiosk_window_stop_speaking (self);
  if (self->start_over_question != NULL)
    gtk_window_destroy (GTK_WINDOW (self->start_over_question));
  g_clear_weak_pointer (&self->start_over_question);
  g_clear_object (&self->speech_bindings);
  g_clear_object (&self->speech_signals);
  g_clear_object (&self->speech_mode);
  g_clear_object (&self->keypad);
  g_clear_object (&self->speech);
  /* The visit's timers must not fire into a window that is going. */
  if (self->visit != NULL)
    g_signal_handlers_disconnect_by_data (self->visit, self);
  g_clear_object (&self->visit);
  g_clear_object (&self->sync);
  g_clear_object (&self->staff_call);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_WINDOW);
  /* The stack held the screens built later. */
  for (guint i = 0; i < G_N_ELEMENTS (lazy_screens); i++)
    G_STRUCT_MEMBER (GtkWidget *, self, lazy_screens[i].offset) = NULL;
  self->status_page = NULL;
  self->survey = NULL; /* the overlay held it */
  G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
}

static void
kiosk_window_finalize (GObject *object)
{
  KioskWindow *self = (KioskWindow *) object;

  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->qr_base_url, g_free);
  g_clear_pointer (&self->host_organisation, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  G_OBJECT_CLASS (kiosk_window_parent_class)->finalize (object);
}

static void
kiosk_window_class_init (KioskWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_window_dispose;
  object_class->finalize = kiosk_window_finalize;

  g_type_ensure (KIOSK_TYPE_HOME_PAGE);
  g_type_ensure (KIOSK_TYPE_LANGUAGE_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class, WINDOW_UI);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, home_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, bar);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, text_size_control);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, text_smaller_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, text_larger_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, text_size_level);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, idle_warning);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, idle_countdown);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, read_aloud_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, read_aloud_content);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, language_menu);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, language_choices);
  kiosk_retranslate_bind (widget_class, WINDOW_UI);
  _kiosk_window_class_add_actions (widget_class);
}

/* Our own style sheet, loaded once per process (the tests have no application). */
static void
ensure_style (void)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/fi/neuvokas/Kiosk/kiosk.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&loaded, 1);
    }
}

static GtkSizeRequestMode
bar_button_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bar_button_measure (GtkWidget     *widget,
                    GtkOrientation orientation,
                    int            for_size,
                    int           *minimum,
                    int           *natural,
                    int           *minimum_baseline,
                    int           *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
  *minimum_baseline = *natural_baseline = -1;
}

static void
bar_button_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, -1, NULL);
}

/* The bar's labels wrap onto two lines within their cell: a longer word in another
 * language never widens a cell or moves a button. The language button names its three
 * languages in smaller type (kiosk.css) and may take three lines: never shortened to
 * "Kieli · Språk · La…" in a narrow cell (1080 px portrait). */
static void
fit_bar_labels (GtkWidget *widget, int lines)
{
  if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);

      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      /* One line wherever the cell has room for it: a wrapping label otherwise asks
       * for the narrowest width that fills two lines of the row's height. */
      gtk_label_set_natural_wrap_mode (label, GTK_NATURAL_WRAP_NONE);
      gtk_label_set_lines (label, lines);
      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      gtk_label_set_justify (label, GTK_JUSTIFY_CENTER);
      return;
    }
  if (GTK_IS_POPOVER (widget))
    return; /* the language pop-up is not in the bar's cells */
  /* A button's words as its child's, but with no baseline: the grid lines up its
   * cells' baselines, and a row would then grow with the words of one language (a
   * centred line beside two lines, "Kontrasti" beside "Aloita alusta"). */
  if (GTK_IS_BUTTON (widget))
    gtk_widget_set_layout_manager (
        widget,
        gtk_custom_layout_new (bar_button_request_mode, bar_button_measure, bar_button_allocate));
  if (GTK_IS_MENU_BUTTON (widget))
    lines = 3; /* "Kieli ·", "Språk ·", "Language" */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fit_bar_labels (child, lines);
}

static void
kiosk_window_init (KioskWindow *self)
{
  GtkEventController *input;

  ensure_style ();
  /* A field the focus moves into keeps its text unselected: a resident who taps the
   * phone number to add the digits an error asked for would otherwise replace it all
   * with the first key. */
  g_object_set (gtk_settings_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))),
                "gtk-entry-select-on-focus", FALSE, NULL);
  self->history = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_direction (GTK_WIDGET (self), GTK_TEXT_DIR_LTR);

  fit_bar_labels (self->bar, 2);
  /* The dots are a picture of the size, not words: on one line, whole. */
  gtk_label_set_wrap (self->text_size_level, FALSE);
  gtk_label_set_ellipsize (self->text_size_level, PANGO_ELLIPSIZE_NONE);

  /* The speech object may be set again: the button follows whichever is set. */
  self->speech_bindings = g_binding_group_new ();
  g_binding_group_bind (self->speech_bindings, "available", self->read_aloud_button, "visible",
                        G_BINDING_SYNC_CREATE);
  self->speech_signals = g_signal_group_new (KIOSK_TYPE_SPEECH);
  g_signal_group_connect_object (self->speech_signals, "finished", G_CALLBACK (speech_finished_cb),
                                 self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);
  input = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect (input, "event", G_CALLBACK (input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), input);
  update_back (self);
}

/* The kiosk's settings, or NULL where the schema is not installed (tools). */
static GSettings *
open_settings (void)
{
  GSettingsSchema *schema = g_settings_schema_source_lookup (
      g_settings_schema_source_get_default (), "fi.neuvokas.Kiosk", TRUE);

  if (schema == NULL)
    return NULL;
  g_settings_schema_unref (schema);
  return g_settings_new ("fi.neuvokas.Kiosk");
}

KioskWindow *
kiosk_window_new (GtkApplication *app, KioskStore *store, NvLang lang)
{
  g_autoptr (KioskVisit) visit = NULL;
  g_autoptr (GSettings) settings = NULL;
  KioskWindow *self;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  /* First: the templates are built in the visit's language. */
  visit = kiosk_visit_new (store, lang);
  self = g_object_new (KIOSK_TYPE_WINDOW, "application", app, NULL);
  self->visit = g_steal_pointer (&visit);
  self->store = g_object_ref (store);
  bind_visit (self);
  /* GtkBuilder translated the bar in the process's locale: now in the visit's. */
  visit_language_cb (self);
  /* The keypad first: a speech key is taken before the speech mode hears a key press. */
  settings = open_settings ();
  self->keypad = kiosk_keypad_new (GTK_WINDOW (self), self->stack, self->visit, settings);
  self->speech_mode = kiosk_speech_mode_new (GTK_WINDOW (self), self->stack, self->visit, settings);
  return self;
}

void
kiosk_window_set_qr_base_url (KioskWindow *self, const char *base_url)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_free (self->qr_base_url);
  self->qr_base_url = g_strdup (base_url);
}

void
kiosk_window_set_sync (KioskWindow *self, KioskSync *sync)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_set_object (&self->sync, sync);
  if (self->status_page != NULL)
    kiosk_status_page_set_sync (KIOSK_STATUS_PAGE (self->status_page), sync);
}

void
kiosk_window_set_staff_call (KioskWindow *self, KioskStaffCall *call)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_return_if_fail (call == NULL || KIOSK_IS_STAFF_CALL (call));

  g_set_object (&self->staff_call, call);
  if (self->help_page != NULL)
    kiosk_help_page_set_call (self->help_page, call);
}

void
kiosk_window_set_host_organisation (KioskWindow *self, const char *id)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_free (self->host_organisation);
  self->host_organisation = g_strdup (id);
  if (self->help_page != NULL)
    kiosk_help_page_set_host_organisation (self->help_page, id);
  if (self->appointment_flow != NULL)
    kiosk_appointment_flow_set_host_organisation (self->appointment_flow, id);
}

void
kiosk_window_set_call_days (KioskWindow *self, guint working_days)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  self->call_days = working_days;
  if (self->appointment_flow != NULL)
    kiosk_appointment_flow_set_call_days (self->appointment_flow, working_days);
}

static gboolean
refuse_close_request_cb (GtkWindow *window, gpointer user_data)
{
  g_debug ("A locked kiosk does not close: staff close it from the status page");
  return TRUE;
}

void
kiosk_window_set_locked (KioskWindow *self, gboolean locked, const char *data_dir)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  g_signal_handlers_disconnect_by_func (self, refuse_close_request_cb, NULL);
  if (locked)
    g_signal_connect (self, "close-request", G_CALLBACK (refuse_close_request_cb), NULL);
  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  if (self->status_page != NULL)
    kiosk_status_page_set_data_dir (KIOSK_STATUS_PAGE (self->status_page), data_dir);
}

void
kiosk_window_set_speech (KioskWindow *self, KioskSpeech *speech)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_return_if_fail (speech == NULL || KIOSK_IS_SPEECH (speech));

  _kiosk_window_stop_speaking (self);
  g_set_object (&self->speech, speech);
  /* The button appears once speech-dispatcher answers, and never without it. */
  g_binding_group_set_source (self->speech_bindings, speech);
  g_signal_group_set_target (self->speech_signals, speech);
  kiosk_speech_mode_set_speech (self->speech_mode, speech);
  if (speech == NULL)
    gtk_widget_set_visible (self->read_aloud_button, FALSE);
}

void
kiosk_window_set_idle_timeouts (KioskWindow *self, guint quiet_ms, guint warning_ms)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  kiosk_visit_set_idle_timeouts (self->visit, quiet_ms, warning_ms);
}

void
kiosk_window_set_visit_defaults (KioskWindow *self, NvLang language, guint text_size)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  kiosk_visit_set_defaults (self->visit, language, text_size);
}

void
kiosk_window_set_speech_default (KioskWindow *self, gboolean speech_mode)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  kiosk_visit_set_speech_default (self->visit, speech_mode);
}

const char *
kiosk_window_get_screen (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

KioskVisit *
kiosk_window_get_visit (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->visit;
}

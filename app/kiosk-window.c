/* kiosk-window.c
 *
 * Screens are pages of one GtkStack with a back stack of our own: libadwaita 1.2 has
 * no navigation view, and the kiosk needs Back to mean "the screen I came from" on
 * every screen, in the same place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-appointment-flow.h"
#include "kiosk-directory-page.h"
#include "kiosk-organisation-page.h"
#include "kiosk-language.h"
#include "kiosk-recorder.h"
#include "kiosk-retranslate.h"
#include "kiosk-speech.h"
#include "kiosk-status-page.h"
#include "kiosk-window.h"

struct _KioskWindow
{
  AdwApplicationWindow parent_instance;

  GtkStack              *stack;
  GtkListBox            *category_list;
  GtkLabel              *guides_title;
  GtkListBox            *guide_list;
  KioskGuidePage        *guide_page;
  KioskDirectoryPage    *directory_page;
  KioskOrganisationPage *organisation_page;
  KioskAppointmentFlow  *appointment_flow;
  KioskSync             *sync; /* may be NULL */
  GtkWidget             *bar;
  GtkWidget             *tiles;
  GtkWidget             *back_button;
  GtkWidget             *idle_warning;
  GtkLabel              *idle_countdown;

  GtkWidget        *status_page; /* staff only: win.show-status */
  GtkWidget        *read_aloud_button;
  AdwButtonContent *read_aloud_content;
  KioskSpeech      *speech; /* NULL: no reading aloud */
  gboolean          speaking;

  KioskStore    *store;
  KioskRecorder *recorder;
  NvLang         lang;
  NvLang         default_lang;     /* what a reset returns to */
  GPtrArray     *language_buttons; /* GtkButton*, each with its code as "lang" data */
  GtkWidget     *language_menu;
  gboolean       guide_completed; /* guide_complete recorded for the open guide */
  guint8         text_size;       /* 0 (already large) … 2 */
  gboolean       high_contrast;

  /* Inactivity: a quiet visit is warned, then erased. */
  guint      idle_timeout_ms;
  guint      idle_warning_ms;
  guint      idle_source;
  guint      countdown_source;
  gint64     warning_deadline; /* monotonic µs */
  GPtrArray *history;          /* screen names behind the current one */
  char      *qr_url_pattern;   /* GSettings qr-url-pattern; NULL or "": no codes */
  char      *category;         /* shown on the "guide-list" screen */
};

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

static GtkWidget *
make_row (const char *title, const char *subtitle, const char *action, const char *target)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title_label = gtk_label_new (title);

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
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (target));
  if (action != NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
fill_categories (KioskWindow *self)
{
  g_autoptr (GPtrArray) categories = kiosk_store_list_categories (self->store);

  clear_list (self->category_list);
  for (guint i = 0; i < categories->len; i++)
    {
      const NvCategory *category = g_ptr_array_index (categories, i);

      gtk_list_box_append (self->category_list,
                           make_row (nv_text_get (&category->title, self->lang, NULL),
                                     nv_text_get (&category->summary, self->lang, NULL),
                                     "win.open-category", category->id));
    }
}

static void
fill_guides (KioskWindow *self)
{
  g_autoptr (GPtrArray) guides = NULL;
  g_autoptr (NvCategory) category = NULL;

  guides = kiosk_store_list_guides (self->store, self->category, self->lang);
  category = kiosk_store_get_category (self->store, self->category);
  gtk_label_set_text (self->guides_title, category != NULL
                                              ? nv_text_get (&category->title, self->lang, NULL)
                                              : _ ("Guides"));
  clear_list (self->guide_list);
  for (guint i = 0; i < guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (guides, i);

      gtk_list_box_append (self->guide_list,
                           make_row (nv_text_get (&guide->title, self->lang, NULL),
                                     nv_text_get (&guide->summary, self->lang, NULL),
                                     "win.open-guide", guide->id));
    }
}

static void
update_back (KioskWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", self->history->len > 0);
}

static void note_activity (KioskWindow *self);

/* Reading aloud */

static void
set_speaking (KioskWindow *self, gboolean speaking)
{
  self->speaking = speaking;
  adw_button_content_set_label (self->read_aloud_content,
                                speaking ? _ ("Stop reading") : _ ("Read aloud"));
  adw_button_content_set_icon_name (self->read_aloud_content, speaking
                                                                  ? "media-playback-stop-symbolic"
                                                                  : "audio-volume-high-symbolic");
}

static void
stop_speaking (KioskWindow *self)
{
  if (!self->speaking)
    return;
  kiosk_speech_stop (self->speech);
  set_speaking (self, FALSE);
}

/* What a resident sees on @widget, in reading order: every shown label, one sentence
 * each. On content pages the buttons (Previous, Next…) are left out; elsewhere the
 * buttons are the choices, so they are read too. */
static void
collect_text (GtkWidget *widget, gboolean with_buttons, GString *text)
{
  if (!gtk_widget_get_mapped (widget) || KIOSK_IS_QR_CODE (widget)
      || (!with_buttons && GTK_IS_BUTTON (widget)))
    return;
  if (GTK_IS_LABEL (widget))
    {
      const char *label = gtk_label_get_text (GTK_LABEL (widget));

      if (label[0] != '\0')
        {
          if (text->len > 0)
            g_string_append (
                text, g_unichar_ispunct (g_utf8_get_char (g_utf8_prev_char (text->str + text->len)))
                          ? " "
                          : ". ");
          g_string_append (text, label);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, with_buttons, text);
}

static void
read_aloud_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  const char  *screen = gtk_stack_get_visible_child_name (self->stack);
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean content_page;

  if (self->speech == NULL)
    return;
  if (self->speaking)
    {
      stop_speaking (self);
      return;
    }
  content_page = g_strcmp0 (screen, "guide") == 0 || g_strcmp0 (screen, "organisation") == 0;
  collect_text (gtk_stack_get_visible_child (self->stack), !content_page, text);
  if (text->len == 0)
    return;
  kiosk_speech_say (self->speech, text->str, self->lang);
  set_speaking (self, TRUE);
  if (g_strcmp0 (screen, "guide") == 0)
    {
      const NvGuide   *guide = kiosk_guide_page_get_guide (self->guide_page);
      g_autofree char *subject = g_strdup_printf ("guide:%s", guide->id);

      kiosk_recorder_record (self->recorder, NV_EVENT_READ_ALOUD, subject,
                             kiosk_guide_page_get_step (self->guide_page) + 1, NULL);
    }
  else if (g_strcmp0 (screen, "organisation") == 0)
    {
      g_autofree char *subject = g_strdup_printf (
          "organisation:%s",
          kiosk_organisation_page_get_organisation (self->organisation_page)->id);

      kiosk_recorder_record (self->recorder, NV_EVENT_READ_ALOUD, subject, 0, NULL);
    }
  note_activity (self);
}

static void
speech_finished_cb (KioskWindow *self)
{
  set_speaking (self, FALSE);
}

void
kiosk_window_set_speech (KioskWindow *self, KioskSpeech *speech)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_return_if_fail (speech == NULL || KIOSK_IS_SPEECH (speech));

  stop_speaking (self);
  if (self->speech != NULL)
    g_signal_handlers_disconnect_by_data (self->speech, self);
  g_set_object (&self->speech, speech);
  if (speech == NULL)
    {
      gtk_widget_set_visible (self->read_aloud_button, FALSE);
      return;
    }
  /* The button appears once speech-dispatcher answers, and never without it. */
  g_object_bind_property (speech, "available", self->read_aloud_button, "visible",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (speech, "finished", G_CALLBACK (speech_finished_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
show_screen (KioskWindow *self, const char *screen, gboolean remember)
{
  const char *current = gtk_stack_get_visible_child_name (self->stack);

  if (remember && current != NULL && g_strcmp0 (current, screen) != 0)
    g_ptr_array_add (self->history, g_strdup (current));
  /* Out of the request: where the resident gave up is noted, what they typed erased. */
  if (g_strcmp0 (current, "appointment") == 0 && g_strcmp0 (screen, "appointment") != 0)
    kiosk_appointment_flow_leave (self->appointment_flow);
  stop_speaking (self);
  gtk_stack_set_visible_child_name (self->stack, screen);
  update_back (self);
  kiosk_recorder_record (self->recorder, NV_EVENT_SCREEN_VIEW, screen, 0, NULL);
  note_activity (self);
}

static void
apply_display (KioskWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_remove_css_class (widget, "text-size-1");
  gtk_widget_remove_css_class (widget, "text-size-2");
  if (self->text_size > 0)
    gtk_widget_add_css_class (widget, self->text_size == 1 ? "text-size-1" : "text-size-2");
  if (self->high_contrast)
    gtk_widget_add_css_class (widget, "high-contrast");
  else
    gtk_widget_remove_css_class (widget, "high-contrast");
  kiosk_recorder_set_display (self->recorder, self->text_size, self->high_contrast);
}

static void update_countdown (KioskWindow *self);
static void show_related (KioskWindow *self, const NvGuide *guide);

#define WINDOW_UI "/fi/neuvokas/Kiosk/kiosk-window.ui"
#define GUIDE_PAGE_UI "/fi/neuvokas/Kiosk/kiosk-guide-page.ui"
#define ORGANISATION_PAGE_UI "/fi/neuvokas/Kiosk/kiosk-organisation-page.ui"

/* The whole screen in @lang at once: the interface's own texts, then the content,
 * where the resident is (the same guide and step, the same organisation). */
static void
apply_language (KioskWindow *self, NvLang lang)
{
  const NvOrganisation *organisation;
  const char           *code = nv_lang_to_code (lang);
  gboolean              changed = lang != self->lang;

  self->lang = lang;
  kiosk_language_apply (lang);
  kiosk_recorder_set_language (self->recorder, lang);
  gtk_widget_set_direction (GTK_WIDGET (self), GTK_TEXT_DIR_LTR);

  /* The templates were built in the language in effect then: again only on a switch. */
  if (changed)
    {
      kiosk_retranslate_template (GTK_WIDGET (self), KIOSK_TYPE_WINDOW, WINDOW_UI);
      kiosk_retranslate_template (GTK_WIDGET (self->guide_page), KIOSK_TYPE_GUIDE_PAGE,
                                  GUIDE_PAGE_UI);
      kiosk_retranslate_template (GTK_WIDGET (self->organisation_page),
                                  KIOSK_TYPE_ORGANISATION_PAGE, ORGANISATION_PAGE_UI);
    }
  set_speaking (self, self->speaking);

  fill_categories (self);
  if (self->category != NULL)
    fill_guides (self);
  if (changed)
    kiosk_directory_page_set_language (self->directory_page, lang);
  kiosk_appointment_flow_set_language (self->appointment_flow, lang);
  if (kiosk_guide_page_get_guide (self->guide_page) != NULL)
    {
      kiosk_guide_page_set_language (self->guide_page, lang);
      show_related (self, kiosk_guide_page_get_guide (self->guide_page));
    }
  if ((organisation = kiosk_organisation_page_get_organisation (self->organisation_page)) != NULL)
    kiosk_organisation_page_set_organisation (self->organisation_page, organisation, lang, NULL);
  kiosk_qr_code_retranslate (kiosk_guide_page_get_qr_code (self->guide_page));
  kiosk_qr_code_retranslate (kiosk_organisation_page_get_qr_code (self->organisation_page));
  kiosk_status_page_refresh (KIOSK_STATUS_PAGE (self->status_page));
  if (gtk_widget_get_visible (self->idle_warning))
    update_countdown (self);

  /* The chosen language is marked, not only by colour. */
  for (guint i = 0; i < self->language_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->language_buttons, i);
      gboolean   current = g_strcmp0 (g_object_get_data (G_OBJECT (button), "lang"), code) == 0;

      if (current)
        gtk_widget_add_css_class (button, "current-language");
      else
        gtk_widget_remove_css_class (button, "current-language");
      gtk_accessible_update_state (
          GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
          current ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
    }
}

static void
language_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  const char  *code = g_variant_get_string (parameter, NULL);
  NvLang       lang;

  if (self->language_menu != NULL)
    gtk_menu_button_popdown (GTK_MENU_BUTTON (self->language_menu));
  if (!nv_lang_from_code (code, &lang) || lang == self->lang)
    return;
  apply_language (self, lang);
  kiosk_recorder_record (self->recorder, NV_EVENT_SETTING_CHANGED, "language", 0, code);
  note_activity (self);
}

/* Three buttons, each language named in itself: a resident finds their own without
 * reading the others. */
static GtkWidget *
make_language_buttons (KioskWindow *self)
{
  static const char *const codes[] = { "fi", "sv", "en" };
  static const char *const names[] = { "Suomi", "Svenska", "English" };
  GtkWidget               *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (names[i]);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", codes[i]);
      g_object_set_data (G_OBJECT (button), "lang", (gpointer) codes[i]);
      gtk_widget_add_css_class (button, "language-button");
      gtk_box_append (GTK_BOX (box), button);
      g_ptr_array_add (self->language_buttons, button);
    }
  return box;
}

static void
text_size_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  char         value[2] = { 0 };

  /* One button, three steps, round and round: no hidden slider to find. */
  self->text_size = (self->text_size + 1) % 3;
  apply_display (self);
  value[0] = (char) ('0' + self->text_size);
  kiosk_recorder_record (self->recorder, NV_EVENT_SETTING_CHANGED, "text-size", 0, value);
  note_activity (self);
}

static void
contrast_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  self->high_contrast = !self->high_contrast;
  apply_display (self);
  kiosk_recorder_record (self->recorder, NV_EVENT_SETTING_CHANGED, "contrast", 0,
                         self->high_contrast ? "high" : "normal");
  note_activity (self);
}

/* Back to the start for the next resident: the visit ends, nothing typed is kept,
 * the text size and contrast return to the defaults, and no event is recorded until
 * someone touches the screen again. */
static void
reset_visit (KioskWindow *self, const char *reason)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  gtk_widget_set_visible (self->idle_warning, FALSE);
  stop_speaking (self);
  kiosk_appointment_flow_leave (self->appointment_flow);
  kiosk_recorder_end_session (self->recorder, reason);
  g_ptr_array_set_size (self->history, 0);
  g_clear_pointer (&self->category, g_free);
  kiosk_directory_page_reset (self->directory_page);
  self->text_size = 0;
  self->high_contrast = FALSE;
  apply_display (self);
  if (self->lang != self->default_lang)
    apply_language (self, self->default_lang);
  gtk_stack_set_visible_child_name (self->stack, "home");
  update_back (self);
}

static void
update_countdown (KioskWindow *self)
{
  gint64           left_us = self->warning_deadline - g_get_monotonic_time ();
  guint            seconds = (guint) MAX ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 0);
  g_autofree char *text = NULL;

  /* Translators: shown when nobody has touched the kiosk for a while */
  text = g_strdup_printf (ngettext ("Everything will be erased and the kiosk will start over "
                                    "in %u second.",
                                    "Everything will be erased and the kiosk will start over "
                                    "in %u seconds.",
                                    seconds),
                          seconds);
  gtk_label_set_text (self->idle_countdown, text);
}

static gboolean
countdown_cb (gpointer user_data)
{
  KioskWindow *self = user_data;

  if (g_get_monotonic_time () >= self->warning_deadline)
    {
      self->countdown_source = 0;
      reset_visit (self, "timeout");
      return G_SOURCE_REMOVE;
    }
  update_countdown (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
idle_cb (gpointer user_data)
{
  KioskWindow *self = user_data;

  self->idle_source = 0;
  self->warning_deadline = g_get_monotonic_time () + (gint64) self->idle_warning_ms * 1000;
  update_countdown (self);
  gtk_widget_set_visible (self->idle_warning, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_last_child (self->idle_warning)));
  /* Heard as well as seen: many residents look away while they think. */
  gtk_widget_error_bell (GTK_WIDGET (self));
  self->countdown_source = g_timeout_add (MIN (self->idle_warning_ms, 250), countdown_cb, self);
  return G_SOURCE_REMOVE;
}

/* Someone is here: the quiet period starts again. Only a visit in progress is timed. */
static void
note_activity (KioskWindow *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  gtk_widget_set_visible (self->idle_warning, FALSE);
  if (kiosk_recorder_get_session (self->recorder) != NULL)
    self->idle_source = g_timeout_add (self->idle_timeout_ms, idle_cb, self);
}

static gboolean
input_cb (GtkEventControllerLegacy *controller, GdkEvent *event, KioskWindow *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
      note_activity (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
continue_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  note_activity (KIOSK_WINDOW (widget));
}

static void
start_over_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  reset_visit (KIOSK_WINDOW (widget), "start-over");
}

static void
home_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  g_ptr_array_set_size (self->history, 0);
  show_screen (self, "home", FALSE);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow     *self = KIOSK_WINDOW (widget);
  g_autofree char *previous = NULL;

  /* Within the request, Back is the previous question. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "appointment") == 0
      && kiosk_appointment_flow_back (self->appointment_flow))
    {
      note_activity (self);
      return;
    }
  if (self->history->len == 0)
    return;
  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  show_screen (self, previous, FALSE);
}

static void
show_guides_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  fill_categories (self);
  show_screen (self, "categories", TRUE);
}

static void
show_services_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  kiosk_directory_page_refresh (self->directory_page);
  show_screen (self, "directory", TRUE);
}

/* Staff only, from the keyboard: not a resident screen, so no screen_view event and no
 * place in Back's history. */
static void
show_status_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  g_ptr_array_set_size (self->history, 0);
  kiosk_status_page_refresh (KIOSK_STATUS_PAGE (self->status_page));
  gtk_stack_set_visible_child_name (self->stack, "status");
  update_back (self);
}

static void
start_appointment (KioskWindow *self, const char *guide, guint guide_step)
{
  show_screen (self, "appointment", TRUE);
  kiosk_appointment_flow_start (self->appointment_flow, guide, guide_step, self->lang);
}

/* "Ask for personal help" on a guide step: the request carries the guide and the step
 * reached, so that the advisor knows where the resident got stuck. */
static void
ask_for_help_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow   *self = KIOSK_WINDOW (widget);
  const NvGuide *guide = kiosk_guide_page_get_guide (self->guide_page);
  gboolean on_guide = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "guide") == 0;

  if (on_guide && guide != NULL)
    start_appointment (self, guide->id, kiosk_guide_page_get_step (self->guide_page) + 1);
  else
    start_appointment (self, NULL, 0);
}

static void
show_appointment_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  start_appointment (KIOSK_WINDOW (widget), NULL, 0);
}

static void
appointment_submitted_cb (KioskWindow *self)
{
  /* Off to an advisor now, not at the next regular sync. */
  if (self->sync != NULL)
    kiosk_sync_run_soon (self->sync);
  note_activity (self);
}

static void
appointment_finished_cb (KioskWindow *self)
{
  reset_visit (self, "start-over");
}

static void
open_category_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  g_free (self->category);
  self->category = g_variant_dup_string (parameter, NULL);
  fill_guides (self);
  show_screen (self, "guide-list", TRUE);
}

/* The guide's related organisations that the store has, in the screen's language. */
static void
show_related (KioskWindow *self, const NvGuide *guide)
{
  g_autoptr (GPtrArray) organisations
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_organisation_free);

  for (guint i = 0; guide->related_organisations != NULL && guide->related_organisations[i]; i++)
    {
      NvOrganisation *organisation
          = kiosk_store_get_organisation (self->store, guide->related_organisations[i]);

      if (organisation != NULL)
        g_ptr_array_add (organisations, organisation);
    }
  kiosk_guide_page_set_related (self->guide_page, organisations, self->lang);
}

static void
feedback_cb (KioskWindow *self, const char *value, KioskGuidePage *page)
{
  const NvGuide *guide = kiosk_guide_page_get_guide (page);

  kiosk_recorder_record (self->recorder, NV_EVENT_FEEDBACK, guide->id, 0, value);
  note_activity (self);
}

/* The "take it home" code for a page, when the deployment has set an address pattern. */
static void
show_qr_code (KioskWindow *self, KioskQrCode *qr_code, const char *kind, const char *id)
{
  g_autofree char *url = kiosk_qr_url_for (self->qr_url_pattern, kind, id);

  kiosk_qr_code_set_url (qr_code, url);
  if (url != NULL)
    {
      g_autofree char *subject = g_strdup_printf ("%s:%s", kind, id);

      kiosk_recorder_record (self->recorder, NV_EVENT_QR_SHOWN, subject, 0, NULL);
    }
}

static void
open_guide_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  g_autoptr (NvGuide) guide
      = kiosk_store_get_guide (self->store, g_variant_get_string (parameter, NULL));

  if (guide == NULL)
    {
      g_debug ("No guide “%s” in the store", g_variant_get_string (parameter, NULL));
      return;
    }
  show_screen (self, "guide", TRUE);
  kiosk_recorder_record (self->recorder, NV_EVENT_GUIDE_VIEW, guide->id, 0, NULL);
  self->guide_completed = FALSE;
  kiosk_guide_page_set_guide (self->guide_page, guide, self->lang);
  show_related (self, guide);
  show_qr_code (self, kiosk_guide_page_get_qr_code (self->guide_page), "guide", guide->id);
}

static void
step_shown_cb (KioskWindow *self, guint step, guint n_steps, KioskGuidePage *page)
{
  const NvGuide *guide = kiosk_guide_page_get_guide (page);

  kiosk_recorder_record (self->recorder, NV_EVENT_STEP_VIEW, guide->id, step, NULL);
  stop_speaking (self);
  note_activity (self);
  if (step == n_steps && !self->guide_completed)
    {
      self->guide_completed = TRUE;
      kiosk_recorder_record (self->recorder, NV_EVENT_GUIDE_COMPLETE, guide->id, n_steps, NULL);
    }
}

static void
open_organisation_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  const char  *id = g_variant_get_string (parameter, NULL);
  g_autoptr (NvOrganisation) organisation = kiosk_store_get_organisation (self->store, id);

  if (organisation == NULL)
    {
      g_debug ("No organisation “%s” in the store", id);
      return;
    }
  kiosk_organisation_page_set_organisation (self->organisation_page, organisation, self->lang,
                                            NULL);
  show_screen (self, "organisation", TRUE);
  kiosk_recorder_record (self->recorder, NV_EVENT_ORGANISATION_VIEW, organisation->id, 0, NULL);
  show_qr_code (self, kiosk_organisation_page_get_qr_code (self->organisation_page), "organisation",
                organisation->id);
}

static void
store_changed_cb (KioskWindow *self, KioskStore *store)
{
  /* Refresh lists in place; a guide being read is left as it is until it is closed.
   * The directory page refreshes itself. */
  fill_categories (self);
  if (self->category != NULL)
    fill_guides (self);
}

static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = (KioskWindow *) object;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->speech != NULL)
    {
      stop_speaking (self);
      g_signal_handlers_disconnect_by_data (self->speech, self);
      g_clear_object (&self->speech);
    }
  g_clear_object (&self->recorder);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_WINDOW);
  G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
}

static void
kiosk_window_finalize (GObject *object)
{
  KioskWindow *self = (KioskWindow *) object;

  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->qr_url_pattern, g_free);
  g_clear_pointer (&self->language_buttons, g_ptr_array_unref);
  G_OBJECT_CLASS (kiosk_window_parent_class)->finalize (object);
}

static void
kiosk_window_class_init (KioskWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_window_dispose;
  object_class->finalize = kiosk_window_finalize;

  g_type_ensure (KIOSK_TYPE_GUIDE_PAGE);
  g_type_ensure (KIOSK_TYPE_ORGANISATION_PAGE);
  g_type_ensure (KIOSK_TYPE_DIRECTORY_PAGE);
  g_type_ensure (KIOSK_TYPE_APPOINTMENT_FLOW);
  gtk_widget_class_set_template_from_resource (widget_class, "/fi/neuvokas/Kiosk/kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, category_list);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, guides_title);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, guide_list);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, guide_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, directory_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, organisation_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, appointment_flow);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, bar);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, tiles);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, idle_warning);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, idle_countdown);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, read_aloud_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, read_aloud_content);
  gtk_widget_class_install_action (widget_class, "win.read-aloud", NULL, read_aloud_action);
  gtk_widget_class_install_action (widget_class, "win.language", "s", language_action);
  gtk_widget_class_install_action (widget_class, "win.ask-for-help", NULL, ask_for_help_action);
  kiosk_retranslate_bind (widget_class, WINDOW_UI);

  gtk_widget_class_install_action (widget_class, "win.home", NULL, home_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "win.text-size", NULL, text_size_action);
  gtk_widget_class_install_action (widget_class, "win.contrast", NULL, contrast_action);
  gtk_widget_class_install_action (widget_class, "win.show-guides", NULL, show_guides_action);
  gtk_widget_class_install_action (widget_class, "win.show-services", NULL, show_services_action);
  gtk_widget_class_install_action (widget_class, "win.show-appointment", NULL,
                                   show_appointment_action);
  gtk_widget_class_install_action (widget_class, "win.open-category", "s", open_category_action);
  gtk_widget_class_install_action (widget_class, "win.open-guide", "s", open_guide_action);
  gtk_widget_class_install_action (widget_class, "win.open-organisation", "s",
                                   open_organisation_action);

  gtk_widget_class_install_action (widget_class, "win.show-status", NULL, show_status_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "win.show-status", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "win.home", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
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

static void
kiosk_window_init (KioskWindow *self)
{
  ensure_style ();
  GtkEventController *input;

  self->history = g_ptr_array_new_with_free_func (g_free);
  self->idle_timeout_ms = 120 * 1000;
  self->idle_warning_ms = 30 * 1000;
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Languages: on the home screen under the greeting, and in the bar on every screen. */
  self->language_buttons = g_ptr_array_new ();
  {
    GtkWidget *home = gtk_widget_get_parent (self->tiles);
    /* A small dialog of three choices, named like its button. */
    GtkWidget *popover
        = g_object_new (GTK_TYPE_POPOVER, "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG, NULL);
    GtkWidget *choices = make_language_buttons (self);
    GtkWidget *content = adw_button_content_new ();

    gtk_box_insert_child_after (GTK_BOX (home), make_language_buttons (self),
                                gtk_widget_get_first_child (home));
    gtk_orientable_set_orientation (GTK_ORIENTABLE (choices), GTK_ORIENTATION_VERTICAL);
    gtk_widget_set_margin_start (choices, 12);
    gtk_widget_set_margin_end (choices, 12);
    gtk_widget_set_margin_top (choices, 12);
    gtk_widget_set_margin_bottom (choices, 12);
    gtk_popover_set_child (GTK_POPOVER (popover), choices);
    adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content),
                                      "preferences-desktop-locale-symbolic");
    /* In all three languages, so that it can be found from any of them. */
    adw_button_content_set_label (ADW_BUTTON_CONTENT (content), "Kieli · Språk · Language");
    self->language_menu = gtk_menu_button_new ();
    gtk_menu_button_set_child (GTK_MENU_BUTTON (self->language_menu), content);
    gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->language_menu), popover);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_menu),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, "Kieli · Språk · Language", -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (popover), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    "Kieli · Språk · Language", -1);
    gtk_flow_box_insert (GTK_FLOW_BOX (self->bar), self->language_menu, -1);
  }

  /* Only the buttons take focus, not the flow boxes' child wrappers. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->bar); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
  for (GtkWidget *child = gtk_widget_get_first_child (self->tiles); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  /* Any touch or key counts as someone being here; the event goes on as usual. */
  input = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect (input, "event", G_CALLBACK (input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), input);
  update_back (self);
}

KioskWindow *
kiosk_window_new (GtkApplication *app, KioskStore *store, NvLang lang)
{
  KioskWindow *self;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  /* The templates are built in @lang. */
  kiosk_language_apply (lang);
  self = g_object_new (KIOSK_TYPE_WINDOW, "application", app, NULL);
  self->store = g_object_ref (store);
  self->recorder = kiosk_recorder_new (store);
  kiosk_recorder_set_language (self->recorder, lang);
  self->lang = lang;
  g_signal_connect_object (self->guide_page, "step-shown", G_CALLBACK (step_shown_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->guide_page, "feedback", G_CALLBACK (feedback_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  kiosk_directory_page_setup (self->directory_page, store, self->recorder, lang);
  kiosk_appointment_flow_setup (self->appointment_flow, store, self->recorder);
  g_signal_connect_object (self->appointment_flow, "submitted",
                           G_CALLBACK (appointment_submitted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->appointment_flow, "finished", G_CALLBACK (appointment_finished_cb),
                           self, G_CONNECT_SWAPPED);
  fill_categories (self);
  self->default_lang = lang;
  self->status_page = kiosk_status_page_new (store);
  {
    /* Scrolled like every screen: wrapped labels must never set the window's height. */
    GtkWidget *scrolled = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->status_page);
    gtk_stack_add_named (self->stack, scrolled, "status");
  }
  apply_language (self, lang);
  return self;
}

void
kiosk_window_set_qr_url_pattern (KioskWindow *self, const char *pattern)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_free (self->qr_url_pattern);
  self->qr_url_pattern = g_strdup (pattern);
}

void
kiosk_window_set_sync (KioskWindow *self, KioskSync *sync)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_set_object (&self->sync, sync);
  kiosk_status_page_set_sync (KIOSK_STATUS_PAGE (self->status_page), sync);
}

KioskStatusPage *
kiosk_window_get_status_page (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return KIOSK_STATUS_PAGE (self->status_page);
}

const char *
kiosk_window_get_screen (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

KioskOrganisationPage *
kiosk_window_get_organisation_page (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->organisation_page;
}

KioskGuidePage *
kiosk_window_get_guide_page (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->guide_page;
}

void
kiosk_window_set_idle_timeouts (KioskWindow *self, guint quiet_ms, guint warning_ms)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_return_if_fail (quiet_ms > 0 && warning_ms > 0);

  self->idle_timeout_ms = quiet_ms;
  self->idle_warning_ms = warning_ms;
}

guint
kiosk_window_get_text_size (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), 0);
  return self->text_size;
}

gboolean
kiosk_window_get_high_contrast (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);
  return self->high_contrast;
}

gboolean
kiosk_window_get_idle_warning_shown (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);
  return gtk_widget_get_visible (self->idle_warning);
}

KioskDirectoryPage *
kiosk_window_get_directory_page (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->directory_page;
}

KioskRecorder *
kiosk_window_get_recorder (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->recorder;
}

NvLang
kiosk_window_get_language (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NV_LANG_FI);
  return self->lang;
}

KioskAppointmentFlow *
kiosk_window_get_appointment_flow (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->appointment_flow;
}

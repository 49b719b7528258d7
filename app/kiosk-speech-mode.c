/* kiosk-speech-mode.c
 *
 * EN 301 549 clause 5.1.3 asks a closed kiosk to be usable without sight: everything
 * shown is also spoken, and the resident can turn that on without seeing the screen.
 * This object only listens: to the visit (speech mode, volume, the countdown), to the
 * stack (a new screen), to the window (the focus, the first touch) and to the labels
 * that say where one is (page titles, step counters) or what went wrong (alerts). What
 * changed in one main-loop turn is spoken together from an idle, in a fixed order: the
 * screen, then the focused control, then the messages, so a focus change never cuts off
 * the screen it came with.
 *
 * A name and a phone number are spoken only into a headset: widgets with the style class
 * "personal" are replaced by a sentence that says they are hidden.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-keyboard.h"
#include "kiosk-qr-code.h"
#include "kiosk-speech-mode.h"
#include "kiosk-speech-text.h"

struct _KioskSpeechMode
{
  GObject parent_instance;

  GtkWindow   *window; /* weak: the window owns us */
  GtkStack    *stack;  /* weak, inside the window */
  KioskVisit  *visit;
  KioskSpeech *speech;   /* NULL: silent */
  GSettings   *settings; /* may be NULL: F12, no headset */
  gboolean     headset;
  int          volume; /* the visit's, as last spoken */

  guint      flush_source;
  gboolean   turned_on; /* "Speech is on", then the screen */
  gboolean   screen_pending;
  gboolean   focus_pending;
  GPtrArray *messages_pending; /* alert widgets, weak */
  gboolean   hinted;           /* the "how to turn speech on" hint, once a visit */
  gboolean   counting;         /* the warning is up: its first second was in its text */
};

enum
{
  PROP_0,
  PROP_HEADSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskSpeechMode, kiosk_speech_mode, G_TYPE_OBJECT)

static gboolean
is_personal (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (gtk_widget_has_css_class (widget, "personal"))
      return TRUE;
  return FALSE;
}

static const char *
hidden_sentence (void)
{
  /* Translators: spoken instead of the resident's name or phone number, which a
   * loudspeaker would tell everyone nearby */
  return _ ("Hidden, so that others nearby do not hear it.");
}

static void
append_sentence (GString *text, const char *sentence)
{
  if (sentence == NULL || sentence[0] == '\0')
    return;
  if (text->len > 0)
    g_string_append (text,
                     g_unichar_ispunct (g_utf8_get_char (g_utf8_prev_char (text->str + text->len)))
                         ? " "
                         : ". ");
  g_string_append (text, sentence);
}

static void
collect_text (GtkWidget *widget, gboolean with_buttons, gboolean personal_aloud, GString *text)
{
  if (!gtk_widget_get_mapped (widget) || KIOSK_IS_QR_CODE (widget)
      || (!with_buttons && GTK_IS_BUTTON (widget)))
    return;
  if (GTK_IS_EDITABLE (widget))
    return; /* spoken when it has the focus */
  if (!personal_aloud && gtk_widget_has_css_class (widget, "personal"))
    {
      append_sentence (text, hidden_sentence ());
      return;
    }
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "reference-code"))
    {
      /* Repeated to an advisor letter by letter, whatever letters it has */
      g_autofree char *spelled = kiosk_speech_text_spell (gtk_label_get_text (GTK_LABEL (widget)));

      append_sentence (text, spelled);
      return;
    }
  if (GTK_IS_LABEL (widget))
    {
      append_sentence (text, gtk_label_get_text (GTK_LABEL (widget)));
      return;
    }
  if (GTK_IS_PICTURE (widget))
    {
      /* A step's picture is said in words: what it shows. */
      append_sentence (text, gtk_picture_get_alternative_text (GTK_PICTURE (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, with_buttons, personal_aloud, text);
}

char *
kiosk_speech_screen_text (GtkWidget *widget, gboolean with_buttons, gboolean personal_aloud)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  collect_text (widget, with_buttons, personal_aloud, text);
  return g_string_free (text, FALSE);
}

static const char *
role_name (GtkAccessibleRole role)
{
  switch ((int) role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
      /* Translators: spoken after a control's name, as a screen reader does */
      return _ ("button");
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_RADIO:
      /* Translators: spoken after the name of a button that stays chosen */
      return _ ("choice");
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
      /* Translators: spoken after the name of a box to type in */
      return _ ("text field");
    case GTK_ACCESSIBLE_ROLE_LINK:
      return _ ("link");
    case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
    case GTK_ACCESSIBLE_ROLE_ROW:
      /* Translators: spoken after the name of a row in a list, e.g. a search result */
      return _ ("list item");
    default:
      return NULL;
    }
}

/* The label shown just before @widget in its box: a field's name above the field. */
static const char *
field_name (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL && !GTK_IS_ROOT (w); w = gtk_widget_get_parent (w))
    for (GtkWidget *before = gtk_widget_get_prev_sibling (w); before != NULL;
         before = gtk_widget_get_prev_sibling (before))
      if (GTK_IS_LABEL (before) && gtk_widget_get_mapped (before))
        return gtk_label_get_text (GTK_LABEL (before));
  return NULL;
}

/* "Seuraava, painike": the focused control's name, its kind, and what is typed in it. */
static char *
describe_focus (KioskSpeechMode *self, GtkWidget *focus)
{
  GtkWidget *control = focus;
  GtkWidget *entry = gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);
  g_autoptr (GString) text = g_string_new (NULL);
  const char *role;
  const char *tooltip_text;

  if (entry == NULL)
    entry = gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY);
  if (entry != NULL)
    control = entry;

  if (GTK_IS_EDITABLE (control))
    {
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (control));

      append_sentence (text, field_name (control));
      append_sentence (text, role_name (GTK_ACCESSIBLE_ROLE_TEXT_BOX));
      if (typed[0] != '\0')
        append_sentence (text,
                         self->headset || !is_personal (control) ? typed : hidden_sentence ());
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  collect_text (control, TRUE, self->headset, text);
  if (text->len == 0 && (tooltip_text = gtk_widget_get_tooltip_text (control)) != NULL)
    append_sentence (text, tooltip_text);
  role = role_name (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (control)));
  if (role != NULL)
    {
      if (GTK_IS_BUTTON (control) || GTK_IS_LIST_BOX_ROW (control))
        g_string_append (text, text->len > 0 ? ", " : "");
      else
        append_sentence (text, "");
      g_string_append (text, role);
    }
  if (!gtk_widget_get_sensitive (control))
    /* Translators: spoken after a button that cannot be pressed now */
    append_sentence (text, _ ("not available"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
say (KioskSpeechMode *self, const char *text, gboolean cut_off)
{
  NvLang lang;

  if (self->speech == NULL || text == NULL || text[0] == '\0')
    return;
  lang = kiosk_visit_get_language (self->visit);
  if (cut_off)
    kiosk_speech_say (self->speech, text, lang);
  else
    kiosk_speech_add (self->speech, text, lang);
}

static gboolean
flush_cb (gpointer data)
{
  KioskSpeechMode *self = data;
  GtkWidget *focus = self->window != NULL ? gtk_root_get_focus (GTK_ROOT (self->window)) : NULL;
  gboolean   cut_off = TRUE;

  self->flush_source = 0;
  if (!kiosk_visit_get_speech_mode (self->visit) || self->stack == NULL)
    {
      self->turned_on = self->screen_pending = self->focus_pending = FALSE;
      g_ptr_array_set_size (self->messages_pending, 0);
      return G_SOURCE_REMOVE;
    }
  if (self->turned_on)
    {
      /* Translators: spoken when the resident turns speech mode on */
      say (self, _ ("Speech is on."), TRUE);
      cut_off = FALSE;
    }
  if (self->screen_pending)
    {
      g_autofree char *text = kiosk_speech_screen_text (gtk_stack_get_visible_child (self->stack),
                                                        FALSE, self->headset);

      say (self, text, cut_off);
      /* Translators: spoken after each new screen in speech mode */
      say (self, _ ("Move with the arrow keys, choose with Enter, go back with Back."), FALSE);
      cut_off = FALSE;
    }
  if ((self->focus_pending || self->screen_pending) && focus != NULL
      && gtk_widget_get_mapped (focus))
    {
      g_autofree char *text = describe_focus (self, focus);

      say (self, text, cut_off);
      cut_off = FALSE;
    }
  for (guint i = 0; i < self->messages_pending->len; i++)
    {
      GtkWidget *alert = *(GtkWidget **) g_ptr_array_index (self->messages_pending, i);

      if (alert != NULL && gtk_widget_get_mapped (alert))
        {
          g_autofree char *text = kiosk_speech_screen_text (alert, TRUE, self->headset);

          say (self, text, cut_off);
          cut_off = FALSE;
        }
    }
  self->turned_on = self->screen_pending = self->focus_pending = FALSE;
  g_ptr_array_set_size (self->messages_pending, 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (KioskSpeechMode *self)
{
  if (self->flush_source == 0)
    self->flush_source = g_idle_add_full (G_PRIORITY_LOW, flush_cb, self, NULL);
}

static void
screen_changed_cb (KioskSpeechMode *self)
{
  self->screen_pending = TRUE;
  schedule_flush (self);
}

static void
focus_changed_cb (KioskSpeechMode *self)
{
  self->focus_pending = TRUE;
  schedule_flush (self);
}

static void
weak_message_free (gpointer data)
{
  GtkWidget **pointer = data;

  g_clear_weak_pointer (pointer);
  g_free (pointer);
}

static void
message_changed_cb (GtkWidget *alert, GParamSpec *pspec, KioskSpeechMode *self)
{
  GtkWidget **pointer;

  if (!gtk_widget_get_visible (alert))
    return;
  for (guint i = 0; i < self->messages_pending->len; i++)
    if (*(GtkWidget **) g_ptr_array_index (self->messages_pending, i) == alert)
      return;
  pointer = g_new0 (GtkWidget *, 1);
  g_set_weak_pointer (pointer, alert);
  g_ptr_array_add (self->messages_pending, pointer);
  schedule_flush (self);
}

/* A letter taken by the on-screen keys is said back, as a screen reader echoes a
 * typed key; never one typed into a name or a phone number. */
static void
key_accepted_cb (KioskKeyboard *keyboard, const char *value, KioskSpeechMode *self)
{
  GtkEditable *target = kiosk_keyboard_get_target (keyboard);

  if (!kiosk_visit_get_speech_mode (self->visit) || g_utf8_strlen (value, -1) != 1
      || (target != NULL && !self->headset && is_personal (GTK_WIDGET (target))))
    return;
  say (self, value, TRUE);
}

/* The labels that say where one is, and the alerts, are watched once: those of the
 * window when the speech mode is made, those of a screen built later when it is
 * (kiosk_speech_mode_watch_screen). */
static void
watch_widgets (KioskSpeechMode *self, GtkWidget *widget)
{
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_ALERT)
    {
      g_signal_connect_object (widget, GTK_IS_LABEL (widget) ? "notify::label" : "notify::visible",
                               G_CALLBACK (message_changed_cb), self, 0);
      return;
    }
  if (KIOSK_IS_KEYBOARD (widget))
    g_signal_connect_object (widget, "key-accepted", G_CALLBACK (key_accepted_cb), self, 0);
  if (GTK_IS_LABEL (widget)
      && (gtk_widget_has_css_class (widget, "page-title")
          || gtk_widget_has_css_class (widget, "step-progress")))
    g_signal_connect_object (widget, "notify::label", G_CALLBACK (screen_changed_cb), self,
                             G_CONNECT_SWAPPED);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_widgets (self, child);
}

static void
speech_mode_changed_cb (KioskSpeechMode *self)
{
  if (kiosk_visit_get_speech_mode (self->visit))
    {
      self->turned_on = TRUE;
      self->screen_pending = TRUE;
      schedule_flush (self);
    }
  else if (kiosk_visit_get_session_id (self->visit) != NULL)
    /* Translators: spoken when the resident turns speech mode off */
    say (self, _ ("Speech is off."), TRUE);
  else if (self->speech != NULL)
    kiosk_speech_stop (self->speech); /* the visit ended: not a word more */
}

static void
volume_changed_cb (KioskSpeechMode *self, GParamSpec *pspec, KioskVisit *visit)
{
  int volume = kiosk_visit_get_speech_volume (visit);

  if (self->speech != NULL)
    kiosk_speech_set_volume (self->speech, volume);
  if (kiosk_visit_get_speech_mode (visit))
    /* Translators: spoken when the resident turns the voice up or down */
    say (self, volume > self->volume ? _ ("Louder.") : _ ("Quieter."), TRUE);
  self->volume = volume;
}

static void
countdown_changed_cb (KioskSpeechMode *self)
{
  guint seconds = kiosk_visit_get_countdown (self->visit);

  if (!self->counting || !kiosk_visit_get_speech_mode (self->visit) || seconds == 0
      || (seconds % 10 != 0 && seconds > 5))
    return;
  {
    /* Translators: the inactivity countdown, spoken in speech mode */
    g_autofree char *text
        = g_strdup_printf (ngettext ("%u second.", "%u seconds.", seconds), seconds);

    say (self, text, TRUE);
  }
}

/* The countdown's first value is notified before the warning: it is in the warning's
 * own text, spoken with it. */
static void
idle_warning_changed_cb (KioskSpeechMode *self)
{
  self->counting = kiosk_visit_get_idle_warning (self->visit);
}

static const char *
key_label (const char *key)
{
  if (g_strcmp0 (key, "KP_Multiply") == 0)
    /* Translators: the name of the * key on a keypad, as in "press the star key" */
    return _ ("star");
  if (g_strcmp0 (key, "KP_Add") == 0)
    /* Translators: the name of the + key on a keypad */
    return _ ("plus");
  return key;
}

/* Someone arrived: say once how speech is turned on, before they look for it. */
static gboolean
input_cb (GtkEventControllerLegacy *controller, GdkEvent *event, KioskSpeechMode *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  g_auto (GStrv) keys = NULL;
  const char      *key;
  g_autofree char *hint = NULL;

  if ((type != GDK_BUTTON_PRESS && type != GDK_TOUCH_BEGIN && type != GDK_KEY_PRESS) || self->hinted
      || kiosk_visit_get_speech_mode (self->visit) || self->speech == NULL
      || !kiosk_speech_get_available (self->speech))
    return GDK_EVENT_PROPAGATE;
  keys = self->settings != NULL ? g_settings_get_strv (self->settings, "speech-keys") : NULL;
  /* The speech key itself: they know it already. */
  if (type == GDK_KEY_PRESS && keys != NULL
      && g_strv_contains ((const char *const *) keys,
                          gdk_keyval_name (gdk_key_event_get_keyval (event))))
    return GDK_EVENT_PROPAGATE;
  self->hinted = TRUE;
  key = keys != NULL && keys[0] != NULL ? keys[0] : "F12";
  /* Translators: spoken once to each new resident; %s is the name of a key */
  hint = g_strdup_printf (_ ("For speech, press the %s key."), key_label (key));
  say (self, hint, TRUE);
  return GDK_EVENT_PROPAGATE;
}

static void
visit_ended_cb (KioskSpeechMode *self, const char *reason)
{
  /* The next resident hears the hint; the same one starting over does not. */
  if (g_strcmp0 (reason, "start-over") != 0)
    self->hinted = FALSE;
}

static void
kiosk_speech_mode_dispose (GObject *object)
{
  KioskSpeechMode *self = (KioskSpeechMode *) object;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->stack);
  g_clear_object (&self->visit);
  g_clear_object (&self->speech);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->messages_pending, g_ptr_array_unref);
  G_OBJECT_CLASS (kiosk_speech_mode_parent_class)->dispose (object);
}

static void
kiosk_speech_mode_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskSpeechMode *self = KIOSK_SPEECH_MODE (object);

  switch (prop_id)
    {
    case PROP_HEADSET:
      g_value_set_boolean (value, self->headset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_speech_mode_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KioskSpeechMode *self = KIOSK_SPEECH_MODE (object);

  switch (prop_id)
    {
    case PROP_HEADSET:
      kiosk_speech_mode_set_headset (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_speech_mode_class_init (KioskSpeechModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_speech_mode_dispose;
  object_class->get_property = kiosk_speech_mode_get_property;
  object_class->set_property = kiosk_speech_mode_set_property;

  properties[PROP_HEADSET]
      = g_param_spec_boolean ("headset", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_speech_mode_init (KioskSpeechMode *self)
{
  self->messages_pending = g_ptr_array_new_with_free_func (weak_message_free);
}

KioskSpeechMode *
kiosk_speech_mode_new (GtkWindow *window, GtkStack *stack, KioskVisit *visit, GSettings *settings)
{
  KioskSpeechMode    *self;
  GtkEventController *input;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (GTK_IS_STACK (stack), NULL);
  g_return_val_if_fail (KIOSK_IS_VISIT (visit), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KIOSK_TYPE_SPEECH_MODE, NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_weak_pointer (&self->stack, stack);
  self->visit = g_object_ref (visit);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_settings_bind (settings, "speech-headset", self, "headset", G_SETTINGS_BIND_GET);
    }

  g_signal_connect_object (visit, "notify::speech-mode", G_CALLBACK (speech_mode_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "notify::speech-volume", G_CALLBACK (volume_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "notify::countdown", G_CALLBACK (countdown_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "notify::idle-warning", G_CALLBACK (idle_warning_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "ended", G_CALLBACK (visit_ended_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (stack, "notify::visible-child", G_CALLBACK (screen_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "notify::focus-widget", G_CALLBACK (focus_changed_cb), self,
                           G_CONNECT_SWAPPED);
  watch_widgets (self, GTK_WIDGET (window));

  input = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect_object (input, "event", G_CALLBACK (input_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), input);
  return self;
}

void
kiosk_speech_mode_set_speech (KioskSpeechMode *self, KioskSpeech *speech)
{
  g_return_if_fail (KIOSK_IS_SPEECH_MODE (self));
  g_return_if_fail (speech == NULL || KIOSK_IS_SPEECH (speech));

  if (!g_set_object (&self->speech, speech) || speech == NULL)
    return;
  kiosk_speech_set_volume (speech, kiosk_visit_get_speech_volume (self->visit));
}

gboolean
kiosk_speech_mode_get_headset (KioskSpeechMode *self)
{
  g_return_val_if_fail (KIOSK_IS_SPEECH_MODE (self), FALSE);
  return self->headset;
}

void
kiosk_speech_mode_set_headset (KioskSpeechMode *self, gboolean headset)
{
  g_return_if_fail (KIOSK_IS_SPEECH_MODE (self));

  headset = !!headset;
  if (self->headset == headset)
    return;
  self->headset = headset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADSET]);
}

void
kiosk_speech_mode_watch_screen (KioskSpeechMode *self, GtkWidget *screen)
{
  g_return_if_fail (KIOSK_IS_SPEECH_MODE (self));
  g_return_if_fail (GTK_IS_WIDGET (screen));

  watch_widgets (self, screen);
}

/* kiosk-visit.c
 *
 * Everything that belongs to one resident, in one object, so that the screens bind to
 * it and ending a visit is one call. No widgets here: the window and the screens react
 * to the properties.
 *
 * The language is also the one the kiosk's words are looked up in (kiosk-language.h,
 * never the process's locale or environment): it is switched before "language" is
 * notified, so that every screen re-translating itself on that notification already
 * gets the new words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-language.h"
#include "kiosk-visit.h"

struct _KioskVisit
{
  GObject parent_instance;

  KioskRecorder  *recorder;
  NvLang          language;
  NvLang          default_language;
  guint           default_text_size; /* what each visit starts in (kiosk_visit_set_defaults) */
  guint           text_size;         /* 0 (already large) … 2 */
  gboolean        high_contrast;
  gboolean        speaking;
  gboolean        speech_mode;         /* everything spoken, for a resident who cannot see */
  gboolean        default_speech_mode; /* what each visit starts in (speech-default) */
  int             speech_volume;       /* -100 … 100, speech-dispatcher's scale */
  NvAccessProfile access_profile;      /* the directory's accessibility needs */
  char           *session_id;
  gint64          session_started; /* monotonic µs */

  /* Inactivity: a quiet visit is warned, then ended. */
  guint    idle_timeout_ms;
  guint    idle_warning_ms;
  guint    idle_source;
  guint    countdown_source;
  gint64   warning_deadline; /* monotonic µs */
  gboolean idle_warning;
  guint    countdown;
};

enum
{
  PROP_0,
  PROP_LANGUAGE,
  PROP_DEFAULT_LANGUAGE,
  PROP_TEXT_SIZE,
  PROP_HIGH_CONTRAST,
  PROP_SPEAKING,
  PROP_SPEECH_MODE,
  PROP_SPEECH_VOLUME,
  PROP_ACCESS_PROFILE,
  PROP_SESSION_ID,
  PROP_IDLE_WARNING,
  PROP_COUNTDOWN,
  N_PROPS
};

enum
{
  ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskVisit, kiosk_visit, G_TYPE_OBJECT)

static void
set_idle_warning (KioskVisit *self, gboolean shown, guint countdown)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->countdown != countdown)
    {
      self->countdown = countdown;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTDOWN]);
    }
  if (self->idle_warning != shown)
    {
      self->idle_warning = shown;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_WARNING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static guint
seconds_left (KioskVisit *self)
{
  gint64 left_us = self->warning_deadline - g_get_monotonic_time ();

  return (guint) MAX ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 0);
}

static void
stop_idle_timers (KioskVisit *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  set_idle_warning (self, FALSE, self->countdown);
}

static gboolean
countdown_cb (gpointer user_data)
{
  KioskVisit *self = user_data;

  if (g_get_monotonic_time () >= self->warning_deadline)
    {
      self->countdown_source = 0;
      kiosk_visit_end (self, "timeout");
      return G_SOURCE_REMOVE;
    }
  set_idle_warning (self, TRUE, seconds_left (self));
  return G_SOURCE_CONTINUE;
}

static gboolean
idle_cb (gpointer user_data)
{
  KioskVisit *self = user_data;

  self->idle_source = 0;
  self->warning_deadline = g_get_monotonic_time () + (gint64) self->idle_warning_ms * 1000;
  set_idle_warning (self, TRUE, seconds_left (self));
  self->countdown_source = g_timeout_add (MIN (self->idle_warning_ms, 250), countdown_cb, self);
  return G_SOURCE_REMOVE;
}

static void
kiosk_visit_dispose (GObject *object)
{
  KioskVisit *self = (KioskVisit *) object;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  g_clear_object (&self->recorder);
  G_OBJECT_CLASS (kiosk_visit_parent_class)->dispose (object);
}

static void
kiosk_visit_finalize (GObject *object)
{
  KioskVisit *self = (KioskVisit *) object;

  g_clear_pointer (&self->session_id, g_free);
  G_OBJECT_CLASS (kiosk_visit_parent_class)->finalize (object);
}

static void
kiosk_visit_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskVisit *self = KIOSK_VISIT (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_int (value, self->language);
      break;
    case PROP_DEFAULT_LANGUAGE:
      g_value_set_int (value, self->default_language);
      break;
    case PROP_TEXT_SIZE:
      g_value_set_uint (value, self->text_size);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_SPEAKING:
      g_value_set_boolean (value, self->speaking);
      break;
    case PROP_SPEECH_MODE:
      g_value_set_boolean (value, self->speech_mode);
      break;
    case PROP_SPEECH_VOLUME:
      g_value_set_int (value, self->speech_volume);
      break;
    case PROP_ACCESS_PROFILE:
      g_value_set_int (value, self->access_profile);
      break;
    case PROP_SESSION_ID:
      g_value_set_string (value, self->session_id);
      break;
    case PROP_IDLE_WARNING:
      g_value_set_boolean (value, self->idle_warning);
      break;
    case PROP_COUNTDOWN:
      g_value_set_uint (value, self->countdown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_visit_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskVisit *self = KIOSK_VISIT (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      kiosk_visit_set_language (self, g_value_get_int (value));
      break;
    case PROP_DEFAULT_LANGUAGE:
      self->default_language = self->language = g_value_get_int (value);
      break;
    case PROP_TEXT_SIZE:
      kiosk_visit_set_text_size (self, g_value_get_uint (value));
      break;
    case PROP_HIGH_CONTRAST:
      kiosk_visit_set_high_contrast (self, g_value_get_boolean (value));
      break;
    case PROP_SPEAKING:
      kiosk_visit_set_speaking (self, g_value_get_boolean (value));
      break;
    case PROP_SPEECH_MODE:
      kiosk_visit_set_speech_mode (self, g_value_get_boolean (value));
      break;
    case PROP_SPEECH_VOLUME:
      kiosk_visit_set_speech_volume (self, g_value_get_int (value));
      break;
    case PROP_ACCESS_PROFILE:
      kiosk_visit_set_access_profile (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_visit_class_init (KioskVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kiosk_visit_dispose;
  object_class->finalize = kiosk_visit_finalize;
  object_class->get_property = kiosk_visit_get_property;
  object_class->set_property = kiosk_visit_set_property;

  properties[PROP_LANGUAGE]
      = g_param_spec_int ("language", NULL, NULL, 0, NV_N_LANGS - 1, NV_LANG_DEFAULT, rw);
  properties[PROP_DEFAULT_LANGUAGE]
      = g_param_spec_int ("default-language", NULL, NULL, 0, NV_N_LANGS - 1, NV_LANG_DEFAULT,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT_SIZE] = g_param_spec_uint ("text-size", NULL, NULL, 0, 2, 0, rw);
  properties[PROP_HIGH_CONTRAST] = g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE, rw);
  properties[PROP_SPEAKING] = g_param_spec_boolean ("speaking", NULL, NULL, FALSE, rw);
  properties[PROP_SPEECH_MODE] = g_param_spec_boolean ("speech-mode", NULL, NULL, FALSE, rw);
  properties[PROP_SPEECH_VOLUME] = g_param_spec_int ("speech-volume", NULL, NULL, -100, 100, 0, rw);
  properties[PROP_ACCESS_PROFILE]
      = g_param_spec_int ("access-profile", NULL, NULL, 0, NV_N_ACCESS_PROFILES - 1, 0, rw);
  properties[PROP_SESSION_ID] = g_param_spec_string ("session-id", NULL, NULL, NULL, ro);
  properties[PROP_IDLE_WARNING] = g_param_spec_boolean ("idle-warning", NULL, NULL, FALSE, ro);
  properties[PROP_COUNTDOWN] = g_param_spec_uint ("countdown", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The visit is ending, its session still open: erase what was typed. */
  signals[ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_visit_init (KioskVisit *self)
{
  self->idle_timeout_ms = 120 * 1000;
  self->idle_warning_ms = 30 * 1000;
}

KioskVisit *
kiosk_visit_new (KioskStore *store, NvLang default_language)
{
  KioskVisit *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (default_language < NV_N_LANGS, NULL);

  self = g_object_new (KIOSK_TYPE_VISIT, "default-language", default_language, NULL);
  kiosk_language_apply (default_language);
  self->recorder = kiosk_recorder_new (store, self);
  return self;
}

KioskRecorder *
kiosk_visit_get_recorder (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), NULL);
  return self->recorder;
}

NvLang
kiosk_visit_get_language (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), NV_LANG_DEFAULT);
  return self->language;
}

void
kiosk_visit_set_language (KioskVisit *self, NvLang language)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));
  g_return_if_fail (language < NV_N_LANGS);

  if (self->language == language)
    return;
  self->language = language;
  kiosk_language_apply (language);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

NvLang
kiosk_visit_get_default_language (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), NV_LANG_DEFAULT);
  return self->default_language;
}

guint
kiosk_visit_get_text_size (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), 0);
  return self->text_size;
}

void
kiosk_visit_set_text_size (KioskVisit *self, guint text_size)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));
  g_return_if_fail (text_size <= 2);

  if (self->text_size == text_size)
    return;
  self->text_size = text_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SIZE]);
}

gboolean
kiosk_visit_get_high_contrast (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), FALSE);
  return self->high_contrast;
}

void
kiosk_visit_set_high_contrast (KioskVisit *self, gboolean high_contrast)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;
  self->high_contrast = high_contrast;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

gboolean
kiosk_visit_get_speaking (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), FALSE);
  return self->speaking;
}

void
kiosk_visit_set_speaking (KioskVisit *self, gboolean speaking)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));

  speaking = !!speaking;
  if (self->speaking == speaking)
    return;
  self->speaking = speaking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
}

gboolean
kiosk_visit_get_speech_mode (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), FALSE);
  return self->speech_mode;
}

void
kiosk_visit_set_speech_mode (KioskVisit *self, gboolean speech_mode)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));

  speech_mode = !!speech_mode;
  if (self->speech_mode == speech_mode)
    return;
  self->speech_mode = speech_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEECH_MODE]);
}

int
kiosk_visit_get_speech_volume (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), 0);
  return self->speech_volume;
}

void
kiosk_visit_set_speech_volume (KioskVisit *self, int volume)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));

  volume = CLAMP (volume, -100, 100);
  if (self->speech_volume == volume)
    return;
  self->speech_volume = volume;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEECH_VOLUME]);
}

NvAccessProfile
kiosk_visit_get_access_profile (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), NV_ACCESS_PROFILE_NONE);
  return self->access_profile;
}

void
kiosk_visit_set_access_profile (KioskVisit *self, NvAccessProfile profile)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));
  g_return_if_fail (profile < NV_N_ACCESS_PROFILES);

  if (self->access_profile == profile)
    return;
  self->access_profile = profile;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_PROFILE]);
}

gboolean
kiosk_visit_begin (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), FALSE);

  if (self->session_id != NULL)
    return FALSE;
  self->session_id = g_uuid_string_random ();
  self->session_started = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_ID]);
  return TRUE;
}

const char *
kiosk_visit_get_session_id (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), NULL);
  return self->session_id;
}

gint64
kiosk_visit_get_duration (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), 0);

  if (self->session_id == NULL)
    return 0;
  return (g_get_monotonic_time () - self->session_started) / G_USEC_PER_SEC;
}

void
kiosk_visit_set_idle_timeouts (KioskVisit *self, guint quiet_ms, guint warning_ms)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));
  g_return_if_fail (quiet_ms > 0 && warning_ms > 0);

  self->idle_timeout_ms = quiet_ms;
  self->idle_warning_ms = warning_ms;
}

/* Someone is here: the quiet period starts again. Only a visit in progress is timed. */
void
kiosk_visit_note_activity (KioskVisit *self)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));

  stop_idle_timers (self);
  if (self->session_id != NULL)
    self->idle_source = g_timeout_add (self->idle_timeout_ms, idle_cb, self);
}

gboolean
kiosk_visit_get_idle_warning (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), FALSE);
  return self->idle_warning;
}

guint
kiosk_visit_get_countdown (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), 0);
  return self->countdown;
}

/* Stops the countdown, lets the screens erase what was typed ("ended") and records
 * the end of the session, in the settings the resident had. */
static void
finish_session (KioskVisit *self, const char *reason)
{
  stop_idle_timers (self);
  g_signal_emit (self, signals[ENDED], 0, reason);
  if (self->session_id != NULL)
    {
      kiosk_recorder_record (self->recorder, NV_EVENT_SESSION_END, NULL,
                             kiosk_visit_get_duration (self), reason);
      g_clear_pointer (&self->session_id, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_ID]);
    }
}

/* Back to the start for the next resident: nothing typed is kept, the settings return
 * to the defaults, and no event is recorded until someone touches the screen again. */
void
kiosk_visit_end (KioskVisit *self, const char *reason)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));
  g_return_if_fail (reason != NULL);

  g_object_ref (self);
  finish_session (self, reason);
  g_object_freeze_notify (G_OBJECT (self));
  kiosk_visit_set_access_profile (self, NV_ACCESS_PROFILE_NONE);
  kiosk_visit_set_speaking (self, FALSE);
  kiosk_visit_set_speech_mode (self, self->default_speech_mode);
  kiosk_visit_set_speech_volume (self, 0);
  kiosk_visit_set_text_size (self, self->default_text_size);
  kiosk_visit_set_high_contrast (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
  kiosk_visit_set_language (self, self->default_language);
  g_object_unref (self);
}

/* The resident asked to start over and is still here: what they typed goes, the way
 * they need to see and hear the kiosk stays, and their new session starts now. */
void
kiosk_visit_restart (KioskVisit *self)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));

  g_object_ref (self);
  finish_session (self, "start-over");
  /* What they need of a place is what they told the kiosk: theirs, like what they typed. */
  kiosk_visit_set_access_profile (self, NV_ACCESS_PROFILE_NONE);
  kiosk_visit_set_language (self, self->default_language);
  kiosk_visit_begin (self);
  kiosk_visit_note_activity (self);
  g_object_unref (self);
}

/* The kiosk's settings changed (the server's, kiosk-remote-config.c): visits start in
 * @language and @text_size from now on; a visit going on keeps what it has. */
void
kiosk_visit_set_defaults (KioskVisit *self, NvLang language, guint text_size)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));
  g_return_if_fail (language < NV_N_LANGS);
  g_return_if_fail (text_size <= 2);

  self->default_language = language;
  self->default_text_size = text_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_LANGUAGE]);
  if (self->session_id != NULL)
    return;
  kiosk_visit_set_text_size (self, text_size);
  kiosk_visit_set_language (self, language);
}

/* The kiosk's speech-default changed (the server's, or the local administrator's):
 * visits start with speech mode @speech_mode from now on; a visit going on keeps what it
 * has. */
void
kiosk_visit_set_speech_default (KioskVisit *self, gboolean speech_mode)
{
  g_return_if_fail (KIOSK_IS_VISIT (self));

  self->default_speech_mode = !!speech_mode;
  if (self->session_id == NULL)
    kiosk_visit_set_speech_mode (self, self->default_speech_mode);
}

gboolean
kiosk_visit_get_speech_default (KioskVisit *self)
{
  g_return_val_if_fail (KIOSK_IS_VISIT (self), FALSE);
  return self->default_speech_mode;
}

/* kiosk-speech.c
 *
 * speech-dispatcher speaks in the voice and synthesiser the system has for the
 * language (espeak-ng, RHVoice and others have Finnish and Swedish voices). The kiosk
 * only needs to say what and in which language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libspeechd.h>

#include "kiosk-speech-text.h"
#include "kiosk-speech.h"

struct _KioskSpeech
{
  GObject parent_instance;

  SPDConnection *connection; /* NULL: silent */
  gboolean       available;
  int            volume; /* -100 … 100 */
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (KioskSpeech, kiosk_speech, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_AVAILABLE,
  PROP_VOLUME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SAY,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_available (KioskSpeech *self, gboolean available)
{
  if (self->available == available)
    return;
  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

gboolean
kiosk_speech_get_available (KioskSpeech *self)
{
  g_return_val_if_fail (KIOSK_IS_SPEECH (self), FALSE);
  return self->available;
}

static void
speak (KioskSpeech *self, const char *text, NvLang lang, gboolean cut_off)
{
  g_autofree char *spoken = NULL;

  if (!self->available)
    return;
  /* Numbers as they are dialled, codes letter by letter: for everything spoken. */
  spoken = kiosk_speech_text_format (text, lang);
  g_signal_emit (self, signals[SAY], 0, spoken, (int) lang);
  if (self->connection == NULL)
    return;
  if (cut_off)
    spd_cancel (self->connection);
  /* Plain Finnish is Finnish to a voice. */
  spd_set_language (self->connection, nv_lang_to_code (nv_lang_base (lang)));
  if (spd_say (self->connection, SPD_TEXT, spoken) < 0)
    g_debug ("speech-dispatcher refused the text");
}

void
kiosk_speech_say (KioskSpeech *self, const char *text, NvLang lang)
{
  g_return_if_fail (KIOSK_IS_SPEECH (self));
  g_return_if_fail (text != NULL);

  speak (self, text, lang, TRUE);
}

void
kiosk_speech_add (KioskSpeech *self, const char *text, NvLang lang)
{
  g_return_if_fail (KIOSK_IS_SPEECH (self));
  g_return_if_fail (text != NULL);

  speak (self, text, lang, FALSE);
}

int
kiosk_speech_get_volume (KioskSpeech *self)
{
  g_return_val_if_fail (KIOSK_IS_SPEECH (self), 0);
  return self->volume;
}

void
kiosk_speech_set_volume (KioskSpeech *self, int volume)
{
  g_return_if_fail (KIOSK_IS_SPEECH (self));

  volume = CLAMP (volume, -100, 100);
  if (self->connection != NULL && spd_set_volume (self->connection, volume) < 0)
    g_debug ("speech-dispatcher refused the volume");
  if (self->volume == volume)
    return;
  self->volume = volume;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

void
kiosk_speech_stop (KioskSpeech *self)
{
  g_return_if_fail (KIOSK_IS_SPEECH (self));

  if (self->connection != NULL)
    spd_cancel (self->connection);
}

/* speech-dispatcher calls back from its own thread, with no user data: the one speech
 * object of the process is found through a weak reference. */
static GWeakRef speaking_object;

static gboolean
finished_idle_cb (gpointer data)
{
  g_autoptr (KioskSpeech) self = g_weak_ref_get (&speaking_object);

  if (self != NULL)
    g_signal_emit (self, signals[FINISHED], 0);
  return G_SOURCE_REMOVE;
}

static void
end_cb (size_t msg_id, size_t client_id, SPDNotificationType state)
{
  g_idle_add (finished_idle_cb, NULL);
}

/* In a worker thread: opening may start the speech-dispatcher daemon, which takes a
 * while, or time out when it is not installed. */
static void
connect_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  char          *error = NULL;
  SPDConnection *connection
      = spd_open2 ("neuvokas-kiosk", "main", NULL, SPD_MODE_THREADED, NULL, TRUE, &error);

  if (connection == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "speech-dispatcher is not available: %s",
                               error != NULL ? error : "no reason given");
      free (error);
      return;
    }
  connection->callback_end = end_cb;
  spd_set_notification_on (connection, SPD_END);
  g_task_return_pointer (task, connection, (GDestroyNotify) spd_close);
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  SPDConnection *connection = g_task_propagate_pointer (G_TASK (result), &error);
  KioskSpeech   *self;

  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Reading aloud is off: %s", error->message);
      return;
    }
  self = KIOSK_SPEECH (source);
  self->connection = connection;
  spd_set_volume (connection, self->volume);
  g_weak_ref_set (&speaking_object, self);
  set_available (self, TRUE);
}

static void
kiosk_speech_dispose (GObject *object)
{
  KioskSpeech *self = KIOSK_SPEECH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->connection, spd_close);
  G_OBJECT_CLASS (kiosk_speech_parent_class)->dispose (object);
}

static void
kiosk_speech_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskSpeech *self = KIOSK_SPEECH (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_VOLUME:
      g_value_set_int (value, self->volume);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_speech_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskSpeech *self = KIOSK_SPEECH (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      kiosk_speech_set_volume (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_speech_class_init (KioskSpeechClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_speech_dispose;
  object_class->get_property = kiosk_speech_get_property;
  object_class->set_property = kiosk_speech_set_property;

  properties[PROP_AVAILABLE]
      = g_param_spec_boolean ("available", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOLUME]
      = g_param_spec_int ("volume", NULL, NULL, -100, 100, 0,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KioskSpeech::say:
   * @text: what is spoken, numbers and codes as they are read out
   * @lang: its language, an #NvLang
   *
   * Emitted for everything spoken, with or without speech-dispatcher: exactly what
   * speech-dispatcher is sent.
   */
  signals[SAY] = g_signal_new ("say", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                               NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);

  /**
   * KioskSpeech::finished:
   *
   * Emitted when speech-dispatcher has said all of the text (not when stopped).
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_speech_init (KioskSpeech *self)
{
  self->cancellable = g_cancellable_new ();
}

KioskSpeech *
kiosk_speech_new (void)
{
  KioskSpeech *self = g_object_new (KIOSK_TYPE_SPEECH, NULL);
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, connected_cb, NULL);

  g_task_set_source_tag (task, kiosk_speech_new);
  g_task_run_in_thread (task, connect_thread);
  return self;
}

KioskSpeech *
kiosk_speech_new_silent (void)
{
  KioskSpeech *self = g_object_new (KIOSK_TYPE_SPEECH, NULL);

  self->available = TRUE;
  return self;
}

/* kiosk-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-recorder.h"

struct _KioskRecorder
{
  GObject parent_instance;

  KioskStore *store;
  char       *session;
  gint64      session_started; /* monotonic µs */
  NvLang      lang;
  guint8      text_size;
  gboolean    high_contrast;
};

G_DEFINE_FINAL_TYPE (KioskRecorder, kiosk_recorder, G_TYPE_OBJECT)

static void
kiosk_recorder_dispose (GObject *object)
{
  KioskRecorder *self = (KioskRecorder *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->session, g_free);
  G_OBJECT_CLASS (kiosk_recorder_parent_class)->dispose (object);
}

static void
kiosk_recorder_class_init (KioskRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kiosk_recorder_dispose;
}

static void
kiosk_recorder_init (KioskRecorder *self)
{
}

KioskRecorder *
kiosk_recorder_new (KioskStore *store)
{
  KioskRecorder *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  self = g_object_new (KIOSK_TYPE_RECORDER, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
kiosk_recorder_set_language (KioskRecorder *self, NvLang lang)
{
  g_return_if_fail (KIOSK_IS_RECORDER (self));
  self->lang = lang;
}

void
kiosk_recorder_set_display (KioskRecorder *self, guint8 text_size, gboolean high_contrast)
{
  g_return_if_fail (KIOSK_IS_RECORDER (self));
  g_return_if_fail (text_size <= 2);

  self->text_size = text_size;
  self->high_contrast = high_contrast;
}

static void
write_event (
    KioskRecorder *self, NvEventType type, const char *subject, gint64 value, const char *detail)
{
  g_autoptr (NvEvent) event = nv_event_new (type, self->session);
  g_autoptr (GError) error = NULL;

  event->subject = g_strdup (subject);
  event->detail = g_strdup (detail);
  event->value = value;
  event->language = self->lang;
  event->text_size = self->text_size;
  event->high_contrast = self->high_contrast;
  /* Losing one event is better than bothering a resident: keep it for the log only. */
  if (!kiosk_store_events_add (self->store, event, &error))
    g_debug ("Event %s not recorded: %s", nv_event_type_to_string (type), error->message);
}

void
kiosk_recorder_record (
    KioskRecorder *self, NvEventType type, const char *subject, gint64 value, const char *detail)
{
  g_return_if_fail (KIOSK_IS_RECORDER (self));

  if (self->session == NULL)
    {
      self->session = g_uuid_string_random ();
      self->session_started = g_get_monotonic_time ();
      write_event (self, NV_EVENT_SESSION_START, NULL, 0, NULL);
    }
  write_event (self, type, subject, value, detail);
}

void
kiosk_recorder_end_session (KioskRecorder *self, const char *reason)
{
  gint64 seconds;

  g_return_if_fail (KIOSK_IS_RECORDER (self));

  if (self->session == NULL)
    return;
  seconds = (g_get_monotonic_time () - self->session_started) / G_USEC_PER_SEC;
  write_event (self, NV_EVENT_SESSION_END, NULL, seconds, reason);
  g_clear_pointer (&self->session, g_free);
}

const char *
kiosk_recorder_get_session (KioskRecorder *self)
{
  g_return_val_if_fail (KIOSK_IS_RECORDER (self), NULL);
  return self->session;
}

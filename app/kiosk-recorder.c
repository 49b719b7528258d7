/* kiosk-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-recorder.h"
#include "kiosk-visit.h"

struct _KioskRecorder
{
  GObject parent_instance;

  KioskStore *store;
  /* A weak pointer: the visit owns the recorder, but screens that keep a reference to
   * the recorder may outlive it; then nothing more is recorded. */
  KioskVisit *visit;
};

G_DEFINE_FINAL_TYPE (KioskRecorder, kiosk_recorder, G_TYPE_OBJECT)

static void
kiosk_recorder_dispose (GObject *object)
{
  KioskRecorder *self = (KioskRecorder *) object;

  g_clear_weak_pointer (&self->visit);
  g_clear_object (&self->store);
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
kiosk_recorder_new (KioskStore *store, KioskVisit *visit)
{
  KioskRecorder *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (KIOSK_IS_VISIT (visit), NULL);

  self = g_object_new (KIOSK_TYPE_RECORDER, NULL);
  self->store = g_object_ref (store);
  g_set_weak_pointer (&self->visit, visit);
  return self;
}

static void
write_event (
    KioskRecorder *self, NvEventType type, const char *subject, gint64 value, const char *detail)
{
  g_autoptr (NvEvent) event = nv_event_new (type, kiosk_visit_get_session_id (self->visit));
  g_autoptr (GError) error = NULL;

  event->subject = g_strdup (subject);
  event->detail = g_strdup (detail);
  event->value = value;
  event->language = kiosk_visit_get_language (self->visit);
  event->text_size = (guint8) kiosk_visit_get_text_size (self->visit);
  event->high_contrast = kiosk_visit_get_high_contrast (self->visit);
  /* The content on screen is the store's: screens refresh as soon as new content is in. */
  event->content_revision = MAX (kiosk_store_get_revision (self->store), 0);
  /* Losing one event is better than bothering a resident: keep it for the log only. */
  if (!kiosk_store_events_add (self->store, event, &error))
    g_debug ("Event %s not recorded: %s", nv_event_type_to_string (type), error->message);
}

void
kiosk_recorder_record (
    KioskRecorder *self, NvEventType type, const char *subject, gint64 value, const char *detail)
{
  g_return_if_fail (KIOSK_IS_RECORDER (self));

  if (self->visit == NULL)
    return;
  if (kiosk_visit_begin (self->visit))
    write_event (self, NV_EVENT_SESSION_START, NULL, 0, NULL);
  write_event (self, type, subject, value, detail);
}

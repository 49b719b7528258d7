/* kiosk-recorder.h — anonymous usage events, written to the store's outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_RECORDER (kiosk_recorder_get_type ())

G_DECLARE_FINAL_TYPE (KioskRecorder, kiosk_recorder, KIOSK, RECORDER, GObject)

KioskRecorder *kiosk_recorder_new (KioskStore *store);
void           kiosk_recorder_set_language (KioskRecorder *self, NvLang lang);
/* The accessibility settings in use, carried by every event from now on. */
void kiosk_recorder_set_display (KioskRecorder *self, guint8 text_size, gboolean high_contrast);
/* Records one event. The first event of a visit starts a session (a new random
 * id, session_start); nothing typed by the resident is ever passed here. */
void kiosk_recorder_record (
    KioskRecorder *self, NvEventType type, const char *subject, gint64 value, const char *detail);
/* Ends the visit (session_end with its length in seconds); the id is forgotten. */
void        kiosk_recorder_end_session (KioskRecorder *self, const char *reason);
const char *kiosk_recorder_get_session (KioskRecorder *self);

G_END_DECLS

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

typedef struct _KioskVisit KioskVisit;

/* The visit's own (kiosk_visit_get_recorder): @visit owns the recorder, which reads the
 * session, language and display of every event from it. */
KioskRecorder *kiosk_recorder_new (KioskStore *store, KioskVisit *visit);
/* Records one event. The first event of a visit starts a session (a new random
 * id, session_start); nothing typed by the resident is ever passed here. */
void kiosk_recorder_record (
    KioskRecorder *self, NvEventType type, const char *subject, gint64 value, const char *detail);

G_END_DECLS

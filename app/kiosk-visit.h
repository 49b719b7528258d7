/* kiosk-visit.h — one resident's visit: language, display, reading aloud, the session
 * and the inactivity countdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-recorder.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_VISIT (kiosk_visit_get_type ())

G_DECLARE_FINAL_TYPE (KioskVisit, kiosk_visit, KIOSK, VISIT, GObject)

/* Properties (all notify only on a change): "language" (NvLang), "default-language"
 * (construct-only), "text-size" (0 … 2), "high-contrast", "speaking" (reading one screen
 * aloud), "speech-mode" (speaking everything, for a resident who cannot see: the
 * speech key turns it on), "speech-volume" (-100 … 100, 0 the kiosk's default), "session-id"
 * (read-only; NULL between visits), "access-profile" (an NvAccessProfile: the accessibility
 * needs chosen in the directory), "idle-warning" and "countdown" (read-only: the
 * warning is up, with this many seconds left). Events go to @store. */
KioskVisit *kiosk_visit_new (KioskStore *store, NvLang default_language);

/* Records the visit's events, each carrying the visit's session, language and display. */
KioskRecorder *kiosk_visit_get_recorder (KioskVisit *self);

NvLang          kiosk_visit_get_language (KioskVisit *self);
void            kiosk_visit_set_language (KioskVisit *self, NvLang language);
NvLang          kiosk_visit_get_default_language (KioskVisit *self);
guint           kiosk_visit_get_text_size (KioskVisit *self);
void            kiosk_visit_set_text_size (KioskVisit *self, guint text_size);
gboolean        kiosk_visit_get_high_contrast (KioskVisit *self);
void            kiosk_visit_set_high_contrast (KioskVisit *self, gboolean high_contrast);
gboolean        kiosk_visit_get_speaking (KioskVisit *self);
void            kiosk_visit_set_speaking (KioskVisit *self, gboolean speaking);
gboolean        kiosk_visit_get_speech_mode (KioskVisit *self);
void            kiosk_visit_set_speech_mode (KioskVisit *self, gboolean speech_mode);
int             kiosk_visit_get_speech_volume (KioskVisit *self);
void            kiosk_visit_set_speech_volume (KioskVisit *self, int volume);
NvAccessProfile kiosk_visit_get_access_profile (KioskVisit *self);
void            kiosk_visit_set_access_profile (KioskVisit *self, NvAccessProfile profile);

/* Starts a session (a new random id) unless one is going on; TRUE if it started one. */
gboolean    kiosk_visit_begin (KioskVisit *self);
const char *kiosk_visit_get_session_id (KioskVisit *self);
/* Whole seconds since the session began; 0 without one. */
gint64 kiosk_visit_get_duration (KioskVisit *self);

/* After @quiet_ms without activity during a session, "idle-warning" turns on and
 * "countdown" counts @warning_ms down in seconds; then the visit ends ("timeout"). */
void     kiosk_visit_set_idle_timeouts (KioskVisit *self, guint quiet_ms, guint warning_ms);
void     kiosk_visit_note_activity (KioskVisit *self);
gboolean kiosk_visit_get_idle_warning (KioskVisit *self);
guint    kiosk_visit_get_countdown (KioskVisit *self);

/* Ends the visit for the next resident: the countdown stops, "ended" is emitted (screens
 * erase what was typed, still within the session), session_end is recorded, and the
 * language, text size, contrast, reading aloud, speech mode and its volume return to
 * their defaults; the accessibility profile is cleared. */
void kiosk_visit_end (KioskVisit *self, const char *reason);
/* Starts over for the same resident (reason "start-over"): as kiosk_visit_end(), but
 * the text size, contrast, reading aloud, speech mode and volume stay as they chose them, and a new
 * session begins at once. The language returns to the default, as at every start, and the
 * accessibility profile is cleared: it says something about the resident. */
void kiosk_visit_restart (KioskVisit *self);
/* Visits start in @language and @text_size (0 … 2) from now on; between visits, at once. */
void kiosk_visit_set_defaults (KioskVisit *self, NvLang language, guint text_size);
/* Visits start with speech mode on or off (the speech-default setting) from now on;
 * between visits, at once. Off unless set. */
void     kiosk_visit_set_speech_default (KioskVisit *self, gboolean speech_mode);
gboolean kiosk_visit_get_speech_default (KioskVisit *self);

G_END_DECLS

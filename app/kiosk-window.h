/* kiosk-window.h — the kiosk's one window: a bar on top, screens below
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kiosk-speech.h"
#include "kiosk-staff-call.h"
#include "kiosk-store.h"
#include "kiosk-sync.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())

G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, AdwApplicationWindow)

/* @app may be NULL (tests). The screens are in @lang until a resident chooses another;
 * each visit starts in it again. Actions: win.home, win.back, win.show-guides,
 * win.show-services, win.show-appointment, win.open-category (s), win.open-guide (s),
 * win.open-organisation (s), win.language (s), win.text-size (0 → 1 → 2 → 0),
 * win.text-smaller and win.text-larger (the bar's A− and A+),
 * win.contrast, win.start-over, win.continue, win.help (the Help screen), win.ask-call-back
 * (the request, phone preselected). */
KioskWindow *kiosk_window_new (GtkApplication *app, KioskStore *store, NvLang lang);
/* The server whose public pages (/g/ID, /p/ID) the "take it home" codes lead to, e.g.
 * "https://neuvokas.example.fi/"; NULL or "": no codes shown. */
void kiosk_window_set_qr_base_url (KioskWindow *self, const char *base_url);
/* Reading aloud (win.read-aloud); its button shows only while @speech is available. */
void kiosk_window_set_speech (KioskWindow *self, KioskSpeech *speech);
/* Shown on the staff-only status page (win.show-status, Ctrl+Alt+S); NULL: none. */
void kiosk_window_set_sync (KioskWindow *self, KioskSync *sync);
/* "Call staff now" on the Help screen (kiosk-staff-call.h); NULL: it says it cannot. */
void kiosk_window_set_staff_call (KioskWindow *self, KioskStaffCall *call);
/* The directory id of the library the kiosk stands in: its opening hours say whether
 * staff are on duty. NULL or "": not known (staff may be there). */
void kiosk_window_set_host_organisation (KioskWindow *self, const char *id);
/* Within how many working days an advisor contacts a resident who asked for an
 * appointment without a slot (0: no promise made); the receipt says it. */
void kiosk_window_set_call_days (KioskWindow *self, guint working_days);
/* After @quiet_ms without a touch during a visit, a warning counts down @warning_ms;
 * then the visit is erased (win.start-over does it at once, win.continue goes on). */
void kiosk_window_set_idle_timeouts (KioskWindow *self, guint quiet_ms, guint warning_ms);
/* Each visit starts in @language and @text_size (0 … 2): kiosk_visit_set_defaults(). */
void kiosk_window_set_visit_defaults (KioskWindow *self, NvLang language, guint text_size);
/* Whether visits start in speech mode (kiosk_visit_set_speech_default ()). */
void kiosk_window_set_speech_default (KioskWindow *self, gboolean speech_mode);
/* The feedback questions at the end of a visit or a guide (kiosk-window-feedback.c):
 * off unless set. */
void kiosk_window_set_feedback (KioskWindow *self, gboolean enabled);
/* A locked kiosk (full screen, in its session) refuses to close: no Ctrl+Q, no close
 * request; staff close it from the status page with the staff PIN kept in @data_dir. */
void kiosk_window_set_locked (KioskWindow *self, gboolean locked, const char *data_dir);

G_END_DECLS

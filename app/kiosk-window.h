/* kiosk-window.h — the kiosk's one window: a bar on top, screens below
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kiosk-directory-page.h"
#include "kiosk-guide-page.h"
#include "kiosk-organisation-page.h"
#include "kiosk-recorder.h"
#include "kiosk-speech.h"
#include "kiosk-status-page.h"
#include "kiosk-appointment-flow.h"
#include "kiosk-store.h"
#include "kiosk-sync.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())

G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, AdwApplicationWindow)

/* @app may be NULL (tests). Actions: win.home, win.back, win.show-guides,
 * win.show-services, win.show-appointment, win.open-category (s), win.open-guide (s),
 * win.open-organisation (s). */
KioskWindow *kiosk_window_new (GtkApplication *app, KioskStore *store, NvLang lang);
/* The name of the screen shown: "home", "categories", "guide-list", "guide", "directory",
 * "organisation", "appointment". */
const char            *kiosk_window_get_screen (KioskWindow *self);
KioskGuidePage        *kiosk_window_get_guide_page (KioskWindow *self);
KioskOrganisationPage *kiosk_window_get_organisation_page (KioskWindow *self);
/* The deployment's address pattern for QR codes ({kind}, {id}); NULL or "": none shown. */
void kiosk_window_set_qr_url_pattern (KioskWindow *self, const char *pattern);
/* Reading aloud (win.read-aloud); its button shows only while @speech is available. */
void kiosk_window_set_speech (KioskWindow *self, KioskSpeech *speech);
/* Shown on the staff-only status page (win.show-status, Ctrl+Alt+S); NULL: none. */
void                kiosk_window_set_sync (KioskWindow *self, KioskSync *sync);
KioskStatusPage    *kiosk_window_get_status_page (KioskWindow *self);
NvLang              kiosk_window_get_language (KioskWindow *self);
KioskRecorder      *kiosk_window_get_recorder (KioskWindow *self);
KioskDirectoryPage *kiosk_window_get_directory_page (KioskWindow *self);
/* After @quiet_ms without a touch during a visit, a warning counts down @warning_ms;
 * then the visit is erased (win.start-over does it at once, win.continue goes on). */
void     kiosk_window_set_idle_timeouts (KioskWindow *self, guint quiet_ms, guint warning_ms);
gboolean kiosk_window_get_idle_warning_shown (KioskWindow *self);
/* win.text-size steps 0 → 1 → 2 → 0; win.contrast toggles. Both reset with the visit. */
guint    kiosk_window_get_text_size (KioskWindow *self);
gboolean kiosk_window_get_high_contrast (KioskWindow *self);

KioskAppointmentFlow *kiosk_window_get_appointment_flow (KioskWindow *self);

G_END_DECLS

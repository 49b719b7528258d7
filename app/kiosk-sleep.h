/* kiosk-sleep.h — the screen sleeps outside the host library's opening hours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kiosk-store.h"
#include "kiosk-visit.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SLEEP (kiosk_sleep_get_type ())

G_DECLARE_FINAL_TYPE (KioskSleep, kiosk_sleep, KIOSK, SLEEP, GObject)

/* Puts @window's content on a stack beside a black page, before @window is shown. Off
 * until kiosk_sleep_set_schedule (). The host's hours are read from @store, again when
 * it changes; a visit of @visit going on is never cut. Property: "asleep" (read-only). */
KioskSleep *kiosk_sleep_new (AdwApplicationWindow *window, KioskStore *store, KioskVisit *visit);
/* @enabled: sleep @margin_minutes after the host closes, wake @margin_minutes before it
 * opens. @wake_on_touch: a touch while asleep wakes the screen until the visit ends, or
 * @quiet_seconds pass without a touch when none began. */
void kiosk_sleep_set_schedule (KioskSleep *self,
                               gboolean    enabled,
                               guint       margin_minutes,
                               gboolean    wake_on_touch,
                               guint       quiet_seconds);
/* The host library's directory id; NULL or "": none (the screen never sleeps). */
void kiosk_sleep_set_host_organisation (KioskSleep *self, const char *id);
/* Programs run (without a shell, not waited for) as the screen sleeps and wakes, e.g.
 * to power the output off and on; NULL or empty: none. */
void     kiosk_sleep_set_commands (KioskSleep        *self,
                                   const char *const *off_argv,
                                   const char *const *on_argv);
gboolean kiosk_sleep_get_asleep (KioskSleep *self);
/* For tests: the time to plan from, instead of the clock (NULL: the clock again). The
 * schedule is worked out again at once. */
void kiosk_sleep_set_clock (KioskSleep *self, GDateTime *now);

G_END_DECLS

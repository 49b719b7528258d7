/* kiosk-hours-text.h — opening hours as sentences a resident reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-opening-hours.h"

G_BEGIN_DECLS

/* Whether the place is open at @now and when that changes, as one sentence in the
 * current gettext language: "Open now — closes at 16:00", "Closed now — opens
 * tomorrow at 9:00", …; "Opening hours not known" when @hours is NULL. Never NULL. */
char      *kiosk_hours_status_text (const NvOpeningHours *hours,
                                    GDateTime            *now);

/* The hours of the 7 days from @now's date (Europe/Helsinki), one line a day:
 * "Monday 9:00–16:00", "Saturday closed", "Tuesday 6.12. closed (holiday)".
 * Exception notes are content, shown in @lang (Finnish fallback). An empty array
 * when @hours is NULL. Elements are strings freed by the array. */
GPtrArray *kiosk_hours_week_lines  (const NvOpeningHours *hours,
                                    GDateTime            *now,
                                    NvLang                lang);

G_END_DECLS

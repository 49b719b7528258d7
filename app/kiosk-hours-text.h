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
char *kiosk_hours_status_text (const NvOpeningHours *hours, GDateTime *now);

/* The hours of the 7 days from @now's date (Europe/Helsinki), one line a day:
 * "Monday 9:00–16:00", "Saturday closed", "Tuesday 6.12. closed (holiday)".
 * Exception notes are content, shown in @lang (Finnish fallback). An empty array
 * when @hours is NULL. Elements are strings freed by the array. */
GPtrArray *kiosk_hours_week_lines (const NvOpeningHours *hours, GDateTime *now, NvLang lang);

/* Pieces of the above, for other sentences: a weekday (1 = Monday … 7 = Sunday) at the
 * start of a line, a time of day ("9:00"; "9.00" in Finnish) and a date without the
 * year ("6.12."), all in the current gettext language. */
const char *kiosk_weekday_name (int weekday);
char       *kiosk_format_time (int hour, int minute);
char       *kiosk_format_date (GDateTime *day);

G_END_DECLS

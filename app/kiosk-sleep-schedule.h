/* kiosk-sleep-schedule.h — when the screen sleeps: outside its host library's hours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-opening-hours.h"

G_BEGIN_DECLS

/* Whether the screen sleeps at @now: it is awake from @margin_minutes before each
 * opening of @hours (regular hours, exceptions, Finnish holidays) to @margin_minutes
 * after the closing, and asleep between. *@next_change (optional) gets the moment that
 * changes, or NULL when it does not within the hours' look-ahead (two weeks): then ask
 * again later. Hours not known (NULL, or no opening time at all) never sleep. */
gboolean kiosk_sleep_schedule_asleep_at (const NvOpeningHours *hours,
                                         guint                 margin_minutes,
                                         GDateTime            *now,
                                         GDateTime           **next_change);

G_END_DECLS

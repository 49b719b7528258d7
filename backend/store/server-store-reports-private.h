/* server-store-reports-private.h — shared by the report files of ServerStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store-reports.h"

G_BEGIN_DECLS

/* An event e, or an appointment request a, in the query's range and kiosks: binds :from,
 * :to and :kiosks. */
#define SERVER_REPORT_EVENTS_IN_RANGE                                                              \
  "e.time >= :from AND e.time < :to "                                                              \
  "AND (:kiosks IS NULL OR e.kiosk IN (SELECT value FROM json_each (:kiosks)))"
#define SERVER_REPORT_REQUESTS_IN_RANGE                                                            \
  "a.created >= :from AND a.created < :to "                                                        \
  "AND (:kiosks IS NULL OR a.kiosk IN (SELECT value FROM json_each (:kiosks)))"

/* The one number @sql selects for @query (it may name :from, :to, :kiosks and
 * :threshold). */
gboolean server_store_report_scalar (ServerStore             *self,
                                     const char              *sql,
                                     const ServerReportQuery *query,
                                     gint64                  *out_value,
                                     GError                 **error);

/* @x to the nearest whole number, halves away from zero (without libm). */
static inline double
server_report_round (double x)
{
  return x >= 0 ? (double) (gint64) (x + 0.5) : -(double) (gint64) (-x + 0.5);
}

/* Whether a total shown beside counts of which @n_hidden are suppressed would give one of
 * them away: the total less the @shown sum is the hidden ones' sum, and each must still
 * be free to be anything from 1 to threshold - 1 (server_report_protect_group's rule). */
static inline gboolean
server_report_total_gives_away (gint64 total, gint64 shown, guint n_hidden, guint threshold)
{
  gint64 t = MAX (threshold, 1);

  return n_hidden > 0 && !(n_hidden >= 2 && total - shown - (gint64) (n_hidden - 1) >= t - 1);
}

G_END_DECLS

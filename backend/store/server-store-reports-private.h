/* server-store-reports-private.h — shared by the report files of ServerStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store-reports.h"

G_BEGIN_DECLS

/* A column of a report's table: its id, its title in fi, sv and en, its type. */
#define SERVER_REPORT_COLUMN(id, fi, sv, en, type)                                                 \
  {                                                                                                \
    id, { fi, sv, en }, type                                                                       \
  }

/* An event e, or an appointment request a, in the query's range and kiosks: binds :from,
 * :to and :kiosks. */
#define SERVER_REPORT_EVENTS_IN_RANGE                                                              \
  "e.time >= :from AND e.time < :to "                                                              \
  "AND (:kiosks IS NULL OR e.kiosk IN (SELECT value FROM json_each (:kiosks)))"
#define SERVER_REPORT_REQUESTS_IN_RANGE                                                            \
  "a.created >= :from AND a.created < :to "                                                        \
  "AND (:kiosks IS NULL OR a.kiosk IN (SELECT value FROM json_each (:kiosks)))"

/* Counts of visits from the rollups (server-store-rollups.h) for the query's days and
 * kiosks, binding :day_from, :day_to (Helsinki days, the last one after the range),
 * :full_from, :full_to (the whole months in it) and :kiosks; @measures is an SQL list of measures.
 * Per day: rows (measure, day, key, kiosk, n), exact for each day. For the whole range: rows
 * (measure, key, kiosk, n) whose sum for a measure and key is its visits in the range: the days'
 * counts, less the extra days of each visit seen on more than one, read from the facts of the few
 * visits that span midnight (CROSS JOIN: from those visits, by the partial index, to their facts).
 */
#define SERVER_ROLLUP_IN_RANGE                                                                     \
  "r.day >= :day_from AND r.day < :day_to "                                                        \
  "AND (:kiosks IS NULL OR r.kiosk IN (SELECT value FROM json_each (:kiosks)))"
#define SERVER_ROLLUP_PER_DAY(measures)                                                            \
  "(SELECT r.measure, r.day, r.key, r.kiosk, r.n FROM rollups r WHERE r.measure IN (" measures     \
  ") AND " SERVER_ROLLUP_IN_RANGE ")"
/* The rows (measure, key, kiosk, n) of @measures for the range: of rollup_months for its
 * whole months (:full_from, :full_to), of rollups for its other days. */
#define SERVER_ROLLUP_ROWS(measures)                                                               \
  "(SELECT r.measure, r.key, r.kiosk, r.n FROM rollup_months r WHERE r.measure IN (" measures      \
  ") AND r.month >= substr (:full_from, 1, 7) AND r.month < substr (:full_to, 1, 7) "              \
  "AND (:kiosks IS NULL OR r.kiosk IN (SELECT value FROM json_each (:kiosks))) UNION ALL "         \
  "SELECT r.measure, r.key, r.kiosk, r.n FROM rollups r WHERE r.measure IN (" measures ") "        \
  "AND " SERVER_ROLLUP_IN_RANGE " AND (r.day < :full_from OR r.day >= :full_to))"
#define SERVER_ROLLUP_TOTALS(measures)                                                             \
  "(SELECT r.measure, r.key, r.kiosk, r.n FROM " SERVER_ROLLUP_ROWS (                              \
      measures) " r"                                                                               \
                " UNION ALL SELECT r.measure, r.key, r.kiosk, "                                    \
                "count (DISTINCT r.session) - count (*) FROM rollup_visits v "                     \
                "CROSS JOIN rollup_facts r ON r.session = v.session WHERE v.first_day != "         \
                "v.last_day "                                                                      \
                "AND v.first_day < :day_to AND v.last_day >= :day_from AND r.measure IN "          \
                "(" measures ") "                                                                  \
                "AND " SERVER_ROLLUP_IN_RANGE " GROUP BY r.measure, r.key, r.kiosk)"

/* Whether a report for @query reads the rollups: whole Helsinki days, unless it asks for
 * the full scan. */
gboolean server_report_query_uses_rollups (const ServerReportQuery *query);

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

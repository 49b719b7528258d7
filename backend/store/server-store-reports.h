/* server-store-reports.h — evaluators' reports: aggregates with small counts suppressed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Evaluators' reports (server-store-reports.c)
 *
 * Aggregates of anonymous data only: usage events, and the state, outcome, times and kiosk
 * of appointment requests, never a name or phone number (so reading them is not audited).
 * Every count of residents is a count of sessions (distinct visits), and a count from 1 to
 * threshold - 1 is suppressed (NULL), so no small group can be singled out. Days are
 * Europe/Helsinki days. */

#define SERVER_REPORT_THRESHOLD_DEFAULT 5

typedef struct
{
  GDateTime         *from;      /* the first instant covered */
  GDateTime         *to;        /* the instant after the last one covered */
  const char *const *kiosks;    /* NULL or empty: every kiosk */
  guint              threshold; /* counts below it (but above 0) are suppressed */
  GDateTime         *now;       /* for ages in the operations section */
  /* Read the events themselves, not the rollups (tests and the benchmark compare the two).
   * Rollups are read only for whole Helsinki days: from and to at midnight. */
  gboolean full_scan;
} ServerReportQuery;

typedef enum
{
  SERVER_REPORT_TEXT,
  SERVER_REPORT_NUMBER,
  SERVER_REPORT_TIME, /* RFC 3339, UTC */
} ServerReportType;

const char *server_report_type_to_string (ServerReportType type);

typedef struct
{
  const char      *id;
  const char      *title[NV_N_LANGS];
  ServerReportType type;
} ServerReportColumn;

typedef struct
{
  const char               *id;
  const char *const        *title; /* NV_N_LANGS strings */
  const ServerReportColumn *columns;
  guint                     n_columns;
  /* Each row a GPtrArray of n_columns strings: numbers in C notation, times in RFC 3339;
   * NULL for a suppressed count or a value that is not known. */
  GPtrArray *rows;
} ServerReportTable;

void server_report_table_free (ServerReportTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerReportTable, server_report_table_free)

/* The table as CSV, as the events export writes it: RFC 4180, formulas defused, a
 * suppressed count an empty cell, the columns' ids as the header. */
GBytes *server_report_table_to_csv (const ServerReportTable *table, GError **error);

/* reach, demand, friction, handover, experience, operations */
const char *const *server_report_sections (void);
gboolean           server_report_section_is_known (const char *section);
gboolean           server_report_table_is_known (const char *section, const char *table);

/* The tables of @section (only @table when not NULL), all read in one transaction:
 * a GPtrArray of ServerReportTable. */
GPtrArray *server_store_report (ServerStore             *self,
                                const char              *section,
                                const char              *table,
                                const ServerReportQuery *query,
                                GError                 **error);

/* Names for the ids and codes in @table's text columns, in every language: guides' and
 * categories' titles, organisations', kiosks', regions' and municipalities' names, and a
 * label for every code a report writes (larger-text, solved). A hash table of column id →
 * (value → GStrv of NV_N_LANGS names), only for the values its rows hold that have a name
 * (server-store-report-labels.c). */
GHashTable *
server_store_report_labels (ServerStore *self, const ServerReportTable *table, GError **error);

/* Whether a download for people names @column's values (server_report_table_to_named_csv). */
gboolean server_report_column_is_named (const ServerReportColumn *column);

/* @table as CSV for people: as server_report_table_to_csv, and beside each column whose
 * values can have names (guide, kiosk, a funnel's type, subject and detail…) a COLUMN_name
 * column holding its name in @lang from @labels (server_store_report_labels), empty where
 * it has none. */
GBytes *server_report_table_to_named_csv (const ServerReportTable *table,
                                          GHashTable              *labels,
                                          NvLang                   lang,
                                          GError                 **error);

/* A key figure of a section (server-store-report-figures.c): a count for the period and
 * for the period of the same length before it; -1 when suppressed, because it is small
 * or because it would give away a suppressed cell of a table it totals. */
typedef struct
{
  const char        *id;
  const char *const *title; /* NV_N_LANGS */
  gint64             value;
  gint64             previous;
} ServerReportFigure;

/* The key figures of @section: a GArray of ServerReportFigure. @tables, when not NULL, are
 * all of @section's tables for @query as server_store_report() gave them, so that they are
 * not read again. */
GArray *server_store_report_figures (ServerStore             *self,
                                     const char              *section,
                                     const ServerReportQuery *query,
                                     const ServerReportQuery *previous,
                                     GPtrArray               *tables,
                                     GError                 **error);
/* The change from the previous period in per cent, one decimal; FALSE when either figure is
 * suppressed or the previous one is 0. */
gboolean server_report_figure_change (const ServerReportFigure *figure, double *out_percent);

/* The aggregated export (docs/privacy.md, "Exports"): visits per Helsinki day, kiosk and
 * measure, columns day, kiosk, measure, visits, suppressed. Each day and measure also has
 * a row for kiosk "all", the true total. A count from 1 to threshold - 1 is suppressed
 * (visits NULL, suppressed "yes"), and so are as many more counts of that day and measure
 * as it takes for the total not to give any of them away. */
ServerReportTable *
server_store_daily_counts (ServerStore *self, const ServerReportQuery *query, GError **error);

/* The measures of the aggregated export: NULL-terminated ids, and what each counts. */
const char *const *server_daily_count_measures (void);
const char        *server_daily_count_measure_meaning (const char *measure);

/* Whether the total of a group of counts must be hidden, after marking in @hidden the
 * counts to hide: those from 1 to threshold - 1, then the smallest others until each hidden
 * count could still be anything from 1 to threshold - 1 for one who knows the total and
 * the counts shown (at least two hidden, whose sum less one for each but the first is at
 * least threshold - 1). When that cannot be reached the total is hidden too. */
gboolean server_report_protect_group (const gint64 *counts,
                                      gboolean     *hidden,
                                      guint         n_counts,
                                      guint         threshold);

G_END_DECLS

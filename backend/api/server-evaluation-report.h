/* server-evaluation-report.h — the evaluation report as a printable HTML page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"
#include "server-store-reports.h"

G_BEGIN_DECLS

typedef struct
{
  const ServerReportQuery *query;
  const ServerReportQuery *previous; /* the period of the same length just before */
  const char              *from_day; /* the period's first and last day, YYYY-MM-DD */
  const char              *to_day;
  const char              *previous_from_day;
  const char              *previous_to_day;
  NvLang                   lang;
  const char              *stylesheet; /* the URL of evaluation.css */
} ServerEvaluationRequest;

/* The six areas (reach, demand, friction, handover, experience, operations), each with a
 * chart, its key figures and findings in words, then the method and the suppression
 * rule: one HTML document in @request->lang, every text from content or staff escaped. */
char *server_evaluation_report_html (ServerStore                   *store,
                                     const ServerEvaluationRequest *request,
                                     GError                       **error);

G_END_DECLS

/* server-http-metrics.h — what operators scrape: requests by route, in Prometheus' text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ServerMetrics ServerMetrics;

ServerMetrics *server_metrics_new (void);
void           server_metrics_free (ServerMetrics *metrics);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerMetrics, server_metrics_free)

/* One request answered: @route is its route's path as in its table (a bounded set, never
 * what the client sent), or NULL for a request no route took. Main thread only. */
void
server_metrics_record (ServerMetrics *metrics, const char *route, guint status, gint64 duration_us);
/* Appends the requests' counters and duration histograms to @out. */
void server_metrics_write (ServerMetrics *metrics, GString *out);

/* Appends one gauge with its HELP and TYPE lines. */
void server_metrics_write_gauge (GString *out, const char *name, const char *help, double value);

G_END_DECLS

/* server-http-metrics.c
 *
 * Counters of the requests the server answered, by route and status class, and a
 * histogram of their durations by route, written in Prometheus' text exposition format
 * (version 0.0.4). Labels hold only the route's path from its table and a status class:
 * no path a client typed, no address, nothing personal, and a set of series that does
 * not grow with traffic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-http-metrics.h"

/* Seconds: from a cached bundle (a millisecond) to a slow export. */
static const double bucket_bounds[]
    = { 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0 };
#define N_BUCKETS G_N_ELEMENTS (bucket_bounds)
#define N_CLASSES 5 /* 1xx … 5xx */

typedef struct
{
  guint64 by_class[N_CLASSES];
  guint64 buckets[N_BUCKETS]; /* not cumulative: the first bound at or above */
  guint64 count;
  double  sum; /* seconds */
} RouteStats;

struct _ServerMetrics
{
  GHashTable *routes; /* route (static, or "unmatched") → RouteStats* */
};

#define UNMATCHED "unmatched"

ServerMetrics *
server_metrics_new (void)
{
  ServerMetrics *metrics = g_new0 (ServerMetrics, 1);

  metrics->routes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  return metrics;
}

void
server_metrics_free (ServerMetrics *metrics)
{
  if (metrics == NULL)
    return;
  g_hash_table_unref (metrics->routes);
  g_free (metrics);
}

void
server_metrics_record (ServerMetrics *metrics, const char *route, guint status, gint64 duration_us)
{
  RouteStats *stats;
  double      seconds = MAX (duration_us, 0) / (double) G_USEC_PER_SEC;
  guint       bucket = 0;

  g_return_if_fail (metrics != NULL);

  if (route == NULL)
    route = UNMATCHED;
  if ((stats = g_hash_table_lookup (metrics->routes, route)) == NULL)
    {
      stats = g_new0 (RouteStats, 1);
      /* Routes' paths are static strings in their tables. */
      g_hash_table_insert (metrics->routes, (gpointer) route, stats);
    }
  if (status >= 100 && status < 600)
    stats->by_class[status / 100 - 1]++;
  while (bucket < N_BUCKETS && seconds > bucket_bounds[bucket])
    bucket++;
  if (bucket < N_BUCKETS)
    stats->buckets[bucket]++;
  stats->count++;
  stats->sum += seconds;
}

/* A label value: backslash, quote and line feed escaped, as the format requires. */
static void
append_label (GString *out, const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '"')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        {
          g_string_append (out, "\\n");
          continue;
        }
      g_string_append_c (out, *p);
    }
}

static void
append_number (GString *out, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Shortest that reads back well enough: "0.005", not "0.0050000000000000001". */
  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.9g", value));
}

void
server_metrics_write_gauge (GString *out, const char *name, const char *help, double value)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s gauge\n%s ", name, help, name, name);
  append_number (out, value);
  g_string_append_c (out, '\n');
}

void
server_metrics_write (ServerMetrics *metrics, GString *out)
{
  g_autoptr (GList) routes = NULL;

  g_return_if_fail (metrics != NULL);

  /* In a fixed order, so that two scrapes compare line by line. */
  routes = g_list_sort (g_hash_table_get_keys (metrics->routes), (GCompareFunc) strcmp);
  g_string_append (out, "# HELP neuvokas_http_requests_total Requests answered, by route and "
                        "status class.\n# TYPE neuvokas_http_requests_total counter\n");
  for (GList *l = routes; l != NULL; l = l->next)
    {
      RouteStats *stats = g_hash_table_lookup (metrics->routes, l->data);

      for (guint c = 0; c < N_CLASSES; c++)
        {
          if (stats->by_class[c] == 0)
            continue;
          g_string_append (out, "neuvokas_http_requests_total{route=\"");
          append_label (out, l->data);
          g_string_append_printf (out, "\",status=\"%uxx\"} %" G_GUINT64_FORMAT "\n", c + 1,
                                  stats->by_class[c]);
        }
    }
  g_string_append (out, "# HELP neuvokas_http_request_duration_seconds From the request's "
                        "first byte to the answer's last, by route.\n"
                        "# TYPE neuvokas_http_request_duration_seconds histogram\n");
  for (GList *l = routes; l != NULL; l = l->next)
    {
      RouteStats *stats = g_hash_table_lookup (metrics->routes, l->data);
      guint64     cumulative = 0;

      for (guint b = 0; b <= N_BUCKETS; b++)
        {
          g_string_append (out, "neuvokas_http_request_duration_seconds_bucket{route=\"");
          append_label (out, l->data);
          g_string_append (out, "\",le=\"");
          if (b < N_BUCKETS)
            {
              cumulative += stats->buckets[b];
              append_number (out, bucket_bounds[b]);
            }
          else
            {
              cumulative = stats->count;
              g_string_append (out, "+Inf");
            }
          g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", cumulative);
        }
      g_string_append (out, "neuvokas_http_request_duration_seconds_sum{route=\"");
      append_label (out, l->data);
      g_string_append (out, "\"} ");
      append_number (out, stats->sum);
      g_string_append (out, "\nneuvokas_http_request_duration_seconds_count{route=\"");
      append_label (out, l->data);
      g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", stats->count);
    }
}

/* server-store-costs.h — what the kiosks, and the phone and counter service, cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"
#include "server-store-reports.h"

G_BEGIN_DECLS

/* Channels of guidance whose cost an evaluator enters: a kiosk, or the phone and counter
 * service it is compared with. */
#define SERVER_COST_KIOSK "kiosk"
#define SERVER_COST_PHONE "phone"
#define SERVER_COST_COUNTER "counter"
#define SERVER_COST_MAX_CENTS G_GINT64_CONSTANT (1000000000) /* ten million euros */
#define SERVER_COST_MAX_CONTACTS 10000000

gboolean server_cost_channel_is_known (const char *channel);

typedef struct
{
  const char *channel;    /* SERVER_COST_* */
  const char *kiosk;      /* a kiosk's id for SERVER_COST_KIOSK; NULL otherwise */
  gint64      cost_cents; /* -1: remove what was entered */
  gint64      contacts;   /* phone and counter: contacts in the period; -1: not given */
} ServerCostEntry;

/* Sets the costs of the period @from_day – @to_day (YYYY-MM-DD, inclusive) in one
 * transaction: each entry replaces what was entered for its channel, kiosk and exactly that
 * period. NV_ERROR_NOT_FOUND names the field ("kiosks[0].kiosk") of a kiosk that does not
 * exist. */
gboolean server_store_set_costs (ServerStore     *self,
                                 const char      *from_day,
                                 const char      *to_day,
                                 ServerCostEntry *entries,
                                 guint            n_entries,
                                 const char      *user,
                                 GError         **error);

/* A row of the cost report */
typedef struct
{
  char  *channel;    /* SERVER_COST_*, or "all" for the kiosks together */
  char  *kiosk;      /* a kiosk's id; NULL for the others */
  gint64 cost_cents; /* entered for periods within the report's */
  /* Phone and counter: the contacts entered (-1: none). Kiosks: their visits, suppressed
   * (-1) as the reports suppress them, and "all" when it would give a kiosk's away. */
  gint64 contacts;
  gint64 solved; /* kiosks: requests solved, suppressed the same way; others: -1 */
} ServerCostRow;

void server_cost_row_free (ServerCostRow *row);

/* The costs entered for periods that lie within @query's days (@from_day – @to_day) and
 * kiosks: each kiosk with a cost, then "all" of them (when more than one), then phone and
 * counter; a GPtrArray of ServerCostRow. */
GPtrArray *server_store_cost_report (ServerStore             *self,
                                     const ServerReportQuery *query,
                                     const char              *from_day,
                                     const char              *to_day,
                                     GError                 **error);

G_END_DECLS

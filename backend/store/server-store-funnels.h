/* server-store-funnels.h — funnels evaluators define, and the report of one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-funnel.h"
#include "server-store-reports.h"

G_BEGIN_DECLS

/* Every funnel (NvFunnel*), by name. */
GPtrArray *server_store_list_funnels (ServerStore *self, GError **error);
/* The funnel @id; NV_ERROR_NOT_FOUND when there is none. */
NvFunnel *server_store_get_funnel (ServerStore *self, const char *id, GError **error);
/* Validates @funnel and writes it: a new one (id NULL: given a fresh id) or replacing the
 * one with its id (NV_ERROR_NOT_FOUND when there is none), with an audit_log row
 * "funnel-saved" by @actor ("staff:NAME") naming its id. Returns the id, NULL on failure. */
char *server_store_save_funnel (ServerStore    *self,
                                const NvFunnel *funnel,
                                const char     *actor,
                                GError        **error);
/* Deletes the funnel @id, audited "funnel-deleted"; NV_ERROR_NOT_FOUND when there is
 * none. */
gboolean
server_store_delete_funnel (ServerStore *self, const char *id, const char *actor, GError **error);

/* The visits in @query's range and kiosks that reached each step of @funnel in order:
 * one row per step (step, type, subject, detail, value, sessions, percent), sessions
 * suppressed from 1 to threshold - 1 and a percentage of step 1 only where both counts
 * are shown. */
ServerReportTable *server_store_funnel_report (ServerStore             *self,
                                               const NvFunnel          *funnel,
                                               const ServerReportQuery *query,
                                               GError                 **error);

G_END_DECLS

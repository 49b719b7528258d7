/* server-store-info-reports.h — "This information is wrong": the advisors' queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* One report that a place's information is wrong. Anonymous: a kiosk's report holds
 * only the place, the reason and the kiosk it came from; one staff filed names them. */
typedef struct
{
  char      *id;
  char      *organisation;      /* its id; the place may have been deleted since */
  char      *organisation_name; /* in Finnish; NULL when the place is gone */
  char      *reason;            /* "hours", "phone", "address", "closed" or "other" */
  GDateTime *created;
  char      *kiosk;      /* the kiosk's name; NULL when staff filed it */
  char      *filed_by;   /* the staff member's name; NULL for a kiosk's */
  GDateTime *handled;    /* NULL while open */
  char      *handled_by; /* NULL while open */
} ServerInfoReport;

void server_info_report_free (ServerInfoReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerInfoReport, server_info_report_free)

/* Whether @reason is one a report may give. */
gboolean server_info_report_reason_is_valid (const char *reason);

/* ServerInfoReport*: the open ones first, oldest first, then the handled ones, latest
 * handled first; at most @limit. Kiosks' reports are their info_reported events. */
GPtrArray *server_store_list_info_reports (ServerStore *self, guint limit, GError **error);
/* A report filed by staff member @actor; NV_ERROR with field "organisation" for a place
 * the store does not have, "reason" for another reason. Returns its id. */
char *server_store_file_info_report (ServerStore *self,
                                     const char  *organisation,
                                     const char  *reason,
                                     const char  *actor,
                                     GError     **error);
/* Marks the report handled by @actor (again: nothing changes). NV_ERROR_NOT_FOUND for
 * an unknown id. */
gboolean server_store_handle_info_report (ServerStore *self,
                                          const char  *id,
                                          const char  *actor,
                                          GError     **error);

G_END_DECLS

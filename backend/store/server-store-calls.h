/* server-store-calls.h — a resident at a kiosk asking for staff to come now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Staff calls (server-store-calls.c)
 *
 * A call holds nothing personal: which kiosk, the screen it was on, the guide and step
 * if any, and what staff did about it. It is answered in minutes, so the list shows
 * only the calls of the last hour that are not done. */

#define SERVER_CALL_SCREEN_MAX 64
#define SERVER_CALL_STEP_MAX 200

typedef struct
{
  char  *id;
  char  *kiosk;
  char  *kiosk_name;
  char  *screen;
  char  *guide;      /* may be NULL */
  guint  guide_step; /* 1-based; 0: none */
  char  *state;      /* "waiting", "coming" or "done" */
  char  *handler;    /* the staff member who answered; NULL while waiting */
  gint64 created;    /* Unix seconds */
  gint64 answered;   /* Unix seconds; 0: not yet */
} ServerCall;

void server_call_free (ServerCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerCall, server_call_free)

/* A new call from @kiosk; when the kiosk already has one that is not done, that one is
 * returned instead (a second tap never calls twice). */
ServerCall *server_store_add_call (ServerStore *self,
                                   const char  *kiosk,
                                   const char  *screen,
                                   const char  *guide,
                                   guint        guide_step,
                                   gint64       now,
                                   GError     **error);
/* @kiosk's own call @id; NV_ERROR_NOT_FOUND for another kiosk's or none. */
ServerCall *
server_store_get_call (ServerStore *self, const char *kiosk, const char *id, GError **error);
/* The calls not done, made after @now minus an hour, oldest first. */
GPtrArray *server_store_list_calls (ServerStore *self, gint64 now, GError **error);
/* @state: "coming" or "done"; @handler: the staff member's name. */
ServerCall *server_store_mark_call (ServerStore *self,
                                    const char  *id,
                                    const char  *state,
                                    const char  *handler,
                                    gint64       now,
                                    GError     **error);

G_END_DECLS

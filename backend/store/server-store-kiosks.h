/* server-store-kiosks.h — registered kiosks and their tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Kiosks (server-store-kiosks.c) */

typedef struct
{
  char  *id;
  char  *name;
  char  *municipality;
  gint64 created;          /* Unix seconds */
  gint64 revoked;          /* 0: not revoked */
  gint64 last_contact;     /* 0: never */
  gint64 content_revision; /* -1: not reported */
  char  *app_version;      /* NULL: not reported */
  gint64 outbox_backlog;   /* -1: not reported */
} ServerKiosk;

void server_kiosk_free (ServerKiosk *kiosk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerKiosk, server_kiosk_free)

/* Registers a kiosk; *@out_token is its bearer token, shown once and never stored. */
gboolean   server_store_add_kiosk (ServerStore *self,
                                   const char  *name,
                                   const char  *municipality,
                                   char       **out_id,
                                   char       **out_token,
                                   GError     **error);
GPtrArray *server_store_list_kiosks (ServerStore *self, GError **error);
gboolean   server_store_revoke_kiosk (ServerStore *self, const char *id, GError **error);
/* The kiosk id for a valid, unrevoked token; NULL otherwise. */
char *server_store_authenticate_kiosk (ServerStore *self, const char *token);
/* Records that the kiosk called; a negative number or NULL leaves a field as it was. */
void server_store_note_kiosk_contact (ServerStore *self,
                                      const char  *id,
                                      const char  *app_version,
                                      gint64       content_revision,
                                      gint64       outbox_backlog);

G_END_DECLS

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
  char  *host;             /* the organisation it stands in (kiosk_hosts); NULL: none */
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
/* Records in memory that the kiosk called; a negative number or NULL leaves a field as
 * it was. Never touches the disk: what the main loop calls on every kiosk request. The
 * event writer writes it (server-ingest.c); until then `kiosk list` and the operations
 * report do not show it. Thread-safe. */
void server_store_remember_kiosk_contact (ServerStore *self,
                                          const char  *id,
                                          const char  *app_version,
                                          gint64       content_revision,
                                          gint64       outbox_backlog);
/* The caller holds a write transaction on @self: writes the contacts @from remembered
 * (they are forgotten there). @self may be @from or another connection to the same
 * store. FALSE when there was nothing to write. Thread-safe on @from. */
gboolean server_store_write_kiosk_contacts (ServerStore *self, ServerStore *from);
/* The same in a transaction of its own, when there is something to write. */
void     server_store_flush_kiosk_contacts (ServerStore *self, ServerStore *from);
gboolean server_store_has_pending_kiosk_contacts (ServerStore *self);
/* The longest remembered contacts wait for the writer when no events come: 60 s. */
void  server_store_set_contact_flush_interval (ServerStore *self, guint interval_ms);
guint server_store_get_contact_flush_interval (ServerStore *self);
/* Remembers and writes at once, in a transaction of its own (tools and tests). */
void server_store_note_kiosk_contact (ServerStore *self,
                                      const char  *id,
                                      const char  *app_version,
                                      gint64       content_revision,
                                      gint64       outbox_backlog);

G_END_DECLS

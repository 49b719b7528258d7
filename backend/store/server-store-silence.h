/* server-store-silence.h — kiosks that went dark while their host library was open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Silence by opening hours (server-store-silence.c)
 *
 * A kiosk stands in a host organisation, usually a library. It syncs every few minutes,
 * so a whole hour without contact while its host was open (its opening hours, their
 * exceptions and Finnish holidays, in Helsinki time) is an hour residents found it dark:
 * switched off, frozen or cut off. Hours when the host was closed do not count, so a
 * kiosk switched off at night is not flagged. */

typedef struct
{
  char  *id;
  char  *name;
  char  *host;       /* organisation id; NULL: none set */
  NvText host_name;  /* empty when @host is NULL or unknown */
  gint64 open_hours; /* whole hours of the period its host was open; -1: hours not known */
  gint64 dark_hours; /* of those, hours without contact; -1: not known */
  gint64 last_dark;  /* Unix seconds: the start of the latest such hour; 0: none */
} ServerKioskSilence;

void server_kiosk_silence_free (ServerKioskSilence *silence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerKioskSilence, server_kiosk_silence_free)

/* Sets (or with @organisation NULL, clears) the host of kiosk @kiosk, with an audit row
 * "kiosk-host-set" by @actor naming the kiosk, its detail {"host": id or null}:
 * NV_ERROR_NOT_FOUND for an unknown kiosk; a field error "host" coded
 * "unknown-organisation" for an organisation that does not exist. */
gboolean server_store_set_kiosk_host (ServerStore *self,
                                      const char  *kiosk,
                                      const char  *organisation,
                                      const char  *actor,
                                      GError     **error);
/* ServerKioskSilence* of the kiosks in service (or those of @kiosk_ids, a JSON array, or
 * NULL), by name, over the whole hours from @from to @to (Unix seconds), counting only
 * hours that have ended (before @now, less the minute contacts may wait to be written)
 * and that began after the kiosk was registered. */
GPtrArray *server_store_list_kiosk_silence (
    ServerStore *self, gint64 from, gint64 to, gint64 now, const char *kiosk_ids, GError **error);

G_END_DECLS

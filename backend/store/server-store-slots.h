/* server-store-slots.h — publishing appointment slots by the rules, in bulk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Why a new slot is refused (the API's "code", docs/api.md). A place is an
 * organisation; the slots without one (home visits) count as one place, their team's. */
#define SERVER_SLOT_REFUSED_PAST "slot-in-past"        /* it starts at or before now */
#define SERVER_SLOT_REFUSED_DUPLICATE "duplicate-slot" /* same place, same start */
#define SERVER_SLOT_REFUSED_OVERLAP "overlapping-slot" /* same place, times overlap */

/* The most slots one batch may make. */
#define SERVER_SLOT_BATCH_MAX 2000

/* Checks new slots (NvSlot*, their ids ignored) against the rules, in order: a slot in
 * the past, the same place and start as a slot not cancelled (or as an earlier one of
 * @slots), or overlapping one, is refused; @refusals (slots->len entries) gets its code,
 * NULL for an accepted one. Times are compared as times. Unless @preview, writes every
 * accepted slot in ONE transaction as the next revision, sets its id, and writes an
 * audit row for each by @actor (NULL: none), action "slot-published", naming the slot.
 * @now: NULL for the store's clock. A slot that fails validation fails the whole call
 * (@error names the field). */
gboolean server_store_publish_slots (ServerStore *self,
                                     GPtrArray   *slots,
                                     gboolean     preview,
                                     const char  *actor,
                                     GDateTime   *now,
                                     const char **refusals,
                                     GError     **error);
/* One new slot by the same rules, audited as by @actor (NULL: not audited) (@now: NULL
 * for the store's clock); a refusal is an error on field "starts_at" with its code.
 * Returns the new id. */
char *server_store_publish_slot (
    ServerStore *self, const NvSlot *slot, const char *actor, GDateTime *now, GError **error);
/* NvSlot* (cancelled ones too) starting at or after @from and before @to, by start. */
GPtrArray *
server_store_list_slots_between (ServerStore *self, GDateTime *from, GDateTime *to, GError **error);

G_END_DECLS

/* server-store-appointments.h — appointment slots and residents' requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Appointment slots and requests (server-store-appointments.c)
 *
 * Slots are content: each change bumps the global revision, taken places too, so kiosks
 * learn that a slot is full. Requests are personal data (docs/privacy.md): each function
 * that reads a name or phone number writes one audit_log row per request, by @actor, in
 * the same transaction, so nothing is read without its row. @now: NULL for the current
 * time (tests and the command line's NEUVOKAS_NOW give another). */

/* Validates and writes a slot (insert or update) as the next revision. The slot's taken
 * places are the server's own count: @slot->taken is not written. A capacity below the
 * places already taken is refused on field "capacity". */
gboolean server_store_put_slot (ServerStore *self, const NvSlot *slot, GError **error);
/* Like put, for a new slot whose id the store makes ("slot-" and 8 hex digits);
 * @slot->id is ignored. Returns the id. */
char *server_store_add_slot (ServerStore *self, const NvSlot *slot, GError **error);
/* Cancels a slot as the next revision; the requests that held a place in it and are not
 * done are flagged needs_new_time (their number in *@out_flagged). NV_ERROR_NOT_FOUND,
 * or NV_ERROR_CONFLICT when it is already cancelled. */
gboolean
server_store_cancel_slot (ServerStore *self, const char *id, guint *out_flagged, GError **error);
/* The same, by @actor: each flagged request gets a history row "slot-cancelled" (with its
 * state) and an audit row "slot-cancelled", and @actor becomes its handler. */
gboolean server_store_cancel_slot_as (
    ServerStore *self, const char *id, const char *actor, guint *out_flagged, GError **error);
/* NvSlot* starting at or after @from (NULL: all), by start time. */
GPtrArray *server_store_list_slots (ServerStore *self, GDateTime *from, GError **error);

typedef enum
{
  SERVER_SLOT_RESULT_NONE,           /* the request named no slot */
  SERVER_SLOT_RESULT_TAKEN,          /* it took a place */
  SERVER_SLOT_RESULT_NEEDS_NEW_TIME, /* full, cancelled, past or unknown: stored anyway */
} ServerSlotResult;

const char *server_slot_result_to_string (ServerSlotResult result); /* NULL for NONE */

typedef struct
{
  gboolean         duplicate; /* this id was stored before: nothing changed now */
  ServerSlotResult slot;      /* for a duplicate, what the first time gave */
} ServerAppointmentResult;

/* Stores validated requests in ONE write transaction, each once (by its client
 * UUID), taking a place in its slot when one is free. Never drops a request for want of a
 * place. *@out_results: a GArray of ServerAppointmentResult, one per request. */
gboolean server_store_insert_appointments (ServerStore *self,
                                           const char  *kiosk_id,
                                           GPtrArray   *appointments,
                                           GArray     **out_results,
                                           GError     **error);

/* Outcomes of a handled request: solved, referred, home-visit-booked, no-answer,
 * cancelled. */
gboolean server_appointment_outcome_is_valid (const char *outcome);

/* One change in a request's history. @action: contacted, done, reopened, corrected
 * (the outcome of a done request), no-answer, left-message (call attempts), note. */
typedef struct
{
  GDateTime *time;
  char      *actor; /* "staff:NAME", "cli:USER" */
  char      *action;
  char      *state;   /* the state after it; NULL for attempts and notes */
  char      *outcome; /* for done and corrected */
  char      *note;    /* the advisor's words, may be NULL; personal data, erased by purge */
} ServerAppointmentChange;

typedef struct
{
  char      *id;
  char      *reference;
  char      *kiosk;
  char      *kiosk_name;         /* NULL: a kiosk no longer registered */
  char      *kiosk_municipality; /* its code, NULL likewise */
  GDateTime *created;
  GDateTime *received;
  char      *reason;
  char      *contact_method;
  char      *slot;
  GDateTime *slot_starts_at; /* NULL: no slot, or a slot the store does not know */
  GStrv      preferred_days;
  char      *preferred_time;
  char      *language;
  char      *guide;
  guint      guide_step;
  char      *name;  /* personal data; NULL once purged */
  char      *phone; /* personal data; NULL once purged */
  gboolean   needs_new_time;
  char      *state; /* open, contacted, done */
  char      *outcome;
  GDateTime *contacted_at;
  GDateTime *done_at;
  GDateTime *purged_at;
  char      *handler; /* the actor who last acted on it; NULL: nobody yet */
  GPtrArray *history; /* ServerAppointmentChange*, oldest first */
} ServerAppointment;

void server_appointment_free (ServerAppointment *appointment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerAppointment, server_appointment_free)

/* Requests not done (@all: every one), open first, each state by received time. Audit
 * action "list". */
GPtrArray *server_store_list_appointments (
    ServerStore *self, gboolean all, const char *actor, GDateTime *now, GError **error);
/* One request by its id or its reference (any case). NV_ERROR_NOT_FOUND; NV_ERROR_CONFLICT
 * when a reference names more than one. Audit action "show". */
ServerAppointment *server_store_show_appointment (ServerStore *self,
                                                  const char  *id_or_reference,
                                                  const char  *actor,
                                                  GDateTime   *now,
                                                  GError     **error);
/* Moves a request on: @state "contacted" (from open, or reopening a done one), "done"
 * (with a valid @outcome; on a done request with another outcome it corrects the
 * outcome) or "open" (reopens). The same state again (done with the same outcome) is
 * NV_ERROR_CONFLICT. Each change is a history row (@note with it, may be NULL) and the
 * actor becomes the handler. Returns the request as it now is. Audit action "mark". */
ServerAppointment *server_store_mark_appointment (ServerStore *self,
                                                  const char  *id_or_reference,
                                                  const char  *state,
                                                  const char  *outcome,
                                                  const char  *note,
                                                  const char  *actor,
                                                  GDateTime   *now,
                                                  GError     **error);
/* Whether @action is what an advisor may record on a request without moving it:
 * no-answer, left-message (call attempts) or note. */
gboolean server_appointment_record_is_valid (const char *action);
/* Records a call attempt or a note (@action as above; @note required for "note", at most
 * 2000 characters) in the request's history, at @now; the actor becomes the handler.
 * Returns the request as it now is. Audit action @action. */
ServerAppointment *server_store_record_appointment (ServerStore *self,
                                                    const char  *id_or_reference,
                                                    const char  *action,
                                                    const char  *note,
                                                    const char  *actor,
                                                    GDateTime   *now,
                                                    GError     **error);
/* Gives a request not done a place in another @slot, free now (not cancelled, not
 * started, a place left; else an error on field "slot", code "slot-not-free"), and gives
 * back the place it held in a slot still offered; it no longer needs a new time. Both
 * slots change as the next revision, so kiosks learn it. A history row "moved" (with the
 * request's state) by @actor; the actor becomes the handler. NV_ERROR_CONFLICT for a done
 * request or the slot it already holds. Returns the request as it now is. Audit action
 * "moved". */
ServerAppointment *server_store_move_appointment (ServerStore *self,
                                                  const char  *id_or_reference,
                                                  const char  *slot,
                                                  const char  *actor,
                                                  GDateTime   *now,
                                                  GError     **error);
/* Erases name and phone of the requests done more than @retention_days before @now, and
 * notes when; reason, outcome, times and guide stay for evaluation. Audit action "purge"
 * per request. */
gboolean server_store_purge_appointments (ServerStore *self,
                                          guint        retention_days,
                                          const char  *actor,
                                          GDateTime   *now,
                                          guint       *out_purged,
                                          GError     **error);

G_END_DECLS

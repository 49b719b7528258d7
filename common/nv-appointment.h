/* nv-appointment.h — a resident's request for a personal appointment
 *
 * This is personal data (docs/privacy.md): it is kept apart from usage events,
 * deleted from the kiosk once the server has it, and purged after retention.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

/* Reasons: "device", "omaolo-omakanta", "identification", "kela-forms", "other".
 * Contact methods: "phone", "meeting", "home-visit".
 * Times of day: "morning", "afternoon", "any".
 * Weekdays in preferred_days: "mon" … "fri". */
gboolean nv_appointment_reason_is_valid (const char *reason);
gboolean nv_appointment_contact_is_valid (const char *method);

typedef struct
{
  char      *id;        /* client-generated UUID */
  char      *reference; /* the code on the resident's receipt, nv_appointment_make_reference */
  GDateTime *created;
  char      *reason;
  char      *contact_method;
  char      *slot;           /* a slot id, or NULL when the resident chose preferred times */
  GStrv      preferred_days; /* when slot is NULL: at least one day */
  char      *preferred_time; /* when slot is NULL */
  char      *name;           /* personal data: 1 … 100 characters, no control characters */
  char      *phone;          /* personal data: normalised, +358… */
  char      *guide;          /* the guide the resident came from, or NULL */
  guint      guide_step;     /* the step reached in it, 1-based; 0 when no guide */
  NvLang     language;
} NvAppointment;

NvAppointment *nv_appointment_new (void); /* fresh id, reference and created time */
void           nv_appointment_free (NvAppointment *appointment);
/* Frees a string that held personal data (a name, a phone number), zeroed first so that
 * it does not stay behind in freed memory. */
void           nv_personal_free (char *text);
gboolean       nv_appointment_validate (const NvAppointment *appointment, GError **error);
JsonNode      *nv_appointment_to_json (const NvAppointment *appointment);
NvAppointment *nv_appointment_from_json (JsonNode *node, GError **error);

/* Finnish phone numbers as people write them: "040 123 4567", "040-1234567",
 * "+358 40 123 4567", "(08) 123 4567", "0401234567". Gives "+358401234567".
 * A wrong number gets NV_ERROR_INVALID on field "phone" with a sentence a resident
 * can act on. */
gboolean nv_phone_normalise (const char *input, char **out_normalised, GError **error);

/* A short code for the receipt, with no look-alike characters (no 0/O, 1/I/L, 2/Z,
 * 5/S, 8/B): six characters from "ACDEFGHJKMNPQRTUVWXY34679", drawn with libsodium's
 * randombytes_uniform. It identifies a request to an advisor; it grants nothing. */
char *nv_appointment_make_reference (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvAppointment, nv_appointment_free)

G_END_DECLS

/* kiosk-appointment-request.h — the answers of one appointment request, without widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "nv-appointment.h"
#include "nv-slot.h"

G_BEGIN_DECLS

/* One answer a resident can tap: its code (what is sent) and its label (an English
 * msgid, shown through gettext). */
typedef struct
{
  const char *code;
  const char *label;
} KioskAppointmentChoice;

/* The answers offered, in the order they are shown; *@n_choices is set to their number. */
const KioskAppointmentChoice *kiosk_appointment_reasons (guint *n_choices);
const KioskAppointmentChoice *kiosk_appointment_contacts (guint *n_choices);
const KioskAppointmentChoice *kiosk_appointment_times_of_day (guint *n_choices);
/* "mon" … "fri": the days an advisor works, NULL-terminated. */
const char *const *kiosk_appointment_day_codes (void);

/* "Tuesday 24.11. 10:00–10:30", in Helsinki time and the current gettext language. */
char *kiosk_appointment_format_slot (const NvSlot *slot);

#define KIOSK_TYPE_APPOINTMENT_REQUEST (kiosk_appointment_request_get_type ())

G_DECLARE_FINAL_TYPE (
    KioskAppointmentRequest, kiosk_appointment_request, KIOSK, APPOINTMENT_REQUEST, GObject)

/* The request is personal data (docs/privacy.md): kiosk_appointment_request_clear()
 * erases all of it, and the flow calls it whenever the resident leaves. Each setter
 * that takes a code returns FALSE, and changes nothing, for a code it does not know. */
KioskAppointmentRequest *kiosk_appointment_request_new (void);
void                     kiosk_appointment_request_clear (KioskAppointmentRequest *self);

/* Where the resident asked for help: @guide (may be NULL) and its 1-based @guide_step
 * (at least 1 with a guide, 0 without). */
void        kiosk_appointment_request_set_origin (KioskAppointmentRequest *self,
                                                  const char              *guide,
                                                  guint                    guide_step);
const char *kiosk_appointment_request_get_guide (KioskAppointmentRequest *self);
guint       kiosk_appointment_request_get_guide_step (KioskAppointmentRequest *self);

gboolean    kiosk_appointment_request_set_reason (KioskAppointmentRequest *self, const char *code);
const char *kiosk_appointment_request_get_reason (KioskAppointmentRequest *self);
/* Another way of meeting forgets the chosen slot: its slots are of another kind. */
gboolean    kiosk_appointment_request_set_contact (KioskAppointmentRequest *self, const char *code);
const char *kiosk_appointment_request_get_contact (KioskAppointmentRequest *self);
/* The kind of slot that suits the way of meeting (nv-slot.h): a call-back is a service
 * counsellor's, a meeting at the library a digital support advisor's. */
const char *kiosk_appointment_request_get_slot_kind (KioskAppointmentRequest *self);

/* A copy of @slot, or NULL: none of the free times suits, preferred days instead. */
void kiosk_appointment_request_set_slot (KioskAppointmentRequest *self, const NvSlot *slot);
const NvSlot *kiosk_appointment_request_get_slot (KioskAppointmentRequest *self);
/* A preferred day on if it was off, off if it was on. */
gboolean    kiosk_appointment_request_toggle_day (KioskAppointmentRequest *self, const char *day);
gboolean    kiosk_appointment_request_get_day (KioskAppointmentRequest *self, const char *day);
gboolean    kiosk_appointment_request_set_time_of_day (KioskAppointmentRequest *self,
                                                       const char              *code);
const char *kiosk_appointment_request_get_time_of_day (KioskAppointmentRequest *self);

/* The name and phone number as typed; nothing is checked until check_details. */
void        kiosk_appointment_request_set_name (KioskAppointmentRequest *self, const char *name);
const char *kiosk_appointment_request_get_name (KioskAppointmentRequest *self);
void        kiosk_appointment_request_set_phone (KioskAppointmentRequest *self, const char *phone);
const char *kiosk_appointment_request_get_phone (KioskAppointmentRequest *self);

/* The checks of each screen, as NV_ERROR_INVALID errors whose field
 * (nv_error_get_field) is "preferred_days", "name" or "phone", the names of
 * NvAppointment's fields, with a sentence for the resident in the gettext language.
 * check_times also makes "any" the time of day when none was chosen. */
gboolean kiosk_appointment_request_check_times (KioskAppointmentRequest *self, GError **error);
gboolean kiosk_appointment_request_check_details (KioskAppointmentRequest *self, GError **error);
/* The request to save, in @language, with a fresh id and reference; NULL with the
 * error of check_details when the name or the number would not do. */
NvAppointment *kiosk_appointment_request_to_appointment (KioskAppointmentRequest *self,
                                                         NvLang                   language,
                                                         GError                 **error);

/* Saved: the reference on the receipt is kept, the name and the number are erased. */
void kiosk_appointment_request_set_submitted (KioskAppointmentRequest *self, const char *reference);
const char *kiosk_appointment_request_get_reference (KioskAppointmentRequest *self);

/* The sentences the flow shows, in the current gettext language: the chosen time
 * ("Monday, Thursday — Mornings, 8–12" or the slot), the summary to check before
 * sending, and what happens next, on the receipt. */
char *kiosk_appointment_request_describe_time (KioskAppointmentRequest *self);
char *kiosk_appointment_request_describe (KioskAppointmentRequest *self);
char *kiosk_appointment_request_describe_next (KioskAppointmentRequest *self);
/* Within how many working days an advisor contacts a resident who chose no slot, as the
 * library promises it (the "advisor-call-days" setting); 0, the default, promises
 * nothing. describe_next () says it. Kept by kiosk_appointment_request_clear (). */
void kiosk_appointment_request_set_call_days (KioskAppointmentRequest *self, guint working_days);
/* What to do when nobody calls: ring the library at @library_phone (may be NULL), or
 * ask its staff; with the reference either way. */
char *kiosk_appointment_describe_if_nobody_calls (const char *library_phone);

G_END_DECLS

/* kiosk-appointment-flow.h — a resident asks for a personal appointment, one question a screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-recorder.h"
#include "kiosk-screen.h"

G_BEGIN_DECLS

/* The steps, in order; their names are the `detail` of the funnel events
 * (docs/events.md). */
typedef enum
{
  KIOSK_APPOINTMENT_REASON = 1,
  KIOSK_APPOINTMENT_CONTACT,
  KIOSK_APPOINTMENT_TIME,
  KIOSK_APPOINTMENT_DETAILS,
  KIOSK_APPOINTMENT_PRIVACY,
  KIOSK_APPOINTMENT_RECEIPT,
} KioskAppointmentStep;

const char *kiosk_appointment_step_name (KioskAppointmentStep step);

#define KIOSK_TYPE_APPOINTMENT_FLOW (kiosk_appointment_flow_get_type ())

G_DECLARE_FINAL_TYPE (
    KioskAppointmentFlow, kiosk_appointment_flow, KIOSK, APPOINTMENT_FLOW, KioskScreen)

/* Every choice is an action of the group "appointment", so that a tap, a key and a test
 * all go the same way:
 *   appointment.reason (s)        device, omaolo-omakanta, identification, kela-forms, other
 *   appointment.contact (s)       phone, meeting, home-visit
 *   appointment.slot (s)          a slot id offered on the screen
 *   appointment.no-slot-fits      preferred days and time of day instead
 *   appointment.day (s)           mon … fri, on and off
 *   appointment.time-of-day (s)   morning, afternoon, any
 *   appointment.times-done        on to the name and number (at least one day needed)
 *   appointment.details-done      checks the name and the number, then the privacy notice
 *   appointment.confirm           saves the request in the outbox, then the receipt
 *   appointment.finish            the receipt read: ::finished
 *   appointment.print             the receipt on paper (shown once a printer is known)
 *
 * ::step-shown (guint step) after each step is shown; ::submitted after a request is
 * saved; ::finished when the resident is done with the receipt.
 *
 * A KioskScreen: the free slots come from its "store", every text follows its
 * "language"; new content changes nothing already on the screen. */
GtkWidget *kiosk_appointment_flow_new (void);
/* Where the funnel events go; may be NULL: nowhere. */
void kiosk_appointment_flow_set_recorder (KioskAppointmentFlow *self, KioskRecorder *recorder);
/* A new request from the first question, erasing any earlier one; @guide (may be NULL)
 * and @guide_step (1-based) say where the resident was when they asked for help. */
void kiosk_appointment_flow_start (KioskAppointmentFlow *self, const char *guide, guint guide_step);
/* The same from a place's page: the free slots offered are that place's, when it has
 * any (@organisation: its id; NULL or "": no place). */
void kiosk_appointment_flow_start_at_place (KioskAppointmentFlow *self, const char *organisation);

/* Marks @contact ("phone", …) as already chosen on the contact question (Help's "Ask
 * for a call back"); the resident still confirms it with a tap. */
void kiosk_appointment_flow_preselect_contact (KioskAppointmentFlow *self, const char *contact);
/* One step back within the flow; FALSE at the first question or on the receipt (Back
 * then leaves the flow). */
gboolean kiosk_appointment_flow_back (KioskAppointmentFlow *self);
/* The resident left (Home, Back out of it, Start over, the inactivity reset): records
 * where they gave up unless the request was sent, and erases everything typed. */
void                 kiosk_appointment_flow_leave (KioskAppointmentFlow *self);
KioskAppointmentStep kiosk_appointment_flow_get_step (KioskAppointmentFlow *self);
/* The reference on the receipt; NULL before one is made. */
const char *kiosk_appointment_flow_get_reference (KioskAppointmentFlow *self);
/* The library the kiosk stands in (an organisation id; NULL or "": unknown): its phone
 * is on the printed receipt. */
void kiosk_appointment_flow_set_host_organisation (KioskAppointmentFlow *self, const char *id);
/* Within how many working days the library's advisors contact a resident who chose no
 * slot (0: no promise); the receipt says it. */
void kiosk_appointment_flow_set_call_days (KioskAppointmentFlow *self, guint working_days);
/* What Print on the receipt sends to the printer (kiosk_print_receipt_new ()); NULL
 * before a request is saved. */
GtkPrintOperation *kiosk_appointment_flow_new_receipt_slip (KioskAppointmentFlow *self);

G_END_DECLS

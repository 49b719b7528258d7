/* kiosk-appointment-flow-private.h — what tests and tools read of the flow's widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-appointment-flow.h"

G_BEGIN_DECLS

/* The on-screen name and phone fields, and the message under them (NULL when none). */
GtkEditable *kiosk_appointment_flow_get_name_entry (KioskAppointmentFlow *self);
GtkEditable *kiosk_appointment_flow_get_phone_entry (KioskAppointmentFlow *self);
const char  *kiosk_appointment_flow_get_error (KioskAppointmentFlow *self);
gboolean     kiosk_appointment_flow_get_keyboard_shown (KioskAppointmentFlow *self);

G_END_DECLS

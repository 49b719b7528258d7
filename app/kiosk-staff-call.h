/* kiosk-staff-call.h — "Call staff now": the call to the server, and whether someone
 * answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_STAFF_CALL_IDLE,      /* no call */
  KIOSK_STAFF_CALL_WAITING,   /* sent or being sent; nobody has answered yet */
  KIOSK_STAFF_CALL_COMING,    /* a staff member answered "I'm coming" (or "done") */
  KIOSK_STAFF_CALL_NO_ANSWER, /* nobody answered in time: offer a call back */
  KIOSK_STAFF_CALL_OFFLINE,   /* the server could not be reached: offer a call back */
} KioskStaffCallState;

#define KIOSK_TYPE_STAFF_CALL (kiosk_staff_call_get_type ())

G_DECLARE_FINAL_TYPE (KioskStaffCall, kiosk_staff_call, KIOSK, STAFF_CALL, GObject)

/* @server_url: the server's address ("https://…/"), or NULL: every call is OFFLINE.
 * @token: the kiosk's bearer token, or NULL. */
KioskStaffCall *kiosk_staff_call_new (const char *server_url, const char *token);
/* Calls staff: "state" goes to WAITING, then COMING, NO_ANSWER or OFFLINE. A call
 * already waiting or answered is kept. @screen: the screen's name; @guide (may be NULL)
 * and @guide_step (1-based, 0: none) where the resident is. Nothing personal. */
void kiosk_staff_call_start (KioskStaffCall *self,
                             const char     *screen,
                             const char     *guide,
                             guint           guide_step);
/* Forgets the call (the visit ended): back to IDLE, no more asking. */
void                kiosk_staff_call_reset (KioskStaffCall *self);
KioskStaffCallState kiosk_staff_call_get_state (KioskStaffCall *self);
/* How often to ask whether someone answered, and when to stop waiting (defaults: 5 s
 * and 3 minutes). */
void kiosk_staff_call_set_timing (KioskStaffCall *self, guint poll_ms, guint give_up_ms);

G_END_DECLS

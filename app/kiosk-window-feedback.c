/* kiosk-window-feedback.c — the feedback questions at the end of a visit or a guide
 *
 * Asked when a resident who has used the kiosk goes Home (the bar's Home, or Finish on
 * a guide's last step) or starts over; never at the inactivity reset, when nobody is
 * there to answer. At most once per visit. The panel (kiosk-survey.c) sits under the
 * screens, which make room for it: it covers nothing, the bar and the home screen's
 * tiles work at every question, and any other screen puts the questions away. After Start over, the
 * visit starts over once the questions are put away, so that the answers belong to the visit they
 * are about.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-window-private.h"

static void
survey_answered_cb (KioskWindow *self, const char *question, int value, const char *detail)
{
  KioskRecorder *recorder = kiosk_visit_get_recorder (self->visit);

  if (g_str_equal (question, "found"))
    kiosk_recorder_record (recorder, NV_EVENT_SURVEY_FOUND, NULL, 0, detail);
  else if (g_str_equal (question, "score"))
    kiosk_recorder_record (recorder, NV_EVENT_SURVEY_SCORE, NULL, value, NULL);
  else
    kiosk_recorder_record (recorder, NV_EVENT_SURVEY_STATEMENT, question, 0, detail);
  _kiosk_window_note_activity (self);
}

static void
survey_closed_cb (KioskWindow *self)
{
  if (!self->restart_after_survey)
    return;
  self->restart_after_survey = FALSE;
  kiosk_visit_restart (self->visit);
}

gboolean
_kiosk_window_feedback_due (KioskWindow *self)
{
  return self->survey != NULL && self->visit_used && !self->survey_asked
         && kiosk_visit_get_session_id (self->visit) != NULL;
}

/* On the home screen: @where is "visit-end" or "guide-end". */
void
_kiosk_window_offer_feedback (KioskWindow *self, const char *where, gboolean then_restart)
{
  g_return_if_fail (_kiosk_window_feedback_due (self));

  self->survey_asked = TRUE;
  self->restart_after_survey = then_restart;
  kiosk_recorder_record (kiosk_visit_get_recorder (self->visit), NV_EVENT_SURVEY_OFFERED, NULL, 0,
                         where);
  kiosk_survey_start (self->survey);
}

void
_kiosk_window_put_feedback_away (KioskWindow *self)
{
  if (self->survey != NULL)
    kiosk_survey_dismiss (self->survey);
}

/* The visit ended: the next resident is not asked about the last one's. */
void
_kiosk_window_reset_feedback (KioskWindow *self)
{
  self->restart_after_survey = FALSE;
  _kiosk_window_put_feedback_away (self);
  self->visit_used = FALSE;
  self->survey_asked = FALSE;
}

void
kiosk_window_set_feedback (KioskWindow *self, gboolean enabled)
{
  /* The box of the bar and the screens */
  GtkBox *column;

  g_return_if_fail (KIOSK_IS_WINDOW (self));

  if (enabled == (self->survey != NULL))
    return;
  column = GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->stack)));
  if (!enabled)
    {
      _kiosk_window_reset_feedback (self);
      gtk_box_remove (column, GTK_WIDGET (self->survey));
      self->survey = NULL;
      return;
    }
  self->survey = KIOSK_SURVEY (kiosk_survey_new ());
  g_object_bind_property (self->visit, "language", self->survey, "language", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->survey, "answered", G_CALLBACK (survey_answered_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "closed", G_CALLBACK (survey_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (column, GTK_WIDGET (self->survey));
}

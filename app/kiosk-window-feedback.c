/* kiosk-window-feedback.c — the feedback questions at the end of a visit or a guide
 *
 * Asked when a resident who has used the kiosk goes Home (the bar's Home, or Finish on
 * a guide's last step) or starts over; never at the inactivity reset, when nobody is
 * there to answer. At most once per visit. The panel (kiosk-survey.c) sits under the
 * screens, which make room for it: it covers nothing, the bar and the home screen's
 * tiles work at every question, and any other screen puts the questions away. Where the
 * screen has no room for both (1280×800 at the largest text size), the panel takes the
 * screen's room and the page under it is hidden; the bar stays. After Start over, the
 * visit starts over once the questions are put away, so that the answers belong to the
 * visit they are about.
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

/* The column of the bar, the screens and the panel. The panel takes its whole height
 * when the screens keep their minimum beside it; else it takes all the room under the
 * bar and the screens are hidden, so that the window never asks for more than the
 * screen has and the whole question is in sight. The panel is as tall at every
 * question (kiosk-survey.ui), so the choice holds from one question to the next. */
static KioskWindow *
column_window (GtkWidget *column)
{
  return KIOSK_WINDOW (gtk_widget_get_ancestor (column, KIOSK_TYPE_WINDOW));
}

static gboolean
asking (KioskWindow *self)
{
  return self->survey != NULL && gtk_widget_get_visible (GTK_WIDGET (self->survey));
}

static GtkSizeRequestMode
column_request_mode (GtkWidget *column)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
column_measure (GtkWidget     *column,
                GtkOrientation orientation,
                int            for_size,
                int           *minimum,
                int           *natural,
                int           *minimum_baseline,
                int           *natural_baseline)
{
  KioskWindow *self = column_window (column);
  GtkWidget   *children[] = { self->bar, GTK_WIDGET (self->stack), GTK_WIDGET (self->survey) };

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      int child_min, child_nat;

      if (children[i] == NULL || !gtk_widget_get_visible (children[i]))
        continue;
      gtk_widget_measure (children[i], orientation, for_size, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
          continue;
        }
      /* While asking, the screens may give way to the panel: they ask for no minimum. */
      if (children[i] != GTK_WIDGET (self->stack) || !asking (self))
        *minimum += child_min;
      *natural += child_nat;
    }
}

static void
column_allocate (GtkWidget *column, int width, int height, int baseline)
{
  KioskWindow *self = column_window (column);
  GtkWidget   *stack = GTK_WIDGET (self->stack);
  int          bar_min, bar_nat, stack_min, panel_nat = 0, room;
  gboolean     both;

  gtk_widget_measure (self->bar, GTK_ORIENTATION_VERTICAL, width, &bar_min, &bar_nat, NULL, NULL);
  gtk_widget_measure (stack, GTK_ORIENTATION_VERTICAL, width, &stack_min, NULL, NULL, NULL);
  if (asking (self))
    gtk_widget_measure (GTK_WIDGET (self->survey), GTK_ORIENTATION_VERTICAL, width, NULL,
                        &panel_nat, NULL, NULL);
  bar_nat = CLAMP (height - (asking (self) ? 0 : stack_min), bar_min, bar_nat);
  gtk_widget_allocate (self->bar, width, bar_nat, -1, NULL);
  room = MAX (height - bar_nat, 0);
  both = !asking (self) || stack_min + panel_nat <= room;
  gtk_widget_set_child_visible (stack, both);
  if (both)
    gtk_widget_allocate (stack, width, room - panel_nat, -1,
                         gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, bar_nat)));
  if (asking (self))
    gtk_widget_allocate (GTK_WIDGET (self->survey), width, both ? panel_nat : room, -1,
                         gsk_transform_translate (
                             NULL, &GRAPHENE_POINT_INIT (0, height - (both ? panel_nat : room))));
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
      gtk_widget_set_child_visible (GTK_WIDGET (self->stack), TRUE);
      gtk_widget_set_layout_manager (GTK_WIDGET (column),
                                     gtk_box_layout_new (GTK_ORIENTATION_VERTICAL));
      return;
    }
  self->survey = KIOSK_SURVEY (kiosk_survey_new ());
  g_object_bind_property (self->visit, "language", self->survey, "language", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->survey, "answered", G_CALLBACK (survey_answered_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey, "closed", G_CALLBACK (survey_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (column, GTK_WIDGET (self->survey));
  gtk_widget_set_layout_manager (
      GTK_WIDGET (column),
      gtk_custom_layout_new (column_request_mode, column_measure, column_allocate));
}

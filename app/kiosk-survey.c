/* kiosk-survey.c
 *
 * The questions follow THL's national customer feedback (docs/events.md, "Feedback"):
 * whether the resident found what they needed, the 0–10 recommendation score and two
 * statements that fit a kiosk. Each is optional and one tap; Skip is always there, the
 * panel leaves by itself when nobody answers, and the window's bar stays usable, so
 * the questions never stand between a resident and the way home.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-survey.h"

#define DEFAULT_TIMEOUT_MS 20000
/* The thanks stays only long enough to be read. */
#define THANKS_MS 4000

struct _KioskSurvey
{
  KioskScreen parent_instance;

  GtkStack  *questions;
  GtkWidget *skip_button;
  GtkWidget *score_buttons; /* the 0–10 row: a test measures it */
  guint      timeout_ms;
  guint      timeout_id;
  gboolean   answered; /* at least one answer: thanks at the end, else none */
};

enum
{
  ANSWERED,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskSurvey, kiosk_survey, KIOSK_TYPE_SCREEN)

/* In the order they are asked. */
static const char *const questions[] = { "found", "score", "easy", "clear", "thanks", NULL };

static gboolean
timeout_cb (gpointer user_data)
{
  KioskSurvey *self = user_data;

  self->timeout_id = 0;
  kiosk_survey_dismiss (self);
  return G_SOURCE_REMOVE;
}

static void
show_question (KioskSurvey *self, const char *question)
{
  gboolean thanks = g_str_equal (question, "thanks");

  gtk_stack_set_visible_child_name (self->questions, question);
  gtk_widget_set_visible (self->skip_button, !thanks);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (thanks ? MIN (self->timeout_ms, THANKS_MS) : self->timeout_ms,
                                    timeout_cb, self);
}

static void
next_question (KioskSurvey *self)
{
  const char *current = gtk_stack_get_visible_child_name (self->questions);

  for (guint i = 0; questions[i] != NULL; i++)
    if (g_strcmp0 (current, questions[i]) == 0 && questions[i + 1] != NULL
        && (self->answered || !g_str_equal (questions[i + 1], "thanks")))
      {
        show_question (self, questions[i + 1]);
        return;
      }
  kiosk_survey_dismiss (self);
}

/* "found:yes", "score:7", "easy:agree": the question, then the answer. */
static void
answer_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskSurvey     *self = KIOSK_SURVEY (widget);
  const char      *target = g_variant_get_string (parameter, NULL);
  const char      *colon = strchr (target, ':');
  g_autofree char *question = NULL;
  const char      *answer;

  if (colon == NULL || !gtk_widget_get_visible (widget))
    return;
  question = g_strndup (target, colon - target);
  answer = colon + 1;
  /* A stale tap on a question already passed counts for nothing. */
  if (g_strcmp0 (question, gtk_stack_get_visible_child_name (self->questions)) != 0)
    return;
  self->answered = TRUE;
  if (g_str_equal (question, "score"))
    g_signal_emit (self, signals[ANSWERED], 0, question, (int) g_ascii_strtoll (answer, NULL, 10),
                   NULL);
  else
    g_signal_emit (self, signals[ANSWERED], 0, question, 0, answer);
  next_question (self);
}

static void
skip_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  next_question (KIOSK_SURVEY (widget));
}

/* The panel asks for its whole height at the width it is given, and takes less only
 * where the screen has no more (it scrolls then): GtkScrolledWindow's own natural
 * height is not measured at that width, and wrapped lines were cut off. */
static GtkSizeRequestMode
panel_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
panel_measure (GtkWidget     *widget,
               GtkOrientation orientation,
               int            for_size,
               int           *minimum,
               int           *natural,
               int           *minimum_baseline,
               int           *natural_baseline)
{
  GtkWidget *scroller = gtk_widget_get_first_child (widget);
  GtkWidget *panel = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (!gtk_widget_should_layout (scroller))
    return;
  gtk_widget_measure (scroller, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL && panel != NULL)
    {
      int panel_natural;

      gtk_widget_measure (panel, orientation, for_size, NULL, &panel_natural, NULL, NULL);
      *natural = MAX (*minimum, panel_natural);
    }
}

static void
panel_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  GtkWidget *scroller = gtk_widget_get_first_child (widget);

  if (gtk_widget_should_layout (scroller))
    gtk_widget_allocate (scroller, width, height, -1, NULL);
}

static void
kiosk_survey_dispose (GObject *object)
{
  KioskSurvey *self = (KioskSurvey *) object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  G_OBJECT_CLASS (kiosk_survey_parent_class)->dispose (object);
}

static void
kiosk_survey_class_init (KioskSurveyClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_survey_dispose;
  kiosk_screen_class_set_template (KIOSK_SCREEN_CLASS (klass),
                                   "/fi/neuvokas/Kiosk/kiosk-survey.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskSurvey, questions);
  gtk_widget_class_bind_template_child (widget_class, KioskSurvey, skip_button);
  gtk_widget_class_bind_template_child (widget_class, KioskSurvey, score_buttons);
  gtk_widget_class_install_action (widget_class, "survey.answer", "s", answer_action);
  gtk_widget_class_install_action (widget_class, "survey.skip", NULL, skip_action);

  /**
   * KioskSurvey::answered:
   * @question: "found", "score", "easy" or "clear"
   * @value: the score, 0 … 10; 0 for the other questions
   * @detail: the answer chosen; NULL for the score
   */
  signals[ANSWERED]
      = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING);
  /**
   * KioskSurvey::closed:
   *
   * The questions were put away: answered through, skipped, left or dismissed.
   */
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_survey_init (KioskSurvey *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (
      GTK_WIDGET (self), gtk_custom_layout_new (panel_request_mode, panel_measure, panel_allocate));
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kiosk_survey_new (void)
{
  return g_object_new (KIOSK_TYPE_SURVEY, NULL);
}

void
kiosk_survey_start (KioskSurvey *self)
{
  g_return_if_fail (KIOSK_IS_SURVEY (self));

  self->answered = FALSE;
  show_question (self, questions[0]);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
kiosk_survey_dismiss (KioskSurvey *self)
{
  g_return_if_fail (KIOSK_IS_SURVEY (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[CLOSED], 0);
}

const char *
kiosk_survey_get_question (KioskSurvey *self)
{
  g_return_val_if_fail (KIOSK_IS_SURVEY (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return NULL;
  return gtk_stack_get_visible_child_name (self->questions);
}

void
kiosk_survey_set_timeout (KioskSurvey *self, guint timeout_ms)
{
  g_return_if_fail (KIOSK_IS_SURVEY (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

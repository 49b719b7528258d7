/* kiosk-window-private.h — the window's insides, shared by kiosk-window.c (the shell:
 * bar, navigation, the visit) and kiosk-window-actions.c (what the buttons do), and
 * the getters the tests use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-appointment-flow.h"
#include "kiosk-categories-page.h"
#include "kiosk-directory-page.h"
#include "kiosk-guide-list-page.h"
#include "kiosk-guide-page.h"
#include "kiosk-help-page.h"
#include "kiosk-home-page.h"
#include "kiosk-keypad.h"
#include "kiosk-language-chooser.h"
#include "kiosk-organisation-page.h"
#include "kiosk-speech-mode.h"
#include "kiosk-speech.h"
#include "kiosk-status-page-private.h"
#include "kiosk-survey.h"
#include "kiosk-visit.h"
#include "kiosk-window.h"

G_BEGIN_DECLS

struct _KioskWindow
{
  AdwApplicationWindow parent_instance;

  /* The template */
  GtkStack      *stack;
  KioskHomePage *home_page;
  /* Built later (kiosk-window.c): NULL until then; reach them with the getters below. */
  KioskCategoriesPage   *categories_page;
  KioskGuideListPage    *guide_list_page;
  KioskGuidePage        *guide_page;
  KioskDirectoryPage    *directory_page;
  KioskOrganisationPage *organisation_page;
  KioskAppointmentFlow  *appointment_flow;
  KioskHelpPage         *help_page;
  GtkWidget             *bar;
  GtkWidget             *text_size_control; /* A−, the dots, A+ */
  GtkWidget             *text_smaller_button;
  GtkWidget             *text_larger_button;
  GtkLabel              *text_size_level;
  GtkWidget             *idle_warning;
  GtkLabel              *idle_countdown;
  GtkWidget             *read_aloud_button;
  AdwButtonContent      *read_aloud_content;
  GtkWidget             *language_menu;
  KioskLanguageChooser  *language_choices;
  GtkWidget             *status_page;  /* staff only: win.show-status */
  guint                  build_source; /* builds the screens not built yet, after the first frame */
  char                  *host_organisation; /* for the help page, once it is built */
  guint                  call_days;         /* for the appointment flow, once it is built */
  char                  *data_dir;          /* for the status page: where the PIN is */

  KioskVisit      *visit;
  KioskStore      *store;
  KioskSync       *sync;            /* may be NULL */
  KioskStaffCall  *staff_call;      /* may be NULL: "Call staff now" says it cannot */
  KioskSpeech     *speech;          /* NULL: no reading aloud */
  GBindingGroup   *speech_bindings; /* the read-aloud button shows while speech is there */
  GSignalGroup    *speech_signals;
  KioskSpeechMode *speech_mode;         /* what is spoken when, for a resident who cannot see */
  KioskKeypad     *keypad;              /* speech, volume and Back keys; the focus kept */
  GPtrArray       *history;             /* screen names behind the current one */
  char            *qr_base_url;         /* the public pages' server; NULL or "": no codes */
  gboolean         guide_completed;     /* guide_complete recorded for the open guide */
  GtkWidget       *start_over_question; /* weak: the AdwMessageDialog while it is up */
  /* The feedback questions (kiosk-window-feedback.c); NULL while they are off */
  KioskSurvey *survey;
  gboolean     visit_used;           /* a screen other than home was shown in this visit */
  gboolean     survey_asked;         /* the questions were offered in this visit */
  gboolean     restart_after_survey; /* Start over waits for the questions to be put away */
};

/* kiosk-window.c */
/* The screen called @name, built now if it was not yet. */
GtkWidget *_kiosk_window_get_screen (KioskWindow *self, const char *name);
void       _kiosk_window_show_screen (KioskWindow *self, const char *screen, gboolean remember);
void       _kiosk_window_stop_speaking (KioskWindow *self);
void       _kiosk_window_note_activity (KioskWindow *self);

/* kiosk-window-actions.c */
void _kiosk_window_class_add_actions (GtkWidgetClass *widget_class);
/* A screen just built: its signals, and what it records. */
void _kiosk_window_connect_screen (KioskWindow *self, GtkWidget *screen);

/* kiosk-window-feedback.c */
gboolean _kiosk_window_feedback_due (KioskWindow *self);
void     _kiosk_window_offer_feedback (KioskWindow *self, const char *where, gboolean then_restart);
void     _kiosk_window_put_feedback_away (KioskWindow *self);
void     _kiosk_window_reset_feedback (KioskWindow *self);

/* For tests */
const char *kiosk_window_get_screen (KioskWindow *self);
KioskVisit *kiosk_window_get_visit (KioskWindow *self);
/* The struct is here, so the getters that only tests use cost the window no code. */
static inline GtkWindow *
kiosk_window_get_start_over_question (KioskWindow *self)
{
  /* The Start over question (an AdwMessageDialog) while it is up, else NULL */
  return GTK_WINDOW (self->start_over_question);
}

static inline KioskSurvey *
kiosk_window_get_survey (KioskWindow *self)
{
  /* The feedback questions; NULL while they are off */
  return self->survey;
}

static inline KioskSpeechMode *
kiosk_window_get_speech_mode (KioskWindow *self)
{
  return self->speech_mode;
}

static inline KioskGuidePage *
kiosk_window_get_guide_page (KioskWindow *self)
{
  return KIOSK_GUIDE_PAGE (_kiosk_window_get_screen (self, "guide"));
}

static inline KioskOrganisationPage *
kiosk_window_get_organisation_page (KioskWindow *self)
{
  return KIOSK_ORGANISATION_PAGE (_kiosk_window_get_screen (self, "organisation"));
}

static inline KioskDirectoryPage *
kiosk_window_get_directory_page (KioskWindow *self)
{
  return KIOSK_DIRECTORY_PAGE (_kiosk_window_get_screen (self, "directory"));
}

static inline KioskAppointmentFlow *
kiosk_window_get_appointment_flow (KioskWindow *self)
{
  return KIOSK_APPOINTMENT_FLOW (_kiosk_window_get_screen (self, "appointment"));
}

static inline KioskHelpPage *
kiosk_window_get_help_page (KioskWindow *self)
{
  return KIOSK_HELP_PAGE (_kiosk_window_get_screen (self, "help"));
}

static inline KioskStatusPage *
kiosk_window_get_status_page (KioskWindow *self)
{
  return KIOSK_STATUS_PAGE (_kiosk_window_get_screen (self, "status"));
}

G_END_DECLS

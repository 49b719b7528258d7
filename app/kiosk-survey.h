/* kiosk-survey.h — the resident's feedback at the end of a visit or a guide: one
 * optional question at a time, one tap each, in the visit's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SURVEY (kiosk_survey_get_type ())

G_DECLARE_FINAL_TYPE (KioskSurvey, kiosk_survey, KIOSK, SURVEY, KioskScreen)

/* Signals: "answered" (question, value, detail) for each answer given — question
 * "found" (detail "yes" | "partly" | "no"), "score" (value 0 … 10), "easy" or "clear"
 * (detail "agree" | "neutral" | "disagree"); "closed" once it is put away (answered
 * through, skipped, left alone, or dismissed). Actions: survey.answer (s, e.g.
 * "found:yes", "score:7", "easy:agree") and survey.skip (the next question). */
GtkWidget *kiosk_survey_new (void);
/* Shows the first question. It goes away by itself after @timeout_ms without an answer
 * (kiosk_survey_set_timeout ()). */
void kiosk_survey_start (KioskSurvey *self);
/* Puts it away now ("closed" if it was up). */
void kiosk_survey_dismiss (KioskSurvey *self);
/* The question on show ("found", "score", "easy", "clear", "thanks"), NULL when put away. */
const char *kiosk_survey_get_question (KioskSurvey *self);
/* How long a question waits for a tap; 20 seconds unless set. */
void kiosk_survey_set_timeout (KioskSurvey *self, guint timeout_ms);

G_END_DECLS

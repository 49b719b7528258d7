/* nv-event.h — an anonymous usage event recorded by a kiosk
 *
 * The data dictionary is docs/events.md. Events never carry anything a resident
 * typed into a form; the only free text is a search query with every digit removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

typedef enum
{
  NV_EVENT_SESSION_START,
  NV_EVENT_SESSION_END,       /* detail: "timeout" | "start-over"; value: seconds */
  NV_EVENT_SCREEN_VIEW,       /* subject: screen name */
  NV_EVENT_GUIDE_VIEW,        /* subject: guide id */
  NV_EVENT_STEP_VIEW,         /* subject: guide id; value: step number, 1-based */
  NV_EVENT_GUIDE_COMPLETE,    /* subject: guide id */
  NV_EVENT_FEEDBACK,          /* subject: guide id; detail: "good" | "neutral" | "bad" */
  NV_EVENT_SEARCH,            /* detail: query without digits; value: result count */
  NV_EVENT_ORGANISATION_VIEW, /* subject: organisation id */
  NV_EVENT_QR_SHOWN,          /* subject: "guide:ID" | "organisation:ID" */
  NV_EVENT_READ_ALOUD,        /* subject: "guide:ID" | "organisation:ID" */
  NV_EVENT_SETTING_CHANGED, /* subject: "language" | "text-size" | "contrast"; detail: new value */
  NV_EVENT_APPOINTMENT_STARTED,   /* subject: guide id when started from a guide, else none */
  NV_EVENT_APPOINTMENT_STEP,      /* detail: step name; value: step number */
  NV_EVENT_APPOINTMENT_ABANDONED, /* detail: step name where the resident left */
  NV_EVENT_APPOINTMENT_SUBMITTED, /* detail: "slot" | "preferred-time" */
  /* subject: organisation id; detail: "hours" | "phone" | "address" | "closed" | "other" */
  NV_EVENT_INFO_REPORTED,
  /* The resident feedback questions (docs/events.md, "Feedback"); anonymous like the rest */
  NV_EVENT_SURVEY_OFFERED,   /* detail: "visit-end" | "guide-end": where the questions came up */
  NV_EVENT_SURVEY_FOUND,     /* detail: "yes" | "partly" | "no" */
  NV_EVENT_SURVEY_SCORE,     /* value: 0 … 10, how likely they would recommend the kiosk */
  NV_EVENT_SURVEY_STATEMENT, /* subject: "easy" | "clear"; detail: "agree" | "neutral" | "disagree"
                              */
  NV_N_EVENT_TYPES
} NvEventType;

const char *nv_event_type_to_string (NvEventType type);
gboolean    nv_event_type_from_string (const char *string, NvEventType *out_type);

typedef struct
{
  char       *id;      /* client-generated UUID, time-ordered (nv_event_make_id) */
  char       *session; /* random UUID of the resident session; dies at reset */
  GDateTime  *time;    /* when it happened (UTC on the wire) */
  NvEventType type;
  char       *subject;   /* see the type; may be NULL */
  NvLang      language;  /* the kiosk's language at the time */
  guint8      text_size; /* 0 (default, already large) … 2 (largest) */
  gboolean    high_contrast;
  gint64      value;  /* a small number: 0 … 10,000,000; 0 when not used */
  char       *detail; /* see the type; may be NULL; at most 64 characters */
  /* The kiosk's content revision when it happened, so that "step 4" means the text that
   * was on screen; 0 when not known (events recorded before kiosks sent it). The guide's
   * own version is derived from it on the server (docs/events.md, "Versions"). */
  gint64 content_revision;
} NvEvent;

NvEvent *nv_event_new (NvEventType type,
                       const char *session); /* sets a fresh id and the time now */
void     nv_event_free (NvEvent *event);
gboolean nv_event_validate (const NvEvent *event, GError **error);
/* {"id": "…", "session": "…", "time": "2026-11-22T08:15:00.123Z", "type": "guide_view",
 *  "subject": "omaolo", "language": "fi", "text_size": 0, "high_contrast": false,
 *  "value": 0, "detail": null, "content_revision": 42} — "content_revision" may be
 *  missing (older kiosks) and is then 0. The kiosk id is not in the event: the server takes it
 *  from the kiosk's token. */
JsonNode *nv_event_to_json (const NvEvent *event);
NvEvent  *nv_event_from_json (JsonNode *node, GError **error);

/* A fresh event id: a UUID version 7 (RFC 9562), the Unix time in milliseconds
 * followed by 74 random bits. Ids made later sort later, so the server's unique index
 * on event ids grows at its end instead of being written all over. */
char *nv_event_make_id (void);

/* A search query fit to keep: digits removed (no phone numbers, no personal identity
 * codes), white space folded, lower case, at most 64 characters. Never NULL. */
char *nv_event_sanitize_query (const char *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvEvent, nv_event_free)

G_END_DECLS

/* nv-funnel.h — a funnel an evaluator defines: named steps, each an event condition
 *
 * A visit reaches step k when it has events matching steps 1 … k in that order
 * (docs/events.md, "Funnels"). Only the kinds of event a kiosk records can be named, and
 * a condition matches exactly, so a definition is data, never SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "nv-event.h"

G_BEGIN_DECLS

#define NV_FUNNEL_MIN_STEPS 2
#define NV_FUNNEL_MAX_STEPS 8
#define NV_FUNNEL_MAX_NAME_CHARS 80
/* An event's subject is an id or "guide:ID"; its detail at most 64 characters. */
#define NV_FUNNEL_MAX_SUBJECT_CHARS 200
#define NV_FUNNEL_MAX_DETAIL_CHARS 64
#define NV_FUNNEL_MAX_VALUE 10000000

typedef struct
{
  NvEventType type;
  char       *subject; /* NULL: any */
  char       *detail;  /* NULL: any */
  gint64      value;   /* -1: any; else 0 … NV_FUNNEL_MAX_VALUE */
} NvFunnelStep;

typedef struct
{
  char      *id;    /* [a-z0-9-]{1,64}; NULL for one not saved yet */
  char      *name;  /* 1–80 characters on one line */
  GPtrArray *steps; /* NvFunnelStep*, NV_FUNNEL_MIN_STEPS … NV_FUNNEL_MAX_STEPS */
} NvFunnel;

NvFunnel *nv_funnel_new (void);
void      nv_funnel_free (NvFunnel *funnel);
/* Errors name the field: "name", "steps" (too-few-steps, too-many-steps),
 * "steps[2].subject". */
gboolean nv_funnel_validate (const NvFunnel *funnel, GError **error);
/* {"id", "name", "steps": [{"type": "guide_view", "subject": "omaolo", "detail": null,
 * "value": null}…]}; unset conditions are null. */
JsonNode *nv_funnel_to_json (const NvFunnel *funnel);
/* "id" may be absent (a new funnel); "type" must be a known event type (code
 * unknown-event-type). */
NvFunnel *nv_funnel_from_json (JsonNode *node, GError **error);
/* Whether an event of @type with @subject, @detail and @value meets @step. */
gboolean nv_funnel_step_matches (const NvFunnelStep *step,
                                 NvEventType         type,
                                 const char         *subject,
                                 const char         *detail,
                                 gint64              value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvFunnel, nv_funnel_free)

G_END_DECLS

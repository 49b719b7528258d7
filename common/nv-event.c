/* nv-event.c
 *
 * The rules per type are docs/events.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-error.h"
#include "nv-event.h"
#include "nv-json-private.h"
#include "nv-random.h"

#define MAX_VALUE G_GINT64_CONSTANT (10000000)
#define MAX_DETAIL_CHARS 64
#define MAX_TEXT_SIZE 2
#define MAX_REVISION G_GINT64_CONSTANT (1000000000000)
/* The kiosk's clock may run a little ahead of the server's, but not by days. */
#define MAX_AHEAD G_TIME_SPAN_DAY

typedef enum
{
  SUBJECT_NONE,         /* must be NULL */
  SUBJECT_SCREEN,       /* a screen name */
  SUBJECT_ID,           /* a guide or organisation id, required */
  SUBJECT_OPTIONAL_ID,  /* a guide id or NULL */
  SUBJECT_QUALIFIED_ID, /* "guide:ID" or "organisation:ID" */
  SUBJECT_SETTING,      /* "language", "text-size" or "contrast" */
  SUBJECT_STATEMENT,    /* a feedback statement: one of survey_statements */
} SubjectRule;

typedef enum
{
  VALUE_NONE,       /* must be 0 */
  VALUE_ANY,        /* 0 … MAX_VALUE */
  VALUE_FROM_ONE,   /* 1 … MAX_VALUE: a step number or a count of steps */
  VALUE_READ_ALOUD, /* a step number for a guide, 0 for an organisation */
  VALUE_STARTED,    /* the step reached in the guide, 0 without one */
  VALUE_SCORE,      /* 0 … 10: the recommendation score */
} ValueRule;

typedef enum
{
  DETAIL_NONE,    /* must be NULL */
  DETAIL_LIST,    /* one of TypeInfo.details, required */
  DETAIL_QUERY,   /* a sanitised search query, may be empty */
  DETAIL_SETTING, /* the new value of the setting in the subject */
} DetailRule;

typedef struct
{
  const char        *name;
  SubjectRule        subject;
  ValueRule          value;
  DetailRule         detail;
  const char *const *details;
} TypeInfo;

static const char *const session_end_details[] = { "timeout", "start-over", NULL };
static const char *const feedback_details[] = { "good", "neutral", "bad", NULL };
static const char *const appointment_steps[]
    = { "reason", "contact", "time", "details", "privacy", "receipt", NULL };
static const char *const submitted_details[] = { "slot", "preferred-time", NULL };
static const char *const info_reported_details[]
    = { "hours", "phone", "address", "closed", "other", NULL };

static const char *const survey_offered_details[] = { "visit-end", "guide-end", NULL };
static const char *const survey_found_details[] = { "yes", "partly", "no", NULL };
static const char *const survey_statements[] = { "easy", "clear", NULL };
static const char *const survey_statement_details[] = { "agree", "neutral", "disagree", NULL };

static const char *const screens[]
    = { "home",         "categories",  "guide-list", "guide", "directory",
        "organisation", "appointment", "help",       NULL };
static const char *const settings[] = { "language", "text-size", "contrast", NULL };
static const char *const language_values[] = { "fi", "sv", "en", "fi-x-selko", NULL };
static const char *const text_size_values[] = { "0", "1", "2", NULL };
static const char *const contrast_values[] = { "normal", "high", NULL };

static const TypeInfo types[NV_N_EVENT_TYPES] = {
  [NV_EVENT_SESSION_START] = { "session_start", SUBJECT_NONE, VALUE_NONE, DETAIL_NONE, NULL },
  [NV_EVENT_SESSION_END]
  = { "session_end", SUBJECT_NONE, VALUE_ANY, DETAIL_LIST, session_end_details },
  [NV_EVENT_SCREEN_VIEW] = { "screen_view", SUBJECT_SCREEN, VALUE_NONE, DETAIL_NONE, NULL },
  [NV_EVENT_GUIDE_VIEW] = { "guide_view", SUBJECT_ID, VALUE_NONE, DETAIL_NONE, NULL },
  [NV_EVENT_STEP_VIEW] = { "step_view", SUBJECT_ID, VALUE_FROM_ONE, DETAIL_NONE, NULL },
  [NV_EVENT_GUIDE_COMPLETE] = { "guide_complete", SUBJECT_ID, VALUE_FROM_ONE, DETAIL_NONE, NULL },
  [NV_EVENT_FEEDBACK] = { "feedback", SUBJECT_ID, VALUE_NONE, DETAIL_LIST, feedback_details },
  [NV_EVENT_SEARCH] = { "search", SUBJECT_NONE, VALUE_ANY, DETAIL_QUERY, NULL },
  [NV_EVENT_ORGANISATION_VIEW] = { "organisation_view", SUBJECT_ID, VALUE_NONE, DETAIL_NONE, NULL },
  [NV_EVENT_QR_SHOWN] = { "qr_shown", SUBJECT_QUALIFIED_ID, VALUE_NONE, DETAIL_NONE, NULL },
  [NV_EVENT_READ_ALOUD]
  = { "read_aloud", SUBJECT_QUALIFIED_ID, VALUE_READ_ALOUD, DETAIL_NONE, NULL },
  [NV_EVENT_SETTING_CHANGED]
  = { "setting_changed", SUBJECT_SETTING, VALUE_NONE, DETAIL_SETTING, NULL },
  [NV_EVENT_APPOINTMENT_STARTED]
  = { "appointment_started", SUBJECT_OPTIONAL_ID, VALUE_STARTED, DETAIL_NONE, NULL },
  [NV_EVENT_APPOINTMENT_STEP]
  = { "appointment_step", SUBJECT_NONE, VALUE_FROM_ONE, DETAIL_LIST, appointment_steps },
  [NV_EVENT_APPOINTMENT_ABANDONED]
  = { "appointment_abandoned", SUBJECT_NONE, VALUE_FROM_ONE, DETAIL_LIST, appointment_steps },
  [NV_EVENT_APPOINTMENT_SUBMITTED]
  = { "appointment_submitted", SUBJECT_NONE, VALUE_NONE, DETAIL_LIST, submitted_details },
  [NV_EVENT_INFO_REPORTED]
  = { "info_reported", SUBJECT_ID, VALUE_NONE, DETAIL_LIST, info_reported_details },
  [NV_EVENT_SURVEY_OFFERED]
  = { "survey_offered", SUBJECT_NONE, VALUE_NONE, DETAIL_LIST, survey_offered_details },
  [NV_EVENT_SURVEY_FOUND]
  = { "survey_found", SUBJECT_NONE, VALUE_NONE, DETAIL_LIST, survey_found_details },
  [NV_EVENT_SURVEY_SCORE] = { "survey_score", SUBJECT_NONE, VALUE_SCORE, DETAIL_NONE, NULL },
  [NV_EVENT_SURVEY_STATEMENT]
  = { "survey_statement", SUBJECT_STATEMENT, VALUE_NONE, DETAIL_LIST, survey_statement_details },
};

/* Every kind of number goes: fullwidth and other decimal digits, superscripts and
 * circled digits, Roman numerals. Any of them could spell a phone number. */
static gboolean
is_number_char (gunichar c)
{
  GUnicodeType type;

  if (g_unichar_digit_value (c) >= 0)
    return TRUE;
  type = g_unichar_type (c);
  return type == G_UNICODE_DECIMAL_NUMBER || type == G_UNICODE_OTHER_NUMBER
         || type == G_UNICODE_LETTER_NUMBER;
}

static gboolean
is_combining_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
         || type == G_UNICODE_ENCLOSING_MARK;
}

static gboolean
has_number_char (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_number_char (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static char *
join_list (const char *const *values)
{
  return g_strjoinv (", ", (char **) values);
}

static gboolean
validate_one_of (const char *value, const char *const *values, const char *field, GError **error)
{
  g_autofree char *list = NULL;

  if (value != NULL && g_strv_contains (values, value))
    return TRUE;
  list = join_list (values);
  if (value == NULL)
    nv_set_field_error (error, field, "is required for this type of event: one of %s", list);
  else
    nv_set_field_error (error, field, "must be one of %s", list);
  return FALSE;
}

/* "guide:omaolo" → TRUE, *out_is_guide = TRUE */
static gboolean
validate_qualified_id (const char *subject, gboolean *out_is_guide, GError **error)
{
  const char *id = NULL;

  if (subject != NULL && g_str_has_prefix (subject, "guide:"))
    {
      id = subject + strlen ("guide:");
      *out_is_guide = TRUE;
    }
  else if (subject != NULL && g_str_has_prefix (subject, "organisation:"))
    {
      id = subject + strlen ("organisation:");
      *out_is_guide = FALSE;
    }
  if (id == NULL)
    {
      nv_set_field_error (error, "subject", "must be guide:ID or organisation:ID");
      return FALSE;
    }
  return nv_validate_id (id, "subject", error);
}

static gboolean
validate_subject (const NvEvent  *event,
                  const TypeInfo *info,
                  gboolean       *out_is_guide,
                  GError        **error)
{
  *out_is_guide = FALSE;
  switch (info->subject)
    {
    case SUBJECT_NONE:
      if (event->subject != NULL)
        {
          nv_set_field_error (error, "subject", "must be empty for a %s event", info->name);
          return FALSE;
        }
      return TRUE;
    case SUBJECT_SCREEN:
      return validate_one_of (event->subject, screens, "subject", error);
    case SUBJECT_ID:
      return nv_validate_id (event->subject, "subject", error);
    case SUBJECT_OPTIONAL_ID:
      *out_is_guide = event->subject != NULL;
      return event->subject == NULL || nv_validate_id (event->subject, "subject", error);
    case SUBJECT_QUALIFIED_ID:
      return validate_qualified_id (event->subject, out_is_guide, error);
    case SUBJECT_SETTING:
      return validate_one_of (event->subject, settings, "subject", error);
    case SUBJECT_STATEMENT:
      return validate_one_of (event->subject, survey_statements, "subject", error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
validate_value (const NvEvent  *event,
                const TypeInfo *info,
                gboolean        subject_is_guide,
                GError        **error)
{
  gboolean unused;

  if (event->value < 0 || event->value > MAX_VALUE)
    {
      nv_set_field_error (error, "value", "must be between 0 and %" G_GINT64_FORMAT, MAX_VALUE);
      return FALSE;
    }
  switch (info->value)
    {
    case VALUE_NONE:
      unused = TRUE;
      break;
    case VALUE_ANY:
      return TRUE;
    case VALUE_FROM_ONE:
      if (event->value < 1)
        {
          nv_set_field_error (error, "value", "must be at least 1 for a %s event", info->name);
          return FALSE;
        }
      return TRUE;
    case VALUE_SCORE:
      if (event->value > 10)
        {
          nv_set_field_error (error, "value", "must be between 0 and 10 for a %s event",
                              info->name);
          return FALSE;
        }
      return TRUE;
    case VALUE_READ_ALOUD:
    case VALUE_STARTED:
      /* A step number belongs to a guide; an organisation page has no steps. */
      unused = !subject_is_guide;
      break;
    default:
      g_assert_not_reached ();
    }
  if (unused && event->value != 0)
    {
      nv_set_field_error (error, "value", "must be 0 for a %s event", info->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_detail (const NvEvent *event, const TypeInfo *info, GError **error)
{
  if (!nv_validate_plain_string (event->detail, "detail", MAX_DETAIL_CHARS, FALSE, error))
    return FALSE;
  switch (info->detail)
    {
    case DETAIL_NONE:
      if (event->detail != NULL)
        {
          nv_set_field_error (error, "detail", "must be empty for a %s event", info->name);
          return FALSE;
        }
      return TRUE;
    case DETAIL_LIST:
      return validate_one_of (event->detail, info->details, "detail", error);
    case DETAIL_QUERY:
      /* Only the privacy rule is enforced here, not the exact folding: a server with
       * other Unicode tables than the kiosk must not refuse a harmless query. */
      if (event->detail != NULL && has_number_char (event->detail))
        {
          nv_set_field_error (error, "detail",
                              "must not contain digits (a search query is "
                              "kept without them)");
          return FALSE;
        }
      return TRUE;
    case DETAIL_SETTING:
      if (g_strcmp0 (event->subject, "language") == 0)
        return validate_one_of (event->detail, language_values, "detail", error);
      else if (g_strcmp0 (event->subject, "text-size") == 0)
        return validate_one_of (event->detail, text_size_values, "detail", error);
      else
        return validate_one_of (event->detail, contrast_values, "detail", error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
validate_time (GDateTime *time, GError **error)
{
  g_autoptr (GDateTime) earliest = NULL;
  g_autoptr (GDateTime) now = NULL;

  if (time == NULL)
    {
      nv_set_field_error (error, "time", "is required");
      return FALSE;
    }
  earliest = g_date_time_new_utc (2020, 1, 1, 0, 0, 0);
  if (g_date_time_compare (time, earliest) < 0)
    {
      nv_set_field_error (error, "time", "is before 2020; check the kiosk's clock");
      return FALSE;
    }
  now = g_date_time_new_now_utc ();
  if (g_date_time_difference (time, now) > MAX_AHEAD)
    {
      nv_set_field_error (error, "time",
                          "is more than a day in the future; check the "
                          "kiosk's clock");
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_uuid (const char *value, const char *field, GError **error)
{
  if (value == NULL)
    {
      nv_set_field_error (error, field, "is required");
      return FALSE;
    }
  if (!g_uuid_string_is_valid (value))
    {
      nv_set_field_error (error, field,
                          "must be a UUID like "
                          "6f0a8f5e-3c1d-4b2a-9e4f-0123456789ab");
      return FALSE;
    }
  return TRUE;
}

char *
nv_event_make_id (void)
{
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint8  bytes[16];

  nv_random_buf (bytes + 6, sizeof bytes - 6);
  for (int i = 0; i < 6; i++)
    bytes[i] = (guint8) (ms >> (40 - 8 * i));
  bytes[6] = (guint8) (0x70 | (bytes[6] & 0x0f)); /* version 7 */
  bytes[8] = (guint8) (0x80 | (bytes[8] & 0x3f)); /* variant 10 */
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6],
                          bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13],
                          bytes[14], bytes[15]);
}

/* The wire keeps milliseconds; dropping the rest here makes a round trip exact. */
static GDateTime *
now_in_milliseconds (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add (now, -(g_date_time_get_microsecond (now) % 1000));
}

const char *
nv_event_type_to_string (NvEventType type)
{
  g_return_val_if_fail ((guint) type < NV_N_EVENT_TYPES, NULL);
  return types[type].name;
}

gboolean
nv_event_type_from_string (const char *string, NvEventType *out_type)
{
  if (string == NULL)
    return FALSE;
  for (guint i = 0; i < NV_N_EVENT_TYPES; i++)
    {
      if (g_str_equal (string, types[i].name))
        {
          if (out_type != NULL)
            *out_type = (NvEventType) i;
          return TRUE;
        }
    }
  return FALSE;
}

NvEvent *
nv_event_new (NvEventType type, const char *session)
{
  NvEvent *event;

  g_return_val_if_fail ((guint) type < NV_N_EVENT_TYPES, NULL);

  event = g_new0 (NvEvent, 1);
  event->id = nv_event_make_id ();
  event->session = g_strdup (session);
  event->time = now_in_milliseconds ();
  event->type = type;
  event->language = NV_LANG_DEFAULT;
  return event;
}

void
nv_event_free (NvEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->id);
  g_free (event->session);
  g_clear_pointer (&event->time, g_date_time_unref);
  g_free (event->subject);
  g_free (event->detail);
  g_free (event);
}

gboolean
nv_event_validate (const NvEvent *event, GError **error)
{
  const TypeInfo *info;
  gboolean        subject_is_guide;

  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_uuid (event->id, "id", error) || !validate_uuid (event->session, "session", error)
      || !validate_time (event->time, error))
    return FALSE;
  if ((guint) event->type >= NV_N_EVENT_TYPES)
    {
      nv_set_field_error (error, "type", "is not a known type of event");
      return FALSE;
    }
  info = &types[event->type];
  if ((guint) event->language >= NV_N_LANGS)
    {
      nv_set_field_error (error, "language", "must be " NV_LANG_CODES);
      return FALSE;
    }
  if (event->text_size > MAX_TEXT_SIZE)
    {
      nv_set_field_error (error, "text_size", "must be between 0 and %d", MAX_TEXT_SIZE);
      return FALSE;
    }
  if (event->content_revision < 0 || event->content_revision > MAX_REVISION)
    {
      nv_set_field_error (error, "content_revision",
                          "must be between 0 and %" G_GINT64_FORMAT " (0: not known)",
                          MAX_REVISION);
      return FALSE;
    }
  return validate_subject (event, info, &subject_is_guide, error)
         && validate_value (event, info, subject_is_guide, error)
         && validate_detail (event, info, error);
}

static void
write_nullable_string (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
nv_event_to_json (const NvEvent *event)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (event != NULL, NULL);

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", event->id);
  nv_json_write_string (builder, "session", event->session);
  nv_json_write_time (builder, "time", event->time);
  if ((guint) event->type < NV_N_EVENT_TYPES)
    nv_json_write_string (builder, "type", types[event->type].name);
  write_nullable_string (builder, "subject", event->subject);
  if ((guint) event->language < NV_N_LANGS)
    nv_json_write_string (builder, "language", nv_lang_to_code (event->language));
  json_builder_set_member_name (builder, "text_size");
  json_builder_add_int_value (builder, event->text_size);
  json_builder_set_member_name (builder, "high_contrast");
  json_builder_add_boolean_value (builder, event->high_contrast);
  json_builder_set_member_name (builder, "value");
  json_builder_add_int_value (builder, event->value);
  write_nullable_string (builder, "detail", event->detail);
  /* Left out when not known, so that an event reads as it did before versions. */
  if (event->content_revision > 0)
    {
      json_builder_set_member_name (builder, "content_revision");
      json_builder_add_int_value (builder, event->content_revision);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

NvEvent *
nv_event_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvEvent) event = g_new0 (NvEvent, 1);
  g_autofree char *type = NULL;
  g_autofree char *language = NULL;
  JsonObject      *object;
  gint64           text_size;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((object = nv_json_expect_object (node, "an event", error)) == NULL)
    return NULL;
  if (!nv_json_read_string (object, "id", TRUE, &event->id, error)
      || !nv_json_read_string (object, "session", TRUE, &event->session, error)
      || !nv_json_read_time (object, "time", TRUE, &event->time, error)
      || !nv_json_read_string (object, "type", TRUE, &type, error)
      || !nv_json_read_string (object, "subject", FALSE, &event->subject, error)
      || !nv_json_read_string (object, "language", TRUE, &language, error)
      || !nv_json_read_int (object, "text_size", 0, MAX_TEXT_SIZE, 0, &text_size, error)
      || !nv_json_read_bool (object, "high_contrast", FALSE, &event->high_contrast, error)
      || !nv_json_read_int (object, "value", 0, MAX_VALUE, 0, &event->value, error)
      || !nv_json_read_string (object, "detail", FALSE, &event->detail, error)
      || !nv_json_read_int (object, "content_revision", 0, MAX_REVISION, 0,
                            &event->content_revision, error))
    return NULL;
  event->text_size = (guint8) text_size;
  if (!nv_event_type_from_string (type, &event->type))
    {
      nv_set_field_error (error, "type", "is not a known type of event (see docs/events.md)");
      return NULL;
    }
  if (!nv_lang_from_code (language, &event->language))
    {
      nv_set_field_error (error, "language", "must be " NV_LANG_CODES);
      return NULL;
    }
  if (!nv_event_validate (event, error))
    return NULL;
  return g_steal_pointer (&event);
}

char *
nv_event_sanitize_query (const char *query)
{
  g_autofree char *valid = NULL;
  g_autofree char *normalised = NULL;
  g_autofree char *lower = NULL;
  g_autoptr (GString) folded = NULL;
  gboolean pending_space = FALSE;
  gboolean after_number = FALSE;
  char    *end;

  if (query == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (query, -1);
  /* Composed form, so the 64-character cut counts what a person sees. */
  normalised = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  folded = g_string_new (NULL);
  for (const char *p = normalised; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_number_char (c) || (after_number && is_combining_mark (c)))
        {
          /* A keycap or other mark on a removed digit goes with it. */
          after_number = TRUE;
          continue;
        }
      after_number = FALSE;
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          pending_space = folded->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (folded, ' ');
      pending_space = FALSE;
      g_string_append_unichar (folded, c);
    }

  lower = g_utf8_strdown (folded->str, folded->len);
  if (g_utf8_strlen (lower, -1) > MAX_DETAIL_CHARS)
    {
      end = g_utf8_offset_to_pointer (lower, MAX_DETAIL_CHARS);
      *end = '\0';
    }
  /* The cut may have left a space at the end. */
  g_strchomp (lower);
  return g_steal_pointer (&lower);
}

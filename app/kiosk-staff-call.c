/* kiosk-staff-call.c — "Call staff now"
 *
 * The call goes to the server at once (POST /api/v1/kiosk/calls), not through the
 * outbox: it is worth something only now. Then the kiosk asks every few seconds
 * whether someone answered (GET /api/v1/kiosk/call?id=). A failure to reach the server
 * is OFFLINE at once, and no answer within a few minutes is NO_ANSWER: both offer the
 * call-back request, which the outbox keeps until it can be sent. The call carries the
 * screen, the guide and the step: nothing personal, and nothing of it is logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "kiosk-staff-call.h"
#include "nv-common.h"
#include "nv-json-private.h"

#define DEFAULT_POLL_MS 5000
#define DEFAULT_GIVE_UP_MS (3 * 60 * 1000)
#define ANSWER_MAX_BYTES 4096

struct _KioskStaffCall
{
  GObject parent_instance;

  SoupSession        *session;
  char               *server_url; /* ends in "/"; NULL: no server */
  char               *token;
  KioskStaffCallState state;
  char               *id; /* the server's id of the call; NULL until it answers */
  GCancellable       *cancellable;
  guint               poll_source;
  guint               give_up_source;
  guint               poll_ms;
  guint               give_up_ms;
};

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskStaffCall, kiosk_staff_call, G_TYPE_OBJECT)

static void
set_state (KioskStaffCall *self, KioskStaffCallState state)
{
  if (self->state == state)
    return;
  self->state = state;
  /* Once answered, offline or given up, nothing more to ask. */
  if (state != KIOSK_STAFF_CALL_WAITING)
    {
      g_clear_handle_id (&self->poll_source, g_source_remove);
      g_clear_handle_id (&self->give_up_source, g_source_remove);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static SoupMessage *
new_message (KioskStaffCall *self, const char *method, const char *path)
{
  g_autofree char *url = g_strconcat (self->server_url, path, NULL);
  SoupMessage     *msg = soup_message_new (method, url);

  if (msg != NULL && self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  return msg;
}

/* The "state" of the server's answer, or NULL when it is not one. */
static char *
read_answer (SoupMessage *msg, GBytes *body, char **out_id)
{
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *state = NULL;
  JsonObject      *object;

  if (body == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    return NULL;
  if ((root = nv_json_parse_bytes (body, ANSWER_MAX_BYTES, NULL)) == NULL
      || (object = nv_json_expect_object (root, "a call", NULL)) == NULL
      || !nv_json_read_string (object, "state", TRUE, &state, NULL)
      || (out_id != NULL && !nv_json_read_string (object, "id", TRUE, out_id, NULL)))
    return NULL;
  return g_steal_pointer (&state);
}

static void
follow_answer (KioskStaffCall *self, const char *state)
{
  if (g_strcmp0 (state, "coming") == 0 || g_strcmp0 (state, "done") == 0)
    set_state (self, KIOSK_STAFF_CALL_COMING);
}

static void poll_answered_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static gboolean
poll_cb (gpointer user_data)
{
  KioskStaffCall  *self = user_data;
  g_autofree char *path = g_strconcat ("api/v1/kiosk/call?id=", self->id, NULL);
  g_autoptr (SoupMessage) msg = new_message (self, "GET", path);

  self->poll_source = 0;
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    poll_answered_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* A failed poll is not the end: the call is made, staff may still answer. */
static void
poll_answered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskStaffCall) self = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body
      = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *state = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || self->state != KIOSK_STAFF_CALL_WAITING || self->id == NULL)
    return;
  state = read_answer (msg, body, NULL);
  follow_answer (self, state);
  if (self->state == KIOSK_STAFF_CALL_WAITING)
    self->poll_source = g_timeout_add (self->poll_ms, poll_cb, self);
}

static gboolean
give_up_cb (gpointer user_data)
{
  KioskStaffCall *self = user_data;

  self->give_up_source = 0;
  set_state (self, KIOSK_STAFF_CALL_NO_ANSWER);
  return G_SOURCE_REMOVE;
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskStaffCall) self = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body
      = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *state = NULL;
  g_autofree char *id = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if ((state = read_answer (msg, body, &id)) == NULL)
    {
      g_debug ("The staff call was not delivered: %s",
               error != NULL ? error->message : soup_message_get_reason_phrase (msg));
      set_state (self, KIOSK_STAFF_CALL_OFFLINE);
      return;
    }
  g_free (self->id);
  self->id = g_steal_pointer (&id);
  follow_answer (self, state);
  if (self->state == KIOSK_STAFF_CALL_WAITING && self->poll_source == 0)
    self->poll_source = g_timeout_add (self->poll_ms, poll_cb, self);
}

static void
kiosk_staff_call_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskStaffCall *self = KIOSK_STAFF_CALL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_staff_call_dispose (GObject *object)
{
  KioskStaffCall *self = KIOSK_STAFF_CALL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->give_up_source, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (kiosk_staff_call_parent_class)->dispose (object);
}

static void
kiosk_staff_call_finalize (GObject *object)
{
  KioskStaffCall *self = KIOSK_STAFF_CALL (object);

  g_free (self->server_url);
  g_free (self->token);
  g_free (self->id);
  G_OBJECT_CLASS (kiosk_staff_call_parent_class)->finalize (object);
}

static void
kiosk_staff_call_class_init (KioskStaffCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_staff_call_get_property;
  object_class->dispose = kiosk_staff_call_dispose;
  object_class->finalize = kiosk_staff_call_finalize;

  /* A KioskStaffCallState */
  properties[PROP_STATE] = g_param_spec_int (
      "state", NULL, NULL, KIOSK_STAFF_CALL_IDLE, KIOSK_STAFF_CALL_OFFLINE, KIOSK_STAFF_CALL_IDLE,
      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_staff_call_init (KioskStaffCall *self)
{
  self->poll_ms = DEFAULT_POLL_MS;
  self->give_up_ms = DEFAULT_GIVE_UP_MS;
  /* A call that takes long is as good as none: the resident is standing there. */
  self->session = soup_session_new_with_options ("user-agent", "neuvokas-kiosk/" PACKAGE_VERSION,
                                                 "timeout", 10, NULL);
}

KioskStaffCall *
kiosk_staff_call_new (const char *server_url, const char *token)
{
  KioskStaffCall *self = g_object_new (KIOSK_TYPE_STAFF_CALL, NULL);

  if (server_url != NULL && server_url[0] != '\0')
    self->server_url = g_str_has_suffix (server_url, "/") ? g_strdup (server_url)
                                                          : g_strconcat (server_url, "/", NULL);
  self->token = g_strdup (token);
  return self;
}

void
kiosk_staff_call_start (KioskStaffCall *self,
                        const char     *screen,
                        const char     *guide,
                        guint           guide_step)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (KIOSK_IS_STAFF_CALL (self));
  g_return_if_fail (screen != NULL);

  if (self->state == KIOSK_STAFF_CALL_WAITING || self->state == KIOSK_STAFF_CALL_COMING)
    return;
  kiosk_staff_call_reset (self);
  if (self->server_url == NULL || (msg = new_message (self, "POST", "api/v1/kiosk/calls")) == NULL)
    {
      set_state (self, KIOSK_STAFF_CALL_OFFLINE);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "screen");
  json_builder_add_string_value (builder, screen);
  if (guide != NULL)
    {
      json_builder_set_member_name (builder, "guide");
      json_builder_add_string_value (builder, guide);
      json_builder_set_member_name (builder, "step");
      json_builder_add_int_value (builder, guide_step);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

  self->cancellable = g_cancellable_new ();
  set_state (self, KIOSK_STAFF_CALL_WAITING);
  self->give_up_source = g_timeout_add (self->give_up_ms, give_up_cb, self);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    sent_cb, g_object_ref (self));
}

void
kiosk_staff_call_reset (KioskStaffCall *self)
{
  g_return_if_fail (KIOSK_IS_STAFF_CALL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->id, g_free);
  set_state (self, KIOSK_STAFF_CALL_IDLE);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->give_up_source, g_source_remove);
}

KioskStaffCallState
kiosk_staff_call_get_state (KioskStaffCall *self)
{
  g_return_val_if_fail (KIOSK_IS_STAFF_CALL (self), KIOSK_STAFF_CALL_IDLE);
  return self->state;
}

void
kiosk_staff_call_set_timing (KioskStaffCall *self, guint poll_ms, guint give_up_ms)
{
  g_return_if_fail (KIOSK_IS_STAFF_CALL (self));
  self->poll_ms = poll_ms;
  self->give_up_ms = give_up_ms;
}

/* kiosk-sync.c
 *
 * Everything here is asynchronous: the request runs in libsoup's own machinery and
 * the bundle is parsed and validated in a worker thread, so a 10,000-organisation
 * bundle never stalls the screen. The store is written on the main thread, where
 * every other store call happens; applying is one SQLite transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "kiosk-sync.h"

struct _KioskSync
{
  GObject         parent_instance;

  KioskStore     *store;
  SoupSession    *session;
  char           *server_url;
  char           *etag;
  char           *last_error;
  gint64          last_success;
  KioskSyncState  state;
  guint           timer_id;
  GCancellable   *cancellable;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskSync, kiosk_sync, G_TYPE_OBJECT)

static void
set_state (KioskSync      *self,
           KioskSyncState  state,
           const char     *error_message)
{
  if (g_strcmp0 (self->last_error, error_message) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GBytes *body = task_data;
  GError *error = NULL;
  NvContent *content;

  if ((content = nv_content_from_bytes (body, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, content, (GDestroyNotify) nv_content_free);
}

typedef struct
{
  SoupMessage *msg;
  gboolean     changed;
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_object (&data->msg);
  g_free (data);
}

static void
fail (GTask      *task,
      KioskSync  *self,
      GError     *error)
{
  set_state (self, KIOSK_SYNC_FAILED, error->message);
  g_task_return_error (task, error);
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KioskSync *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(NvContent) content = NULL;
  GError *error = NULL;
  const char *etag;

  if ((content = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    {
      g_prefix_error (&error, "The server sent content the kiosk cannot use: ");
      fail (task, self, error);
      return;
    }
  if (!kiosk_store_apply_content (self->store, content, &error))
    {
      fail (task, self, error);
      return;
    }

  etag = soup_message_headers_get_one (soup_message_get_response_headers (data->msg), "ETag");
  g_free (self->etag);
  self->etag = g_strdup (etag);
  self->last_success = g_get_real_time ();
  data->changed = TRUE;
  set_state (self, KIOSK_SYNC_IDLE, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
response_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KioskSync *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  GCancellable *cancellable;
  GTask *parse_task;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_prefix_error (&error, "Cannot reach the server: ");
      fail (task, self, error);
      return;
    }

  status = soup_message_get_status (data->msg);
  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      self->last_success = g_get_real_time ();
      set_state (self, KIOSK_SYNC_IDLE, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      fail (task, self, g_error_new (NV_ERROR, NV_ERROR_FAILED,
                                     "The server answered %u %s", status,
                                     soup_message_get_reason_phrase (data->msg)));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  parse_task = g_task_new (self, cancellable, parsed_cb, g_steal_pointer (&task));
  g_task_set_task_data (parse_task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parse_task, parse_in_thread);
  g_object_unref (parse_task);
}

void
kiosk_sync_run_async (KioskSync           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  SyncData *data;
  gint64 revision;

  g_return_if_fail (KIOSK_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_sync_run_async);

  revision = kiosk_store_get_revision (self->store);
  if (revision > 0)
    url = g_strdup_printf ("%sapi/v1/kiosk/content?since=%" G_GINT64_FORMAT, self->server_url,
                           revision);
  else
    url = g_strdup_printf ("%sapi/v1/kiosk/content", self->server_url);

  data = g_new0 (SyncData, 1);
  data->msg = soup_message_new (SOUP_METHOD_GET, url);
  g_task_set_task_data (task, data, (GDestroyNotify) sync_data_free);
  if (data->msg == NULL)
    {
      fail (task, self,
            g_error_new (NV_ERROR, NV_ERROR_FAILED, "The server address %s is not a URL",
                         self->server_url));
      return;
    }
  if (self->etag != NULL && revision > 0)
    soup_message_headers_replace (soup_message_get_request_headers (data->msg),
                                  "If-None-Match", self->etag);

  set_state (self, KIOSK_SYNC_RUNNING, self->last_error);
  soup_session_send_and_read_async (self->session, data->msg, G_PRIORITY_LOW, cancellable,
                                    response_cb, g_steal_pointer (&task));
}

gboolean
kiosk_sync_run_finish (KioskSync     *self,
                       GAsyncResult  *result,
                       gboolean      *changed,
                       GError       **error)
{
  SyncData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (changed != NULL)
    *changed = data != NULL && data->changed;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
periodic_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Failures are kept in last-error for the staff status page; residents see nothing. */
  if (!kiosk_sync_run_finish (KIOSK_SYNC (source), result, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Sync failed: %s", error->message);
}

static gboolean
tick_cb (gpointer user_data)
{
  KioskSync *self = user_data;

  if (self->state != KIOSK_SYNC_RUNNING)
    kiosk_sync_run_async (self, self->cancellable, periodic_done_cb, NULL);
  return G_SOURCE_CONTINUE;
}

void
kiosk_sync_start (KioskSync *self,
                  guint      interval_seconds)
{
  g_return_if_fail (KIOSK_IS_SYNC (self));
  g_return_if_fail (interval_seconds > 0);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add_seconds (interval_seconds, tick_cb, self);
  tick_cb (self);
}

KioskSyncState
kiosk_sync_get_state (KioskSync *self)
{
  g_return_val_if_fail (KIOSK_IS_SYNC (self), KIOSK_SYNC_IDLE);
  return self->state;
}

const char *
kiosk_sync_get_last_error (KioskSync *self)
{
  g_return_val_if_fail (KIOSK_IS_SYNC (self), NULL);
  return self->last_error;
}

gint64
kiosk_sync_get_last_success (KioskSync *self)
{
  g_return_val_if_fail (KIOSK_IS_SYNC (self), 0);
  return self->last_success;
}

static void
kiosk_sync_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KioskSync *self = KIOSK_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_sync_dispose (GObject *object)
{
  KioskSync *self = (KioskSync *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kiosk_sync_parent_class)->dispose (object);
}

static void
kiosk_sync_finalize (GObject *object)
{
  KioskSync *self = (KioskSync *) object;

  g_free (self->server_url);
  g_free (self->etag);
  g_free (self->last_error);
  G_OBJECT_CLASS (kiosk_sync_parent_class)->finalize (object);
}

static void
kiosk_sync_class_init (KioskSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_sync_get_property;
  object_class->dispose = kiosk_sync_dispose;
  object_class->finalize = kiosk_sync_finalize;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, KIOSK_SYNC_IDLE, KIOSK_SYNC_FAILED, KIOSK_SYNC_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_sync_init (KioskSync *self)
{
  self->cancellable = g_cancellable_new ();
}

KioskSync *
kiosk_sync_new (KioskStore *store,
                const char *server_url)
{
  KioskSync *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->server_url = g_str_has_suffix (server_url, "/") ? g_strdup (server_url)
                                                         : g_strconcat (server_url, "/", NULL);
  self->session = soup_session_new_with_options ("user-agent", "neuvokas-kiosk/" PACKAGE_VERSION,
                                                 "timeout", 60, NULL);
  return self;
}

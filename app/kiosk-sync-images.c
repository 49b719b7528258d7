/* kiosk-sync-images.c — fetching step pictures after the content that names them
 *
 * Pictures come by name, one at a time and after the content: the content is what
 * matters, and a guide shows its steps without a picture until the picture is here. A
 * name is the SHA-256 of the bytes, so a picture never changes and is never fetched
 * twice; what arrives is kept only when it matches its name (a proxy's error page, a
 * cut connection or a wrong file never reaches the screen). An answer larger than any
 * picture is cut off at its headers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-sync-images.h"

typedef struct
{
  KioskStore   *store;
  SoupSession  *session;
  char         *server_url;
  char         *token;
  GStrv         names; /* still to fetch */
  guint         next;
  SoupMessage  *msg;
  GCancellable *too_large;      /* cancels one answer whose headers say it is too large */
  GCancellable *cancellable;    /* the task's, or NULL */
  gulong        cancel_handler; /* from the task's cancellable to too_large */
  GError       *first_error;
} Fetch;

static void
forget_answer (Fetch *fetch)
{
  if (fetch->cancel_handler != 0)
    g_cancellable_disconnect (fetch->cancellable, fetch->cancel_handler);
  fetch->cancel_handler = 0;
  g_clear_object (&fetch->msg);
  g_clear_object (&fetch->too_large);
}

static void
fetch_free (Fetch *fetch)
{
  forget_answer (fetch);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->store);
  g_clear_object (&fetch->session);
  g_free (fetch->server_url);
  g_free (fetch->token);
  g_strfreev (fetch->names);
  g_clear_error (&fetch->first_error);
  g_free (fetch);
}

static void fetch_next (GTask *task);

static void
note_error (Fetch *fetch, const char *name, GError *error)
{
  g_prefix_error (&error, "Cannot fetch the picture %s: ", name);
  if (fetch->first_error == NULL)
    fetch->first_error = error;
  else
    g_error_free (error);
}

static void
got_headers_cb (SoupMessage *msg, Fetch *fetch)
{
  goffset length
      = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));

  if (soup_message_get_status (msg) == SOUP_STATUS_OK && length > NV_IMAGE_MAX_BYTES)
    g_cancellable_cancel (fetch->too_large);
}

static void
cancel_answer_cb (GCancellable *cancellable, GCancellable *answer)
{
  g_cancellable_cancel (answer);
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Fetch      *fetch = g_task_get_task_data (task);
  const char *name = fetch->names[fetch->next];
  g_autoptr (GBytes) body = NULL;
  GError *error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_error (&error);
      return;
    }
  if (body == NULL && g_cancellable_is_cancelled (fetch->too_large))
    {
      g_clear_error (&error);
      error = g_error_new (NV_ERROR, NV_ERROR_TOO_LARGE, "the answer is larger than %d bytes",
                           NV_IMAGE_MAX_BYTES);
    }
  else if (body != NULL && soup_message_get_status (fetch->msg) != SOUP_STATUS_OK)
    error = g_error_new (NV_ERROR, NV_ERROR_FAILED, "the server answered %u %s",
                         soup_message_get_status (fetch->msg),
                         soup_message_get_reason_phrase (fetch->msg));
  if (error == NULL)
    kiosk_store_images_save (fetch->store, name, body, &error);
  if (error != NULL)
    note_error (fetch, name, error);

  fetch->next++;
  fetch_next (g_steal_pointer (&task));
}

static void
fetch_next (GTask *task)
{
  Fetch           *fetch = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  const char      *name = fetch->names[fetch->next];

  if (name == NULL)
    {
      /* Only once all that is named is here: what a step no longer names goes. */
      if (fetch->first_error == NULL)
        kiosk_store_images_clean (fetch->store);
      if (fetch->first_error != NULL)
        g_task_return_error (task, g_steal_pointer (&fetch->first_error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  url = g_strdup_printf ("%sapi/v1/kiosk/images/%s", fetch->server_url, name);
  forget_answer (fetch);
  fetch->msg = soup_message_new (SOUP_METHOD_GET, url);
  fetch->too_large = g_cancellable_new ();
  if (fetch->token != NULL)
    {
      authorization = g_strconcat ("Bearer ", fetch->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (fetch->msg), "Authorization",
                                    authorization);
    }
  g_signal_connect (fetch->msg, "got-headers", G_CALLBACK (got_headers_cb), fetch);
  /* The task's cancellable stops everything; too_large only this answer. */
  if (fetch->cancellable != NULL)
    fetch->cancel_handler
        = g_cancellable_connect (fetch->cancellable, G_CALLBACK (cancel_answer_cb),
                                 g_object_ref (fetch->too_large), g_object_unref);
  soup_session_send_and_read_async (fetch->session, fetch->msg, G_PRIORITY_LOW, fetch->too_large,
                                    fetched_cb, task);
}

void
kiosk_sync_images_fetch_async (KioskStore         *store,
                               SoupSession        *session,
                               const char         *server_url,
                               const char         *token,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task;
  Fetch *fetch;

  g_return_if_fail (KIOSK_IS_STORE (store));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (server_url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_sync_images_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->store = g_object_ref (store);
  fetch->session = g_object_ref (session);
  fetch->server_url = g_strdup (server_url);
  fetch->token = g_strdup (token);
  fetch->names = kiosk_store_images_missing (store);
  fetch->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  fetch_next (task);
}

gboolean
kiosk_sync_images_fetch_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

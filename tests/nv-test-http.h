/* nv-test-http.h — sending a request from a test and waiting for the answer
 *
 * The tests run the server in their own main loop (or beside it): the request is sent
 * asynchronously and the main context iterated until it is answered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "nv-test-util.h"

typedef struct
{
  GBytes  *body;
  GError  *error;
  gboolean done;
} NvTestHttpReply_;

static inline void
nv_test_http_reply_cb_ (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NvTestHttpReply_ *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

/* Sends @msg on @session and iterates the main context until it is answered, at most
 * @timeout_ms; the answer must come (no transport error). Returns the body. */
static inline GBytes *
nv_test_http_send (SoupSession *session, SoupMessage *msg, guint timeout_ms)
{
  NvTestHttpReply_ reply = { NULL, NULL, FALSE };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, nv_test_http_reply_cb_,
                                    &reply);
  nv_test_wait_until (NULL, reply.done, timeout_ms);
  g_assert_no_error (reply.error);
  return reply.body;
}

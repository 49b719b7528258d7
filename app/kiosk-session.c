/* kiosk-session.c
 *
 * The kiosk-session package runs the kiosk under cage from a systemd unit
 * (data/systemd/neuvokas-kiosk-session.service). cage is the unit's main process and the
 * kiosk its child, so the unit has NotifyAccess=all, and the kiosk answers the watchdog
 * although $WATCHDOG_PID names cage: the ping must come from the kiosk's own main loop,
 * which is what hangs when the kiosk stops answering.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "kiosk-session.h"
#include "nv-error.h"
#include "nv-random.h"

gboolean
kiosk_session_notify (const char *state)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (state != NULL, FALSE);

  if (path == NULL || (path[0] != '/' && path[0] != '@') || strlen (path) < 2)
    return FALSE;
  if (path[0] == '@')
    address = g_unix_socket_address_new_with_type (path + 1, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  else
    address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT,
                         &error);
  if (socket == NULL || g_socket_send_to (socket, address, state, strlen (state), NULL, &error) < 0)
    {
      g_debug ("Cannot tell the service manager “%s”: %s", state, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  kiosk_session_notify ("WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

guint
kiosk_session_start_watchdog (void)
{
  const char *text = g_getenv ("WATCHDOG_USEC");
  guint64     usec = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1000, G_MAXUINT32, &usec, NULL))
    return 0;
  kiosk_session_notify ("WATCHDOG=1");
  return g_timeout_add ((guint) (usec / 1000 / 2), watchdog_cb, NULL);
}

static gboolean
has_render_node (const char *dri_dir)
{
  g_autoptr (GDir) dir = g_dir_open (dri_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

/* GDK_DEBUG=gl-disable keeps GDK from loading OpenGL at all: without it, GTK 4.8 on X11
 * creates a GL context when it opens the display, to choose the windows' visual, and so
 * loads Mesa (with LLVM, some 46 MiB) even when cairo draws. */
static void
disable_gl (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  g_auto (GStrv) flags = NULL;
  g_autofree char *with = NULL;

  if (debug == NULL || debug[0] == '\0')
    {
      g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
      return;
    }
  flags = g_strsplit_set (debug, ",:; ", -1);
  if (g_strv_contains ((const char *const *) flags, "gl-disable"))
    return;
  with = g_strconcat (debug, ",gl-disable", NULL);
  g_setenv ("GDK_DEBUG", with, TRUE);
}

const char *
kiosk_session_choose_renderer (const char *setting, const char *dri_dir)
{
  const char *chosen = NULL;

  g_return_val_if_fail (dri_dir != NULL, NULL);

  /* Set by hand, it wins; cairo set so still keeps OpenGL out of the process. */
  if (g_getenv ("GSK_RENDERER") != NULL)
    {
      if (g_str_equal (g_getenv ("GSK_RENDERER"), "cairo"))
        disable_gl ();
      return NULL;
    }
  if (g_strcmp0 (setting, "cairo") == 0)
    chosen = "cairo";
  else if (g_strcmp0 (setting, "gl") == 0)
    chosen = "gl";
  else if (!has_render_node (dri_dir))
    chosen = "cairo";
  if (chosen == NULL)
    return NULL;

  g_setenv ("GSK_RENDERER", chosen, TRUE);
  if (g_str_equal (chosen, "cairo"))
    disable_gl ();
  return chosen;
}

static char *
pin_path (const char *data_dir)
{
  return g_build_filename (data_dir, "staff-pin", NULL);
}

static gboolean
pin_is_valid (const char *pin)
{
  gsize length = pin != NULL ? strlen (pin) : 0;

  if (length < 4 || length > 12)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

gboolean
kiosk_session_set_pin (const char *data_dir, const char *pin, GError **error)
{
  g_autofree char *path = NULL;
  char             hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pin_is_valid (pin))
    {
      g_set_error_literal (error, NV_ERROR, NV_ERROR_INVALID,
                           "The staff PIN must be 4 to 12 digits");
      return FALSE;
    }
  nv_sodium_ensure ();
  if (crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE)
      != 0)
    {
      g_set_error_literal (error, NV_ERROR, NV_ERROR_FAILED,
                           "Not enough memory to hash the staff PIN");
      return FALSE;
    }
  path = pin_path (data_dir);
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "Cannot create %s: %s",
                   data_dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, hash, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
kiosk_session_has_pin (const char *data_dir)
{
  g_autofree char *path = pin_path (data_dir);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

typedef struct
{
  char *data_dir;
  char *pin;
} PinCheck;

static void
pin_check_free (PinCheck *check)
{
  g_free (check->data_dir);
  if (check->pin != NULL)
    sodium_memzero (check->pin, strlen (check->pin));
  g_free (check->pin);
  g_free (check);
}

static void
check_pin_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PinCheck        *check = task_data;
  g_autofree char *path = pin_path (check->data_dir);
  g_autofree char *hash = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &hash, NULL, &error))
    {
      g_task_return_new_error (task, NV_ERROR, NV_ERROR_NOT_FOUND, "No staff PIN is set");
      return;
    }
  g_strstrip (hash);
  nv_sodium_ensure ();
  if (!pin_is_valid (check->pin)
      || crypto_pwhash_str_verify (hash, check->pin, strlen (check->pin)) != 0)
    {
      g_task_return_new_error (task, NV_ERROR, NV_ERROR_INVALID, "Wrong staff PIN");
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
kiosk_session_check_pin_async (const char         *data_dir,
                               const char         *pin,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PinCheck *check = g_new0 (PinCheck, 1);

  g_return_if_fail (data_dir != NULL);

  check->data_dir = g_strdup (data_dir);
  check->pin = g_strdup (pin != NULL ? pin : "");
  g_task_set_source_tag (task, kiosk_session_check_pin_async);
  g_task_set_task_data (task, check, (GDestroyNotify) pin_check_free);
  g_task_run_in_thread (task, check_pin_thread);
}

gboolean
kiosk_session_check_pin_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kiosk_session_mark_closed_by_staff (const char *data_dir)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (data_dir != NULL);

  path = g_build_filename (data_dir, "closed-by-staff", NULL);
  if (!g_file_set_contents_full (path, "", 0, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_warning ("Cannot leave the closed-by-staff mark: %s: the session will start the kiosk "
               "again",
               error->message);
}

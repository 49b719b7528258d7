/* test-kiosk-session.c — the kiosk as a locked session: systemd's readiness and watchdog,
 * the renderer chosen for the machine, the staff PIN, and a real Ctrl+Q that does nothing
 * to a locked kiosk (and closes a development one)
 *
 * The locked kiosk runs as its own process, started as its unit starts it (full screen,
 * $NOTIFY_SOCKET and $WATCHDOG_USEC set), and gets real key events through the X server
 * (XTest). Its watchdog pings, which come from its main loop, show that it is alive and
 * has handled what was sent before them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk-session.h"
#include "nv-error.h"
#include "tests/nv-test-util.h"

/* A datagram socket standing in for systemd's notification socket. */
typedef struct
{
  char    *dir;
  char    *path;
  GSocket *socket;
} Notify;

static Notify *
notify_new (void)
{
  Notify *notify = g_new0 (Notify, 1);
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;

  notify->dir = nv_test_make_tmpdir ();
  notify->path = g_build_filename (notify->dir, "notify", NULL);
  notify->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (notify->path);
  g_assert_true (g_socket_bind (notify->socket, address, FALSE, &error));
  g_assert_no_error (error);
  return notify;
}

static void
notify_free (Notify *notify)
{
  g_object_unref (notify->socket);
  nv_test_rm_rf (notify->dir);
  g_free (notify->path);
  g_free (notify->dir);
  g_free (notify);
}

/* Waits for the next message (iterating the main loop meanwhile, for an in-process
 * watchdog); NULL after @timeout_ms. */
static char *
notify_receive (Notify *notify, int timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  char   buffer[256];

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (GError) error = NULL;
      gssize got;

      if (!g_socket_condition_timed_wait (notify->socket, G_IO_IN, 10000, NULL, NULL))
        {
          g_main_context_iteration (NULL, FALSE);
          continue;
        }
      got = g_socket_receive (notify->socket, buffer, sizeof buffer - 1, NULL, &error);
      g_assert_no_error (error);
      buffer[got] = '\0';
      return g_strdup (buffer);
    }
  return NULL;
}

static void
notify_expect (Notify *notify, const char *state, int timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *message = notify_receive (notify, 100);

      if (g_strcmp0 (message, state) == 0)
        return;
    }
  g_error ("no “%s” within %d ms", state, timeout_ms);
}

static void
test_notify_without_systemd (void)
{
  g_unsetenv ("NOTIFY_SOCKET");
  g_assert_false (kiosk_session_notify ("READY=1"));
  g_unsetenv ("WATCHDOG_USEC");
  g_assert_cmpuint (kiosk_session_start_watchdog (), ==, 0);
}

static void
test_notify_and_watchdog (void)
{
  Notify *notify = notify_new ();
  guint   source;

  g_setenv ("NOTIFY_SOCKET", notify->path, TRUE);
  g_assert_true (kiosk_session_notify ("READY=1"));
  notify_expect (notify, "READY=1", 1000);

  /* Pinged twice a period, from the main loop. */
  g_setenv ("WATCHDOG_USEC", "100000", TRUE);
  source = kiosk_session_start_watchdog ();
  g_assert_cmpuint (source, !=, 0);
  for (int i = 0; i < 4; i++)
    notify_expect (notify, "WATCHDOG=1", 2000);
  g_source_remove (source);

  g_setenv ("WATCHDOG_USEC", "not a number", TRUE);
  g_assert_cmpuint (kiosk_session_start_watchdog (), ==, 0);
  g_unsetenv ("WATCHDOG_USEC");
  g_unsetenv ("NOTIFY_SOCKET");
  notify_free (notify);
}

static void
test_renderer (void)
{
  g_autofree char *dri = nv_test_make_tmpdir ();
  g_autofree char *node = g_build_filename (dri, "renderD128", NULL);

  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  /* No GPU: cairo, and GDK never loads OpenGL. */
  g_assert_cmpstr (kiosk_session_choose_renderer ("auto", dri), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");

  /* What an administrator set wins. */
  g_assert_null (kiosk_session_choose_renderer ("gl", dri));
  g_setenv ("GDK_DEBUG", "interactive", TRUE);
  g_unsetenv ("GSK_RENDERER");
  g_assert_cmpstr (kiosk_session_choose_renderer ("cairo", dri), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "interactive,gl-disable");

  /* A GPU: GTK's own choice. */
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  g_assert_true (g_file_set_contents (node, "", 0, NULL));
  g_assert_null (kiosk_session_choose_renderer ("auto", dri));
  g_assert_null (g_getenv ("GSK_RENDERER"));
  g_assert_cmpstr (kiosk_session_choose_renderer ("gl", dri), ==, "gl");
  g_assert_null (g_getenv ("GDK_DEBUG"));

  /* cairo set by hand wins too, and still keeps OpenGL out, once. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "interactive", TRUE);
  g_assert_null (kiosk_session_choose_renderer ("gl", dri));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "interactive,gl-disable");
  g_assert_null (kiosk_session_choose_renderer ("auto", dri));
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "interactive,gl-disable");
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  nv_test_rm_rf (dri);
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
check_pin (const char *dir, const char *pin, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_session_check_pin_async (dir, pin, NULL, store_result_cb, &result);
  nv_test_wait_until (NULL, result != NULL, 10000);
  return kiosk_session_check_pin_finish (result, error);
}

static void
test_pin (void)
{
  g_autofree char *dir = nv_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "staff-pin", NULL);
  g_autofree char *kept = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  g_assert_false (kiosk_session_has_pin (dir));
  g_assert_false (check_pin (dir, "1234", &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_NOT_FOUND);
  g_clear_error (&error);

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "123", "1234567890123", "12a4", "" };

      g_assert_false (kiosk_session_set_pin (dir, bad[i], &error));
      g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (kiosk_session_has_pin (dir));

  g_assert_true (kiosk_session_set_pin (dir, "246810", &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_session_has_pin (dir));
  /* Only a hash, readable by the kiosk's user alone. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_null (strstr (kept, "246810"));
  g_assert_true (g_str_has_prefix (kept, "$argon2id$"));

  g_assert_true (check_pin (dir, "246810", &error));
  g_assert_no_error (error);
  g_assert_false (check_pin (dir, "246811", &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (check_pin (dir, "", &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  nv_test_rm_rf (dir);
}

/* The kiosk as its unit runs it. */
typedef struct
{
  Notify      *notify;
  char        *dir;
  GSubprocess *kiosk;
  Display     *display;
  gboolean     exited;
  char        *cage_pid; /* through the session's wrapper: the kiosk's pid, in a file */
} Session;

static void
kiosk_exited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Session *session = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  session->exited = TRUE;
}

/* @wrapped: as the unit runs it, through data/systemd/neuvokas-kiosk-session, with a
 * stand-in for cage that writes its pid and becomes the kiosk. */
static Session *
session_start_full (gboolean windowed, const char *pin, gboolean wrapped)
{
  Session *session = g_new0 (Session, 1);
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr (GError) error = NULL;
  g_autofree char *wrapper = g_test_build_filename (G_TEST_DIST, "..", "data", "systemd",
                                                    "neuvokas-kiosk-session", NULL);
  g_autofree char *cage = NULL;
  const char      *argv[] = { NEUVOKAS_KIOSK_EXE, "--data-dir", NULL, NULL, NULL };

  /* What the session writes for the journal goes to the test's stderr: on its stdout it
   * would be taken for TAP. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  session->notify = notify_new ();
  session->dir = nv_test_make_tmpdir ();
  if (pin != NULL)
    g_assert_true (kiosk_session_set_pin (session->dir, pin, NULL));
  argv[2] = session->dir;
  argv[3] = windowed ? "--windowed" : NULL;
  if (wrapped)
    {
      cage = g_build_filename (session->dir, "cage", NULL);
      session->cage_pid = g_build_filename (session->dir, "cage.pid", NULL);
      g_assert_true (g_file_set_contents (
          cage, "#!/bin/sh\necho $$ > \"$CAGE_PID_FILE\"\nshift\nexec \"$@\"\n", -1, NULL));
      g_assert_cmpint (g_chmod (cage, 0700), ==, 0);
      g_subprocess_launcher_setenv (launcher, "NEUVOKAS_CAGE", cage, TRUE);
      g_subprocess_launcher_setenv (launcher, "NEUVOKAS_KIOSK", NEUVOKAS_KIOSK_EXE, TRUE);
      g_subprocess_launcher_setenv (launcher, "NEUVOKAS_KIOSK_DATA_DIR", session->dir, TRUE);
      g_subprocess_launcher_setenv (launcher, "CAGE_PID_FILE", session->cage_pid, TRUE);
      argv[0] = wrapper;
      argv[1] = "--data-dir";
    }
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", session->notify->path, TRUE);
  g_subprocess_launcher_setenv (launcher, "WATCHDOG_USEC", "200000", TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, nv_test_die_with_parent_, NULL, NULL);
  session->kiosk = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (session->kiosk, NULL, kiosk_exited_cb, session);

  /* Up once it has drawn its first frame. */
  notify_expect (session->notify, "READY=1", 30000);
  session->display = XOpenDisplay (NULL);
  g_assert_nonnull (session->display);
  /* No window manager: the keyboard goes to the window under the pointer. */
  XTestFakeMotionEvent (session->display, -1, 200, 200, CurrentTime);
  XSync (session->display, False);
  return session;
}

static Session *
session_start (gboolean windowed, const char *pin)
{
  return session_start_full (windowed, pin, FALSE);
}

static void
session_free (Session *session)
{
  if (!session->exited)
    {
      g_subprocess_force_exit (session->kiosk);
      nv_test_wait_until (NULL, session->exited, 30000);
    }
  XCloseDisplay (session->display);
  g_object_unref (session->kiosk);
  nv_test_rm_rf (session->dir);
  g_free (session->dir);
  g_free (session->cage_pid);
  notify_free (session->notify);
  g_free (session);
}

static void
session_key (Session *session, KeySym modifier, KeySym modifier2, KeySym key)
{
  KeyCode mod = modifier ? XKeysymToKeycode (session->display, modifier) : 0;
  KeyCode mod2 = modifier2 ? XKeysymToKeycode (session->display, modifier2) : 0;
  KeyCode code = XKeysymToKeycode (session->display, key);

  g_assert_cmpint (code, !=, 0);
  if (mod)
    XTestFakeKeyEvent (session->display, mod, True, CurrentTime);
  if (mod2)
    XTestFakeKeyEvent (session->display, mod2, True, CurrentTime);
  XTestFakeKeyEvent (session->display, code, True, CurrentTime);
  XTestFakeKeyEvent (session->display, code, False, CurrentTime);
  if (mod2)
    XTestFakeKeyEvent (session->display, mod2, False, CurrentTime);
  if (mod)
    XTestFakeKeyEvent (session->display, mod, False, CurrentTime);
  XSync (session->display, False);
}

static void
session_type (Session *session, const char *digits)
{
  for (const char *c = digits; *c != '\0'; c++)
    session_key (session, 0, 0, XK_0 + (*c - '0'));
}

/* The key events are in the kiosk's socket by now (XSync); a few pings from its main
 * loop later it has handled them, and is still there to ping. */
static void
session_expect_alive (Session *session)
{
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *message = NULL;

      while (g_strcmp0 (message, "WATCHDOG=1") != 0)
        {
          g_free (message);
          message = notify_receive (session->notify, 5000);
          g_assert_nonnull (message);
        }
    }
  g_assert_false (session->exited);
}

static void
test_locked_ignores_ctrl_q (void)
{
  Session *session = session_start (FALSE, NULL);

  session_key (session, XK_Control_L, 0, XK_q);
  session_key (session, XK_Alt_L, 0, XK_F4);
  session_expect_alive (session);
  session_free (session);
}

static void
test_windowed_quits_on_ctrl_q (void)
{
  Session *session = session_start (TRUE, NULL);

  /* The same keys close a development kiosk: the test's keys do arrive. */
  session_key (session, XK_Control_L, 0, XK_q);
  nv_test_wait_until (NULL, session->exited, 30000);
  g_assert_true (g_subprocess_get_if_exited (session->kiosk));
  g_assert_cmpint (g_subprocess_get_exit_status (session->kiosk), ==, 0);
  session_free (session);
}

static void
test_staff_close_with_pin (void)
{
  Session *session = session_start (FALSE, "2468");

  /* Ctrl+Alt+S: the status page, its PIN field focused. */
  session_key (session, XK_Control_L, XK_Alt_L, XK_s);
  session_expect_alive (session);
  session_type (session, "1357");
  session_key (session, 0, 0, XK_Return);
  session_expect_alive (session);

  session_type (session, "2468");
  session_key (session, 0, 0, XK_Return);
  nv_test_wait_until (NULL, session->exited, 30000);
  g_assert_true (g_subprocess_get_if_exited (session->kiosk));
  g_assert_cmpint (g_subprocess_get_exit_status (session->kiosk), ==, 0);
  session_free (session);
}

/* As the unit runs it: staff closing the kiosk ends the session (exit 0, the unit leaves
 * it stopped); a kiosk killed any other way makes the session fail (exit 1), and the unit
 * (Restart=on-failure) starts it again. */
static void
test_session_wrapper (void)
{
  g_autofree char *mark = NULL;
  g_autofree char *pid_text = NULL;
  Session         *session = session_start_full (FALSE, "2468", TRUE);

  session_key (session, XK_Control_L, XK_Alt_L, XK_s);
  session_expect_alive (session);
  session_type (session, "2468");
  session_key (session, 0, 0, XK_Return);
  nv_test_wait_until (NULL, session->exited, 30000);
  g_assert_true (g_subprocess_get_if_exited (session->kiosk));
  g_assert_cmpint (g_subprocess_get_exit_status (session->kiosk), ==, 0);
  mark = g_build_filename (session->dir, "closed-by-staff", NULL);
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  session_free (session);

  session = session_start_full (FALSE, "2468", TRUE);
  g_assert_true (g_file_get_contents (session->cage_pid, &pid_text, NULL, NULL));
  g_assert_cmpint (kill ((pid_t) atoi (pid_text), SIGKILL), ==, 0);
  nv_test_wait_until (NULL, session->exited, 30000);
  g_assert_true (g_subprocess_get_if_exited (session->kiosk));
  g_assert_cmpint (g_subprocess_get_exit_status (session->kiosk), ==, 1);
  session_free (session);
}

/* The first file that @pid has mapped whose path contains one of @names, or NULL. */
static char *
find_mapped (GPid pid, const char *const *names)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/maps", (int) pid);
  g_autofree char *maps = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    for (guint n = 0; names[n] != NULL; n++)
      if (strstr (lines[i], names[n]) != NULL)
        return g_strdup (strchr (lines[i], '/'));
  return NULL;
}

/* Drawing with cairo, the kiosk loads no OpenGL, Mesa or LLVM (46 MiB it does not use):
 * also when GSK_RENDERER=cairo comes from the environment, as in the soak and the
 * benchmarks, and not from the kiosk's own choice. */
static void
test_cairo_loads_no_gl (void)
{
  static const char *const gl[] = { "libGL", "libEGL", "libLLVM", "/dri/", "libgallium", NULL };
  Session                 *session;
  g_autofree char         *mapped = NULL;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_unsetenv ("GDK_DEBUG");
  session = session_start (TRUE, NULL);
  g_unsetenv ("GSK_RENDERER");
  /* Drawn (READY=1 comes after the first frame), then idle for a few pings. */
  session_expect_alive (session);
  mapped = find_mapped ((GPid) atoi (g_subprocess_get_identifier (session->kiosk)), gl);
  g_assert_cmpstr (mapped, ==, NULL);
  session_free (session);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk-session/notify-without-systemd", test_notify_without_systemd);
  g_test_add_func ("/kiosk-session/notify-and-watchdog", test_notify_and_watchdog);
  g_test_add_func ("/kiosk-session/renderer", test_renderer);
  g_test_add_func ("/kiosk-session/pin", test_pin);
  g_test_add_func ("/kiosk-session/locked-ignores-ctrl-q", test_locked_ignores_ctrl_q);
  g_test_add_func ("/kiosk-session/windowed-quits-on-ctrl-q", test_windowed_quits_on_ctrl_q);
  g_test_add_func ("/kiosk-session/staff-close-with-pin", test_staff_close_with_pin);
  g_test_add_func ("/kiosk-session/session-wrapper", test_session_wrapper);
  g_test_add_func ("/kiosk-session/cairo-loads-no-gl", test_cairo_loads_no_gl);
  return g_test_run ();
}

/* kiosk-session.h — the kiosk as a locked full-screen session: systemd's readiness and
 * watchdog, the renderer for the machine, and the staff PIN that alone closes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Sends @state ("READY=1", "WATCHDOG=1", "STOPPING=1") to the service manager through
 * $NOTIFY_SOCKET (sd_notify's datagram protocol). FALSE, and nothing sent, when the kiosk
 * was not started by systemd. */
gboolean kiosk_session_notify (const char *state);

/* When systemd asked for a watchdog ($WATCHDOG_USEC), sends "WATCHDOG=1" from the main
 * loop twice in each period, so that a kiosk whose main loop stops answering is killed
 * and restarted by its unit. Returns the source id, or 0 when no watchdog was asked for. */
guint kiosk_session_start_watchdog (void);

/* Chooses the renderer before GTK starts, unless GSK_RENDERER is set: @setting is the
 * kiosk's "renderer" setting ("auto", "cairo" or "gl"). "auto" draws with cairo, and
 * keeps GDK from loading OpenGL at all, when the machine has no GPU render node: GTK
 * would otherwise fall back to software OpenGL (llvmpipe), slower than cairo and some
 * 46 MiB larger. @dri_dir is /dev/dri (a test passes its own). Returns the renderer
 * chosen ("cairo", "gl") or NULL when GTK's own choice or GSK_RENDERER is kept; with
 * GSK_RENDERER=cairo set by hand, OpenGL is kept out as well. */
const char *kiosk_session_choose_renderer (const char *setting, const char *dri_dir);

/* The staff PIN, kept as an Argon2id hash (libsodium) in @data_dir/staff-pin, 0600.
 * 4 to 12 digits. */
gboolean kiosk_session_set_pin (const char *data_dir, const char *pin, GError **error);
gboolean kiosk_session_has_pin (const char *data_dir);
/* Checks @pin in a worker thread (the hash takes about a tenth of a second). */
void     kiosk_session_check_pin_async (const char         *data_dir,
                                        const char         *pin,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean kiosk_session_check_pin_finish (GAsyncResult *result, GError **error);

/* Leaves the mark (@data_dir/closed-by-staff) by which the session's wrapper
 * (data/systemd/neuvokas-kiosk-session) tells staff closing the kiosk from a crash. */
void kiosk_session_mark_closed_by_staff (const char *data_dir);

G_END_DECLS

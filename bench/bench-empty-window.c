/* bench-empty-window.c — the baseline of bench-kiosk: an empty libadwaita window
 *
 * Starts an AdwApplication with one empty AdwApplicationWindow of the kiosk's default
 * size, prints "first-frame" once it is first drawn, and quits: what any libadwaita
 * program costs before it shows anything of its own. With --stay it keeps running, for
 * its idle memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

static gboolean stay;

static void
after_first_paint_cb (GdkFrameClock *clock, GApplication *app)
{
  g_signal_handlers_disconnect_by_func (clock, after_first_paint_cb, app);
  g_print ("first-frame\n");
  fflush (stdout);
  if (!stay)
    g_application_quit (app);
}

static void
realize_cb (GtkWidget *window, GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_first_paint_cb), app);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_autoptr (AdwApplication) app
      = adw_application_new ("fi.neuvokas.BenchEmptyWindow", G_APPLICATION_NON_UNIQUE);

  stay = argc > 1 && strcmp (argv[1], "--stay") == 0;
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}

/* kiosk-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"
#include <errno.h>
#include <gio/gunixinputstream.h>
#include <string.h>
#include <glib/gstdio.h>

#include "kiosk-application.h"
#include "kiosk-remote-config.h"
#include "kiosk-screenshot.h"
#include "kiosk-session.h"
#include "kiosk-sleep.h"
#include "kiosk-store.h"
#include "kiosk-speech.h"
#include "kiosk-sync.h"
#include "kiosk-window-private.h"

struct _KioskApplication
{
  AdwApplication parent_instance;

  GSettings         *settings;
  KioskStore        *store;
  KioskSync         *sync;
  KioskRemoteConfig *remote_config; /* the server's settings into self->settings */
  KioskSpeech       *speech;        /* reading aloud, when speech-dispatcher answers */
  KioskSleep        *sleep;         /* the screen outside the host's opening hours */
  char              *server_url;
  char              *server; /* the server in use: --server or server-url */
  char              *data_dir;
  char              *screenshot;
  char              *token;
  gboolean           windowed;
  gboolean           first_frame;      /* bench-kiosk: say when the home screen is drawn, quit */
  gboolean           first_frame_stay; /* bench-kiosk: say so, and keep running */
  guint              watchdog_source;
  GThread           *store_opener; /* opens the store while GTK starts (open_store_thread) */
};

G_DEFINE_FINAL_TYPE (KioskApplication, kiosk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Backend URL, e.g. http://127.0.0.1:8080/ (overrides the server-url setting)"), "URL" },
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_ ("Where the kiosk keeps its store (default: $XDG_DATA_HOME/neuvokas-kiosk)"), "DIR" },
  { "set-token", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Read this kiosk's token from standard input, keep it, and exit"), NULL },
  { "windowed", 'w', 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Run in a window instead of full screen (for development)"), NULL },
  { "set-pin", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Read the staff PIN (4 to 12 digits) from standard input, keep its hash, and exit"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Show the version and exit"), NULL },
  { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
    "Save the first drawn window to this PNG file and quit", "FILE" },
  { "first-frame", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
    "Print “first-frame” once the window is first drawn, then quit (bench-kiosk)", NULL },
  { "first-frame-stay", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
    "Print “first-frame” once the window is first drawn, and keep running (bench-kiosk)", NULL },
  { NULL }
};

static char *
resolve_data_dir (KioskApplication *self)
{
  return self->data_dir != NULL ? g_strdup (self->data_dir)
                                : g_build_filename (g_get_user_data_dir (), "neuvokas-kiosk", NULL);
}

/* The token lives in a file only the kiosk's user can read (0600, in a 0700 directory). */
static int
set_token (KioskApplication *self)
{
  g_autoptr (GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr (GDataInputStream) lines = g_data_input_stream_new (in);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = resolve_data_dir (self);
  g_autofree char *path = g_build_filename (dir, "token", NULL);
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line != NULL)
    g_strstrip (line);
  if (line == NULL || !g_str_has_prefix (line, "nvk_") || strchr (line, ' ') != NULL)
    {
      g_printerr ("neuvokas-kiosk: expected a token from “neuvokas-server kiosk add” on standard "
                  "input\n");
      return 2;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (path, line, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_printerr ("neuvokas-kiosk: cannot keep the token in %s: %s\n", path,
                  error ? error->message : g_strerror (errno));
      return 1;
    }
  g_print ("The kiosk's token is kept in %s\n", path);
  return 0;
}

/* Only its Argon2id hash is kept; staff type it on the status page to close the kiosk. */
static int
set_pin (KioskApplication *self)
{
  g_autoptr (GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr (GDataInputStream) lines = g_data_input_stream_new (in);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = resolve_data_dir (self);
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line != NULL)
    g_strstrip (line);
  if (line == NULL || !kiosk_session_set_pin (dir, line, &error))
    {
      g_printerr ("neuvokas-kiosk: %s\n",
                  error != NULL ? error->message : "expected the staff PIN on standard input");
      return 2;
    }
  g_print ("The staff PIN is kept (as a hash) in %s\n", dir);
  return 0;
}

/* Full screen in its session: residents cannot close it (no Ctrl+Q, no close request);
 * staff close it from the status page with the PIN. --windowed is for development. */
static gboolean
is_locked (KioskApplication *self)
{
  return !self->windowed && self->screenshot == NULL && !self->first_frame
         && !self->first_frame_stay;
}

static char *
read_token (KioskApplication *self)
{
  g_autofree char *dir = resolve_data_dir (self);
  g_autofree char *path = g_build_filename (dir, "token", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (contents));
}

static void
after_first_paint_cb (GdkFrameClock *clock, KioskApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, after_first_paint_cb, self);
  g_print ("first-frame\n");
  fflush (stdout);
  if (self->first_frame)
    g_application_quit (G_APPLICATION (self));
}

static void
store_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* A rebuilt store has warned already, and its screens have been told. */
  if (!kiosk_store_check_finish (KIOSK_STORE (source), result, &error) && error != NULL)
    g_warning ("Cannot rebuild the kiosk's damaged database: %s", error->message);
}

/* What could wait for the first frame: the store is checked for damage, and
 * speech-dispatcher, which may have to be started, is asked for. */
static gboolean
after_start_cb (gpointer user_data)
{
  KioskApplication *self = user_data;
  GtkWindow        *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  kiosk_store_check_async (self->store, NULL, store_checked_cb, NULL);
  if (self->speech == NULL && self->screenshot == NULL && window != NULL)
    {
      self->speech = kiosk_speech_new ();
      kiosk_window_set_speech (KIOSK_WINDOW (window), self->speech);
    }
  return G_SOURCE_REMOVE;
}

/* systemd's unit waits for this (Type=notify): the kiosk is up once it has drawn. */
static void
first_paint_cb (GdkFrameClock *clock, KioskApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  kiosk_session_notify ("READY=1");
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, after_start_cb, g_object_ref (self), g_object_unref);
}

static void
ready_realize_cb (GtkWidget *window, KioskApplication *self)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_paint_cb),
                    self);
}

static void
first_frame_realize_cb (GtkWidget *window, KioskApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_first_paint_cb), app);
}

static int
kiosk_application_handle_local_options (GApplication *app, GVariantDict *dict)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  gboolean          setting_token = FALSE;

  if (g_variant_dict_contains (dict, "version"))
    {
      g_print ("neuvokas-kiosk %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (dict, "server", "s", &self->server_url);
  g_variant_dict_lookup (dict, "data-dir", "^ay", &self->data_dir);
  g_variant_dict_lookup (dict, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup (dict, "windowed", "b", &self->windowed);
  g_variant_dict_lookup (dict, "first-frame", "b", &self->first_frame);
  g_variant_dict_lookup (dict, "first-frame-stay", "b", &self->first_frame_stay);
  if (g_variant_dict_lookup (dict, "set-token", "b", &setting_token) && setting_token)
    return set_token (self);
  if (g_variant_dict_contains (dict, "set-pin"))
    return set_pin (self);
  return -1;
}

typedef struct
{
  KioskStore *store;
  GError     *error;
} OpenedStore;

static void
opened_store_free (OpenedStore *opened)
{
  g_clear_object (&opened->store);
  g_clear_error (&opened->error);
  g_free (opened);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenedStore, opened_store_free)

/* The store, opened while GTK and libadwaita start on the main thread (their style
 * sheets, the display): nothing else touches it before the window is built. Checked for
 * damage after the first frame (first_paint_cb): reading every page first was most of
 * the start with a large directory. */
static gpointer
open_store_thread (gpointer data)
{
  g_autofree char *dir = data;
  OpenedStore     *opened = g_new0 (OpenedStore, 1);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    opened->error
        = g_error_new (G_IO_ERROR, g_io_error_from_errno (errno),
                       "cannot create the data directory %s: %s", dir, g_strerror (errno));
  else
    opened->store = kiosk_store_open_unchecked (dir, &opened->error);
  return opened;
}

static void
start_opening_store (KioskApplication *self)
{
  if (self->store == NULL && self->store_opener == NULL)
    self->store_opener
        = g_thread_new ("kiosk-store-open", open_store_thread, resolve_data_dir (self));
}

static gboolean
open_store (KioskApplication *self)
{
  g_autoptr (OpenedStore) opened = NULL;

  start_opening_store (self);
  opened = g_thread_join (g_steal_pointer (&self->store_opener));
  if (opened->store == NULL)
    {
      g_printerr ("neuvokas-kiosk: %s\n", opened->error->message);
      return FALSE;
    }
  self->store = g_steal_pointer (&opened->store);
  {
    g_autofree char *municipality = g_settings_get_string (self->settings, "municipality");

    kiosk_store_set_home_municipality (self->store, municipality);
  }
  return TRUE;
}

/* The icon theme read in a thread while the store opens and the window is built: home's
 * tiles and the bar are the first themed icons, and reading the theme (Adwaita's and
 * hicolor's index files and caches) took about 10 ms of the main thread before the first
 * frame. GtkIconTheme is set up on the main thread, and a lookup in another thread is
 * safe (gtkicontheme.c, "Threading"); a lookup on the main thread meanwhile waits for it. */
static gpointer
read_icon_theme_thread (gpointer data)
{
  g_autoptr (GtkIconTheme) theme = data;

  gtk_icon_theme_has_icon (theme, "go-home-symbolic");
  return NULL;
}

static void
screenshot_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskApplication *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_screenshot_save_finish (result, &error))
    g_printerr ("neuvokas-kiosk: %s\n", error->message);
  g_application_quit (G_APPLICATION (self));
}

/* The sleep schedule (docs/deployment.md, "The screen sleeps"). */
static void
apply_sleep_settings (KioskApplication *self)
{
  g_autofree char *schedule = g_settings_get_string (self->settings, "sleep-schedule");
  g_autofree char *wake_on_touch = g_settings_get_string (self->settings, "sleep-wake-on-touch");
  g_autofree char *host = g_settings_get_string (self->settings, "host-organisation");
  g_auto (GStrv) off = g_settings_get_strv (self->settings, "screen-off-command");
  g_auto (GStrv) on = g_settings_get_strv (self->settings, "screen-on-command");

  if (self->sleep == NULL)
    return;
  kiosk_sleep_set_commands (self->sleep, (const char *const *) off, (const char *const *) on);
  kiosk_sleep_set_host_organisation (self->sleep, host);
  kiosk_sleep_set_schedule (self->sleep, g_str_equal (schedule, "on"),
                            g_settings_get_uint (self->settings, "sleep-margin"),
                            g_str_equal (wake_on_touch, "on"),
                            g_settings_get_uint (self->settings, "idle-timeout"));
}

/* What the window takes from the settings while it runs. */
static void
apply_live_settings (KioskApplication *self, GtkWindow *window)
{
  /* The server the kiosk syncs with serves the pages, unless phones reach it by
   * another address (docs/deployment.md). */
  g_autofree char *qr_base_url = g_settings_get_string (self->settings, "qr-base-url");

  kiosk_window_set_qr_base_url (KIOSK_WINDOW (window),
                                qr_base_url[0] != '\0' ? qr_base_url : self->server);
  g_autofree char *language = g_settings_get_string (self->settings, "default-language");
  g_autofree char *speech = g_settings_get_string (self->settings, "speech-default");
  g_autofree char *host = g_settings_get_string (self->settings, "host-organisation");
  NvLang           lang = NV_LANG_FI;

  kiosk_window_set_idle_timeouts (KIOSK_WINDOW (window),
                                  g_settings_get_uint (self->settings, "idle-timeout") * 1000,
                                  g_settings_get_uint (self->settings, "idle-warning") * 1000);
  nv_lang_from_code (language, &lang);
  kiosk_window_set_visit_defaults (KIOSK_WINDOW (window), lang,
                                   g_settings_get_uint (self->settings, "default-text-size"));
  kiosk_window_set_speech_default (KIOSK_WINDOW (window), g_str_equal (speech, "on"));
  kiosk_window_set_call_days (KIOSK_WINDOW (window),
                              g_settings_get_uint (self->settings, "advisor-call-days"));
  /* Help's staff on duty and the receipt's phone; the server may set it (the kiosk's host). */
  kiosk_window_set_host_organisation (KIOSK_WINDOW (window), host);
  apply_sleep_settings (self);

  kiosk_window_set_feedback (KIOSK_WINDOW (window),
                             g_settings_get_boolean (self->settings, "feedback-questions"));
}

static void
live_setting_changed_cb (GSettings *settings, const char *key, GtkWindow *window)
{
  apply_live_settings (KIOSK_APPLICATION (gtk_window_get_application (window)), window);
}

static void
kiosk_application_activate (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  g_autofree char  *language = NULL;
  g_autofree char  *server = NULL;
  g_autoptr (KioskStaffCall) staff_call = NULL;
  GtkWindow *window;
  NvLang     lang = NV_LANG_FI;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  g_thread_unref (
      g_thread_new ("kiosk-icon-theme", read_icon_theme_thread,
                    g_object_ref (gtk_icon_theme_get_for_display (gdk_display_get_default ()))));
  if (self->store == NULL && !open_store (self))
    {
      g_application_quit (app);
      return;
    }

  language = g_settings_get_string (self->settings, "default-language");
  nv_lang_from_code (language, &lang);

  server = self->server_url != NULL ? g_strdup (self->server_url)
                                    : g_settings_get_string (self->settings, "server-url");
  if (server[0] != '\0')
    {
      g_autofree char *token = read_token (self);

      g_autofree char *ca_file = g_settings_get_string (self->settings, "server-ca-file");

      self->sync = kiosk_sync_new (self->store, server, token);
      kiosk_sync_set_ca_file (self->sync, ca_file);
      self->remote_config = kiosk_remote_config_new (self->settings);
      kiosk_remote_config_follow (self->remote_config, self->sync);
      kiosk_sync_start (self->sync, g_settings_get_uint (self->settings, "sync-interval"));
      staff_call = kiosk_staff_call_new (server, token);
    }

  window = GTK_WINDOW (kiosk_window_new (GTK_APPLICATION (app), self->store, lang));
  kiosk_window_set_sync (KIOSK_WINDOW (window), self->sync);
  kiosk_window_set_staff_call (KIOSK_WINDOW (window), staff_call);
  kiosk_window_set_speech (KIOSK_WINDOW (window), self->speech);
  g_free (self->server);
  self->server = g_strdup (server);
  apply_live_settings (self, window);
  /* The server's settings (kiosk-remote-config.c) take effect without a restart, from
   * the next visit on. */
  g_signal_connect_object (self->settings, "changed::qr-base-url",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  g_signal_connect_object (self->settings, "changed::idle-timeout",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  g_signal_connect_object (self->settings, "changed::idle-warning",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  g_signal_connect_object (self->settings, "changed::default-language",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  g_signal_connect_object (self->settings, "changed::default-text-size",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  g_signal_connect_object (self->settings, "changed::speech-default",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  g_signal_connect_object (self->settings, "changed::advisor-call-days",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  g_signal_connect_object (self->settings, "changed::host-organisation",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  /* Not for a screenshot or a benchmark's first frame: those draw the screens. */
  if (is_locked (self) || self->windowed)
    {
      static const char *const sleep_keys[]
          = { "sleep-schedule",    "sleep-margin",       "sleep-wake-on-touch",
              "host-organisation", "screen-off-command", "screen-on-command" };

      self->sleep = kiosk_sleep_new (ADW_APPLICATION_WINDOW (window), self->store,
                                     kiosk_window_get_visit (KIOSK_WINDOW (window)));
      for (guint i = 0; i < G_N_ELEMENTS (sleep_keys); i++)
        {
          g_autofree char *signal = g_strdup_printf ("changed::%s", sleep_keys[i]);

          g_signal_connect_object (self->settings, signal, G_CALLBACK (live_setting_changed_cb),
                                   window, 0);
        }
      apply_sleep_settings (self);
    }

  g_signal_connect_object (self->settings, "changed::feedback-questions",
                           G_CALLBACK (live_setting_changed_cb), window, 0);
  /* A kiosk fills its screen; a screenshot is taken at the window's default size. */
  if (!self->windowed && self->screenshot == NULL)
    gtk_window_fullscreen (window);
  {
    g_autofree char *dir = resolve_data_dir (self);

    kiosk_window_set_locked (KIOSK_WINDOW (window), is_locked (self), dir);
  }
  g_signal_connect (window, "realize", G_CALLBACK (ready_realize_cb), self);
  if (self->watchdog_source == 0)
    self->watchdog_source = kiosk_session_start_watchdog ();
  if (self->first_frame || self->first_frame_stay)
    g_signal_connect (window, "realize", G_CALLBACK (first_frame_realize_cb), self);
  gtk_window_present (window);

  if (self->screenshot != NULL)
    kiosk_screenshot_save_async (GTK_WIDGET (window), self->screenshot, NULL, screenshot_done_cb,
                                 self);
}

static void
quit_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
kiosk_application_startup (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  g_autoptr (GSimpleAction) quit = g_simple_action_new ("quit", NULL);
  static const char *quit_accels[] = { "<Control>q", NULL };

  start_opening_store (self);
  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (app);
  self->settings = g_settings_new ("fi.neuvokas.Kiosk");

  /* For developers with a keyboard; a locked kiosk has no shortcut to close it, and
   * staff close it from the status page with the PIN. */
  g_signal_connect (quit, "activate", G_CALLBACK (quit_activated_cb), app);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (quit));
  if (!is_locked (self))
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
kiosk_application_dispose (GObject *object)
{
  KioskApplication *self = (KioskApplication *) object;

  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  if (self->store_opener != NULL)
    opened_store_free (g_thread_join (g_steal_pointer (&self->store_opener)));
  g_clear_object (&self->remote_config);
  g_clear_object (&self->sleep);
  g_clear_object (&self->sync);
  g_clear_object (&self->speech);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (kiosk_application_parent_class)->dispose (object);
}

static void
kiosk_application_finalize (GObject *object)
{
  KioskApplication *self = (KioskApplication *) object;

  g_free (self->server_url);
  g_free (self->server);
  g_free (self->data_dir);
  g_free (self->screenshot);
  G_OBJECT_CLASS (kiosk_application_parent_class)->finalize (object);
}

static void
kiosk_application_class_init (KioskApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kiosk_application_dispose;
  object_class->finalize = kiosk_application_finalize;
  app_class->handle_local_options = kiosk_application_handle_local_options;
  app_class->startup = kiosk_application_startup;
  app_class->activate = kiosk_application_activate;
}

static void
kiosk_application_init (KioskApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

KioskApplication *
kiosk_application_new (void)
{
  return g_object_new (KIOSK_TYPE_APPLICATION, "application-id", "fi.neuvokas.Kiosk", "flags",
                       G_APPLICATION_NON_UNIQUE, "resource-base-path", "/fi/neuvokas/Kiosk", NULL);
}

/* test-kiosk-remote-config.c — settings set on the server reach a kiosk's GSettings with
 * the content, unless its administrator locked the key; what the kiosk cannot take is
 * skipped and logged, never failing the sync. The search's synonyms, which advisors keep
 * on the server, reach the kiosk's search the same way.
 *
 * The server's HTTP API runs in this process on 127.0.0.1 port 0; the kiosk's settings
 * are a key file with a defaults directory, as dconf lockdown is on a real machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kiosk-remote-config.h"
#include "kiosk-sync.h"
#include "nv-test-http-server.h"
#include "nv-test-log.h"
#include "nv-test-staff.h"
#include "server-store-private.h"

#define ADMIN_PASSWORD "admin-password-1"

typedef struct
{
  NvTestHttpServer   server;
  char              *kiosk_id;
  char              *token;
  NvTestStaff       *admin;
  char              *dir; /* the kiosk's */
  KioskStore        *store;
  GSettings         *settings;
  KioskSync         *sync;
  KioskRemoteConfig *remote_config;
} Fixture;

/* A key file backend whose defaults directory locks @locked (NULL: nothing) at @value. */
static GSettings *
open_settings (const char *dir, const char *locked, const char *value)
{
  g_autofree char *file = g_build_filename (dir, "settings.ini", NULL);
  g_autofree char *defaults = g_build_filename (dir, "defaults", NULL);
  g_autofree char *unused = g_build_filename (dir, "unused.ini", NULL);
  g_autoptr (GSettingsBackend) backend = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (defaults, 0700), ==, 0);
  if (locked != NULL)
    {
      g_autofree char *values = g_strdup_printf ("[fi/neuvokas/Kiosk]\n%s=%s\n", locked, value);
      g_autofree char *locks = g_strdup_printf ("/fi/neuvokas/Kiosk/%s\n", locked);
      g_autofree char *values_path = g_build_filename (defaults, "defaults", NULL);
      g_autofree char *locks_path = g_build_filename (defaults, "locks", NULL);

      g_assert_true (g_file_set_contents (values_path, values, -1, &error));
      g_assert_true (g_file_set_contents (locks_path, locks, -1, &error));
    }
  /* The key file backend's type is private: made once, it can be looked up by name. */
  g_object_unref (g_keyfile_settings_backend_new (unused, "/", NULL));
  backend = g_object_new (g_type_from_name ("GKeyfileSettingsBackend"), "filename", file,
                          "root-path", "/", "defaults-dir", defaults, NULL);
  return g_settings_new_with_backend ("fi.neuvokas.Kiosk", backend);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_auto (GStrv) lock = data != NULL ? g_strsplit (data, "=", 2) : NULL;
  g_autoptr (GError) error = NULL;

  server_store_use_cheap_password_hashing ();
  nv_test_http_server_start (&fixture->server, NULL);
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Oulu", "564", &fixture->kiosk_id,
                                         &fixture->token, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "admin", SERVER_ROLE_ADMIN,
                                        ADMIN_PASSWORD, &error));
  fixture->admin = nv_test_staff_login (fixture->server.url, "admin", ADMIN_PASSWORD);
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  /* "key=value": the key locked at the value (a bare key: at 99). */
  fixture->settings = open_settings (fixture->dir, lock != NULL ? lock[0] : NULL,
                                     lock != NULL && lock[1] != NULL ? lock[1] : "99");
  fixture->sync = kiosk_sync_new (fixture->store, fixture->server.url, fixture->token);
  fixture->remote_config = kiosk_remote_config_new (fixture->settings);
  kiosk_remote_config_follow (fixture->remote_config, fixture->sync);
  nv_test_log_capture ();
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->admin, nv_test_staff_free);
  g_assert_finalize_object (fixture->remote_config);
  g_assert_finalize_object (fixture->sync);
  g_assert_finalize_object (fixture->settings);
  g_assert_finalize_object (fixture->store);
  nv_test_http_server_stop (&fixture->server);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->kiosk_id);
  g_free (fixture->token);
}

static void
sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  int *outcome = user_data;
  g_autoptr (GError) error = NULL;

  *outcome = kiosk_sync_run_finish (KIOSK_SYNC (source), result, NULL, &error) ? 1 : 2;
  g_assert_no_error (error);
}

/* One sync round, which must work. */
static void
sync_now (Fixture *fixture)
{
  int outcome = 0;

  kiosk_sync_run_async (fixture->sync, NULL, sync_cb, &outcome);
  nv_test_wait_until (NULL, outcome != 0, 20000);
  g_assert_cmpint (outcome, ==, 1);
}

static void
set_on_server (Fixture *fixture, const char *scope, const char *target, const char *settings)
{
  g_autofree char *body = g_strdup_printf (
      "{\"scope\": \"%s\", \"target\": \"%s\", \"settings\": %s}", scope, target, settings);
  g_autoptr (JsonNode) answer = nv_test_staff_call (
      fixture->admin, "POST", "/api/v1/staff/kiosk-settings", body, SOUP_STATUS_OK);
}

static char *
remote_keys (Fixture *fixture)
{
  g_auto (GStrv) keys = g_settings_get_strv (fixture->settings, "remote-settings");

  return g_strjoinv (",", keys);
}

/* An admin sets values for the kiosk's municipality and for the kiosk itself; the next
 * sync writes them into its settings. Removed on the server, a setting returns to the
 * kiosk's default. */
static void
test_applied (Fixture *fixture, gconstpointer data)
{
  g_autofree char *qr = NULL;
  g_autofree char *language = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *keys_after = NULL;

  sync_now (fixture);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-timeout"), ==, 120);

  set_on_server (fixture, "municipality", "564",
                 "{\"idle-timeout\": 75, \"default-language\": \"sv\","
                 " \"default-text-size\": 1}");
  set_on_server (fixture, "kiosk", fixture->kiosk_id,
                 "{\"qr-base-url\": \"https://oulu.example.fi/\", \"idle-timeout\": 60}");
  sync_now (fixture);
  qr = g_settings_get_string (fixture->settings, "qr-base-url");
  language = g_settings_get_string (fixture->settings, "default-language");
  keys = remote_keys (fixture);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-timeout"), ==, 60);
  g_assert_cmpstr (qr, ==, "https://oulu.example.fi/");
  g_assert_cmpstr (language, ==, "sv");
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "default-text-size"), ==, 1);
  g_assert_cmpstr (keys, ==, "default-language,default-text-size,idle-timeout,qr-base-url");

  /* The kiosk's own goes: the municipality's holds; the municipality's goes: the default. */
  set_on_server (fixture, "kiosk", fixture->kiosk_id, "{\"idle-timeout\": null}");
  sync_now (fixture);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-timeout"), ==, 75);
  set_on_server (fixture, "municipality", "564", "{\"idle-timeout\": null}");
  sync_now (fixture);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-timeout"), ==, 120);
  keys_after = remote_keys (fixture);
  g_assert_cmpstr (keys_after, ==, "default-language,default-text-size,qr-base-url");
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 0);
}

/* The local administrator locked idle-timeout at 99: the server's 75 is not used, and
 * its other settings are. */
static void
test_locked_key_kept (Fixture *fixture, gconstpointer data)
{
  g_autofree char *keys = NULL;

  g_assert_false (g_settings_is_writable (fixture->settings, "idle-timeout"));
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-timeout"), ==, 99);
  set_on_server (fixture, "all", "", "{\"idle-timeout\": 75, \"idle-warning\": 40}");
  sync_now (fixture);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-timeout"), ==, 99);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-warning"), ==, 40);
  keys = remote_keys (fixture);
  g_assert_cmpstr (keys, ==, "idle-warning");
  /* Not tried and failed: a lock is the administrator's choice, not a fault. */
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 0);
}

/* speech-default set on the server reaches the kiosk's settings; removed, it returns to
 * off. */
static void
test_speech_default (Fixture *fixture, gconstpointer data)
{
  g_autofree char *applied = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *keys = NULL;

  set_on_server (fixture, "municipality", "564", "{\"speech-default\": \"on\"}");
  sync_now (fixture);
  applied = g_settings_get_string (fixture->settings, "speech-default");
  keys = remote_keys (fixture);
  g_assert_cmpstr (applied, ==, "on");
  g_assert_cmpstr (keys, ==, "speech-default");

  set_on_server (fixture, "municipality", "564", "{\"speech-default\": null}");
  sync_now (fixture);
  removed = g_settings_get_string (fixture->settings, "speech-default");
  g_assert_cmpstr (removed, ==, "off");
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 0);
}

/* The local administrator locked speech-default at "off": the server's "on" is not used. */
static void
test_speech_default_locked (Fixture *fixture, gconstpointer data)
{
  g_autofree char *value = NULL;

  g_assert_false (g_settings_is_writable (fixture->settings, "speech-default"));
  set_on_server (fixture, "all", "", "{\"speech-default\": \"on\"}");
  sync_now (fixture);
  value = g_settings_get_string (fixture->settings, "speech-default");
  g_assert_cmpstr (value, ==, "off");
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 0);
}

/* The feedback questions turned off for this kiosk on the server: its key follows (the
 * application asks no more from then on); turned on for its municipality, and the kiosk's
 * own removed, they are asked again. */
static void
test_feedback_questions (Fixture *fixture, gconstpointer data)
{
  g_autofree char *keys = NULL;

  g_assert_true (g_settings_get_boolean (fixture->settings, "feedback-questions"));
  set_on_server (fixture, "kiosk", fixture->kiosk_id, "{\"feedback-questions\": false}");
  sync_now (fixture);
  g_assert_false (g_settings_get_boolean (fixture->settings, "feedback-questions"));
  keys = remote_keys (fixture);
  g_assert_cmpstr (keys, ==, "feedback-questions");

  set_on_server (fixture, "municipality", "564", "{\"feedback-questions\": true}");
  set_on_server (fixture, "kiosk", fixture->kiosk_id, "{\"feedback-questions\": null}");
  sync_now (fixture);
  g_assert_true (g_settings_get_boolean (fixture->settings, "feedback-questions"));
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 0);
}

/* The local administrator locked the questions on: the server's false is not used. */
static void
test_feedback_questions_locked (Fixture *fixture, gconstpointer data)
{
  g_assert_false (g_settings_is_writable (fixture->settings, "feedback-questions"));
  set_on_server (fixture, "all", "", "{\"feedback-questions\": false}");
  sync_now (fixture);
  g_assert_true (g_settings_get_boolean (fixture->settings, "feedback-questions"));
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 0);
}

/* The host an admin gives the kiosk on the server (the console's Kiosks page) becomes its
 * host-organisation, which Help's staff on duty, the receipt and the sleep schedule read;
 * changed or cleared there, the kiosk follows at its next sync. */
static void
test_host_from_server (Fixture *fixture, gconstpointer data)
{
  g_autofree char *host = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *keys_after = NULL;

  sync_now (fixture);
  nv_test_staff_set_kiosk_host (fixture->admin, fixture->kiosk_id, "test-library");
  sync_now (fixture);
  host = g_settings_get_string (fixture->settings, "host-organisation");
  keys = remote_keys (fixture);
  g_assert_cmpstr (host, ==, "test-library");
  g_assert_cmpstr (keys, ==, "host-organisation");

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->kiosk_id, "test-association");
  sync_now (fixture);
  changed = g_settings_get_string (fixture->settings, "host-organisation");
  g_assert_cmpstr (changed, ==, "test-association");

  nv_test_staff_set_kiosk_host (fixture->admin, fixture->kiosk_id, NULL);
  sync_now (fixture);
  cleared = g_settings_get_string (fixture->settings, "host-organisation");
  keys_after = remote_keys (fixture);
  g_assert_cmpstr (cleared, ==, "");
  g_assert_cmpstr (keys_after, ==, "");
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 0);
}

/* The local administrator set the host and locked it: the server's is not used. */
static void
test_host_locked (Fixture *fixture, gconstpointer data)
{
  g_autofree char *host = NULL;

  g_assert_false (g_settings_is_writable (fixture->settings, "host-organisation"));
  nv_test_staff_set_kiosk_host (fixture->admin, fixture->kiosk_id, "test-library");
  sync_now (fixture);
  host = g_settings_get_string (fixture->settings, "host-organisation");
  g_assert_cmpstr (host, ==, "test-association");
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 0);
}

static NvKioskConfig *
config_from (const char *json)
{
  g_autoptr (JsonNode) node = json_from_string (json, NULL);
  g_autoptr (GError) error = NULL;
  NvKioskConfig *config = nv_kiosk_config_from_json (node, &error);

  g_assert_no_error (error);
  return config;
}

/* What this kiosk cannot take (a value out of its range, a setting a newer server knows,
 * a format of another version) is skipped and logged in English; the rest applies. */
static void
test_bad_values_skipped (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvKioskConfig) config
      = config_from ("{\"version\": 1, \"settings\": {\"idle-timeout\": 5, \"idle-warning\": 40,"
                     " \"default-language\": 7, \"screen-colour\": \"red\"}}");
  g_autoptr (NvKioskConfig) future
      = config_from ("{\"version\": 2, \"settings\": {\"idle-warning\": 50}}");
  g_autofree char *language = NULL;

  kiosk_remote_config_apply (fixture->remote_config, config);
  language = g_settings_get_string (fixture->settings, "default-language");
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-warning"), ==, 40);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-timeout"), ==, 120);
  g_assert_cmpstr (language, ==, "fi");
  g_assert_cmpuint (nv_test_log_count ("The server's setting idle-timeout is skipped: *"), ==, 1);
  g_assert_cmpuint (nv_test_log_count ("The server's setting default-language is skipped: *"), ==,
                    1);
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 2);

  kiosk_remote_config_apply (fixture->remote_config, future);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-warning"), ==, 40);
  g_assert_cmpuint (nv_test_log_count ("*version 2*does not know*"), ==, 1);
}

/* How many places the kiosk's directory search finds for @query. */
static guint
count_found (KioskStore *store, const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  guint total = 0;

  found
      = kiosk_store_search_organisations (store, query, NULL, NULL, NV_LANG_FI, 0, &total, &error);
  g_assert_no_error (error);
  return total;
}

/* A synonym group an advisor adds in the console reaches the kiosk with the content, and
 * a word nothing held before finds a place; the kiosk keeps the list across a restart,
 * and a deleted group is gone with the next sync. */
static void
test_synonym_from_advisor (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) saved = NULL;
  g_autoptr (KioskStore) reopened = NULL;
  g_autoptr (GError) error = NULL;

  sync_now (fixture);
  g_assert_cmpuint (count_found (fixture->store, "lukusalissa"), ==, 0);

  saved = nv_test_staff_call (fixture->admin, "POST", "/api/v1/staff/synonyms",
                              "{\"synonym\": {\"id\": \"reading-room\","
                              " \"words\": [\"lukusali\", \"läsesal\"], \"kind\": \"library\"}}",
                              200);
  sync_now (fixture);
  /* Inflected, as a resident types it: "in the reading room" finds the library. */
  g_assert_cmpuint (count_found (fixture->store, "lukusalissa"), ==, 1);
  g_assert_cmpuint (count_found (fixture->store, "läsesal"), ==, 1);

  reopened = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_found (reopened, "lukusalissa"), ==, 1);

  g_assert_cmpuint (nv_test_staff_send (fixture->admin, "POST", "/api/v1/staff/synonyms/delete",
                                        "{\"id\": \"reading-room\"}", NULL, NULL),
                    ==, 204);
  sync_now (fixture);
  g_assert_cmpuint (count_found (fixture->store, "lukusalissa"), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/kiosk-remote-config/applied", Fixture, NULL, fixture_setup, test_applied,
              fixture_teardown);
  g_test_add ("/kiosk-remote-config/locked-key-kept", Fixture, "idle-timeout", fixture_setup,
              test_locked_key_kept, fixture_teardown);
  g_test_add ("/kiosk-remote-config/speech-default", Fixture, NULL, fixture_setup,
              test_speech_default, fixture_teardown);
  g_test_add ("/kiosk-remote-config/speech-default-locked", Fixture, "speech-default='off'",
              fixture_setup, test_speech_default_locked, fixture_teardown);
  g_test_add ("/kiosk-remote-config/feedback-questions", Fixture, NULL, fixture_setup,
              test_feedback_questions, fixture_teardown);
  g_test_add ("/kiosk-remote-config/feedback-questions-locked", Fixture, "feedback-questions=true",
              fixture_setup, test_feedback_questions_locked, fixture_teardown);

  g_test_add ("/kiosk-remote-config/host-from-server", Fixture, NULL, fixture_setup,
              test_host_from_server, fixture_teardown);
  g_test_add ("/kiosk-remote-config/host-locked", Fixture, "host-organisation='test-association'",
              fixture_setup, test_host_locked, fixture_teardown);
  g_test_add ("/kiosk-remote-config/bad-values-skipped", Fixture, NULL, fixture_setup,
              test_bad_values_skipped, fixture_teardown);
  g_test_add ("/kiosk-remote-config/synonym-from-advisor", Fixture, NULL, fixture_setup,
              test_synonym_from_advisor, fixture_teardown);
  return g_test_run ();
}

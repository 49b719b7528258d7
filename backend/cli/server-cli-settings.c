/* server-cli-settings.c — `neuvokas-server settings`: what kiosks are told to use
 *
 * The same store calls and checks as the console's page (server-staff-settings-api.c),
 * for an administrator at the server's shell; a change reaches kiosks at their next
 * sync (docs/deployment.md, "Remote settings").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "nv-common.h"
#include "server-cli-private.h"
#include "server-store-settings.h"

typedef struct
{
  char *kiosk;
  char *municipality;
  GStrv words;
} Target;

static void
target_clear (Target *target)
{
  g_free (target->kiosk);
  g_free (target->municipality);
  g_strfreev (target->words);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

/* Parses --kiosk / --municipality and the words after the action; FALSE with *@status. */
static gboolean
parse_target (const char    *command,
              const char    *summary,
              const char    *words,
              guint          n_words,
              GlobalOptions *global,
              int           *argc,
              char        ***argv,
              Target        *target,
              int           *status)
{
  GOptionEntry entries[] = {
    { "kiosk", 0, 0, G_OPTION_ARG_STRING, &target->kiosk, "For this kiosk only", "ID" },
    { "municipality", 0, 0, G_OPTION_ARG_STRING, &target->municipality,
      "For the kiosks of this municipality (its code, e.g. 564)", "CODE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &target->words, NULL, words },
    { NULL },
  };

  if (!server_cli_parse_options (command, summary, entries, global, argc, argv, status))
    return FALSE;
  if (target->kiosk != NULL && target->municipality != NULL)
    {
      server_cli_say_error ("%s takes --kiosk or --municipality, not both", command);
      *status = EXIT_USAGE;
      return FALSE;
    }
  if (target->words == NULL || g_strv_length (target->words) != n_words)
    {
      server_cli_say_error ("%s needs %s (see “neuvokas-server %s --help”)", command, words,
                            command);
      *status = EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

static int
change (GlobalOptions *global, Target *target, const char *name, JsonNode *value)
{
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (JsonObject) changes = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char    *actor = server_cli_actor ();
  ServerSettingsScope scope = SERVER_SETTINGS_ALL;
  const char         *whom = "";
  int                 status = 0;

  if (target->kiosk != NULL)
    scope = SERVER_SETTINGS_KIOSK, whom = target->kiosk;
  else if (target->municipality != NULL)
    scope = SERVER_SETTINGS_MUNICIPALITY, whom = target->municipality;
  json_object_set_member (changes, name, value);
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  if (server_store_set_kiosk_settings (store, scope, whom, changes, actor, &error) < 0)
    {
      /* The store names "target": say it in the command line's words. */
      if (g_strcmp0 (nv_error_get_field (error), "target") == 0)
        {
          server_cli_say_error ("--%s %s", target->kiosk != NULL ? "kiosk" : "municipality",
                                nv_error_get_sentence (error));
          return EXIT_USAGE;
        }
      return server_cli_say_failure (error);
    }
  return 0;
}

static int
settings_set (GlobalOptions *global, int argc, char **argv)
{
  g_auto (Target) target = { 0 };
  g_autoptr (GError) error = NULL;
  JsonNode *value;
  int       status = 0;

  if (!parse_target ("settings set", "Sets what kiosks use (every kiosk unless told which).",
                     "NAME VALUE", 2, global, &argc, &argv, &target, &status))
    return status;
  if ((value = nv_kiosk_setting_parse (target.words[0], target.words[1], &error)) == NULL)
    {
      server_cli_say_error ("%s", error->message);
      return EXIT_USAGE;
    }
  if ((status = change (global, &target, target.words[0], value)) != 0)
    return status;
  printf ("%s is set; kiosks take it at their next sync.\n", target.words[0]);
  return 0;
}

static int
settings_unset (GlobalOptions *global, int argc, char **argv)
{
  g_auto (Target) target = { 0 };
  int status = 0;

  if (!parse_target ("settings unset", "Removes a setting: kiosks return to their own.", "NAME", 1,
                     global, &argc, &argv, &target, &status))
    return status;
  if (nv_kiosk_setting_lookup (target.words[0]) == NULL)
    {
      server_cli_say_error ("No setting is called “%s” (see “neuvokas-server settings list”)",
                            target.words[0]);
      return EXIT_USAGE;
    }
  if ((status = change (global, &target, target.words[0], json_node_new (JSON_NODE_NULL))) != 0)
    return status;
  printf ("%s is removed; kiosks take it at their next sync.\n", target.words[0]);
  return 0;
}

static int
settings_list (GlobalOptions *global, int argc, char **argv)
{
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GPtrArray) settings = NULL;
  g_autoptr (GError) error = NULL;
  const NvKioskSettingInfo *infos;
  guint                     n_infos;
  int                       status = 0;

  if (!server_cli_parse_options ("settings list", "Lists what kiosks are told to use.", NULL,
                                 global, &argc, &argv, &status))
    return status;
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  if ((settings = server_store_list_kiosk_settings (store, &error)) == NULL)
    return server_cli_say_failure (error);
  printf ("%-13s %-12s %-18s %s\n", "SCOPE", "TARGET", "NAME", "VALUE");
  for (guint i = 0; i < settings->len; i++)
    {
      ServerKioskSetting *setting = g_ptr_array_index (settings, i);
      g_autofree char    *value = nv_json_to_string (setting->value, FALSE);

      printf ("%-13s %-12s %-18s %s\n", server_settings_scope_to_string (setting->scope),
              setting->target[0] != '\0' ? setting->target : "-", setting->name, value);
    }
  printf ("\nSettings kiosks know:\n");
  infos = nv_kiosk_settings (&n_infos);
  for (guint i = 0; i < n_infos; i++)
    printf ("  %-18s %s\n", infos[i].name, infos[i].what);
  return 0;
}

const ServerCliAction server_cli_settings_actions[] = {
  { "list", settings_list },
  { "set", settings_set },
  { "unset", settings_unset },
  { NULL },
};

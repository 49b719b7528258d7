/* server-cli-private.h — what the command families in other files share with server-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

#define EXIT_FAILED 1
#define EXIT_USAGE 2

typedef struct
{
  char *data_dir;
} GlobalOptions;

/* "neuvokas-server: SENTENCE" on stderr. */
void server_cli_say_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Says @error's message as above; returns EXIT_FAILED, the status for it. */
int server_cli_say_failure (const GError *error);
/* Says a store's error in the words of the command line ("--start must be…" for the
 * field starts_at); returns EXIT_USAGE for a validation error, else EXIT_FAILED. */
int server_cli_say_store_error (const GError *error);
/* Parses a command's options with the global ones; FALSE with *@exit_status set (and the
 * sentence said) when the command line is wrong. */
gboolean server_cli_parse_options (const char    *command,
                                   const char    *summary,
                                   GOptionEntry  *entries,
                                   GlobalOptions *global,
                                   int           *argc,
                                   char        ***argv,
                                   int           *exit_status);
/* The data directory (--data-dir or the default), made when missing; NULL with *@status
 * set (and the sentence said) when it cannot be used. */
char *server_cli_data_dir (GlobalOptions *global, int *status);

/* The current time, or NEUVOKAS_NOW (tests); NULL (said why) when NEUVOKAS_NOW is not
 * a time. */
GDateTime *server_cli_now (void);
/* Who acts, for the store's notes: "cli:USER". */
char *server_cli_actor (void);
/* Opens the store for an administrative command; NULL with *@status set. */
ServerStore *server_cli_open_store (GlobalOptions *global, int *status);

/* The command table: every command of neuvokas-server is one ServerCliCommand, and one
 * dispatcher (server-cli.c) runs them all. */
typedef int (*ServerCliFunc) (GlobalOptions *global, int argc, char **argv);

typedef struct
{
  const char   *name;
  ServerCliFunc run; /* gets the action word as argv[0], in place of the program name */
} ServerCliAction;

typedef struct
{
  const char            *name;
  const char            *summary; /* for neuvokas-server --help */
  ServerCliFunc          run;     /* a command without actions (serve, export, purge) */
  const ServerCliAction *actions; /* or a group of actions, ending in { NULL } */
  const char            *usage;   /* a group's COMMAND --help, after "Usage:\n" */
} ServerCliCommand;

/* Command families (server-cli-appointments.c), named in server-cli.c's table */
extern const ServerCliAction server_cli_slot_actions[];
extern const ServerCliAction server_cli_appointment_actions[];
int                          server_cli_purge (GlobalOptions *global, int argc, char **argv);
/* server-cli-backup.c */
int server_cli_backup (GlobalOptions *global, int argc, char **argv);
int server_cli_restore (GlobalOptions *global, int argc, char **argv);

/* server-cli-settings.c */
extern const ServerCliAction server_cli_settings_actions[];

/* server-cli-import.c */
extern const ServerCliAction server_cli_import_actions[];

G_END_DECLS

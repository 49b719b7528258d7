/* server-cli-private.h — what the command families in other files share with server-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "server-store.h"
#include "server-store-directory.h"

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
/* server-cli-rollups.c */
extern const ServerCliAction server_cli_rollups_actions[];
/* server-cli-backup.c */
int server_cli_backup (GlobalOptions *global, int argc, char **argv);
int server_cli_restore (GlobalOptions *global, int argc, char **argv);

/* server-cli-settings.c */
extern const ServerCliAction server_cli_settings_actions[];

/* server-cli-import.c */
extern const ServerCliAction server_cli_import_actions[];
/* server-cli-import-libraries.c */
int server_cli_import_libraries (GlobalOptions *global, int argc, char **argv);
/* server-cli-import-refresh.c */
int server_cli_import_refresh (GlobalOptions *global, int argc, char **argv);
int server_cli_import_ptv (GlobalOptions *global, int argc, char **argv);

/* server-cli-fetch.c: an importer's pages from the web. A session whose connections and
 * reads time out after @timeout seconds. */
SoupSession *server_cli_fetch_session_new (guint timeout);
/* One page, at most @max_size bytes, whole within @timeout seconds. */
GBytes *server_cli_fetch (
    SoupSession *session, const char *url, guint timeout, gsize max_size, GError **error);
/* @url with its query parameter @name set to @value (page=2, skip=100); NULL when @url is
 * not a web address. */
char *server_cli_url_with_param (const char *url, const char *name, guint value);
/* A file of at most @max_size bytes (refused before it is read); @what names its kind. */
GBytes *
server_cli_read_input_file (const char *path, gsize max_size, const char *what, GError **error);

/* server-cli-import-run.c: what one import did, for its summary and the operations report */
typedef struct
{
  const char *source; /* "ptv", "kirjastot" */
  GDateTime  *started;
  guint       n_new, n_changed, n_unchanged, n_refused;
  GString    *problems; /* the first refusals' sentences */
} ServerCliImportRun;

void server_cli_import_run_init (ServerCliImportRun *run, const char *source);
void server_cli_import_run_clear (ServerCliImportRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServerCliImportRun, server_cli_import_run_clear)
/* Says a refused record on standard error, and counts it. */
void server_cli_import_run_refuse (ServerCliImportRun *run, const char *format, ...)
    G_GNUC_PRINTF (2, 3);
void server_cli_import_run_count (ServerCliImportRun *run, ServerImportOutcome outcome);
/* Records the run (@failure: why it stopped, or NULL) in @store, or when that is NULL in
 * the data directory's store if there is one; a failure to record is said, not fatal. */
void server_cli_import_run_record (ServerCliImportRun *run,
                                   GlobalOptions      *global,
                                   ServerStore        *store,
                                   const char         *failure);
/* An input was unusable: says so ("… Nothing was imported."), records the run as failed,
 * and returns EXIT_FAILED. */
int server_cli_import_failed (ServerCliImportRun *run, GlobalOptions *global, const GError *error);

G_END_DECLS

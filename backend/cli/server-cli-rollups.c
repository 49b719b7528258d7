/* server-cli-rollups.c — neuvokas-server rollups rebuild
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "server-cli-private.h"
#include "server-store-events.h"
#include "server-store-rollups.h"

static int
rollups_rebuild (GlobalOptions *global, int argc, char **argv)
{
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  GOptionEntry entries[] = { { NULL } };
  int          status = 0;

  if (!server_cli_parse_options ("rollups rebuild",
                                 "Fills the reports' counts per day again from the events, in "
                                 "one transaction. The server keeps them as events arrive; "
                                 "rebuild only after a change of their definition.",
                                 entries, global, &argc, &argv, &status))
    return status;
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  if (!server_store_rebuild_rollups (store, &error))
    return server_cli_say_failure (error);
  printf ("Rebuilt the rollups from %" G_GINT64_FORMAT " event(s).\n",
          server_store_count_events (store));
  return 0;
}

const ServerCliAction server_cli_rollups_actions[] = {
  { "rebuild", rollups_rebuild },
  { NULL },
};

/* server-cli.h — the neuvokas-server command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the command line; returns the process exit status. */
int server_cli_run (int argc, char **argv);

G_END_DECLS

/* main.c — neuvokas-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "server-cli.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  return server_cli_run (argc, argv);
}

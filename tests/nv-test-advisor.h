/* nv-test-advisor.h — a real server with one advisor signed in
 *
 * The fixture of the tests that work as an advisor does in the console: a server on
 * 127.0.0.1 port 0 (nv-test-http-server.h) and the advisor "aino" signed in through
 * HTTP (nv-test-staff.h). Its setup and teardown have the signatures g_test_add () wants.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-test-http-server.h"
#include "nv-test-staff.h"
#include "server-store-users.h"

#define NV_TEST_ADVISOR_NAME "aino"
#define NV_TEST_ADVISOR_PASSWORD "staff-password-1"

typedef struct
{
  NvTestHttpServer server;
  NvTestStaff     *advisor;
} NvTestAdvisorServer;

static inline void
nv_test_advisor_server_setup (NvTestAdvisorServer *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  nv_test_http_server_start (&fixture->server, NULL);
  g_assert_true (server_store_add_user (fixture->server.store, NV_TEST_ADVISOR_NAME,
                                        SERVER_ROLE_ADVISOR, NV_TEST_ADVISOR_PASSWORD, &error));
  g_assert_no_error (error);
  fixture->advisor
      = nv_test_staff_login (fixture->server.url, NV_TEST_ADVISOR_NAME, NV_TEST_ADVISOR_PASSWORD);
}

static inline void
nv_test_advisor_server_teardown (NvTestAdvisorServer *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->advisor, nv_test_staff_free);
  nv_test_http_server_stop (&fixture->server);
}

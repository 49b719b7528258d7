/* nv-test-tls.h — certificates made for a test, at test time
 *
 * A certificate authority of the test's own and a server certificate it signed for
 * 127.0.0.1, made with openssl (build-aux/install-deps installs it) in a temporary
 * directory: nothing that expires is checked in. Elliptic-curve keys, made in
 * milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "nv-test-util.h"

typedef struct
{
  char *dir;
  char *ca;          /* the authority's certificate (PEM): what a client trusts */
  char *certificate; /* the server's, for 127.0.0.1, signed by the authority */
  char *key;         /* the server's private key */
} NvTestTls;

static inline void
nv_test_tls_openssl_ (const char *dir, const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int              status = 0;

  if (!g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("cannot run openssl: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("openssl failed: %s", err);
}

static inline void
nv_test_tls_make (NvTestTls *tls)
{
  static const char *const ca[] = { "openssl",
                                    "req",
                                    "-x509",
                                    "-newkey",
                                    "ec",
                                    "-pkeyopt",
                                    "ec_paramgen_curve:prime256v1",
                                    "-nodes",
                                    "-keyout",
                                    "ca.key",
                                    "-out",
                                    "ca.pem",
                                    "-days",
                                    "3650",
                                    "-subj",
                                    "/CN=Neuvokas test CA",
                                    NULL };
  static const char *const server[] = { "openssl",
                                        "req",
                                        "-x509",
                                        "-newkey",
                                        "ec",
                                        "-pkeyopt",
                                        "ec_paramgen_curve:prime256v1",
                                        "-nodes",
                                        "-keyout",
                                        "server.key",
                                        "-out",
                                        "server.pem",
                                        "-days",
                                        "3650",
                                        "-subj",
                                        "/CN=127.0.0.1",
                                        "-addext",
                                        "subjectAltName=IP:127.0.0.1",
                                        "-addext",
                                        "basicConstraints=critical,CA:FALSE",
                                        "-CA",
                                        "ca.pem",
                                        "-CAkey",
                                        "ca.key",
                                        NULL };

  tls->dir = nv_test_make_tmpdir ();
  nv_test_tls_openssl_ (tls->dir, ca);
  nv_test_tls_openssl_ (tls->dir, server);
  tls->ca = g_build_filename (tls->dir, "ca.pem", NULL);
  tls->certificate = g_build_filename (tls->dir, "server.pem", NULL);
  tls->key = g_build_filename (tls->dir, "server.key", NULL);
}

/* The server's certificate with its key, as `serve --tls-certificate --tls-key` loads it. */
static inline GTlsCertificate *
nv_test_tls_server_certificate (NvTestTls *tls)
{
  g_autoptr (GError) error = NULL;
  GTlsCertificate *certificate
      = g_tls_certificate_new_from_files (tls->certificate, tls->key, &error);

  g_assert_no_error (error);
  return certificate;
}

/* A database that trusts the test's authority alone, for a client's SoupSession. */
static inline GTlsDatabase *
nv_test_tls_database (NvTestTls *tls)
{
  g_autoptr (GError) error = NULL;
  GTlsDatabase *database = g_tls_file_database_new (tls->ca, &error);

  g_assert_no_error (error);
  return database;
}

static inline void
nv_test_tls_clear (NvTestTls *tls)
{
  nv_test_rm_rf (tls->dir);
  g_clear_pointer (&tls->dir, g_free);
  g_clear_pointer (&tls->ca, g_free);
  g_clear_pointer (&tls->certificate, g_free);
  g_clear_pointer (&tls->key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NvTestTls, nv_test_tls_clear)

/* nv-fuzz.h — what every libFuzzer harness of fuzz/ shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Makes a critical or a warning fatal, as in the test suite: hostile input must get a
 * clear error, never a g_critical, and a crash is what libFuzzer reports. Quiets the
 * log otherwise, so that libFuzzer's own lines stay readable. */
void nv_fuzz_init (void);
/* A fresh directory under the temporary folder, removed when the harness exits. */
char *nv_fuzz_make_tmpdir (void);

G_END_DECLS

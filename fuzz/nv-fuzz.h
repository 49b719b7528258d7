/* nv-fuzz.h — what every libFuzzer harness of fuzz/ shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "nv-common.h"

G_BEGIN_DECLS

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Makes a critical or a warning fatal, as in the test suite: hostile input must get a
 * clear error, never a g_critical, and a crash is what libFuzzer reports. Quiets the
 * log otherwise, so that libFuzzer's own lines stay readable. */
void nv_fuzz_init (void);
/* A fresh directory under the temporary folder, removed when the harness exits. */
char *nv_fuzz_make_tmpdir (void);
/* An entry an importer made is one every reader accepts: it validates, and written as
 * JSON it reads back the same, as the store and the kiosks will read it. Aborts if not. */
void nv_fuzz_check_organisation (const NvOrganisation *organisation);
/* What an importer made of one text: @text_error, when it refused the whole text, says
 * why in UTF-8; each record is an entry that nv_fuzz_check_organisation() accepts, or a
 * refusal naming its field, in UTF-8. Aborts if not. */
void nv_fuzz_check_import (const GError         *text_error,
                           const NvOrganisation *organisation,
                           const GError         *record_error,
                           const char           *record_id);

G_END_DECLS

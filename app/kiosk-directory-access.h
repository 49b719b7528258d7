/* kiosk-directory-access.h — the words of the directory's accessibility profiles: each
 * profile's name and what a place lacks for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-common.h"

G_BEGIN_DECLS

/* "Wheelchair", translated; NULL for NV_ACCESS_PROFILE_NONE. */
const char *kiosk_access_profile_label (NvAccessProfile profile);
/* "No step-free entrance", translated. */
const char *kiosk_access_lack_label (NvAccessFact fact);
/* Every lack of @lacks (bits of nv_access_lacks ()) as one sentence a line each, in the
 * order of the facts: "No step-free entrance\nNo accessible toilet"; NULL for none. */
char *kiosk_access_lacks_text (guint lacks);

G_END_DECLS

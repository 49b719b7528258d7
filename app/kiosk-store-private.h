/* kiosk-store-private.h — for tests: the schema history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-sqlite.h"

G_BEGIN_DECLS

const NvMigration *kiosk_store_migrations (guint *n_migrations);

G_END_DECLS

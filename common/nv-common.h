/* nv-common.h — everything in common/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-error.h"
#include "nv-text.h"
#include "nv-json.h"
#include "nv-category.h"
#include "nv-guide.h"
#include "nv-image.h"
#include "nv-opening-hours.h"
#include "nv-organisation.h"
#include "nv-municipality.h"
#include "nv-content.h"
#include "nv-sqlite.h"
#include "nv-event.h"
#include "nv-slot.h"
#include "nv-appointment.h"
#include "nv-random.h"
#include "nv-kiosk-config.h"
#include "nv-synonym.h"

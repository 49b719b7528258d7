/* nv-content-reader.h — a content bundle read as it arrives, record by record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-content.h"

G_BEGIN_DECLS

/* One value of a bundle (a record, or any member outside the records) larger than this
 * is refused: the largest guide is a few tens of KiB. */
#define NV_CONTENT_MAX_RECORD_SIZE (1024 * 1024)

typedef struct _NvContentReader NvContentReader;

NvContentReader *nv_content_reader_new (void);
void             nv_content_reader_free (NvContentReader *reader);
/* Reads the next @size bytes of the bundle, in pieces of any size. Each record is
 * validated as it completes (the *_from_json of its kind); one that fails, or repeats an
 * id, is left out and logged with its id. FALSE, with NV_ERROR_PARSE or
 * NV_ERROR_TOO_LARGE, when the text cannot be a bundle at all (not strict JSON, not
 * UTF-8, a value over NV_CONTENT_MAX_RECORD_SIZE, a member of the wrong type): nothing of
 * it is to be used then. */
gboolean
nv_content_reader_feed (NvContentReader *reader, const void *data, gsize size, GError **error);
/* The bundle, once every byte was fed; NULL when it ended before its end. A full bundle
 * leaves out what refers to an item it does not hold (logged), as the server does. */
NvContent *nv_content_reader_finish (NvContentReader *reader, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvContentReader, nv_content_reader_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MS_DEVICES_NVME_JSON_H
#define MS_DEVICES_NVME_JSON_H

#include "../util/json.h"
#include "nvme.h"

/* Decoded Identify Controller / Namespace and the sanitize log (NULL: none) as JSON;
 * NULL on ENOMEM. */
struct ms_json *ms_nvme_json(const struct ms_nvme_ctrl *c, const struct ms_nvme_ns *ns,
			     const struct ms_nvme_sanlog *sl);

#endif

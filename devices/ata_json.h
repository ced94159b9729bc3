/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MS_DEVICES_ATA_JSON_H
#define MS_DEVICES_ATA_JSON_H

#include "../util/json.h"
#include "ata.h"

/* The decoded IDENTIFY fields as a JSON object; NULL on ENOMEM. */
struct ms_json *ms_ata_identify_json(const struct ms_ata_identify *id);

#endif

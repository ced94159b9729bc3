/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who made a drive. sysfs says "ATA" for every SATA drive: a certificate names the
 * manufacturer, from the SCSI vendor when it is one, the model's prefix, or the IEEE OUI
 * in the WWN (NAA 5). Pure. */
#ifndef MS_DEVICES_MAKER_H
#define MS_DEVICES_MAKER_H

/* The manufacturer's name, or NULL when none of the three tells it. */
const char *ms_maker(const char *vendor, const char *model, const char *wwn);

#endif

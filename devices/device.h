/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a drive is: identity, geometry, attachment and safety facts. Filled by
 * discovery (sysfs + libblkid), by the image opener or by the emulated drive.
 * Knows no policy: whether a fact forbids an erase is decided in erase/. */
#ifndef MS_DEVICES_DEVICE_H
#define MS_DEVICES_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ms_medium {
	MS_MEDIUM_UNKNOWN,
	MS_MEDIUM_HDD,
	MS_MEDIUM_SSD,       /* SATA/SAS solid state */
	MS_MEDIUM_NVME,
	MS_MEDIUM_USB_FLASH,
	MS_MEDIUM_SD_MMC,
	MS_MEDIUM_LOOP,
	MS_MEDIUM_IMAGE,
};

enum ms_transport {
	MS_TRANSPORT_UNKNOWN,
	MS_TRANSPORT_SATA,
	MS_TRANSPORT_SAS,
	MS_TRANSPORT_NVME,
	MS_TRANSPORT_USB,
	MS_TRANSPORT_MMC,
	MS_TRANSPORT_VIRTIO,
	MS_TRANSPORT_LOOP,
	MS_TRANSPORT_FILE,
};

#define MS_MAX_PARTS 16
/* Namespaces of one NVMe controller massho erases together; a controller with more is
 * refused (docs/nvme-namespaces.md). */
#define MS_MAX_NS 8

struct ms_part {
	char name[32];        /* kernel name, e.g. sda1 */
	uint64_t size;        /* bytes */
	char fstype[24];      /* from libblkid, "" if none found */
	char label[64];
};

/* One namespace of an NVMe controller as this system shows it: the block device that
 * reads it (an image file for the emulated drive). */
struct ms_ns {
	uint32_t nsid;
	char name[32];        /* kernel name (nvme0n2), "" for the emulated drive */
	char path[256];       /* what reads it: /dev/nvme0n2, IMAGE.ns2 */
	uint64_t capacity;    /* bytes */
	uint32_t logical_sector;
};

struct ms_device {
	char path[512];       /* as given: /dev/sda, an image path, emu:PROFILE:IMAGE */
	char name[64];        /* kernel name (sda), or "" for images */
	unsigned major, minor;
	uint32_t nsid;             /* NVMe namespace id, 0 when not NVMe */
	enum ms_medium medium;
	enum ms_transport transport;
	bool emulated;        /* the emulated drive impersonating medium/transport */
	char model[64];
	char serial[64];
	char firmware[32];
	char wwn[64];
	char vendor[32];
	uint32_t logical_sector;   /* bytes */
	uint32_t physical_sector;  /* bytes */
	uint64_t capacity;         /* bytes addressable now */
	bool rotational;
	bool rotation_unreported;  /* the drive does not say whether it rotates (SCSI VPD B1h):
				    * sysfs's rotational is then the kernel's default, not a fact */
	bool removable;
	bool readonly;
	bool is_partition;
	bool mounted;              /* the device or one of its partitions, or swap */
	char mountpoints[256];     /* comma separated */
	char holders[256];         /* comma separated (dm-0, md127, ...) */
	bool boot_medium;          /* holds /, /boot, /boot/efi or the live medium */
	char usb_bridge[64];       /* "vvvv:pppp" of a USB bridge, "" when none */
	char usb_serial[64];       /* the USB device descriptor's serial (the bridge's), "" none */
	/* where serial came from: "device" (sysfs, or INQUIRY VPD 80h through SG_IO),
	 * "usb-descriptor" (the bridge's, when the drive gives none: it names the enclosure,
	 * not the drive), "" (no serial) */
	char serial_source[24];
	char backing_file[512];    /* loop devices */
	char pttype[16];           /* partition table type (gpt, dos) */
	char fstype[24];           /* filesystem on the whole device */
	char label[64];            /* its label (libblkid), "" if none */
	size_t nparts;
	struct ms_part parts[MS_MAX_PARTS];
	char identity_hash[65];    /* see docs/identity.md */
	int64_t power_on_hours;    /* from SMART / the NVMe health log; 0 unknown (filled at erase time) */
	/* NVMe: every namespace of the controller that this system shows, by nsid (this one
	 * included). A drive is the controller: a firmware erase reaches all of them and the
	 * proof reads each. 0 when not NVMe or not known. */
	size_t nns;
	struct ms_ns ns[MS_MAX_NS];
	bool ns_overflow;          /* the controller shows more than MS_MAX_NS */
};

const char *ms_medium_name(enum ms_medium m);
const char *ms_transport_name(enum ms_transport t);
/* Inverse of the above; return 0 or -EINVAL. */
int ms_medium_parse(const char *s, enum ms_medium *out);
int ms_transport_parse(const char *s, enum ms_transport *out);

/* The canonical identity string (docs/identity.md) into buf; returns its length
 * or -ENAMETOOLONG when it does not fit. */
int ms_device_identity_string(const struct ms_device *d, char *buf, size_t len);

/* Does the drive have a name of its own (a serial it reports, or a WWN)? A USB bridge's
 * descriptor serial is not one: it stays out of the identity, which then falls back to
 * the path. */
bool ms_device_stable_identity(const struct ms_device *d);

/* Compute d->identity_hash from the identity string. Returns 0 or -errno. */
int ms_device_identity_update(struct ms_device *d);

/* The device as a JSON object (struct ms_json, util/json.h): every field above, the
 * identity string and hash. Returns NULL on ENOMEM. */
struct ms_json;
struct ms_json *ms_device_json(const struct ms_device *d);

/* The index in d->ns of the namespace d itself is (by kernel name, or for the emulated
 * drive by its image), or -1 when it cannot be told. */
int ms_device_own_ns(const struct ms_device *d);

/* The value an operator types to confirm an erase: the serial, or the path where the
 * device has none (loop devices, image files). */
const char *ms_device_confirm_token(const struct ms_device *d);

#endif

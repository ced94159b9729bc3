/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "device.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/json.h"
#include "../util/util.h"
#include "maker.h"

static const char *const medium_names[] = {
	[MS_MEDIUM_UNKNOWN] = "unknown",     [MS_MEDIUM_HDD] = "hdd",
	[MS_MEDIUM_SSD] = "ssd",             [MS_MEDIUM_NVME] = "nvme",
	[MS_MEDIUM_USB_FLASH] = "usb-flash", [MS_MEDIUM_SD_MMC] = "sd-mmc",
	[MS_MEDIUM_LOOP] = "loop",           [MS_MEDIUM_IMAGE] = "image",
};

static const char *const transport_names[] = {
	[MS_TRANSPORT_UNKNOWN] = "unknown", [MS_TRANSPORT_SATA] = "sata",
	[MS_TRANSPORT_SAS] = "sas",         [MS_TRANSPORT_NVME] = "nvme",
	[MS_TRANSPORT_USB] = "usb",         [MS_TRANSPORT_MMC] = "mmc",
	[MS_TRANSPORT_VIRTIO] = "virtio",   [MS_TRANSPORT_LOOP] = "loop",
	[MS_TRANSPORT_FILE] = "file",
};

const char *ms_medium_name(enum ms_medium m)
{
	return (size_t)m < MS_ARRAY_SIZE(medium_names) ? medium_names[m] : "unknown";
}

const char *ms_transport_name(enum ms_transport t)
{
	return (size_t)t < MS_ARRAY_SIZE(transport_names) ? transport_names[t] : "unknown";
}

int ms_medium_parse(const char *s, enum ms_medium *out)
{
	for (size_t i = 0; i < MS_ARRAY_SIZE(medium_names); i++)
		if (strcmp(s, medium_names[i]) == 0) {
			*out = (enum ms_medium)i;
			return 0;
		}
	return -EINVAL;
}

int ms_transport_parse(const char *s, enum ms_transport *out)
{
	for (size_t i = 0; i < MS_ARRAY_SIZE(transport_names); i++)
		if (strcmp(s, transport_names[i]) == 0) {
			*out = (enum ms_transport)i;
			return 0;
		}
	return -EINVAL;
}

/* Transport, firmware and capacity are left out on purpose: the same drive moved from
 * SATA to a USB dock, updated, or with its HPA removed must still match its record. */
bool ms_device_stable_identity(const struct ms_device *d)
{
	/* a USB bridge's serial names the enclosure: every drive put in it would share it */
	return (d->serial[0] && strcmp(d->serial_source, "usb-descriptor") != 0) || d->wwn[0];
}

int ms_device_identity_string(const struct ms_device *d, char *buf, size_t len)
{
	bool anonymous = !ms_device_stable_identity(d);
	const char *where = "";
	if (anonymous)
		where = d->backing_file[0] ? d->backing_file : d->path;
	const char *serial = strcmp(d->serial_source, "usb-descriptor") == 0 ? "" : d->serial;
	int n = snprintf(buf, len, "massho-identity/1\nmodel=%s\nserial=%s\nwwn=%s\npath=%s\n",
			 d->model, serial, d->wwn, where);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return n;
}

int ms_device_identity_update(struct ms_device *d)
{
	char s[1024];
	int n = ms_device_identity_string(d, s, sizeof s);
	if (n < 0)
		return n;
	return ms_sha256_hex(s, (size_t)n, d->identity_hash);
}

const char *ms_device_confirm_token(const struct ms_device *d)
{
	return d->serial[0] ? d->serial : d->path;
}

static struct ms_json *csv_array(const char *csv)
{
	struct ms_json *a = ms_json_arr();
	char buf[256];
	ms_strlcpy(buf, csv, sizeof buf);
	char *save = NULL;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		ms_json_push(a, ms_json_str(t));
	return a;
}

int ms_device_own_ns(const struct ms_device *d)
{
	for (size_t i = 0; i < d->nns; i++) {
		if (d->name[0] && strcmp(d->ns[i].name, d->name) == 0)
			return (int)i;
		if (!d->name[0] && d->backing_file[0] && strcmp(d->ns[i].path, d->backing_file) == 0)
			return (int)i;
	}
	return -1;
}

struct ms_json *ms_device_json(const struct ms_device *d)
{
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "path", d->path);
	ms_json_set_str(o, "name", d->name);
	ms_json_set_str(o, "medium", ms_medium_name(d->medium));
	ms_json_set_str(o, "transport", ms_transport_name(d->transport));
	ms_json_set_bool(o, "emulated", d->emulated);
	ms_json_set_str(o, "vendor", d->vendor);
	const char *maker = ms_maker(d->vendor, d->model, d->wwn);
	ms_json_set(o, "make", maker ? ms_json_str(maker) : ms_json_null());
	ms_json_set_str(o, "model", d->model);
	ms_json_set_str(o, "serial", d->serial);
	ms_json_set_str(o, "serial_source", d->serial_source);
	ms_json_set_bool(o, "stable_identity", ms_device_stable_identity(d));
	ms_json_set_str(o, "firmware", d->firmware);
	ms_json_set_str(o, "wwn", d->wwn);
	ms_json_set_u64(o, "capacity_bytes", d->capacity);
	ms_json_set_u64(o, "logical_sector_size", d->logical_sector);
	ms_json_set_u64(o, "physical_sector_size", d->physical_sector);
	ms_json_set(o, "rotational", d->rotation_unreported ? ms_json_null() : ms_json_bool(d->rotational));
	ms_json_set_bool(o, "removable", d->removable);
	ms_json_set_bool(o, "readonly", d->readonly);
	ms_json_set_bool(o, "partition", d->is_partition);
	ms_json_set_bool(o, "mounted", d->mounted);
	ms_json_set(o, "mountpoints", csv_array(d->mountpoints));
	ms_json_set(o, "holders", csv_array(d->holders));
	ms_json_set_bool(o, "boot_medium", d->boot_medium);
	ms_json_set_str(o, "usb_bridge", d->usb_bridge);
	ms_json_set_str(o, "backing_file", d->backing_file);
	ms_json_set_str(o, "pttype", d->pttype);
	ms_json_set_str(o, "fstype", d->fstype);
	struct ms_json *parts = ms_json_arr();
	for (size_t i = 0; i < d->nparts; i++) {
		struct ms_json *p = ms_json_obj();
		ms_json_set_str(p, "name", d->parts[i].name);
		ms_json_set_u64(p, "size_bytes", d->parts[i].size);
		ms_json_set_str(p, "fstype", d->parts[i].fstype);
		ms_json_set_str(p, "label", d->parts[i].label);
		ms_json_push(parts, p);
	}
	ms_json_set(o, "partitions", parts);
	if (d->nns) {
		struct ms_json *nss = ms_json_arr();
		for (size_t i = 0; i < d->nns; i++) {
			struct ms_json *n = ms_json_obj();
			ms_json_set_u64(n, "nsid", d->ns[i].nsid);
			ms_json_set_str(n, "name", d->ns[i].name);
			ms_json_set_str(n, "path", d->ns[i].path);
			ms_json_set_u64(n, "capacity_bytes", d->ns[i].capacity);
			ms_json_set_u64(n, "logical_sector_size", d->ns[i].logical_sector);
			ms_json_push(nss, n);
		}
		ms_json_set(o, "namespaces", nss);
		ms_json_set_bool(o, "namespaces_overflow", d->ns_overflow);
	}
	char ident[1024];
	if (ms_device_identity_string(d, ident, sizeof ident) > 0)
		ms_json_set_str(o, "identity_string", ident);
	ms_json_set_str(o, "identity_hash", d->identity_hash);
	ms_json_set(o, "power_on_hours", d->power_on_hours > 0 ? ms_json_i64(d->power_on_hours) : ms_json_null());
	return o;
}

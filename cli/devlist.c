/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho devices: the list. One column table, drawn by libsmartcols as lsblk's is: every
 * column as wide as its widest value, so that nothing is cut (a serial number is what an
 * operator confirms an erase with); --json prints every field instead (cli/devices.c). */
#include <errno.h>
#include <libsmartcols/libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../devices/xport.h"
#include "../util/json.h"
#include "../util/size.h"
#include "../util/util.h"
#include "cli.h"
#include "devlist.h"

enum col_id {
	COL_NAME, COL_PATH, COL_SIZE, COL_TRAN, COL_MEDIUM, COL_VENDOR, COL_MODEL, COL_SERIAL, COL_REV,
	COL_WWN, COL_ROT, COL_RM, COL_RO, COL_LOGSEC, COL_PHYSEC, COL_MOUNTED, COL_MOUNTPOINTS,
	COL_HOLDERS, COL_BOOT, COL_PTTYPE, COL_FSTYPE, COL_LABEL, COL_FS,
};

struct column {
	const char *name; /* what -o takes (any case) and, translated, the header */
	int flags;        /* numbers to the right, as lsblk has them; nothing is truncated */
	const char *help;
};

/* lsblk's names where lsblk has the column. */
static const struct column columns[] = {
	/* TRANSLATORS: the column headers of "massho devices" (short, like lsblk's; -o takes the English names). */
	[COL_NAME] = {N_("NAME"), 0, N_("kernel name of the device")},
	[COL_PATH] = {N_("PATH"), 0, N_("path to the device node")},
	[COL_SIZE] = {N_("SIZE"), SCOLS_FL_RIGHT, N_("size of the device (as lsblk: 1024-based)")},
	[COL_TRAN] = {N_("TRAN"), 0, N_("attachment: sata, sas, nvme, usb, mmc, virtio, loop or unknown")},
	[COL_MEDIUM] = {N_("MEDIUM"), 0, N_("medium: hdd, ssd, nvme, usb-flash, sd-mmc, loop or unknown")},
	[COL_VENDOR] = {N_("VENDOR"), 0, N_("vendor (SCSI)")},
	[COL_MODEL] = {N_("MODEL"), 0, N_("model")},
	[COL_SERIAL] = {N_("SERIAL"), 0, N_("serial number")},
	[COL_REV] = {N_("REV"), 0, N_("firmware revision")},
	[COL_WWN] = {N_("WWN"), 0, N_("world wide name")},
	[COL_ROT] = {N_("ROT"), SCOLS_FL_RIGHT, N_("rotational: 1 for a spinning disk")},
	[COL_RM] = {N_("RM"), SCOLS_FL_RIGHT, N_("removable: 1 for removable media")},
	[COL_RO] = {N_("RO"), SCOLS_FL_RIGHT, N_("read-only: 1 when the kernel refuses writes")},
	[COL_LOGSEC] = {N_("LOG-SEC"), SCOLS_FL_RIGHT, N_("logical sector size in bytes")},
	[COL_PHYSEC] = {N_("PHY-SEC"), SCOLS_FL_RIGHT, N_("physical sector size in bytes")},
	[COL_MOUNTED] = {N_("MOUNTED"), 0, N_("the device or a partition is mounted or swap")},
	[COL_MOUNTPOINTS] = {N_("MOUNTPOINTS"), 0, N_("where the device and its partitions are mounted")},
	[COL_HOLDERS] = {N_("HOLDERS"), 0, N_("devices built on it (dm, md)")},
	[COL_BOOT] = {N_("BOOT"), 0, N_("the system runs from this device")},
	[COL_PTTYPE] = {N_("PTTYPE"), 0, N_("partition table type")},
	[COL_FSTYPE] = {N_("FSTYPE"), 0, N_("filesystem on the whole device")},
	[COL_LABEL] = {N_("LABEL"), 0, N_("filesystem label")},
	[COL_FS] = {N_("FS"), 0, N_("partition table, partitions and their filesystems")},
};

/* What massho devices printed before -o existed, in that order. */
static const enum col_id default_cols[] = {
	COL_NAME, COL_SIZE, COL_TRAN, COL_MEDIUM, COL_MODEL, COL_SERIAL, COL_ROT, COL_RM, COL_MOUNTED, COL_BOOT, COL_FS,
};

#define MAX_COLS 64

void ms_devices_columns_help(FILE *out)
{
	fputs(_("\nAvailable output columns:\n"), out);
	for (size_t i = 0; i < MS_ARRAY_SIZE(columns); i++)
		fprintf(out, " %11s  %s\n", columns[i].name, _(columns[i].help));
	fputs(_("Default columns: "), out);
	for (size_t i = 0; i < MS_ARRAY_SIZE(default_cols); i++)
		fprintf(out, "%s%s", i ? "," : "", columns[default_cols[i]].name);
	fputs("\n", out);
}

/* The columns -o names, in its order (a leading '+': after the default ones). Says an
 * unknown name and returns MS_EXIT_USAGE, else the number of columns in *n. */
static int choose(const char *list, enum col_id *ids, size_t *n)
{
	*n = 0;
	if (!list || list[0] == '+') {
		memcpy(ids, default_cols, sizeof default_cols);
		*n = MS_ARRAY_SIZE(default_cols);
		if (!list)
			return MS_EXIT_OK;
		list++;
	}
	char buf[512];
	if (strlen(list) >= sizeof buf)
		return ms_usage_error(_("the column list is too long"));
	strcpy(buf, list);
	/* strsep, not strtok: an empty name ("NAME,,SIZE") is a wrong name, not nothing */
	char *rest = buf;
	for (char *name; (name = strsep(&rest, ","));) {
		size_t i = 0;
		while (i < MS_ARRAY_SIZE(columns) && strcasecmp(name, columns[i].name) != 0)
			i++;
		if (i == MS_ARRAY_SIZE(columns))
			return ms_usage_error(_("unknown column: '%s'"), name);
		if (*n == MAX_COLS)
			return ms_usage_error(_("too many columns (at most %d)"), MAX_COLS);
		ids[(*n)++] = (enum col_id)i;
	}
	return MS_EXIT_OK;
}

/* Partition table, then each partition with its filesystem: "gpt sda1:vfat sda2:ext4". */
static const char *fs_summary(const struct ms_device *d, char *fs, size_t len)
{
	snprintf(fs, len, "%s", d->pttype);
	for (size_t i = 0; i < d->nparts; i++) {
		size_t n = strlen(fs);
		snprintf(fs + n, len - n, "%s%s%s%s", n ? " " : "", d->parts[i].name, d->parts[i].fstype[0] ? ":" : "",
			 d->parts[i].fstype);
	}
	if (d->fstype[0] && !fs[0])
		snprintf(fs, len, "%s", d->fstype);
	return fs;
}

/* One value; "" is shown as "-", so that a raw line keeps one value between two spaces. */
static const char *value(const struct ms_device *d, enum col_id id, const struct ms_devlist_opts *o, char *buf,
			 size_t len)
{
	/* Raw output is for programs: English, as --json is (docs/i18n.md). */
	const char *yes = o->raw ? "yes" : _("yes"), *no = o->raw ? "no" : _("no");
	switch (id) {
	case COL_NAME: return d->name[0] ? d->name : d->path;
	case COL_PATH: return d->path;
	case COL_SIZE:
		if (o->bytes)
			snprintf(buf, len, "%llu", (unsigned long long)d->capacity);
		else
			ms_size_iec(d->capacity, buf, len);
		return buf;
	case COL_TRAN: return ms_transport_name(d->transport);
	case COL_MEDIUM: return ms_medium_name(d->medium);
	case COL_VENDOR: return d->vendor;
	case COL_MODEL: return d->model;
	case COL_SERIAL: return d->serial;
	case COL_REV: return d->firmware;
	case COL_WWN: return d->wwn;
	case COL_ROT: return d->rotational ? "1" : "0";
	case COL_RM: return d->removable ? "1" : "0";
	case COL_RO: return d->readonly ? "1" : "0";
	case COL_LOGSEC: snprintf(buf, len, "%u", d->logical_sector); return buf;
	case COL_PHYSEC: snprintf(buf, len, "%u", d->physical_sector); return buf;
	case COL_MOUNTED: return d->mounted ? yes : no;
	case COL_MOUNTPOINTS: return d->mountpoints;
	case COL_HOLDERS: return d->holders;
	case COL_BOOT: return d->boot_medium ? yes : no;
	case COL_PTTYPE: return d->pttype;
	case COL_FSTYPE: return d->fstype;
	case COL_LABEL: return d->label;
	case COL_FS: return fs_summary(d, buf, len);
	}
	return "";
}

/* The table on stdout. Returns 0 or -ENOMEM (libsmartcols' own errors are -errno). */
static int print_table(const struct ms_device *devs, size_t n, const enum col_id *ids, size_t ncols,
		       const struct ms_devlist_opts *o)
{
	struct libscols_table *tb = scols_new_table();
	if (!tb)
		return -ENOMEM;
	int r = scols_table_enable_raw(tb, o->raw);
	if (!r)
		r = scols_table_enable_noheadings(tb, o->noheadings);
	for (size_t c = 0; !r && c < ncols; c++) {
		const struct column *col = &columns[ids[c]];
		if (!scols_table_new_column(tb, o->raw ? col->name : _(col->name), 0, col->flags))
			r = -ENOMEM;
	}
	for (size_t i = 0; !r && i < n; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		if (!ln)
			r = -ENOMEM;
		for (size_t c = 0; !r && c < ncols; c++) {
			char buf[512];
			const char *v = value(&devs[i], ids[c], o, buf, sizeof buf);
			r = scols_line_set_data(ln, c, v[0] ? v : "-");
		}
	}
	if (!r)
		r = scols_print_table(tb);
	scols_unref_table(tb);
	return r;
}

int ms_devices_list(const char *sysroot, const struct ms_devlist_opts *o)
{
	enum col_id ids[MAX_COLS];
	size_t ncols = 0;
	if (!o->json) {
		int rc = choose(o->output, ids, &ncols);
		if (rc != MS_EXIT_OK)
			return rc;
	}
	struct ms_device *devs;
	size_t n;
	int r = ms_describe_list(sysroot, &devs, &n);
	if (r) {
		if (r == -EUCLEAN) /* which disks are in use cannot be told: say so, list none */
			ms_say("/proc/self/mountinfo", _("cannot be read: which disks are mounted cannot be told"));
		else
			ms_say(sysroot[0] ? sysroot : "/sys/block", _("cannot list block devices: %s"), strerror(-r));
		return MS_EXIT_FAILURE;
	}
	if (o->json) {
		struct ms_json *root = ms_json_obj(), *arr = ms_json_arr();
		for (size_t i = 0; i < n; i++)
			ms_json_push(arr, ms_device_json(&devs[i]));
		ms_json_set(root, "devices", arr);
		free(devs);
		return ms_print_json(root);
	}
	r = print_table(devs, n, ids, ncols, o);
	free(devs);
	if (r) {
		ms_say(NULL, _("cannot print the list: %s"), strerror(r < 0 ? -r : r));
		return MS_EXIT_FAILURE;
	}
	return MS_EXIT_OK;
}

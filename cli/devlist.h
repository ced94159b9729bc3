/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho devices: the list of block devices, a table of columns as lsblk draws it. */
#ifndef MS_CLI_DEVLIST_H
#define MS_CLI_DEVLIST_H

#include <stdbool.h>
#include <stdio.h>

struct ms_devlist_opts {
	const char *output; /* -o LIST: column names, comma-separated; "+LIST" adds to the default */
	bool noheadings;    /* -n */
	bool raw;           /* -r: one space between values, unsafe bytes as \xNN, English */
	bool bytes;         /* -b: SIZE in bytes */
	bool json;          /* -J: every field of every device, as before (no columns) */
};

/* Lists the block devices below sysroot ("" the live system). A column name -o does not
 * know is a usage error said before anything is read. Returns an exit code (cli.h). */
int ms_devices_list(const char *sysroot, const struct ms_devlist_opts *o);

/* The "Available output columns:" part of massho devices --help. */
void ms_devices_columns_help(FILE *out);

#endif

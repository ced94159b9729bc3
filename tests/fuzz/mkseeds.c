/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Seed inputs for the fuzz targets that decode what a drive sends (make fuzz-seeds):
 * the responses of the emulated NVMe and SAS drives, exactly as their firmware builds
 * them, and sense data in each layout the decoders know (the cases of the unit tests,
 * from real kernels). Run by hand when the emulator changes; the output is committed.
 * Usage: mkseeds CORPUS_DIR (writes CORPUS_DIR/fuzz_nvme/ and CORPUS_DIR/fuzz_sense/). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../devices/emu.h"
#include "../../devices/emu_internal.h"
#include "../../devices/nvme.h"
#include "../../devices/scsi.h"
#include "../../devices/xport.h"

static const char *out_dir;

/* trim: trailing zeros are dropped, for targets that fill short inputs up with zeros
 * (fixed-size pages): the seed means the same and the corpus stays small. Where the
 * length is part of the input (sense data, SCSI responses) it is kept. */
static void put(const char *target, const char *name, const void *p, size_t n, bool trim)
{
	const unsigned char *b = p;
	while (trim && n > 1 && b[n - 1] == 0)
		n--;
	char path[512];
	snprintf(path, sizeof path, "%s/%s", out_dir, target);
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof path, "%s/%s/%s", out_dir, target, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	printf("  %s (%zu bytes)\n", path, n);
}

static struct ms_xport *open_emu(const char *dir, const char *profile)
{
	char spec[600], why[300];
	struct ms_device dev;
	struct ms_xport *x;
	snprintf(spec, sizeof spec, "emu:%s:%s/%s.img,capacity=4M", profile, dir, profile);
	if (ms_emu_describe(spec, &dev, why, sizeof why) || ms_xport_open(&dev, MS_OPEN_WRITE, &x)) {
		fprintf(stderr, "mkseeds: %s: %s\n", spec, why);
		exit(1);
	}
	return x;
}

static void nvme(const char *dir, const char *profile)
{
	struct ms_xport *x = open_emu(dir, profile);
	static uint8_t page[4096] __attribute__((aligned(4096)));
	struct ms_nvme_cmd c;
	struct ms_nvme_status st;
	char name[128];
	struct { const char *what; int lid; } logs[] = {{"sanitize-log", MS_NVME_LOG_SANITIZE}, {"smart-log", MS_NVME_LOG_SMART}};
	memset(page, 0, sizeof page);
	ms_nvme_identify_ctrl(&c, page);
	if (ms_xport_nvme(x, &c, &st) == 0 && ms_nvme_ok(&st)) {
		snprintf(name, sizeof name, "emu-%s-identify-ctrl", profile);
		put("fuzz_nvme", name, page, sizeof page, true);
	}
	memset(page, 0, sizeof page);
	ms_nvme_identify_ns(&c, 1, page);
	if (ms_xport_nvme(x, &c, &st) == 0 && ms_nvme_ok(&st)) {
		snprintf(name, sizeof name, "emu-%s-identify-ns", profile);
		put("fuzz_nvme", name, page, sizeof page, true);
	}
	for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
		memset(page, 0, sizeof page);
		ms_nvme_get_log(&c, (uint8_t)logs[i].lid, 0xFFFFFFFF, page, 512);
		if (ms_xport_nvme(x, &c, &st) == 0 && ms_nvme_ok(&st)) {
			snprintf(name, sizeof name, "emu-%s-%s", profile, logs[i].what);
			put("fuzz_nvme", name, page, 512, true);
		}
	}
	ms_xport_close(x);
}

static void scsi(const char *dir, const char *profile)
{
	struct ms_xport *x = open_emu(dir, profile);
	static uint8_t buf[512];
	struct ms_scsi_cmd c;
	struct ms_scsi_status st;
	char name[128];
	struct { const char *what; bool evpd; uint8_t page; } inq[] = {
		{"inquiry", false, 0}, {"vpd00", true, 0x00}, {"vpd80", true, 0x80}, {"vpd83", true, 0x83},
		{"vpdb1", true, 0xB1}};
	for (size_t i = 0; i < sizeof inq / sizeof inq[0]; i++) {
		memset(buf, 0, sizeof buf);
		ms_scsi_inquiry(&c, inq[i].evpd, inq[i].page, buf, 255);
		if (ms_xport_scsi(x, &c, &st) == 0 && ms_scsi_good(&st)) {
			snprintf(name, sizeof name, "emu-%s-%s", profile, inq[i].what);
			/* As long as the response says it is. */
			size_t n = inq[i].evpd ? 4 + ((size_t)buf[2] << 8 | buf[3]) : 5 + (size_t)buf[4];
			put("fuzz_sense", name, buf, n < 255 ? n : 255, false);
		}
	}
	/* REPORT SUPPORTED OPERATION CODES: a supported and an unsupported answer. */
	struct { const char *what; uint8_t op; bool has_sa; uint16_t sa; } rsoc[] = {
		{"rsoc-sanitize-overwrite", 0x48, true, 0x01}, {"rsoc-sanitize-crypto", 0x48, true, 0x03},
		{"rsoc-format-unit", 0x04, false, 0}};
	for (size_t i = 0; i < sizeof rsoc / sizeof rsoc[0]; i++) {
		memset(buf, 0, sizeof buf);
		ms_scsi_rsoc_one(&c, rsoc[i].op, rsoc[i].has_sa, rsoc[i].sa, buf, 64);
		if (ms_xport_scsi(x, &c, &st) == 0 && ms_scsi_good(&st)) {
			snprintf(name, sizeof name, "emu-%s-%s", profile, rsoc[i].what);
			put("fuzz_sense", name, buf, ms_scsi_got(&c), false);
		}
	}
	memset(buf, 0, sizeof buf);
	ms_scsi_read_capacity16(&c, buf);
	if (ms_xport_scsi(x, &c, &st) == 0 && ms_scsi_good(&st)) {
		snprintf(name, sizeof name, "emu-%s-capacity16", profile);
		put("fuzz_sense", name, buf, 32, false);
	}
	ms_xport_close(x);
}

/* The length a Level 0 Discovery response gives itself (the field excludes itself). */
static size_t l0_len(const uint8_t *l0)
{
	return 4 + ((size_t)l0[0] << 24 | (size_t)l0[1] << 16 | (size_t)l0[2] << 8 | l0[3]);
}

/* Sense data in every layout the decoders know: the cases of tests/unit/test_ata.c and
 * test_scsi.c, and what Debian 12's kernel returned under QEMU. */
static void sense(void)
{
	static const uint8_t desc_ata[] = {0x72, 0x01, 0x00, 0x1d, 0, 0, 0, 0x0e, 0x09, 0x0c, 0x01, 0x00, 0x00, 0x05,
					   0x00, 0x11, 0x00, 0x22, 0x00, 0x33, 0x40, 0x50};
	static const uint8_t fixed_sat4[18] = {0xF0, 0, 0x0B, 0x04, 0x51, 0x40, 0x01, 10, 0x80, 0xAA, 0xBB, 0xCC};
	static const uint8_t fixed_linux61[20] = {0x70, 0, 0x0B, 0, 0, 0, 0, 10, 0x04, 0x51, 0x40, 0x00,
						  0, 0, 0, 0, 0x00, 0x11, 0x22, 0x33};
	static const uint8_t fixed_qemu[18] = {0x70, 0, 0x0b, 0, 0, 0, 0, 0x0a, 0x04, 0x41, 0x40, 0x01, 0, 0, 0, 0, 0x80, 0x00};
	static const uint8_t fixed_progress[18] = {0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x1B, 0, 0x80, 0x80, 0x00};
	static const uint8_t desc_failed[8] = {0x72, 0x03, 0x31, 0x03, 0, 0, 0, 0};
	static const uint8_t desc_progress[16] = {0x72, 0x02, 0x04, 0x1B, 0, 0, 0, 8, 0x02, 0x06, 0, 0, 0x80, 0x40, 0x00, 0};
	put("fuzz_sense", "sense-desc-ata-return", desc_ata, sizeof desc_ata, false);
	put("fuzz_sense", "sense-fixed-sat4", fixed_sat4, sizeof fixed_sat4, false);
	put("fuzz_sense", "sense-fixed-linux-6.1", fixed_linux61, sizeof fixed_linux61, false);
	put("fuzz_sense", "sense-fixed-qemu-dco-abort", fixed_qemu, sizeof fixed_qemu, false);
	put("fuzz_sense", "sense-fixed-sanitize-progress", fixed_progress, sizeof fixed_progress, false);
	put("fuzz_sense", "sense-desc-sanitize-failed", desc_failed, sizeof desc_failed, false);
	put("fuzz_sense", "sense-desc-sanitize-progress", desc_progress, sizeof desc_progress, false);
	/* TCG Level 0 Discovery of the emulated Opal 2 drive, locked and not. */
	static uint8_t l0[2048];
	ms_emu_tcg_l0(l0, sizeof l0, false);
	put("fuzz_sense", "tcg-l0-opal2", l0, l0_len(l0), false);
	ms_emu_tcg_l0(l0, sizeof l0, true);
	put("fuzz_sense", "tcg-l0-opal2-locked", l0, l0_len(l0), false);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds CORPUS_DIR\n");
		return 2;
	}
	out_dir = argv[1];
	char dir[] = "/tmp/massho-mkseeds-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	nvme(dir, "nvme-ssd");
	nvme(dir, "nvme-ssd-nosan");
	scsi(dir, "sas-hdd");
	scsi(dir, "sas-ssd");
	sense();
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}

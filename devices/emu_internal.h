/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the emulated drive's files (emu.c, emu_state.c, emu_ata.c); not an API. */
#ifndef MS_DEVICES_EMU_INTERNAL_H
#define MS_DEVICES_EMU_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "ata.h"
#include "emu.h"

/* What a real drive keeps in its own flash across power cycles; stored as JSON in
 * IMAGE.state so that a second massho process sees the drive as it was left. */
struct emu_fw {
	uint64_t factory_sectors;   /* the image's size in sectors */
	uint64_t dco_sectors;       /* 0: no DCO limit */
	uint64_t hpa_sectors;       /* non-volatile SET MAX / SET ACCESSIBLE MAX, 0: none */
	bool sec_enabled, sec_maximum;
	uint8_t user_pw[MS_ATA_PW_LEN];
	uint8_t master_pw[MS_ATA_PW_LEN];
	bool san_running, san_failed, san_last_ok, san_failure_mode;
	int san_op;                 /* enum ms_ata_sanitize_op */
	uint32_t san_pattern;
	unsigned san_passes;
	bool san_invert;
	int64_t san_start_ms;       /* wall clock: a sanitize goes on across power cycles */
	unsigned san_ms;
};

/* Lost at power-off. */
struct emu_vol {
	bool max_set;               /* a volatile SET MAX replaced the maximum until power-off */
	uint64_t max_sectors;
	bool frozen, locked, expired;
	unsigned attempts;          /* password attempts left */
	bool prepared;              /* the last command was SECURITY ERASE PREPARE */
	bool native_read;           /* the last command was READ NATIVE MAX (SET MAX needs it) */
	bool dead;                  /* power was lost: nothing answers until the next open */
};

struct emu_priv {
	int fd;
	int ns_fd[MS_MAX_NS];       /* namespace k + 1 (k >= 1); ns_fd[0] is fd */
	unsigned nns;               /* NVMe namespaces, 1 otherwise */
	pthread_mutex_t lock;       /* faults and firmware state: I/O threads and commands */
	struct ms_emu_faults f;
	struct ms_emu_config cfg;
	struct emu_fw fw;
	struct emu_vol vol;
	char state_path[600];
	bool persist;               /* false for dry runs: nothing may change on disk */
	uint32_t logical;
};

static inline unsigned ms_emu_nns(const struct ms_emu_ata_caps *c)
{
	return c->namespaces ? c->namespaces : 1;
}

/* emu_state.c */
void ms_emu_fw_init(struct emu_fw *fw, const struct ms_emu_config *cfg, uint64_t factory_sectors);
int ms_emu_fw_load(const char *path, struct emu_fw *fw);     /* 0, -ENOENT, -EINVAL */
int ms_emu_fw_save(const struct emu_priv *p);
void ms_emu_power_on(struct emu_priv *p);
uint64_t ms_emu_accessible(const struct emu_fw *fw, const struct emu_vol *vol);
uint64_t ms_emu_native(const struct emu_fw *fw);
void ms_emu_state_path(const char *image, char *out, size_t len);

/* emu_ata.c: execute one ATA command (lock held by the caller). */
int ms_emu_ata_exec(struct emu_priv *p, struct ms_ata_cmd *c, struct ms_ata_status *st);
/* emu_nvme.c: execute one NVMe admin command (lock held by the caller). */
int ms_emu_nvme_exec(struct emu_priv *p, struct ms_nvme_cmd *c, struct ms_nvme_status *st);
/* emu_scsi.c: execute one SCSI command as a SAS drive (lock held by the caller). */
int ms_emu_scsi_exec(struct emu_priv *p, struct ms_scsi_cmd *c, struct ms_scsi_status *st);
/* The Level 0 Discovery response of an emulated Opal 2 drive (len >= 512). */
void ms_emu_tcg_l0(uint8_t *buf, size_t len, bool locked);
/* Fill [from, to) of the image: kind 0 zeros, 1 random (a key nobody keeps), 2 pattern. */
int ms_emu_fill(struct emu_priv *p, uint64_t from, uint64_t to, int kind, uint32_t pattern);
/* The same on namespace nsid (1..nns) of an NVMe drive. */
int ms_emu_fill_ns(struct emu_priv *p, uint32_t nsid, uint64_t from, uint64_t to, int kind, uint32_t pattern);
int64_t ms_emu_now_ms(void);

/* May block I/O go on? 0, or -EIO (locked, sanitizing, sanitize failed, power lost). */
int ms_emu_io_allowed(struct emu_priv *p);
/* Let a running sanitize finish if its time is up (called on STATUS and on I/O). */
void ms_emu_sanitize_tick(struct emu_priv *p);

#endif

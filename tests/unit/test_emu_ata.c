/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The emulated drive's ATA firmware: every state transition and fault. A close and a
 * new open is a power cycle (volatile state lost, non-volatile state kept). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../devices/emu.h"
#include "../../util/util.h"
#include "suites.h"

struct drv {
	char dir[256], spec[600];
	struct ms_xport *x;
	struct ms_ata_status st;
	uint8_t buf[512];
};

static void power_on(struct drv *d)
{
	struct ms_device dev;
	char why[300];
	ck_assert_msg(ms_emu_describe(d->spec, &dev, why, sizeof why) == 0, "%s", why);
	ck_assert_int_eq(ms_xport_open(&dev, MS_OPEN_WRITE, &d->x), 0);
}

static void drv_open(struct drv *d, const char *profile, const char *opts)
{
	tmpdir_make(d->dir, sizeof d->dir);
	snprintf(d->spec, sizeof d->spec, "emu:%s:%s/d.img,capacity=8M%s", profile, d->dir, opts);
	power_on(d);
}

static void power_cycle(struct drv *d)
{
	ms_xport_close(d->x);
	power_on(d);
}

static void drv_close(struct drv *d)
{
	ms_xport_close(d->x);
	tmpdir_remove(d->dir);
}

static int run(struct drv *d, struct ms_ata_cmd *c)
{
	return ms_xport_ata(d->x, c, &d->st);
}

static struct ms_ata_identify identify(struct drv *d)
{
	struct ms_ata_cmd c;
	struct ms_ata_identify id;
	uint8_t raw[512];
	ms_ata_identify(&c, raw);
	ck_assert_int_eq(run(d, &c), 0);
	ck_assert(ms_ata_ok(&d->st));
	ck_assert_int_eq(ms_ata_identify_decode(raw, &id), 0);
	ck_assert(id.checksum_ok);
	return id;
}

static const uint8_t PW[MS_ATA_PW_LEN] = "one-time-password";
static const uint8_t BAD[MS_ATA_PW_LEN] = "wrong";

static bool ok_cmd(struct drv *d, struct ms_ata_cmd *c)
{
	return run(d, c) == 0 && ms_ata_ok(&d->st);
}

static bool aborted_cmd(struct drv *d, struct ms_ata_cmd *c)
{
	return run(d, c) == 0 && ms_ata_aborted(&d->st);
}

static void fill_image(struct drv *d, uint8_t byte)
{
	static uint8_t blk[1 << 16] __attribute__((aligned(4096)));
	memset(blk, byte, sizeof blk);
	for (uint64_t off = 0; off < d->x->dev.capacity; off += sizeof blk)
		ck_assert_int_eq(d->x->ops->write(d->x, blk, sizeof blk, off), 0);
}

static int first_sector(struct drv *d, uint8_t *out)
{
	static uint8_t s[4096] __attribute__((aligned(4096)));
	int r = d->x->ops->read(d->x, s, 512, 0);
	if (!r && out)
		memcpy(out, s, 512);
	return r;
}

START_TEST(identify_reflects_profile)
{
	struct drv d;
	drv_open(&d, "sata-ssd", "");
	struct ms_ata_identify id = identify(&d);
	ck_assert_str_eq(id.model, "MASSHO EMU SATA SSD");
	ck_assert_str_eq(id.serial, d.x->dev.serial);
	ck_assert(id.sectors == (8u << 20) / 512);
	ck_assert(id.sec_supported && !id.sec_enabled && !id.sec_frozen && id.sec_enhanced);
	ck_assert(id.sanitize_block && id.sanitize_crypto && id.sanitize_overwrite);
	ck_assert(id.trim && id.rotation == 1 && id.physical_sector == 4096);
	drv_close(&d);
	drv_open(&d, "nvme-ssd", "");
	struct ms_ata_cmd c;
	ms_ata_identify(&c, d.buf);
	ck_assert_int_eq(run(&d, &c), -EOPNOTSUPP); /* no ATA on NVMe */
	drv_close(&d);
}
END_TEST

START_TEST(security_lifecycle)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-hdd", "");
	fill_image(&d, 'A');
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(ok_cmd(&d, &c));
	struct ms_ata_identify id = identify(&d);
	ck_assert(id.sec_enabled && !id.sec_locked);          /* SEC5 */
	power_cycle(&d);
	id = identify(&d);
	ck_assert(id.sec_enabled && id.sec_locked);           /* SEC4 after power-on */
	ck_assert_int_eq(first_sector(&d, NULL), -EIO);       /* media locked */
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(aborted_cmd(&d, &c));                       /* not in SEC4 */
	ms_ata_sec_unlock(&c, d.buf, PW, false);
	ck_assert(ok_cmd(&d, &c));
	ck_assert_int_eq(first_sector(&d, NULL), 0);
	/* ERASE UNIT must immediately follow ERASE PREPARE */
	ms_ata_sec_erase_unit(&c, d.buf, PW, false, false, 60);
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_sec_erase_prepare(&c);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_identify(&c, d.buf);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_unit(&c, d.buf, PW, false, false, 60);
	ck_assert(aborted_cmd(&d, &c));
	/* a wrong password is aborted and counted */
	ms_ata_sec_erase_prepare(&c);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_unit(&c, d.buf, BAD, false, false, 60);
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_sec_erase_prepare(&c);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_unit(&c, d.buf, PW, false, false, 60);
	ck_assert(ok_cmd(&d, &c));
	id = identify(&d);
	ck_assert(!id.sec_enabled && !id.sec_locked);          /* back to SEC1 */
	uint8_t s[512], z[512] = {0};
	ck_assert_int_eq(first_sector(&d, s), 0);
	ck_assert_mem_eq(s, z, 512);                           /* normal erase: zeros */
	power_cycle(&d);
	ck_assert(!identify(&d).sec_locked);                   /* stays disabled */
	drv_close(&d);
}
END_TEST

START_TEST(enhanced_erase_and_disable)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-ssd", "");
	fill_image(&d, 0);
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_prepare(&c);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_unit(&c, d.buf, PW, false, true, 60);
	ck_assert(ok_cmd(&d, &c));
	uint8_t s[512], z[512] = {0};
	first_sector(&d, s);
	ck_assert(memcmp(s, z, 512) != 0);                     /* enhanced: vendor pattern */
	/* DISABLE PASSWORD needs the password; SEC5 -> SEC1 */
	ms_ata_sec_set_password(&c, d.buf, PW, false, true);
	ck_assert(ok_cmd(&d, &c));
	ck_assert(identify(&d).sec_maximum);
	ms_ata_sec_disable(&c, d.buf, BAD, false);
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_sec_disable(&c, d.buf, PW, false);
	ck_assert(ok_cmd(&d, &c));
	ck_assert(!identify(&d).sec_enabled);
	drv_close(&d);
	/* no enhanced erase on a drive that has none */
	drv_open(&d, "sata-old", "");
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_prepare(&c);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_unit(&c, d.buf, PW, false, true, 60);
	ck_assert(aborted_cmd(&d, &c));
	drv_close(&d);
}
END_TEST

START_TEST(attempt_counter_expires)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-hdd", "");
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(ok_cmd(&d, &c));
	power_cycle(&d);
	for (int i = 0; i < 5; i++) {
		ms_ata_sec_unlock(&c, d.buf, BAD, false);
		ck_assert(aborted_cmd(&d, &c));
	}
	ck_assert(identify(&d).sec_expired);
	ms_ata_sec_unlock(&c, d.buf, PW, false);
	ck_assert(aborted_cmd(&d, &c));                        /* even the right one, now */
	power_cycle(&d);                                       /* the counter resets */
	ck_assert(!identify(&d).sec_expired);
	ms_ata_sec_unlock(&c, d.buf, PW, false);
	ck_assert(ok_cmd(&d, &c));
	drv_close(&d);
}
END_TEST

START_TEST(frozen_drive)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-ssd-frozen", "");
	ck_assert(identify(&d).sec_frozen);                    /* SEC2 at every power-on */
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_sec_erase_prepare(&c);
	ck_assert(aborted_cmd(&d, &c));
	drv_close(&d);
	drv_open(&d, "sata-ssd", "");
	ms_ata_sec_freeze_lock(&c);
	ck_assert(ok_cmd(&d, &c));
	ck_assert(identify(&d).sec_frozen);
	power_cycle(&d);
	ck_assert(!identify(&d).sec_frozen);
	drv_close(&d);
}
END_TEST

START_TEST(power_loss_during_security_erase)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-hdd", ",powerloss=security-erase");
	fill_image(&d, 'A');
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_prepare(&c);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_erase_unit(&c, d.buf, PW, false, false, 60);
	ck_assert_int_eq(run(&d, &c), -ETIMEDOUT);             /* no completion */
	ms_ata_identify(&c, d.buf);
	ck_assert_int_eq(run(&d, &c), -ENODEV);                /* the drive is gone */
	ck_assert_int_eq(first_sector(&d, NULL), -ENODEV);
	ms_xport_close(d.x);
	/* it comes back locked, with the password still set */
	snprintf(d.spec + strlen(d.spec) - strlen(",powerloss=security-erase"), 30, "%s", "");
	power_on(&d);
	struct ms_ata_identify id = identify(&d);
	ck_assert(id.sec_enabled && id.sec_locked);
	ms_ata_sec_unlock(&c, d.buf, PW, false);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_disable(&c, d.buf, PW, false);
	ck_assert(ok_cmd(&d, &c));
	ck_assert(!identify(&d).sec_enabled);
	drv_close(&d);
}
END_TEST

START_TEST(hpa_and_dco)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-hdd-hpa", ",hpa=6M,dco=7M");
	const uint64_t S6 = (6u << 20) / 512, S7 = (7u << 20) / 512, S8 = (8u << 20) / 512;
	ck_assert(identify(&d).sectors == S6);
	ck_assert(d.x->dev.capacity == 6u << 20);
	/* SET MAX without READ NATIVE MAX right before it is aborted */
	ms_ata_set_max(&c, S7 - 1, true, true);
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_read_native_max(&c, true);
	ck_assert(ok_cmd(&d, &c));
	ck_assert(ms_ata_native_max_lba(&d.st, true) == S7 - 1); /* DCO-limited */
	/* DCO RESTORE while an HPA is set is aborted */
	ms_ata_dco_restore(&c);
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_dco_identify(&c, d.buf);
	ck_assert(ok_cmd(&d, &c));
	struct ms_ata_dco dco;
	ck_assert_int_eq(ms_ata_dco_decode(d.buf, &dco), 0);
	ck_assert(dco.max_lba == S8 - 1);
	/* beyond native: IDNF */
	ms_ata_read_native_max(&c, true);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_set_max(&c, S8 - 1, true, true);
	ck_assert(aborted_cmd(&d, &c));
	ck_assert(d.st.error & MS_ATA_ERR_IDNF);
	/* volatile removal is lost at power-off */
	ms_ata_read_native_max(&c, true);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_set_max(&c, S7 - 1, true, false);
	ck_assert(ok_cmd(&d, &c));
	ck_assert(identify(&d).sectors == S7);
	power_cycle(&d);
	ck_assert(identify(&d).sectors == S6);
	/* non-volatile removal stays; then the DCO can be restored */
	ms_ata_read_native_max(&c, true);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_set_max(&c, S7 - 1, true, true);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_dco_restore(&c);
	ck_assert(ok_cmd(&d, &c));
	power_cycle(&d);
	ck_assert(identify(&d).sectors == S8);
	ck_assert(d.x->dev.capacity == 8u << 20);
	drv_close(&d);
}
END_TEST

START_TEST(amac)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-hdd", ",amac=1,hpa=4M");
	ck_assert(identify(&d).amac);
	ck_assert(identify(&d).sectors == (4u << 20) / 512);
	ms_ata_read_native_max(&c, true);
	ck_assert(aborted_cmd(&d, &c));                        /* AMAC replaces SET MAX */
	ms_ata_amac_get_native(&c);
	ck_assert(ok_cmd(&d, &c));
	ck_assert(d.st.lba == (8u << 20) / 512 - 1);
	ms_ata_amac_set_accessible(&c, (8u << 20) / 512 - 1);
	ck_assert(ok_cmd(&d, &c));
	power_cycle(&d);
	ck_assert(identify(&d).sectors == (8u << 20) / 512);
	drv_close(&d);
}
END_TEST

static struct ms_ata_sanitize_state san_status(struct drv *d, bool clear)
{
	struct ms_ata_cmd c;
	struct ms_ata_sanitize_state s;
	ms_ata_sanitize_status(&c, clear);
	ck_assert_int_eq(run(d, &c), 0);
	ms_ata_sanitize_status_decode(&d->st, &s);
	return s;
}

static struct ms_ata_sanitize_state san_wait(struct drv *d)
{
	struct ms_ata_sanitize_state s;
	for (int i = 0; i < 200; i++) {
		s = san_status(d, false);
		if (!s.in_progress)
			return s;
		usleep(20000);
	}
	ck_abort_msg("sanitize never finished");
	return s;
}

START_TEST(sanitize_operations)
{
	struct drv d;
	struct ms_ata_cmd c;
	uint8_t s[512], z[512] = {0};
	drv_open(&d, "sata-ssd", ",sanitize-ms=150");
	fill_image(&d, 'A');
	ms_ata_sanitize(&c, MS_SAN_BLOCK, false, 0, 0, false);
	c.lba ^= 1; /* a wrong signature is aborted */
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_sanitize(&c, MS_SAN_BLOCK, false, 0, 0, false);
	ck_assert(ok_cmd(&d, &c));
	struct ms_ata_sanitize_state st = san_status(&d, false);
	ck_assert(st.in_progress && !st.completed_ok);
	ck_assert_int_eq(first_sector(&d, NULL), -EIO);        /* no media access meanwhile */
	ck_assert(aborted_cmd(&d, &c));                        /* nor a second sanitize */
	st = san_wait(&d);
	ck_assert(st.completed_ok && !st.failed);
	first_sector(&d, s);
	ck_assert_mem_eq(s, z, 512);
	ms_ata_sanitize(&c, MS_SAN_OVERWRITE, false, 0x11223344, 1, false);
	ck_assert(ok_cmd(&d, &c));
	san_wait(&d);
	first_sector(&d, s);
	ck_assert(s[0] == 0x44 && s[1] == 0x33 && s[2] == 0x22 && s[3] == 0x11 && s[4] == 0x44);
	ms_ata_sanitize(&c, MS_SAN_CRYPTO, false, 0, 0, false);
	ck_assert(ok_cmd(&d, &c));
	san_wait(&d);
	first_sector(&d, s);
	ck_assert(memcmp(s, z, 512) != 0 && s[0] != 0x44);
	drv_close(&d);
	drv_open(&d, "sata-old", "");
	ms_ata_sanitize(&c, MS_SAN_BLOCK, false, 0, 0, false);
	ck_assert(aborted_cmd(&d, &c));                        /* no sanitize feature */
	drv_close(&d);
}
END_TEST

START_TEST(sanitize_failure_and_exit)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-ssd", ",sanitize-ms=50,sanitize-fail=1");
	ms_ata_sanitize(&c, MS_SAN_BLOCK, false, 0, 0, false);
	ck_assert(ok_cmd(&d, &c));
	usleep(80000);
	struct ms_ata_sanitize_state st = san_status(&d, false);
	ck_assert(st.failed && !st.completed_ok);
	ck_assert_int_eq(first_sector(&d, NULL), -EIO);        /* the failed state blocks media */
	st = san_status(&d, true);                              /* no FAILURE MODE: may not clear */
	ck_assert(st.failed);
	power_cycle(&d);
	ck_assert(san_status(&d, false).failed);               /* survives power cycles */
	ck_assert_int_eq(first_sector(&d, NULL), -EIO);
	ms_xport_close(d.x);
	/* with FAILURE MODE set, SANITIZE STATUS with clear leaves the failed state */
	snprintf(d.spec + strlen(d.spec) - strlen(",sanitize-fail=1"), 20, "%s", "");
	power_on(&d);
	ms_ata_sanitize(&c, MS_SAN_CRYPTO, true, 0, 0, false); /* a good one exits it too */
	ck_assert(ok_cmd(&d, &c));
	st = san_wait(&d);
	ck_assert(st.completed_ok && !st.failed);
	ck_assert_int_eq(first_sector(&d, NULL), 0);
	drv_close(&d);
}
END_TEST

START_TEST(sanitize_survives_power_loss)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-ssd", ",sanitize-ms=100,powerloss=sanitize");
	fill_image(&d, 'A');
	ms_ata_sanitize(&c, MS_SAN_BLOCK, false, 0, 0, false);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sanitize_status(&c, false);
	ck_assert_int_eq(run(&d, &c), -ENODEV);
	ms_xport_close(d.x);
	snprintf(d.spec + strlen(d.spec) - strlen(",powerloss=sanitize"), 20, "%s", "");
	power_on(&d);
	struct ms_ata_sanitize_state st = san_wait(&d);       /* it went on at power-on */
	ck_assert(st.completed_ok);
	uint8_t s[512], z[512] = {0};
	first_sector(&d, s);
	ck_assert_mem_eq(s, z, 512);
	drv_close(&d);
}
END_TEST

START_TEST(dropped_and_aborted_commands)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-ssd", ",drop=0xF1,abort=0xB4");
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert_int_eq(run(&d, &c), -ETIMEDOUT);
	ck_assert(!d.st.valid);
	ck_assert(identify(&d).sec_enabled);                   /* it did happen */
	ms_ata_sanitize_status(&c, false);
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_smart_read_data(&c, d.buf);
	ck_assert(ok_cmd(&d, &c));
	struct ms_ata_smart sm;
	ck_assert_int_eq(ms_ata_smart_decode(d.buf, &sm), 0);
	ck_assert(sm.have_hours && sm.power_on_hours == 12345);
	drv_close(&d);
}
END_TEST

START_TEST(dry_run_changes_no_state)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-ssd", "");
	ms_xport_close(d.x);
	struct ms_device dev;
	char why[200];
	ms_emu_describe(d.spec, &dev, why, sizeof why);
	ck_assert_int_eq(ms_xport_open(&dev, MS_OPEN_WRITE | MS_OPEN_NO_ACT, &d.x), 0);
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(ok_cmd(&d, &c));                             /* "succeeds" */
	ck_assert(!identify(&d).sec_enabled);                  /* but nothing was sent */
	drv_close(&d);
}
END_TEST

START_TEST(sec5_to_sec6_and_failure_mode_clear)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-ssd", ",sanitize-ms=30,sanitize-fail=1");
	/* SEC5 (enabled, unlocked) + FREEZE LOCK = SEC6: password commands aborted */
	ms_ata_sec_set_password(&c, d.buf, PW, false, false);
	ck_assert(ok_cmd(&d, &c));
	ms_ata_sec_freeze_lock(&c);
	ck_assert(ok_cmd(&d, &c));
	struct ms_ata_identify id = identify(&d);
	ck_assert(id.sec_enabled && !id.sec_locked && id.sec_frozen);
	ms_ata_sec_disable(&c, d.buf, PW, false);
	ck_assert(aborted_cmd(&d, &c));
	ms_ata_sec_erase_prepare(&c);
	ck_assert(aborted_cmd(&d, &c));
	ck_assert_int_eq(first_sector(&d, NULL), 0);           /* media still usable */
	/* a failure-mode sanitize that fails may be left with SANITIZE STATUS + clear */
	ms_ata_sanitize(&c, MS_SAN_BLOCK, true, 0, 0, false);
	ck_assert(ok_cmd(&d, &c));
	usleep(60000);
	ck_assert(san_status(&d, false).failed);
	ms_ata_sanitize_status(&c, true);
	ck_assert(ok_cmd(&d, &c));
	ck_assert(!san_status(&d, false).failed);
	ck_assert_int_eq(first_sector(&d, NULL), 0);
	drv_close(&d);
}
END_TEST

START_TEST(nop_and_bridges)
{
	struct drv d;
	struct ms_ata_cmd c;
	drv_open(&d, "sata-ssd", "");
	ms_ata_nop(&c);
	ck_assert(aborted_cmd(&d, &c));                        /* every device aborts NOP */
	drv_close(&d);
	drv_open(&d, "usb-sata-ssd", ",bridge=fakeok");
	ms_ata_nop(&c);
	ck_assert(ok_cmd(&d, &c));                             /* the bridge invents success */
	drv_close(&d);
	drv_open(&d, "usb-sata-ssd", ",bridge=noregs");
	ms_ata_nop(&c);
	ck_assert_int_eq(run(&d, &c), 0);
	ck_assert(!d.st.valid);                                /* registers dropped */
	drv_close(&d);
}
END_TEST

Suite *suite_emu_ata(void)
{
	Suite *s = suite_create("emu-ata");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, identify_reflects_profile);
	tcase_add_test(tc, security_lifecycle);
	tcase_add_test(tc, enhanced_erase_and_disable);
	tcase_add_test(tc, attempt_counter_expires);
	tcase_add_test(tc, frozen_drive);
	tcase_add_test(tc, power_loss_during_security_erase);
	tcase_add_test(tc, hpa_and_dco);
	tcase_add_test(tc, amac);
	tcase_add_test(tc, sanitize_operations);
	tcase_add_test(tc, sanitize_failure_and_exit);
	tcase_add_test(tc, sanitize_survives_power_loss);
	tcase_add_test(tc, dropped_and_aborted_commands);
	tcase_add_test(tc, dry_run_changes_no_state);
	tcase_add_test(tc, sec5_to_sec6_and_failure_mode_clear);
	tcase_add_test(tc, nop_and_bridges);
	suite_add_tcase(s, tc);
	return s;
}

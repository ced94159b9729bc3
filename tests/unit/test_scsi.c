/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI CDBs and decoders against SPC-5/SBC-4, and the emulated SAS drive's sanitize. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../devices/emu.h"
#include "../../devices/scsi.h"
#include "../../devices/tcg.h"
#include "../../util/util.h"
#include "suites.h"

static void cdb_is(const struct ms_scsi_cmd *c, const char *hex)
{
	char got[33];
	ms_hex(c->cdb, c->cdb_len, got);
	ck_assert_str_eq(got, hex);
}

START_TEST(cdbs)
{
	struct ms_scsi_cmd c;
	uint8_t buf[255], prm[8];
	ms_scsi_inquiry(&c, true, 0x80, buf, 255);
	cdb_is(&c, "12018000ff00");
	ms_scsi_inquiry(&c, false, 0, buf, 96);
	cdb_is(&c, "120000006000");
	ms_scsi_read_capacity16(&c, buf);
	cdb_is(&c, "9e100000000000000000000000200000");
	ms_scsi_request_sense(&c, buf, 64);
	cdb_is(&c, "030000004000");
	ms_scsi_test_unit_ready(&c);
	cdb_is(&c, "000000000000");
	ms_scsi_sanitize(&c, MS_SCSI_SAN_CRYPTO, false, prm, 0);
	cdb_is(&c, "48830000000000000000");            /* IMMED | SA 03h */
	ck_assert_int_eq(c.dir, MS_SCSI_DIR_NONE);
	ms_scsi_sanitize(&c, MS_SCSI_SAN_BLOCK, true, prm, 0);
	cdb_is(&c, "48a20000000000000000");            /* IMMED | AUSE | SA 02h */
	ms_scsi_sanitize(&c, MS_SCSI_SAN_OVERWRITE, false, prm, 0xDEADBEEF);
	cdb_is(&c, "48810000000000000800");            /* parameter list length 8 */
	ck_assert_int_eq(c.dir, MS_SCSI_DIR_OUT);
	char p[17];
	ms_hex(prm, 8, p);
	ck_assert_str_eq(p, "01000004deadbeef");       /* 1 pass, pattern length 4, pattern */
	ms_scsi_sanitize(&c, MS_SCSI_SAN_EXIT_FAILURE, false, prm, 0);
	cdb_is(&c, "489f0000000000000000");
	ms_scsi_format_unit(&c, 600);
	cdb_is(&c, "040000000000");
}
END_TEST

START_TEST(decoders)
{
	struct ms_scsi_status st;
	/* fixed: NOT READY 04h/1Bh, SKSV progress 8000h */
	uint8_t f[18] = {0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x1B, 0, 0x80, 0x80, 0x00};
	ck_assert_int_eq(ms_scsi_sense_decode(f, sizeof f, &st), 0);
	ck_assert(ms_scsi_sanitizing(&st) && st.progress_valid && st.progress == 0x8000);
	/* descriptor: MEDIUM ERROR 31h/03h */
	uint8_t d[8] = {0x72, 0x03, 0x31, 0x03, 0, 0, 0, 0};
	ck_assert_int_eq(ms_scsi_sense_decode(d, sizeof d, &st), 0);
	ck_assert(ms_scsi_sanitize_failed(&st) && st.key == MS_SK_MEDIUM_ERROR && !st.progress_valid);
	/* descriptor with a sense-key-specific descriptor (02h) carrying progress */
	uint8_t ds[16] = {0x72, 0x02, 0x04, 0x1B, 0, 0, 0, 8, 0x02, 0x06, 0, 0, 0x80, 0x40, 0x00, 0};
	ck_assert_int_eq(ms_scsi_sense_decode(ds, sizeof ds, &st), 0);
	ck_assert(st.progress_valid && st.progress == 0x4000);
	uint8_t bad[8] = {0x7F};
	ck_assert_int_eq(ms_scsi_sense_decode(bad, sizeof bad, &st), -EINVAL);
	uint8_t inq[36] = {0};
	memcpy(inq + 8, "SEAGATE ST600MM0006     LS0A", 28);
	struct ms_scsi_inquiry iq;
	ck_assert_int_eq(ms_scsi_inquiry_decode(inq, 36, &iq), 0);
	ck_assert_str_eq(iq.vendor, "SEAGATE");
	ck_assert_str_eq(iq.product, "ST600MM0006");
	ck_assert_str_eq(iq.revision, "LS0A");
	uint8_t v80[24] = {0, 0x80, 0, 20};
	memcpy(v80 + 4, "    S0M1ABCD0000K123", 20);
	char serial[64], wwn[64];
	ck_assert_int_eq(ms_scsi_vpd80_decode(v80, sizeof v80, serial, sizeof serial), 0);
	ck_assert_str_eq(serial, "S0M1ABCD0000K123");
	uint8_t v83[24] = {0, 0x83, 0, 20, 0x02, 0x01, 0, 4, 'T', '1', '0', ' ', 0x01, 0x03, 0, 8,
			   0x50, 0x00, 0xc5, 0x00, 0x56, 0xa1, 0xb2, 0xc3};
	ck_assert_int_eq(ms_scsi_vpd83_naa(v83, sizeof v83, wwn, sizeof wwn), 0);
	ck_assert_str_eq(wwn, "naa.5000c50056a1b2c3");
	uint8_t b1[8] = {0, 0xB1, 0, 60, 0x1C, 0x20};
	uint16_t rpm;
	ck_assert_int_eq(ms_scsi_vpdb1_rotation(b1, sizeof b1, &rpm), 0);
	ck_assert_uint_eq(rpm, 7200);
	uint8_t cap[32] = {0, 0, 0, 0, 0x45, 0xDD, 0x2F, 0xAF, 0, 0, 0x02, 0, 0, 3};
	struct ms_scsi_capacity cp;
	ck_assert_int_eq(ms_scsi_capacity16_decode(cap, &cp), 0);
	ck_assert(cp.blocks == 0x45DD2FB0ull && cp.block_size == 512 && cp.physical_size == 4096);
}
END_TEST

struct sas {
	char dir[256], spec[600];
	struct ms_xport *x;
	struct ms_scsi_status st;
};

static void sas_on(struct sas *d)
{
	struct ms_device dev;
	char why[300];
	ck_assert_msg(ms_emu_describe(d->spec, &dev, why, sizeof why) == 0, "%s", why);
	ck_assert_int_eq(ms_xport_open(&dev, MS_OPEN_WRITE, &d->x), 0);
}

static void sas_open(struct sas *d, const char *profile, const char *opts)
{
	tmpdir_make(d->dir, sizeof d->dir);
	snprintf(d->spec, sizeof d->spec, "emu:%s:%s/s.img,capacity=4M%s", profile, d->dir, opts);
	sas_on(d);
}

static void sas_close(struct sas *d)
{
	ms_xport_close(d->x);
	tmpdir_remove(d->dir);
}

static struct ms_scsi_status cond(struct sas *d)
{
	uint8_t buf[64];
	struct ms_scsi_cmd c;
	struct ms_scsi_status s;
	ms_scsi_request_sense(&c, buf, sizeof buf);
	ck_assert_int_eq(ms_xport_scsi(d->x, &c, &d->st), 0);
	ck_assert(ms_scsi_good(&d->st));
	ck_assert_int_eq(ms_scsi_sense_decode(buf, sizeof buf, &s), 0);
	return s;
}

static struct ms_scsi_status cond_wait(struct sas *d)
{
	for (int i = 0; i < 200; i++) {
		struct ms_scsi_status s = cond(d);
		if (!ms_scsi_sanitizing(&s))
			return s;
		usleep(20000);
	}
	ck_abort_msg("sanitize never ended");
	return cond(d);
}

START_TEST(emu_sas)
{
	struct sas d;
	struct ms_scsi_cmd c;
	uint8_t buf[96], prm[8];
	sas_open(&d, "sas-hdd", ",sanitize-ms=100");
	ms_scsi_inquiry(&c, false, 0, buf, sizeof buf);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	struct ms_scsi_inquiry iq;
	ms_scsi_inquiry_decode(buf, sizeof buf, &iq);
	ck_assert_str_eq(iq.vendor, "SEAGATE");
	ms_scsi_read_capacity16(&c, buf);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	struct ms_scsi_capacity cp;
	ms_scsi_capacity16_decode(buf, &cp);
	ck_assert(cp.blocks == (4u << 20) / 512 && cp.physical_size == 4096);
	ms_scsi_sanitize(&c, MS_SCSI_SAN_CRYPTO, false, prm, 0);      /* not on this HDD */
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	ck_assert(d.st.status == 2 && d.st.key == MS_SK_ILLEGAL_REQUEST && d.st.asc == 0x24);
	ms_scsi_sanitize(&c, MS_SCSI_SAN_OVERWRITE, false, prm, 0x11223344);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	ck_assert(ms_scsi_good(&d.st));
	struct ms_scsi_status s = cond(&d);
	ck_assert(ms_scsi_sanitizing(&s) && s.progress_valid);
	ms_scsi_test_unit_ready(&c);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	ck_assert(ms_scsi_sanitizing(&d.st));                           /* TUR says so too */
	static uint8_t blk[4096] __attribute__((aligned(4096)));
	ck_assert_int_eq(d.x->ops->read(d.x, blk, 512, 0), -EIO);
	s = cond_wait(&d);
	ck_assert(s.key == MS_SK_NO_SENSE);
	ck_assert_int_eq(d.x->ops->read(d.x, blk, 512, 0), 0);
	ck_assert(blk[0] == 0x11 && blk[1] == 0x22 && blk[2] == 0x33 && blk[3] == 0x44);
	sas_close(&d);
}
END_TEST

START_TEST(emu_sas_failure_and_power_loss)
{
	struct sas d;
	struct ms_scsi_cmd c;
	uint8_t prm[8];
	sas_open(&d, "sas-ssd", ",sanitize-ms=30,sanitize-fail=1");
	ms_scsi_sanitize(&c, MS_SCSI_SAN_BLOCK, true, prm, 0);          /* with AUSE */
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	struct ms_scsi_status s = cond_wait(&d);
	ck_assert(ms_scsi_sanitize_failed(&s));                         /* 31h/03h */
	ms_scsi_sanitize(&c, MS_SCSI_SAN_EXIT_FAILURE, false, prm, 0);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	ck_assert(ms_scsi_good(&d.st));
	ck_assert(cond(&d).key == MS_SK_NO_SENSE);
	sas_close(&d);
	sas_open(&d, "sas-ssd", ",sanitize-ms=100,powerloss=sanitize");
	ms_scsi_sanitize(&c, MS_SCSI_SAN_CRYPTO, false, prm, 0);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	ms_scsi_test_unit_ready(&c);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), -ENODEV);
	ms_xport_close(d.x);
	snprintf(d.spec + strlen(d.spec) - strlen(",powerloss=sanitize"), 20, "%s", "");
	sas_on(&d);
	ck_assert(cond_wait(&d).key == MS_SK_NO_SENSE);                 /* went on at power-on */
	sas_close(&d);
}
END_TEST

/* REPORT SUPPORTED OPERATION CODES, one command (SPC-5 6.35): the CDB for both reporting
 * options, and the decoder on good, truncated and hostile answers. */
START_TEST(rsoc)
{
	struct ms_scsi_cmd c;
	uint8_t buf[64];
	ms_scsi_rsoc_one(&c, 0x48, true, MS_SCSI_SAN_CRYPTO, buf, sizeof buf);
	cdb_is(&c, "a30c02480003000000400000");      /* option 02h: SANITIZE, SA 03h, 64 bytes */
	ck_assert(c.dir == MS_SCSI_DIR_IN && c.len == 64 && c.resid == 0);
	ms_scsi_rsoc_one(&c, 0x04, false, 0x1234, buf, 20);
	cdb_is(&c, "a30c01040000000000140000");      /* option 01h: FORMAT UNIT, no SA */
	enum ms_scsi_support sup;
	/* supported (011b), CDB size 10, usage data: 48h, IMMED|AUSE|SA 03h */
	uint8_t yes[14] = {0, 0x03, 0, 10, 0x48, 0xA3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x04};
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(yes, sizeof yes, 0x48, true, 3, &sup), 0);
	ck_assert_int_eq(sup, MS_SCSI_SUP_YES);
	yes[1] = 0x05;                                 /* vendor specific conformance: still yes */
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(yes, sizeof yes, 0x48, true, 3, &sup), 0);
	ck_assert_int_eq(sup, MS_SCSI_SUP_YES);
	uint8_t no[4] = {0, 0x01, 0, 0}, later[4] = {0, 0x00, 0, 0};
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(no, sizeof no, 0x48, true, 1, &sup), 0);
	ck_assert_int_eq(sup, MS_SCSI_SUP_NO);
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(later, sizeof later, 0x48, true, 1, &sup), 0);
	ck_assert_int_eq(sup, MS_SCSI_SUP_UNKNOWN);
	/* truncated: below the header; usage data cut off by the returned length */
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(yes, 3, 0x48, true, 3, &sup), -EINVAL);
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(yes, 13, 0x48, true, 3, &sup), -EINVAL);
	ck_assert_int_eq(sup, MS_SCSI_SUP_UNKNOWN);
	/* hostile: another opcode or service action, a reserved SUPPORT, a 2-byte CDB */
	yes[1] = 0x03;
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(yes, sizeof yes, 0x04, false, 0, &sup), -EINVAL);
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(yes, sizeof yes, 0x48, true, 1, &sup), -EINVAL);
	uint8_t rsv[4] = {0, 0x02, 0, 0}, tiny[6] = {0, 0x03, 0, 2, 0x48, 0x03};
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(rsv, sizeof rsv, 0x48, true, 1, &sup), -EINVAL);
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(tiny, sizeof tiny, 0x48, true, 3, &sup), -EINVAL);
	uint8_t huge[8] = {0, 0x03, 0xFF, 0xFF, 0x48, 0x03, 0, 0};
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(huge, sizeof huge, 0x48, true, 3, &sup), -EINVAL);
}
END_TEST

/* VPD 00h (supported pages) and B1h (block device characteristics, SBC-4 6.6.2). */
START_TEST(vpd_pages)
{
	bool has;
	uint8_t v00[9] = {0, 0x00, 0, 5, 0x00, 0x80, 0x83, 0xB0, 0xB1};
	ck_assert_int_eq(ms_scsi_vpd00_has(v00, sizeof v00, 0xB1, &has), 0);
	ck_assert(has);
	ck_assert_int_eq(ms_scsi_vpd00_has(v00, sizeof v00, 0xB2, &has), 0);
	ck_assert(!has);
	ck_assert_int_eq(ms_scsi_vpd00_has(v00, 8, 0x80, &has), -EINVAL);    /* list cut off */
	ck_assert(!has);
	v00[7] = 0x80;                                                        /* not ascending */
	ck_assert_int_eq(ms_scsi_vpd00_has(v00, sizeof v00, 0xB1, &has), -EINVAL);
	v00[1] = 0x80;
	ck_assert_int_eq(ms_scsi_vpd00_has(v00, sizeof v00, 0xB1, &has), -EINVAL); /* another page */
	struct ms_scsi_bdc b;
	uint8_t b1[64] = {0, 0xB1, 0, 60, 0x1C, 0x20, 0, 0x02};
	ck_assert_int_eq(ms_scsi_vpdb1_decode(b1, sizeof b1, &b), 0);
	ck_assert(b.rotation == MS_SCSI_ROT_ROTATING && b.rate == 7200 && b.form_factor == 2);
	b1[4] = 0; b1[5] = 1;
	ck_assert_int_eq(ms_scsi_vpdb1_decode(b1, sizeof b1, &b), 0);
	ck_assert(b.rotation == MS_SCSI_ROT_SOLID_STATE);
	b1[5] = 0;
	ck_assert_int_eq(ms_scsi_vpdb1_decode(b1, sizeof b1, &b), 0);
	ck_assert(b.rotation == MS_SCSI_ROT_UNREPORTED);
	b1[4] = 0x03; b1[5] = 0x00;                                           /* 0300h: reserved */
	ck_assert_int_eq(ms_scsi_vpdb1_decode(b1, sizeof b1, &b), -EINVAL);
	b1[4] = 0x1C; b1[5] = 0x20;
	ck_assert_int_eq(ms_scsi_vpdb1_decode(b1, 32, &b), -EINVAL);          /* page longer than returned */
	b1[3] = 2;
	ck_assert_int_eq(ms_scsi_vpdb1_decode(b1, sizeof b1, &b), -EINVAL);   /* too short for the fields */
}
END_TEST

static enum ms_scsi_support ask(struct sas *d, uint8_t op, bool has_sa, uint16_t sa)
{
	uint8_t buf[64];
	struct ms_scsi_cmd c;
	enum ms_scsi_support sup;
	memset(buf, 0xEE, sizeof buf);
	ms_scsi_rsoc_one(&c, op, has_sa, sa, buf, sizeof buf);
	ck_assert_int_eq(ms_xport_scsi(d->x, &c, &d->st), 0);
	ck_assert(ms_scsi_good(&d->st));
	ck_assert_int_eq(ms_scsi_rsoc_one_decode(buf, ms_scsi_got(&c), op, has_sa, sa, &sup), 0);
	return sup;
}

/* The emulated SAS drives answer RSOC from their capabilities, as the commands behave;
 * rsoc=0 makes RSOC itself unknown (20h/00h) in fixed or descriptor sense. */
START_TEST(emu_rsoc)
{
	struct sas d;
	sas_open(&d, "sas-hdd", "");
	ck_assert_int_eq(ask(&d, 0x48, true, MS_SCSI_SAN_OVERWRITE), MS_SCSI_SUP_YES);
	ck_assert_int_eq(ask(&d, 0x48, true, MS_SCSI_SAN_CRYPTO), MS_SCSI_SUP_NO);
	ck_assert_int_eq(ask(&d, 0x48, true, MS_SCSI_SAN_BLOCK), MS_SCSI_SUP_NO);
	ck_assert_int_eq(ask(&d, 0x48, true, MS_SCSI_SAN_EXIT_FAILURE), MS_SCSI_SUP_YES);
	ck_assert_int_eq(ask(&d, 0x04, false, 0), MS_SCSI_SUP_YES);
	struct ms_scsi_cmd c;
	uint8_t buf[255];
	ms_scsi_rsoc_one(&c, 0x04, true, 0, buf, sizeof buf); /* 02h for a command without SAs */
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	ck_assert(d.st.key == MS_SK_ILLEGAL_REQUEST && d.st.asc == 0x24);
	ms_scsi_inquiry(&c, true, 0xB1, buf, sizeof buf);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	struct ms_scsi_bdc b;
	ck_assert_int_eq(ms_scsi_vpdb1_decode(buf, ms_scsi_got(&c), &b), 0);
	ck_assert(b.rotation == MS_SCSI_ROT_ROTATING && ms_scsi_got(&c) == 64);
	sas_close(&d);
	sas_open(&d, "sas-ssd", ",sanitize=block,format-unit=0");
	ck_assert_int_eq(ask(&d, 0x48, true, MS_SCSI_SAN_BLOCK), MS_SCSI_SUP_YES);
	ck_assert_int_eq(ask(&d, 0x48, true, MS_SCSI_SAN_CRYPTO), MS_SCSI_SUP_NO);
	ck_assert_int_eq(ask(&d, 0x04, false, 0), MS_SCSI_SUP_NO);
	ms_scsi_format_unit(&c, 60);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	ck_assert(d.st.key == MS_SK_ILLEGAL_REQUEST && d.st.asc == 0x20);    /* and it is refused */
	ms_scsi_inquiry(&c, true, 0xB1, buf, sizeof buf);
	ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
	ck_assert_int_eq(ms_scsi_vpdb1_decode(buf, ms_scsi_got(&c), &b), 0);
	ck_assert(b.rotation == MS_SCSI_ROT_SOLID_STATE);
	sas_close(&d);
	const char *opts[] = {",rsoc=0", ",rsoc=0,sense=descriptor"};
	for (int i = 0; i < 2; i++) {
		sas_open(&d, "sas-hdd", opts[i]);
		memset(buf, 0, sizeof buf);
		ms_scsi_rsoc_one(&c, 0x48, true, 1, buf, 64);
		ck_assert_int_eq(ms_xport_scsi(d.x, &c, &d.st), 0);
		ck_assert(d.st.valid && d.st.status == 2 && d.st.key == MS_SK_ILLEGAL_REQUEST && d.st.asc == 0x20 &&
			  d.st.ascq == 0);
		sas_close(&d);
	}
}
END_TEST

/* TCG Level 0 Discovery: a header, TPer, Locking (enabled, locked, media encryption),
 * Opal 2 with base ComID 1000h, laid out by hand from TCG Core 3.3.6 and Opal 2.01. */
START_TEST(tcg_level0)
{
	uint8_t b[512] = {0};
	size_t i = 48;
	b[i + 1] = 0x01; b[i + 3] = 12; i += 16;
	b[i + 1] = 0x02; b[i + 3] = 12; b[i + 4] = 0x0F; i += 16;
	b[i] = 0x02; b[i + 1] = 0x03; b[i + 3] = 16; b[i + 4] = 0x10; b[i + 5] = 0x00; i += 20;
	b[3] = (uint8_t)(i - 4);
	struct ms_tcg_l0 t;
	ck_assert_int_eq(ms_tcg_l0_decode(b, sizeof b, &t), 0);
	ck_assert(t.tper && t.locking_supported && t.locking_enabled && t.locked && t.media_encryption);
	ck_assert_str_eq(t.ssc, "Opal 2");
	ck_assert_uint_eq(t.base_comid, 0x1000);
	uint8_t none[512] = {0};
	ck_assert_int_eq(ms_tcg_l0_decode(none, sizeof none, &t), -ENODATA);
	struct ms_ata_cmd a;
	ms_ata_trusted_receive(&a, 1, 1, b, 512);
	ck_assert(a.command == 0x5C && a.features == 1 && a.lba == 0x100 && a.count == 1 && a.proto == MS_ATA_PIO_IN);
	struct ms_nvme_cmd n;
	ms_nvme_security_recv(&n, 1, 1, b, 512);
	ck_assert(n.opcode == 0x82 && n.cdw10 == 0x01000100u && n.cdw11 == 512);
	struct ms_scsi_cmd c;
	ms_scsi_security_in(&c, 1, 1, b, 512);
	cdb_is(&c, "a20100010000000002000000");
}
END_TEST

Suite *suite_scsi(void)
{
	Suite *s = suite_create("scsi");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, cdbs);
	tcase_add_test(tc, decoders);
	tcase_add_test(tc, emu_sas);
	tcase_add_test(tc, emu_sas_failure_and_power_loss);
	tcase_add_test(tc, tcg_level0);
	tcase_add_test(tc, rsoc);
	tcase_add_test(tc, vpd_pages);
	tcase_add_test(tc, emu_rsoc);
	suite_add_tcase(s, tc);
	return s;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NVMe admin encoders/decoders against NVMe 2.0, and the emulated controller's state
 * machines (Format with SES, Sanitize with SSTAT, failure, power loss). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../devices/emu.h"
#include "../../util/util.h"
#include "../../devices/nvme.h"
#include "../../erase/nsspace.h"
#include "../../erase/policy.h"
#include "suites.h"

START_TEST(encoders)
{
	struct ms_nvme_cmd c;
	uint8_t buf[4096];
	ms_nvme_identify_ctrl(&c, buf);
	ck_assert(c.opcode == 0x06 && c.cdw10 == 1 && c.nsid == 0 && c.len == 4096);
	ms_nvme_identify_ns(&c, 3, buf);
	ck_assert(c.opcode == 0x06 && c.cdw10 == 0 && c.nsid == 3);
	ms_nvme_get_log(&c, MS_NVME_LOG_SANITIZE, 0xFFFFFFFF, buf, 512);
	/* NUMDL = 512/4 - 1 = 127 in bits 31:16, LID 81h */
	ck_assert_uint_eq(c.cdw10, 0x007F0081u);
	ck_assert(c.cdw11 == 0 && c.opcode == 0x02);
	ms_nvme_format(&c, 1, 0, MS_NVME_SES_CRYPTO, 600);
	ck_assert_uint_eq(c.cdw10, 2u << 9);                  /* SES=2 in 11:9 */
	ck_assert(c.opcode == 0x80 && c.timeout_s == 600);
	ms_nvme_format(&c, 1, 17, MS_NVME_SES_USER, 60);      /* LBAF 17: 3:0 = 1, 13:12 = 1 */
	ck_assert_uint_eq(c.cdw10, 1u | 1u << 9 | 1u << 12);
	ms_nvme_sanitize(&c, MS_NVME_SAN_CRYPTO, false, false, 0, 0);
	ck_assert_uint_eq(c.cdw10, 4);
	ms_nvme_sanitize(&c, MS_NVME_SAN_BLOCK, true, true, 0, 0);
	ck_assert_uint_eq(c.cdw10, 2u | 1u << 3 | 1u << 9);   /* AUSE, NDAS */
	ms_nvme_sanitize(&c, MS_NVME_SAN_OVERWRITE, false, false, 0xA5A5A5A5, 3);
	ck_assert_uint_eq(c.cdw10, 3u | 3u << 4);
	ck_assert_uint_eq(c.cdw11, 0xA5A5A5A5);
	ck_assert(c.opcode == 0x84);
	struct ms_nvme_status st;
	ms_nvme_status_from_kernel(0x4001, 0, &st);            /* DNR + Invalid Command Opcode */
	ck_assert(st.valid && st.sct == 0 && st.sc == 1 && st.dnr && !ms_nvme_ok(&st));
	char t[96];
	ms_nvme_status_text(&st, t, sizeof t);
	ck_assert_str_eq(t, "Invalid Command Opcode (SCT 0h SC 01h)");
	ms_nvme_status_from_kernel(0x10A, 0, &st);
	ms_nvme_status_text(&st, t, sizeof t);
	ck_assert_str_eq(t, "Invalid Format (SCT 1h SC 0Ah)");
}
END_TEST

static void put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

START_TEST(decoders)
{
	uint8_t r[4096] = {0};
	memcpy(r + 4, "S5GXNX0R123456A     ", 20);
	memcpy(r + 24, "Samsung SSD 980 PRO 500GB               ", 40);
	memcpy(r + 64, "5B2QGXA7", 8);
	put(r + 256, 0x0017, 2);
	put(r + 328, 0x20000003u, 4);
	put(r + 516, 1, 4);
	r[524] = 0x04;
	struct ms_nvme_ctrl c;
	ck_assert_int_eq(ms_nvme_ctrl_decode(r, &c), 0);
	ck_assert_str_eq(c.model, "Samsung SSD 980 PRO 500GB");
	ck_assert_str_eq(c.serial, "S5GXNX0R123456A");
	ck_assert_str_eq(c.firmware, "5B2QGXA7");
	ck_assert(c.security && c.format && c.crypto_erase_format && !c.format_all_ns);
	ck_assert(c.san_crypto && c.san_block && !c.san_overwrite && c.san_no_dealloc_inhibited);
	memset(r, 0, sizeof r);
	put(r, 976773168, 8);
	r[25] = 1;
	r[26] = 1;
	put(r + 128, 9u << 16, 4);
	put(r + 132, 12u << 16 | 8, 4);
	r[120] = 0x00; r[121] = 0x25; r[127] = 0x38;
	struct ms_nvme_ns ns;
	ck_assert_int_eq(ms_nvme_ns_decode(r, &ns), 0);
	ck_assert(ns.nsze == 976773168 && ns.lbaf == 1 && ns.lba_size == 4096 && ns.metadata == 8);
	ck_assert_str_eq(ns.nguid, "");
	ck_assert_str_eq(ns.eui64, "0025000000000038");
	uint8_t l[512] = {0};
	put(l, 0x8000, 2);
	put(l + 2, 0x0002 | 3u << 3 | 0x100, 2);
	put(l + 4, 4, 4);
	put(l + 16, 30, 4);
	struct ms_nvme_sanlog sl;
	ck_assert_int_eq(ms_nvme_sanlog_decode(l, &sl), 0);
	ck_assert(sl.sprog == 0x8000 && sl.status == MS_NVME_SSTAT_IN_PROGRESS && sl.passes_done == 3);
	ck_assert(sl.global_erased && sl.scdw10 == 4 && sl.est_crypto == 30);
	put(l + 2, 7, 2);
	ck_assert_int_eq(ms_nvme_sanlog_decode(l, &sl), -EINVAL);
	memset(l, 0, sizeof l);
	l[5] = 7;
	put(l + 128, 12345, 8);
	put(l + 160, 2, 8);
	struct ms_nvme_smart sm;
	ms_nvme_smart_decode(l, &sm);
	ck_assert(sm.percentage_used == 7 && sm.power_on_hours == 12345 && sm.media_errors == 2);
}
END_TEST

struct ctl {
	char dir[256], spec[600];
	struct ms_xport *x;
	struct ms_nvme_status st;
	uint8_t page[4096];
};

static void ctl_on(struct ctl *d)
{
	struct ms_device dev;
	char why[300];
	ck_assert_msg(ms_emu_describe(d->spec, &dev, why, sizeof why) == 0, "%s", why);
	ck_assert_int_eq(ms_xport_open(&dev, MS_OPEN_WRITE, &d->x), 0);
}

static void ctl_open(struct ctl *d, const char *profile, const char *opts)
{
	tmpdir_make(d->dir, sizeof d->dir);
	snprintf(d->spec, sizeof d->spec, "emu:%s:%s/n.img,capacity=4M%s", profile, d->dir, opts);
	ctl_on(d);
	static uint8_t blk[1 << 16] __attribute__((aligned(4096)));
	memset(blk, 'A', sizeof blk);
	for (uint64_t off = 0; off < d->x->dev.capacity; off += sizeof blk)
		ck_assert_int_eq(d->x->ops->write(d->x, blk, sizeof blk, off), 0);
}

static void ctl_close(struct ctl *d)
{
	ms_xport_close(d->x);
	tmpdir_remove(d->dir);
}

static int run(struct ctl *d, struct ms_nvme_cmd *c)
{
	return ms_xport_nvme(d->x, c, &d->st);
}

static struct ms_nvme_sanlog sanlog(struct ctl *d)
{
	struct ms_nvme_cmd c;
	struct ms_nvme_sanlog l;
	ms_nvme_get_log(&c, MS_NVME_LOG_SANITIZE, 0xFFFFFFFF, d->page, 512);
	ck_assert_int_eq(run(d, &c), 0);
	ck_assert(ms_nvme_ok(&d->st));
	ck_assert_int_eq(ms_nvme_sanlog_decode(d->page, &l), 0);
	return l;
}

static struct ms_nvme_sanlog sanlog_wait(struct ctl *d)
{
	for (int i = 0; i < 200; i++) {
		struct ms_nvme_sanlog l = sanlog(d);
		if (l.status != MS_NVME_SSTAT_IN_PROGRESS)
			return l;
		usleep(20000);
	}
	ck_abort_msg("sanitize never ended");
	return sanlog(d);
}

static const char *first_sector(struct ctl *d)
{
	static uint8_t s[4096] __attribute__((aligned(4096)));
	if (d->x->ops->read(d->x, s, 512, 0))
		return "unreadable";
	bool zero = true, a = true;
	for (int i = 0; i < 512; i++) {
		zero &= s[i] == 0;
		a &= s[i] == 'A';
	}
	return zero ? "zeros" : a ? "old" : "other";
}

START_TEST(emu_identify_and_format)
{
	struct ctl d;
	struct ms_nvme_cmd c;
	struct ms_nvme_ctrl ctrl;
	struct ms_nvme_ns ns;
	ctl_open(&d, "nvme-ssd", "");
	ms_nvme_identify_ctrl(&c, d.page);
	ck_assert_int_eq(run(&d, &c), 0);
	ck_assert_int_eq(ms_nvme_ctrl_decode(d.page, &ctrl), 0);
	ck_assert_str_eq(ctrl.serial, d.x->dev.serial);
	ck_assert(ctrl.format && ctrl.crypto_erase_format && ctrl.san_crypto && ctrl.san_block);
	ms_nvme_identify_ns(&c, 1, d.page);
	ck_assert_int_eq(run(&d, &c), 0);
	ck_assert_int_eq(ms_nvme_ns_decode(d.page, &ns), 0);
	ck_assert(ns.nsze == (4u << 20) / 512 && ns.lba_size == 512 && ns.nguid[0]);
	ms_nvme_identify_ns(&c, 2, d.page);
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_INVALID_FIELD);
	ms_nvme_format(&c, 1, 1, MS_NVME_SES_USER, 60);        /* another LBA format */
	ck_assert(run(&d, &c) == 0 && d.st.sct == 1 && d.st.sc == 0x0A);
	ck_assert_str_eq(first_sector(&d), "old");
	ms_nvme_format(&c, 1, 0, MS_NVME_SES_USER, 60);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ck_assert_str_eq(first_sector(&d), "zeros");
	ms_nvme_format(&c, 1, 0, MS_NVME_SES_CRYPTO, 60);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ck_assert_str_eq(first_sector(&d), "other");          /* unrelated data */
	ctl_close(&d);
	ctl_open(&d, "nvme-ssd", ",crypto-format=0");
	ms_nvme_format(&c, 1, 0, MS_NVME_SES_CRYPTO, 60);
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_INVALID_FIELD);
	ctl_close(&d);
}
END_TEST

START_TEST(emu_sanitize_sstat)
{
	struct ctl d;
	struct ms_nvme_cmd c;
	ctl_open(&d, "nvme-ssd", ",sanitize-ms=120");
	ck_assert_int_eq(sanlog(&d).status, MS_NVME_SSTAT_NEVER);
	ms_nvme_sanitize(&c, MS_NVME_SAN_OVERWRITE, false, false, 0, 1);
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_INVALID_FIELD); /* not in SANICAP */
	ms_nvme_sanitize(&c, MS_NVME_SAN_CRYPTO, false, false, 0, 0);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	struct ms_nvme_sanlog l = sanlog(&d);
	ck_assert_int_eq(l.status, MS_NVME_SSTAT_IN_PROGRESS);
	ck_assert(l.sprog < 0xFFFF);
	ck_assert_str_eq(first_sector(&d), "unreadable");
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_SANITIZE_IN_PROGRESS);
	ms_nvme_format(&c, 1, 0, MS_NVME_SES_USER, 60);
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_SANITIZE_IN_PROGRESS);
	l = sanlog_wait(&d);
	ck_assert(l.status == MS_NVME_SSTAT_SUCCESS && l.global_erased);
	ck_assert_str_eq(first_sector(&d), "other");
	ctl_close(&d);
}
END_TEST

START_TEST(emu_sanitize_failure_and_exit)
{
	struct ctl d;
	struct ms_nvme_cmd c;
	ctl_open(&d, "nvme-ssd", ",sanitize-ms=30,sanitize-fail=1");
	ms_nvme_sanitize(&c, MS_NVME_SAN_BLOCK, false, false, 0, 0);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ck_assert_int_eq(sanlog_wait(&d).status, MS_NVME_SSTAT_FAILED);
	ck_assert_str_eq(first_sector(&d), "unreadable");
	ms_nvme_sanitize(&c, MS_NVME_SAN_EXIT_FAILURE, false, false, 0, 0);
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_INVALID_FIELD); /* AUSE was off */
	ms_xport_close(d.x);
	snprintf(d.spec + strlen(d.spec) - strlen(",sanitize-fail=1"), 20, "%s", ",sanitize-fail=1");
	ctl_on(&d);
	ck_assert_int_eq(sanlog(&d).status, MS_NVME_SSTAT_FAILED);       /* survives power-off */
	ms_nvme_sanitize(&c, MS_NVME_SAN_BLOCK, true, false, 0, 0);          /* AUSE on, fails again */
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ck_assert_int_eq(sanlog_wait(&d).status, MS_NVME_SSTAT_FAILED);
	ms_nvme_sanitize(&c, MS_NVME_SAN_EXIT_FAILURE, false, false, 0, 0);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));                    /* now allowed */
	ck_assert_str_ne(first_sector(&d), "unreadable");
	ctl_close(&d);
}
END_TEST

START_TEST(emu_sanitize_power_loss_and_basic_profile)
{
	struct ctl d;
	struct ms_nvme_cmd c;
	ctl_open(&d, "nvme-ssd", ",sanitize-ms=100,powerloss=sanitize");
	ms_nvme_sanitize(&c, MS_NVME_SAN_BLOCK, false, false, 0, 0);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ms_nvme_get_log(&c, MS_NVME_LOG_SANITIZE, 0xFFFFFFFF, d.page, 512);
	ck_assert_int_eq(run(&d, &c), -ENODEV);
	ms_xport_close(d.x);
	snprintf(d.spec + strlen(d.spec) - strlen(",powerloss=sanitize"), 20, "%s", "");
	ctl_on(&d);
	struct ms_nvme_sanlog l = sanlog_wait(&d);                           /* it went on */
	ck_assert_int_eq(l.status, MS_NVME_SSTAT_SUCCESS);
	ck_assert_str_eq(first_sector(&d), "zeros");
	ctl_close(&d);
	ctl_open(&d, "nvme-ssd-nosan", "");                                   /* as QEMU */
	ms_nvme_sanitize(&c, MS_NVME_SAN_CRYPTO, false, false, 0, 0);
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_INVALID_OPCODE);
	ms_nvme_get_log(&c, MS_NVME_LOG_SANITIZE, 0xFFFFFFFF, d.page, 512);
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_INVALID_FIELD);
	ctl_close(&d);
	ctl_open(&d, "sata-ssd", "");
	ms_nvme_identify_ctrl(&c, d.page);
	ck_assert_int_eq(run(&d, &c), -EOPNOTSUPP);                          /* SATA: no NVMe */
	ctl_close(&d);
}
END_TEST

START_TEST(active_list_decode)
{
	uint8_t page[4096] = {0};
	uint32_t ids[4];
	bool more;
	page[0] = 1, page[4] = 2, page[8] = 5;
	ck_assert_int_eq(ms_nvme_active_decode(page, ids, 4, &more), 3);
	ck_assert(ids[0] == 1 && ids[1] == 2 && ids[2] == 5 && !more);
	ck_assert_int_eq(ms_nvme_active_decode(page, ids, 2, &more), -E2BIG);
	page[8] = 2; /* not ascending */
	ck_assert_int_eq(ms_nvme_active_decode(page, ids, 4, &more), -EINVAL);
	memset(page + 8, 0xFF, 4); /* the broadcast id is no namespace */
	ck_assert_int_eq(ms_nvme_active_decode(page, ids, 4, &more), -EINVAL);
	memset(page, 0, sizeof page);
	ck_assert_int_eq(ms_nvme_active_decode(page, ids, 4, &more), 0);
	static uint32_t big[1024];
	for (uint32_t i = 0; i < 1024; i++)
		page[4 * i] = (uint8_t)((i + 1) & 0xFF), page[4 * i + 1] = (uint8_t)((i + 1) >> 8);
	ck_assert_int_eq(ms_nvme_active_decode(page, big, 1024, &more), 1024);
	ck_assert(more && big[1023] == 1024);
}
END_TEST

static void fill_file(const char *path, char ch)
{
	FILE *f = fopen(path, "r+");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 4 << 20; i++)
		fputc(ch, f);
	fclose(f);
}

static char file_first(const char *path)
{
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	int c = fgetc(f);
	fclose(f);
	return (char)c;
}

/* A controller with several namespaces: each is its own file; Identify lists them; a
 * Format reaches the one it names, or all with FNA bit 0 or the broadcast nsid. */
START_TEST(emu_namespaces)
{
	struct ctl d;
	struct ms_nvme_cmd c;
	struct ms_nvme_ctrl ctrl;
	char ns2[600], ns3[600];
	uint32_t ids[8];
	bool more;
	ctl_open(&d, "nvme-ssd", ",namespaces=3,unallocated=1M");
	ck_assert_int_eq(d.x->dev.nns, 3);
	snprintf(ns2, sizeof ns2, "%s/n.img.ns2", d.dir);
	snprintf(ns3, sizeof ns3, "%s/n.img.ns3", d.dir);
	ck_assert_str_eq(d.x->dev.ns[1].path, ns2);
	fill_file(ns2, 'B');
	fill_file(ns3, 'C');
	ms_nvme_identify_ctrl(&c, d.page);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ctrl_decode(d.page, &ctrl) == 0);
	ck_assert(ctrl.nn == 3 && !ctrl.format_all_ns && ctrl.unvmcap == 1u << 20);
	ck_assert(ctrl.tnvmcap == 3 * (4u << 20) + (1u << 20));
	ms_nvme_identify_active(&c, 0, d.page);
	ck_assert(run(&d, &c) == 0 && ms_nvme_active_decode(d.page, ids, 8, &more) == 3 && ids[2] == 3);
	ms_nvme_identify_active(&c, 2, d.page);
	ck_assert(run(&d, &c) == 0 && ms_nvme_active_decode(d.page, ids, 8, &more) == 1 && ids[0] == 3);
	ms_nvme_identify_ns(&c, 3, d.page);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ms_nvme_identify_ns(&c, 4, d.page);
	ck_assert(run(&d, &c) == 0 && d.st.sc == MS_NVME_SC_INVALID_FIELD);
	ms_nvme_format(&c, 2, 0, MS_NVME_SES_USER, 60);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ck_assert(file_first(ns2) == 0 && file_first(ns3) == 'C');
	ck_assert_str_eq(first_sector(&d), "old");
	ms_nvme_format(&c, 0xFFFFFFFF, 0, MS_NVME_SES_USER, 60);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ck_assert(file_first(ns3) == 0);
	ck_assert_str_eq(first_sector(&d), "zeros");
	ms_nvme_format(&c, 4, 0, MS_NVME_SES_USER, 60);
	ck_assert(run(&d, &c) == 0 && d.st.sc == 0x0B);
	ctl_close(&d);
	ctl_open(&d, "nvme-ssd", ",namespaces=2,fna-all=1");
	snprintf(ns2, sizeof ns2, "%s/n.img.ns2", d.dir);
	fill_file(ns2, 'B');
	ms_nvme_format(&c, 1, 0, MS_NVME_SES_USER, 60);
	ck_assert(run(&d, &c) == 0 && ms_nvme_ok(&d.st));
	ck_assert(file_first(ns2) == 0);
	ctl_close(&d);
}
END_TEST

/* What each kind of erase may do on a controller with several namespaces, and the plan
 * that follows: an overwrite reaches one, a Format every namespace, a Sanitize all. */
START_TEST(namespace_rules)
{
	char why[300];
	struct ms_nvme_space sp = {.read = true, .listed = true, .nn = 4, .n = 2, .nsid = {1, 2}};
	ck_assert_ptr_null(ms_nvme_space_problem(&sp, MS_REACH_NAMESPACES, why, sizeof why));
	ck_assert_ptr_null(ms_nvme_space_problem(&sp, MS_REACH_CONTROLLER, why, sizeof why));
	ck_assert_ptr_nonnull(ms_nvme_space_problem(&sp, MS_REACH_ONE, why, sizeof why));
	ck_assert(strstr(why, "2 namespaces and an overwrite writes one"));
	sp.unallocated = 4096;
	ck_assert_ptr_nonnull(ms_nvme_space_problem(&sp, MS_REACH_NAMESPACES, why, sizeof why));
	ck_assert(strstr(why, "UNVMCAP"));
	ck_assert_ptr_null(ms_nvme_space_problem(&sp, MS_REACH_CONTROLLER, why, sizeof why));
	sp.unallocated = 0;
	sp.fna_all = true, sp.lbaf[1] = 1;
	ck_assert_ptr_nonnull(ms_nvme_space_problem(&sp, MS_REACH_NAMESPACES, why, sizeof why));
	sp.fna_all = false;
	sp.unseen = 1, sp.first_unseen = 2;
	ck_assert_ptr_nonnull(ms_nvme_space_problem(&sp, MS_REACH_CONTROLLER, why, sizeof why));
	ck_assert(strstr(why, "namespace 2 is active but this system has no block device"));
	sp.unseen = 0;
	sp.detached = 1, sp.first_detached = 3; /* allocated, not attached: not even a Sanitize is provable */
	ck_assert_ptr_nonnull(ms_nvme_space_problem(&sp, MS_REACH_CONTROLLER, why, sizeof why));
	ck_assert(strstr(why, "namespace 3 is allocated but not attached"));
	sp.detached = 0;
	sp.listed = false, sp.n = 0;
	ck_assert_ptr_nonnull(ms_nvme_space_problem(&sp, MS_REACH_CONTROLLER, why, sizeof why));
	sp.nn = 1;
	ck_assert_ptr_null(ms_nvme_space_problem(&sp, MS_REACH_CONTROLLER, why, sizeof why));
	struct ms_nvme_space none = {0};
	ck_assert_ptr_null(ms_nvme_space_problem(&none, MS_REACH_ONE, why, sizeof why));

	/* the built-in table on a two-namespace drive that offers only Format NVM */
	struct ms_policy p;
	struct ms_decision dec;
	ck_assert_int_eq(ms_policy_default(&p), 0);
	struct ms_caps c = {.medium = MS_PM_NVME, .capacity = 1ull << 30, .nvme = true, .nvme_format = true,
			    .nvme_space = {.read = true, .listed = true, .nn = 2, .n = 2, .nsid = {1, 2}}};
	ms_policy_choose(&p, &c, MS_CLASS_1, &dec);
	ck_assert(dec.can_meet && dec.chosen.method == MS_METHOD_FORMAT_USER);
	bool said = false;
	for (size_t i = 0; i < dec.nrejected; i++)
		said |= strstr(dec.rejected[i].why, "namespaces and an overwrite") != NULL;
	ck_assert_msg(said, "the overwrite's rejection does not name the namespaces");
	c.nvme_space.unallocated = 1 << 20; /* Format cannot reach it, nor an overwrite: no method */
	ms_policy_choose(&p, &c, MS_CLASS_1, &dec);
	ck_assert(!dec.can_meet);
}
END_TEST

/* The device's own namespace is told by its kernel name (or the emulated drive's image),
 * never guessed from an nsid; every other namespace must be free to erase too; a USB
 * bridge's serial is no identity of the drive. */
START_TEST(own_namespace_and_the_others)
{
	char dir[256], ro[400], why[400];
	struct ms_device d = {.transport = MS_TRANSPORT_NVME, .nns = 2};
	ms_strlcpy(d.name, "nvme0n2", sizeof d.name);
	d.ns[0] = (struct ms_ns){.nsid = 1, .name = "nvme0n1"};
	d.ns[1] = (struct ms_ns){.nsid = 2, .name = "nvme0n2"};
	ck_assert_int_eq(ms_device_own_ns(&d), 1);
	ms_strlcpy(d.name, "nvme0n3", sizeof d.name);
	ck_assert_int_eq(ms_device_own_ns(&d), -1);
	/* namespace 1 is read-only: an erase of the drive (namespace 2) reaches it: refused */
	tmpdir_make(dir, sizeof dir);
	snprintf(ro, sizeof ro, "%s/ns1.img", dir);
	FILE *f = fopen(ro, "w");
	ck_assert_ptr_nonnull(f);
	fputs("resident", f);
	fclose(f);
	ck_assert_int_eq(chmod(ro, 0444), 0);
	ms_strlcpy(d.name, "nvme0n2", sizeof d.name);
	ms_strlcpy(d.ns[0].path, ro, sizeof d.ns[0].path);
	ms_strlcpy(d.ns[1].path, "/nonexistent/nvme0n2", sizeof d.ns[1].path);
	if (geteuid() != 0) { /* root writes read-only files: the describe says writable then */
		ck_assert_int_eq(ms_nvme_namespaces_free(&d, why, sizeof why), -EROFS);
		ck_assert_msg(strstr(why, "namespace 1 (") && strstr(why, "of the same controller"), "%s", why);
	}
	/* as root too: a namespace with no addressable capacity (a regular file of size 0) */
	ms_strlcpy(d.ns[0].path, "/proc/version", sizeof d.ns[0].path);
	ck_assert_int_eq(ms_nvme_namespaces_free(&d, why, sizeof why), -ENOSPC);
	ck_assert_msg(strstr(why, "namespace 1 (/proc/version) of the same controller"), "%s", why);
	ms_strlcpy(d.ns[0].path, "/nonexistent/nvme0n1", sizeof d.ns[0].path);
	ck_assert_int_eq(ms_nvme_namespaces_free(&d, why, sizeof why), -ENOENT); /* gone: refused, not skipped */
	d.nns = 1; /* only itself */
	d.ns[0] = d.ns[1];
	ck_assert_int_eq(ms_nvme_namespaces_free(&d, why, sizeof why), 0);
	tmpdir_remove(dir);

	struct ms_device u = {.transport = MS_TRANSPORT_USB};
	char s[512];
	ms_strlcpy(u.path, "/dev/sdz", sizeof u.path);
	ms_strlcpy(u.model, "Enclosure", sizeof u.model);
	ms_strlcpy(u.serial, "BRIDGE123", sizeof u.serial);
	ms_strlcpy(u.serial_source, "usb-descriptor", sizeof u.serial_source);
	ck_assert(!ms_device_stable_identity(&u));
	ck_assert_int_gt(ms_device_identity_string(&u, s, sizeof s), 0);
	ck_assert_msg(strstr(s, "serial=\n") && strstr(s, "path=/dev/sdz\n"), "%s", s);
	ms_strlcpy(u.serial_source, "device", sizeof u.serial_source);
	ck_assert(ms_device_stable_identity(&u));
}
END_TEST

Suite *suite_nvme(void)
{
	Suite *s = suite_create("nvme");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, encoders);
	tcase_add_test(tc, decoders);
	tcase_add_test(tc, emu_identify_and_format);
	tcase_add_test(tc, emu_sanitize_sstat);
	tcase_add_test(tc, emu_sanitize_failure_and_exit);
	tcase_add_test(tc, emu_sanitize_power_loss_and_basic_profile);
	tcase_add_test(tc, active_list_decode);
	tcase_add_test(tc, emu_namespaces);
	tcase_add_test(tc, namespace_rules);
	tcase_add_test(tc, own_namespace_and_the_others);
	suite_add_tcase(s, tc);
	return s;
}

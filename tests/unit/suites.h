/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit test suites (Check). No root, no hardware: encoders, parsers, engines on the
 * emulated drive, discovery on recorded sysfs trees. Run from tests/unit/. */
#ifndef MS_TEST_SUITES_H
#define MS_TEST_SUITES_H

#include <check.h>

Suite *suite_json(void);
Suite *suite_util(void);
Suite *suite_pattern(void);
Suite *suite_emu(void);
Suite *suite_overwrite(void);
Suite *suite_preflight(void);
Suite *suite_discover(void);
Suite *suite_record(void);
Suite *suite_ata(void);
Suite *suite_emu_ata(void);
Suite *suite_nvme(void);
Suite *suite_scsi(void);
Suite *suite_policy(void);
Suite *suite_p11uri(void);
Suite *suite_db(void);
Suite *suite_sign(void);
Suite *suite_custody(void);
Suite *suite_batch(void);
Suite *suite_proof(void);
Suite *suite_verdicts(void);
Suite *suite_ui(void);
Suite *suite_l10n(void);

/* A fresh directory under $TMPDIR for one test; removed by tmpdir_remove. */
void tmpdir_make(char *out, size_t len);
void tmpdir_remove(const char *dir);

#endif

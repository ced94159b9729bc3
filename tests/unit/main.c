/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/util.h"
#include "suites.h"

void tmpdir_make(char *out, size_t len)
{
	const char *t = getenv("TMPDIR");
	snprintf(out, len, "%s/massho-unit-XXXXXX", t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(out));
}

void tmpdir_remove(const char *dir)
{
	char cmd[600];
	/* Only ever our own mkdtemp directories. */
	if (strstr(dir, "/massho-unit-")) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
}

int main(void)
{
	SRunner *sr = srunner_create(suite_json());
	srunner_add_suite(sr, suite_util());
	srunner_add_suite(sr, suite_pattern());
	srunner_add_suite(sr, suite_emu());
	srunner_add_suite(sr, suite_overwrite());
	srunner_add_suite(sr, suite_preflight());
	srunner_add_suite(sr, suite_discover());
	srunner_add_suite(sr, suite_record());
	srunner_add_suite(sr, suite_ata());
	srunner_add_suite(sr, suite_emu_ata());
	srunner_add_suite(sr, suite_nvme());
	srunner_add_suite(sr, suite_scsi());
	srunner_add_suite(sr, suite_policy());
	srunner_add_suite(sr, suite_p11uri());
	srunner_add_suite(sr, suite_db());
	srunner_add_suite(sr, suite_sign());
	srunner_add_suite(sr, suite_custody());
	srunner_add_suite(sr, suite_batch());
	srunner_add_suite(sr, suite_proof());
	srunner_add_suite(sr, suite_verdicts());
	srunner_add_suite(sr, suite_ui());
	srunner_add_suite(sr, suite_l10n());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

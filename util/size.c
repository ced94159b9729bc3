/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "size.h"

#include <stdio.h>

void ms_size_iec(uint64_t bytes, char *out, size_t len)
{
	static const char suffix[] = "BKMGTPE";
	unsigned shift = 0;
	while (shift < 60 && bytes >> (shift + 10))
		shift += 10;
	uint64_t whole = bytes >> shift;
	unsigned tenths = 0;
	if (shift) {
		uint64_t rest = bytes & ((UINT64_C(1) << shift) - 1);
		/* rest < 2^60, so rest * 10 plus a half still fits in 64 bits */
		tenths = (unsigned)((rest * 10 + (UINT64_C(1) << (shift - 1))) >> shift);
		if (tenths == 10) {
			whole++;
			tenths = 0;
		}
	}
	char unit = suffix[shift / 10];
	if (tenths)
		snprintf(out, len, "%llu.%u%c", (unsigned long long)whole, tenths, unit);
	else
		snprintf(out, len, "%llu%c", (unsigned long long)whole, unit);
}

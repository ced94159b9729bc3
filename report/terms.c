/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "terms.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../erase/methods.h"
#include "../util/util.h"

const char *ms_term_outcome(const char *o)
{
	static const char *const map[][2] = {
		{"completed", "完了 / completed"},
		{"completed with errors", "完了（読み書きできない領域あり） / completed with errors"},
		{"verification failed", "検証不合格 / verification failed"},
		{"failed", "失敗 / failed"},
		{"interrupted", "中断 / interrupted"},
	};
	for (size_t i = 0; o && i < MS_ARRAY_SIZE(map); i++)
		if (strcmp(o, map[i][0]) == 0)
			return map[i][1];
	return o ? o : "-";
}

void ms_term_method(const char *id, char *out, size_t len)
{
	enum ms_method m;
	if (id && ms_method_parse(id, &m) == 0 && ms_method(m)->ja)
		snprintf(out, len, "%s / %s", ms_method(m)->ja, id);
	else
		snprintf(out, len, "%s", id ? id : "-");
}

void ms_term_class(const char *cls, char *out, size_t len)
{
	if (cls && strcmp(cls, "mynumber") == 0)
		snprintf(out, len, "マイナンバー利用事務系 / My Number domain");
	else if (cls && cls[0] >= '1' && cls[0] <= '3' && !cls[1])
		snprintf(out, len, "機密性%s / confidentiality class %s", cls, cls);
	else
		snprintf(out, len, "%s", cls ? cls : "-");
}

void ms_term_row(const char *row, char *out, size_t len)
{
	snprintf(out, len, "図表41 (%s) / Figure 41 row (%s)", row ? row : "-", row ? row : "-");
}

const char *ms_term_jst(const char *iso, char *out, size_t len)
{
	struct tm tm = {0};
	const char *rest = iso ? strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
	/* only times in UTC (what records write): anything else is printed as it is */
	if (!rest || (strcmp(rest, "Z") != 0 && strcmp(rest, "+00:00") != 0)) {
		snprintf(out, len, "%s", iso ? iso : "-");
		return out;
	}
	time_t t = timegm(&tm) + 9 * 3600;
	struct tm jst;
	gmtime_r(&t, &jst);
	char buf[40];
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +09:00", &jst);
	snprintf(out, len, "%s", buf);
	return out;
}

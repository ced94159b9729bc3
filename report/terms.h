/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A certificate is a Japanese official document: the record's English values are printed
 * with the guideline's Japanese terms beside them, and times in Japan Standard Time with
 * the offset (the record keeps UTC). Pure. */
#ifndef MS_REPORT_TERMS_H
#define MS_REPORT_TERMS_H

#include <stddef.h>

/* "完了 / completed"; the value itself when it is not an outcome massho writes. */
const char *ms_term_outcome(const char *outcome);
/* "暗号化消去（サニタイズ） / sanitize-crypto"; the id alone when unknown. */
void ms_term_method(const char *id, char *out, size_t len);
/* "機密性3 / confidentiality class 3", "マイナンバー利用事務系 / My Number domain". */
void ms_term_class(const char *cls, char *out, size_t len);
/* "図表41 (2) / Figure 41 row (2)". */
void ms_term_row(const char *row, char *out, size_t len);
/* An ISO 8601 UTC time of a record ("2026-11-29T05:05:12+00:00" or "...Z") as
 * "2026-11-29 14:05:12 +09:00"; the text unchanged when it is not one. Returns out. */
const char *ms_term_jst(const char *iso, char *out, size_t len);

#endif

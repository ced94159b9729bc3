/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bilingual PDF certificate, rendered from a record (erasure, handover or
 * destruction) with libharu: A4, Japanese and English side by side, the IPAex Gothic
 * font embedded, a QR code with the record id and hash, the record JSON embedded. The
 * result is unsigned; sign.c appends the signature as an incremental update. */
#ifndef MS_REPORT_PDF_H
#define MS_REPORT_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "../util/json.h"

#define MS_PDF_FONT "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"

struct ms_pdf_opts {
	const char *record_path;     /* embedded as the attachment (its bytes are what is hashed) */
	const char *record_sha256;   /* of those bytes: in the QR code and on the page */
	const char *font;            /* NULL: MS_PDF_FONT */
	const char *organisation, *contract, *contractor, *place, *asset, *source_host, *destination;
	const char *operator_name, *witness;
	const char **photos;         /* destruction certificates: image files to embed */
	size_t nphotos;
	/* The station ledger's entry this certificate becomes and the hash it extends (on the
	 * page, and as "massho-ledger:SEQ:PREV" in the signed Info /Subject); NULL: none. */
	uint64_t ledger_seq;
	const char *ledger_prev;
	/* A certificate issued after the fact (`report pdf`): whose journal vouched for the
	 * record, printed on the page. NULL: issued by the job itself. */
	const char *vouched_by;
};

/* The Info /Subject prefix of the ledger binding. */
#define MS_PDF_LEDGER_TAG "massho-ledger:"

/* Render rec. *pdf is malloc'd. Returns 0, -EILSEQ when a text field holds a character
 * outside the Basic Multilingual Plane (why names the field: libharu would print it as a
 * space, and a wrong name must never be printed), -ENOENT (font missing), or -EIO. */
int ms_pdf_render(const struct ms_json *rec, const struct ms_pdf_opts *o, unsigned char **pdf, size_t *len,
		  char *why, size_t whylen);

/* Rename the embedded record (libharu names it by its path) to its base name, in place,
 * moving no byte offset. Pure; does nothing when the layout is not libharu's. */
void ms_pdf_attachment_base_name(unsigned char *pdf, size_t len);

/* The most characters a text given for the certificate (organisation, operator...) may
 * have: the page prints it whole on at most a few lines, it never cuts it. */
#define MS_PDF_FIELD_MAX 200

/* Why the certificate cannot print s — not UTF-8, a character outside the BMP (libharu
 * would print a space), more than max_chars characters (0: no limit) — or NULL. The text
 * follows the field's name ("--organisation is not valid UTF-8"). Pure. */
const char *ms_pdf_text_problem(const char *s, size_t max_chars);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a certificate carries as PDF attachments: the record, and a destruction's photos —
 * named by their base names, so that an auditor's `pdfdetach -saveall` writes where it runs
 * and `report verify` finds each photo by the name the record lists. */
#include <errno.h>
#include <hpdf.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "attach.h"
#include "pdf.h"

/* The string literal between f (after its '(') and close (its ')') becomes its base name,
 * moved to the front and padded with spaces after the ')' so that no offset moves. */
static void base_name_of(const char *f, const char *close)
{
	const char *start = f;
	for (const char *p = f; p < close; p++) {
		if (*p == '/' || (p + 4 <= close && memcmp(p, "\\057", 4) == 0))
			start = p + (*p == '/' ? 1 : 4);
		if (*p == '\\' && p + 1 < close)
			p += *p == '\\' && p[1] == '0' ? 3 : 1; /* an escape is one character */
	}
	if (start == f)
		return;
	size_t n = (size_t)(close - start);
	char *out = (char *)f;
	memmove(out, start, n);
	out[n] = ')';
	memset(out + n + 1, ' ', (size_t)(close - out) - n);
}

/* One attachment's name, from the "/EF <<" at ef. */
static void base_name_at(unsigned char *pdf, const char *ef)
{
	size_t back = (size_t)(ef - (const char *)pdf);
	const char *f = NULL;
	for (size_t i = back >= 4 ? back - 4 : 0; i > 0 && back - i < 4096 && !f; i--)
		if (memcmp(pdf + i, "/F (", 4) == 0)
			f = (const char *)pdf + i + 4;
	const char *close = f ? memchr(f, ')', (size_t)(ef - f)) : NULL;
	if (close)
		base_name_of(f, close);
}

/* The keys of the embedded files' name tree ("/Names [(key) N 0 R ...]"): libharu uses
 * the path there too, and tools name extracted files by it. */
static void base_name_keys(unsigned char *pdf, size_t len, const char *names)
{
	const char *end = memchr(names, ']', len - (size_t)(names - (const char *)pdf));
	for (const char *p = names; end && p < end; p++) {
		if (*p != '(')
			continue;
		const char *close = p + 1;
		while (close < end && *close != ')')
			close += *close == '\\' ? 2 : 1;
		if (close >= end)
			return;
		base_name_of(p + 1, close);
		p = close;
	}
}

/* libharu names each embedded file (the record, a destruction's photos) by the path it
 * was given (a '/' written as \057): `pdfdetach -saveall` on the auditor's machine would
 * write to that path. Rename each to its base name in place, padding with spaces after the
 * string (white space between tokens) so that no byte offset moves. Pure. */
void ms_pdf_attachment_base_name(unsigned char *pdf, size_t len)
{
	size_t at = 0;
	const char *ef;
	while (at < len && (ef = ms_mem_find(pdf + at, len - at, "/EF <<"))) {
		base_name_at(pdf, ef);
		at = (size_t)(ef - (const char *)pdf) + 6;
	}
	for (at = 0; at < len && (ef = ms_mem_find(pdf + at, len - at, "/Names [")); at = (size_t)(ef - (const char *)pdf) + 8)
		base_name_keys(pdf, len, ef + 8);
}

/* A destruction certificate carries its photos (covered by the signature, verifiable from
 * the PDF alone): each the record lists must be given, under the name it lists. */
static int attach_photos(HPDF_Doc pdf, const struct ms_json *rec, const struct ms_pdf_opts *o, char *why,
			 size_t whylen)
{
	const struct ms_json *ph = ms_json_get(rec, "photos");
	size_t n = ph ? ph->n : 0;
	if (n != o->nphotos) {
		snprintf(why, whylen, N_("%s: lists %zu photos and %zu were given: each is embedded in the certificate "
			 "(give them with --photo, in the record's order)"), o->record_path ? o->record_path : N_("the record"), n,
			 o->nphotos);
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		const char *want = ms_json_get_str(ph->items[i], "file");
		if (!want || strcmp(ms_path_base(o->photos[i]), want) != 0) {
			snprintf(why, whylen, N_("%s: the record lists %s here: give the photos in the record's order"), o->photos[i],
				 want ? want : N_("no name"));
			return -EINVAL;
		}
		if (!HPDF_AttachFile(pdf, o->photos[i])) {
			snprintf(why, whylen, N_("%s: cannot embed the photo"), o->photos[i]);
			return -EIO;
		}
	}
	return 0;
}

int ms_pdf_attach(HPDF_Doc pdf, const struct ms_json *rec, const struct ms_pdf_opts *o, char *why, size_t whylen)
{
	/* the record first: `report verify` takes the first embedded file as the record */
	if (o->record_path && !HPDF_AttachFile(pdf, o->record_path)) {
		snprintf(why, whylen, N_("%s: cannot embed the record"), o->record_path);
		return -EIO;
	}
	const char *kind = ms_json_get_str(rec, "kind");
	/* a destruction's photos, and those of a drive handed over by its label */
	bool photos = kind && (strcmp(kind, "destruction") == 0 || strcmp(kind, "handover") == 0);
	return photos ? attach_photos(pdf, rec, o, why, whylen) : 0;
}

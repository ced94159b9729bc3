/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A destruction certificate's photos as PDF attachments (report/attach.c; the renaming of
 * every attachment to its base name is ms_pdf_attachment_base_name(), pdf.h). */
#ifndef MS_REPORT_ATTACH_H
#define MS_REPORT_ATTACH_H

#include <hpdf.h>
#include <stddef.h>

#include "../util/json.h"
#include "pdf.h"

/* Embed the record (o->record_path, when given: first, `report verify` takes the first
 * embedded file as the record) and, for a destruction or handover record, each photo it
 * lists, from o->photos (the same count, each with the base name the record lists, in its
 * order).
 * Returns 0, or -EINVAL (photos missing or in another order) / -EIO with why: a
 * destruction certificate is issued only with its photos inside. */
int ms_pdf_attach(HPDF_Doc pdf, const struct ms_json *rec, const struct ms_pdf_opts *o, char *why, size_t whylen);

#endif

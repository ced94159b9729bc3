/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Destruction photos. massho itself never parses a photo: `massho destroy --photo FILE`
 * hashes the file (cli/destroy.c), and the destruction certificate embeds it
 * (report/pdf.c, destruction_body), where the file name's extension alone picks libharu's
 * PNG loader (libpng) or its own JPEG header parser; an image libharu cannot read stays
 * listed by its hash only. So the bytes of a photo reach libharu, and this target feeds
 * the input to both loaders as pdf.c calls them: from a file named .png and .jpg, then
 * the image's size, a drawing on a page and the document saved. ms_pdf_render itself
 * takes 0.1 s a page (the Japanese font), so one input in 16, chosen by its bytes (a
 * crash replays), also goes through it as a destruction certificate with both photos.
 * libharu and libpng are Debian's, not instrumented: coverage guides little here, and
 * ASan sees their crashes, not their every stray read. */
#include "fuzz.h"

#include <hpdf.h>

#include "../../report/pdf.h"
#include "../../report/photo.h"
#include "../../util/json.h"

/* A destruction record as massho destroy writes it (trimmed), naming two photos. */
static const char record[] =
	"{\"schema_version\":1,\"record_id\":\"DS-20261129T234757Z-772ab14d\",\"kind\":\"destruction\","
	"\"destroyed_at\":\"2026-11-29T23:47:57+00:00\",\"device\":{\"model\":\"MASSHO EMU SATA SSD\","
	"\"serial\":\"EMUSSDAF434A9DD3\"},\"method\":\"shred\",\"witness\":\"W\",\"operator\":\"O\","
	"\"photos\":[{\"file\":\"photo.jpg\",\"sha256\":\"0\",\"bytes\":1},"
	"{\"file\":\"photo.png\",\"sha256\":\"0\",\"bytes\":1}],"
	"\"deadline\":{\"destroy_by\":\"2026-12-29\",\"destroyed_on\":\"2026-11-29\",\"met\":true,\"days_late\":0}}";
static struct ms_json *rec;
static char jpg[160], png[160];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rec = ms_json_parse(record, strlen(record), NULL, 0);
	if (!rec)
		abort();
	snprintf(jpg, sizeof jpg, "%s/photo.jpg", fuzz_tmpdir());
	snprintf(png, sizeof png, "%s/photo.png", fuzz_tmpdir());
	return 0;
}

/* libharu reports errors through the handler and then returns failure; as in pdf.c,
 * an image that fails is simply not drawn. */
static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
	(void)e;
	(void)detail;
	(void)data;
}

/* What destruction_body does with one photo, on a page of its own. */
static void load(const char *path, bool is_png)
{
	char why[200];
	if (ms_photo_check_image(path, why, sizeof why))
		return; /* as report/pdf.c does: what the check refuses never reaches libharu */
	HPDF_Doc pdf = HPDF_New(on_error, NULL);
	if (!pdf)
		return;
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Image img = is_png ? HPDF_LoadPngImageFromFile(pdf, path) : HPDF_LoadJpegImageFromFile(pdf, path);
	HPDF_ResetError(pdf);
	if (img && page) {
		float w = (float)HPDF_Image_GetWidth(img), h = (float)HPDF_Image_GetHeight(img);
		float sw = 200, sh = w > 0 ? h * sw / w : 0;
		if (sh > 200) {
			sw = sw * 200 / sh;
			sh = 200;
		}
		HPDF_Page_DrawImage(page, img, 100, 400, sw, sh);
		HPDF_SaveToStream(pdf);
	}
	HPDF_Free(pdf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file("photo.jpg", data, size);
	fuzz_file("photo.png", data, size);
	load(png, true);
	load(jpg, false);
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	if (h % 16 == 0) {
		const char *photos[] = {jpg, png};
		struct ms_pdf_opts o = {.record_sha256 = "0", .photos = photos, .nphotos = 2};
		unsigned char *pdf = NULL;
		size_t len;
		char why[300];
		if (ms_pdf_render(rec, &o, &pdf, &len, why, sizeof why) == 0)
			free(pdf);
	}
	return 0;
}

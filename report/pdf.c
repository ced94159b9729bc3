/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pdf.h"
#include "attach.h"
#include "photo.h"
#include "terms.h"

#include <errno.h>
#include <hpdf.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/i18n.h"
#include "../util/util.h"

#define PAGE_W 595.0f
#define PAGE_H 842.0f
#define MARGIN 40.0f
#define LABEL_W 200.0f

struct doc {
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font font;
	float y;
	int pages;
	HPDF_STATUS err;
	const char *title_ja, *title_en, *id;
};

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
	(void)detail;
	struct doc *d = data;
	if (!d->err)
		d->err = e;
}

const char *ms_pdf_text_problem(const char *s, size_t max_chars)
{
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; chars++) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		if (n == 4)
			return N_("holds a character outside the Basic Multilingual Plane, which the certificate font cannot "
			       "print (it would become a space): give the BMP form of the name");
		if (!n)
			return N_("is not valid UTF-8");
		unsigned cp = n == 1 ? *p : *p & (n == 2 ? 0x1F : 0x0F);
		for (size_t i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return N_("is not valid UTF-8");
			cp = cp << 6 | (p[i] & 0x3F);
		}
		/* overlong forms and UTF-16 surrogates are not characters */
		if ((n == 2 && cp < 0x80) || (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))))
			return N_("is not valid UTF-8");
		p += n;
	}
	if (max_chars && chars > max_chars)
		return N_("is longer than the certificate prints (200 characters at most)");
	return NULL;
}

/* The first string in v (depth first) the certificate cannot print: its dotted path. */
static const char *find_unprintable(const struct ms_json *v, char *path, size_t len)
{
	if (v->type == MS_JSTR)
		return ms_pdf_text_problem(v->s, 0);
	for (size_t i = 0; i < v->n; i++) {
		size_t n = strlen(path);
		if (v->type == MS_JOBJ)
			snprintf(path + n, len - n, "%s%s", n ? "." : "", v->keys[i]);
		else
			snprintf(path + n, len - n, "[%zu]", i);
		const char *p = find_unprintable(v->items[i], path, len);
		if (p)
			return p;
		path[n] = '\0';
	}
	return NULL;
}

static const char *S(const struct ms_json *rec, const char *path)
{
	const struct ms_json *v = ms_json_path(rec, path);
	if (!v)
		return "-";
	if (v->type == MS_JSTR)
		return v->s[0] ? v->s : "-";
	if (v->type == MS_JNUM)
		return v->s;
	if (v->type == MS_JBOOL)
		return v->b ? "yes / はい" : "no / いいえ";
	return "-";
}

static void new_page(struct doc *d)
{
	d->page = HPDF_AddPage(d->pdf);
	HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	d->pages++;
	d->y = PAGE_H - MARGIN;
	if (d->pages > 1) {
		HPDF_Page_BeginText(d->page);
		HPDF_Page_SetFontAndSize(d->page, d->font, 8);
		char t[160];
		snprintf(t, sizeof t, "%s / %s — %s (%d)", d->title_ja, d->title_en, d->id, d->pages);
		HPDF_Page_TextOut(d->page, MARGIN, d->y - 8, t);
		HPDF_Page_EndText(d->page);
		d->y -= 22;
	}
}

static void need(struct doc *d, float h)
{
	if (d->y - h < MARGIN + 20)
		new_page(d);
}

static void text(struct doc *d, float x, float y, float size, const char *s)
{
	HPDF_Page_BeginText(d->page);
	HPDF_Page_SetFontAndSize(d->page, d->font, size);
	HPDF_Page_TextOut(d->page, x, y, s);
	HPDF_Page_EndText(d->page);
}

/* Split s into lines that fit width, on UTF-8 character boundaries. */
static int wrap(struct doc *d, const char *s, float size, float width, char lines[][256], int max)
{
	HPDF_Page_SetFontAndSize(d->page, d->font, size);
	int n = 0;
	while (*s && n < max) {
		size_t fit = 0, i = 0;
		char buf[256];
		while (s[i] && i < sizeof buf - 5) {
			size_t cl = ((unsigned char)s[i] >= 0xE0) ? 3 : ((unsigned char)s[i] >= 0xC0) ? 2 : 1;
			memcpy(buf, s, i + cl);
			buf[i + cl] = '\0';
			if (HPDF_Page_TextWidth(d->page, buf) > width)
				break;
			i += cl;
			fit = i;
		}
		if (!fit)
			fit = 1;
		memcpy(lines[n], s, fit);
		lines[n][fit] = '\0';
		n++;
		s += fit;
	}
	return n;
}

static void section(struct doc *d, const char *ja, const char *en)
{
	need(d, 40);
	d->y -= 8;
	HPDF_Page_SetRGBFill(d->page, 0.90f, 0.92f, 0.96f);
	HPDF_Page_Rectangle(d->page, MARGIN, d->y - 14, PAGE_W - 2 * MARGIN, 15);
	HPDF_Page_Fill(d->page);
	HPDF_Page_SetRGBFill(d->page, 0, 0, 0);
	char t[160];
	snprintf(t, sizeof t, "%s / %s", ja, en);
	text(d, MARGIN + 4, d->y - 10.5f, 10, t);
	d->y -= 18;
}

static void row(struct doc *d, const char *ja, const char *en, const char *value)
{
	char label[160], lines[12][256], llines[3][256];
	snprintf(label, sizeof label, "%s / %s", ja, en);
	int n = wrap(d, value && *value ? value : "-", 8.5f, PAGE_W - 2 * MARGIN - LABEL_W - 4, lines, 12);
	int ln = wrap(d, label, 8, LABEL_W - 10, llines, 3);
	int h = n > ln ? n : ln;
	need(d, 11.0f * (float)h + 2);
	for (int i = 0; i < ln; i++)
		text(d, MARGIN + 4, d->y - 9 - 11.0f * (float)i, 8, llines[i]);
	for (int i = 0; i < n; i++)
		text(d, MARGIN + LABEL_W, d->y - 9 - 11.0f * (float)i, 8.5f, lines[i]);
	d->y -= 11.0f * (float)h + 2;
	HPDF_Page_SetRGBStroke(d->page, 0.85f, 0.85f, 0.85f);
	HPDF_Page_SetLineWidth(d->page, 0.3f);
	HPDF_Page_MoveTo(d->page, MARGIN, d->y + 1);
	HPDF_Page_LineTo(d->page, PAGE_W - MARGIN, d->y + 1);
	HPDF_Page_Stroke(d->page);
}

static void qr(struct doc *d, const char *payload, float x, float y, float size)
{
	QRcode *q = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return;
	float m = size / (float)(q->width + 8);
	HPDF_Page_SetRGBFill(d->page, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				HPDF_Page_Rectangle(d->page, x + (float)(c + 4) * m, y + size - (float)(r + 5) * m, m, m);
	HPDF_Page_Fill(d->page);
	QRcode_free(q);
}

static void header(struct doc *d, const struct ms_json *rec, const struct ms_pdf_opts *o)
{
	char t[200];
	text(d, MARGIN, d->y - 20, 18, d->title_ja);
	text(d, MARGIN, d->y - 38, 12, d->title_en);
	snprintf(t, sizeof t, "証明書番号 / Certificate ID: %s", d->id);
	text(d, MARGIN, d->y - 56, 9, t);
	const char *issued = ms_json_get_str(rec, "ended_at");
	if (!issued)
		issued = ms_json_get_str(rec, "issued_at");
	if (!issued)
		issued = ms_json_get_str(rec, "destroyed_at");
	char jst[48];
	snprintf(t, sizeof t, "発行日時 / Issued: %s", ms_term_jst(issued, jst, sizeof jst));
	text(d, MARGIN, d->y - 68, 9, t);
	snprintf(t, sizeof t, "記録 SHA-256 / Record SHA-256: %.32s", o->record_sha256);
	text(d, MARGIN, d->y - 80, 7.5f, t);
	snprintf(t, sizeof t, "%s", o->record_sha256 + 32);
	text(d, MARGIN + 122, d->y - 89, 7.5f, t);
	snprintf(t, sizeof t, "massho:%s:%s", d->id, o->record_sha256);
	qr(d, t, PAGE_W - MARGIN - 92, d->y - 92, 92);
	d->y -= 100;
}

/* The record's own account of the work when it has one (its signature covers it), else
 * what the issuer was given. */
static const char *work(const struct ms_json *rec, const char *key, const char *given)
{
	const char *v = ms_json_get_str(ms_json_get(rec, "work"), key);
	return v ? v : given;
}

static void org_section(struct doc *d, const struct ms_json *rec, const struct ms_pdf_opts *o)
{
	section(d, "組織・作業", "Organisation and work");
	row(d, "団体", "Organisation", work(rec, "organisation", o->organisation));
	row(d, "契約番号", "Contract number", work(rec, "contract", o->contract));
	row(d, "事業者", "Contractor", work(rec, "contractor", o->contractor));
	row(d, "作業場所", "Place", work(rec, "place", o->place));
	row(d, "資産番号", "Asset number", work(rec, "asset", o->asset));
	row(d, "取外し元", "Host it came from", work(rec, "source_host", o->source_host));
	row(d, "媒体の行き先", "Destination of the medium", work(rec, "destination", o->destination));
}

static void device_section(struct doc *d, const struct ms_json *rec)
{
	char t[200];
	section(d, "対象装置", "Device");
	/* the manufacturer (sysfs says "ATA" for every SATA drive), else the vendor as reported */
	const char *make = ms_json_get_str(ms_json_get(rec, "device"), "make");
	snprintf(t, sizeof t, "%s %s", make ? make : S(rec, "device.vendor"), S(rec, "device.model"));
	row(d, "製造元・型番", "Make and model", t);
	const char *src = ms_json_get_str(ms_json_get(rec, "device"), "serial_source");
	if (src && strcmp(src, "usb-descriptor") == 0) { /* the enclosure's, not the drive's */
		snprintf(t, sizeof t, "%s（USBブリッジの記述子による。装置自身のものではない / from the USB bridge's "
			 "descriptor, not the drive's own）", S(rec, "device.serial"));
		row(d, "シリアル番号", "Serial number", t);
	} else {
		row(d, "シリアル番号", "Serial number", S(rec, "device.serial"));
	}
	const struct ms_json *stable = ms_json_path(rec, "device.stable_identity");
	if (stable && stable->type == MS_JBOOL && !stable->b)
		row(d, "識別の限界", "Identity", "シリアル番号・WWNなし：接続経路でのみ識別 / no serial number or WWN: "
		    "identified by its path only, not a stable identity of the drive");
	row(d, "ファームウェア", "Firmware", S(rec, "device.firmware"));
	row(d, "WWN", "World wide name", S(rec, "device.wwn"));
	uint64_t cap = 0;
	ms_json_get_u64(ms_json_get(rec, "device"), "capacity_bytes", &cap);
	char h[32];
	ms_human_size(cap, h, sizeof h);
	snprintf(t, sizeof t, "%s (%llu bytes)", h, (unsigned long long)cap);
	if (ms_json_path(rec, "device.capacity_bytes"))
		row(d, "容量", "Capacity", t);
	snprintf(t, sizeof t, "%s / %s bytes", S(rec, "device.logical_sector_size"), S(rec, "device.physical_sector_size"));
	if (ms_json_path(rec, "device.logical_sector_size"))
		row(d, "セクタ長 論理/物理", "Sector size logical/physical", t);
	if (ms_json_path(rec, "device.transport")) {
		snprintf(t, sizeof t, "%s / %s%s", S(rec, "device.transport"), S(rec, "device.medium"),
			 ms_json_path(rec, "device.emulated") && ms_json_path(rec, "device.emulated")->b ?
			 " (emulated drive / 模擬装置)" : "");
		row(d, "接続・媒体", "Interface and medium", t);
	}
	if (ms_json_path(rec, "device.power_on_hours"))
		row(d, "通電時間", "Power-on hours", S(rec, "device.power_on_hours"));
	row(d, "識別ハッシュ", "Identity hash (SHA-256)", S(rec, "device.identity_hash"));
}

static void hidden_row(struct doc *d, const struct ms_json *rec, const char *which, const char *ja, const char *en)
{
	char path[64], t[200];
	snprintf(path, sizeof path, "hidden_areas.%s", which);
	const struct ms_json *h = ms_json_path(rec, path);
	if (!h || h->type != MS_JOBJ) {
		row(d, ja, en, "確認せず / not checked");
		return;
	}
	snprintf(t, sizeof t, "accessible %s / native %s / factory %s sectors; HPA %s, DCO %s",
		 S(h, "accessible_sectors"), S(h, "native_sectors"), S(h, "factory_sectors"), S(h, "hpa_present"),
		 S(h, "dco_present"));
	row(d, ja, en, t);
}

/* An NVMe controller with several namespaces: the erase reached each, each was checked. */
static void namespaces_row(struct doc *d, const struct ms_json *rec)
{
	const struct ms_json *nss = ms_json_get(rec, "namespaces");
	char t[1200] = "";
	for (size_t i = 0; nss && nss->type == MS_JARR && nss->n > 1 && i < nss->n && strlen(t) < sizeof t - 200; i++) {
		const struct ms_json *ns = nss->items[i];
		size_t n = strlen(t);
		const struct ms_json *own = ms_json_get(ns, "this_device");
		if (own && own->b)
			snprintf(t + n, sizeof t - n, "%s%s: %s, %s bytes (本証明書の装置 / this device)", i ? "; " : "",
				 S(ns, "nsid"), S(ns, "path"), S(ns, "capacity_bytes"));
		else
			snprintf(t + n, sizeof t - n, "%s%s: %s, %s bytes, %s sectors sampled, now %s, all changed: %s%s%s",
				 i ? "; " : "", S(ns, "nsid"), S(ns, "path"), S(ns, "capacity_bytes"),
				 S(ns, "sample_proof.count"), S(ns, "sample_proof.verdict"), S(ns, "sample_proof.passed"),
				 ms_json_get_str(ns, "content_sha256") ? ", SHA-256 " : "",
				 ms_json_get_str(ns, "content_sha256") ? ms_json_get_str(ns, "content_sha256") : "");
	}
	if (t[0])
		row(d, "名前空間（全て消去）", "NVMe namespaces", t);
}

static void erasure_body(struct doc *d, const struct ms_json *rec)
{
	char t[600];
	const struct ms_json *pol = ms_json_get(rec, "policy");
	section(d, "情報分類", "Classification");
	if (pol && pol->type == MS_JOBJ) {
		ms_term_class(S(pol, "class"), t, sizeof t);
		row(d, "情報の分類", "Information class", t);
		ms_term_row(S(pol, "figure41_row"), t, sizeof t);
		row(d, "図表41の区分", "MIC guideline Figure 41 row", t);
		if (ms_json_get(rec, "completes_handover")) { /* the contractor's erase of a handed-over drive */
			snprintf(t, sizeof t, "%s (SHA-256 %s)", S(rec, "completes_handover.record_id"),
				 S(rec, "completes_handover.sha256"));
			row(d, "完了した引渡し", "Handover completed", t);
		} else if (ms_json_get(pol, "handover_follows") && ms_json_get(pol, "handover_follows")->b) {
			snprintf(t, sizeof t, "引渡し前の庁舎内消去（区分 %s の水準）/ erased on the premises to the level of "
				 "row %s before the handover", S(pol, "erase_row"), S(pol, "erase_row"));
			row(d, "引渡し", "Handover", t);
		}
		const struct ms_json *met = ms_json_get(rec, "figure41_row_met"), *ho = ms_json_get(pol, "handover_follows");
		if (met && met->type == MS_JBOOL && met->b && ho && ho->b) /* the custody column: this is its first part */
			row(d, "図表41の措置", "Figure 41 measure", "庁舎内での消去を満たした（引渡し後、委託事業者が完了する） / "
			    "the erase on the premises was met; the contractor completes the row after the handover");
		else if (met && met->type == MS_JBOOL)
			row(d, "図表41の措置", "Figure 41 measure", met->b ? "満たした / met" :
			    "満たしていない（消去できなかった領域がある、または消去が完了していない） / NOT met (sectors "
			    "that could not be erased, or the erase did not complete)");
		row(d, "NIST SP 800-88 / IEEE 2883", "Sanitization level", S(pol, "nist_level"));
		row(d, "基準", "Policy (SHA-256)", S(pol, "policy_sha256"));
		t[0] = '\0';
		const struct ms_json *rej = ms_json_get(pol, "rejected");
		for (size_t i = 0; rej && i < rej->n; i++) {
			size_t n = strlen(t);
			snprintf(t + n, sizeof t - n, "%s%s: %s", i ? "; " : "", S(rej->items[i], "method"),
				 S(rej->items[i], "why"));
		}
		row(d, "採用しなかった方法と理由", "Stronger methods not used, why", t);
	} else {
		row(d, "情報の分類", "Information class", "指定なし（作業者が方法を選択） / none given (method chosen by the operator)");
	}
	device_section(d, rec);
	section(d, "隠し領域", "Hidden areas (HPA / DCO)");
	hidden_row(d, rec, "before", "消去前", "Before");
	hidden_row(d, rec, "after", "消去後", "After");
	section(d, "消去方法", "Method");
	ms_term_method(S(rec, "method.id"), t, sizeof t);
	row(d, "方法", "Method", t);
	const struct ms_json *passes = ms_json_path(rec, "method.passes");
	/* a count and the patterns, as the guideline counts passes (not bytes) */
	int tn = passes && passes->n ? snprintf(t, sizeof t, "%zu回 / %zu pass%s (", passes->n, passes->n,
						passes->n == 1 ? "" : "es") : 0;
	for (size_t i = 0; passes && i < passes->n && tn > 0 && (size_t)tn < sizeof t; i++)
		tn += snprintf(t + tn, sizeof t - (size_t)tn, "%s%s", i ? ", " : "", S(passes->items[i], "pattern"));
	if (tn > 0 && (size_t)tn < sizeof t - 1) {
		snprintf(t + tn, sizeof t - (size_t)tn, ")");
		row(d, "上書き回数", "Passes", t);
	}
	char jst[48];
	row(d, "開始", "Started", ms_term_jst(S(rec, "started_at"), jst, sizeof jst));
	row(d, "終了", "Ended", ms_term_jst(S(rec, "ended_at"), jst, sizeof jst));
	const struct ms_json *cmds = ms_json_path(rec, "method.commands");
	t[0] = '\0';
	for (size_t i = 0; cmds && i < cmds->n && strlen(t) < sizeof t - 80; i++) {
		size_t n = strlen(t);
		const struct ms_json *ok = ms_json_get(cmds->items[i], "ok");
		snprintf(t + n, sizeof t - n, "%s%s: %s (%s/%s)", i ? "; " : "", S(cmds->items[i], "command"),
			 ok && ok->b ? "ok" : "NG", S(cmds->items[i], "ata_status"), S(cmds->items[i], "ata_error"));
	}
	if (t[0])
		row(d, "発行コマンドと装置の応答", "Commands and device status", t);
	if (ms_json_path(rec, "method.usb_bridge_check") && ms_json_path(rec, "method.usb_bridge_check")->type == MS_JSTR)
		row(d, "USBブリッジ検査", "USB bridge self-test", S(rec, "method.usb_bridge_check"));
	section(d, "結果", "Result");
	row(d, "結果", "Outcome", ms_term_outcome(S(rec, "outcome")));
	const struct ms_json *sup = ms_json_get(rec, "supersedes");
	t[0] = '\0';
	for (size_t i = 0; sup && i < sup->n && strlen(t) < sizeof t - 160; i++) {
		size_t n = strlen(t);
		snprintf(t + n, sizeof t - n, "%s%s (%s, %s)", i ? "; " : "", S(sup->items[i], "job"),
			 S(sup->items[i], "state"), S(sup->items[i], "stopped_at"));
	}
	if (t[0])
		row(d, "中断された作業（本作業で全体を再消去）", "Interrupted jobs, completed by erasing again", t);
	snprintf(t, sizeof t, "%s errors, %s bad bytes", S(rec, "errors.count"), S(rec, "errors.bad_bytes"));
	row(d, "エラー・不良セクタ", "Errors and bad ranges", t);
	snprintf(t, sizeof t, "%s: %s (%s bytes read, %s mismatched sectors)", S(rec, "verification.mode"),
		 S(rec, "verification.result"), S(rec, "verification.bytes_read"), S(rec, "verification.mismatched_sectors"));
	row(d, "検証", "Verification", t);
	if (ms_json_path(rec, "sample_proof.seed")) {
		snprintf(t, sizeof t, "%s sectors, seed %s, now %s, all changed: %s", S(rec, "sample_proof.count"),
			 S(rec, "sample_proof.seed"), S(rec, "sample_proof.verdict"), S(rec, "sample_proof.passed"));
		row(d, "サンプル検証", "Sample proof", t);
	}
	row(d, "内容ハッシュ", "Content hash (SHA-256 of the device)", S(rec, "content_sha256"));
	namespaces_row(d, rec);
	if (ms_json_get_str(rec, "failure"))
		row(d, "失敗の理由", "Failure", S(rec, "failure"));
}

static void handover_body(struct doc *d, const struct ms_json *rec)
{
	char t[200];
	bool row1 = strcmp(S(rec, "figure41_row"), "2") != 0;
	section(d, "状態", "Status");
	row(d, "状態", "Status", row1 ? "物理的破壊待ち / awaiting physical destruction" :
	    "委託事業者による抹消措置待ち / awaiting the contractor's erasure or destruction");
	ms_term_row(S(rec, "figure41_row"), t, sizeof t);
	row(d, "図表41の区分", "MIC guideline Figure 41 row", t);
	ms_term_class(S(rec, "class"), t, sizeof t);
	row(d, "情報の分類", "Information class", t);
	if (!ms_json_path(rec, "pre_erase.why"))
		row(d, "庁舎内消去の水準", "On-premises erase: row level", S(rec, "erasure.row_level"));
	row(d, row1 ? "破壊期限" : "完了期限", row1 ? "Destroy by" : "Complete by", S(rec, "destroy_by"));
	row(d, "立会人", "Witness", S(rec, "witness"));
	row(d, "カメラ・映像", "Camera or video", S(rec, "camera"));
	device_section(d, rec);
	if (ms_json_path(rec, "pre_erase.why")) { /* nothing could be written: identified by its label */
		snprintf(t, sizeof t, "なし / none: %s", S(rec, "pre_erase.why"));
		row(d, "庁舎内での消去", "Erased on the premises", t);
		const struct ms_json *ph = ms_json_get(rec, "photos");
		for (size_t i = 0; ph && i < ph->n; i++) {
			snprintf(t, sizeof t, "%s SHA-256 %s (添付 / attached)", S(ph->items[i], "file"), S(ph->items[i], "sha256"));
			row(d, "写真", "Photo", t);
		}
		return;
	}
	section(d, "消去証明", "Erasure certificate");
	row(d, "証明書番号", "Record ID", S(rec, "erasure.record_id"));
	row(d, "記録 SHA-256", "Record SHA-256", S(rec, "erasure.sha256"));
	row(d, "方法・結果", "Method and outcome", S(rec, "erasure.method"));
	row(d, "結果", "Outcome", S(rec, "erasure.outcome"));
}

static void destruction_body(struct doc *d, const struct ms_json *rec, const struct ms_pdf_opts *o)
{
	char t[300];
	section(d, "破壊", "Destruction");
	ms_term_row(ms_json_get(rec, "figure41_row") ? S(rec, "figure41_row") : "1", t, sizeof t);
	row(d, "図表41の区分", "MIC guideline Figure 41 row", t);
	ms_term_class(ms_json_get_str(rec, "class") ? S(rec, "class") : "mynumber", t, sizeof t);
	row(d, "情報の分類", "Information class", t);
	row(d, "方法", "Method", S(rec, "method"));
	row(d, "機器", "Equipment", S(rec, "equipment"));
	row(d, "場所", "Place", S(rec, "place"));
	char jst[48];
	row(d, "破壊日時", "Time of destruction", ms_term_jst(S(rec, "destroyed_at"), jst, sizeof jst));
	row(d, "記録日時", "Recorded at", ms_term_jst(S(rec, "recorded_at"), jst, sizeof jst));
	row(d, "委託事業者", "Contractor", S(rec, "contractor.organisation"));
	row(d, "作業者", "Destroyed by", S(rec, "contractor.person"));
	row(d, "立会人", "Witness", S(rec, "witness"));
	row(d, "カメラ・映像", "Camera or video", S(rec, "camera"));
	row(d, "装置の確認方法", "How the drive was identified", S(rec, "identified_by"));
	const struct ms_json *met = ms_json_path(rec, "deadline.met");
	snprintf(t, sizeof t, "%s (期限 / deadline %s, 実施 / done %s, %s days late)",
		 met && met->b ? "期限内 / met" : "期限超過 / MISSED", S(rec, "deadline.destroy_by"),
		 S(rec, "deadline.destroyed_on"), S(rec, "deadline.days_late"));
	row(d, "期限", "Deadline", t);
	device_section(d, rec);
	section(d, "参照", "References");
	row(d, "引渡記録", "Handover record", S(rec, "handover.record_id"));
	row(d, "引渡記録 SHA-256", "Handover record SHA-256", S(rec, "handover.sha256"));
	row(d, "消去証明", "Erasure record", S(rec, "erasure.record_id"));
	row(d, "消去証明 SHA-256", "Erasure record SHA-256", S(rec, "erasure.sha256"));
	const struct ms_json *ph = ms_json_get(rec, "photos");
	section(d, "写真", "Photographs");
	for (size_t i = 0; ph && i < ph->n; i++) {
		snprintf(t, sizeof t, "%s (%s bytes) SHA-256 %s", S(ph->items[i], "file"), S(ph->items[i], "bytes"),
			 S(ph->items[i], "sha256"));
		row(d, "写真", "Photo", t);
		if (i < o->nphotos) {
			HPDF_Image img = NULL;
			const char *f = o->photos[i];
			size_t n = strlen(f);
			char why[200];
			bool ok = ms_photo_check_image(f, why, sizeof why) == 0; /* else listed by its hash only */
			HPDF_ResetError(d->pdf);
			if (!ok)
				img = NULL;
			else if (n > 4 && strcasecmp(f + n - 4, ".png") == 0)
				img = HPDF_LoadPngImageFromFile(d->pdf, f);
			else if (n > 4 && (strcasecmp(f + n - 4, ".jpg") == 0 || strcasecmp(f + n - 5, ".jpeg") == 0))
				img = HPDF_LoadJpegImageFromFile(d->pdf, f);
			HPDF_ResetError(d->pdf);
			d->err = 0; /* an image libharu cannot read stays listed by its hash */
			if (img) {
				float w = (float)HPDF_Image_GetWidth(img), h = (float)HPDF_Image_GetHeight(img);
				float sw = 200, sh = w > 0 ? h * sw / w : 0;
				if (sh > 200) {
					sw = sw * 200 / sh;
					sh = 200;
				}
				need(d, sh + 6);
				HPDF_Page_DrawImage(d->page, img, MARGIN + LABEL_W, d->y - sh - 2, sw, sh);
				d->y -= sh + 6;
			}
		}
	}
}

/* A batch: one row per certificate, in the order given; the counts first, so that the
 * reader sees at once whether every drive succeeded. */
static void summary_body(struct doc *d, const struct ms_json *rec)
{
	char t[600], h[32], label[32];
	section(d, "集計", "Totals");
	row(d, "証明書の数", "Certificates", S(rec, "counts.certificates"));
	row(d, "完了・検証済", "Completed and verified", S(rec, "counts.succeeded"));
	row(d, "それ以外", "Not completed or not verified", S(rec, "counts.not_succeeded"));
	section(d, "証明書一覧", "Certificates in this batch");
	const struct ms_json *list = ms_json_get(rec, "certificates");
	for (size_t i = 0; list && i < list->n; i++) {
		const struct ms_json *e = list->items[i];
		uint64_t cap = 0;
		const struct ms_json *ok = ms_json_get(e, "succeeded");
		h[0] = '\0';
		if (ms_json_get_u64(ms_json_get(e, "device"), "capacity_bytes", &cap) == 0)
			ms_human_size(cap, h, sizeof h);
		snprintf(t, sizeof t, "%s %s — S/N %s%s%s — %s — %s%s — %s (SHA-256 %s) — %s %s", ok && ok->b ? "○" : "×",
			 S(e, "device.model"), S(e, "device.serial"), h[0] ? ", " : "", h, S(e, "method"), S(e, "result"),
			 ok && ok->b ? "" : " (要確認 / check it)", S(e, "certificate"), S(e, "certificate_sha256"),
			 S(e, "kind"), S(e, "record_id"));
		snprintf(label, sizeof label, "%zu", i + 1);
		row(d, "番号", label, t);
	}
}

static void signatures(struct doc *d, const struct ms_pdf_opts *o, const struct ms_json *rec)
{
	need(d, 70);
	d->y -= 16;
	const char *op = o->operator_name ? o->operator_name : ms_json_get_str(ms_json_get(rec, "host"), "operator");
	const char *wit = o->witness ? o->witness : ms_json_get_str(rec, "witness");
	const char *labels[3][2] = {{"作業者", "Operator"}, {"立会人・確認者", "Witness / validating official"},
				    {"受領者", "Received by"}};
	const char *names[3] = {op, wit, NULL};
	float w = (PAGE_W - 2 * MARGIN) / 3;
	for (int i = 0; i < 3; i++) {
		char t[160];
		float x = MARGIN + w * (float)i;
		snprintf(t, sizeof t, "%s / %s", labels[i][0], labels[i][1]);
		text(d, x, d->y, 8, t);
		if (names[i] && names[i][0])
			text(d, x, d->y - 14, 9, names[i]);
		HPDF_Page_SetRGBStroke(d->page, 0, 0, 0);
		HPDF_Page_SetLineWidth(d->page, 0.5f);
		HPDF_Page_MoveTo(d->page, x, d->y - 36);
		HPDF_Page_LineTo(d->page, x + w - 14, d->y - 36);
		HPDF_Page_Stroke(d->page);
		text(d, x, d->y - 45, 7, "署名・日付 / signature, date");
	}
	d->y -= 60;
}

static void footer(struct doc *d, const struct ms_json *rec)
{
	char t[600], img[200] = "";
	/* Run from the boot image: which one, by the SHA-256 an auditor compares with the
	 * published massho.iso's. */
	if (ms_json_path(rec, "tool.image"))
		snprintf(img, sizeof img, "; 起動イメージ / boot image %s, SHA-256 %s", S(rec, "tool.image.version"),
			 S(rec, "tool.image.medium_sha256"));
	snprintf(t, sizeof t, "massho %s (binary SHA-256 %.16s…) on %s%s — %s", S(rec, "tool.version"),
		 S(rec, "tool.binary_sha256"), S(rec, "host.hostname"), img,
		 "添付の記録 (JSON) が正本です。検証: massho report verify / The embedded record is authoritative.");
	need(d, 40);
	char lines[4][256];
	int n = wrap(d, t, 7, PAGE_W - 2 * MARGIN, lines, 4);
	for (int i = 0; i < n; i++)
		text(d, MARGIN, d->y - 10 - 9.0f * (float)i, 7, lines[i]);
	d->y -= 10 + 9.0f * (float)n;
}

/* Everything the page prints must be printable whole (pdf.h: ms_pdf_text_problem). */
static int printable(const struct ms_json *rec, const struct ms_pdf_opts *o, char *why, size_t whylen)
{
	char path[256] = "";
	const char *bad = find_unprintable(rec, path, sizeof path);
	if (bad) {
		snprintf(why, whylen, "%s %s", path, bad);
		return -EILSEQ;
	}
	const char *fields[][2] = {{"organisation", o->organisation}, {"contract", o->contract},
				   {"contractor", o->contractor}, {"place", o->place}, {"asset", o->asset},
				   {"source host", o->source_host}, {"destination", o->destination},
				   {"operator", o->operator_name}, {"witness", o->witness}};
	for (size_t i = 0; i < MS_ARRAY_SIZE(fields); i++)
		if (fields[i][1] && (bad = ms_pdf_text_problem(fields[i][1], MS_PDF_FIELD_MAX))) {
			snprintf(why, whylen, "%s %s", fields[i][0], bad);
			return -EILSEQ;
		}
	return 0;
}

/* libharu names the embedded record by the path it was given (a '/' written as \057):
 * `pdfdetach -saveall` on the auditor's machine would write to that path. Rename it to its
 * base name in place, padding with spaces after the string (white space between tokens)
 * so that no byte offset moves. Pure. */
int ms_pdf_render(const struct ms_json *rec, const struct ms_pdf_opts *o, unsigned char **out, size_t *len,
		  char *why, size_t whylen)
{
	int r = printable(rec, o, why, whylen);
	if (r)
		return r;
	const char *font = o->font ? o->font : MS_PDF_FONT;
	if (access(font, R_OK) != 0) {
		snprintf(why, whylen, N_("%s: the Japanese font is missing (fonts-ipaexfont-gothic)"), font);
		return -ENOENT;
	}
	const char *kind = ms_json_get_str(rec, "kind");
	struct doc d = {.id = ms_json_get_str(rec, "record_id")};
	if (kind && strcmp(kind, "handover") == 0) {
		bool row2 = strcmp(S(rec, "figure41_row"), "2") == 0;
		d.title_ja = row2 ? "引渡し記録（抹消措置待ち）" : "引渡し記録（物理的破壊待ち）";
		d.title_en = row2 ? "Handover record: awaiting the contractor's erasure" :
				    "Handover record: awaiting physical destruction";
	} else if (kind && strcmp(kind, "destruction") == 0) {
		d.title_ja = "物理的破壊完了証明書";
		d.title_en = "Certificate of physical destruction";
	} else if (kind && strcmp(kind, "summary") == 0) {
		d.title_ja = "証明書一覧（一括作業）";
		d.title_en = "Summary of a batch of certificates";
	} else {
		d.title_ja = "データ抹消完了証明書";
		d.title_en = "Certificate of data erasure";
	}
	d.pdf = HPDF_New(on_error, &d);
	if (!d.pdf)
		return -ENOMEM;
	HPDF_SetCompressionMode(d.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(d.pdf);
	HPDF_SetCurrentEncoder(d.pdf, "UTF-8");
	const char *fname = HPDF_LoadTTFontFromFile(d.pdf, font, HPDF_TRUE);
	d.font = fname ? HPDF_GetFont(d.pdf, fname, "UTF-8") : NULL;
	HPDF_SetInfoAttr(d.pdf, HPDF_INFO_TITLE, d.title_en);
	HPDF_SetInfoAttr(d.pdf, HPDF_INFO_CREATOR, "massho");
	HPDF_SetInfoAttr(d.pdf, HPDF_INFO_KEYWORDS, o->record_sha256);
	char binding[128];
	if (o->ledger_prev) {
		snprintf(binding, sizeof binding, MS_PDF_LEDGER_TAG "%llu:%.64s", (unsigned long long)o->ledger_seq,
			 o->ledger_prev);
		HPDF_SetInfoAttr(d.pdf, HPDF_INFO_SUBJECT, binding);
	}
	r = 0;
	if (!d.font || d.err) {
		snprintf(why, whylen, N_("%s: libharu cannot load the font (error 0x%04X)"), font, (unsigned)d.err);
		r = -EIO;
		goto out;
	}
	new_page(&d);
	header(&d, rec, o);
	org_section(&d, rec, o);
	if (kind && strcmp(kind, "handover") == 0)
		handover_body(&d, rec);
	else if (kind && strcmp(kind, "destruction") == 0)
		destruction_body(&d, rec, o);
	else if (kind && strcmp(kind, "summary") == 0)
		summary_body(&d, rec);
	else
		erasure_body(&d, rec);
	section(&d, "記録", "Record");
	row(&d, "記録番号", "Record ID", d.id);
	row(&d, "記録 SHA-256", "Record SHA-256 (embedded file)", o->record_sha256);
	if (o->vouched_by)
		row(&d, "記録の確認", "Record vouched for by", o->vouched_by);
	if (o->ledger_prev) {
		char t[160];
		snprintf(t, sizeof t, "%llu (前の項目 / after %.16s…)", (unsigned long long)o->ledger_seq, o->ledger_prev);
		row(&d, "発行台帳の番号", "Station ledger entry", t);
	}
	signatures(&d, o, rec);
	footer(&d, rec);
	if ((r = ms_pdf_attach(d.pdf, rec, o, why, whylen)))
		goto out;
	if (d.err || HPDF_SaveToStream(d.pdf) != HPDF_OK) {
		snprintf(why, whylen, N_("libharu failed (error 0x%04X)"), (unsigned)d.err);
		r = -EIO;
		goto out;
	}
	HPDF_UINT32 size = HPDF_GetStreamSize(d.pdf);
	unsigned char *buf = malloc(size ? size : 1);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	HPDF_ResetStream(d.pdf);
	HPDF_UINT32 got = size;
	if (HPDF_ReadFromStream(d.pdf, buf, &got) != HPDF_OK && got != size) {
		free(buf);
		snprintf(why, whylen, N_("libharu failed to hand the PDF over"));
		r = -EIO;
		goto out;
	}
	ms_pdf_attachment_base_name(buf, got);
	*out = buf;
	*len = got;
out:
	HPDF_Free(d.pdf);
	return r;
}

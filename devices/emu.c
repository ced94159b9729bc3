/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "emu.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "emu_internal.h"

struct profile {
	const char *name, *model, *serial_prefix, *firmware, *vendor;
	enum ms_medium medium;
	enum ms_transport transport;
	uint32_t logical, physical;
	bool rotational, removable;
	uint64_t capacity;
	struct ms_emu_ata_caps caps;
};

#define MIB(n) ((uint64_t)(n) << 20)
/* Sector counts below are for the default capacities (512-byte sectors). */
static const struct profile profiles[] = {
	{"sata-hdd", "MASSHO EMU HDD 7200", "EMUHDD", "EMU1.0", "ATA", MS_MEDIUM_HDD, MS_TRANSPORT_SATA,
	 512, 4096, true, false, MIB(256),
	 {.ata = true, .security = true, .enhanced = true, .erase_minutes = 60, .enhanced_minutes = 60,
	  .hpa = true, .dco = true}},
	{"sata-hdd-hpa", "MASSHO EMU HDD HPA", "EMUHPA", "EMU1.0", "ATA", MS_MEDIUM_HDD, MS_TRANSPORT_SATA,
	 512, 4096, true, false, MIB(256),
	 {.ata = true, .security = true, .erase_minutes = 60, .hpa = true, .dco = true,
	  .init_hpa = MIB(224), .init_dco = MIB(240)}},
	{"sata-old", "MASSHO EMU OLD HDD", "EMUOLD", "3.AAH", "ATA", MS_MEDIUM_HDD, MS_TRANSPORT_SATA,
	 512, 512, true, false, MIB(128), {.ata = true, .security = true, .erase_minutes = 36}},
	{"sata-ssd", "MASSHO EMU SATA SSD", "EMUSSD", "EMU1.0", "ATA", MS_MEDIUM_SSD, MS_TRANSPORT_SATA,
	 512, 4096, false, false, MIB(256),
	 {.ata = true, .security = true, .enhanced = true, .erase_minutes = 2, .enhanced_minutes = 2,
	  .hpa = true, .san_block = true, .san_crypto = true, .san_overwrite = true}},
	{"sata-ssd-frozen", "MASSHO EMU SATA SSD", "EMUFRZ", "EMU1.0", "ATA", MS_MEDIUM_SSD, MS_TRANSPORT_SATA,
	 512, 4096, false, false, MIB(256),
	 {.ata = true, .security = true, .enhanced = true, .erase_minutes = 2, .enhanced_minutes = 2,
	  .hpa = true, .san_block = true, .san_crypto = true, .frozen = true}},
	{"nvme-ssd", "MASSHO EMU NVMe SSD", "EMUNVM", "EMU1.0", "", MS_MEDIUM_NVME, MS_TRANSPORT_NVME,
	 512, 512, false, false, MIB(256),
	 {.nvme = true, .nvme_format = true, .nvme_crypto_format = true, .san_block = true, .san_crypto = true}},
	{"nvme-ssd-nosan", "MASSHO EMU NVMe BASIC", "EMUNVB", "EMU1.0", "", MS_MEDIUM_NVME, MS_TRANSPORT_NVME,
	 512, 512, false, false, MIB(256), {.nvme = true, .nvme_format = true}},
	{"sas-hdd", "MASSHO EMU SAS HDD", "EMUSAS", "E001", "SEAGATE", MS_MEDIUM_HDD, MS_TRANSPORT_SAS,
	 512, 4096, true, false, MIB(256), {.scsi = true, .san_overwrite = true}},
	{"sas-ssd", "MASSHO EMU SAS SSD", "EMUSSS", "E001", "HGST", MS_MEDIUM_SSD, MS_TRANSPORT_SAS,
	 512, 4096, false, false, MIB(256), {.scsi = true, .san_block = true, .san_crypto = true, .san_overwrite = true}},
	{"usb-sata-ssd", "MASSHO EMU SATA SSD", "EMUUSS", "EMU1.0", "ATA", MS_MEDIUM_SSD, MS_TRANSPORT_USB,
	 512, 4096, false, false, MIB(256),
	 {.ata = true, .security = true, .enhanced = true, .erase_minutes = 2, .enhanced_minutes = 2,
	  .hpa = true, .san_block = true, .san_crypto = true, .bridge = MS_EMU_BRIDGE_SAT}},
	{"usb-nvme", "MASSHO EMU NVMe SSD", "EMUUNV", "EMU1.0", "", MS_MEDIUM_NVME, MS_TRANSPORT_USB,
	 512, 512, false, false, MIB(256), {.bridge = MS_EMU_BRIDGE_SAT}},
	{"usb-flash", "MASSHO EMU USB Flash", "EMUUSB", "1.00", "MASSHO", MS_MEDIUM_USB_FLASH, MS_TRANSPORT_USB,
	 512, 512, false, true, MIB(64), {0}},
};

const char *const ms_emu_profile_names[] = {"sata-hdd", "sata-hdd-hpa", "sata-old", "sata-ssd",
					     "sata-ssd-frozen", "nvme-ssd", "nvme-ssd-nosan", "sas-hdd", "sas-ssd", "usb-sata-ssd",
					     "usb-nvme", "usb-flash", NULL};

static int why_set(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int why_set(char *why, size_t len, const char *fmt, ...)
{
	if (why && len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static const struct profile *find_profile(const char *name)
{
	for (size_t i = 0; i < MS_ARRAY_SIZE(profiles); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

static void apply_profile(struct ms_emu_config *c, const struct profile *p)
{
	ms_strlcpy(c->profile, p->name, sizeof c->profile);
	ms_strlcpy(c->model, p->model, sizeof c->model);
	ms_strlcpy(c->firmware, p->firmware, sizeof c->firmware);
	ms_strlcpy(c->vendor, p->vendor, sizeof c->vendor);
	c->medium = p->medium;
	c->transport = p->transport;
	c->logical = p->logical;
	c->physical = p->physical;
	c->rotational = p->rotational;
	c->removable = p->removable;
	c->caps = p->caps;
}

static int parse_u64(const char *v, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v, &end, 0);
	if (errno || end == v || *end)
		return -EINVAL;
	*out = x;
	return 0;
}

static bool flag(const char *v, int *r)
{
	if (strcmp(v, "1") == 0 || strcmp(v, "yes") == 0)
		return true;
	if (strcmp(v, "0") != 0 && strcmp(v, "no") != 0)
		*r = -EINVAL;
	return false;
}

static int opcode(const char *v, int *r)
{
	char *end;
	long n = strtol(v, &end, 0);
	if (*end || n < 0 || n > 255)
		*r = -EINVAL;
	return (int)n;
}

/* Firmware capabilities and faults. Returns false when k is none of them; *r is set
 * to -EINVAL when the value is bad. */
static bool set_cap(struct ms_emu_config *c, const char *k, const char *v, int *r)
{
	struct ms_emu_ata_caps *a = &c->caps;
	uint64_t n = 0;
	*r = 0;
	if (strcmp(k, "security") == 0) a->security = flag(v, r);
	else if (strcmp(k, "enhanced") == 0) a->enhanced = flag(v, r);
	else if (strcmp(k, "frozen") == 0) a->frozen = flag(v, r);
	else if (strcmp(k, "hpa-feature") == 0) a->hpa = flag(v, r);
	else if (strcmp(k, "dco-feature") == 0) a->dco = flag(v, r);
	else if (strcmp(k, "amac") == 0) a->amac = flag(v, r);
	else if (strcmp(k, "hpa") == 0 || strcmp(k, "dco") == 0) {
		/* the accessible / DCO-limited capacity at first power-on */
		if (ms_parse_size(v, &n) || n % 512)
			*r = -EINVAL;
		*(k[0] == 'h' ? &a->init_hpa : &a->init_dco) = n;
		if (k[0] == 'h') a->hpa = a->hpa || !a->amac;
		else a->dco = true;
	} else if (strcmp(k, "sanitize") == 0) {
		a->san_block = strstr(v, "block") != NULL;
		a->san_crypto = strstr(v, "crypto") != NULL;
		a->san_overwrite = strstr(v, "overwrite") != NULL;
		if (strcmp(v, "none") != 0 && !a->san_block && !a->san_crypto && !a->san_overwrite)
			*r = -EINVAL;
	} else if (strcmp(k, "sanitize-ms") == 0) {
		if (parse_u64(v, &n) || n > 600000)
			*r = -EINVAL;
		a->sanitize_ms = (unsigned)n;
	} else if (strcmp(k, "powerloss") == 0) {
		if (strcmp(v, "security-erase") == 0) c->faults.powerloss = MS_EMU_PL_SECURITY_ERASE;
		else if (strcmp(v, "sanitize") == 0) c->faults.powerloss = MS_EMU_PL_SANITIZE;
		else *r = -EINVAL;
	} else if (strcmp(k, "abort") == 0) c->faults.abort_op = opcode(v, r);
	else if (strcmp(k, "drop") == 0) c->faults.drop_op = opcode(v, r);
	else if (strcmp(k, "sanitize-fail") == 0) c->faults.sanitize_fail = flag(v, r);
	else if (strcmp(k, "expired") == 0) a->expired = flag(v, r);
	else if (strcmp(k, "format") == 0) a->nvme_format = flag(v, r);
	else if (strcmp(k, "sed") == 0) a->sed = flag(v, r);
	else if (strcmp(k, "sed-locked") == 0) a->sed = a->sed_locked = flag(v, r);
	else if (strcmp(k, "bridge") == 0) {
		if (strcmp(v, "sat") == 0) a->bridge = MS_EMU_BRIDGE_SAT;
		else if (strcmp(v, "noregs") == 0) a->bridge = MS_EMU_BRIDGE_NOREGS;
		else if (strcmp(v, "fakeok") == 0) a->bridge = MS_EMU_BRIDGE_FAKEOK;
		else *r = -EINVAL;
	}
	else if (strcmp(k, "crypto-format") == 0) a->nvme_crypto_format = flag(v, r);
	else if (strcmp(k, "namespaces") == 0) {
		if (parse_u64(v, &n) || n < 1 || n > MS_MAX_NS)
			*r = -EINVAL;
		a->namespaces = (unsigned)n;
	} else if (strcmp(k, "fna-all") == 0) a->fna_all = flag(v, r);
	else if (strcmp(k, "detached") == 0) {
		if (parse_u64(v, &n) || n < 1 || n > MS_MAX_NS)
			*r = -EINVAL;
		a->detached = (unsigned)n;
	}
	else if (strcmp(k, "rotation") == 0) {
		a->rotation_unreported = strcmp(v, "unreported") == 0;
		if (!a->rotation_unreported && strcmp(v, "reported") != 0)
			*r = -EINVAL;
	}
	else if (strcmp(k, "ns-untouched") == 0) {
		if (parse_u64(v, &n) || n < 1 || n > MS_MAX_NS)
			*r = -EINVAL;
		c->faults.ns_untouched = (unsigned)n;
	}
	else if (strcmp(k, "unallocated") == 0) {
		if (ms_parse_size(v, &a->unallocated))
			*r = -EINVAL;
	}
	else if (strcmp(k, "rsoc") == 0) a->scsi_no_rsoc = !flag(v, r);
	else if (strcmp(k, "format-unit") == 0) a->scsi_no_format = !flag(v, r);
	else if (strcmp(k, "sense") == 0) {
		a->scsi_desc_sense = strcmp(v, "descriptor") == 0;
		if (!a->scsi_desc_sense && strcmp(v, "fixed") != 0)
			*r = -EINVAL;
	}
	else if (strcmp(k, "password") == 0) {
		if (strlen(v) > 32)
			*r = -EINVAL;
		ms_strlcpy(a->preset_password, v, sizeof a->preset_password);
	}
	else return false;
	return true;
}

/* One key=value. The profile key must come first in a profile file (it resets). */
static int set_key(struct ms_emu_config *c, const char *k, const char *v, const char *base_dir,
		   char *why, size_t whylen)
{
	uint64_t n, m;
	int r;
	if (strcmp(k, "profile") == 0) {
		const struct profile *p = find_profile(v);
		if (!p)
			return why_set(why, whylen, N_("unknown profile '%s' (known: sata-hdd, sata-hdd-hpa, sata-old, "
				      "sata-ssd, sata-ssd-frozen, nvme-ssd, nvme-ssd-nosan, sas-hdd, sas-ssd, usb-sata-ssd, usb-nvme, "
				      "usb-flash)"), v);
		apply_profile(c, p);
	} else if (strcmp(k, "image") == 0) {
		if (v[0] != '/' && base_dir)
			snprintf(c->image, sizeof c->image, "%s/%s", base_dir, v);
		else
			ms_strlcpy(c->image, v, sizeof c->image);
	} else if (strcmp(k, "transport") == 0) {
		/* where the drive is attached, e.g. a SATA drive on a SAS HBA (sata-hdd,transport=sas) */
		if (ms_transport_parse(v, &c->transport) || c->transport == MS_TRANSPORT_NVME ||
		    c->transport == MS_TRANSPORT_FILE || c->transport == MS_TRANSPORT_LOOP)
			return why_set(why, whylen, N_("transport '%s': sata, sas, usb, virtio or unknown"), v);
	} else if (strcmp(k, "model") == 0) {
		ms_strlcpy(c->model, v, sizeof c->model);
	} else if (strcmp(k, "serial") == 0) {
		ms_strlcpy(c->serial, v, sizeof c->serial);
	} else if (strcmp(k, "firmware") == 0) {
		ms_strlcpy(c->firmware, v, sizeof c->firmware);
	} else if (strcmp(k, "wwn") == 0) {
		ms_strlcpy(c->wwn, v, sizeof c->wwn);
	} else if (strcmp(k, "capacity") == 0) {
		if (ms_parse_size(v, &c->capacity) || !c->capacity)
			return why_set(why, whylen, N_("capacity '%s' is not a size"), v);
	} else if (strcmp(k, "logical") == 0 || strcmp(k, "physical") == 0) {
		if (parse_u64(v, &n) || (n != 512 && n != 4096))
			return why_set(why, whylen, N_("%s sector size must be 512 or 4096, not '%s'"), k, v);
		*(k[0] == 'l' ? &c->logical : &c->physical) = (uint32_t)n;
	} else if (strcmp(k, "bad") == 0) {
		char *dash = strchr(v, '-');
		char a[32] = "", b[32] = "";
		ms_strlcpy(a, v, dash && (size_t)(dash - v) < sizeof a ? (size_t)(dash - v) + 1 : sizeof a);
		if (dash)
			ms_strlcpy(b, dash + 1, sizeof b);
		if (parse_u64(a, &n) || (dash && (parse_u64(b, &m) || m < n)))
			return why_set(why, whylen, N_("bad LBA range '%s' is not FIRST[-LAST]"), v);
		if (c->faults.nbad == MS_EMU_MAX_BAD)
			return why_set(why, whylen, N_("at most %d bad ranges"), MS_EMU_MAX_BAD);
		c->faults.bad[c->faults.nbad].first = n;
		c->faults.bad[c->faults.nbad++].last = dash ? m : n;
	} else if (strcmp(k, "transient") == 0) {
		if (parse_u64(v, &c->faults.transient_lba))
			return why_set(why, whylen, N_("transient LBA '%s' is not a number"), v);
		c->faults.transient_set = true;
		c->faults.transient_count = 1;
	} else if (strcmp(k, "flip") == 0) {
		if (parse_u64(v, &c->faults.flip_offset))
			return why_set(why, whylen, N_("flip offset '%s' is not a number"), v);
		c->faults.flip_set = true;
	} else if (set_cap(c, k, v, &r)) {
		if (r)
			return why_set(why, whylen, N_("%s: '%s' is not valid here"), k, v);
	} else {
		return why_set(why, whylen, N_("unknown key '%s'"), k);
	}
	return 0;
}

static int parse_profile_file(const char *path, struct ms_emu_config *c, char *why, size_t whylen)
{
	char *text;
	int r = ms_read_file(path, &text, NULL, 1 << 16);
	if (r)
		return why_set(why, whylen, N_("%s: cannot read profile: %s"), path, strerror(-r));
	char dirbuf[PATH_MAX];
	ms_strlcpy(dirbuf, path, sizeof dirbuf);
	const char *base = dirname(dirbuf);
	int lineno = 0;
	char *save = NULL;
	r = 0;
	for (char *line = strtok_r(text, "\n", &save); line && !r; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		ms_trim(line);
		if (!*line)
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			r = why_set(why, whylen, N_("%s:%d: expected key=value"), path, lineno);
			break;
		}
		*eq = '\0';
		char sub[200] = "";
		r = set_key(c, ms_trim(line), ms_trim(eq + 1), base, sub, sizeof sub);
		if (r)
			why_set(why, whylen, "%s:%d: %s", path, lineno, sub);
	}
	free(text);
	return r;
}

int ms_emu_parse(const char *spec, struct ms_emu_config *c, char *why, size_t whylen)
{
	memset(c, 0, sizeof *c);
	c->faults.abort_op = c->faults.drop_op = -1;
	if (strncmp(spec, "emu:", 4) == 0)
		spec += 4;
	char buf[1024];
	ms_strlcpy(buf, spec, sizeof buf);
	char *opts = strchr(buf, ',');
	if (opts)
		*opts++ = '\0';
	char *colon = strchr(buf, ':');
	int r;
	if (colon) {
		*colon = '\0';
		if ((r = set_key(c, "profile", buf, NULL, why, whylen)))
			return r;
		if (!colon[1])
			return why_set(why, whylen, N_("emu:%s: no image file given (emu:PROFILE:IMAGE)"), buf);
		set_key(c, "image", colon + 1, NULL, why, whylen);
	} else {
		apply_profile(c, &profiles[0]);
		if ((r = parse_profile_file(buf, c, why, whylen)))
			return r;
		if (!c->image[0])
			return why_set(why, whylen, N_("%s: the profile names no image"), buf);
	}
	char *save = NULL;
	for (char *o = opts ? strtok_r(opts, ",", &save) : NULL; o; o = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(o, '=');
		if (!eq)
			return why_set(why, whylen, N_("option '%s' is not key=value"), o);
		*eq = '\0';
		if (strcmp(o, "profile") == 0 || strcmp(o, "image") == 0)
			return why_set(why, whylen, N_("'%s' cannot be given as an option"), o);
		if ((r = set_key(c, o, eq + 1, NULL, why, whylen)))
			return r;
	}
	return 0;
}

/* The serial of an emulated drive is stable per image: a profile prefix plus the start
 * of the SHA-256 of the image's absolute path, so two images are two drives. */
static void default_serial(struct ms_emu_config *c)
{
	const struct profile *p = find_profile(c->profile);
	char abs[PATH_MAX], hex[65];
	if (!realpath(c->image, abs)) {
		char dirbuf[PATH_MAX], namebuf[PATH_MAX], d[PATH_MAX];
		ms_strlcpy(dirbuf, c->image, sizeof dirbuf);
		ms_strlcpy(namebuf, c->image, sizeof namebuf);
		if (realpath(dirname(dirbuf), d))
			snprintf(abs, sizeof abs, "%s/%s", d, basename(namebuf));
		else
			ms_strlcpy(abs, c->image, sizeof abs);
	}
	ms_sha256_hex(abs, strlen(abs), hex);
	snprintf(c->serial, sizeof c->serial, "%s%.10s", p ? p->serial_prefix : "EMU", hex);
	for (char *s = c->serial; *s; s++)
		if (*s >= 'a' && *s <= 'f')
			*s = (char)(*s - 'a' + 'A');
}

int ms_emu_describe(const char *spec, struct ms_device *d, char *why, size_t whylen)
{
	struct ms_emu_config c;
	int r = ms_emu_parse(spec, &c, why, whylen);
	if (r)
		return r;
	memset(d, 0, sizeof *d);
	ms_strlcpy(d->path, spec, sizeof d->path);
	struct stat st;
	uint64_t cap = c.capacity;
	if (stat(c.image, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return why_set(why, whylen, N_("%s: the image must be a regular file"), c.image), -ENOTBLK;
		if (!cap && st.st_size > 0)
			cap = (uint64_t)st.st_size;
	}
	if (!cap)
		cap = find_profile(c.profile)->capacity;
	if (cap % c.logical)
		return why_set(why, whylen, N_("%s: capacity %llu is not a multiple of the %u-byte sector"),
			       c.image, (unsigned long long)cap, c.logical);
	if (!c.serial[0])
		default_serial(&c);
	d->medium = c.medium;
	d->transport = c.transport;
	d->emulated = true;
	ms_strlcpy(d->model, c.model, sizeof d->model);
	ms_strlcpy(d->serial, c.serial, sizeof d->serial);
	ms_strlcpy(d->firmware, c.firmware, sizeof d->firmware);
	ms_strlcpy(d->wwn, c.wwn, sizeof d->wwn);
	ms_strlcpy(d->vendor, c.vendor, sizeof d->vendor);
	ms_strlcpy(d->backing_file, c.image, sizeof d->backing_file);
	d->logical_sector = c.logical;
	d->physical_sector = c.physical < c.logical ? c.logical : c.physical;
	/* What the host sees is the accessible capacity: after a power-on, the firmware
	 * state left by the last run (or the profile's initial HPA/DCO) limits it. */
	struct emu_fw fw;
	char sp[600];
	ms_emu_state_path(c.image, sp, sizeof sp);
	if (ms_emu_fw_load(sp, &fw) || fw.factory_sectors != cap / c.logical)
		ms_emu_fw_init(&fw, &c, cap / c.logical);
	d->capacity = ms_emu_accessible(&fw, NULL) * c.logical;
	d->rotational = c.rotational;
	d->removable = c.removable;
	/* A bridge in front makes it a USB drive, as discovery would see it (sata-hdd,bridge=sat
	 * is a disk in a USB enclosure; it used to stay "sata" with a bridge named). */
	if (c.caps.bridge != MS_EMU_BRIDGE_NONE) {
		ms_strlcpy(d->usb_bridge, "152d:0578", sizeof d->usb_bridge); /* a JMicron SATA bridge */
		d->transport = MS_TRANSPORT_USB;
	}
	d->nsid = c.caps.nvme ? 1 : 0;
	/* What a host shows of an NVMe controller: each namespace and the file that reads it. */
	for (unsigned k = 1; c.caps.nvme && c.caps.bridge == MS_EMU_BRIDGE_NONE && k <= ms_emu_nns(&c.caps); k++) {
		if (k == c.caps.detached)
			continue; /* not attached: the host has no block device for it */
		struct ms_ns *ns = &d->ns[d->nns++];
		ns->nsid = k;
		if (k == 1)
			ms_strlcpy(ns->path, c.image, sizeof ns->path);
		else
			ms_emu_ns_image(c.image, k, ns->path, sizeof ns->path);
		ns->capacity = k == 1 ? d->capacity : fw.factory_sectors * c.logical;
		ns->logical_sector = c.logical;
	}
	return ms_device_identity_update(d);
}

void ms_emu_ns_image(const char *image, uint32_t nsid, char *out, size_t len)
{
	snprintf(out, len, "%s.ns%u", image, nsid);
}

/* ---- the drive ---------------------------------------------------------------- */

static struct emu_priv *EP(struct ms_xport *x) { return x->priv; }

struct ms_emu_faults *ms_emu_faults(struct ms_xport *x)
{
	return x && x->ops && strcmp(x->ops->name, "emu") == 0 ? &EP(x)->f : NULL;
}

/* Returns -EIO when the LBA span hits an armed fault or the firmware refuses media
 * access, -ENXIO past the accessible end. Called with the lock held. */
static int check_io(struct ms_xport *x, uint64_t off, size_t len)
{
	struct emu_priv *p = EP(x);
	int r = ms_emu_io_allowed(p);
	if (r)
		return r;
	if (off + len > ms_emu_accessible(&p->fw, &p->vol) * p->logical)
		return -ENXIO;
	if (p->cfg.caps.sed_locked)
		return -EIO; /* a locked range: the drive aborts, the block layer says EIO */
	uint64_t first = off / p->logical, last = (off + len - 1) / p->logical;
	for (size_t i = 0; i < p->f.nbad; i++)
		if (p->f.bad[i].first <= last && p->f.bad[i].last >= first)
			return -EIO;
	if (p->f.transient_set && p->f.transient_count && p->f.transient_lba >= first &&
	    p->f.transient_lba <= last) {
		p->f.transient_count--;
		return -EIO;
	}
	return 0;
}

static int emu_read(struct ms_xport *x, void *buf, size_t len, uint64_t off)
{
	struct emu_priv *p = EP(x);
	pthread_mutex_lock(&p->lock);
	int r = check_io(x, off, len);
	pthread_mutex_unlock(&p->lock);
	if (r)
		return r;
	ssize_t n = pread(p->fd, buf, len, (off_t)off);
	if (n < 0)
		return -errno;
	if ((size_t)n < len) /* sparse tail of a short image reads as zeros */
		memset((char *)buf + n, 0, len - (size_t)n);
	return 0;
}

static int emu_write(struct ms_xport *x, const void *buf, size_t len, uint64_t off)
{
	if (x->no_act)
		return 0;
	struct emu_priv *p = EP(x);
	pthread_mutex_lock(&p->lock);
	int r = check_io(x, off, len);
	pthread_mutex_unlock(&p->lock);
	if (r)
		return r;
	ssize_t n = pwrite(p->fd, buf, len, (off_t)off);
	if (n < 0)
		return -errno;
	if ((size_t)n != len)
		return -EIO;
	pthread_mutex_lock(&p->lock);
	bool flip = p->f.flip_set && p->f.flip_offset >= off && p->f.flip_offset < off + len;
	if (flip)
		p->f.flip_set = false;
	pthread_mutex_unlock(&p->lock);
	if (flip) {
		unsigned char c = ((const unsigned char *)buf)[p->f.flip_offset - off] ^ 0xFF;
		if (pwrite(p->fd, &c, 1, (off_t)p->f.flip_offset) != 1)
			return -EIO;
	}
	return 0;
}

static int emu_flush(struct ms_xport *x)
{
	if (x->no_act)
		return 0;
	return fdatasync(EP(x)->fd) < 0 ? -errno : 0;
}

static int emu_range(struct ms_xport *x, int mode, uint64_t off, uint64_t len)
{
	if (x->no_act)
		return 0;
	struct emu_priv *p = EP(x);
	pthread_mutex_lock(&p->lock);
	int r = check_io(x, off, (size_t)len);
	pthread_mutex_unlock(&p->lock);
	if (r)
		return r;
	return fallocate(p->fd, mode | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0 ? -errno : 0;
}

static int emu_zeroout(struct ms_xport *x, uint64_t off, uint64_t len)
{
	return emu_range(x, FALLOC_FL_ZERO_RANGE, off, len);
}

static int emu_discard(struct ms_xport *x, uint64_t off, uint64_t len)
{
	return emu_range(x, FALLOC_FL_PUNCH_HOLE, off, len);
}

static int emu_ata(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	struct emu_priv *p = EP(x);
	pthread_mutex_lock(&p->lock);
	int r = ms_emu_ata_exec(p, c, st);
	pthread_mutex_unlock(&p->lock);
	/* What a poor bridge makes of the answer on its way back. */
	if (!r && p->cfg.caps.bridge == MS_EMU_BRIDGE_NOREGS)
		st->valid = false;
	if (!r && p->cfg.caps.bridge == MS_EMU_BRIDGE_FAKEOK && st->valid) {
		st->status = MS_ATA_STAT_DRDY;
		st->error = 0;
	}
	return r;
}

/* The emulated BIOS freezes at power-on only; a resume leaves the drive unfrozen. */
static int emu_nvme(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	struct emu_priv *p = EP(x);
	if (p->cfg.caps.bridge != MS_EMU_BRIDGE_NONE)
		return -EOPNOTSUPP; /* USB bridges pass SCSI, not NVMe admin commands */
	pthread_mutex_lock(&p->lock);
	int r = ms_emu_nvme_exec(p, c, st);
	pthread_mutex_unlock(&p->lock);
	return r;
}

static int emu_scsi(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	struct emu_priv *p = EP(x);
	pthread_mutex_lock(&p->lock);
	int r = ms_emu_scsi_exec(p, c, st);
	pthread_mutex_unlock(&p->lock);
	return r;
}

static int emu_suspend_resume(struct ms_xport *x)
{
	struct emu_priv *p = EP(x);
	pthread_mutex_lock(&p->lock);
	p->vol.frozen = false;
	p->vol.prepared = p->vol.native_read = false;
	pthread_mutex_unlock(&p->lock);
	return 0;
}

static void emu_close(struct ms_xport *x)
{
	close(EP(x)->fd);
	for (unsigned k = 1; k < EP(x)->nns; k++)
		close(EP(x)->ns_fd[k]);
	pthread_mutex_destroy(&EP(x)->lock);
	ms_memzero(&EP(x)->fw, sizeof EP(x)->fw); /* passwords */
	free(x->priv);
	free(x);
}

static const struct ms_xport_ops emu_ops = {
	.name = "emu",
	.read = emu_read,
	.write = emu_write,
	.flush = emu_flush,
	.zeroout = emu_zeroout,
	.discard = emu_discard,
	.ata = emu_ata,
	.nvme = emu_nvme,
	.scsi = emu_scsi,
	.suspend_resume = emu_suspend_resume,
	.close = emu_close,
};

/* Namespaces 2..N: their own files, as big as namespace 1 (created for a writer). */
static int open_namespaces(struct emu_priv *p, bool write, uint64_t bytes)
{
	p->nns = p->cfg.caps.nvme ? ms_emu_nns(&p->cfg.caps) : 1;
	p->ns_fd[0] = p->fd;
	for (unsigned k = 1; k < p->nns; k++) {
		char path[600];
		ms_emu_ns_image(p->cfg.image, k + 1, path, sizeof path);
		int fd = open(path, (write ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC, 0600);
		if (fd < 0 && errno == ENOENT && !write)
			fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (fd >= 0 && write && fstat(fd, &st) == 0 && (uint64_t)st.st_size < bytes && ftruncate(fd, (off_t)bytes) < 0) {
			close(fd);
			fd = -1;
		}
		if (fd < 0) {
			int e = -errno;
			while (--k >= 1)
				close(p->ns_fd[k]);
			p->nns = 1;
			return e;
		}
		p->ns_fd[k] = fd;
	}
	return 0;
}

int ms_emu_open(const struct ms_device *dev, unsigned flags, struct ms_xport **out)
{
	struct emu_priv *p = calloc(1, sizeof *p);
	struct ms_xport *x = calloc(1, sizeof *x);
	char why[256];
	int r = !p || !x ? -ENOMEM : ms_emu_parse(dev->path, &p->cfg, why, sizeof why);
	if (r)
		goto fail;
	if (!p->cfg.serial[0])
		ms_strlcpy(p->cfg.serial, dev->serial, sizeof p->cfg.serial);
	bool write = (flags & MS_OPEN_WRITE) && !(flags & MS_OPEN_NO_ACT);
	p->fd = open(p->cfg.image, (write ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC, 0600);
	if (p->fd < 0 && errno == ENOENT && !write)
		p->fd = open("/dev/null", O_RDONLY | O_CLOEXEC); /* a new drive, queried read-only: zeros */
	if (p->fd < 0) {
		r = -errno;
		goto fail;
	}
	struct stat st;
	uint64_t factory = dev->capacity; /* replaced below by the state's factory size */
	if (fstat(p->fd, &st) < 0 || (!S_ISREG(st.st_mode) && write)) {
		r = -ENOTBLK;
		goto fail_fd;
	}
	if (write && flock(p->fd, LOCK_EX | LOCK_NB) < 0) {
		r = -EBUSY;
		goto fail_fd;
	}
	p->logical = dev->logical_sector;
	ms_emu_state_path(p->cfg.image, p->state_path, sizeof p->state_path);
	uint64_t img = (uint64_t)st.st_size;
	factory = p->cfg.capacity ? p->cfg.capacity : img ? img : dev->capacity;
	if (ms_emu_fw_load(p->state_path, &p->fw) || p->fw.factory_sectors != factory / p->logical)
		ms_emu_fw_init(&p->fw, &p->cfg, factory / p->logical);
	p->persist = write;
	if (write && img < factory && ftruncate(p->fd, (off_t)factory) < 0) {
		r = -errno;
		goto fail_fd;
	}
	if (write && (r = ms_emu_fw_save(p)))
		goto fail_fd;
	if ((r = open_namespaces(p, write, factory)))
		goto fail_fd;
	p->f = p->cfg.faults;
	pthread_mutex_init(&p->lock, NULL);
	ms_emu_power_on(p);
	x->ops = &emu_ops;
	x->priv = p;
	x->dev = *dev;
	x->dev.capacity = ms_emu_accessible(&p->fw, &p->vol) * p->logical;
	x->dev.nsid = p->cfg.caps.nvme ? 1 : 0;
	x->no_act = flags & MS_OPEN_NO_ACT;
	*out = x;
	return 0;
fail_fd:
	close(p->fd);
fail:
	free(p);
	free(x);
	return r;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "discover.h"

#include <blkid/blkid.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../util/util.h"

/* Where the boot medium can be seen mounted: the installed system's and the live
 * image's own medium (scripts/build-image mounts it at /run/massho/medium). */
static const char *const boot_mounts[] = {
	"/", "/boot", "/boot/efi", "/efi", "/usr", "/run/live/medium", "/run/massho/medium",
};

struct mount_ent {
	unsigned major, minor;
	char source[64];   /* basename of the source when it is a /dev path */
	char target[128];
};

struct sysctx {
	const char *root;  /* "" for the live system */
	struct mount_ent *mounts;
	size_t nmounts;
	char swaps[16][64];
	size_t nswaps;
	char boot[8][64];  /* whole-disk names that carry a boot mount */
	size_t nboot;
};

static void rpath(const struct sysctx *c, char *out, size_t len, const char *fmt, const char *a, const char *b)
{
	char rel[PATH_MAX];
	snprintf(rel, sizeof rel, fmt, a, b);
	snprintf(out, len, "%s%s", c->root, rel);
}

static int sys_text(const struct sysctx *c, const char *name, const char *attr, char *buf, size_t len)
{
	char p[PATH_MAX];
	rpath(c, p, sizeof p, "/sys/class/block/%s/%s", name, attr);
	buf[0] = '\0';
	return ms_read_text(p, buf, len);
}

static unsigned long long sys_num(const struct sysctx *c, const char *name, const char *attr)
{
	char buf[64];
	if (sys_text(c, name, attr, buf, sizeof buf) <= 0)
		return 0;
	return strtoull(buf, NULL, 10);
}

static void load_mounts(struct sysctx *c)
{
	char p[PATH_MAX], *text;
	snprintf(p, sizeof p, "%s/proc/self/mountinfo", c->root);
	if (ms_read_file(p, &text, NULL, 4 << 20) == 0) {
		size_t cap = 0;
		char *save = NULL;
		for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			unsigned maj, min;
			char target[128], source[PATH_MAX] = "";
			if (sscanf(l, "%*u %*u %u:%u %*s %127s", &maj, &min, target) != 3)
				continue;
			char *dash = strstr(l, " - ");
			if (dash)
				sscanf(dash + 3, "%*s %4095s", source);
			if (c->nmounts == cap) {
				cap = cap ? 2 * cap : 32;
				struct mount_ent *m = realloc(c->mounts, cap * sizeof *m);
				if (!m)
					break;
				c->mounts = m;
			}
			struct mount_ent *m = &c->mounts[c->nmounts++];
			m->major = maj;
			m->minor = min;
			ms_strlcpy(m->target, target, sizeof m->target);
			const char *base = strncmp(source, "/dev/", 5) == 0 ? strrchr(source, '/') + 1 : "";
			ms_strlcpy(m->source, base, sizeof m->source);
		}
		free(text);
	}
	snprintf(p, sizeof p, "%s/proc/swaps", c->root);
	if (ms_read_file(p, &text, NULL, 1 << 20) == 0) {
		char *save = NULL;
		for (char *l = strtok_r(text, "\n", &save); l && c->nswaps < MS_ARRAY_SIZE(c->swaps);
		     l = strtok_r(NULL, "\n", &save)) {
			char dev[PATH_MAX];
			if (strncmp(l, "/dev/", 5) == 0 && sscanf(l, "%4095s", dev) == 1)
				ms_strlcpy(c->swaps[c->nswaps++], strrchr(dev, '/') + 1, sizeof c->swaps[0]);
		}
		free(text);
	}
}

/* The whole disks under a block device: itself (or its parent when it is a partition),
 * or, for dm/md devices, the disks under each of their slaves. */
static void add_disks_under(struct sysctx *c, const char *name, int depth)
{
	char p[PATH_MAX], real[PATH_MAX];
	if (depth > 8)
		return;
	rpath(c, p, sizeof p, "/sys/class/block/%s/slaves", name, "");
	DIR *d = opendir(p);
	bool any = false;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (e->d_name[0] != '.') {
				any = true;
				add_disks_under(c, e->d_name, depth + 1);
			}
		closedir(d);
	}
	if (any)
		return;
	rpath(c, p, sizeof p, "/sys/class/block/%s/partition", name, "");
	char disk[64];
	ms_strlcpy(disk, name, sizeof disk);
	if (access(p, F_OK) == 0) {
		rpath(c, p, sizeof p, "/sys/class/block/%s", name, "");
		if (realpath(p, real)) {
			char *slash = strrchr(real, '/');
			if (slash) {
				*slash = '\0';
				ms_strlcpy(disk, strrchr(real, '/') + 1, sizeof disk);
			}
		}
	}
	for (size_t i = 0; i < c->nboot; i++)
		if (strcmp(c->boot[i], disk) == 0)
			return;
	if (c->nboot < MS_ARRAY_SIZE(c->boot))
		ms_strlcpy(c->boot[c->nboot++], disk, sizeof c->boot[0]);
}

static void find_boot(struct sysctx *c)
{
	for (size_t i = 0; i < c->nmounts; i++) {
		const struct mount_ent *m = &c->mounts[i];
		bool is_boot = false;
		for (size_t j = 0; j < MS_ARRAY_SIZE(boot_mounts); j++)
			if (strcmp(m->target, boot_mounts[j]) == 0)
				is_boot = true;
		if (!is_boot)
			continue;
		char p[PATH_MAX], real[PATH_MAX], mm[32];
		snprintf(mm, sizeof mm, "%u:%u", m->major, m->minor);
		rpath(c, p, sizeof p, "/sys/dev/block/%s", mm, "");
		if (m->major && realpath(p, real))
			add_disks_under(c, strrchr(real, '/') + 1, 0);
		else if (m->source[0])  /* btrfs and friends show an anonymous 0:N */
			add_disks_under(c, m->source, 0);
	}
}

static void ctx_init(struct sysctx *c, const char *root)
{
	memset(c, 0, sizeof *c);
	c->root = root ? root : "";
	load_mounts(c);
	find_boot(c);
}

static void ctx_free(struct sysctx *c)
{
	free(c->mounts);
}

static void list_append(char *list, size_t len, const char *item)
{
	if (strstr(list, item))
		return;
	size_t n = strlen(list);
	snprintf(list + n, len - n, "%s%s", n ? "," : "", item);
}

/* Is block device "name" (major:minor dev) mounted or swapped on? Adds mount points. */
static bool check_mounted(const struct sysctx *c, const char *name, unsigned maj, unsigned min, struct ms_device *d)
{
	bool hit = false;
	for (size_t i = 0; i < c->nmounts; i++) {
		const struct mount_ent *m = &c->mounts[i];
		if ((m->major == maj && m->minor == min && maj) || strcmp(m->source, name) == 0) {
			list_append(d->mountpoints, sizeof d->mountpoints, m->target);
			hit = true;
		}
	}
	for (size_t i = 0; i < c->nswaps; i++)
		if (strcmp(c->swaps[i], name) == 0) {
			list_append(d->mountpoints, sizeof d->mountpoints, "[swap]");
			hit = true;
		}
	return hit;
}

static void add_holders(const struct sysctx *c, const char *name, struct ms_device *d)
{
	char p[PATH_MAX];
	rpath(c, p, sizeof p, "/sys/class/block/%s/holders", name, "");
	DIR *dir = opendir(p);
	if (!dir)
		return;
	struct dirent *e;
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.')
			list_append(d->holders, sizeof d->holders, e->d_name);
	closedir(dir);
}

static void parse_dev(const char *s, unsigned *maj, unsigned *min)
{
	*maj = *min = 0;
	sscanf(s, "%u:%u", maj, min);
}

/* USB bridge: the nearest ancestor directory with idVendor/idProduct. */
static void find_usb_bridge(const char *real, struct ms_device *d)
{
	char p[PATH_MAX], v[16], prod[16], f[PATH_MAX + 16];
	ms_strlcpy(p, real, sizeof p);
	for (char *slash; (slash = strrchr(p, '/')) && slash > p;) {
		*slash = '\0';
		snprintf(f, sizeof f, "%s/idVendor", p);
		if (ms_read_text(f, v, sizeof v) > 0) {
			snprintf(f, sizeof f, "%s/idProduct", p);
			ms_read_text(f, prod, sizeof prod);
			snprintf(d->usb_bridge, sizeof d->usb_bridge, "%s:%s", v, prod);
			snprintf(f, sizeof f, "%s/serial", p);
			ms_read_text(f, d->usb_serial, sizeof d->usb_serial);
			return;
		}
	}
}

static void classify(const struct sysctx *c, const char *name, struct ms_device *d)
{
	char p[PATH_MAX], real[PATH_MAX] = "";
	rpath(c, p, sizeof p, "/sys/class/block/%s", name, "");
	if (!realpath(p, real))
		ms_strlcpy(real, p, sizeof real);
	if (strstr(real, "/usb")) {
		d->transport = MS_TRANSPORT_USB;
		find_usb_bridge(real, d);
	} else if (strstr(real, "/nvme")) {
		d->transport = MS_TRANSPORT_NVME;
	} else if (strncmp(name, "loop", 4) == 0) {
		d->transport = MS_TRANSPORT_LOOP;
	} else if (strstr(real, "/mmc")) {
		d->transport = MS_TRANSPORT_MMC;
	} else if (strstr(real, "/virtio")) {
		d->transport = MS_TRANSPORT_VIRTIO;
	} else if (strstr(real, "/ata")) {
		d->transport = MS_TRANSPORT_SATA;
	} else if (strstr(real, "/end_device-") || strstr(real, "/expander-")) {
		d->transport = MS_TRANSPORT_SAS;
	} else if (strcmp(d->vendor, "ATA") == 0) {
		d->transport = MS_TRANSPORT_SATA; /* libata behind a SAS HBA */
	}
	switch (d->transport) {
	case MS_TRANSPORT_NVME: d->medium = MS_MEDIUM_NVME; break;
	case MS_TRANSPORT_MMC: d->medium = MS_MEDIUM_SD_MMC; break;
	case MS_TRANSPORT_LOOP: d->medium = MS_MEDIUM_LOOP; break;
	case MS_TRANSPORT_USB:
		d->medium = d->rotational ? MS_MEDIUM_HDD : d->removable ? MS_MEDIUM_USB_FLASH : MS_MEDIUM_SSD;
		break;
	default:
		d->medium = d->rotational ? MS_MEDIUM_HDD : MS_MEDIUM_SSD;
	}
}

/* SCSI unit serial number VPD page: 4-byte header, then the ASCII serial. */
static void read_vpd80(const struct sysctx *c, const char *name, struct ms_device *d)
{
	char p[PATH_MAX];
	unsigned char buf[256];
	rpath(c, p, sizeof p, "/sys/class/block/%s/device/vpd_pg80", name, "");
	FILE *f = fopen(p, "rb");
	if (!f)
		return;
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	if (n < 4 || buf[1] != 0x80)
		return;
	size_t len = (size_t)buf[2] << 8 | buf[3];
	if (len > n - 4)
		len = n - 4;
	char s[256];
	memcpy(s, buf + 4, len);
	s[len] = '\0';
	ms_strlcpy(d->serial, ms_trim(s), sizeof d->serial);
}

static void probe_blkid(const char *name, char *pttype, size_t ptlen, char *fstype, size_t fslen,
			char *label, size_t lablen)
{
	char dev[PATH_MAX];
	snprintf(dev, sizeof dev, "/dev/%s", name);
	blkid_probe pr = blkid_new_probe_from_filename(dev);
	if (!pr)
		return;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL);
	blkid_probe_enable_partitions(pr, pttype ? 1 : 0);
	if (blkid_do_safeprobe(pr) == 0) {
		const char *v;
		if (pttype && blkid_probe_lookup_value(pr, "PTTYPE", &v, NULL) == 0)
			ms_strlcpy(pttype, v, ptlen);
		if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0)
			ms_strlcpy(fstype, v, fslen);
		if (label && blkid_probe_lookup_value(pr, "LABEL", &v, NULL) == 0)
			ms_strlcpy(label, v, lablen);
	}
	blkid_free_probe(pr);
}

static void read_parts(const struct sysctx *c, const char *name, struct ms_device *d)
{
	char p[PATH_MAX];
	rpath(c, p, sizeof p, "/sys/class/block/%s", name, "");
	struct dirent **list;
	int n = scandir(p, &list, NULL, versionsort);
	for (int i = 0; i < n; i++) {
		const char *pn = list[i]->d_name;
		char f[PATH_MAX], dev[32];
		rpath(c, f, sizeof f, "/sys/class/block/%s/%s/partition", name, pn);
		if (pn[0] != '.' && access(f, F_OK) == 0 && d->nparts < MS_MAX_PARTS) {
			struct ms_part *pt = &d->parts[d->nparts++];
			ms_strlcpy(pt->name, pn, sizeof pt->name);
			pt->size = sys_num(c, pn, "size") * 512;
			unsigned maj, min;
			sys_text(c, pn, "dev", dev, sizeof dev);
			parse_dev(dev, &maj, &min);
			if (check_mounted(c, pn, maj, min, d))
				d->mounted = true;
			add_holders(c, pn, d);
			if (!c->root[0])
				probe_blkid(pn, NULL, 0, pt->fstype, sizeof pt->fstype, pt->label, sizeof pt->label);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

static int cmp_ns(const void *a, const void *b)
{
	uint32_t x = ((const struct ms_ns *)a)->nsid, y = ((const struct ms_ns *)b)->nsid;
	return x < y ? -1 : x > y;
}

/* An NVMe namespace's id: sysfs "nsid", else the number after the name's last 'n'. */
static uint32_t ns_id(const struct sysctx *c, const char *name)
{
	unsigned long long id = sys_num(c, name, "nsid");
	const char *n = strrchr(name, 'n');
	if (!id && n && n[1] >= '0' && n[1] <= '9')
		id = strtoull(n + 1, NULL, 10);
	return id <= UINT32_MAX ? (uint32_t)id : 0;
}

/* Every namespace of this one's controller: the whole disks whose "device" link
 * resolves where this one's does (the controller, or with native multipath the
 * subsystem). The hidden per-path disks (nvme0c0n1) have no device node: skipped. */
static void nvme_namespaces(const struct sysctx *c, const char *name, struct ms_device *d)
{
	char p[PATH_MAX], mine[PATH_MAX], other[PATH_MAX];
	rpath(c, p, sizeof p, "/sys/class/block/%s/device", name, "");
	if (!realpath(p, mine))
		return;
	snprintf(p, sizeof p, "%s/sys/block", c->root);
	DIR *dir = opendir(p);
	if (!dir)
		return;
	struct dirent *e;
	while ((e = readdir(dir))) {
		const char *n = e->d_name, *digits = n + 4;
		if (strncmp(n, "nvme", 4) != 0)
			continue;
		while (*digits >= '0' && *digits <= '9')
			digits++;
		if (*digits == 'c')
			continue;
		rpath(c, p, sizeof p, "/sys/class/block/%s/device", n, "");
		if (!realpath(p, other) || strcmp(other, mine) != 0)
			continue;
		if (d->nns == MS_MAX_NS) {
			d->ns_overflow = true;
			break;
		}
		struct ms_ns *ns = &d->ns[d->nns++];
		ns->nsid = ns_id(c, n);
		ms_strlcpy(ns->name, n, sizeof ns->name);
		snprintf(ns->path, sizeof ns->path, "/dev/%s", n);
		ns->capacity = sys_num(c, n, "size") * 512;
		ns->logical_sector = (uint32_t)sys_num(c, n, "queue/logical_block_size");
	}
	closedir(dir);
	qsort(d->ns, d->nns, sizeof d->ns[0], cmp_ns);
}

static int describe(const struct sysctx *c, const char *name, struct ms_device *d)
{
	char p[PATH_MAX], buf[256];
	rpath(c, p, sizeof p, "/sys/class/block/%s", name, "");
	if (access(p, F_OK) != 0)
		return -ENOENT;
	memset(d, 0, sizeof *d);
	snprintf(d->path, sizeof d->path, "/dev/%s", name);
	ms_strlcpy(d->name, name, sizeof d->name);
	sys_text(c, name, "dev", buf, sizeof buf);
	parse_dev(buf, &d->major, &d->minor);
	d->capacity = sys_num(c, name, "size") * 512;
	d->readonly = sys_num(c, name, "ro") != 0;
	d->removable = sys_num(c, name, "removable") != 0;
	d->rotational = sys_num(c, name, "queue/rotational") != 0;
	d->logical_sector = (uint32_t)sys_num(c, name, "queue/logical_block_size");
	d->physical_sector = (uint32_t)sys_num(c, name, "queue/physical_block_size");
	if (!d->logical_sector)
		d->logical_sector = 512;
	if (d->physical_sector < d->logical_sector)
		d->physical_sector = d->logical_sector;
	rpath(c, p, sizeof p, "/sys/class/block/%s/partition", name, "");
	d->is_partition = access(p, F_OK) == 0;

	sys_text(c, name, "device/vendor", d->vendor, sizeof d->vendor);
	if (sys_text(c, name, "device/model", d->model, sizeof d->model) <= 0)
		sys_text(c, name, "device/name", d->model, sizeof d->model); /* MMC */
	if (sys_text(c, name, "device/serial", d->serial, sizeof d->serial) <= 0)
		read_vpd80(c, name, d);
	if (sys_text(c, name, "device/firmware_rev", d->firmware, sizeof d->firmware) <= 0 &&
	    sys_text(c, name, "device/rev", d->firmware, sizeof d->firmware) <= 0)
		sys_text(c, name, "device/fwrev", d->firmware, sizeof d->firmware);
	/* Only real world-wide names: t10 strings are vendor+model+serial glued together. */
	if ((sys_text(c, name, "wwid", buf, sizeof buf) > 0 || sys_text(c, name, "device/wwid", buf, sizeof buf) > 0) &&
	    (strncmp(buf, "naa.", 4) == 0 || strncmp(buf, "eui.", 4) == 0))
		ms_strlcpy(d->wwn, buf, sizeof d->wwn);
	sys_text(c, name, "loop/backing_file", d->backing_file, sizeof d->backing_file);
	classify(c, name, d);
	if (d->transport == MS_TRANSPORT_NVME && !d->is_partition) {
		nvme_namespaces(c, name, d);
		int own = ms_device_own_ns(d);
		d->nsid = own >= 0 ? d->ns[own].nsid : 0;
	}

	d->mounted = check_mounted(c, name, d->major, d->minor, d);
	add_holders(c, name, d);
	for (size_t i = 0; i < c->nboot; i++)
		if (strcmp(c->boot[i], name) == 0)
			d->boot_medium = true;
	if (!d->is_partition)
		read_parts(c, name, d);
	if (!c->root[0] && d->capacity)
		probe_blkid(name, d->pttype, sizeof d->pttype, d->fstype, sizeof d->fstype, d->label, sizeof d->label);
	return ms_device_identity_update(d);
}

int ms_discover_name(const char *sysroot, const char *name, struct ms_device *dev)
{
	struct sysctx c;
	ctx_init(&c, sysroot);
	int r = describe(&c, name, dev);
	ctx_free(&c);
	return r;
}

int ms_discover_path_name(const char *sysroot, const char *path, char *name, size_t len)
{
	if (sysroot && sysroot[0]) {
		/* Replayed tree: no device nodes exist, the name is the path's last part. */
		const char *slash = strrchr(path, '/');
		ms_strlcpy(name, slash ? slash + 1 : path, len);
		return 0;
	}
	struct stat st;
	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode))
		return -ENOTBLK;
	char p[PATH_MAX], real[PATH_MAX];
	snprintf(p, sizeof p, "/sys/dev/block/%u:%u", major(st.st_rdev), minor(st.st_rdev));
	if (!realpath(p, real))
		return -errno;
	ms_strlcpy(name, strrchr(real, '/') + 1, len);
	return 0;
}

static int cmp_dev(const void *a, const void *b)
{
	return strverscmp(((const struct ms_device *)a)->name, ((const struct ms_device *)b)->name);
}

int ms_discover_list(const char *sysroot, struct ms_device **out, size_t *n)
{
	struct sysctx c;
	ctx_init(&c, sysroot);
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/sys/block", c.root);
	DIR *d = opendir(p);
	if (!d) {
		int e = errno;
		ctx_free(&c);
		return -e;
	}
	struct ms_device *devs = NULL;
	size_t cnt = 0, cap = 0;
	int r = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		if (name[0] == '.' || strncmp(name, "ram", 3) == 0 || strncmp(name, "zram", 4) == 0)
			continue;
		/* NVMe multipath: the per-path disks (nvme0c0n1) are hidden, with no device node;
		 * the namespace is its head (nvme0n1) */
		if (sys_num(&c, name, "hidden") == 1)
			continue;
		if (cnt == cap) {
			cap = cap ? 2 * cap : 16;
			struct ms_device *nd = realloc(devs, cap * sizeof *nd);
			if (!nd) {
				r = -ENOMEM;
				break;
			}
			devs = nd;
		}
		if (describe(&c, name, &devs[cnt]) == 0 && devs[cnt].capacity)
			cnt++;
	}
	closedir(d);
	ctx_free(&c);
	if (r) {
		free(devs);
		return r;
	}
	qsort(devs, cnt, sizeof *devs, cmp_dev);
	*out = devs;
	*n = cnt;
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "discover.h"

#include <blkid/blkid.h>
#include <dirent.h>
#include <errno.h>
#include <libmount/libmount.h>
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

struct sysctx {
	const char *root;  /* "" for the live system */
	/* proc/self/mountinfo and proc/swaps as libmount reads them: escapes such as \040
	 * decoded, no length limit */
	struct libmnt_table *mounts, *swaps;
	struct libmnt_iter *iter;
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

/* One of the root's tables. In a recorded tree (--sysroot) a file that cannot be read
 * leaves the table empty: the tree may have no proc/. On the live system the mount table
 * not read would make every disk look unused, so that is -EUCLEAN (fail closed); a kernel
 * without swap has no /proc/swaps, which is no swap. Lines libmount cannot parse are
 * skipped. Returns 0, -ENOMEM or -EUCLEAN. */
static int load_table(const struct sysctx *c, const char *rel, bool swaps, struct libmnt_table **out)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s%s", c->root, rel);
	*out = mnt_new_table();
	if (!*out)
		return -ENOMEM;
	int r = swaps ? mnt_table_parse_swaps(*out, p) : mnt_table_parse_file(*out, p);
	if (r == -ENOMEM)
		return r;
	if (r < 0 && !c->root[0] && !(swaps && access(p, F_OK) < 0 && errno == ENOENT))
		return -EUCLEAN;
	return 0;
}

/* The next entry of t (NULL at the end); starts over when first is set. */
static struct libmnt_fs *next_fs(const struct sysctx *c, struct libmnt_table *t, bool first)
{
	struct libmnt_fs *fs;
	if (first)
		mnt_reset_iter(c->iter, MNT_ITER_FORWARD);
	return t && mnt_table_next_fs(t, c->iter, &fs) == 0 ? fs : NULL;
}

/* The kernel name a /dev path source names (/dev/sda1: sda1), or "" for any other source
 * (a label, a server, "proc"). */
static const char *dev_base(const char *source)
{
	return source && strncmp(source, "/dev/", 5) == 0 ? strrchr(source, '/') + 1 : "";
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
	for (struct libmnt_fs *fs = next_fs(c, c->mounts, true); fs; fs = next_fs(c, c->mounts, false)) {
		const char *target = mnt_fs_get_target(fs);
		bool is_boot = false;
		for (size_t j = 0; j < MS_ARRAY_SIZE(boot_mounts); j++)
			if (target && strcmp(target, boot_mounts[j]) == 0)
				is_boot = true;
		if (!is_boot)
			continue;
		char p[PATH_MAX], real[PATH_MAX], mm[32];
		dev_t dev = mnt_fs_get_devno(fs);
		snprintf(mm, sizeof mm, "%u:%u", major(dev), minor(dev));
		rpath(c, p, sizeof p, "/sys/dev/block/%s", mm, "");
		/* add_disks_under() never iterates the tables: the iterator stays ours */
		if (major(dev) && realpath(p, real))
			add_disks_under(c, strrchr(real, '/') + 1, 0);
		else if (dev_base(mnt_fs_get_srcpath(fs))[0])  /* btrfs and friends show an anonymous 0:N */
			add_disks_under(c, dev_base(mnt_fs_get_srcpath(fs)), 0);
	}
}

static void ctx_free(struct sysctx *c)
{
	mnt_unref_table(c->mounts);
	mnt_unref_table(c->swaps);
	mnt_free_iter(c->iter);
}

/* Returns 0 or -ENOMEM (nothing to free then). */
static int ctx_init(struct sysctx *c, const char *root)
{
	memset(c, 0, sizeof *c);
	c->root = root ? root : "";
	c->iter = mnt_new_iter(MNT_ITER_FORWARD);
	int r = c->iter ? 0 : -ENOMEM;
	if (!r)
		r = load_table(c, "/proc/self/mountinfo", false, &c->mounts);
	if (!r)
		r = load_table(c, "/proc/swaps", true, &c->swaps);
	if (r) {
		ctx_free(c);
		return r;
	}
	find_boot(c);
	return 0;
}

/* What ends a list that was cut: seen by whoever reads it (the refusal's message, the
 * JSON's last mount point), never silently shorter. */
static const char cut_mark[] = "\u2026";

/* Is item one of the comma-separated list's items? */
static bool list_has(const char *list, const char *item)
{
	size_t il = strlen(item);
	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, item, il) == 0 && (p[il] == ',' || p[il] == '\0'))
			return true;
	return false;
}

/* Adds item to the comma-separated list (len bytes) once. What does not fit is cut,
 * never between the bytes of one UTF-8 character, and the list ends with the cut mark;
 * nothing is added after that. */
static void list_append(char *list, size_t len, const char *item)
{
	size_t n = strlen(list), mark = sizeof cut_mark - 1;
	if ((n >= mark && strcmp(list + n - mark, cut_mark) == 0) || list_has(list, item))
		return;
	if (n + (n > 0) + strlen(item) < len) {
		snprintf(list + n, len - n, "%s%s", n ? "," : "", item);
		return;
	}
	if (len <= mark)
		return;
	snprintf(list + n, len - n, "%s%s", n ? "," : "", item);  /* cut at len - 1 */
	size_t end = len - 1 - mark;
	while (end > 0 && ((unsigned char)list[end] & 0xC0) == 0x80)
		end--;
	memcpy(list + end, cut_mark, sizeof cut_mark);
}

/* Is block device "name" (major:minor dev) mounted or swapped on? Adds mount points. */
static bool check_mounted(const struct sysctx *c, const char *name, unsigned maj, unsigned min, struct ms_device *d)
{
	bool hit = false;
	for (struct libmnt_fs *fs = next_fs(c, c->mounts, true); fs; fs = next_fs(c, c->mounts, false)) {
		dev_t dev = mnt_fs_get_devno(fs);
		const char *target = mnt_fs_get_target(fs);
		if ((major(dev) == maj && minor(dev) == min && maj) || strcmp(dev_base(mnt_fs_get_srcpath(fs)), name) == 0) {
			list_append(d->mountpoints, sizeof d->mountpoints, target ? target : "?");
			hit = true;
		}
	}
	for (struct libmnt_fs *fs = next_fs(c, c->swaps, true); fs; fs = next_fs(c, c->swaps, false))
		if (strcmp(dev_base(mnt_fs_get_source(fs)), name) == 0) {
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
	int r = ctx_init(&c, sysroot);
	if (r)
		return r;
	r = describe(&c, name, dev);
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
	int r = ctx_init(&c, sysroot);
	if (r)
		return r;
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

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* blk transport: block devices and regular image files through O_DIRECT pread/pwrite
 * and the block ioctls. */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/nvme_ioctl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgio.h"
#include "xport.h"

struct blk_priv {
	int fd;
	bool is_blk;
	bool direct;
	bool use12;     /* the bridge only takes ATA PASS-THROUGH(12) */
};

static struct blk_priv *P(struct ms_xport *x) { return x->priv; }

static int blk_read(struct ms_xport *x, void *buf, size_t len, uint64_t off)
{
	char *p = buf;
	while (len) {
		ssize_t n = pread(P(x)->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENXIO; /* past the end: the device shrank or the caller is wrong */
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int blk_write(struct ms_xport *x, const void *buf, size_t len, uint64_t off)
{
	if (x->no_act)
		return 0;
	const char *p = buf;
	while (len) {
		ssize_t n = pwrite(P(x)->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENOSPC;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int blk_flush(struct ms_xport *x)
{
	if (x->no_act)
		return 0;
	return fsync(P(x)->fd) < 0 ? -errno : 0;
}

static int range_ioctl(struct ms_xport *x, unsigned long req, int fl_mode, uint64_t off, uint64_t len)
{
	if (x->no_act)
		return 0;
	if (P(x)->is_blk) {
		uint64_t r[2] = {off, len};
		return ioctl(P(x)->fd, req, r) < 0 ? -errno : 0;
	}
	return fallocate(P(x)->fd, fl_mode, (off_t)off, (off_t)len) < 0 ? -errno : 0;
}

static int blk_zeroout(struct ms_xport *x, uint64_t off, uint64_t len)
{
	return range_ioctl(x, BLKZEROOUT, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, off, len);
}

static int blk_discard(struct ms_xport *x, uint64_t off, uint64_t len)
{
	return range_ioctl(x, BLKDISCARD, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len);
}

static int blk_ata(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	if (!P(x)->is_blk)
		return -EOPNOTSUPP; /* an image file has no firmware */
	return ms_sgio_ata(P(x)->fd, c, st, &P(x)->use12);
}

static int blk_nvme(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	struct nvme_admin_cmd a = {
		.opcode = c->opcode,
		.nsid = c->nsid,
		.addr = (uint64_t)(uintptr_t)c->data,
		.data_len = c->len,
		.cdw10 = c->cdw10, .cdw11 = c->cdw11, .cdw12 = c->cdw12,
		.cdw13 = c->cdw13, .cdw14 = c->cdw14, .cdw15 = c->cdw15,
		.timeout_ms = (c->timeout_s ? c->timeout_s : 15) * 1000u,
	};
	if (!P(x)->is_blk)
		return -EOPNOTSUPP;
	int r = ioctl(P(x)->fd, NVME_IOCTL_ADMIN_CMD, &a);
	if (r < 0)
		return errno == ENOTTY || errno == EINVAL ? -EOPNOTSUPP : -errno;
	ms_nvme_status_from_kernel(r, a.result, st); /* r > 0: the controller's status */
	return 0;
}

static int blk_scsi(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	if (!P(x)->is_blk)
		return -EOPNOTSUPP;
	return ms_sgio_scsi(P(x)->fd, c, st);
}

static int blk_suspend_resume(struct ms_xport *x)
{
	(void)x;
	return ms_suspend_resume();
}

static void blk_close(struct ms_xport *x)
{
	close(P(x)->fd);
	free(x->priv);
	free(x);
}

static const struct ms_xport_ops blk_ops = {
	.name = "blk",
	.read = blk_read,
	.write = blk_write,
	.flush = blk_flush,
	.zeroout = blk_zeroout,
	.discard = blk_discard,
	.ata = blk_ata,
	.nvme = blk_nvme,
	.scsi = blk_scsi,
	.suspend_resume = blk_suspend_resume,
	.close = blk_close,
};

int ms_blk_open(const struct ms_device *dev, unsigned flags, struct ms_xport **out)
{
	bool write = (flags & MS_OPEN_WRITE) && !(flags & MS_OPEN_NO_ACT);
	const char *path = dev->path;
	struct stat st;
	if (stat(path, &st) < 0)
		return -errno;
	bool is_blk = S_ISBLK(st.st_mode);
	/* O_EXCL on a block device fails with EBUSY while it is mounted or held. */
	int oflags = (write ? O_RDWR : O_RDONLY) | O_CLOEXEC | (is_blk && write ? O_EXCL : 0);
	bool direct = true;
	int fd = open(path, oflags | O_DIRECT);
	if (fd < 0 && errno == EINVAL) {
		/* tmpfs and a few others refuse O_DIRECT: fall back, flush() syncs. */
		direct = false;
		fd = open(path, oflags);
	}
	if (fd < 0)
		return -errno;
	if (write && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno == EWOULDBLOCK ? EBUSY : errno;
		close(fd);
		return -e;
	}
	if (write && is_blk) {
		int ro = 0;
		if (ioctl(fd, BLKROGET, &ro) == 0 && ro) {
			close(fd);
			return -EROFS;
		}
	}
	struct ms_xport *x = calloc(1, sizeof *x);
	struct blk_priv *p = calloc(1, sizeof *p);
	if (!x || !p) {
		free(x);
		free(p);
		close(fd);
		return -ENOMEM;
	}
	p->fd = fd;
	p->is_blk = is_blk;
	p->direct = direct;
	x->ops = &blk_ops;
	x->priv = p;
	x->dev = *dev;
	x->no_act = flags & MS_OPEN_NO_ACT;
	if (is_blk && dev->transport == MS_TRANSPORT_NVME) {
		int id = ioctl(fd, NVME_IOCTL_ID);
		x->dev.nsid = id > 0 ? (uint32_t)id : 0;
	}
	*out = x;
	return 0;
}

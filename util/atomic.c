/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = fsync(fd) < 0 ? -errno : 0;
	close(fd);
	return r;
}

int ms_atomic_write(const char *dir, const char *name, const void *data, size_t len,
		    mode_t mode, int exclusive)
{
	char tmp[PATH_MAX], dst[PATH_MAX];
	if (snprintf(dst, sizeof dst, "%s/%s", dir, name) >= (int)sizeof dst ||
	    snprintf(tmp, sizeof tmp, "%s/.%s.tmp.%ld", dir, name, (long)getpid()) >= (int)sizeof tmp)
		return -ENAMETOOLONG;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	const char *p = data;
	size_t left = len;
	int r = 0;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		p += n;
		left -= (size_t)n;
	}
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (!r) {
		/* renameat2(NOREPLACE) makes "exclusive" race-free; link() is the fallback. */
		if (exclusive) {
			if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dst, RENAME_NOREPLACE) < 0) {
				if (errno == EINVAL || errno == ENOSYS) {
					r = link(tmp, dst) < 0 ? -errno : 0;
					unlink(tmp);
				} else {
					r = -errno;
				}
			}
		} else if (rename(tmp, dst) < 0) {
			r = -errno;
		}
	}
	if (r) {
		unlink(tmp);
		return r;
	}
	return fsync_dir(dir);
}

/* ".NAME.tmp.PID": the PID, or 0 when the name is not one of ours. */
static long temp_pid(const char *name)
{
	const char *t = name[0] == '.' ? strstr(name, ".tmp.") : NULL;
	char *end;
	if (!t || !t[5])
		return 0;
	long pid = strtol(t + 5, &end, 10);
	return *end || pid <= 0 ? 0 : pid;
}

int ms_atomic_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		long pid = temp_pid(e->d_name);
		/* a live process (this one included) may be writing it: leave it */
		if (!pid || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	if (n)
		fsync_dir(dir);
	return n;
}

int ms_mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return -ENAMETOOLONG;
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, mode) == 0) {
			char parent[PATH_MAX];
			snprintf(parent, sizeof parent, "%s", buf);
			char *slash = strrchr(parent, '/');
			if (slash == parent)
				slash[1] = '\0';
			else if (slash)
				*slash = '\0';
			fsync_dir(slash ? parent : ".");
		} else if (errno != EEXIST) {
			return -errno;
		} else {
			struct stat st;
			if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode))
				return -ENOTDIR;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

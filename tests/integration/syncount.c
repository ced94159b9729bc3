/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An LD_PRELOAD shim for t-journal-sync.sh (built by it with cc): it logs, in the order
 * they happen, to the file named by $SYNCOUNT_LOG:
 *   W <fd> <event>  a write() to a file under a journal/ directory has completed (event:
 *                   the journal line's "event")
 *   S <fd>          an fsync() or fdatasync() of such a file has returned 0
 *   P state         the emulated drive is about to store a user password in its firmware
 *                   state (IMAGE.state, written when it executes SECURITY SET PASSWORD): the
 *                   moment the drive has massho's password
 *   P sgio          an SG_IO ATA PASS-THROUGH (12 or 16) carrying SECURITY SET PASSWORD
 *                   (F1h) is about to be sent: the same moment on a real drive
 * A line is one write(2) on an O_APPEND file made with raw system calls, so lines from
 * several threads stay whole and the shim never logs itself. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <scsi/sg.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void note(const char *fmt, ...)
{
	const char *path = getenv("SYNCOUNT_LOG");
	char line[256];
	va_list ap;
	if (!path)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n <= 0 || (size_t)n >= sizeof line)
		return;
	long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	syscall(SYS_write, fd, line, (size_t)n);
	syscall(SYS_close, fd);
}

enum { OTHER, JOURNAL, STATE };

/* What fd is: a journal file (the journal or a rewrite of it), the emulated drive's
 * firmware state being rewritten (temp file of IMAGE.state), or anything else. */
static int kind(int fd)
{
	char link[64], path[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = syscall(SYS_readlinkat, AT_FDCWD, link, path, sizeof path - 1);
	if (n <= 0)
		return OTHER;
	path[n] = '\0';
	if (strstr(path, "/journal/"))
		return JOURNAL;
	return strstr(path, ".state.tmp.") ? STATE : OTHER;
}

static void event_of(const void *buf, size_t n, char *out, size_t len)
{
	const char *p = memmem(buf, n, "\"event\":\"", 9), *end = (const char *)buf + n;
	size_t i = 0;
	if (p)
		for (p += 9; p < end && *p != '"' && i + 1 < len; p++)
			out[i++] = *p;
	out[i] = '\0';
	if (!i)
		snprintf(out, len, "-");
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	int k = kind(fd);
	if (k == STATE && (memmem(buf, n, "\"security_enabled\": true", 24) ||
			   memmem(buf, n, "\"security_enabled\":true", 23)))
		note("P state\n");
	ssize_t r = real(fd, buf, n);
	if (k == JOURNAL && r > 0) {
		char ev[48];
		event_of(buf, n, ev, sizeof ev);
		note("W %d %s\n", fd, ev);
	}
	return r;
}

static int synced(int fd, int r)
{
	if (r == 0 && kind(fd) == JOURNAL)
		note("S %d\n", fd);
	return r;
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	return synced(fd, real(fd));
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	return synced(fd, real(fd));
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list ap;
	va_start(ap, req);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	const struct sg_io_hdr *h = arg;
	if (req == SG_IO && h && h->cmdp &&
	    ((h->cmd_len == 16 && h->cmdp[0] == 0x85 && h->cmdp[14] == 0xF1) ||
	     (h->cmd_len == 12 && h->cmdp[0] == 0xA1 && h->cmdp[9] == 0xF1)))
		note("P sgio\n");
	return real(fd, req, arg);
}

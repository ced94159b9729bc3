/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A ring of aligned buffers passed through a fixed sequence of stages. Generation
 * overlaps writing, and reading overlaps comparing and hashing, so a pass runs at the
 * speed of its slowest stage instead of the sum of all of them. A stage has one thread,
 * or several that take the chunks in turn (several writes in flight: a deep queue is
 * what NVMe drives, UAS bridges and virtual disks need to reach their speed). */
#ifndef MS_ERASE_PIPELINE_H
#define MS_ERASE_PIPELINE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define MS_PIPE_MAX_STAGES 4
#define MS_PIPE_MAX_WORKERS 8 /* per stage */

/* A stage processes chunk number `chunk` held in `buf` (slot `slot`). Returns 0 to
 * pass it on, or -errno to stop the whole pipeline (the first error wins). A stage with
 * several workers is called from several threads at once, on different chunks. */
typedef int (*ms_pipe_stage_fn)(void *ctx, uint64_t chunk, size_t slot, void *buf);

struct ms_pipe_spec {
	ms_pipe_stage_fn stages[MS_PIPE_MAX_STAGES];
	size_t workers[MS_PIPE_MAX_STAGES]; /* threads per stage; 0 means 1 */
	size_t nstages;
	uint64_t nchunks;
	size_t nslots;         /* buffers in flight */
	size_t slot_size;      /* bytes, multiple of MS_IO_ALIGN */
	const atomic_bool *abort; /* set from a signal handler: stages stop with -EINTR */
};

/* Run every stage to the end. A chunk enters stage s only after stage s-1 has finished
 * it; within a stage of one worker, chunks are processed in order. The caller's thread is
 * one of the workers. Returns 0, the first stage error, -EINTR on abort, -EINVAL, or
 * -ENOMEM. */
int ms_pipe_run(const struct ms_pipe_spec *spec, void *ctx);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A ring of aligned buffers passed through a fixed sequence of stages, one thread per
 * stage, chunks strictly in order. Generation overlaps writing, and reading overlaps
 * comparing and hashing, so a pass runs at the speed of its slowest stage instead of
 * the sum of all of them. */
#ifndef MS_ERASE_PIPELINE_H
#define MS_ERASE_PIPELINE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define MS_PIPE_MAX_STAGES 4

/* A stage processes chunk number `chunk` held in `buf` (slot `slot`). Returns 0 to
 * pass it on, or -errno to stop the whole pipeline (the first error wins). */
typedef int (*ms_pipe_stage_fn)(void *ctx, uint64_t chunk, size_t slot, void *buf);

struct ms_pipe_spec {
	ms_pipe_stage_fn stages[MS_PIPE_MAX_STAGES];
	size_t nstages;
	uint64_t nchunks;
	size_t nslots;         /* buffers in flight */
	size_t slot_size;      /* bytes, multiple of MS_IO_ALIGN */
	const atomic_bool *abort; /* set from a signal handler: stages stop with -EINTR */
};

/* Run every stage to the end. Stage 0..n-2 run in their own threads, the last one in
 * the caller's. Returns 0, the first stage error, -EINTR on abort, or -ENOMEM. */
int ms_pipe_run(const struct ms_pipe_spec *spec, void *ctx);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "util.h"

/* The Makefile passes the version; records, certificates and --version print it. */
#ifndef MS_VERSION
#define MS_VERSION "0.1.0"
#endif

const char *const ms_version = MS_VERSION;

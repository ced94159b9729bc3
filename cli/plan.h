/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho plan: the planning itself is erase/plan.h (the station shows the same). */
#ifndef MS_CLI_PLAN_H
#define MS_CLI_PLAN_H

#include "../erase/plan.h"
#include "cli.h"

#endif

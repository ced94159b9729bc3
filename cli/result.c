/* SPDX-License-Identifier: GPL-2.0-or-later */
/* erase --json (cli/result.h). Machine output stays English (docs/i18n.md): the messages
 * kept here are the library's own texts, untranslated. */
#include "result.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"

static void keep(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? strdup(s) : NULL;
}

const char *ms_result_outcome(const struct ms_erase_event *ev)
{
	/* the record's own words ("verification failed"), and "dry run" in kind */
	return ev->kind == MS_EV_DRY_RUN ? "dry run" : ms_outcome_name(ev->job->outcome);
}

void ms_result_event(struct ms_cli_result *r, size_t n, const struct ms_erase_event *ev, int code)
{
	struct ms_cli_result *d = &r[ev->index < n ? ev->index : n];
	if (ev->index < n && !d->device && ev->object)
		d->device = ev->object;
	switch (ev->kind) {
	case MS_EV_ERROR:
	case MS_EV_WARNING: {
		char line[900];
		snprintf(line, sizeof line, "%s: %s", ev->object ? ev->object : "massho", ev->text ? ev->text : "");
		if (!d->errors)
			d->errors = ms_json_arr();
		ms_json_push(d->errors, ms_json_str(line));
		if (ev->kind == MS_EV_ERROR)
			d->code = ms_exit_worse(d->code, code);
		break;
	}
	case MS_EV_DRY_RUN:
	case MS_EV_OUTCOME:
		d->outcome = ms_result_outcome(ev);
		ms_strlcpy(d->serial, ev->job->dev.serial, sizeof d->serial);
		ms_strlcpy(d->model, ev->job->dev.model, sizeof d->model);
		d->code = ms_exit_worse(d->code, code);
		break;
	case MS_EV_RECORD: keep(&d->record, ev->text); break;
	/* the record's certificate comes first; once the handover is written, the next is its */
	case MS_EV_CERTIFICATE: keep(d->handover ? &d->handover_certificate : &d->certificate, ev->text); break;
	case MS_EV_HANDOVER:
		keep(&d->handover, ev->text);
		ms_strlcpy(d->destroy_by, ev->when ? ev->when : "", sizeof d->destroy_by);
		break;
	case MS_EV_ERASED: break;
	}
}

static struct ms_json *drive(struct ms_cli_result *d, int run_code)
{
	/* a drive the batch never began (another was refused: all or none) ends as the run did */
	if (!d->outcome && !d->code)
		d->code = run_code;
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "device", d->device);
	ms_json_set_str(o, "serial", d->serial[0] ? d->serial : NULL);
	ms_json_set_str(o, "model", d->model[0] ? d->model : NULL);
	/* a drive refused before its erase began has no outcome: "not run" */
	ms_json_set_str(o, "outcome", d->outcome ? d->outcome : "not run");
	ms_json_set_u64(o, "exit_status", (uint64_t)d->code);
	ms_json_set_str(o, "record", d->record);
	ms_json_set_str(o, "certificate", d->certificate);
	/* every key always there: null when it does not apply */
	ms_json_set_str(o, "handover", d->handover);
	ms_json_set_str(o, "handover_certificate", d->handover_certificate);
	ms_json_set_str(o, "destroy_by", d->destroy_by[0] ? d->destroy_by : NULL);
	ms_json_set(o, "errors", d->errors ? d->errors : ms_json_arr());
	d->errors = NULL;
	return o;
}

int ms_result_refused(const char *const *devices, size_t n, int code, const char *obj)
{
	static struct ms_cli_result r[MS_BATCH_MAX + 1];
	memset(r, 0, sizeof r);
	for (size_t i = 0; i < n && i < MS_BATCH_MAX; i++)
		r[i].device = devices[i];
	char why[PATH_MAX + 80];
	snprintf(why, sizeof why, "%s: the signing key cannot be used (the message is on standard error)", obj);
	r[n].errors = ms_json_arr();
	ms_json_push(r[n].errors, ms_json_str(why));
	ms_result_print(r, n, code);
	return code;
}

int ms_result_print(struct ms_cli_result *r, size_t n, int code)
{
	struct ms_json *root = ms_json_obj(), *devs = ms_json_arr();
	ms_json_set_u64(root, "exit_status", (uint64_t)code);
	ms_json_set(root, "errors", r[n].errors ? r[n].errors : ms_json_arr());
	r[n].errors = NULL;
	for (size_t i = 0; i < n; i++)
		ms_json_push(devs, drive(&r[i], code));
	ms_json_set(root, "devices", devs);
	for (size_t i = 0; i <= n; i++) {
		free(r[i].record);
		free(r[i].certificate);
		free(r[i].handover);
		free(r[i].handover_certificate);
		ms_json_free(r[i].errors);
	}
	char *s = ms_json_render(root, 2);
	ms_json_free(root);
	if (!s)
		return -ENOMEM;
	puts(s);
	free(s);
	return 0;
}

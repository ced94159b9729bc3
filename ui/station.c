/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's runner: discovery and plans into the model, keys into choices, one thread
 * per drive running ms_erase_batch() with that drive alone (so that cancelling one
 * leaves the others running), their events and progress back into the model. The model
 * is shared with those threads under one mutex; drawing reads it under the same. */
#include "station.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "../devices/discover.h"
#include "../erase/batch.h"
#include "../erase/plan.h"
#include "../util/i18n.h"
#include "../util/util.h"

#include "station_int.h"

const enum ms_config_key ms_station_field_key[MS_UI_F_CLASS] = {
	[MS_UI_F_ORG] = MS_CFG_ORGANISATION, [MS_UI_F_OPERATOR] = MS_CFG_OPERATOR,
	[MS_UI_F_WITNESS] = MS_CFG_WITNESS, [MS_UI_F_CONTRACT] = MS_CFG_CONTRACT,
};

/* ---- the sink, one certificate at a time (a PKCS#11 token is one session) ------------ */

static int sink_record(void *ctx, const struct ms_job *job, const char *dir, char *out, size_t len, char sha[65])
{
	struct job *j = ctx;
	return j->inner.record(j->inner.ctx, job, dir, out, len, sha);
}

static int sink_certify(void *ctx, const char *record, char *out, size_t len, char *why, size_t wlen)
{
	struct job *j = ctx;
	pthread_mutex_lock(&j->st->sign_mu);
	int r = j->inner.certify(j->inner.ctx, record, out, len, why, wlen);
	pthread_mutex_unlock(&j->st->sign_mu);
	return r;
}

static int sink_handover(void *ctx, const char *erasure_path, const char *erasure_sha256, const char *dir,
			 const struct ms_handover_req *h, char *out, size_t len, char sha256[65], const char **object,
			 char *why, size_t wlen)
{
	struct job *j = ctx;
	pthread_mutex_lock(&j->st->sign_mu);
	int r = j->inner.handover(j->inner.ctx, erasure_path, erasure_sha256, dir, h, out, len, sha256, object, why,
				  wlen);
	pthread_mutex_unlock(&j->st->sign_mu);
	return r;
}

/* ---- what the erase use case tells -------------------------------------------------- */

static void add_outcome(struct ms_ui_drive *d, const char *obj, const char *text)
{
	size_t n = strlen(d->outcome);
	snprintf(d->outcome + n, sizeof d->outcome - n, "%s%s%s%s", n ? "; " : "", obj ? obj : "", obj ? ": " : "",
		 text ? text : "");
}

static void on_event(void *ctx, const struct ms_erase_event *ev)
{
	struct job *j = ctx;
	struct station *st = j->st;
	pthread_mutex_lock(&st->mu);
	struct ms_ui_drive *d = &st->m.d[j->idx];
	switch (ev->kind) {
	case MS_EV_ERROR:
	case MS_EV_WARNING: add_outcome(d, ev->object, ev->text); break;
	case MS_EV_OUTCOME:
		if (ev->job && ev->job->failure[0])
			add_outcome(d, NULL, ev->job->failure);
		break;
	case MS_EV_RECORD: ms_strlcpy(d->record, ev->text, sizeof d->record); break;
	case MS_EV_CERTIFICATE:
		/* the erasure's; the handover's own follows it and is beside its record */
		if (!d->certificate[0])
			ms_strlcpy(d->certificate, ev->text, sizeof d->certificate);
		break;
	case MS_EV_HANDOVER: ms_strlcpy(d->handover, ev->text, sizeof d->handover); break;
	default: break;
	}
	pthread_mutex_unlock(&st->mu);
}

static bool on_confirm(void *ctx, const struct ms_device *dev)
{
	(void)ctx, (void)dev;
	return false; /* the operator typed the serial's end before the job began */
}

static void on_progress(void *ctx, size_t index, const struct ms_progress *p)
{
	struct job *j = ctx;
	(void)index;
	size_t steps = p->passes + (j->verify_full ? 1 : 0);
	double in = p->total ? (double)p->done / (double)p->total : 0;
	double f = steps ? ((double)(p->pass ? p->pass - 1 : 0) + in) / (double)steps : in;
	pthread_mutex_lock(&j->pmu);
	ms_strlcpy(j->phase, p->phase ? p->phase : "", sizeof j->phase);
	j->fraction = f, j->rate = p->rate, j->eta = p->eta;
	j->pnew = true;
	pthread_mutex_unlock(&j->pmu);
}

/* The jobs' latest progress into the model (mu held). */
void ms_station_take_progress(struct station *st)
{
	for (size_t i = 0; i < MS_UI_MAX; i++) {
		struct job *j = &st->jobs[i];
		if (!j->started)
			continue;
		pthread_mutex_lock(&j->pmu);
		if (j->pnew && st->m.d[i].state == MS_UI_RUNNING)
			ms_ui_progress(&st->m, i, j->phase, j->fraction, j->rate, j->eta);
		j->pnew = false;
		pthread_mutex_unlock(&j->pmu);
	}
}

static void *job_main(void *arg)
{
	struct job *j = arg;
	struct station *st = j->st;
	const struct ms_station_opts *o = st->o;
	const struct ms_config *c = o->cfg;
	struct ms_erase_request rq = {
		.devices = j->devs, .ndevices = 1, .method = MS_METHOD_OVERWRITE, .cls_set = true, .cls = j->cls,
		.policy = o->policy, .tokens = j->tokens, .ntokens = 1, .state_dir = o->state_dir, .out_dir = o->out_dir,
		.sysroot = o->sysroot, .unfreeze = j->unfreeze, .abort = &j->abort, .custody = j->custody,
		/* the drive the operator confirmed, or none: another drive at that node is refused */
		.expect_identity = j->identity[0] ? j->identity : NULL,
		.ow = {.verify = MS_VERIFY_FULL, .retries = 2, .npasses = 1},
	};
	rq.ow.passes[0].kind = MS_PAT_RANDOM;
	const char *v[] = {c->v[MS_CFG_OPERATOR], c->v[MS_CFG_WITNESS], c->v[MS_CFG_DESTROY_BY], c->v[MS_CFG_CAMERA]};
	rq.operator_name = v[0][0] ? v[0] : NULL;
	rq.witness = v[1][0] ? v[1] : NULL;
	rq.destroy_by = v[2][0] ? v[2] : NULL;
	rq.camera = v[3][0] ? v[3] : NULL;
	struct ms_erase_ui ui = {.event = on_event, .confirm = on_confirm, .progress = on_progress, .ctx = j};
	struct ms_erase_sink sink = {.record = sink_record, .certify = sink_certify, .handover = sink_handover,
				     .certifies = j->inner.certifies, .ctx = j};
	enum ms_fault f = ms_erase_batch(&rq, &ui, &sink);
	pthread_mutex_lock(&st->mu);
	enum ms_ui_state s = f == MS_FAULT_NONE ? MS_UI_DONE : atomic_load(&j->abort) ? MS_UI_CANCELLED : MS_UI_FAILED;
	ms_ui_finish(&st->m, j->idx, s, NULL);
	st->m.d[j->idx].artifact = f == MS_FAULT_ARTIFACT;
	pthread_mutex_unlock(&st->mu);
	return NULL;
}

static const char *text_or_null(const char *s)
{
	return s[0] ? s : NULL;
}

/* Start the confirmed drives' jobs (called with mu held; no job runs now). */
void ms_station_start_jobs(struct station *st)
{
	struct ms_ui_model *m = &st->m;
	const struct ms_config *c = st->o->cfg;
	struct ms_pdf_opts *pdf = &st->o->issuer->pdf;
	pdf->organisation = text_or_null(c->v[MS_CFG_ORGANISATION]);
	pdf->contract = text_or_null(c->v[MS_CFG_CONTRACT]);
	pdf->contractor = text_or_null(c->v[MS_CFG_CONTRACTOR]);
	pdf->place = text_or_null(c->v[MS_CFG_PLACE]);
	pdf->operator_name = text_or_null(c->v[MS_CFG_OPERATOR]);
	pdf->witness = text_or_null(c->v[MS_CFG_WITNESS]);
	m->batch++;
	for (size_t i = 0; i < m->n; i++) {
		struct ms_ui_drive *d = &m->d[i];
		if (!d->selected)
			continue;
		struct job *j = &st->jobs[i];
		if (j->started) /* the batch before: its thread has ended (all over), reap it */
			pthread_join(j->th, NULL), pthread_mutex_destroy(&j->pmu);
		memset(j, 0, sizeof *j);
		pthread_mutex_init(&j->pmu, NULL);
		j->st = st;
		j->idx = i;
		j->cls = d->cls;
		j->unfreeze = d->unfreeze;
		j->custody = d->custody && d->custody_plan.can_meet;
		j->verify_full = (j->custody ? d->custody_plan : d->plan).verify_full;
		ms_strlcpy(j->spec, d->spec, sizeof j->spec);
		ms_strlcpy(j->token, d->token, sizeof j->token);
		ms_strlcpy(j->identity, d->identity, sizeof j->identity);
		j->devs[0] = j->spec;
		j->tokens[0] = j->token;
		ms_report_sink(&j->sctx, st->o->issuer, st->o->cfg->v[MS_CFG_OPERATOR], &j->inner);
		d->state = MS_UI_RUNNING;
		d->batch = m->batch;
		d->outcome[0] = '\0';
		ms_strlcpy(d->phase, _("starting"), sizeof d->phase);
		/* the front end's thread takes SIGINT, SIGTERM, SIGHUP; a job never does */
		sigset_t block, old;
		sigemptyset(&block);
		sigaddset(&block, SIGINT), sigaddset(&block, SIGTERM), sigaddset(&block, SIGHUP);
		pthread_sigmask(SIG_BLOCK, &block, &old);
		int pe = pthread_create(&j->th, NULL, job_main, j);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (pe != 0) {
			ms_ui_finish(m, i, MS_UI_FAILED, _("cannot start a thread"));
			continue;
		}
		j->started = true;
	}
}

/* ---- drives: discovery and plans ---------------------------------------------------- */

/* Does the directory out_dir live on the drive called name (a partition of it, or it)? */
static bool holds_output(const char *out_dir, const char *name)
{
	struct stat sb;
	char link[64], target[PATH_MAX];
	if (!name[0] || stat(out_dir, &sb) != 0)
		return false;
	snprintf(link, sizeof link, "/sys/dev/block/%u:%u", major(sb.st_dev), minor(sb.st_dev));
	ssize_t n = readlink(link, target, sizeof target - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	char want[80];
	snprintf(want, sizeof want, "/%s/", name);
	size_t tl = strlen(target), nl = strlen(name);
	return strstr(target, want) || (tl > nl && strcmp(target + tl - nl, name) == 0 && target[tl - nl - 1] == '/');
}

/* A massho medium by its label, mounted or not: a copy of the boot image (MASSHO) or an
 * output medium (MASSHO-OUT) — one plugged in again, or a second one — is never erased
 * by the station (it holds certificates, or is what an operator boots from). */
static unsigned massho_medium(const struct ms_device *dev)
{
	unsigned f = 0;
	for (size_t i = 0; i <= dev->nparts && i <= MS_MAX_PARTS; i++) {
		const char *l = i == 0 ? dev->label : dev->parts[i - 1].label;
		f |= strcmp(l, MS_IMAGE_LABEL) == 0 ? MS_UI_BOOT : strcmp(l, MS_OUTPUT_LABEL) == 0 ? MS_UI_OUTPUT : 0;
	}
	return f;
}

static void describe_into(struct station *st, const struct ms_planned *pl, struct ms_ui_drive *d)
{
	const struct ms_device *dev = &pl->dev;
	const struct ms_caps *c = &pl->caps;
	ms_strlcpy(d->model, dev->model, sizeof d->model);
	ms_strlcpy(d->serial, dev->serial, sizeof d->serial);
	ms_strlcpy(d->token, dev->serial[0] ? dev->serial : d->spec, sizeof d->token);
	if (dev->name[0])
		ms_strlcpy(d->name, dev->name, sizeof d->name);
	d->capacity = dev->capacity;
	ms_strlcpy(d->medium, pl->fault ? ms_medium_name(dev->medium) : ms_pmedium_name(c->medium), sizeof d->medium);
	ms_strlcpy(d->attach, ms_transport_name(dev->transport), sizeof d->attach);
	d->flags = (dev->boot_medium ? MS_UI_BOOT : 0) | (dev->usb_bridge[0] || c->usb ? MS_UI_USB : 0);
	if (holds_output(st->o->out_dir, dev->name) || holds_output(st->o->state_dir, dev->name))
		d->flags |= MS_UI_OUTPUT;
	d->flags |= massho_medium(dev);
	if (pl->fault) {
		d->flags |= MS_UI_REFUSED;
		ms_strlcpy(d->why_not, pl->why, sizeof d->why_not);
		return;
	}
	d->flags |= (c->sec_frozen ? MS_UI_FROZEN : 0) | (c->sec_locked ? MS_UI_LOCKED : 0) | (c->sed ? MS_UI_SED : 0) |
		    (c->sed_locked ? MS_UI_SED_LOCKED : 0) | (c->hidden_present ? MS_UI_HIDDEN : 0);
	ms_strlcpy(d->identity, dev->identity_hash, sizeof d->identity);
	d->plan = pl->d;
	memset(&d->custody_plan, 0, sizeof d->custody_plan);
	if (!pl->d.can_meet && pl->d.row != 3)
		ms_policy_choose_custody(st->o->policy, c, d->cls, &d->custody_plan);
	d->planned = true;
	d->why_not[0] = '\0';
}

/* Plan every listed drive that has no plan for its class (mu not held: this reads the
 * drives; the jobs only touch drives that are planned and running). */
void ms_station_plan_all(struct station *st)
{
	struct ms_planned *pl = malloc(sizeof *pl);
	if (!pl)
		return;
	for (size_t i = 0; i < st->m.n; i++) {
		pthread_mutex_lock(&st->mu);
		struct ms_ui_drive d = st->m.d[i];
		pthread_mutex_unlock(&st->mu);
		if (d.planned || d.state != MS_UI_IDLE || (d.flags & MS_UI_REFUSED))
			continue;
		ms_plan_device(d.spec, st->o->sysroot, st->o->policy, d.cls, pl);
		describe_into(st, pl, &d);
		pthread_mutex_lock(&st->mu);
		if (st->m.d[i].state == MS_UI_IDLE && strcmp(st->m.d[i].spec, d.spec) == 0) {
			d.selected = st->m.d[i].selected;
			d.unfreeze = st->m.d[i].unfreeze;
			st->m.d[i] = d;
		}
		pthread_mutex_unlock(&st->mu);
	}
	free(pl);
}

/* A short name for a drive given by path: the file's base name, without an emulated
 * drive's profile and settings (emu:sata-hdd:/tmp/a.img,capacity=4M is "a.img"). */
static void spec_name(const char *spec, char *out, size_t len)
{
	const char *s = spec;
	if (strncmp(s, "emu:", 4) == 0 && strchr(s + 4, ':'))
		s = strchr(s + 4, ':') + 1;
	if (*ms_path_base(s))
		s = ms_path_base(s);
	ms_strlcpy(out, s, len);
	out[strcspn(out, ",")] = '\0';
}

static void add_spec(struct station *st, const char *spec, const char *name, const char *serial)
{
	struct ms_ui_drive *d = calloc(1, sizeof *d);
	if (!d)
		return;
	ms_strlcpy(d->spec, spec, sizeof d->spec);
	spec_name(spec, d->name, sizeof d->name);
	if (name)
		ms_strlcpy(d->name, name, sizeof d->name);
	if (serial)
		ms_strlcpy(d->serial, serial, sizeof d->serial);
	ms_strlcpy(d->token, spec, sizeof d->token);
	d->cls = st->m.cls;
	pthread_mutex_lock(&st->mu);
	if (ms_ui_upsert(&st->m, d) < 0)
		snprintf(st->m.message, sizeof st->m.message, _("more than %d drives: the others are not listed"),
			 MS_UI_MAX);
	pthread_mutex_unlock(&st->mu);
	free(d);
}

/* The drives: the ones named, or every block device now present (plugged in or pulled
 * since the last look), each planned. */
void ms_station_scan(struct station *st)
{
	const struct ms_station_opts *o = st->o;
	st->last_scan = time(NULL);
	if (o->ndevices) {
		for (size_t i = 0; i < o->ndevices; i++)
			add_spec(st, o->devices[i], NULL, NULL);
	} else {
		struct ms_device *list = NULL;
		size_t n = 0;
		if (ms_discover_list(o->sysroot, &list, &n) == 0) {
			pthread_mutex_lock(&st->mu);
			ms_ui_sweep_begin(&st->m);
			pthread_mutex_unlock(&st->mu);
			for (size_t i = 0; i < n; i++) {
				char spec[96];
				snprintf(spec, sizeof spec, "/dev/%s", list[i].name);
				add_spec(st, spec, list[i].name, list[i].serial);
			}
			pthread_mutex_lock(&st->mu);
			ms_ui_sweep_end(&st->m);
			pthread_mutex_unlock(&st->mu);
		}
		free(list);
	}
	ms_station_plan_all(st);
}


void ms_station_stop_all(struct station *st)
{
	for (size_t i = 0; i < MS_UI_MAX; i++)
		if (st->jobs[i].started)
			atomic_store(&st->jobs[i].abort, true);
	for (size_t i = 0; i < MS_UI_MAX; i++)
		if (st->jobs[i].started) {
			pthread_join(st->jobs[i].th, NULL);
			pthread_mutex_destroy(&st->jobs[i].pmu);
			st->jobs[i].started = false;
		}
}

void ms_station_summarise(struct station *st)
{
	struct ms_ui_model *m = &st->m;
	const char *pdfs[MS_UI_MAX];
	size_t n = 0;
	if (st->summarised)
		return;
	st->summarised = true;
	for (size_t i = 0; i < m->n; i++)
		if (m->d[i].state == MS_UI_DONE && m->d[i].certificate[0] && m->d[i].batch == m->batch)
			pdfs[n++] = m->d[i].certificate;
	char why[300] = "";
	if (n && st->o->summarise &&
	    st->o->summarise(st->o->summarise_ctx, pdfs, n, m->summary, sizeof m->summary, why, sizeof why) != 0) {
		m->summary[0] = '\0';
		snprintf(m->message, sizeof m->message, _("batch summary not issued: %s"), why);
	}
	/* The batch's records (and the summary) to the central store, with any backlog. */
	ms_station_collect(st);
}

static bool any_unplanned(struct station *st)
{
	bool any = false;
	pthread_mutex_lock(&st->mu);
	for (size_t i = 0; i < st->m.n; i++)
		any |= st->m.d[i].state == MS_UI_IDLE && !st->m.d[i].planned && !(st->m.d[i].flags & MS_UI_REFUSED);
	pthread_mutex_unlock(&st->mu);
	return any;
}

/* The screen keeps the terminal; what else would print (the signer's notes, a library's
 * warning) goes to the station log, so that it can neither garble the screen nor be lost. */
struct tty {
	FILE *in, *out;
	SCREEN *scr;
	int saved_out, saved_err;
};

static int tty_take(const struct ms_station_opts *o, struct tty *t)
{
	fflush(stdout);
	fflush(stderr);
	int in = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3), out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	t->in = in >= 0 ? fdopen(in, "r") : NULL;
	t->out = out >= 0 ? fdopen(out, "w") : NULL;
	t->saved_out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	t->saved_err = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	/* never through a link someone left where the log goes */
	int log = open(o->log_path ? o->log_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
		       (o->log_path ? O_NOFOLLOW : 0), 0600);
	if (!t->in || !t->out || t->saved_out < 0 || t->saved_err < 0 || log < 0) {
		int e = errno;
		if (log >= 0)
			close(log);
		if (!t->in && in >= 0)
			close(in);
		if (!t->out && out >= 0)
			close(out);
		return -e;
	}
	dup2(log, STDOUT_FILENO);
	dup2(log, STDERR_FILENO);
	close(log);
	return 0;
}

static void tty_give_back(struct tty *t)
{
	fflush(stdout);
	fflush(stderr);
	if (t->saved_out >= 0)
		dup2(t->saved_out, STDOUT_FILENO), close(t->saved_out);
	if (t->saved_err >= 0)
		dup2(t->saved_err, STDERR_FILENO), close(t->saved_err);
	if (t->in)
		fclose(t->in);
	if (t->out)
		fclose(t->out);
}

static bool curses_start(const struct station *st, struct tty *t)
{
	SCREEN *scr = newterm(NULL, t->out, t->in);
	if (!scr)
		return false; /* TERM names no terminal this system knows */
	set_term(scr);
	t->scr = scr;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(250);
	curs_set(0);
	if (st->o->color && has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
	}
	return true;
}

/* One turn of the loop: the screen, one key (or a quarter second), the jobs that ended,
 * a new look for drives every few seconds. */
static void turn(struct station *st)
{
	wint_t ch;
	pthread_mutex_lock(&st->mu);
	if (st->m.screen == MS_UI_RUN && ms_ui_all_over(&st->m)) {
		ms_station_summarise(st);
		st->m.screen = MS_UI_RESULT;
	}
	ms_station_take_progress(st);
	ms_station_draw(st);
	pthread_mutex_unlock(&st->mu);
	int r = get_wch(&ch);
	if (r != ERR) {
		pthread_mutex_lock(&st->mu);
		ms_station_key(st, r == KEY_CODE_YES, (unsigned)ch);
		pthread_mutex_unlock(&st->mu);
	}
	bool listing = st->m.screen == MS_UI_LIST || st->m.screen == MS_UI_RUN;
	if (listing && !st->o->ndevices && time(NULL) - st->last_scan >= 3)
		ms_station_scan(st);
	else if (st->last_scan == 0 || (st->m.screen == MS_UI_LIST && any_unplanned(st)))
		ms_station_scan(st);
}

/* SIGINT, SIGTERM, SIGHUP (a closed window, a dropped ssh): stop every job and quit, as
 * 'q' does, so that each stopped drive's record says "interrupted". */
static atomic_bool signalled;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&signalled, true);
}

/* Quitting with jobs running: each is told to stop, and the screen stays up (saying so)
 * until they have — a firmware erase inside the drive is not stopped by anyone. Returns
 * true when the loop may end. */
static bool may_end(struct station *st)
{
	bool end = false;
	pthread_mutex_lock(&st->mu);
	if (atomic_load(&signalled))
		st->quit = true;
	if (st->quit && !st->stopping && !ms_ui_all_over(&st->m)) {
		st->stopping = true;
		st->m.screen = MS_UI_RUN;
		for (size_t i = 0; i < MS_UI_MAX; i++)
			if (st->jobs[i].started)
				atomic_store(&st->jobs[i].abort, true);
	} else if (st->quit && ms_ui_all_over(&st->m)) {
		if (st->stopping)
			ms_station_summarise(st); /* for the drives that were erased before */
		end = true;
	}
	pthread_mutex_unlock(&st->mu);
	return end;
}

int ms_station_run(const struct ms_station_opts *o, struct ms_station_result *res)
{
	memset(res, 0, sizeof *res);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -ENOTTY;
	struct station *st = ms_station_new(o);
	if (!st)
		return -ENOMEM;
	struct tty t = {.saved_out = -1, .saved_err = -1};
	struct sigaction sa = {.sa_handler = on_signal}, old[3];
	const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	atomic_store(&signalled, false);
	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]); /* before curses, which then leaves them to us */
	int rc = tty_take(o, &t);
	if (!rc) {
		if (!curses_start(st, &t))
			rc = -ENXIO;
		else if (!ms_station_fits())
			rc = -ERANGE;
		while (!rc && !may_end(st))
			turn(st);
		if (t.scr) {
			endwin();
			delscreen(t.scr);
		}
	}
	res->quit_running = st->stopping;
	ms_station_stop_all(st); /* none runs unless the screen could not start */
	tty_give_back(&t);
	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	ms_station_free(st, res);
	return rc;
}

struct station *ms_station_new(const struct ms_station_opts *o)
{
	struct station *st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	st->o = o;
	ms_ui_init(&st->m, o->cfg->cls_set ? o->cfg->cls : MS_CLASS_3);
	for (size_t i = 0; i < MS_UI_F_CLASS; i++)
		ms_strlcpy(st->m.field[i], o->cfg->v[ms_station_field_key[i]], sizeof st->m.field[i]);
	pthread_mutex_init(&st->mu, NULL);
	pthread_mutex_init(&st->sign_mu, NULL);
	return st;
}

void ms_station_free(struct station *st, struct ms_station_result *res)
{
	for (size_t i = 0; i < st->m.n; i++) {
		res->erased += st->m.d[i].state == MS_UI_DONE;
		res->failed += st->m.d[i].state == MS_UI_FAILED;
		res->cancelled += st->m.d[i].state == MS_UI_CANCELLED;
		res->artifacts += st->m.d[i].state == MS_UI_FAILED && st->m.d[i].artifact;
	}
	res->not_collected = st->m.collect_failed;
	pthread_mutex_destroy(&st->mu);
	pthread_mutex_destroy(&st->sign_mu);
	free(st);
}

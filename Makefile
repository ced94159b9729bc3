# massho — top-level build. `make` builds ./massho; `make check` runs every test;
# `make demo` erases an emulated drive end to end. See README.md.
CC      ?= cc
# A cross build names its own (dpkg-buildpackage sets PKG_CONFIG for the host architecture).
PKG_CONFIG ?= pkg-config
PREFIX  ?= /usr/local
VERSION := 0.1.0
PKGS    := blkid libcrypto libqrencode zlib libp11 libpng ncursesw libpq smartcols mount
CSTD    := -std=c17 -D_GNU_SOURCE -iquote .
# snprintf truncation is how we bound strings on purpose; the other warnings stay errors —
# in our own builds (dev, CI). A distribution builds with WERROR= (debian/rules): a newer
# compiler's new warning must not fail its build of a released version.
WERROR  ?= -Werror
WARN    := -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation
# CPPFLAGS, CFLAGS and LDFLAGS are the builder's (dpkg-buildflags: fortify, stack
# protector, relro and now); every compile and link of the program and its tests uses them.
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CPPFLAGS) $(CFLAGS) -pthread \
             -DMS_LOCALEDIR='"$(PREFIX)/share/locale"' \
             $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# libharu ships no pkg-config file.
LIBS     = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lhpdf -pthread
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC := $(wildcard util/*.c devices/*.c erase/*.c report/*.c ui/*.c)
CLI_SRC := $(wildcard cli/*.c)
UNIT_SRC := $(wildcard tests/unit/*.c)
HEADERS := $(wildcard util/*.h devices/*.h erase/*.h report/*.h ui/*.h cli/*.h)

B := build
# Data built into the program: the default policy, one text file (docs/policy-default.txt).
GEN_SRC  := $(B)/gen/default_policy.c $(B)/gen/migrations.c
LIB_SRC  += $(GEN_SRC)
# The library's N_() formats, which cli/l10n.c matches its English texts against
# (docs/i18n.md); linked into the program only.
LT_SRC   := $(B)/gen/libtexts.c
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/rel/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/rel/%.o) $(LT_SRC:%.c=$(B)/rel/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(B)/rel/%.o)
ALIB_OBJ := $(LIB_SRC:%.c=$(B)/asan/%.o)
AUNIT_OBJ := $(UNIT_SRC:%.c=$(B)/asan/%.o)
ACLI_OBJ := $(CLI_SRC:%.c=$(B)/asan/%.o) $(LT_SRC:%.c=$(B)/asan/%.o)
CLIB_OBJ := $(LIB_SRC:%.c=$(B)/cov/%.o)
CUNIT_OBJ := $(UNIT_SRC:%.c=$(B)/cov/%.o)
CCLI_OBJ := $(CLI_SRC:%.c=$(B)/cov/%.o) $(LT_SRC:%.c=$(B)/cov/%.o)
COV_DIRS := util devices erase report ui cli

.PHONY: all check unit unit-asan integration headers structure demo install clean deps bench coverage
.PHONY: pot po-update catalogue
all: massho

# The Japanese catalogue is built beside the program, where util/i18n.c finds it when
# ./massho (build/locale) or build/massho-asan (its own locale/) runs from the tree.
MO := $(B)/locale/ja/LC_MESSAGES/massho.mo

massho: $(LIB_OBJ) $(CLI_OBJ) | $(MO)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(MO): po/ja.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $@"
	@msgfmt -c --check -o $@.tmp $< && mv $@.tmp $@

# The message template: every _() of the front ends and N_() of the library. Not kept in
# git (po/massho.pot is ignored): the catalogue test makes its own (scripts/check-catalogue).
POT_SRC = $(wildcard cli/*.c ui/*.c util/*.c devices/*.c erase/*.c report/*.c)
pot:
	@scripts/check-catalogue --pot po/massho.pot $(POT_SRC)

# po/ja.po brought up to the sources: a new message appears untranslated, a changed one fuzzy.
po-update: pot
	@msgmerge --quiet --update --backup=none --no-wrap --no-location po/ja.po po/massho.pot

# po/ja.po complete: every message translated, none fuzzy or stale, msgfmt -c content.
catalogue:
	@scripts/check-catalogue $(POT_SRC) || [ $$? = 77 ]

$(LT_SRC): scripts/gen-libtexts $(filter-out $(GEN_SRC),$(LIB_SRC))
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@scripts/gen-libtexts $(filter-out $(GEN_SRC),$(LIB_SRC)) >$@.tmp && mv $@.tmp $@

# The version the program prints and records. In a git tree: git describe, from the last
# tag vX.Y.Z (the v dropped), or VERSION+g<commit> while there is no such tag (other tags
# are not releases: --exclude keeps them out of the commit's name), -dirty when
# files differ from the commit. Elsewhere (a release tarball, the Debian package built
# from a copy; debian/rules also sets VERSION_FROM_GIT=no): VERSION. Asked on every build,
# but the header is rewritten only when the answer changes, so that a new commit
# recompiles util/version.c alone and relinks.
VERSION_FROM_GIT ?= yes
VERSION_H := $(B)/gen/version.h
.PHONY: FORCE
$(VERSION_H): FORCE
	@mkdir -p $(dir $@)
	@v=""; \
	if [ "$(VERSION_FROM_GIT)" = yes ] && [ -e .git ]; then \
	  v=$$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null | sed 's/^v//'); \
	  [ -n "$$v" ] || { h=$$(git describe --always --dirty --exclude='*' 2>/dev/null) && v="$(VERSION)+g$$h"; }; \
	fi; \
	v=$${v:-$(VERSION)}; \
	echo "#define MS_VERSION \"$$v\"" >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else echo "  GEN     $@ ($$v)"; mv $@.tmp $@; fi
$(B)/rel/util/version.o $(B)/asan/util/version.o $(B)/cov/util/version.o: $(VERSION_H)

$(B)/gen/default_policy.c: docs/policy-default.txt Makefile
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@{ echo '/* Generated from docs/policy-default.txt by the Makefile: do not edit. */'; \
	   echo 'const char ms_default_policy_text[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$$/\\n"/' $<; echo '\t"";'; } >$@.tmp && mv $@.tmp $@

# The central store's schema, carried in the program (`massho db migrate`, sql/).
$(B)/gen/migrations.c: scripts/gen-migrations $(sort $(wildcard sql/*.sql))
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@scripts/gen-migrations $(sort $(wildcard sql/*.sql)) >$@.tmp && mv $@.tmp $@

$(B)/rel/%.o: %.c $(HEADERS) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/asan/%.o: %.c $(HEADERS) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $<"
	@$(CC) $(ALL_CFLAGS) $(SAN) -O1 -c -o $@ $<

$(B)/unit-tests: $(UNIT_OBJ) $(LIB_OBJ)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(CHECK_LIBS)

$(B)/unit-tests-asan: $(AUNIT_OBJ) $(ALIB_OBJ)
	@echo "  LD-SAN  $@"
	@$(CC) $(ALL_CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS) $(CHECK_LIBS)

# Coverage: its own objects (-O0, so that a line is a line), never mixed with rel or asan.
# Fortify needs optimisation (glibc warns without it): a builder's -D_FORTIFY_SOURCE is undone.
$(B)/cov/%.o: %.c $(HEADERS) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC-COV  $<"
	@$(CC) $(ALL_CFLAGS) -O0 -U_FORTIFY_SOURCE --coverage -c -o $@ $<

$(B)/cov/unit-tests: $(CUNIT_OBJ) $(CLIB_OBJ)
	@echo "  LD-COV  $@"
	@$(CC) $(ALL_CFLAGS) --coverage $(LDFLAGS) -o $@ $^ $(LIBS) $(CHECK_LIBS)

$(B)/cov/massho: $(CLIB_OBJ) $(CCLI_OBJ)
	@echo "  LD-COV  $@"
	@$(CC) $(ALL_CFLAGS) --coverage $(LDFLAGS) -o $@ $^ $(LIBS)

# The sanitizer build of the program itself: integration tests run it too.
$(B)/massho-asan: $(ALIB_OBJ) $(ACLI_OBJ) | $(MO)
	@echo "  LD-SAN  $@"
	@$(CC) $(ALL_CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

deps:
	@scripts/install-deps

# Every header must compile on its own.
headers: $(HEADERS)
	@for h in $(HEADERS); do \
	  echo "#include \"$$h\"" | $(CC) $(CSTD) $(WARN) $(shell $(PKG_CONFIG) --cflags $(PKGS)) -fsyntax-only -x c - -I. \
	    || { echo "header does not compile on its own: $$h"; exit 1; }; \
	done; echo "headers: $(words $(HEADERS)) compile on their own"

# Function and file sizes, layers, the single method table (docs/architecture.md).
structure:
	@scripts/check-structure

unit: $(B)/unit-tests
	cd tests/unit && ../../$(B)/unit-tests

unit-asan: $(B)/unit-tests-asan
	cd tests/unit && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ../../$(B)/unit-tests-asan

integration: massho $(B)/massho-asan
	tests/integration/run

# Mutation testing (docs/testing.md): each mutation in tests/mutants/list must make the
# tests named with it fail. Built and run in copies under /tmp; not part of check.
.PHONY: mutants
mutants:
	scripts/mutants

# Line coverage of the unit and integration tests together, per folder. The integration
# tests run the coverage build as MASSHO (the ones that also run ./massho and the
# sanitizer build need those built too). Counters start from zero on every run.
coverage:
	@scripts/install-deps coverage
	$(MAKE) massho $(B)/massho-asan $(B)/cov/massho $(B)/cov/unit-tests
	@find $(B)/cov -name '*.gcda' -delete
	@rc=0; (cd tests/unit && ../../$(B)/cov/unit-tests) || rc=1; \
	  MASSHO=$(CURDIR)/$(B)/cov/massho tests/integration/run || rc=1; \
	  scripts/coverage-table $(B)/cov $(COV_DIRS) || rc=1; \
	  [ $$rc = 0 ] || echo "coverage: some tests failed; the numbers count what ran"; exit $$rc

check: deps
	$(MAKE) massho
	$(MAKE) headers
	$(MAKE) structure
	$(MAKE) catalogue
	$(MAKE) unit
	$(MAKE) unit-asan
	$(MAKE) fuzz-check
	$(MAKE) integration

demo: deps
	$(MAKE) massho
	scripts/demo

# The bench needs only what builds and runs massho (and installs its peers itself).
bench:
	@scripts/install-deps build
	$(MAKE) massho
	scripts/bench

# The boot image, build/image/massho.iso (docs/boot-image.md); not part of check yet.
# scripts/boot-image-smoke boots it in QEMU.
.PHONY: image
image:
	@scripts/install-deps image
	$(MAKE) massho
	scripts/build-image

# The program goes to sbin, so its man page is massho(8), in English and Japanese.
MAN8    := $(DESTDIR)$(PREFIX)/share/man/man8/massho.8
MAN8_JA := $(DESTDIR)$(PREFIX)/share/man/ja/man8/massho.8
MO_DEST := $(DESTDIR)$(PREFIX)/share/locale/ja/LC_MESSAGES/massho.mo
# bash-completion loads a command's completion from this directory, by the command's name,
# the first time it is completed.
BASHCOMP := $(DESTDIR)$(PREFIX)/share/bash-completion/completions/massho
install: massho
	install -D -m 0755 massho $(DESTDIR)$(PREFIX)/sbin/massho
	install -D -m 0644 docs/massho.8 $(MAN8)
	install -D -m 0644 docs/ja/massho.8 $(MAN8_JA)
	install -D -m 0644 $(MO) $(MO_DEST)
	install -D -m 0644 completion/massho $(BASHCOMP)

# Removes what install installs (the directories stay: others share them).
.PHONY: uninstall
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/massho $(MAN8) $(MAN8_JA) $(MO_DEST) $(BASHCOMP)

clean:
	rm -rf $(B) massho

include mk/fuzz.mk

# Fuzzing in the tree (docs/fuzzing.md): clang + libFuzzer from Debian, ASan + UBSan.
# Included by the top-level Makefile. Everything is built in build/fuzz/, never mixed
# with the gcc builds (rel, asan, cov): the library is compiled again by clang with
# coverage hooks (fuzzer-no-link), and each target links one tests/fuzz/fuzz_*.c to it.
#   make fuzz-check   (in make check) replays every corpus and crash file, then fuzzes
#                     each target for FUZZ_CHECK_SECONDS; SKIP when clang/libFuzzer is absent
#   make fuzz         fuzzes each target for FUZZ_SECONDS and merges new coverage into
#                     tests/fuzz/corpus/<target>/
FUZZ_CC            ?= clang
FUZZ_SECONDS       ?= 60
FUZZ_CHECK_SECONDS ?= 5
FB := $(B)/fuzz
# -Werror stays with gcc's builds: a warning only clang knows must not fail make check;
# -Wno-format-truncation is gcc's.
FUZZ_WARN   := $(filter-out -Werror -Wno-format-truncation,$(WARN))
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  = $(CSTD) $(FUZZ_WARN) -O1 -g -pthread -DMS_VERSION='"$(VERSION)"' $(FUZZ_SAN) \
               $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)

FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS := $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FB)/%)
# The built-in policy, generated into build/fuzz by the top-level rule itself (B=$(FB)):
# one recipe, and build/gen, which the other builds share, is left alone.
FUZZ_GEN     := $(FB)/gen/default_policy.c $(FB)/gen/migrations.c
FLIB_OBJ     := $(patsubst %.c,$(FB)/%.o,$(filter-out $(GEN_SRC),$(LIB_SRC))) $(FUZZ_GEN:.c=.o)
# decode-identify is a command, not a library call: its target links the commands too
# (not cli/massho.c, which holds main()).
FCLI_OBJ     := $(patsubst %.c,$(FB)/%.o,$(filter-out cli/massho.c,$(CLI_SRC))) $(FB)/gen/libtexts.o

.PHONY: fuzz fuzz-check fuzz-build fuzz-seeds
# The targets' objects are intermediate to make; kept, so that a relink does not recompile.
.SECONDARY: $(FUZZ_SRC:%.c=$(FB)/%.o) $(FB)/tests/fuzz/mkseeds.o
$(FB)/tests/fuzz/%.o: tests/fuzz/fuzz.h
fuzz-build: $(FUZZ_BINS) $(FB)/mkseeds

$(FB)/gen/default_policy.c: docs/policy-default.txt Makefile
	@$(MAKE) --no-print-directory B=$(FB) $@

$(FB)/gen/migrations.c: scripts/gen-migrations $(wildcard sql/*.sql)
	@$(MAKE) --no-print-directory B=$(FB) $@

# The library's formats for cli/l10n.c (the commands' target links it), the same way.
$(FB)/gen/libtexts.c: scripts/gen-libtexts $(filter-out $(GEN_SRC),$(LIB_SRC))
	@$(MAKE) --no-print-directory B=$(FB) $@

$(FB)/%.o: %.c $(HEADERS) Makefile mk/fuzz.mk
	@mkdir -p $(dir $@)
	@echo "  CC-FUZZ $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FB)/gen/%.o: $(FB)/gen/%.c
	@echo "  CC-FUZZ $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FB)/fuzz_decode_identify: $(FB)/tests/fuzz/fuzz_decode_identify.o $(FCLI_OBJ) $(FLIB_OBJ)
	@echo "  LD-FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

$(FB)/fuzz_%: $(FB)/tests/fuzz/fuzz_%.o $(FLIB_OBJ)
	@echo "  LD-FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

# Seed inputs from the emulated drives (NVMe and SCSI answers, TCG Level 0 Discovery) and
# sense data in each known layout; run by hand when the emulator changes, then commit what
# changed. fuzz-build links the generator too, so that it keeps compiling.
fuzz-seeds: $(FB)/mkseeds
	@mkdir -p tests/fuzz/corpus
	$(FB)/mkseeds tests/fuzz/corpus

$(FB)/mkseeds: $(FB)/tests/fuzz/mkseeds.o $(FLIB_OBJ)
	@echo "  LD-FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $^ $(LIBS)

# Without clang and libFuzzer the step says SKIP (scripts/fuzz probe) instead of passing.
fuzz-check:
	@scripts/fuzz probe || exit 0; $(MAKE) --no-print-directory fuzz-build && \
	  FUZZ_SECONDS=$(FUZZ_CHECK_SECONDS) scripts/fuzz check $(FUZZ_TARGETS)

fuzz:
	@scripts/fuzz probe || exit 1; $(MAKE) --no-print-directory fuzz-build && \
	  FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz run $(FUZZ_TARGETS)

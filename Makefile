# SPDX-License-Identifier: GPL-2.0-or-later
#
# Front door of the arm64 named-CPU-model overlay on QEMU 10.2.2.
# `make help` lists the targets; README.md explains the layout.

PYTHON ?= python3
ARCH := $(shell uname -m)
ifeq ($(ARCH),aarch64)
PAYLOAD_CC ?= gcc
else
PAYLOAD_CC ?= aarch64-linux-gnu-gcc
endif

BUILD := build
PAYLOAD := $(BUILD)/payload/idregs.elf
PAYLOAD_LOOP := $(BUILD)/payload/idregs-loop.elf
PAYLOAD_SRC := harness/payload/start.S harness/payload/idregs.c harness/payload/payload.ld
PAYLOAD_CFLAGS := -O2 -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-nostdlib -static -no-pie -fno-pie -mgeneral-regs-only -mstrict-align \
	-fno-stack-protector -Wl,--build-id=none

.PHONY: all help run check check-sanitize deps assemble patches build cross docs series bench fuzz payload clean

all: run

help:
	@echo "make run       build everything and run the main job: the ID-register"
	@echo "               payload under the built QEMU, printing what the guest sees"
	@echo "make check     build everything and run all tests (ends with 'N passed, N failed')"
	@echo "make check-sanitize  the ASan + UBSan build (build/sanitize) and its unit"
	@echo "               tests and qtests (~40 min cold; not part of make check)"
	@echo "make deps      install the Debian packages the build and tests need (root)"
	@echo "make assemble  build/src = upstream QEMU + overlay + patches/ (FORCE=1 drops edits)"
	@echo "make patches   regenerate patches/ and the overlay from edits in build/src"
	@echo "make build     native qemu-system-aarch64 (build/native)"
	@echo "make cross     arm64 --enable-kvm cross build (build/cross)"
	@echo "make docs      QEMU's manual with the CPU models page (build/docs)"
	@echo "make series    export the upstream patch series (build/series/patches),"
	@echo "               check it with checkpatch.pl and git am, build its patch"
	@echo "               boundaries (SERIES_BUILD=none|build-files|boundaries|all;"
	@echo "               all builds every patch and runs its tests, ~12 min warm)"
	@echo "make bench     the cost of the named models: callgrind instructions of"
	@echo "               realize at 1-256 vCPUs, property parsing (BENCH_SIZES=1,16)"
	@echo "make fuzz      the libFuzzer target of the pure layer, 10 million runs"
	@echo "               (FUZZ_RUNS=N, FUZZ_JOBS=J; needs clang)"
	@echo "make payload   the bare-metal ID-register payloads ($(PAYLOAD), and"
	@echo "               $(PAYLOAD_LOOP), which prints them every second)"
	@echo "make clean     remove build/ (the download and ccache caches stay)"
	@echo "Variables: QEMU_SRC=/path/to/qemu uses your own upstream tree;"
	@echo "           GROUPS='unit qtest' limits 'make check' to some test groups."

deps:
	bash harness/deps.sh

assemble: deps
	$(PYTHON) harness/assemble.py $(if $(FORCE),--force)

patches:
	$(PYTHON) harness/patches.py

build: assemble
	bash harness/build.sh native

cross: assemble
	bash harness/build.sh cross

docs: assemble
	bash harness/build.sh docs

SERIES_BUILD ?= boundaries

series: assemble
	$(PYTHON) harness/series.py --check --build $(SERIES_BUILD)

BENCH_SIZES ?= 1,16,64,256

# the KVM part runs the cross build in L1 (on an arm64 host, the native one)
bench: build payload $(if $(filter aarch64,$(ARCH)),,cross)
	$(PYTHON) harness/bench.py --sizes $(BENCH_SIZES)

FUZZ_RUNS ?= 10000000
FUZZ_JOBS ?= 2

fuzz: build
	$(PYTHON) harness/fuzz.py --runs $(FUZZ_RUNS) --jobs $(FUZZ_JOBS)

payload: $(PAYLOAD) $(PAYLOAD_LOOP)

$(PAYLOAD): $(PAYLOAD_SRC) | deps
	@mkdir -p $(dir $@)
	$(PAYLOAD_CC) $(PAYLOAD_CFLAGS) -T harness/payload/payload.ld -o $@ \
		harness/payload/start.S harness/payload/idregs.c

# the same, reading and printing the registers again every second, forever
$(PAYLOAD_LOOP): $(PAYLOAD_SRC) | deps
	@mkdir -p $(dir $@)
	$(PAYLOAD_CC) $(PAYLOAD_CFLAGS) -DPAYLOAD_LOOP -T harness/payload/payload.ld \
		-o $@ harness/payload/start.S harness/payload/idregs.c

run: build payload
	$(PYTHON) harness/payload.py

# check.py builds (its build group), beside the cross build and the series
check: assemble
	$(PYTHON) harness/check.py $(GROUPS)

check-sanitize: assemble
	$(PYTHON) harness/check.py sanitize

clean:
	rm -rf $(BUILD)

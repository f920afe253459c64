# The two commands of the README, and the ones around them.
SWIFT ?= swift
PORT ?=

.PHONY: preview site test deps test-deps release dist dist-proof bench theme clean

## preview: install libcmark-dev if missing, build runbook, serve the example wiki with live reload
## (on 1313 or the next free port; PORT=8080 make preview to choose)
preview: deps
	$(SWIFT) build --product runbook
	.build/debug/runbook serve $(if $(PORT),--port $(PORT))

## site: build the example wiki into public/
site: deps
	$(SWIFT) build --product runbook
	.build/debug/runbook build

## test: run the whole test suite
test: test-deps
	$(SWIFT) test

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

# The commit `runbook --version` names (Package.swift passes it to a tiny C target).
COMMIT := $(shell git rev-parse HEAD 2>/dev/null || echo unknown)

## release: an optimised binary at .build/release/runbook, the Swift runtime and Foundation linked
## in as in the tarball (5-8% faster than `swift build -c release`; libcmark stays shared)
release: deps
	RUNBOOK_COMMIT=$(COMMIT) $(SWIFT) build -c release --product runbook $$(scripts/static-flags)

## dist: the release tarball dist/runbook-<version>-linux-<arch>.tar.gz (+ .sha256): a static,
## stripped binary that needs only the C library, with README, LICENSE, completions and man page
dist: deps
	SWIFT=$(SWIFT) RUNBOOK_COMMIT=$(COMMIT) scripts/dist

## dist-proof: make dist, then run the binary where the toolchain and libcmark are hidden (root)
dist-proof: dist
	scripts/dist-proof

## bench: runbook beside Hugo on the corpus and at 10x/100x; appends to bench/RESULTS.md
bench: release
	$(SWIFT) build -c release --product runbook-bench $$(scripts/static-flags)
	@command -v hugo >/dev/null || echo "hugo is not installed (apt-get install hugo): the peer is skipped"
	bench/run $(BENCH_ARGS)

## theme: embed templates/ into the binary after editing them
theme:
	scripts/embed-theme

clean:
	rm -rf .build public dist

# --- fuzzing (issue 13): libFuzzer targets in Sources/runbook-fuzz, built in .build-fuzz ---
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= front-matter toml shortcodes markdown rules request-path output-path
FUZZ_FLAGS = -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING

.PHONY: fuzz fuzz-build

fuzz-build:
	$(SWIFT) build --product runbook-fuzz --scratch-path .build-fuzz $(FUZZ_FLAGS)

## fuzz: run each fuzz target for FUZZ_SECONDS (default 60), seeded from content/, rules/ and the
## tests' fixtures; crashing inputs land in .build-fuzz/findings/<target>/ (FUZZ_TARGETS to choose)
fuzz: fuzz-build
	@scripts/fuzz-seeds .build-fuzz/seeds
	@status=0; for target in $(FUZZ_TARGETS); do \
		echo "== $$target ($(FUZZ_SECONDS) s)"; \
		mkdir -p .build-fuzz/corpus/$$target .build-fuzz/findings/$$target; \
		ASAN_OPTIONS=detect_leaks=0 RUNBOOK_FUZZ_TARGET=$$target .build-fuzz/debug/runbook-fuzz \
			.build-fuzz/corpus/$$target .build-fuzz/seeds/$$target \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 -detect_leaks=0 \
			-artifact_prefix=.build-fuzz/findings/$$target/ -print_final_stats=1 || status=1; \
	done; exit $$status

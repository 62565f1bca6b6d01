# Trellis: `make run` serves the app with demo data, `make test` runs every check.
# Every tool is installed on first use and skipped when it is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# One build cache outside the clone, shared by tests, clippy and the browser build,
# so a fresh clone on a machine that built Trellis before builds incrementally.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/trellis/target
# cargo-leptos builds with other flags; its own cache keeps it from invalidating the test build.
RUN_TARGET_DIR ?= $(HOME)/.cache/trellis/target-run
# The benchmark is a release build; its own cache keeps the debug builds warm.
BENCH_TARGET_DIR ?= $(HOME)/.cache/trellis/target-bench
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

WASM_BINDGEN_VERSION := 0.2.130
CARGO_LEPTOS_VERSION := 0.3.10
SITE := target/site
WASM_TARGET := wasm32-unknown-unknown

TRELLIS_ADDR ?= 127.0.0.1:3000
TRELLIS_DB ?= surrealkv://./data/trellis
export TRELLIS_ADDR TRELLIS_DB

.PHONY: chaos bench-map run dev test check fmt lint unit site e2e e2e-deps tools cargo-leptos bench clean import

## run: serve Trellis with demo data at http://$(TRELLIS_ADDR) (built by cargo-leptos)
run: tools cargo-leptos
	CARGO_TARGET_DIR=$(RUN_TARGET_DIR) cargo leptos serve

## dev: rebuild and reload on every change
dev: tools cargo-leptos
	CARGO_TARGET_DIR=$(RUN_TARGET_DIR) cargo leptos watch

## test: formatting, clippy (ssr and hydrate), unit and integration tests, browser tests
test: tools lint unit e2e

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy -p app -p server --all-targets -- -D warnings
	cargo clippy -p frontend --target $(WASM_TARGET) -- -D warnings

unit:
	cargo test -p app -p server

# The same site cargo-leptos builds, made with plain cargo and wasm-bindgen, so that
# `make test` on a fresh machine does not have to compile cargo-leptos first.
# The server binary comes from the test build: `cargo build` would unify features
# without the dev-dependencies and compile most crates a second time.
site:
	cargo build -p frontend --lib --target $(WASM_TARGET)
	cargo test -p app -p server --no-run
	rm -rf $(SITE) && mkdir -p $(SITE)/pkg
	cp -r public/. $(SITE)/
	wasm-bindgen --target web --no-typescript --out-dir $(SITE)/pkg --out-name trellis \
		$(CARGO_TARGET_DIR)/$(WASM_TARGET)/debug/frontend.wasm
	cp style/main.css $(SITE)/pkg/trellis.css

e2e: site e2e-deps
	cd end2end && TRELLIS_BIN=$(CARGO_TARGET_DIR)/debug/trellis TRELLIS_SITE=$(CURDIR)/$(SITE) \
		npx playwright test

e2e-deps:
	@test -d end2end/node_modules || (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

tools:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)" \
		|| cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

cargo-leptos:
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" \
		|| cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked

## bench: load a synthetic estate (BENCH_CIS, 100k by default) through the import path and
## measure impact analysis, list and search; results in bench/results/ (a release build)
bench: bench-map
	CARGO_TARGET_DIR=$(BENCH_TARGET_DIR) cargo bench -p server --bench trellis

## chaos: 20 × kill -9 under concurrent writes, 200-connection load, backup and restore;
## bench/results/chaos.md
chaos: site
	CARGO_TARGET_DIR=$(BENCH_TARGET_DIR) cargo build --release -p server --bin trellis
	cd bench/kvcrash && CARGO_TARGET_DIR=$(BENCH_TARGET_DIR) cargo build --release
	TRELLIS_BIN=$(BENCH_TARGET_DIR)/release/trellis KVCRASH_BIN=$(BENCH_TARGET_DIR)/release/kvcrash \
		TRELLIS_SITE=$(CURDIR)/$(SITE) python3 bench/chaos.py

## bench-map: how smooth a 1,000-node service map is in Chromium; bench/results/map.md
bench-map: site e2e-deps
	cd end2end && TRELLIS_BIN=$(CARGO_TARGET_DIR)/debug/trellis TRELLIS_SITE=$(CURDIR)/$(SITE) \
		npx playwright test --config bench.config.js

## import: import a folder of CSV files into TRELLIS_DB, e.g. `make import DIR=../shared/data/netbox-demo`
## (stop `make run` first: an embedded database belongs to one process). DRY=1 only checks.
import:
	cargo test -p app -p server --no-run
	$(CARGO_TARGET_DIR)/debug/trellis import --dir $(DIR) $(if $(DRY),--dry-run,)

clean:
	rm -rf $(SITE)

# fazhi — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FAZHI_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test test-sqlite test-postgres test-browser test-api lint install migrate demo serve worker clean bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fazhi 需要 Python 3.11 或更高版本")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# The audit chain's key (docs/audit.md): written once beside the secret key, never overwritten (order-only).
var/audit_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print("k1:" + secrets.token_urlsafe(48))' > var/audit_key
	@chmod 600 var/audit_key

var/secret_key: | var/audit_key
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
	@chmod 600 var/secret_key

migrate: $(STAMP) var/secret_key
	$(BIN)/fazhi migrate --noinput

demo: migrate
	$(BIN)/fazhi demo

serve: $(STAMP) var/secret_key
	$(BIN)/fazhi serve

# Installs, migrates the SQLite database under var/, loads the demo bureau once, serves http://127.0.0.1:8000 and
# runs the task worker (imports, the scheduled supervision scan and publication expiry) beside it; Ctrl+C stops both.
run: demo
	@$(BIN)/fazhi worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/fazhi serve

worker: migrate
	$(BIN)/fazhi worker

# The whole suite on SQLite; again on PostgreSQL when FAZHI_TEST_DATABASE_URL is set.
test: $(STAMP)
	$(MAKE) test-sqlite
	@if [ -n "$$FAZHI_TEST_DATABASE_URL" ]; then $(MAKE) test-postgres; \
	else echo "FAZHI_TEST_DATABASE_URL 未设置：跳过 PostgreSQL 轮次"; fi

test-sqlite: $(STAMP)
	env -u FAZHI_DATABASE_URL $(BIN)/python -m pytest

test-postgres: $(STAMP)
	FAZHI_DATABASE_URL="$$FAZHI_TEST_DATABASE_URL" $(BIN)/python -m pytest

# The browser suite: the real server on its own SQLite database with the small demo, driven by Playwright in the
# system's Chromium (Debian: apt-get install -y chromium fonts-noto-cjk). Full-page screenshots of failures go to
# var/browser-artifacts/ and their paths are printed at the end of the run. BROWSER_TESTS picks files or -k tests.
BROWSER_TESTS ?= tests/browser
test-browser: $(STAMP)
	env -u FAZHI_DATABASE_URL $(BIN)/python -m pytest $(BROWSER_TESTS) -p no:django --confcutdir=tests/browser \
	  --screenshot only-on-failure --full-page-screenshot --output var/browser-artifacts -rfE \
	  -W ignore::pytest.PytestConfigWarning

# schemathesis over every API operation against the real server (a temporary SQLite with the small demo), with a
# 负责人's and a 执法队员's token: no 5xx, every answer as documented (docs/api.md). Reports in var/schemathesis/.
test-api: $(STAMP)
	env -u FAZHI_DATABASE_URL $(BIN)/python tests/api/schemathesis_run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	@echo "fazhi.rules: its own suite must cover every branch"
	$(BIN)/python -m pytest tests/rules -p no:django --confcutdir=tests/rules -q \
	  --cov=fazhi.rules --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100
	FAZHI_TESTING=1 $(BIN)/mypy fazhi config

# The scale benchmarks (docs/scale.md): a copy of the demo on PostgreSQL (FAZHI_BENCH_DATABASE_URL, default a
# scratch database bench_scale on 127.0.0.1, recreated), 1M live + 1M imported cases on it, then every measure;
# then the older benches (each on its own throw-away database). BENCH_LIVE / BENCH_IMPORTED change the size.
FAZHI_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench_scale
BENCH_LIVE ?= 1000000
BENCH_IMPORTED ?= 1000000
bench: $(STAMP) var/secret_key
	@db="$${FAZHI_BENCH_DATABASE_URL##*/}"; base="$${FAZHI_BENCH_DATABASE_URL%/*}"; \
	  psql "$$base/postgres" -qc "DROP DATABASE IF EXISTS \"$$db\"" && psql "$$base/postgres" -qc "CREATE DATABASE \"$$db\""
	FAZHI_DATABASE_URL="$(FAZHI_BENCH_DATABASE_URL)" $(BIN)/python manage.py migrate --noinput -v 0
	FAZHI_DATABASE_URL="$(FAZHI_BENCH_DATABASE_URL)" $(BIN)/python manage.py demo
	$(BIN)/python bench/build_dataset.py --live $(BENCH_LIVE) --imported $(BENCH_IMPORTED) --agency 清城管 \
	  --database-url "$(FAZHI_BENCH_DATABASE_URL)"
	$(BIN)/python bench/bench_scale.py --database-url "$(FAZHI_BENCH_DATABASE_URL)"
	$(BIN)/python bench/bench_report.py --database-url "$(FAZHI_BENCH_DATABASE_URL)"
	@for f in bench/bench_demo.py bench/bench_import.py bench/bench_phone.py bench/bench_supervise.py bench/bench_replica.py; do \
	  echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) var/static

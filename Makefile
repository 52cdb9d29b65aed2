# PeaceOps: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PO := $(VENV)/bin/peaceops
PY := $(VENV)/bin/python
export PEACEOPS_HOME ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: run serve setup test test-sqlite test-postgres bench load fuzz drills check-deploy lint messages clean

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $@

setup: $(VENV)/.installed
	$(PO) migrate --noinput -v0
	$(PO) createcachetable
	$(PO) collectstatic --noinput -v0
	$(PO) demo

run: setup serve

serve:
	@echo ""
	@echo "PeaceOps is serving on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	@# A task worker runs beside gunicorn (imports, planner runs); the trap stops it when gunicorn stops.
	@$(PO) db_worker --no-reload -v0 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(VENV)/bin/gunicorn peaceops.wsgi -b $(HOST):$(PORT) -w $(WORKERS) --access-logfile - --timeout 60 \
		--access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'  # the path only: search words stay out of logs

test: $(VENV)/.installed-dev
	@echo "== the whole suite on SQLite"
	env -u PEACEOPS_TEST_DATABASE_URL $(PY) -m pytest
	@if [ -n "$$PEACEOPS_TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$PEACEOPS_TEST_DATABASE_URL)"; \
		$(PY) -m pytest; \
	fi

test-sqlite: $(VENV)/.installed-dev
	env -u PEACEOPS_TEST_DATABASE_URL $(PY) -m pytest

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

# gunicorn (2 workers) over the 200,000-people bench databases under locust; writes bench/results/load.json
load: $(VENV)/.installed-dev
	$(VENV)/bin/pip install -q -e ".[load]"
	$(PY) bench/load.py

# schemathesis over the whole OpenAPI schema as every persona, many examples per operation
fuzz: $(VENV)/.installed-dev
	PEACEOPS_FUZZ_EXAMPLES=$${PEACEOPS_FUZZ_EXAMPLES:-500} $(PY) -m pytest tests/fuzz -p no:cacheprovider

# The fault drills (server and worker killed mid-work, PostgreSQL restarted under load, 20 concurrent
# writers on SQLite) and the backup/restore round trip, on SQLite and then on PostgreSQL.
DRILLS := tests/test_fault_server_kill.py tests/test_fault_postgres_restart.py tests/test_fault_database_restart.py \
	tests/test_concurrent_writers.py tests/test_backup_restore.py tests/test_fault_worker_kill.py \
	peaceops/documents/tests/test_import_jobs.py peaceops/planning/tests/test_worker_death.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
drills: $(VENV)/.installed-dev
	env -u PEACEOPS_TEST_DATABASE_URL $(PY) -m pytest -s $(DRILLS) -k "kill or fault or restart or concurrent or backup or drill or died"
	PEACEOPS_TEST_DATABASE_URL=$(PG_URL) $(PY) -m pytest -s $(DRILLS) -k "kill or fault or restart or concurrent or backup or drill or died"

# Production settings must pass Django's deployment checks with no warning.
check-deploy: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=peaceops.settings.production $(PO) check --deploy --fail-level WARNING

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check peaceops tests bench

messages: $(VENV)/.installed-dev
	cd peaceops && ../$(PO) makemessages -l vi -l en --no-obsolete --ignore "documents/parsers/*" --ignore "planning/solver/*" && ../$(PO) compilemessages

clean:
	rm -rf $(VENV) var

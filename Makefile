# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint format bench audit clean schema fuzz

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: migrate, load the courses, create demo accounts and serve on 127.0.0.1:$(PORT)
run: $(VENV)/.installed
	@PORT=$(PORT) scripts/run.sh

## test: the whole suite (PostgreSQL when DATABASE_URL is set or a local server answers)
test: $(VENV)/.installed
	@scripts/test.sh $(ARGS)

## schema: regenerate docs/openapi.yaml, the committed API contract (a test keeps it equal to the served one)
schema: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=courseplatform.settings.test $(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

## fuzz: schemathesis over every operation with many examples (FUZZ_MAX_EXAMPLES, default 300); reports in var/test/fuzz/
fuzz: $(VENV)/.installed
	FUZZ_MAX_EXAMPLES=$${FUZZ_MAX_EXAMPLES:-300} scripts/test.sh tests/test_fuzz.py -p no:cacheprovider --timeout 0 -rA $(ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy accounts courses lessons enrollments courseplatform teams

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## audit: pip-audit on the pinned requirements (fails on a known vulnerability not in .pip-audit-ignore)
audit: $(VENV)/.installed
	scripts/audit.sh

bench: $(VENV)/.installed
	scripts/bench.sh

clean:
	rm -rf var/ .pytest_cache .ruff_cache

# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a helper for them.
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/lanhdao
# The versions the suite last passed with (CI installs exactly these); `make lock` re-resolves them on purpose.
LOCK := requirements/lock.txt

.PHONY: demo test test-sqlite test-pg lint format install lock messages bench clean

$(PY):
	"$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml $(LOCK)
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

## Re-resolve $(LOCK) from pyproject.toml's ranges (then `make test`, and commit the lock with the reason)
lock: $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 --quiet -o $(LOCK)

## Install, migrate an SQLite database, load the demo province and serve it on http://127.0.0.1:8000
demo: install
	$(VENV)/bin/lanhdao demo

## The whole suite: lint, then every test on SQLite and on PostgreSQL ($(PG_URL))
test: install lint test-sqlite test-pg

test-sqlite: install
	$(PY) -m pytest -q

test-pg: install
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m django makemigrations --check --dry-run --settings=lanhdao.settings.test

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: install
	cd lanhdao && PYTHONPATH=.. ../$(PY) -m django makemessages -l vi -i "tests/*" --settings=lanhdao.settings.base && PYTHONPATH=.. ../$(PY) -m django compilemessages --settings=lanhdao.settings.base

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var

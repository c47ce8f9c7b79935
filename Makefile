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

PIPLOG := $(VENV)/pip.log

.PHONY: issue issues verify golden check lint test bench fonts fonts-check clean setup

setup: $(STAMP)

# pip's output goes to .venv/pip.log; on failure its tail is shown
$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || { echo "creating $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing the locked dependencies into $(VENV) (log: $(PIPLOG))"
	@{ $(PY) -m pip install --disable-pip-version-check --upgrade pip \
	   && $(PY) -m pip install --disable-pip-version-check -r requirements.lock \
	   && $(PY) -m pip install --disable-pip-version-check --no-deps -e . ; } > $(PIPLOG) 2>&1 \
	   || { echo "pip failed; the end of $(PIPLOG):" >&2; tail -n 25 $(PIPLOG) >&2; exit 1; }
	@touch $(STAMP)

issue: $(STAMP)
	@test -n "$(ISSUE)" || { echo "no issues/*/issue.yaml found" >&2; exit 2; }
	$(LAYOUT) build issues/$(ISSUE) --out $(OUT)

# every issue in issues/ (archivists: rebuild the back issues), both cores,
# going on past a failure; a summary table at the end
issues: $(STAMP)
	$(LAYOUT) build-all issues --out $(OUT)

# rebuild every issue into a temporary folder and compare with $(OUT)/ (never
# written); diff images of changed pages in $(REPORT)/
REPORT ?= verify-report
verify: $(STAMP)
	$(LAYOUT) verify issues --out $(OUT) --report $(REPORT)

# after a change that alters the sample's output on purpose: rewrite the pin
golden: $(STAMP)
	$(PY) -m tools.golden --write

check: $(STAMP)
	$(LAYOUT) check issues/$(ISSUE)

# ruff (style, likely bugs) and mypy (types) over the package, the tools and the tests
lint: $(STAMP)
	$(PY) -m ruff check layout tools tests
	$(PY) -m mypy

test: lint
	$(PY) -m pytest

# maintainer tools (tools/): speed and fonts
bench: $(STAMP)
	$(PY) -m tools.bench

fonts: $(STAMP)
	$(PY) -m tools.fonts --jobs 2

fonts-check: $(STAMP)
	$(PY) -m tools.fonts --check

clean:
	rm -rf $(OUT) $(REPORT) .pytest_cache

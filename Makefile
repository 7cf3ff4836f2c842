# One command builds the site (`make book`); one runs every check (`make test`).
# Both create .venv and install the dependencies first, at the exact versions of constraints.txt.

PYTHON ?= python3
VENV ?= .venv
# cpu: TensorFlow's CPU wheel. gpu: TensorFlow with CUDA libraries (Linux + NVIDIA), e.g.
#   make book TF_EXTRA=gpu
TF_EXTRA ?= cpu
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(TF_EXTRA)

# A dataset mirror beside the checkout (as CI has it) is used when present; otherwise the
# datasets come from the user cache or are downloaded and verified.
ifneq ($(wildcard ../shared/datasets),)
AEBOOK_DATA_MIRROR ?= $(abspath ../shared/datasets)
export AEBOOK_DATA_MIRROR
endif

.PHONY: help install book book-all rerun bench assignments test lint clean

help:
	@echo "make book      set up .venv and build the site (full mode) into _build/html"
	@echo "make book-all  the same, re-running every notebook instead of using the cache"
	@echo "make rerun CHAPTER=book/01-basic-autoencoder.ipynb   re-run one chapter, then build"
	@echo "make bench     run every chapter (full mode) and compare each with the article's recipe"
	@echo "make assignments  students' copies of the chapters (nbgrader) in _build/assignments"
	@echo "make test      set up .venv and run every check (quick mode)"
	@echo "make lint      ruff on the package, the tests and the notebooks"
	@echo "make clean     remove _build"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[$(TF_EXTRA),book,test,course]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

book: $(STAMP)
	AEBOOK_QUICK=0 $(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html"

book-all: $(STAMP)
	AEBOOK_QUICK=0 $(BIN)/jupyter-book build . --all -W -n --keep-going

# Drop one notebook's cached outputs so that the next build executes it again.
rerun: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "usage: make rerun CHAPTER=book/<notebook>.ipynb"; exit 2; }
	@test -f "$(CHAPTER)" || { echo "no such notebook: $(CHAPTER)"; exit 2; }
	-$(BIN)/jcache notebook -p _build/.jupyter_cache invalidate "$(abspath $(CHAPTER))"
	@# Sphinx re-reads only pages whose file changed; a new timestamp makes it read this one.
	touch "$(CHAPTER)"
	$(MAKE) book

# Every chapter in full mode, one after another; prints seconds and quality of each chapter's
# model next to the source article's recipe (training + scoring), and their ratio.
bench: $(STAMP)
	$(BIN)/python book/_ext/bench.py

# Students' copies of the chapters: nbgrader removes the solutions and keeps the checks.
# The folder is replaced only once every chapter has been converted.
assignments: $(STAMP)
	$(BIN)/python book/_ext/assignments.py --out _build/assignments book/0*.ipynb

lint: $(STAMP)
	$(BIN)/ruff check aebook tests book
	$(BIN)/ruff format --check aebook tests book

# One pytest run, in quick mode: aebook's doctests and unit tests (seconds), then the book: every
# chapter under nbval, the quick build of the site, and the site, browser, assignment and
# reproducibility tests. nbval writes its results to their own folder, and the quick build to
# _build/quick/results; the reproducibility test compares the two runs.
test: $(STAMP) lint
	AEBOOK_QUICK=1 AEBOOK_RESULTS_DIR=$(CURDIR)/_build/nbval/results \
		$(BIN)/python -m pytest --doctest-modules aebook book/_ext/aebook_site.py tests/unit \
		--nbval-lax book/*.ipynb tests/book

clean:
	rm -rf _build

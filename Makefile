# The Power Triangle Handbook. `make site` sets everything up and builds the
# whole handbook into site/; `make test` runs the whole test suite.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help site serve test check status lint bench lighthouse clean

help: ## Show the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

site: $(STAMP) ## Set up (first time) and build the whole handbook, every language, into site/
	$(BIN)/handbook build

serve: $(STAMP) ## Live preview on http://127.0.0.1:8000 (LANG_CODE=sv for another language)
	$(BIN)/handbook serve --lang $(or $(LANG_CODE),en)

test: $(STAMP) node_modules/axe-core/axe.min.js ## Run the whole test suite, one worker per core (builds real sites in a temporary folder)
	@# The plugins are named, not looked up: pytest would rewrite the asserts of every module of a package that
	@# ships one (all of hypothesis), in every worker, every run.
	PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(BIN)/python -m pytest -p xdist.plugin -p _hypothesis_pytestplugin \
		-n auto --maxschedchunk=1 --durations=15

check: $(STAMP) ## Validate catalogues and translations only
	$(BIN)/handbook check

status: $(STAMP) ## How far each language is translated
	$(BIN)/handbook locale status

lint: $(STAMP) ## Format and lint the Python code
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/ruff check generator tests bench

bench: $(STAMP) ## Measure the build: overhead, scaling, PDFs, profile, cold build vs WeasyPrint (writes bench/results.md)
	$(BIN)/python bench/run.py

lighthouse: $(STAMP) node_modules/axe-core/axe.min.js ## Lighthouse (mobile) on key pages, every language (writes bench/lighthouse.md)
	$(BIN)/python bench/lighthouse.py

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean: ## Remove the built site, staging folders and caches
	rm -rf site .site.* build .cache

# One entry point for people and CI. `make test` and `make run` set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
# The LiteLLM proxy the integration tests run: a venv of its own, so its pins never meet .venv's.
LITELLM_VENV := .venv-litellm
BIN := $(CURDIR)/$(VENV)/bin
PY := $(BIN)/python
REGION ?= us-east-1
export PATH := $(BIN):$(PATH)
export SAM_CLI_TELEMETRY := 0
export AWS_DEFAULT_REGION ?= $(REGION)

.PHONY: help setup browser litellm lint unit validate checkov build test run reset invoke invoke-samples create-key openapi sdk-models loadtest bench train-injection bench-injection screenshots deploy clean

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements-dev.txt layers/policy_engine/requirements.txt
	"$$(scripts/python312.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed ## create .venv (Python 3.12) with every dependency

$(LITELLM_VENV)/.installed: requirements-litellm.txt
	"$$(scripts/python312.sh)" -m venv $(LITELLM_VENV)
	$(LITELLM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(LITELLM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-litellm.txt
	touch $@

litellm: $(LITELLM_VENV)/.installed ## create .venv-litellm with the LiteLLM proxy the e2e tests start (kept when present)

lint: setup ## ruff (lint and format) and mypy (strict on the layer package)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy layers/policy_engine/policy_engine functions sdk/python/src/policy_gov

browser: ## Debian's Chromium for the console's browser tests (installed when missing, as root)
	scripts/install_chromium.sh

# Two pytest workers (PYTEST_WORKERS=... to change, 0 for one process), a test file per worker at a
# time: each worker starts the local stacks its files use, on free ports of its own. The schemathesis
# fuzz runs on its own after them: its cases share one node id, of which xdist would run only one.
PYTEST_WORKERS ?= 2
FUZZ := tests/e2e/test_fuzz.py
unit: setup browser litellm ## pytest: engine units, handler tests (moto in-process), e2e, LiteLLM proxy and console browser tests
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --ignore=$(FUZZ)
	$(BIN)/pytest $(FUZZ)

validate: setup ## sam validate (translation) and cfn-lint
	$(BIN)/sam validate --region $(REGION) --template-file template.yaml
	$(BIN)/cfn-lint template.yaml

# checkov pins its own dependencies: it gets a venv of its own.
CHECKOV := .venv-checkov
$(CHECKOV)/.installed: requirements-checkov.txt
	"$$(scripts/python312.sh)" -m venv $(CHECKOV)
	$(CHECKOV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	touch $@

checkov: $(CHECKOV)/.installed ## checkov on template.yaml: 0 failed (each suppression carries its reason in the template)
	$(CHECKOV)/bin/checkov -f template.yaml --framework cloudformation --compact --quiet --skip-download

build: setup ## sam build: arm64 / Python 3.12 artifacts in .aws-sam/build, each function with its layers under Lambda's 250 MiB
	$(BIN)/sam build --template-file template.yaml
	$(PY) scripts/check_build_size.py .aws-sam/build

test: lint unit validate checkov build ## everything CI runs, from a fresh clone

run: setup ## the whole service on http://127.0.0.1:3000, the console at /console/ (PORT=..., DEV_API_KEY=... optional), no AWS, no Docker
	$(PY) -m local_stack --data-dir .local/data --parameter-overrides PolicyCacheSeconds=0

reset: ## forget the local stack's data (policies, keys, settings, decisions kept across make run restarts)
	rm -rf .local/data

invoke: setup ## one function on one event against the running stack: make invoke FUNCTION=HealthFunction EVENT=events/health.json
	@test -n "$(FUNCTION)" -a -n "$(EVENT)" || { echo "usage: make invoke FUNCTION=<LogicalId> EVENT=events/<file>.json" >&2; exit 2; }
	@$(PY) -m local_stack.invoke "$(FUNCTION)" "$(EVENT)"

invoke-samples: setup ## every API sample event in events/ against the running stack, one line each
	@$(PY) -m local_stack.invoke --every-sample

create-key: setup ## mint a key: make create-key ORG=acme SCOPES=admin [NAME=ops] (local stack when running, else AWS)
	@test -n "$(ORG)" -a -n "$(SCOPES)" || { echo "usage: make create-key ORG=<org> SCOPES=<scope,...> [NAME=...]" >&2; exit 2; }
	@$(PY) scripts/create_key.py --org "$(ORG)" --scopes "$(SCOPES)" --name "$(or $(NAME),bootstrap)" \
		$(if $(wildcard .local/stack.json),--local,)

openapi: setup ## regenerate openapi.json from the routes and models (a test fails when it is stale)
	$(PY) -m local_stack.openapi > openapi.json

sdk-models: setup ## regenerate the SDK's models (sdk/python) from openapi.json (a test fails when they are stale)
	$(PY) sdk/python/scripts/generate_models.py

loadtest: setup ## a bounded load test of the local stack: throughput, latency, every decision kept (REQUESTS=2000)
	$(PY) scripts/loadtest.py --requests $(or $(REQUESTS),2000)

bench: setup ## benchmarks of the engine (against Presidio and naive re), cold imports and the compiled set at the limits; fails on a missed target
	$(PY) benchmarks/bench_engine.py; engine=$$?; $(PY) benchmarks/bench_cold_import.py; cold=$$?; \
	$(PY) benchmarks/bench_compiled_set.py; compiled=$$?; \
	test $$engine -eq 0 -a $$cold -eq 0 -a $$compiled -eq 0

screenshots: setup browser ## the console's browser tests, saving each page at 1280 and 390 px into docs/console/
	CONSOLE_SCREENSHOTS=docs/console $(BIN)/pytest tests/console

train-injection: setup ## retrain the injection rule's learned tier from the pinned data (data/injection, seed 13)
	$(PY) scripts/train_injection.py

bench-injection: setup ## injection rule: held-out recall and false positives per source, latency per tier, gates
	$(PY) benchmarks/bench_injection.py

deploy: build ## deploy with the settings of samconfig.toml, then upload the console to its bucket
	$(BIN)/sam deploy
	$(PY) scripts/deploy_console.py

clean: ## remove the environment and build output
	rm -rf $(VENV) $(CHECKOV) $(LITELLM_VENV) .aws-sam

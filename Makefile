# One entry point for people and CI. `make test` and `make run` set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PY := $(BIN)/python
REGION ?= us-east-1
export PATH := $(BIN):$(PATH)
export SAM_CLI_TELEMETRY := 0
export AWS_DEFAULT_REGION ?= $(REGION)

.PHONY: help setup lint unit validate build test run invoke create-key openapi bench deploy clean

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements-dev.txt layers/policy_engine/requirements.txt
	"$$(scripts/python312.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed ## create .venv (Python 3.12) with every dependency

lint: setup ## ruff (lint and format) and mypy (strict on the layer package)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy layers/policy_engine/policy_engine functions

unit: setup ## pytest: engine units, handler tests (moto in-process)
	$(BIN)/pytest

validate: setup ## sam validate (translation) and cfn-lint
	$(BIN)/sam validate --region $(REGION) --template-file template.yaml
	$(BIN)/cfn-lint template.yaml

build: setup ## sam build: arm64 / Python 3.12 artifacts in .aws-sam/build
	$(BIN)/sam build --template-file template.yaml

test: lint unit validate build ## everything CI runs, from a fresh clone

run: setup ## the whole service on http://127.0.0.1:3000 (PORT=..., DEV_API_KEY=... optional), no AWS, no Docker
	$(PY) -m local_stack

invoke: setup ## one function on one event against the running stack: make invoke FUNCTION=HealthFunction EVENT=events/health.json
	@test -n "$(FUNCTION)" -a -n "$(EVENT)" || { echo "usage: make invoke FUNCTION=<LogicalId> EVENT=events/<file>.json" >&2; exit 2; }
	@$(PY) -m local_stack.invoke "$(FUNCTION)" "$(EVENT)"

create-key: setup ## mint a key: make create-key ORG=acme SCOPES=admin [NAME=ops] (local stack when running, else AWS)
	@test -n "$(ORG)" -a -n "$(SCOPES)" || { echo "usage: make create-key ORG=<org> SCOPES=<scope,...> [NAME=...]" >&2; exit 2; }
	@$(PY) scripts/create_key.py --org "$(ORG)" --scopes "$(SCOPES)" --name "$(or $(NAME),bootstrap)" \
		$(if $(wildcard .local/stack.json),--local,)

openapi: setup ## regenerate openapi.json from the routes and models (a test fails when it is stale)
	$(PY) -m local_stack.openapi > openapi.json

bench: setup ## benchmarks of the engine (against Presidio and naive re) and of cold imports; fails on a missed target
	$(PY) benchmarks/bench_engine.py; engine=$$?; $(PY) benchmarks/bench_cold_import.py; cold=$$?; \
	test $$engine -eq 0 -a $$cold -eq 0

deploy: build ## deploy with the settings of samconfig.toml
	$(BIN)/sam deploy

clean: ## remove the environment and build output
	rm -rf $(VENV) .aws-sam

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

.PHONY: help setup lint typecheck unit validate build test run bench invoke deploy clean

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

bench: setup ## benchmarks of the engine and of cold imports
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_cold_import.py

deploy: build ## deploy with the settings of samconfig.toml
	$(BIN)/sam deploy

clean: ## remove the environment and build output
	rm -rf $(VENV) .aws-sam

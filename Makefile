.PHONY: test quick lint fix bench

test:
	pytest

quick:
	pytest -m "not slow"

lint:
	ruff check .
	ruff format --check .
	mypy --strict studycli

fix:
	ruff check --fix .
	ruff format .

bench:
	python benchmarks/run.py

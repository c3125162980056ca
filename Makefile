.PHONY: test lint fix bench

test:
	pytest

lint:
	ruff check .
	ruff format --check .
	mypy --strict studycli

fix:
	ruff check --fix .
	ruff format .

bench:
	python benchmarks/run.py

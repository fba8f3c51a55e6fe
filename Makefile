.PHONY: run test lint bench
run:
	bash scripts/start.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
bench:
	.venv/bin/python bench/run_all.py

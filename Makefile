# The two commands of the README: `make run` and `make test`. Both set up what they need.
.PHONY: run test check lint typecheck pytest bench clean

VENV := .venv/bin

run:
	scripts/bootstrap.sh
	$(VENV)/desktop-notifier --demo

test:
	scripts/bootstrap.sh
	$(MAKE) --no-print-directory check

check: lint typecheck pytest

lint:
	$(VENV)/ruff check desktop_notifier tests benchmarks
	$(VENV)/ruff format --check desktop_notifier tests benchmarks

typecheck:
	$(VENV)/mypy

pytest:
	scripts/desktop-session.sh $(VENV)/python -m pytest -p no:xvfb $(PYTEST_ARGS)

clean:
	rm -rf .venv build dist *.egg-info

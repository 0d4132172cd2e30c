# The two commands of the README: `make run` and `make test`. Both set up what they need.
.PHONY: run test check lint typecheck pytest pytest-wayland bench clean package

VENV := .venv/bin

run:
	scripts/bootstrap.sh
	$(VENV)/desktop-notifier --demo

test:
	scripts/bootstrap.sh
	$(MAKE) --no-print-directory check

check: lint typecheck pytest pytest-wayland

# ruff, then dead code (vulture; what it cannot see used is in scripts/vulture_whitelist.py).
lint:
	$(VENV)/ruff check desktop_notifier tests benchmarks installer scripts
	$(VENV)/ruff format --check desktop_notifier tests benchmarks installer scripts
	$(VENV)/python scripts/deadcode.py

# The package as Linux, Windows and macOS see it (sys.platform checks decide what is reachable),
# and the tests (strict too; they run on Linux only) with the Linux run. The Windows run reads
# pywinrt's own stubs (installer/platform_stubs.py fetches them once into .cache/stubs).
typecheck:
	$(VENV)/mypy
	MYPYPATH="$$($(VENV)/python installer/platform_stubs.py)" \
		$(VENV)/mypy --platform win32 --cache-dir .mypy_cache/win32 -p desktop_notifier
	$(VENV)/mypy --platform darwin --cache-dir .mypy_cache/darwin -p desktop_notifier

pytest:
	scripts/desktop-session.sh $(VENV)/python -m pytest -p no:xvfb $(PYTEST_ARGS)

# The tray app again on Wayland (sway + waybar's StatusNotifierItem tray + mako): a focused subset,
# since the whole suite already ran on X11.
WAYLAND_PYTEST_ARGS ?= -q tests/desktop/test_tray_app.py tests/desktop/test_sni_tray.py \
	tests/desktop/test_do_not_disturb.py tests/desktop/test_team_alerts.py
pytest-wayland:
	scripts/wayland-session.sh $(VENV)/python -m pytest -p no:xvfb $(WAYLAND_PYTEST_ARGS)

# Benchmarks (latency, burst, idle, startup, reconnect, catchup) on the local stand-in, inside the
# desktop session: prints one table, writes every number to artifacts/bench.json.
bench:
	scripts/bootstrap.sh
	scripts/desktop-session.sh $(VENV)/python -m benchmarks $(BENCH_ARGS)

# The Linux bundle and .deb in dist/ (Windows and macOS: see installer/README.md).
package:
	scripts/bootstrap.sh
	PYTHON=$(VENV)/python installer/linux/build-deb.sh dist

clean:
	rm -rf .venv build dist *.egg-info

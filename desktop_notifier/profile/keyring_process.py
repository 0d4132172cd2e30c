"""The keyring's calls in a short-lived child process, on Linux.

On Linux the keyring is the Secret Service, reached through `secretstorage`, which encrypts the
secrets on the bus with `cryptography`. Loaded once, those stay resident for the app's whole life
(about 11 MB: `cryptography`'s Rust bindings alone are 8 MB), for a read at start and a write
when the refresh token rotates, about once an hour. So `KeyringSecrets` (credentials.py) runs
each call here: `call()` starts a child (`--keyring-helper`: the bundle's command line handles
it first thing; from source, credentials.py runs as a script), sends the request on its stdin
and reads the answer on its stdout (a pipe between the two processes; nothing is logged). The
child does exactly what the app did in a worker thread before (`KeyringSecrets.*_blocking`) and
exits. Windows and macOS keep the calls in the app: their keyring backends are thin wrappers of
the OS's own API.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from desktop_notifier.common.errors import ErrorCode, UserError

FLAG = "--keyring-helper"
JSON = str | int | float | bool | None | dict[str, Any] | list[Any]


def wanted() -> bool:
    return sys.platform.startswith("linux")


def command() -> list[str]:
    if getattr(sys, "frozen", False):  # the bundle: its executable is the app
        return [sys.executable, FLAG]
    return [sys.executable, "-m", "desktop_notifier.profile.credentials", FLAG]  # no cli import


def call(namespace: str, op: str, args: list[JSON]) -> JSON:
    """Run `op` of `KeyringSecrets(namespace)` in a child; its `UserError` is raised here."""
    request = json.dumps({"namespace": namespace, "op": op, "args": args})
    try:
        done = subprocess.run(command(), input=request, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise UserError(ErrorCode.KEYRING_UNAVAILABLE, detail=type(exc).__name__) from exc
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        detail = f"keyring helper exited with {done.returncode}"
        raise UserError(ErrorCode.KEYRING_UNAVAILABLE, detail=detail)
    if "error" in answer:
        error = answer["error"]
        raise UserError(error.get("code", "keyring_unavailable"), **error.get("params", {}))
    result: JSON = answer.get("ok")
    return result


def serve(run: Callable[[str, str, list[JSON]], JSON]) -> int:
    """The child: one request from stdin, `run(namespace, op, args)`, one answer on stdout
    (`run` is credentials.py's `run_in_child`)."""
    request = json.loads(sys.stdin.read())
    try:
        answer: dict[str, Any] = {
            "ok": run(str(request["namespace"]), str(request["op"]), list(request["args"]))
        }
    except UserError as exc:
        params = {key: str(value) for key, value in exc.params.items()}
        answer = {"error": {"code": exc.code.value, "params": params}}
    sys.stdout.write(json.dumps(answer))
    return 0

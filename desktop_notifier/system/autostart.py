"""Start at login: `is_available()`, `is_enabled()`, `enable()`, `disable()` and `apply()`.

- Linux: `$XDG_CONFIG_HOME/autostart/calls-notifier.desktop` (XDG Autostart), made from the
  shipped `resources/linux/calls-notifier.desktop` with this installation's command as `Exec`.
- Windows: a value under `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run` (winreg).
- macOS: a LaunchAgent `~/Library/LaunchAgents/<bundle id>.plist` with `RunAtLoad`.

The entry starts this very installation (the frozen executable, or this interpreter with
`-m desktop_notifier`) with `--profile DIR` unless the profile is the default one. The text of
each entry is built by a pure function, unit-tested on every OS; the few lines that touch the
registry or `launchctl` are isolated in `_windows_*` / `_macos_*`. No Qt here; only `app` calls it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from desktop_notifier import APP_ID
from desktop_notifier.common.identity import BUNDLE_ID, WINDOWS_RUN_VALUE
from desktop_notifier.profile.directory import default_directory

log = logging.getLogger(__name__)

DESKTOP_FILE = f"{APP_ID}.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
# Used when no template ships with this installation (never in a bundle or a source checkout).
FALLBACK_TEMPLATE = f"""[Desktop Entry]
Type=Application
Name=Calls Notifier
Icon={APP_ID}
Exec=desktop-notifier
Terminal=false
"""


class AutostartError(Exception):
    """The start-at-login entry could not be written or removed (the message says where)."""


# --- the command ------------------------------------------------------------------------------


def launch_command(
    profile_dir: Path,
    *,
    frozen: bool | None = None,
    executable: str | None = None,
    default_profile: Path | None = None,
) -> list[str]:
    """The argv that starts this installation on `profile_dir`."""
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    executable = sys.executable if executable is None else executable
    command = [executable] if frozen else [executable, "-m", "desktop_notifier"]
    if profile_dir != (default_directory() if default_profile is None else default_profile):
        command += ["--profile", str(profile_dir)]
    return command


def desktop_exec(command: Sequence[str]) -> str:
    """`command` as a desktop-entry `Exec` value (quoting and escaping per the XDG spec)."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    parts = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if arg and not reserved & set(arg):
            parts.append(arg)
            continue
        quoted = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        parts.append(f'"{quoted}"')
    # The value itself is a desktop-entry string, whose own escape is the backslash.
    return " ".join(parts).replace("\\", "\\\\")


def windows_run_value(command: Sequence[str]) -> str:
    """`command` as the command line stored under the Run key."""
    return subprocess.list2cmdline(list(command))


# --- Linux --------------------------------------------------------------------------------------


def autostart_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    config = env.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "autostart"


def template_text() -> str:
    """The shipped desktop entry: in the bundle's data folder, or in the source checkout."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        candidates.append(Path(bundle, "resources", "linux", DESKTOP_FILE))
    candidates.append(Path(__file__).resolve().parents[2] / "resources" / "linux" / DESKTOP_FILE)
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    log.info("no desktop entry template ships with this installation; using a minimal one")
    return FALLBACK_TEMPLATE


def autostart_entry(template: str, command: Sequence[str]) -> str:
    """The autostart entry: the template's main group with our `Exec`, without the parts that
    only make sense in a menu entry (`TryExec`, the URL handler, extra groups)."""
    lines: list[str] = []
    in_main = False
    for line in template.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            in_main = stripped == "[Desktop Entry]"
            if in_main:
                lines.append(stripped)
            continue
        if not in_main:
            continue
        key = stripped.split("=", 1)[0].strip()
        if key in ("Exec", "TryExec", "MimeType", "Actions", "Hidden", "X-GNOME-Autostart-enabled"):
            continue
        lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    lines += [f"Exec={desktop_exec(command)}", "X-GNOME-Autostart-enabled=true"]
    return "\n".join(lines) + "\n"


def _linux_path() -> Path:
    return autostart_dir() / DESKTOP_FILE


def _linux_enable(command: Sequence[str]) -> None:
    path = _linux_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{DESKTOP_FILE}.tmp")
    tmp.write_text(autostart_entry(template_text(), command), encoding="utf-8")
    tmp.replace(path)


def _linux_is_enabled() -> bool:
    path = _linux_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return not any(line.strip().lower() == "hidden=true" for line in text.splitlines())


# --- macOS --------------------------------------------------------------------------------------


def launch_agent_plist(command: Sequence[str]) -> bytes:
    """The LaunchAgent that starts `command` once at login, in the user's GUI session."""
    import plistlib  # here: macOS only, and it loads the expat parser (idle memory elsewhere)

    return plistlib.dumps(
        {
            "Label": BUNDLE_ID,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "KeepAlive": False,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
        }
    )


def _macos_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{BUNDLE_ID}.plist"


def _macos_enable(command: Sequence[str]) -> None:
    path = _macos_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(launch_agent_plist(command))


# --- Windows ------------------------------------------------------------------------------------


def _windows_enable(command: Sequence[str]) -> None:
    if sys.platform != "win32":
        raise AutostartError("the Run key exists only on Windows")
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        winreg.SetValueEx(key, WINDOWS_RUN_VALUE, 0, winreg.REG_SZ, windows_run_value(command))


def _windows_disable() -> None:
    if sys.platform != "win32":
        raise AutostartError("the Run key exists only on Windows")
    import winreg

    with (
        winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key,
        contextlib.suppress(FileNotFoundError),
    ):
        winreg.DeleteValue(key, WINDOWS_RUN_VALUE)


def _windows_is_enabled() -> bool:
    if sys.platform != "win32":
        return False
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.QueryValueEx(key, WINDOWS_RUN_VALUE)
    except OSError:
        return False
    return True


# --- the public face ----------------------------------------------------------------------------


def is_available(platform: str | None = None) -> bool:
    """Whether this OS has a start-at-login mechanism we know."""
    platform = sys.platform if platform is None else platform
    return platform in ("win32", "darwin") or platform.startswith("linux")


def is_enabled() -> bool:
    """Whether an entry of ours starts the app at login."""
    if sys.platform == "win32":
        return _windows_is_enabled()
    if sys.platform == "darwin":
        return _macos_path().is_file()
    return _linux_is_enabled()


def enable(profile_dir: Path) -> None:
    """Start this installation on `profile_dir` at login (replaces an older entry)."""
    command = launch_command(profile_dir)
    try:
        if sys.platform == "win32":
            _windows_enable(command)
        elif sys.platform == "darwin":
            _macos_enable(command)
        else:
            _linux_enable(command)
    except OSError as exc:
        raise AutostartError(f"cannot write the start-at-login entry: {exc}") from exc
    log.info("start at login enabled")


def disable() -> None:
    """Remove our start-at-login entry, if any."""
    try:
        if sys.platform == "win32":
            _windows_disable()
        elif sys.platform == "darwin":
            _macos_path().unlink(missing_ok=True)
        else:
            _linux_path().unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(f"cannot remove the start-at-login entry: {exc}") from exc
    log.info("start at login disabled")


def apply(enabled: bool, profile_dir: Path) -> None:
    """Make the OS entry match the setting: `enable(profile_dir)` or `disable()`."""
    if enabled:
        enable(profile_dir)
    else:
        disable()

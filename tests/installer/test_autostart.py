"""Start at login: the Linux entry written and removed under XDG_CONFIG_HOME (and checked by
`desktop-file-validate`), and the pure parts of the Windows and macOS entries."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_notifier.common.identity import BUNDLE_ID
from desktop_notifier.system import autostart

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = (REPO / "resources" / "linux" / "calls-notifier.desktop").read_text()


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart is Linux-only")
def test_enable_writes_the_entry_and_disable_removes_it(config_home: Path, tmp_path: Path) -> None:
    entry = config_home / "autostart" / "calls-notifier.desktop"
    assert autostart.is_available()
    assert not autostart.is_enabled()
    autostart.enable(tmp_path / "my profile")
    assert autostart.is_enabled()
    text = entry.read_text()
    assert "Name=Calls Notifier" in text and "Icon=calls-notifier" in text
    assert "Comment[pt_BR]=" in text, "translations of the shipped entry are kept"
    assert "MimeType" not in text and "TryExec" not in text and "%u" not in text
    assert "X-GNOME-Autostart-enabled=true" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line == (
        f'Exec={sys.executable} -m desktop_notifier --profile "{tmp_path / "my profile"}"'.replace(
            "\\", "\\\\"
        )
    )
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    autostart.enable(tmp_path / "other")  # enabling again replaces the entry
    assert "--profile" in entry.read_text() and "my profile" not in entry.read_text()
    autostart.disable()
    assert not entry.exists() and not autostart.is_enabled()
    autostart.disable()  # idempotent
    autostart.apply(True, tmp_path / "p")
    assert autostart.is_enabled()
    autostart.apply(False, tmp_path / "p")
    assert not autostart.is_enabled()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart is Linux-only")
def test_a_hidden_entry_counts_as_disabled(config_home: Path) -> None:
    entry = config_home / "autostart" / "calls-notifier.desktop"
    entry.parent.mkdir(parents=True)
    entry.write_text("[Desktop Entry]\nType=Application\nExec=x\nHidden=true\n")
    assert not autostart.is_enabled()


def test_a_relative_xdg_config_home_is_ignored(tmp_path: Path) -> None:
    home = Path.home()
    assert autostart.autostart_dir({"XDG_CONFIG_HOME": "relative"}) == home / ".config/autostart"
    assert autostart.autostart_dir({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "autostart"


def test_an_unwritable_place_is_one_clear_error(config_home: Path, tmp_path: Path) -> None:
    config_home.mkdir()
    (config_home / "autostart").write_text("a file where the folder should be")
    if sys.platform.startswith("linux"):
        with pytest.raises(autostart.AutostartError, match="cannot write the start-at-login"):
            autostart.enable(tmp_path)


def test_the_command_starts_this_installation_on_its_profile(tmp_path: Path) -> None:
    default = tmp_path / "default"
    assert autostart.launch_command(
        default,
        frozen=True,
        executable="/opt/calls-notifier/desktop-notifier",
        default_profile=default,
    ) == ["/opt/calls-notifier/desktop-notifier"]
    assert autostart.launch_command(
        tmp_path / "p", frozen=False, executable="/venv/bin/python", default_profile=default
    ) == ["/venv/bin/python", "-m", "desktop_notifier", "--profile", str(tmp_path / "p")]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["/usr/bin/desktop-notifier"], "/usr/bin/desktop-notifier"),
        (["/a b/x", "--profile", "/p q"], '"/a b/x" --profile "/p q"'),
        (["/x", "100%"], "/x 100%%"),
        (["/x", 'say "hi" $HOME `id` \\'], '/x "say \\\\"hi\\\\" \\\\$HOME \\\\`id\\\\` \\\\\\\\"'),
        (["/x", ""], '/x ""'),
    ],
)
def test_exec_values_are_quoted_per_the_desktop_entry_spec(
    command: list[str], expected: str
) -> None:
    assert autostart.desktop_exec(command) == expected


def test_the_autostart_entry_keeps_only_the_main_group() -> None:
    template = TEMPLATE + "\n[Desktop Action New]\nName=New\nExec=other\n"
    entry = autostart.autostart_entry(template, ["/bin/app"])
    assert entry.count("[") == entry.count("[Desktop Entry]") + entry.count("[pt_BR]")
    assert entry.splitlines()[0] == "[Desktop Entry]"
    assert [line for line in entry.splitlines() if line.startswith("Exec=")] == ["Exec=/bin/app"]


def test_the_minimal_fallback_entry_is_complete() -> None:
    entry = autostart.autostart_entry(autostart.FALLBACK_TEMPLATE, ["/bin/app"])
    assert "Type=Application" in entry and "Name=Calls Notifier" in entry


def test_the_macos_launch_agent_starts_the_app_once_at_login() -> None:
    plist = plistlib.loads(autostart.launch_agent_plist(["/Applications/Calls Notifier.app/x"]))
    assert plist == {
        "Label": BUNDLE_ID,
        "ProgramArguments": ["/Applications/Calls Notifier.app/x"],
        "RunAtLoad": True,
        "KeepAlive": False,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }


def test_the_windows_run_value_is_one_command_line() -> None:
    value = autostart.windows_run_value(
        [
            r"C:\Users\Ana\AppData\Local\Programs\Calls Notifier\desktop-notifier.exe",
            "--profile",
            r"C:\p",
        ]
    )
    assert value == (
        r'"C:\Users\Ana\AppData\Local\Programs\Calls Notifier\desktop-notifier.exe" --profile C:\p'
    )


def test_availability_per_platform() -> None:
    assert autostart.is_available("linux") and autostart.is_available("win32")
    assert autostart.is_available("darwin") and not autostart.is_available("emscripten")

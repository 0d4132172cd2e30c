"""The Windows installer script and its build script, read as text (Inno Setup and PowerShell do
not run here): the Start-menu shortcut carries the toast activator CLSID the toast backend names,
next to the AppUserModelID, and build.ps1 looks for Inno Setup 6 where it is really installed."""

from __future__ import annotations

import re
import uuid

from desktop_notifier.common.identity import APP_USER_MODEL_ID
from desktop_notifier.notify.windows import TOAST_ACTIVATOR_CLSID
from installer.bundle_config import ROOT

ISS = ROOT / "installer" / "windows" / "desktop-notifier.iss"
BUILD = ROOT / "installer" / "windows" / "build.ps1"


def test_the_start_menu_shortcut_names_the_backends_toast_activator() -> None:
    iss = ISS.read_text(encoding="utf-8")
    defined = re.search(r'^#define ToastActivatorCLSID "([0-9A-F-]+)"$', iss, re.MULTILINE)
    assert defined, "the .iss defines the CLSID once"
    assert defined[1] == TOAST_ACTIVATOR_CLSID == str(uuid.UUID(defined[1])).upper()
    (start_menu,) = [line for line in iss.splitlines() if line.startswith('Name: "{autoprograms}')]
    assert 'AppUserModelID: "{#AppUserModelID}"' in start_menu
    assert 'AppUserModelToastActivatorCLSID: "{#ToastActivatorCLSID}"' in start_menu
    assert f'#define AppUserModelID "{APP_USER_MODEL_ID}"' in iss


def test_build_ps1_finds_inno_setup_instead_of_one_hard_coded_path() -> None:
    script = BUILD.read_text(encoding="utf-8")
    assert "$iscc = Find-Iscc" in script
    assert "Get-Command ISCC.exe" in script  # on the PATH (winget, choco, scoop)
    assert script.count("Uninstall\\Inno Setup 6_is1") == 3  # its key: 32/64-bit, per user
    assert "InstallLocation" in script
    assert "$env:LOCALAPPDATA\\Programs" in script  # Inno Setup's own per-user install


def test_the_default_install_folder_is_the_users_programs_folder() -> None:
    """Wine's check passes InstallRoot; a real build must keep {autopf} (per user: LOCALAPPDATA)."""
    iss = ISS.read_text(encoding="utf-8")
    assert '  #define InstallRoot "{autopf}"' in iss
    assert "DefaultDirName={#InstallRoot}\\{#AppName}" in iss
    assert "PrivilegesRequired=lowest" in iss
    assert "InstallRoot" not in BUILD.read_text(encoding="utf-8")

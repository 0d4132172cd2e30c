""" "Start at login" chosen in the installer survives the settings dialog: the checkbox shows
the real entry (an XDG autostart file made before the dialog opened), pressing OK without
touching it leaves the entry as it was, and only a change of the checkbox writes or removes
it. Before, the dialog showed the saved setting (False by default) and OK removed the entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_notifier.system import autostart
from tests.support.apps import MakeApp

pytestmark = pytest.mark.desktop  # the desktop session is Linux: an XDG autostart entry
# What an installer writes: its own command, not the one this checkout would write.
INSTALLED = """[Desktop Entry]
Type=Application
Name=Calls Notifier
Exec=/opt/calls-notifier/calls-notifier
X-GNOME-Autostart-enabled=true
"""


def test_the_installers_entry_is_shown_and_kept_until_the_user_changes_it(
    make_app: MakeApp, run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = tmp_path / "config" / "autostart" / "calls-notifier.desktop"
    entry.parent.mkdir(parents=True)
    entry.write_text(INSTALLED)
    assert autostart.is_enabled()

    app, _ = make_app()
    run(app.start())  # not signed in: the first run opens the settings dialog
    dialog = app.dialog
    assert dialog is not None and dialog.isVisible()
    assert not app.settings.start_at_login, "the saved setting never heard of the installer"
    assert dialog.start_at_login.isChecked(), "the checkbox shows the real entry"
    dialog.accept()  # OK, nothing changed
    assert entry.read_text() == INSTALLED, "OK alone leaves the installer's entry alone"

    app.open_settings()
    assert dialog.start_at_login.isChecked()
    dialog.start_at_login.setChecked(False)
    dialog.accept()
    assert not entry.exists(), "unchecking removes it"

    app.open_settings()
    assert not dialog.start_at_login.isChecked()
    dialog.accept()
    assert not entry.exists()
    entry.write_text(INSTALLED)  # the installer runs again while the app is open
    app.open_settings()
    assert dialog.start_at_login.isChecked()
    dialog.accept()
    assert entry.read_text() == INSTALLED

    app.open_settings()
    dialog.start_at_login.setChecked(False)
    dialog.start_at_login.setChecked(True)  # changed its mind: the same state as shown
    dialog.accept()
    assert entry.read_text() == INSTALLED

"""The tray on Wayland, where it is a StatusNotifierItem: registered with waybar's
StatusNotifierWatcher, its icon and badge, its menu over com.canonical.dbusmenu (what waybar
shows on a right click) and Activate (a left click) — checked over D-Bus as the host sees them,
and on the screen with grim. Runs in scripts/wayland-session.sh (`make pytest-wayland`)."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtGui import QImage

from desktop_notifier.app.tray_app import App
from tests.support import sni
from tests.support.apps import MakeApp
from tests.support.calls import insert_call
from tests.support.cli import configure
from tests.support.qt import Dunst
from tests.support.standin import Standin
from tests.support.waiting import until, until_off_loop

pytestmark = [pytest.mark.desktop, pytest.mark.wayland]
ARTIFACTS = Path("/tmp/dn-artifacts")
Run = Callable[..., Any]
TRAY_AREA = (1100, 0, 120, 30)  # waybar's top bar, right side, left of the clock


def grim(name: str) -> QImage:
    png = subprocess.run([os.environ["DN_GRIM"], "-"], check=True, capture_output=True).stdout
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(png)
    image = QImage.fromData(png)
    assert not image.isNull()
    return image


def our_item(run: Run) -> sni.Item:
    item: sni.Item = run(until_off_loop(sni.our_item, bool, "the app's item on the watcher"))
    return item


def entries(run: Run, item: sni.Item) -> dict[str, sni.MenuEntry]:
    """The visible menu entries by label, as the host shows them after a right click."""
    root = run(asyncio.to_thread(item.menu))
    return {e.label: e for e in sni.flatten(root) if e.visible and e.label}


def test_the_tray_is_a_status_notifier_item_with_its_menu_icon_and_badge(
    live_app: App, run: Run, own_standin: Standin
) -> None:
    app = live_app
    item = our_item(run)
    props = run(asyncio.to_thread(item.properties))
    assert props["Status"] == "Active"
    assert props["ToolTip"][2].startswith("Conectado"), props["ToolTip"]  # pt_BR, the app's words
    plain_icon = props["IconPixmap"]
    assert plain_icon, "the icon travels as pixels"
    menu = entries(run, item)
    for label in ("Histórico…", "Pausar notificações", "Configurações…", "Sair"):
        assert label in menu, (label, sorted(menu))
    assert "Nenhum alerta recente" in menu

    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        call = insert_call(db, own_standin.info["user_id"], "Waybar Ltda")
    run(until(lambda: app.inbox.unread() == 1, "the alert in the inbox"))
    props = run(
        until_off_loop(item.properties, lambda p: p["IconPixmap"] != plain_icon, "the badge")
    )
    assert "1 nova" in props["ToolTip"][2], props["ToolTip"]
    menu = entries(run, item)
    assert "Nova call de Waybar Ltda" in menu, sorted(menu)  # built on the host's AboutToShow

    shot = grim("wayland-tray.png")
    x, y, w, h = TRAY_AREA
    background = shot.pixelColor(x, y + h // 2)
    drawn = sum(
        shot.pixelColor(px, py) != background
        for px in range(x, x + w)
        for py in range(y + 4, h - 4)
    )
    assert drawn > 100, "the icon is drawn in waybar's tray"

    run(asyncio.to_thread(item.click, menu["Nova call de Waybar Ltda"]))
    run(
        until(
            lambda: call in app.call_windows.windows and app.call_windows.windows[call].isVisible(),
            "the call window",
        )
    )
    app.call_windows.windows[call].close()
    run(asyncio.to_thread(item.click, menu[next(k for k in menu if "marcar como lido" in k)]))
    run(until_off_loop(item.properties, lambda p: p["IconPixmap"] == plain_icon, "no badge"))


def test_activate_opens_the_history_and_so_does_its_menu_entry(
    live_app: App, run: Run, dunst: Dunst
) -> None:
    app = live_app
    item = our_item(run)
    run(asyncio.to_thread(item.activate, 10, 10))  # waybar's left click
    run(until(lambda: app.history is not None and app.history.isVisible(), "the history"))
    run(asyncio.sleep(0.5))  # sway maps and draws it
    grim("wayland-history.png")
    assert app.history is not None
    app.history.close()
    run(asyncio.to_thread(item.click, entries(run, item)["Histórico…"]))
    run(until(lambda: app.history is not None and app.history.isVisible(), "the history again"))


def test_quit_from_the_host_menu_takes_the_item_off_the_tray(
    make_app: MakeApp, run: Run, own_standin: Standin, tmp_path: Path
) -> None:
    assert configure(tmp_path / "profile", own_standin).returncode == 0
    app, _ = make_app()
    run(app.start())
    item = our_item(run)
    run(asyncio.to_thread(item.click, entries(run, item)["Sair"]))
    run(until(lambda: app.quitting.is_set(), "the app shut down"))
    run(until_off_loop(sni.our_item, lambda found: found is None, "the item gone from the tray"))

"""The Windows toast backend on a fake of WinRT (tests/notify/fake_winrt.py): the "Open" button
speaks the chosen language, the notifier comes from the non-deprecated call with our
AppUserModelID, and toasts the user turned off in Windows settings fall back to the tray
balloon instead of vanishing."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest

from desktop_notifier.common.identity import APP_USER_MODEL_ID
from desktop_notifier.notify import Toast, Unavailable, create_notifier
from desktop_notifier.notify import windows as windows_backend
from desktop_notifier.notify.defaults import default_factories
from desktop_notifier.notify.quiet import desktop_quiet
from desktop_notifier.notify.withdraw import withdraw
from tests.notify import fake_winrt
from tests.notify.recording import Balloon

CALL_ID = "0b6c3f0e-5d1a-4c3e-9a57-2f1c6b7d8e90"
CALL = Toast("Acme Ltda", "Ligação recebida", replace_key="c1", target="c1", kind="new_call")


def _ignore(_toast: Toast) -> None:
    pass


@pytest.mark.parametrize(("language", "label"), [("en", "Open"), ("pt_BR", "Abrir")])
def test_the_open_button_speaks_the_chosen_language(
    monkeypatch: pytest.MonkeyPatch, language: str, label: str
) -> None:
    fake = fake_winrt.install(monkeypatch)
    factory = default_factories(tray=None, language=language)[0]  # type: ignore[arg-type]

    async def scenario() -> None:
        notifier = await factory(_ignore)
        await notifier.show(CALL)

    asyncio.run(scenario())
    (shown,) = fake.notifiers[0].shown
    assert f'content="{label}"' in shown.document.xml
    assert shown.tag == "c1" and shown.group == "calls"
    assert fake.notifiers[0].app_id == APP_USER_MODEL_ID == fake.app_ids[0]


def test_toasts_turned_off_in_windows_settings_fall_back_to_the_balloon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = fake_winrt.install(monkeypatch)
    fake.setting = 1  # NotificationSetting.DISABLED_FOR_APPLICATION
    balloon = Balloon()

    async def balloon_factory(_on_activated: Any) -> Balloon:
        return balloon

    notifier = asyncio.run(create_notifier([windows_backend.create, balloon_factory], _ignore))
    assert notifier is balloon
    assert [n.setting for n in fake.notifiers] == [1], "WinRT was asked, and said no"


def test_toasts_turned_off_while_running_make_show_give_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = fake_winrt.install(monkeypatch)
    notifier = asyncio.run(windows_backend.create(_ignore))
    fake.notifiers[0].setting = 2  # DISABLED_FOR_USER: the app falls back on Unavailable
    with pytest.raises(Unavailable, match="turned off for all apps"):
        asyncio.run(notifier.show(CALL))


@pytest.mark.parametrize(
    ("state", "quiet"),
    [(5, False), (6, True), (2, True), (3, True), (4, True), (7, False)],
)
def test_focus_assist_and_full_screen_apps_are_do_not_disturb(
    monkeypatch: pytest.MonkeyPatch, state: int, quiet: bool
) -> None:
    """SHQueryUserNotificationState: Focus Assist's quiet time (6), a full-screen app (2), a
    game (3) or a presentation (4) hold the toasts; "accepts notifications" (5) does not."""
    fake = fake_winrt.install(monkeypatch)
    notifier = asyncio.run(windows_backend.create(_ignore))
    fake.user_state = state
    assert asyncio.run(desktop_quiet(notifier)) is quiet


def test_a_withdrawn_toast_is_removed_by_tag_and_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missed call claimed by a teammate: its toast leaves the screen and the Action Center."""
    fake = fake_winrt.install(monkeypatch)
    notifier = asyncio.run(windows_backend.create(_ignore))
    asyncio.run(notifier.show(CALL))
    assert asyncio.run(withdraw(notifier, "c1"))
    assert fake.history.removed == [("c1", "calls", APP_USER_MODEL_ID)]


def test_a_claimable_toast_stays_on_screen_and_sounds_by_kind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = fake_winrt.install(monkeypatch)
    notifier = asyncio.run(windows_backend.create(_ignore))
    missed = replace(
        CALL,
        target=CALL_ID,
        kind="missed_call",
        actions=(("claim", "Vou retornar"),),
        sound="missed_call",
    )
    quiet = replace(CALL, replace_key="c2", target="c2")  # privacy or sound off: silent
    asyncio.run(notifier.show(missed))
    asyncio.run(notifier.show(quiet))
    first, second = (n.document.xml for n in fake.notifiers[0].shown)
    assert 'scenario="reminder"' in first
    claim = f'<action content="Vou retornar" activationType="protocol" arguments="calls-notifier://claim/{missed.target}"/>'
    assert claim in first, "the claim button is a link the app handles like a click"
    assert '<audio src="ms-winsoundevent:Notification.Looping.Call" loop="false"/>' in first
    assert 'scenario="reminder"' not in second and '<audio silent="true"/>' in second

"""The macOS backend on a fake of pyobjc (tests/notify/fake_pyobjc.py): the delegate is set
before the app finishes launching, so the click that launched the app opens its call; the
permission prompt never holds the start up (tray balloons meanwhile) and a late "allow" switches
to native notifications."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_notifier.app import launcher as gui
from desktop_notifier.notify import Toast, Unavailable, macos
from desktop_notifier.notify.defaults import default_factories
from desktop_notifier.notify.quiet import desktop_quiet
from desktop_notifier.notify.withdraw import withdraw
from tests.notify import fake_pyobjc
from tests.notify.recording import Balloon

CALL = "0b6c3f0e-5d1a-4c3e-9a57-2f1c6b7d8e90"
TOAST = Toast("Acme Ltda", "Ligação recebida", replace_key=CALL, target=CALL, kind="new_call")


@pytest.fixture
def center(monkeypatch: pytest.MonkeyPatch) -> Iterator[fake_pyobjc.Center]:
    yield fake_pyobjc.install(monkeypatch)
    macos._delegate_class.cache_clear()  # it was built on the fake NSObject


class Stop(Exception):
    pass


def test_the_launcher_sets_the_delegate_before_the_qapplication_exists(
    center: fake_pyobjc.Center, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[Any] = []

    class FakeQApplication:
        @staticmethod
        def instance() -> None:
            return None

        def __init__(self, _argv: list[str]) -> None:
            seen.append(center.delegate)  # Qt makes NSApp here; it finishes launching soon
            raise Stop

    monkeypatch.setattr(gui, "QApplication", FakeQApplication)
    with pytest.raises(Stop):
        gui._run_primary(None, None, demo=False, links=())  # type: ignore[arg-type]
    assert seen and seen[0] is not None and seen[0] is macos._early


def test_the_click_that_launched_the_app_opens_its_call(center: fake_pyobjc.Center) -> None:
    macos.install_early_delegate()
    assert center.click(TOAST) == ["done"]  # macOS delivers it right after launching
    center.decided = True
    clicked: list[Toast] = []

    async def scenario() -> None:
        notifier = await macos.create(clicked.append)
        assert notifier.name == "macos-usernotifications"
        await asyncio.sleep(0)  # the kept click is delivered on the loop
        await asyncio.sleep(0)

    asyncio.run(scenario())
    assert [toast.target for toast in clicked] == [CALL]
    assert center.delegates_set == [macos._early, macos._early]  # never replaced


def test_an_unanswered_prompt_gives_balloons_then_native_when_allowed(
    center: fake_pyobjc.Center,
) -> None:
    balloon = Balloon()

    async def balloon_factory(_on_activated: Any) -> Balloon:
        return balloon

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        notifier = await macos.create(lambda _t: None, fallback=balloon_factory)
        assert loop.time() - started < 2, "the start does not wait for the user"
        assert notifier.name == "tray-balloon"
        await notifier.show(TOAST)
        assert balloon.shown == [TOAST] and center.requests == []
        center.answer(True)  # the user allows, later
        for _ in range(3):  # the answer crosses threads through call_soon_threadsafe
            await asyncio.sleep(0)
        assert notifier.name == "macos-usernotifications"
        await notifier.show(TOAST)
        assert [ident for ident, _content in center.requests] == [f"call:{CALL}"]
        assert balloon.shown == [TOAST]

    asyncio.run(scenario())


def test_a_late_refusal_keeps_the_balloons(center: fake_pyobjc.Center) -> None:
    balloon = Balloon()

    async def balloon_factory(_on_activated: Any) -> Balloon:
        return balloon

    async def scenario() -> None:
        notifier = await macos.create(lambda _t: None, fallback=balloon_factory)
        center.answer(False)
        for _ in range(3):
            await asyncio.sleep(0)
        await notifier.show(TOAST)
        assert notifier.name == "tray-balloon" and balloon.shown == [TOAST]
        assert center.requests == []

    asyncio.run(scenario())


def test_a_known_refusal_falls_back_at_once(center: fake_pyobjc.Center) -> None:
    center.decided = False
    with pytest.raises(Unavailable, match="not allowed"):
        asyncio.run(macos.create(lambda _t: None, fallback=None))


def test_the_default_chain_gives_the_macos_backend_its_balloon_fallback(
    center: fake_pyobjc.Center,
) -> None:
    first = default_factories(tray=None, language="en")[0]  # type: ignore[arg-type]
    assert first.keywords["fallback"].func.__qualname__ == "TrayBalloonNotifier.create"  # type: ignore[attr-defined]


def test_focus_holds_the_toasts_once_the_user_lets_the_app_see_it(
    center: fake_pyobjc.Center,
) -> None:
    """Focus through INFocusStatusCenter: the first question asks for the permission (and is
    "not quiet"); once allowed, an active Focus is do-not-disturb; a refusal never is."""
    center.decided = True
    notifier = asyncio.run(macos.create(lambda _t: None, fallback=None))
    center.focus.focused = True
    assert asyncio.run(desktop_quiet(notifier)) is False
    assert center.focus.asked == 1, "the permission was asked"
    center.focus.status = 3  # authorized
    assert asyncio.run(desktop_quiet(notifier)) is True
    center.focus.focused = False
    assert asyncio.run(desktop_quiet(notifier)) is False
    center.focus.status, center.focus.focused = 2, True  # denied
    assert asyncio.run(desktop_quiet(notifier)) is False
    assert center.focus.asked == 1


def test_a_claimable_toast_has_the_claim_buttons_sound_and_is_withdrawn(
    center: fake_pyobjc.Center,
) -> None:
    center.decided = True
    clicked: list[Toast] = []
    missed = replace(
        TOAST,
        kind="missed_call",
        replace_key=CALL,
        actions=(("claim", "Vou retornar"), ("snooze", "Adiar 10 min")),
        sound="missed_call",
    )

    async def scenario() -> None:
        notifier = await macos.create(clicked.append, language="pt_BR")
        await notifier.show(missed)
        assert center.click(missed, "claim") == ["done"]
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert await withdraw(notifier, CALL)

    asyncio.run(scenario())
    assert center.categories == {
        ("claimable", (("claim", "Vou retornar"), ("snooze", "Adiar 10 min")))
    }
    [(ident, content)] = center.requests
    assert ident == f"call:{CALL}" and content.fields["CategoryIdentifier"] == "claimable"
    assert content.fields["Sound"] == ("sound", "missed_call.wav")
    assert [(t.target, t.invoked) for t in clicked] == [(CALL, "claim")]
    assert center.removed == [f"call:{CALL}"], "a claimed call's notification is taken back"

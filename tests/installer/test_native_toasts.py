"""The pure parts of the Windows and macOS toast backends (their OS parts cannot run here and
say so through `Unavailable`): the WinRT toast XML with protocol activation, and the macOS
request identifier and userInfo round trip."""

from __future__ import annotations

import asyncio
import sys
import xml.etree.ElementTree as ET

import pytest

from desktop_notifier.alerts import Urgency
from desktop_notifier.notify import macos, windows
from desktop_notifier.notify.base import Unavailable
from desktop_notifier.notify.macos_content import (
    interruption_level,
    request_identifier,
    toast_from_response,
    user_info,
)
from desktop_notifier.notify.toast import CONNECTION_KIND, SUMMARY_KIND, Toast
from desktop_notifier.notify.windows_toast_xml import TAG_LIMIT, toast_link, toast_tag, toast_xml

CALL = "0b6c3f0e-5d1a-4c3e-9a57-2f1c6b7d8e90"
CALL_TOAST = Toast(
    'Nova call de <Pão> & "Cia"', "Status: nova", replace_key=CALL, target=CALL, kind="new_call"
)


def test_a_call_toast_activates_the_call_link_by_protocol() -> None:
    root = ET.fromstring(toast_xml(CALL_TOAST, language="pt_BR", icon_uri="file:///C:/x/i.png"))
    assert root.tag == "toast"
    assert root.get("activationType") == "protocol"
    assert root.get("launch") == f"calls-notifier://call/{CALL}"
    texts = [t.text for t in root.iter("text")]
    assert texts == ['Nova call de <Pão> & "Cia"', "Status: nova"], "escaped, then read back"
    [action] = root.iter("action")
    assert action.attrib == {
        "content": "Abrir",
        "activationType": "protocol",
        "arguments": f"calls-notifier://call/{CALL}",
    }
    [image] = root.iter("image")
    assert image.get("src") == "file:///C:/x/i.png"
    binding = root.find("visual/binding")
    assert binding is not None and binding.get("template") == "ToastGeneric"


def test_a_comment_toast_opens_its_call_on_the_comments_tab() -> None:
    comment = Toast("Novo comentário em Acme", "oi", replace_key=CALL, target=CALL,
                    kind="call_comment")  # fmt: skip
    assert toast_link(comment) == f"calls-notifier://comments/{CALL}"
    root = ET.fromstring(toast_xml(comment, language="pt_BR"))
    assert root.get("launch") == f"calls-notifier://comments/{CALL}"


def test_a_summary_opens_the_history_and_a_connection_notice_only_informs() -> None:
    summary = Toast("12 novas calls", "…", target=None, kind=SUMMARY_KIND)
    assert toast_link(summary) == "calls-notifier://history"
    notice = Toast("Conexão perdida", "…", kind=CONNECTION_KIND)
    root = ET.fromstring(toast_xml(notice, language="en"))
    assert toast_link(notice) is None and root.get("launch") is None
    assert not list(root.iter("action")) and not list(root.iter("image"))


def test_critical_toasts_stay_longer_and_labels_follow_the_language() -> None:
    critical = Toast("⚠️ Score baixo: 12", "x", Urgency.CRITICAL, target=CALL, kind="low_score")
    root = ET.fromstring(toast_xml(critical, language="en"))
    assert root.get("duration") == "long"
    assert next(root.iter("action")).get("content") == "Open"


def test_the_same_call_keeps_its_tag_and_others_get_fresh_ones() -> None:
    assert toast_tag(CALL_TOAST) == toast_tag(CALL_TOAST) == CALL
    loose = Toast("a", "b")
    assert toast_tag(loose) != toast_tag(loose)
    assert len(toast_tag(Toast("a", "b", replace_key="x" * 100))) == TAG_LIMIT


def test_macos_requests_replace_per_call_and_carry_the_call() -> None:
    assert request_identifier(CALL_TOAST) == f"call:{CALL}" == request_identifier(CALL_TOAST)
    assert request_identifier(Toast("a", "b")) != request_identifier(Toast("a", "b"))
    info = user_info(CALL_TOAST)
    assert info == {"kind": "new_call", "call_id": CALL}
    clicked = toast_from_response("t", "b", info)
    assert clicked is not None and clicked.target == CALL and clicked.kind == "new_call"
    summary = toast_from_response("t", "b", user_info(Toast("s", "b", kind=SUMMARY_KIND)))
    assert summary is not None and summary.target is None


@pytest.mark.parametrize(
    "info",
    [
        {},
        {"kind": CONNECTION_KIND},
        {"kind": 3},
        {"kind": "new_call", "call_id": "../../etc"},
        {"kind": "new_call", "call_id": CALL.upper()},
        {"kind": "new_call", "call_id": 7},
    ],
)
def test_macos_clicks_carrying_nothing_of_ours_are_ignored(info: dict[str, object]) -> None:
    assert toast_from_response("t", "b", info) is None


def test_interruption_levels() -> None:
    assert [interruption_level(u) for u in Urgency] == [0, 1, 1]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="checks the non-native path")
@pytest.mark.parametrize(("module", "reason"), [(windows, "Windows"), (macos, "macOS")])
def test_native_backends_step_aside_elsewhere(module: object, reason: str) -> None:
    with pytest.raises(Unavailable, match=f"only on {reason}"):
        asyncio.run(module.create(lambda toast: None))  # type: ignore[attr-defined]

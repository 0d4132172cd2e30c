"""Deep links `calls-notifier://call/<id>` (and `calls-notifier://history`, a comment alert's
`calls-notifier://comments/<id>`, the call on its Comments tab, and a toast
button's `calls-notifier://claim/<id>` / `calls-notifier://snooze/<id>`): building them,
telling them apart from other arguments and validating them. Pure: no Qt, no I/O.

A link that is not exactly a call link with a UUID is rejected (and the caller logs it); the
id is returned in its canonical lower-case form, so `open_call` gets the same key the store
uses. A trailing slash is tolerated (browsers and Windows' protocol activation add one).
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_notifier import APP_ID

SCHEME = APP_ID  # "calls-notifier"
CALL_HOST = "call"
COMMENTS_HOST = "comments"  # the call window on its Comments tab (a comment alert's toast)
HISTORY_LINK = f"{SCHEME}://history"
ACTION_HOSTS = ("claim", "snooze")  # a Windows toast's buttons (alerts.team's actions)


def call_link(call_id: str) -> str:
    """The deep link that opens `call_id`."""
    return f"{SCHEME}://{CALL_HOST}/{call_id}"


def comments_link(call_id: str) -> str:
    """The deep link that opens `call_id` on its Comments tab."""
    return f"{SCHEME}://{COMMENTS_HOST}/{call_id}"


def is_link(argument: str) -> bool:
    """True if `argument` is meant as one of our links (valid or not), not an option or path."""
    return argument.lower().startswith(f"{SCHEME}:")


def split_links(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """`argv` split into (our links, the arguments to parse). When there is a link, the OS
    launched us for it (Windows runs `"app.exe" "%1"`, the desktop entry `%u`) and every other
    argument is ignored: a launcher that passes the link's quotes through unencoded would
    otherwise let a link inject options (`calls-notifier://x" --profile //host/share "`)."""
    links = [arg for arg in argv if is_link(arg)]
    return (links, []) if links else ([], list(argv))


def action_link(call_id: str, action: str) -> str:
    """The deep link of a toast button doing `action` ("claim", "snooze") on `call_id`."""
    if action not in ACTION_HOSTS:
        raise ValueError(f"not a toast action: {action!r}")
    return f"{SCHEME}://{action}/{call_id}"


def parse_action_link(link: str) -> tuple[str, str] | None:
    """(action, call id) of a toast button's link, or None when it is not a valid one."""
    for action in ACTION_HOSTS:
        call_id = parse_call_link(link, host=action)
        if call_id is not None:
            return action, call_id
    return None


def parse_call_link(link: str, *, host: str = CALL_HOST) -> str | None:
    """The call id that `link` opens, or None when it is not a valid call link."""
    prefix = f"{SCHEME}://{host}/"
    if len(link) > 200 or not link.lower().startswith(prefix):
        return None
    rest = link[len(prefix) :]
    if rest.endswith("/"):
        rest = rest[:-1]
    if len(rest) != 36:  # only the canonical hyphenated form, no braces or "urn:uuid:"
        return None
    import uuid  # (here, not at start-up: it costs a few ms and only links need it)

    try:
        return str(uuid.UUID(rest))
    except ValueError:
        return None


def is_history_link(link: str) -> bool:
    """True for the link that opens the alert history (what a summary toast carries)."""
    return link.lower().rstrip("/") == HISTORY_LINK

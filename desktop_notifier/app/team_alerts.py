"""Team-grade alerting in the tray app (issue 18): what a toast offers and sounds like, and
what happens after it went out.

- A missed call's toast offers "Vou retornar" (claim) and "Adiar 10 min" (snooze); a claim is
  written through the account (`sync/call_claims`), the server keeps the first one.
- Every change that arrives is checked against the toasts on screen: an alert that stopped
  holding (claimed, completed, deleted: `alerts.team.still_holds`) is withdrawn, and the inbox
  shows who claimed.
- Unclaimed missed calls alert again on the `alerts.reminders` schedule (one timer), leads get
  an escalation.
- Privacy (`alerts.privacy`): while the user's own call is in progress, toasts name the kind
  only and play no sound; sounds are paced and follow the per-kind setting.

Decisions are the pure `alerts` modules'; this module keeps their state and does the I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.alerts.privacy import (
    LIVE_STATUS,
    SoundPacer,
    own_call_live,
    private,
    private_text,
)
from desktop_notifier.alerts.reminders import Reminder, Reminders
from desktop_notifier.alerts.team import (
    CLAIM_ACTION,
    SNOOZE_ACTION,
    claimable,
    still_holds,
    toast_actions,
)
from desktop_notifier.alerts.text import action_label, escalation_text, reminder_text
from desktop_notifier.app.toasts import Toasts
from desktop_notifier.app.tray_feed import TrayFeed
from desktop_notifier.common.clock import Clock
from desktop_notifier.common.errors import UserError
from desktop_notifier.events import Call
from desktop_notifier.events.claim import claim_of
from desktop_notifier.notify.toast import Toast
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account

log = logging.getLogger(__name__)
ALERT_KINDS = frozenset(kind.value for kind in AlertKind)
RESUMED = 200  # the latest alerts looked at for missed calls to remind of after a restart
RESUME_WINDOW = timedelta(days=1)


class TeamAlerts(QObject):
    def __init__(
        self,
        toasts: Toasts,
        feed: TrayFeed,
        store: Store,
        account: Callable[[], Account | None],
        settings: Callable[[], Settings],
        spawn: Callable[[Coroutine[Any, Any, None]], None],
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._toasts = toasts
        self._feed = feed
        self._store = store
        self._account = account
        self._settings = settings
        self._spawn = spawn
        self._clock = clock
        self.reminders = Reminders(settings().team)
        self.sounds = SoundPacer()
        self.lead = False
        self._live_own: set[str] = set()  # the user's own calls in progress
        self.screen_shared = False  # Linux: app/screen_share.py (PipeWire screen casts)
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._remind)
        toasts.decorate = self.decorate

    # --- what a toast carries ------------------------------------------------------------

    @property
    def private(self) -> bool:
        return private(
            self._settings().team, own_call=bool(self._live_own), screen_shared=self.screen_shared
        )

    def set_screen_shared(self, shared: bool) -> None:
        if shared != self.screen_shared:
            log.info("screen shared: %s", shared)
        self.screen_shared = shared

    def decorate(self, toast: Toast) -> Toast:
        """`toast` as this moment wants it: claim/snooze buttons on a claimable missed call,
        the kind only under privacy, its sound unless private, silenced or too soon (under
        do-not-disturb no alert toast goes out at all: `Toasts` holds them)."""
        if toast.kind not in ALERT_KINDS:
            return toast
        settings, hidden = self._settings(), self.private
        language = settings.language
        call = self._store.get_call(toast.target) if toast.target else None
        actions = tuple(
            (action, action_label(action, language))
            for action in toast_actions(toast.kind, call, settings.rules)
        )
        title, body = toast.title, toast.body
        if hidden:
            title, body = private_text(toast.kind, language)
        sound = self.sounds.sound_for(
            toast.kind, settings.team, self._clock(), private=hidden, quiet=False
        )
        return replace(toast, title=title, body=body, actions=actions, sound=sound)

    # --- what arrives --------------------------------------------------------------------

    def alerts(self, alerts: Sequence[Alert]) -> None:
        """New alerts: a claimable missed call starts its reminders."""
        rules = self._settings().rules
        for alert in alerts:
            if alert.kind is AlertKind.MISSED_CALL:
                call = self._store.get_call(alert.call_id)
                if call is None or claimable(call, rules):
                    self.reminders.track(alert.call_id, alert.at)
        self._arm()

    def calls_changed(self, calls: dict[str, Call | None]) -> None:
        """Changes of calls: withdraw what stopped holding, show claims, follow own calls."""
        rules = self._settings().rules
        me = self._me()
        claims: dict[str, str] = {}
        for call_id, call in calls.items():
            if call is not None and own_call_live([call], me):
                self._live_own.add(call_id)
            else:
                self._live_own.discard(call_id)
            shown = self._toasts.shown.get(call_id)
            if shown is not None and not still_holds(shown, call, rules):
                self._toasts.withdraw(call_id)
            if call is None or not claimable(call, rules):
                self.reminders.settle(call_id)
            claim = claim_of(call) if call is not None else None
            if claim is not None:
                claims[call_id] = claim.name or claim.user_id
        self._feed.claimed(claims)
        self._arm()

    # --- the user's choices ----------------------------------------------------------------

    def act(self, action: str, call_id: str) -> None:
        """A toast's (or the inbox's, or a window's) claim or snooze."""
        if action == CLAIM_ACTION:
            self._spawn(self.claim(call_id))
        elif action == SNOOZE_ACTION:
            self.reminders.snooze(call_id, self._clock())
            self._arm()

    async def claim(self, call_id: str) -> None:
        account = self._account()
        if account is None:
            return
        try:
            row = await account.claim_call(call_id)
        except UserError as exc:
            log.warning("the claim of a call failed: %s", exc)
            return
        if row is None:
            log.info("a teammate claimed the call first")
        self.reminders.settle(call_id)
        self._toasts.withdraw(call_id)  # ours goes too; the update brings who claimed it

    def resume(self) -> None:
        """Once connected: what the store already knows and no change will repeat (after a
        restart): the user's own call in progress, and the missed calls of the last day this
        profile was alerted about that nobody claimed yet, whose reminders start over."""
        rules, me, now = self._settings().rules, self._me(), self._clock()
        live = self._store.calls_with_status([LIVE_STATUS])
        self._live_own.update(call.id for call in live if own_call_live([call], me))
        for alert in self._store.recent_alerts(limit=RESUMED):
            recent = alert.kind is AlertKind.MISSED_CALL and now - alert.at < RESUME_WINDOW
            if recent and claimable(self._store.get_call(alert.call_id), rules):
                self.reminders.track(alert.call_id, now)
        self._arm()

    async def learn_role(self) -> None:
        """Whether this user leads a team (escalations), read once connected."""
        account = self._account()
        if account is not None and not self._stopped:
            lead = await account.is_lead()
            if not self._stopped:  # the app may have shut down while it asked
                self.lead = lead
                self._arm()

    def use_settings(self, settings: Settings) -> None:
        self.reminders.set_prefs(settings.team)
        self._arm()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    # --- reminders -----------------------------------------------------------------------

    def _arm(self) -> None:
        due = self.reminders.next_due(lead=self.lead)
        if due is None:
            self._timer.stop()
            return
        delay = max(int((due - self._clock()).total_seconds() * 1000), 0)
        self._timer.start(delay + 20)

    def _remind(self) -> None:
        now: datetime = self._clock()
        rules, language = self._settings().rules, self._settings().language
        due: list[Alert] = []
        for reminder in self.reminders.due(now, lead=self.lead):
            call = self._store.get_call(reminder.call_id)
            if call is None or not claimable(call, rules):
                self.reminders.settle(reminder.call_id)
                continue
            due.append(self._reminder_alert(reminder, call, language, now))
        self._toasts.remind(due)
        self._arm()

    def _reminder_alert(
        self, reminder: Reminder, call: Call, language: str, now: datetime
    ) -> Alert:
        render = escalation_text if reminder.escalation else reminder_text
        title, body = render(call.company_name, language)
        return Alert(
            kind=AlertKind.MISSED_CALL,
            call_id=call.id,
            title=title,
            body=body,
            urgency=Urgency.CRITICAL,
            dedupe_key=f"reminder:{call.id}:{now.isoformat()}",
            at=now,
            company=call.company_name,
        )

    def _me(self) -> str | None:
        account = self._account()
        return None if account is None else account.user_id()

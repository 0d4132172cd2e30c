"""The running app's settings dialog: opened on demand (tray, second launch) or when the
session is gone; signs in with progress and one-sentence errors, signs out, sends a test toast,
and saves what the user chose (and the start-at-login entry), handing it to the session. It
sees the app only through `SettingsHost`; the app reacts to the session's `settings_changed`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from desktop_notifier.app.call_windows import bring_up
from desktop_notifier.common.errors import ErrorCode, UserError, describe
from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.profile.settings import Settings
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.proxy_check import ProxyVerdict, check_proxy
from desktop_notifier.sync.proxy_choice import TypedPassword, proxy_route
from desktop_notifier.sync.signin import sign_in_and_store
from desktop_notifier.sync.urls import check_url
from desktop_notifier.system import autostart
from desktop_notifier.system.proxy_settings import system_route
from desktop_notifier.ui import app_text

if TYPE_CHECKING:  # the dialog's widgets are loaded when it first opens
    from desktop_notifier.app.signin_ways import SignInWays
    from desktop_notifier.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SettingsHost:
    """What the settings flow may read and ask of the running app, and nothing more."""

    profile: Profile
    secrets: SecretStore
    settings: Callable[[], Settings]
    signed_in_as: Callable[[], str | None]  # the account's e-mail
    catchup_mode: Callable[[], str | None]  # how missed changes are read, once signed in
    spawn: Callable[[Coroutine[Any, Any, None]], None]
    use_account: Callable[[Account], Awaitable[None]]  # a sign-in succeeded
    sign_out: Callable[[], Awaitable[None]]
    use_settings: Callable[[Settings], None]  # saved: in effect at once
    test_toast: Callable[[], None]
    renew_route: Callable[[], None]  # connect again through the proxy settings


class SettingsFlow:
    def __init__(self, host: SettingsHost) -> None:
        self._host = host
        self.dialog: SettingsDialog | None = None
        self._start_at_login_shown = False
        self.ways: SignInWays | None = None

    def open(self) -> SettingsDialog:
        """Show the dialog (built once), filled with the current settings and account."""
        host = self._host
        if self.dialog is None:
            from desktop_notifier.ui.settings_dialog import SettingsDialog

            dialog = SettingsDialog()
            dialog.welcome.show_focus_assist(sys.platform == "win32")
            dialog.sign_in_requested.connect(self._on_sign_in)
            dialog.sign_out_requested.connect(lambda: host.spawn(self._sign_out()))
            dialog.test_notification_requested.connect(host.test_toast)
            dialog.accepted.connect(self._on_accepted)
            dialog.proxy_test_requested.connect(lambda: host.spawn(self._test_proxy()))
            self.dialog = dialog
            from desktop_notifier.app.signin_ways import SignInWays

            self.ways = SignInWays(host, dialog)  # e-mail code, browser, demonstration
        dialog = self.dialog
        # The checkbox shows the real entry (the installer may have made it), and OK changes
        # the entry only when the user changed the checkbox.
        available = autostart.is_available()
        shown = host.settings()
        if available:
            shown = replace(shown, start_at_login=autostart.is_enabled())
        self._start_at_login_shown = shown.start_at_login
        dialog.set_settings(shown)
        dialog.set_autostart_available(available)
        dialog.set_signed_in(host.signed_in_as())
        dialog.set_first_run(host.signed_in_as() is None and not host.settings().configured)
        self.show_catchup_mode()
        bring_up(dialog)
        return dialog

    def show_catchup_mode(self) -> None:
        """The account page's line on how missed changes are read (exact or fallback)."""
        if self.dialog is not None:
            self.dialog.set_catchup_mode(self._host.catchup_mode())

    def show_error(self, error: UserError) -> None:
        """Open the dialog with `error` as its sentence (a keyring problem is shown as such)."""
        dialog = self.open()
        text = describe(error, self._host.settings().language)
        if error.code is ErrorCode.KEYRING_UNAVAILABLE:
            dialog.set_keyring_problem(text)
        else:
            dialog.set_error(text)

    def _on_sign_in(self, url: str, anon_key: str, email: str, password: str) -> None:
        self._host.spawn(self._sign_in(url, anon_key, email, password))

    async def _sign_in(self, url: str, anon_key: str, email: str, password: str) -> None:
        host, dialog = self._host, self.dialog
        assert dialog is not None
        dialog.set_error(None)
        dialog.set_busy(True, app_text.signing_in())
        try:
            account = await sign_in_and_store(
                host.profile,
                host.secrets,
                url=url,
                anon_key=anon_key,
                email=email,
                password=password,
                allow_insecure_http=dialog.allow_insecure_http(),
                system_proxy=system_route,
            )
        except UserError as exc:
            dialog.set_busy(False)
            text = describe(exc, host.settings().language)
            dialog.set_error(text)
            if exc.code is ErrorCode.KEYRING_UNAVAILABLE:
                dialog.set_keyring_problem(text)
            return
        dialog.set_busy(False)
        dialog.clear_password()
        dialog.set_signed_in(account.tokens.email)
        dialog.set_first_run(False)
        await host.use_account(account)

    async def _sign_out(self) -> None:
        await self._host.sign_out()
        if self.dialog is not None:
            self.dialog.set_signed_in(None)

    def _on_accepted(self) -> None:
        assert self.dialog is not None
        try:
            chosen = self.dialog.settings()
        except ValueError:
            return  # the dialog keeps OK disabled while a value is invalid
        changed = chosen.start_at_login != self._start_at_login_shown
        password = self.dialog.proxy.password()
        if password:  # in the keyring before the session reconnects through the proxy
            self._host.spawn(self._apply_with_proxy_password(chosen, changed, password))
        else:
            self.apply(chosen, start_at_login_changed=changed)

    async def _apply_with_proxy_password(
        self, chosen: Settings, start_at_login_changed: bool, password: str
    ) -> None:
        before = self._host.settings()
        await self._host.secrets.save_proxy_password(password)
        self.apply(chosen, start_at_login_changed=start_at_login_changed)
        if self._host.settings() == before:  # only the password changed: reconnect anyway
            self._host.renew_route()

    async def _test_proxy(self) -> None:
        """ "Testar proxy": the server of the account field, through the proxy as typed."""
        dialog, host = self.dialog, self._host
        if dialog is None:
            return
        current = host.settings()
        chosen = replace(
            current,
            proxy_mode=dialog.proxy.chosen_mode(),
            proxy_url=dialog.proxy.url.text().strip(),
            proxy_user=dialog.proxy.user.text().strip(),
        )
        url = dialog.account.url.text().strip() or current.url
        dialog.proxy.set_testing(True, app_text.proxy_testing())
        try:
            secrets = TypedPassword(host.secrets, dialog.proxy.password())
            route = await proxy_route(chosen, secrets, system_route)
            allow = current.allow_insecure_http or dialog.allow_insecure_http()
            verdict = await check_proxy(check_url(url, allow_insecure_http=allow), route)
        except UserError as exc:
            dialog.proxy.set_test_result(describe(exc, current.language))
            return
        dialog.proxy.set_test_result(app_text.proxy_verdict(verdict is ProxyVerdict.WORKS))

    def apply(self, chosen: Settings, *, start_at_login_changed: bool = False) -> None:
        """Save what the user chose and put it in effect. The start-at-login entry is written
        or removed only when the user changed that checkbox."""
        chosen = replace(chosen, url=self._host.settings().url or chosen.url)
        settings_file.save(self._host.profile.directory, chosen)
        if start_at_login_changed and autostart.is_available():
            try:
                autostart.apply(chosen.start_at_login, self._host.profile.directory)
            except autostart.AutostartError as exc:
                log.warning("%s", exc)
        self._host.use_settings(chosen)

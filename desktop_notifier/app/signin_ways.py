"""The settings dialog's other ways in: an e-mailed code, the browser (each OAuth provider the
project enables) and the demonstration (the local stand-in with simulated calls, `app.demo`).

Owns what happens between the account form's signals and `App.use_account`: progress, the
one-sentence errors, asking the project which providers it enables, opening the browser. The
password sign-in stays in `settings_flow`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.profile.settings import Settings
from desktop_notifier.sync import oauth, otp
from desktop_notifier.sync.account import Account
from desktop_notifier.ui import app_text

if TYPE_CHECKING:
    from desktop_notifier.app.demo import DemoStack
    from desktop_notifier.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)


def open_in_browser(url: str) -> None:
    if not QDesktopServices.openUrl(QUrl(url)):
        log.warning("no browser could be opened for the sign-in page")


class Host(Protocol):
    """What of the app the sign-in ways use (`settings_flow.SettingsHost` has it)."""

    @property
    def profile(self) -> Profile: ...
    @property
    def secrets(self) -> SecretStore: ...
    @property
    def settings(self) -> Callable[[], Settings]: ...
    @property
    def spawn(self) -> Callable[[Coroutine[Any, Any, None]], None]: ...
    @property
    def use_account(self) -> Callable[[Account], Awaitable[None]]: ...


class SignInWays:
    def __init__(
        self,
        app: Host,
        dialog: SettingsDialog,
        open_browser: Callable[[str], object] = open_in_browser,
    ) -> None:
        self._app = app
        self._dialog = dialog
        self.open_browser = open_browser  # tests play the browser
        self.demo_stack: DemoStack | None = None
        form = dialog.account
        form.providers_wanted.connect(self._on_providers_wanted)
        form.code_requested.connect(lambda u, k, e: app.spawn(self._send_code(u, k, e)))
        form.code_sign_in_requested.connect(
            lambda u, k, e, c: app.spawn(self._with_code(u, k, e, c))
        )
        form.browser_sign_in_requested.connect(lambda u, k, p: app.spawn(self._browser(u, k, p)))
        dialog.demo_requested.connect(lambda: app.spawn(self._demo()))

    def _on_providers_wanted(self, url: str, key: str) -> None:
        """A timer asks (typing paused): only while the loop runs, as it always does in the
        app; the list is a convenience, asked again at the next change."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        self._app.spawn(self._providers(url, key))

    def _error(self, error: UserError) -> None:
        self._dialog.set_busy(False)
        self._dialog.set_error(describe(error, self._app.settings().language))

    async def _providers(self, url: str, key: str) -> None:
        try:
            names = await oauth.enabled_providers(
                url, key, allow_insecure_http=self._dialog.allow_insecure_http()
            )
        except UserError as exc:  # the password sign-in will say what is wrong, if anything
            log.info("the project's sign-in providers are unknown: %s", exc)
            return
        self._dialog.account.set_providers([(n, oauth.provider_name(n)) for n in names])

    async def _send_code(self, url: str, key: str, email: str) -> None:
        self._dialog.set_error(None)
        self._dialog.set_busy(True, app_text.sending_code())
        try:
            await otp.send_code(
                url, key, email, allow_insecure_http=self._dialog.allow_insecure_http()
            )
        except UserError as exc:
            self._error(exc)
            return
        self._dialog.set_busy(False)
        self._dialog.account.set_code_sent(True)
        self._dialog.account.set_note(app_text.code_sent(email))

    async def _with_code(self, url: str, key: str, email: str, code: str) -> None:
        await self._signed_in(
            app_text.signing_in(),
            lambda: otp.sign_in_with_code(
                self._app.profile,
                self._app.secrets,
                url=url,
                anon_key=key,
                email=email,
                code=code,
                allow_insecure_http=self._dialog.allow_insecure_http(),
            ),
        )

    async def _browser(self, url: str, key: str, provider: str) -> None:
        await self._signed_in(
            app_text.finish_in_browser(),
            lambda: oauth.browser_sign_in(
                self._app.profile,
                self._app.secrets,
                url=url,
                anon_key=key,
                provider=provider,
                open_browser=self.open_browser,
                allow_insecure_http=self._dialog.allow_insecure_http(),
            ),
        )

    async def _demo(self) -> None:
        from desktop_notifier.app.demo import DemoStack, DemoUnavailable

        async def start() -> Account:
            try:
                stack = await DemoStack.start()
            except DemoUnavailable as exc:
                raise UserError("server_error", detail=str(exc)) from exc
            self.demo_stack = stack  # it ends with the app (its parent watch, `app.demo`)
            info = stack.info
            # Not remembered: the demo's stand-in ends with the app, its session with it.
            return await Account.sign_in(info["url"], info["anon_key"], info["email"],
                                         info["password"])  # fmt: skip

        await self._signed_in(app_text.starting_demo(), start)

    async def _signed_in(self, busy: str, sign_in: Callable[[], Awaitable[Account]]) -> None:
        dialog = self._dialog
        dialog.set_error(None)
        dialog.set_busy(True, busy)
        try:
            account = await sign_in()
        except UserError as exc:
            self._error(exc)
            if exc.code == "code_invalid":
                dialog.account.set_code_sent(True)  # the code field stays, emptied
                dialog.account.choices.code.clear()
            return
        dialog.set_busy(False)
        dialog.clear_password()
        dialog.account.set_note(None)
        dialog.set_signed_in(account.tokens.email)
        dialog.set_first_run(False)
        await self._app.use_account(account)

"""The running app's settings dialog: opened on demand (tray, second launch) or when the
session is gone; signs in with progress and one-sentence errors, signs out, sends a test toast,
and hands what the user chose back to the app. The app (`app.App`) owns what those choices do.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from desktop_notifier.app.call_windows import bring_up
from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.sync.signin import sign_in_and_store
from desktop_notifier.system import autostart
from desktop_notifier.ui import app_text

if TYPE_CHECKING:  # the dialog's widgets are loaded when it first opens
    from desktop_notifier.app.tray_app import App
    from desktop_notifier.ui.settings_dialog import SettingsDialog


class SettingsFlow:
    def __init__(self, app: App) -> None:
        self._app = app
        self.dialog: SettingsDialog | None = None
        self._start_at_login_shown = False

    def open(self) -> SettingsDialog:
        """Show the dialog (built once), filled with the current settings and account."""
        app = self._app
        if self.dialog is None:
            from desktop_notifier.ui.settings_dialog import SettingsDialog

            dialog = SettingsDialog()
            dialog.sign_in_requested.connect(self._on_sign_in)
            dialog.sign_out_requested.connect(lambda: app.spawn(self._sign_out()))
            dialog.test_notification_requested.connect(
                lambda: app.show_notice(*app_text.test_toast())
            )
            dialog.accepted.connect(self._on_accepted)
            self.dialog = dialog
        dialog = self.dialog
        # The checkbox shows the real entry (the installer may have made it), and OK changes
        # the entry only when the user changed the checkbox.
        available = autostart.is_available()
        shown = app.settings
        if available:
            shown = replace(shown, start_at_login=autostart.is_enabled())
        self._start_at_login_shown = shown.start_at_login
        dialog.set_settings(shown)
        dialog.set_autostart_available(available)
        dialog.set_signed_in(app.account.tokens.email if app.account is not None else None)
        self.show_catchup_mode()
        bring_up(dialog)
        return dialog

    def show_catchup_mode(self) -> None:
        """The account page's line on how missed changes are read (exact or fallback)."""
        if self.dialog is not None:
            signed_in = self._app.account is not None
            self.dialog.set_catchup_mode(self._app.store.catchup_mode() if signed_in else None)

    def show_error(self, error: UserError) -> None:
        """Open the dialog with `error` as its sentence (a keyring problem is shown as such)."""
        dialog = self.open()
        text = describe(error, self._app.settings.language)
        if error.code == "keyring_unavailable":
            dialog.set_keyring_problem(text)
        else:
            dialog.set_error(text)

    def _on_sign_in(self, url: str, anon_key: str, email: str, password: str) -> None:
        self._app.spawn(self._sign_in(url, anon_key, email, password))

    async def _sign_in(self, url: str, anon_key: str, email: str, password: str) -> None:
        app, dialog = self._app, self.dialog
        assert dialog is not None
        dialog.set_error(None)
        dialog.set_busy(True, app_text.signing_in())
        try:
            account = await sign_in_and_store(
                app.profile,
                app.secrets,
                url=url,
                anon_key=anon_key,
                email=email,
                password=password,
                allow_insecure_http=dialog.allow_insecure_http(),
            )
        except UserError as exc:
            dialog.set_busy(False)
            dialog.set_error(describe(exc, app.settings.language))
            if exc.code == "keyring_unavailable":
                dialog.set_keyring_problem(describe(exc, app.settings.language))
            return
        dialog.set_busy(False)
        dialog.clear_password()
        dialog.set_signed_in(account.tokens.email)
        await app.use_account(account)

    async def _sign_out(self) -> None:
        await self._app.sign_out()
        if self.dialog is not None:
            self.dialog.set_signed_in(None)

    def _on_accepted(self) -> None:
        assert self.dialog is not None
        try:
            chosen = self.dialog.settings()
        except ValueError:
            return  # the dialog keeps OK disabled while a value is invalid
        changed = chosen.start_at_login != self._start_at_login_shown
        self._app.apply_settings(chosen, start_at_login_changed=changed)

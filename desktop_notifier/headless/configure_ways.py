"""`desktop-notifier configure`'s ways to sign in: a password read from stdin, a code e-mailed
to the user and read from stdin, or the browser with one of the project's OAuth providers.

Prompts and the sign-in address go to stderr, so stdout keeps only the result line; nothing
secret is echoed. The browser way opens the system browser unless `--no-open` (then the address
is only printed; it must be opened on this computer, since the answer comes to 127.0.0.1).
"""

from __future__ import annotations

import argparse
import sys
import webbrowser

from desktop_notifier.common.errors import UserError
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.sync import oauth, otp
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.signin import sign_in_and_store
from desktop_notifier.system.proxy_settings import system_route

PROMPTS = {
    "code": {
        "pt_BR": "Código enviado para {email}. Digite os 6 números do e-mail:",
        "en": "Code sent to {email}. Type the 6 digits from the e-mail:",
    },
    "browser": {
        "pt_BR": "Conclua a entrada no navegador ({provider}). Endereço:\n{url}",
        "en": "Finish signing in in the browser ({provider}). Address:\n{url}",
    },
}


def _say(kind: str, language: str, **values: str) -> None:
    table = PROMPTS[kind]
    print(table.get(language, table["en"]).format(**values), file=sys.stderr, flush=True)


async def sign_in(
    args: argparse.Namespace, profile: Profile, secrets: SecretStore, language: str
) -> Account:
    insecure = bool(args.allow_insecure_http)
    if args.browser:
        return await _browser(args, profile, secrets, language)
    email = args.email or ""
    if not email.strip():
        raise UserError("missing_field", field="--email")
    if args.email_code:
        await otp.send_code(args.url, args.anon_key, email, allow_insecure_http=insecure)
        _say("code", language, email=email.strip())
        return await otp.sign_in_with_code(
            profile,
            secrets,
            url=args.url,
            anon_key=args.anon_key,
            email=email,
            code=sys.stdin.readline(),
            allow_insecure_http=insecure,
        )
    return await sign_in_and_store(
        profile,
        secrets,
        url=args.url,
        anon_key=args.anon_key,
        email=email,
        password=sys.stdin.readline().rstrip("\r\n"),
        allow_insecure_http=insecure,
        system_proxy=system_route,
    )


async def _browser(
    args: argparse.Namespace, profile: Profile, secrets: SecretStore, language: str
) -> Account:
    insecure = bool(args.allow_insecure_http)
    provider = str(args.browser).strip().lower()
    enabled = await oauth.enabled_providers(args.url, args.anon_key, allow_insecure_http=insecure)
    if provider not in enabled:
        shown = ", ".join(enabled) or "-"
        raise UserError("provider_not_enabled", provider=provider, enabled=shown)

    def show(url: str) -> None:
        _say("browser", language, provider=oauth.provider_name(provider), url=url)
        if not args.no_open:
            webbrowser.open(url)

    return await oauth.browser_sign_in(
        profile,
        secrets,
        url=args.url,
        anon_key=args.anon_key,
        provider=provider,
        open_browser=show,
        allow_insecure_http=insecure,
    )

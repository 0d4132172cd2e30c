"""Command line: global options (`--profile`, `--demo`, `--debug`, `--language`), the tray app
(no subcommand, optionally with `calls-notifier://call/<id>` links to open) and the subcommands
`configure` and `watch`. It only parses argv and hands over; the wiring lives in the commands'
own modules."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from desktop_notifier import version
from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.common.languages import LANGUAGES
from desktop_notifier.common.live_sources import SOURCES
from desktop_notifier.profile import keyring_process, logs
from desktop_notifier.profile.credentials import KeyringSecrets, SecretStore, run_in_child
from desktop_notifier.profile.directory import Profile, resolve
from desktop_notifier.profile.log_hygiene import install_excepthooks
from desktop_notifier.system.deeplink import split_links

EXIT_ERROR = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desktop-notifier",
        description="Calls Notifier: desktop alerts for your team's sales calls.",
        epilog="Without a command, starts the tray app (or, if it is already running, hands it "
        "the calls-notifier://call/<id> links given and exits).",
    )
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    parser.add_argument(
        "--profile", metavar="DIR", help="profile directory (settings, store, logs)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start a local stand-in with simulated calls and use a throwaway profile",
    )
    parser.add_argument("--debug", action="store_true", help="verbose logging")
    parser.add_argument("--language", choices=LANGUAGES, help="language of messages")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    configure = commands.add_parser(
        "configure", help="sign in and store the credentials, or choose the live source"
    )
    configure.add_argument("--url", help="Supabase project URL (required to sign in)")
    configure.add_argument(
        "--anon-key", help="the project's anon (public) key (required to sign in)"
    )
    configure.add_argument("--email", help="the account's e-mail (not for --browser)")
    configure.add_argument(
        "--source",
        choices=SOURCES,
        help="what carries live changes (default postgres-changes; broadcast needs "
        "resources/sql/006_broadcast.sql on the server, ably 007_ably_outbox.sql, its "
        "publisher and the ably-token endpoint); alone, only this is changed",
    )
    way = configure.add_mutually_exclusive_group()
    way.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    way.add_argument(
        "--email-code",
        action="store_true",
        help="e-mail a 6-digit sign-in code to --email, then read it from stdin",
    )
    way.add_argument(
        "--browser",
        metavar="PROVIDER",
        help="sign in in the browser with an OAuth provider the project enables (google, azure…)",
    )
    configure.add_argument(
        "--no-open",
        action="store_true",
        help="with --browser: only print the sign-in address (open it in a browser on this "
        "computer)",
    )
    configure.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="accept a self-hosted server at a plain http:// address other than localhost "
        "(INSECURE: the password and the calls' data travel unencrypted)",
    )

    watch = commands.add_parser("watch", help="run without a GUI, printing one line per alert")
    watch.add_argument("--json", action="store_true", help="one JSON object per alert")

    commands.add_parser("diagnose", help="print what support needs (secrets redacted)")
    return parser


def _language(args: argparse.Namespace, profile: Profile) -> str:
    from desktop_notifier.profile import settings as settings_file

    return str(args.language or settings_file.load(profile.directory).language)


async def _configure(args: argparse.Namespace, profile: Profile, secrets: SecretStore) -> int:
    from desktop_notifier.headless.configure_source import apply_source
    from desktop_notifier.headless.configure_ways import sign_in

    signs_in = args.url or args.anon_key or args.password_stdin or args.email_code or args.browser
    if args.source and not signs_in:
        print(apply_source(profile, args.source))
        return 0
    for value, option in ((args.url, "--url"), (args.anon_key, "--anon-key")):
        if not value:
            raise UserError("missing_field", field=option)
    if not (args.password_stdin or args.email_code or args.browser):
        raise UserError("missing_field", field="--password-stdin | --email-code | --browser")
    account = await sign_in(args, profile, secrets, _language(args, profile))
    await account.close()
    if args.source:
        print(apply_source(profile, args.source))
    if _language(args, profile) == "en":
        print(f"Signed in as {account.tokens.email} at {account.url}.")
    else:
        print(f"Conectado como {account.tokens.email} em {account.url}.")
    return 0


async def _watch(args: argparse.Namespace, profile: Profile, secrets: SecretStore) -> int:
    from desktop_notifier.headless import watch

    return await watch(profile, secrets, as_json=bool(args.json))


async def _diagnose(args: argparse.Namespace, profile: Profile, secrets: SecretStore) -> int:
    from desktop_notifier.sync.diagnose import collect

    print(await collect(profile), end="")
    return 0


async def _with_demo(
    args: argparse.Namespace,
    run: Callable[[argparse.Namespace, Profile, SecretStore], Awaitable[int]],
) -> int:
    from desktop_notifier.app.demo import DemoStack, signed_in_profile

    stack = await DemoStack.start()
    try:
        import tempfile  # (only the demo needs it; start-up does not pay for it)

        with tempfile.TemporaryDirectory(prefix="calls-notifier-demo-") as tmp:
            profile, secrets = await signed_in_profile(stack, tmp)
            return await run(args, profile, secrets)
    finally:
        await stack.stop()


def parse_command_line(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> tuple[argparse.Namespace, list[str]]:
    """The options and the links of `argv`. With a link, nothing else counts (see
    `split_links`): the tray app starts on the profile of the environment, or the default."""
    links, rest = split_links(argv)
    return parser.parse_args(rest), links


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    if given[:1] == [keyring_process.FLAG]:  # a child of the app, for one keyring call
        return keyring_process.serve(run_in_child)
    parser = build_parser()
    args, links = parse_command_line(parser, given)
    if (args.version or args.command is not None) and sys.stdout is None:
        from desktop_notifier.system.windowed_stdio import (
            ensure_stdio,  # the windowed Windows build
        )

        ensure_stdio()
    if args.version:  # read only when asked: the metadata lookup costs start-up time
        print(f"{parser.prog} {version()}")
        return 0
    os.umask(0o077)  # whatever this process creates is the user's alone (the instance lock too)
    profile = resolve(args.profile).ensure()
    logs.setup(None if args.demo else profile.log_dir, debug=args.debug)
    install_excepthooks()  # an exception in a Qt slot is logged (redacted), not printed raw
    if len(given) > len(links) > 0:
        import logging

        logging.getLogger(__name__).warning(
            "ignored %d argument(s) given with a link", len(given) - len(links)
        )
    if args.command is None:
        from desktop_notifier.app.launcher import run as run_gui

        return run_gui(
            profile, KeyringSecrets(profile.keyring_namespace), demo=args.demo, links=links
        )
    runners = {"configure": _configure, "watch": _watch, "diagnose": _diagnose}
    run = runners[args.command]

    def command() -> Coroutine[Any, Any, int]:
        if args.demo:
            return _with_demo(args, run)
        return run(args, profile, KeyringSecrets(profile.keyring_namespace))

    try:
        if args.command == "watch":  # its sleep and network watchers are Qt objects
            from desktop_notifier.headless.qt_loop import run_on_qt_loop

            return run_on_qt_loop(command)
        return asyncio.run(command())
    except UserError as exc:
        print(describe(exc, _language(args, profile)), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130

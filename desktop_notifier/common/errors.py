"""Every error a person may see, as one sentence in their language saying what happened and
what to do next. Code raises `UserError(ErrorCode.X, **params)`; the UI and the CLI call `describe`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Every kind of user-facing error; the one vocabulary code compares and raises."""

    WRONG_CREDENTIALS = "wrong_credentials"
    BAD_ANON_KEY = "bad_anon_key"
    ANON_KEY_REJECTED = "anon_key_rejected"
    REALTIME_DISABLED = "realtime_disabled"
    PRIVATE_CHANNELS_ONLY = "private_channels_only"
    ABLY_NOT_SET_UP = "ably_not_set_up"
    ABLY_CHANNEL_DENIED = "ably_channel_denied"
    RATE_LIMITED = "rate_limited"
    CHANNEL_REFUSED = "channel_refused"
    UNREACHABLE = "unreachable"
    BAD_URL = "bad_url"
    INSECURE_URL = "insecure_url"
    REDIRECT_REFUSED = "redirect_refused"
    URL_CREDENTIALS = "url_credentials"
    PROXY_AUTH = "proxy_auth"
    PROXY_UNREACHABLE = "proxy_unreachable"
    SERVER_ERROR = "server_error"
    SESSION_EXPIRED = "session_expired"
    NOT_CONFIGURED = "not_configured"
    KEYRING_UNAVAILABLE = "keyring_unavailable"
    SERVICE_ROLE_KEY = "service_role_key"
    NOT_ANON_KEY = "not_anon_key"
    MISSING_FIELD = "missing_field"
    STORE_MOVED_ASIDE = "store_moved_aside"
    COMMENTS_TABLE_MISSING = "comments_table_missing"
    CALL_NOT_FOUND = "call_not_found"
    CODE_INVALID = "code_invalid"
    NO_ACCOUNT = "no_account"
    BROWSER_SIGN_IN_FAILED = "browser_sign_in_failed"
    BROWSER_SIGN_IN_TIMEOUT = "browser_sign_in_timeout"
    PROVIDER_NOT_ENABLED = "provider_not_enabled"


MESSAGES: dict[ErrorCode, dict[str, str]] = {
    ErrorCode.WRONG_CREDENTIALS: {
        "pt_BR": "E-mail ou senha incorretos. Confira os dados e tente de novo.",
        "en": "Wrong email or password. Check them and try again.",
    },
    ErrorCode.BAD_ANON_KEY: {
        "pt_BR": "O servidor recusou a chave anon. Copie-a de novo em Supabase → Project "
        "Settings → API.",
        "en": "The server refused the anon key. Copy it again from Supabase → Project "
        "Settings → API.",
    },
    ErrorCode.ANON_KEY_REJECTED: {
        "pt_BR": "A chave do projeto foi recusada — confira a chave anon nas configurações.",
        "en": "The project's key was refused — check the anon key in the settings.",
    },
    ErrorCode.REALTIME_DISABLED: {
        "pt_BR": "O servidor recusou a conexão em tempo real (HTTP 403) — confira no painel do "
        "Supabase se o Realtime está ativo neste projeto.",
        "en": "The server refused the realtime connection (HTTP 403) — check in the Supabase "
        "dashboard that Realtime is enabled for this project.",
    },
    ErrorCode.ABLY_NOT_SET_UP: {
        "pt_BR": "Este projeto não tem o endpoint de tokens do Ably (a função ably-token). Peça "
        "ao administrador para configurá-lo (README, “ably”) ou escolha outra fonte ao vivo nas "
        "configurações (Geral).",
        "en": "This project has no Ably token endpoint (the ably-token function). Ask the "
        "administrator to set it up (README, “ably”) or choose another live source in the "
        "settings (General).",
    },
    ErrorCode.ABLY_CHANNEL_DENIED: {
        "pt_BR": "O Ably recusou o canal das suas calls: o token do projeto não permite "
        "recebê-lo ({detail}). Peça ao administrador para conferir a função ably-token.",
        "en": "Ably refused the channel of your calls: the project's token does not allow "
        "receiving it ({detail}). Ask the administrator to check the ably-token function.",
    },
    ErrorCode.PRIVATE_CHANNELS_ONLY: {
        "pt_BR": "Este projeto aceita apenas canais privados — escolha a fonte ao vivo "
        "“broadcast” nas configurações (Geral) depois de aplicar resources/sql/006_broadcast.sql "
        "no projeto, ou permita o acesso público em Realtime → Settings no painel do Supabase.",
        "en": "This project accepts only private channels — choose the “broadcast” live source "
        "in the settings (General) after applying resources/sql/006_broadcast.sql to the "
        "project, or allow public access under Realtime → Settings in the Supabase dashboard.",
    },
    ErrorCode.RATE_LIMITED: {
        "pt_BR": "O servidor está recusando conexões por excesso de uso (HTTP 429); nova "
        "tentativa em alguns instantes.",
        "en": "The server is refusing connections for now (too many, HTTP 429); retrying in a "
        "while.",
    },
    ErrorCode.CHANNEL_REFUSED: {
        "pt_BR": "O servidor recusou o canal em tempo real ({detail}); nova tentativa em "
        "instantes.",
        "en": "The server refused the realtime channel ({detail}); retrying in a moment.",
    },
    ErrorCode.UNREACHABLE: {
        "pt_BR": "Não foi possível conectar a {url}. Verifique o endereço e a sua conexão.",
        "en": "Could not connect to {url}. Check the address and your connection.",
    },
    ErrorCode.BAD_URL: {
        "pt_BR": "O endereço do Supabase deve começar com https:// (ex.: https://xyz.supabase.co).",
        "en": "The Supabase address must start with https:// (e.g. https://xyz.supabase.co).",
    },
    ErrorCode.INSECURE_URL: {
        "pt_BR": "Endereços http:// não são criptografados e só são aceitos para localhost: use "
        "https:// ou, num servidor próprio, marque “Permitir servidor sem criptografia "
        "(http://)” (na linha de comando, --allow-insecure-http).",
        "en": "http:// addresses are not encrypted and are only accepted for localhost: use "
        "https:// or, for a self-hosted server, tick “Allow a server without encryption "
        "(http://)” (on the command line, --allow-insecure-http).",
    },
    ErrorCode.REDIRECT_REFUSED: {
        "pt_BR": "O servidor redirecionou para outro endereço ({target}); por segurança o app "
        "não segue redirecionamentos — confira a URL do projeto.",
        "en": "The server redirected to another address ({target}); for your security the app "
        "does not follow redirects — check the project URL.",
    },
    ErrorCode.PROXY_AUTH: {
        "pt_BR": "O proxy recusou o usuário ou a senha: confira-os nas configurações.",
        "en": "The proxy refused the user name or password: check them in the settings.",
    },
    ErrorCode.PROXY_UNREACHABLE: {
        "pt_BR": "Não foi possível conectar pelo proxy {proxy}. Confira o endereço do proxy "
        "nas configurações ou escolha “nenhum”.",
        "en": "Could not connect through the proxy {proxy}. Check the proxy address in the "
        "settings or choose “none”.",
    },
    ErrorCode.URL_CREDENTIALS: {
        "pt_BR": "O endereço do Supabase não pode conter usuário ou senha (usuário:senha@): "
        "apague essa parte e use só https://xyz.supabase.co.",
        "en": "The Supabase address must not contain a user name or password (user:password@): "
        "remove that part and use just https://xyz.supabase.co.",
    },
    ErrorCode.SERVER_ERROR: {
        "pt_BR": "O servidor respondeu com um erro ({detail}). Tente de novo em instantes.",
        "en": "The server answered with an error ({detail}). Try again in a moment.",
    },
    ErrorCode.SESSION_EXPIRED: {
        "pt_BR": "Sua sessão expirou. Entre novamente nas configurações.",
        "en": "Your session has expired. Sign in again in the settings.",
    },
    ErrorCode.NOT_CONFIGURED: {
        "pt_BR": "Nenhuma conta configurada. Rode 'desktop-notifier configure' ou abra as "
        "configurações.",
        "en": "No account is configured. Run 'desktop-notifier configure' or open the settings.",
    },
    ErrorCode.KEYRING_UNAVAILABLE: {
        "pt_BR": "O chaveiro do sistema não está disponível ({detail}). Desbloqueie-o ou "
        "instale um (ex.: GNOME Keyring); nenhum segredo foi salvo em texto puro.",
        "en": "The system keyring is not available ({detail}). Unlock it or install one "
        "(e.g. GNOME Keyring); no secret was saved in plain text.",
    },
    ErrorCode.SERVICE_ROLE_KEY: {
        "pt_BR": "Esta é a chave service_role: ela ignora a segurança por linha (RLS) e nunca "
        "deve ficar num computador. Use a chave anon (pública).",
        "en": "This is the service_role key: it bypasses row-level security and must never be "
        "put on a desktop. Use the anon (public) key.",
    },
    ErrorCode.NOT_ANON_KEY: {
        "pt_BR": "Esta não é a chave anon (pública) do projeto. Copie a chave anon ou a chave "
        "publicável (sb_publishable_…) em Supabase → Project Settings → API.",
        "en": "This is not the project's anon (public) key. Copy the anon key or the "
        "publishable key (sb_publishable_…) from Supabase → Project Settings → API.",
    },
    ErrorCode.MISSING_FIELD: {
        "pt_BR": "Preencha o campo {field}.",
        "en": "Fill in the {field} field.",
    },
    ErrorCode.STORE_MOVED_ASIDE: {
        "pt_BR": "O histórico local estava corrompido e foi guardado como {path}; um novo foi "
        "criado.",
        "en": "The local history was corrupt and was kept as {path}; a new one was created.",
    },
    ErrorCode.COMMENTS_TABLE_MISSING: {
        "pt_BR": "Este projeto não tem a tabela call_comments "
        "(resources/sql/005_views_comments.sql): nenhum alerta de comentário até ela existir. "
        "Os outros alertas seguem.",
        "en": "This project has no call_comments table (resources/sql/005_views_comments.sql): "
        "no comment alerts until it exists. Every other alert goes on.",
    },
    ErrorCode.CODE_INVALID: {
        "pt_BR": "Código incorreto ou expirado. Peça um novo código e digite os 6 números do "
        "e-mail mais recente.",
        "en": "Wrong or expired code. Ask for a new code and type the 6 digits from the most "
        "recent e-mail.",
    },
    ErrorCode.NO_ACCOUNT: {
        "pt_BR": "Não há conta com este e-mail neste projeto. Confira o e-mail ou peça acesso "
        "ao administrador.",
        "en": "There is no account with this e-mail in this project. Check the e-mail or ask "
        "the administrator for access.",
    },
    ErrorCode.BROWSER_SIGN_IN_FAILED: {
        "pt_BR": "A entrada pelo navegador não foi concluída ({detail}). Tente de novo.",
        "en": "The sign-in in the browser did not complete ({detail}). Try again.",
    },
    ErrorCode.BROWSER_SIGN_IN_TIMEOUT: {
        "pt_BR": "O navegador não devolveu a entrada a tempo. Clique de novo e conclua a "
        "entrada na janela do navegador.",
        "en": "The browser did not hand the sign-in back in time. Click again and finish "
        "signing in in the browser window.",
    },
    ErrorCode.PROVIDER_NOT_ENABLED: {
        "pt_BR": "Este projeto não permite entrar com {provider}; permitidos: {enabled}.",
        "en": "This project does not allow signing in with {provider}; allowed: {enabled}.",
    },
    ErrorCode.CALL_NOT_FOUND: {
        "pt_BR": "Esta call não existe mais ou você não tem acesso a ela.",
        "en": "This call no longer exists or you do not have access to it.",
    },
}


class UserError(Exception):
    """An error with a user-facing sentence. `str()` gives the English sentence (for logs)."""

    def __init__(self, code: ErrorCode | str, **params: Any) -> None:
        """`code`: an `ErrorCode` (its string value is accepted too; an unknown one raises
        ValueError)."""
        try:
            self.code = ErrorCode(code)
        except ValueError:
            raise ValueError(f"unknown error code {code!r}") from None
        self.params = params
        super().__init__(describe_code(self.code, "en", params))


def describe_code(code: ErrorCode, language: str, params: dict[str, Any]) -> str:
    table = MESSAGES[code]
    return table.get(language, table["en"]).format(**params)


def describe(error: UserError, language: str) -> str:
    return describe_code(error.code, language, error.params)

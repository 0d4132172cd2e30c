"""Which proxy, if any, a connection to a URL goes through: `ProxyRoute`.

One route serves every connection the app makes (PostgREST, Auth and the Realtime websocket),
so they all take the same path. It is built once from the user's choice ("do sistema",
"nenhum", "manual"): the system's is the `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY`
environment first, then the OS settings (read by `system.proxy_settings`). Proxy credentials
travel inside the proxy URL given to the HTTP and websocket clients (basic authentication);
`shown()` is the only form that may reach a log or the screen.
"""

from __future__ import annotations

import ipaddress
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, replace

SECURE_SCHEMES = frozenset({"https", "wss"})


@dataclass(frozen=True)
class ProxyRoute:
    """`http`: the proxy for http:// and ws:// URLs; `https`: for https:// and wss://.
    `bypass`: NO_PROXY-style entries (a host, a `.domain` suffix, an IP network, `*`)."""

    http: str | None = None
    https: str | None = None
    bypass: tuple[str, ...] = ()
    source: str = "none"  # where it came from, for the diagnostics

    @classmethod
    def direct(cls) -> ProxyRoute:
        return cls()

    @classmethod
    def single(cls, url: str, bypass: tuple[str, ...] = (), source: str = "manual") -> ProxyRoute:
        """One proxy for every scheme (the settings' manual choice)."""
        url = with_scheme(url)
        return cls(http=url, https=url, bypass=bypass, source=source)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ProxyRoute:
        """`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY` (either case; the lower case
        wins, like curl and urllib)."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name.lower()) or env.get(name.upper())
            return with_scheme(value.strip()) if value and value.strip() else None

        fallback = get("all_proxy")
        http = get("http_proxy") or fallback
        https = get("https_proxy") or fallback
        bypass = split_bypass(env.get("no_proxy") or env.get("NO_PROXY") or "")
        if http is None and https is None:
            return cls(bypass=bypass)
        return cls(http=http, https=https, bypass=bypass, source="environment")

    @property
    def empty(self) -> bool:
        return self.http is None and self.https is None

    def with_credentials(self, user: str, password: str) -> ProxyRoute:
        """The same route with `user:password@` put into proxy URLs that carry none."""
        if not user:
            return self
        return replace(
            self,
            http=_add_userinfo(self.http, user, password),
            https=_add_userinfo(self.https, user, password),
        )

    def for_url(self, url: str) -> str | None:
        """The proxy URL to reach `url` through, or None to connect directly."""
        parts = urllib.parse.urlsplit(url)
        if bypassed(parts.hostname or "", parts.port, self.bypass):
            return None
        return self.https if parts.scheme.lower() in SECURE_SCHEMES else self.http

    def shown(self) -> str:
        """A description without credentials: "http://proxy:3128 (environment)"."""
        urls = sorted({hide_userinfo(u) for u in (self.http, self.https) if u})
        return f"{', '.join(urls)} ({self.source})" if urls else "direct"


def with_scheme(url: str) -> str:
    """`proxy:3128` → `http://proxy:3128` (what most proxy settings omit)."""
    return url if "://" in url else f"http://{url}"


def split_bypass(text: str) -> tuple[str, ...]:
    return tuple(p.strip().lower() for p in text.replace(";", ",").split(",") if p.strip())


def hide_userinfo(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _add_userinfo(url: str | None, user: str, password: str) -> str | None:
    if url is None:
        return None
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        return url
    quoted = urllib.parse.quote(user, safe="")
    if password:
        quoted += ":" + urllib.parse.quote(password, safe="")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{quoted}@{parts.netloc}"))


def bypassed(host: str, port: int | None, entries: tuple[str, ...]) -> bool:
    """NO_PROXY matching: `*`; a host or `host:port`; a domain (`corp.com` or `.corp.com`
    covers its subdomains); an IP address or network (`10.0.0.0/8`); `<local>` (Windows: a
    host name without a dot)."""
    host = host.lower().strip("[]")
    for entry in entries:
        if entry == "*":
            return True
        if entry == "<local>":
            if "." not in host and ":" not in host:
                return True
            continue
        name, _, entry_port = entry.rpartition(":") if _has_port(entry) else (entry, "", "")
        if entry_port and port is not None and entry_port != str(port):
            continue
        name = name.strip("[]")
        if _ip_match(host, name):
            return True
        name = name.lstrip("*").lstrip(".")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def _has_port(entry: str) -> bool:
    head, sep, tail = entry.rpartition(":")
    return bool(sep) and tail.isdigit() and (entry.count(":") == 1 or head.endswith("]"))


def _ip_match(host: str, entry: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
        network = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False
    return address in network

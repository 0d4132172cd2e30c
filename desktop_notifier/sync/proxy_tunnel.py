"""An HTTP CONNECT tunnel through a forward proxy, for the websocket.

websockets 15 tunnels through HTTP proxies itself but accepts only an `HTTP/1.1` answer to
CONNECT (its `http11.Response.parse`), while common proxies answer `HTTP/1.0 200 Connection
established` (tinyproxy; many appliances): through them the websocket would never open. So
the tunnel is opened here, any HTTP/1.x answer accepted, and the connected socket handed to
websockets (`sock=`), which does TLS (wss://) and the upgrade over it as usual. Basic
authentication comes from the proxy URL's user info. A refusal raises `TunnelRefused` with the
proxy's status (407: it wants other credentials; 403: CONNECT to that port is not allowed).
"""

from __future__ import annotations

import asyncio
import base64
import re
import socket
import urllib.parse

MAX_HEADER = 65536
STATUS_LINE = re.compile(rb"^HTTP/1\.[01] (\d{3})")


class TunnelRefused(Exception):
    """The proxy answered CONNECT with something other than 200."""

    def __init__(self, status: int) -> None:
        super().__init__(f"the proxy refused the tunnel (HTTP {status})")
        self.status = status


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def connect_request(proxy_url: str, host: str, port: int) -> bytes:
    parts = urllib.parse.urlsplit(proxy_url)
    target = _authority(host, port)
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        lines.append(f"Proxy-Authorization: Basic {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def open_tunnel(proxy_url: str, host: str, port: int) -> socket.socket:
    """A socket connected to `host:port` through the http:// proxy `proxy_url`. The caller
    bounds the time (websockets' `open_timeout` covers it)."""
    parts = urllib.parse.urlsplit(proxy_url)
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(parts.hostname, parts.port or 80, type=socket.SOCK_STREAM)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, address)
        await loop.sock_sendall(sock, connect_request(proxy_url, host, port))
        answer = b""
        while b"\r\n\r\n" not in answer:  # the server says nothing before our upgrade
            chunk = await loop.sock_recv(sock, 4096)
            if not chunk:
                raise ConnectionError("the proxy closed the connection during CONNECT")
            answer += chunk
            if len(answer) > MAX_HEADER:
                raise ConnectionError("the proxy's answer to CONNECT is too long")
        match = STATUS_LINE.match(answer)
        if match is None:
            raise ConnectionError("the proxy's answer to CONNECT is not HTTP")
        status = int(match.group(1))
        if status != 200:
            raise TunnelRefused(status)
    except BaseException:
        sock.close()
        raise
    return sock

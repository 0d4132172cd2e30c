"""A hostile redirect for the tests: `Redirector` answers every request with a 307 to a plain
http:// `Listener` on 127.0.0.2 (another machine to the URL check) that records whatever reaches
it. The redirector speaks https with a self-signed certificate the test trusts through
`SSL_CERT_FILE` (httpx honours it), or plain http for the websocket."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LISTENER_HOST = "127.0.0.2"


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key: (cert.pem, key.pem)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Seen:
    """What one server received: one `method path` line, headers and body per request."""

    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, text: str) -> None:
        with self.lock:
            self.requests.append(text)

    def all(self) -> list[str]:
        with self.lock:
            return list(self.requests)


def _handler(seen: Seen, redirect_to: str | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # websockets reads nothing older

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode(errors="replace") if length else ""
            seen.add(f"{self.command} {self.path}\n{self.headers}\n{body}")
            if redirect_to is None:
                self.send_response(503)
                self.send_header("Content-Length", "0")
            else:
                self.send_response(307)
                self.send_header("Location", redirect_to + self.path)
                self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def _serving(server: ThreadingHTTPServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@dataclass
class Redirect:
    url: str  # the redirecting server, the "project URL"
    target: str  # the listener's origin, where it redirects
    redirector: Seen  # what the redirecting server received
    listener: Seen  # what reached the listener (must stay empty)


@contextmanager
def hostile_redirect(
    cert: tuple[Path, Path] | None = None, *, target_scheme: str = "http"
) -> Iterator[Redirect]:
    """A redirector on 127.0.0.1 (https with `cert`, else http) that answers every request
    with a 307 to the same path on a recording plain listener on 127.0.0.2, named with
    `target_scheme` (`ws` to redirect a websocket)."""
    listener_seen, redirector_seen = Seen(), Seen()
    listener = ThreadingHTTPServer((LISTENER_HOST, 0), _handler(listener_seen, None))
    target = f"{target_scheme}://{LISTENER_HOST}:{listener.server_address[1]}"
    redirector = ThreadingHTTPServer(("127.0.0.1", 0), _handler(redirector_seen, target))
    scheme = "http"
    if cert is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*cert)
        redirector.socket = context.wrap_socket(redirector.socket, server_side=True)
        scheme = "https"
    url = f"{scheme}://127.0.0.1:{redirector.server_address[1]}"
    with _serving(listener), _serving(redirector):
        yield Redirect(url, target, redirector_seen, listener_seen)

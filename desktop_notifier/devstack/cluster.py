"""A private, throwaway PostgreSQL cluster for the stand-in and its tests.

Owns the cluster's whole life: ``initdb`` once into a data directory (a temporary one by
default, removed on stop; an existing cluster is reused), starting ``postgres`` as a child
process on a free port with logical decoding on, removing a stale ``postmaster.pid`` left by
a killed run, and stopping it again. The server is tied to its parent: if the parent dies
(even by SIGKILL) the kernel tells PostgreSQL to shut down, so no server is left behind.

No local user but us can get in: every connection (TCP on 127.0.0.1, and the unix socket inside
the 0700 data directory) needs the superuser's password (scram-sha-256), a random secret kept
in the data directory (``devstack-password``, 0600) so a restart on the same data finds it; a
cluster made before (``trust``) gets one and a new ``pg_hba.conf`` at its next start.

PostgreSQL refuses to run as root; as root the cluster runs as the OS user ``postgres``.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import psycopg

log = logging.getLogger(__name__)

PGBIN = Path(os.environ.get("DEVSTACK_PGBIN", "/usr/lib/postgresql/15/bin"))
_PR_SET_PDEATHSIG = 1
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes including ".s.PGSQL.NNNNN"
PASSWORD_FILE = "devstack-password"
# Password authentication for every connection; nothing is trusted because it is local.
_HBA = """# Written by the stand-in at each start (desktop_notifier/devstack/cluster.py).
local all         all               scram-sha-256
host  all         all  127.0.0.1/32 scram-sha-256
host  all         all  ::1/128      scram-sha-256
local replication all               scram-sha-256
host  replication all  127.0.0.1/32 scram-sha-256
"""


class ClusterError(RuntimeError):
    """PostgreSQL could not be initialised or started."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """Run in the child before exec: shut PostgreSQL down fast when the parent dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGINT, 0, 0, 0)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PostgresCluster:
    """Start/stop a private PostgreSQL 15 cluster; use as a context manager in tests."""

    def __init__(self, data_dir: Path | str | None = None, *, port: int = 0) -> None:
        self._temp_root: Path | None = None
        if data_dir is None:
            self._temp_root = Path(tempfile.mkdtemp(prefix="devstack-pg-"))
            data_dir = self._temp_root / "data"
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self._proc: subprocess.Popen[bytes] | None = None
        self._user = self._run_as()
        self.password = ""

    @property
    def dsn(self) -> str:
        """libpq connection string of the superuser ``postgres`` (TCP, 127.0.0.1, password)."""
        return (
            f"host=127.0.0.1 port={self.port} user=postgres password={self.password} "
            "dbname=postgres"
        )

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def log_path(self) -> Path:
        return self.data_dir / "devstack-postgres.log"

    def __enter__(self) -> PostgresCluster:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @staticmethod
    def _run_as() -> tuple[int, int] | None:
        """(uid, gid) of the OS user `postgres` when we are root; None otherwise. `pwd` is
        imported here: it is Unix-only, and the tests import this module on every OS."""
        if sys.platform == "win32" or os.geteuid() != 0:
            return None
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError as e:
            raise ClusterError("running as root needs an OS user 'postgres'") from e
        return user.pw_uid, user.pw_gid

    def _popen_user(self) -> dict[str, object]:
        if self._user is None:
            return {}
        return {"user": self._user[0], "group": self._user[1], "extra_groups": []}

    def _prepare_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._user is not None:
            for path in (self.data_dir, *([self._temp_root] if self._temp_root else [])):
                os.chown(path, *self._user)  # type: ignore[attr-defined, unused-ignore]  # Unix only, as is the stand-in
            probe = subprocess.run(
                ["test", "-w", str(self.data_dir)], check=False, **self._popen_user()
            )  # type: ignore[call-overload]
            if probe.returncode != 0:
                raise ClusterError(
                    f"the OS user 'postgres' cannot reach {self.data_dir}; "
                    "use a directory under /tmp or make its parents traversable"
                )
        os.chmod(self.data_dir, 0o700)

    def _initdb(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        log.info("initdb %s", self.data_dir)
        password = secrets.token_hex(24)
        with tempfile.TemporaryDirectory(prefix="devstack-initdb-") as private:  # 0700
            pwfile = Path(private) / "pw"
            pwfile.write_text(password + "\n")
            if self._user is not None:
                for path in (Path(private), pwfile):
                    os.chown(path, *self._user)  # type: ignore[attr-defined, unused-ignore]  # Unix only, as is the stand-in
            cmd = [str(PGBIN / "initdb"), "-D", str(self.data_dir), "-U", "postgres"]
            cmd += ["--auth=scram-sha-256", f"--pwfile={pwfile}"]  # the secret never hits argv
            cmd += ["--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]
            done = subprocess.run(cmd, capture_output=True, check=False, **self._popen_user())  # type: ignore[call-overload]
        if done.returncode != 0:
            raise ClusterError(f"initdb failed: {done.stderr.decode(errors='replace')[-2000:]}")
        self._write_private(PASSWORD_FILE, password + "\n")

    def _write_private(self, name: str, text: str) -> None:
        """Write a file of the data directory, 0600 and owned by the cluster's OS user."""
        path = self.data_dir / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)  # type: ignore[attr-defined, unused-ignore]  # Unix only, as is the stand-in
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(path, 0o600)
        if self._user is not None:
            os.chown(path, *self._user)  # type: ignore[attr-defined, unused-ignore]  # Unix only, as is the stand-in

    def _secure(self) -> None:
        """Password authentication for every connection, with the secret of this data dir (a
        cluster without one, e.g. made with ``trust`` before, gets a new one now)."""
        self._write_private("pg_hba.conf", _HBA)
        secret = self.data_dir / PASSWORD_FILE
        with contextlib.suppress(FileNotFoundError):
            self.password = secret.read_text().strip()
        if self.password:
            return
        password = secrets.token_hex(24)
        log.info("setting a password on the superuser of %s", self.data_dir)
        cmd = [str(PGBIN / "postgres"), "--single", "-D", str(self.data_dir), "postgres"]
        done = subprocess.run(
            cmd, input=f"ALTER ROLE postgres PASSWORD '{password}'\n".encode(),
            capture_output=True, check=False, **self._popen_user(),
        )  # type: ignore[call-overload]  # fmt: skip
        if done.returncode != 0:
            raise ClusterError(f"could not set a password: {done.stderr.decode()[-2000:]}")
        self._write_private(PASSWORD_FILE, password + "\n")
        self.password = password

    def _clear_stale_pid(self) -> None:
        pidfile = self.data_dir / "postmaster.pid"
        if not pidfile.exists():
            return
        with contextlib.suppress(ValueError, IndexError, OSError):
            pid = int(pidfile.read_text().splitlines()[0])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes() if _pid_alive(pid) else b""
            if b"postgres" in cmdline and str(self.data_dir).encode() in cmdline:
                raise ClusterError(f"{self.data_dir} is in use by PostgreSQL pid {pid}")
        log.warning("removing stale %s", pidfile)
        pidfile.unlink(missing_ok=True)

    def _socket_dir(self) -> str:
        sock = self.data_dir / f".s.PGSQL.{self.port}"
        return str(self.data_dir) if len(str(sock)) <= _MAX_SOCKET_PATH else ""

    def start(self, timeout: float = 30.0) -> None:
        """initdb if needed and start the server; returns once it accepts connections.

        The server shuts down when the *thread* that called start() ends (parent-death
        signal), so call it from the main thread or another thread that outlives the cluster.
        """
        if self._proc is not None:
            return
        self._prepare_dir()
        self._initdb()
        self._clear_stale_pid()
        self._secure()
        for _attempt in range(3):
            self.port = self.port or free_port()
            if self._spawn(timeout):
                return
            self.port = 0
        raise ClusterError(f"PostgreSQL did not start; see {self.log_path}")

    def _spawn(self, timeout: float) -> bool:
        settings = {
            "port": str(self.port),
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": self._socket_dir(),
            "wal_level": "logical",
            "max_replication_slots": "20",
            "max_wal_senders": "10",
            "fsync": "off",
            # synchronous_commit stays on: logical decoding only sees flushed WAL, and with it off
            # a change would wait for the WAL writer (200 ms) before Realtime could send it.
            "full_page_writes": "off",
            "TimeZone": "UTC",
            "log_timezone": "UTC",
        }
        cmd = [str(PGBIN / "postgres"), "-D", str(self.data_dir)]
        for key, value in settings.items():
            cmd += ["-c", f"{key}={value}"]
        logfile = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        try:
            self._proc = subprocess.Popen(  # type: ignore[call-overload]
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=logfile,
                stderr=logfile,
                preexec_fn=_die_with_parent,
                start_new_session=True,
                **self._popen_user(),
            )
        finally:
            logfile.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                log.warning("postgres exited with %s; see %s", self._proc.returncode, self.log_path)
                self._proc = None
                return False
            try:
                with psycopg.connect(self.dsn, connect_timeout=2):
                    log.info("PostgreSQL ready on port %s (pid %s)", self.port, self._proc.pid)
                    return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        self.stop()
        raise ClusterError(f"PostgreSQL did not accept connections in {timeout:.0f} s")

    def stop(self, timeout: float = 15.0) -> None:
        """Fast shutdown (then immediate, then SIGKILL); remove a temporary data dir."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            for sig, wait in ((signal.SIGINT, timeout), (signal.SIGQUIT, 5.0)):  # type: ignore[attr-defined, unused-ignore]  # Unix only, as is the stand-in
                proc.send_signal(sig)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(wait)
                    break
            else:
                proc.kill()
                proc.wait()
        if self._temp_root is not None:
            shutil.rmtree(self._temp_root, ignore_errors=True)

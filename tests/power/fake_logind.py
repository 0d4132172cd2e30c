"""A test-side stand-in for systemd-logind on the private system bus.

It owns `org.freedesktop.login1`, answers `Manager.Inhibit` with the write end of a real pipe
(closing our copy once it is sent, so only the app holds it), emits `PrepareForSleep`
on request, and watches the read ends: end-of-file means the app let go of its inhibitor.
Runs in a thread (jeepney, blocking); the test's thread only reads the records.
"""

from __future__ import annotations

import os
import queue
import select
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType

from jeepney import DBusAddress, HeaderFields, Message, MessageType
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import new_error, new_method_return, new_signal

NAME = "org.freedesktop.login1"
MANAGER = DBusAddress("/org/freedesktop/login1", interface="org.freedesktop.login1.Manager")


@dataclass
class Inhibitor:
    what: str
    who: str
    why: str
    mode: str
    taken_at: float
    read_end: int = field(repr=False)
    released_at: float | None = None

    @property
    def released(self) -> bool:
        return self.released_at is not None


class FakeLogind:
    def __init__(self, address: str) -> None:
        self._address = address
        self._conn: DBusConnection | None = None
        self._thread = threading.Thread(target=self._serve, name="fake-logind", daemon=True)
        self._stopping = threading.Event()
        self._outbox: queue.Queue[bool] = queue.Queue()
        self._lock = threading.Lock()
        self._inhibitors: list[Inhibitor] = []
        self._signals: list[tuple[bool, float]] = []
        self.error: BaseException | None = None

    # --- what the test reads ---------------------------------------------------------------

    @property
    def inhibitors(self) -> list[Inhibitor]:
        with self._lock:
            return list(self._inhibitors)

    def held(self) -> list[Inhibitor]:
        return [i for i in self.inhibitors if not i.released]

    def sent_at(self, active: bool) -> float:
        """When the last PrepareForSleep(active) went out."""
        with self._lock:
            return [t for a, t in self._signals if a is active][-1]

    def prepare_for_sleep(self, active: bool) -> None:
        self._outbox.put(active)

    # --- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> FakeLogind:
        self._conn = open_dbus_connection(bus=self._address, enable_fds=True)
        reply = self._conn.send_and_get_reply(message_bus.RequestName(NAME, 4), timeout=5)
        assert reply.body == (1,), f"could not own {NAME}: {reply.body}"
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stopping.set()
        self._thread.join(5)
        assert self._conn is not None
        # Give the name back synchronously, so the next test's watcher cannot still see us.
        self._conn.send_and_get_reply(message_bus.ReleaseName(NAME), timeout=5)
        self._conn.close()
        for inhibitor in self.inhibitors:
            if not inhibitor.released:
                os.close(inhibitor.read_end)

    # --- the thread ------------------------------------------------------------------------

    def _serve(self) -> None:
        assert self._conn is not None
        try:
            while not self._stopping.is_set():
                self._send_signals(self._conn)
                try:
                    message = self._conn.receive(timeout=0.005)
                except TimeoutError:
                    pass
                else:
                    self._handle(self._conn, message)
                self._watch_releases()
        except BaseException as exc:  # surfaced to the test through .error
            self.error = exc

    def _send_signals(self, conn: DBusConnection) -> None:
        while True:
            try:
                active = self._outbox.get_nowait()
            except queue.Empty:
                return
            conn.send(new_signal(MANAGER, "PrepareForSleep", "b", (active,)))
            with self._lock:
                self._signals.append((active, time.monotonic()))

    def _handle(self, conn: DBusConnection, message: Message) -> None:
        if message.header.message_type is not MessageType.method_call:
            return
        if message.header.fields.get(HeaderFields.member) != "Inhibit":
            conn.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))
            return
        what, who, why, mode = message.body
        read_end, write_end = os.pipe()
        try:
            conn.send(new_method_return(message, "h", (write_end,)))
        finally:
            os.close(write_end)  # the app now holds the only write end
        with self._lock:
            self._inhibitors.append(Inhibitor(what, who, why, mode, time.monotonic(), read_end))

    def _watch_releases(self) -> None:
        held = [i for i in self.inhibitors if not i.released]
        if not held:
            return
        readable, _, _ = select.select([i.read_end for i in held], [], [], 0)
        for inhibitor in held:
            if inhibitor.read_end in readable and os.read(inhibitor.read_end, 1) == b"":
                with self._lock:
                    inhibitor.released_at = time.monotonic()
                os.close(inhibitor.read_end)

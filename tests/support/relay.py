"""A TCP relay for the network-namespace tests: `python -m tests.support.relay LISTEN_HOST
LISTEN_PORT TARGET_HOST TARGET_PORT` accepts on one address and pipes each connection to the
other. Started with `ip netns exec`, it lets a stand-in bound to one namespace's loopback be
reached across a veth link, so the route between them decides whether the app gets through.
Prints `READY` once listening; quits when its stdin closes (`stop` does that for a test)."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, ConnectionError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError, ConnectionError):
        writer.close()


async def main(listen_host: str, listen_port: int, target_host: str, target_port: int) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(target_host, target_port)
        except OSError as exc:  # no route, refused: the client sees the connection close
            print(
                f"relay {listen_host}:{listen_port}: upstream {exc!r}", file=sys.stderr, flush=True
            )
            writer.close()
            return
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    server = await asyncio.start_server(handle, listen_host, listen_port, reuse_address=True)
    print("READY", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the test closes our stdin
    server.close()


def stop(relay: subprocess.Popen[str], timeout: float) -> None:
    """Close the relay's stdin (it quits), or kill it if it has not within `timeout`."""
    if relay.stdin is not None:
        relay.stdin.close()
    try:
        relay.wait(timeout)
    except subprocess.TimeoutExpired:
        relay.kill()
        relay.wait()
    if relay.stdout is not None:  # its READY line was read; nothing else comes
        relay.stdout.close()


if __name__ == "__main__":
    host, port, target, target_port = sys.argv[1:5]
    asyncio.run(main(host, int(port), target, int(target_port)))

"""Entry point: ``python -m desktop_notifier.devstack [--port N] [--data DIR] ...``.

Owns the process: logging to stderr, the private PostgreSQL cluster (unless ``--postgres``),
running the server until SIGINT/SIGTERM (or, with ``--exit-with-parent``, until the process that
started it is gone), and stopping the cluster afterwards.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType

import psycopg

from desktop_notifier.devstack.cluster import ClusterError, PostgresCluster
from desktop_notifier.devstack.options import parse_args
from desktop_notifier.devstack.parent_watch import exit_with_parent
from desktop_notifier.devstack.server import serve

log = logging.getLogger("desktop_notifier.devstack")


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    logging.basicConfig(
        stream=sys.stderr,
        level=opts.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Outside the event loop (cluster start/stop) SIGTERM must still unwind through `finally`.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    if opts.exit_with_parent:
        exit_with_parent()
    cluster: PostgresCluster | None = None
    try:
        if opts.postgres is not None:
            dsn = opts.postgres
        else:
            cluster = PostgresCluster(opts.data)
            cluster.start()
            dsn = cluster.dsn
        asyncio.run(serve(opts, dsn))
    except ClusterError as e:
        log.error("%s", e)
        return 2
    except (psycopg.Error, OSError) as e:
        log.error("the stand-in could not start: %s", e)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        # Already stopping: another SIGTERM (the parent-death signal and the parent watchdog both
        # fire when the parent dies) must not cut the cluster's clean stop and clean-up short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

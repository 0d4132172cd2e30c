"""The one owner of the connection: connecting → live → offline (retrying) → signed out, or
needs attention (refused until the user changes something; retrying slowly).

`Supervisor` (core) runs the attempts (`attempts`: the task, its interruptions and waits;
`live`: staying live; `limited`: polling PostgREST while a proxy refuses the websocket) and
decides when to retry (`verdict` reads each failure); `StatusBoard` (status) tells the app
what state the connection is in, since when and why; `LiveChanges` (changes) feeds the link's
changes into the pipeline.
"""

from desktop_notifier.connection.supervisor.core import Supervisor
from desktop_notifier.connection.supervisor.status import (
    ConnectionState,
    Status,
    SupervisorObserver,
)

__all__ = ["ConnectionState", "Status", "Supervisor", "SupervisorObserver"]

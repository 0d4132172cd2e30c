"""The live sources the app can listen to, in one place: the settings, `configure --source`,
the settings dialog, the tray and `diagnose` all read them here.

- `postgres-changes`: Supabase Realtime `postgres_changes` on `public.calls` (the default; no
  extra SQL). The server checks every change against every subscriber's RLS policy.
- `broadcast`: Supabase Realtime Broadcast from the database (`resources/sql/006_broadcast.sql`):
  a trigger publishes each change once to its owner's topic; authorisation happens at join,
  on a private channel.
Ably (the product plan's alternative) is not a source yet; see the README.
"""

from __future__ import annotations

POSTGRES_CHANGES = "postgres-changes"
BROADCAST = "broadcast"
DEFAULT_SOURCE = POSTGRES_CHANGES
# What the app can listen to today, in the order the settings dialog lists them.
SOURCES = (POSTGRES_CHANGES, BROADCAST)

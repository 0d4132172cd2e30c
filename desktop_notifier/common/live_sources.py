"""The live sources the app can listen to, in one place: the settings, `configure --source`,
the settings dialog, the tray and `diagnose` all read them here.

- `postgres-changes`: Supabase Realtime `postgres_changes` on `public.calls` (the default; no
  extra SQL). The server checks every change against every subscriber's RLS policy.
- `broadcast`: Supabase Realtime Broadcast from the database (`resources/sql/006_broadcast.sql`):
  a trigger publishes each change once to its owner's topic; authorisation happens at join,
  on a private channel.
- `ably`: Ably, the product plan's alternative (`resources/sql/007_ably_outbox.sql`, an outbox
  published by a server-side handler to the owner's Ably channel; the app holds only a token
  for its own channel, asked from the project's `ably-token` endpoint).
"""

from __future__ import annotations

POSTGRES_CHANGES = "postgres-changes"
BROADCAST = "broadcast"
ABLY = "ably"
DEFAULT_SOURCE = POSTGRES_CHANGES
# What the app can listen to today, in the order the settings dialog lists them.
SOURCES = (POSTGRES_CHANGES, BROADCAST, ABLY)

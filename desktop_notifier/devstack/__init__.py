"""Local Supabase stand-in for development and tests (``python -m desktop_notifier.devstack``).

A private PostgreSQL 15 + wal2json behind one aiohttp server that speaks, to the unmodified
``supabase``/``realtime`` client libraries, the Realtime websocket (postgres_changes), a
PostgREST subset and a GoTrue subset. See ``server.py`` for the wiring.
"""

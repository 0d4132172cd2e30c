"""Talking to Supabase: sign-in and PostgREST (`account`), the Realtime connection
(`realtime_link`), catch-up from the persisted cursor (`catchup`), and the change pipeline.

Knows nothing of Qt widgets.
"""

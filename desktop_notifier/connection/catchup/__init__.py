"""Catch-up: read what changed while the live link was down (PostgREST, from the persisted floor)
and feed it through the pipeline page by page; by transaction id where the migration allows it,
else by timestamp.
"""

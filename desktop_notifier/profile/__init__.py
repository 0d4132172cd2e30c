"""What one profile keeps on this machine: its directory (0700), settings, the SQLite store of
seen calls and alerts, the keyring secrets, and the logs with their hygiene rules.
"""

"""Keeping the live connection: the sans-I/O supervisor and its rules, the pipeline from a row
change to alerts, the backoff, liveness, the triggers (sleep, wake, network), the outage notice,
and the `Session` that owns them for both front ends (the tray app and `watch`).
"""

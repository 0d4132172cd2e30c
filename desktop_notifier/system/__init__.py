"""The operating system as the app meets it: sleep and wake, network changes, start at login,
one instance per profile, deep links, the foreground hand-over and the event loop.
"""

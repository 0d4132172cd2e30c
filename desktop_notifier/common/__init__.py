"""Foundations every layer may use: the sentences of user-facing errors, the names the operating
systems know the app by, and which URLs travel unencrypted.
"""

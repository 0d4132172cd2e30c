"""Foundations every layer may use: the error codes and their sentences, the languages, the
names the operating systems know the app by, the injectable clock, and which URLs travel
unencrypted.
"""

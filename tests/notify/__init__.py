"""Tests of the OS toast backends (`desktop_notifier.notify`)."""

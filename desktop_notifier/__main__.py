"""`python -m desktop_notifier`: the same as the `desktop-notifier` command."""

from desktop_notifier.cli import main

raise SystemExit(main())

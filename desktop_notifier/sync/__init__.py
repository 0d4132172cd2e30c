"""Talking to Supabase: sign-in and PostgREST (`account`), the Realtime connection
(`realtime_link`), catch-up from the persisted cursor (`catchup`), and the change pipeline.

Knows nothing of Qt widgets.

httpx's package imports its optional command-line tool (`httpx._main`, which imports `click`
and `pygments`) wherever `click` is installed, and keeps those half-imported modules when `rich`
is missing: ~2.3 MB of the running app's memory for a tool it never runs. A None in
`sys.modules` makes that import fail as it does where `click` is absent (httpx then defines a
stub `main`). Set here, before any module of this package imports httpx.
"""

import sys
from typing import cast

cast("dict[str, object]", sys.modules).setdefault("httpx._main", None)

"""Benchmark: 60 s connected and idle, the tray app side by side with the bare baseline.

Both run at the same time in the same desktop session: the tray app (`python -m
desktop_notifier --profile P`, signed in, live on the local stand-in), the baseline
(benchmarks/baseline_tray.py: one tray icon, nothing else), and that baseline again with the
Supabase client libraries imported (the floor of any app on this stack). After the icons are
in the tray, the app is live and a settling pause, the window is measured from /proc: CPU
time (user + system, all threads) as a share of one core, RSS at the end and its peak during
the window, and wake-ups per second (voluntary + involuntary context switches of all
threads). Targets: app RSS ≤ 1.1x the baseline with the client libraries and < 100 MB;
app CPU < 0.5 % of one core.

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.idle [--seconds 60] [--json-out F]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import (
    BASELINE_COMMAND,
    CLIENTS_BASELINE_COMMAND,
    LogTail,
    ProcSample,
    app_command,
    launch,
    machine,
    sample,
    stack,
    stop,
    tray_icons,
    write_json,
)

SETTLE = 10.0
# Where the resident memory lies (/proc/PID/smaps), by what mapped it: what to cut next.
GROUPS = (
    ("python objects (heap + anonymous)", ("[heap]", "[anon]")),
    ("Qt and PySide", ("Qt6", "PySide6", "shiboken", "icu")),
    ("cryptography (keyring's Secret Service / PyJWT)", ("cryptography", "libcrypto", "libssl")),
    ("pydantic_core", ("pydantic_core",)),
    ("libpython", ("libpython",)),
)


def where(pid: int) -> dict[str, float]:
    totals = dict.fromkeys([name for name, _ in GROUPS] + ["other libraries and files"], 0)
    mapped = "[anon]"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and not head[0].endswith(":"):
            mapped = head[5] if len(head) > 5 else "[anon]"
        elif head and head[0] == "Rss:":
            group = next(
                (name for name, keys in GROUPS if any(k in mapped for k in keys)),
                "other libraries and files",
            )
            totals[group] += int(head[1])
    return {name: round(kb / 1024, 1) for name, kb in totals.items()}


def window(first: ProcSample, last: ProcSample, peak_kb: int) -> dict[str, float]:
    span = last.at - first.at
    return {
        "cpu_percent_of_one_core": round((last.cpu_s - first.cpu_s) / span * 100, 3),
        "rss_mb": round(last.rss_kb / 1024, 1),
        "peak_rss_in_window_mb": round(peak_kb / 1024, 1),
        "wakeups_per_s": round((last.switches - first.switches) / span, 2),
        "threads": last.threads,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, stack(Path(tmp)) as (_stand, profile):
        before = tray_icons()
        log = LogTail(profile)
        app = launch(app_command(profile))
        procs = {
            "app": app,
            "baseline": launch(BASELINE_COMMAND),
            "baseline_with_clients": launch(CLIENTS_BASELINE_COMMAND),
        }
        try:
            deadline = time.monotonic() + 60
            while not (log.contains("connection live") and tray_icons() >= before + len(procs)):
                if time.monotonic() > deadline:
                    raise TimeoutError("the app did not go live / show both icons in 60 s")
                time.sleep(0.2)
            time.sleep(SETTLE)
            first = {name: sample(proc.pid) for name, proc in procs.items()}
            peak = {name: s.rss_kb for name, s in first.items()}
            end = time.monotonic() + args.seconds
            while time.monotonic() < end:  # one look per second: cheap, and we see peaks
                time.sleep(1.0)
                for name, proc in procs.items():
                    peak[name] = max(peak[name], sample(proc.pid).rss_kb)
            last = {name: sample(proc.pid) for name, proc in procs.items()}
            breakdown = {name: where(proc.pid) for name, proc in procs.items()}
        finally:
            for proc in procs.values():
                stop(proc)
    app_w, base_w, floor_w = (window(first[n], last[n], peak[n]) for n in procs)
    result: dict[str, Any] = {
        "what": f"{args.seconds:.0f} s idle after {SETTLE:.0f} s settling; app live on the local "
        "stand-in vs the bare PySide6+qasync tray baseline, same session, same time",
        "machine": machine(),
        "app": app_w,
        "baseline": base_w,
        "baseline_with_clients": floor_w,
        "rss_ratio_app_vs_baseline": round(app_w["rss_mb"] / base_w["rss_mb"], 2),
        "rss_ratio_app_vs_baseline_with_clients": round(app_w["rss_mb"] / floor_w["rss_mb"], 2),
        "rss_by_mapping_mb": breakdown,
        "wakeups_ratio_app_vs_baseline": round(
            app_w["wakeups_per_s"] / max(base_w["wakeups_per_s"], 0.01), 2
        ),
    }
    write_json(result, args.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

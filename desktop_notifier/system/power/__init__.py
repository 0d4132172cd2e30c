"""Sleep and wake: tells the app the machine is about to sleep and that it has woken up.

`SleepWatcher` (watcher.py) runs two detectors:

- the OS hook, one module per OS behind the small interface of common.py: linux.py
  (systemd-logind's `PrepareForSleep` plus a delay inhibitor that gives the app up to
  `release_timeout_ms` to go offline cleanly), windows.py (`WM_POWERBROADCAST`) and macos.py
  (NSWorkspace's will-sleep and did-wake notifications). The Windows and macOS hooks are small,
  import-guarded and untested here.
- the portable clock-jump check, on every OS: a cheap timer (every `CHECK_INTERVAL_MS`) compares
  how far the wall clock and the monotonic clock moved since its last tick. Suspend shows up as
  the wall clock running ahead of the monotonic one (Linux and macOS stop the monotonic clock in
  suspend) or as a tick arriving far too late (clocks that keep counting in suspend). Either
  beyond `JUMP_THRESHOLD_S` counts as a wake. It is the safety net when the OS hook is missing,
  and it also turns a long freeze of the process or a big forward clock step into a reconnect,
  which is harmless.

`resumed` carries why: "logind", "windows", "macos" or "clock-jump", and is emitted once per
wake even when both detectors notice it.
"""

from __future__ import annotations

from desktop_notifier.system.power.watcher import SleepWatcher

__all__ = ["SleepWatcher"]

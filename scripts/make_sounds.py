"""Synthesise the toast sounds (desktop_notifier/assets/sounds/<kind>.wav), made for the project.

Run: `.venv/bin/python scripts/make_sounds.py` (standard library only: `wave`, `math`). Each
sound is a few sine tones with a soft attack and an exponential decay, 22.05 kHz mono 16-bit;
the missed-call sound is longer (three rising notes, repeated). Being synthesised here, the
files are ours: no third-party recording, no licence to track.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
OUT = Path(__file__).resolve().parents[1] / "desktop_notifier" / "assets" / "sounds"

# kind: [(frequency Hz, start s, length s), ...]
NOTES: dict[str, list[tuple[float, float, float]]] = {
    "new_call": [(880.0, 0.0, 0.18), (1174.7, 0.12, 0.25)],
    "missed_call": [
        (659.3, 0.0, 0.2),
        (784.0, 0.18, 0.2),
        (987.8, 0.36, 0.3),
        (659.3, 0.8, 0.2),
        (784.0, 0.98, 0.2),
        (987.8, 1.16, 0.45),
    ],
    "high_score": [(1046.5, 0.0, 0.15), (1318.5, 0.1, 0.15), (1568.0, 0.2, 0.3)],
    "low_score": [(523.3, 0.0, 0.22), (415.3, 0.18, 0.35)],
    "analysis_done": [(1318.5, 0.0, 0.22)],
    "call_comment": [(1174.7, 0.0, 0.1), (1174.7, 0.14, 0.16)],  # two soft taps
}


def render(notes: list[tuple[float, float, float]]) -> bytes:
    length = max(start + dur for _, start, dur in notes) + 0.05
    samples = [0.0] * int(length * RATE)
    for freq, start, dur in notes:
        first = int(start * RATE)
        for i in range(int(dur * RATE)):
            t = i / RATE
            envelope = min(1.0, t / 0.008) * math.exp(-4.0 * t / dur)
            samples[first + i] += 0.35 * envelope * math.sin(2 * math.pi * freq * t)
    peak = max(1.0, max(abs(s) for s in samples))
    return b"".join(struct.pack("<h", int(32767 * 0.9 * s / peak)) for s in samples)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for kind, notes in NOTES.items():
        with wave.open(str(OUT / f"{kind}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(render(notes))
        print(OUT / f"{kind}.wav")


if __name__ == "__main__":
    main()

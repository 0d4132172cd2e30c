"""The toast sounds (desktop_notifier/assets/sounds, made by scripts/make_sounds.py): one per
alert kind, real WAV files the notification servers can play, short and small, the missed
call's the longest; each kind has a freedesktop theme name to fall back to."""

from __future__ import annotations

import wave

from desktop_notifier.alerts import AlertKind
from desktop_notifier.notify.sounds import THEME_NAMES, sound_path, theme_name


def seconds(kind: AlertKind) -> float:
    path = sound_path(kind.value)
    assert path is not None, f"no sound for {kind.value}"
    with wave.open(str(path), "rb") as sound:
        assert (sound.getnchannels(), sound.getsampwidth()) == (1, 2)
        return sound.getnframes() / sound.getframerate()


def test_one_short_wav_per_kind_and_the_missed_call_is_the_longest() -> None:
    lengths = {kind: seconds(kind) for kind in AlertKind}
    assert all(0.1 < length <= 2.0 for length in lengths.values()), lengths
    assert max(lengths, key=lambda kind: lengths[kind]) is AlertKind.MISSED_CALL
    for kind in AlertKind:
        path = sound_path(kind.value)
        assert path is not None and path.stat().st_size < 100_000
        assert theme_name(kind.value) == THEME_NAMES[kind.value]
    assert sound_path("nope") is None

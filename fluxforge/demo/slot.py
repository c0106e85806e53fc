"""The slot-game half of the demo: synthesized game sounds and the middleware definitions.

``write_slot_sounds(folder)`` writes the sound effects and the two music
segments (WAV, 48 kHz) under ``folder/slot``; ``slot_middleware()`` is the
session's ``"middleware"`` object using them: a looping reel spin, five reel
stops (a switch over two shuffled random containers, each panned to its
reel), a win blend over the ``WinAmount`` RTPC (which also lifts the Music
bus), a big-win stinger, a ``GameMode`` state that changes the music segment
on the next bar, ducking of Music by Sfx and a coin event with a voice limit.
``slot_script()`` is one spin with a big win, for ``fluxforge render --script``.

Example
-------
>>> from fluxforge.middleware import validate
>>> validate(slot_middleware())
>>> sorted(slot_middleware()["events"])[:3]
['BIG_WIN', 'COIN', 'REEL_STOP_0']
"""
from pathlib import Path

import numpy as np
import soundfile

import fluxforge.demo.synth as syn
from fluxforge.cache.atomic import atomic_path

SAMPLERATE = 48000
REELS = 5
SOUNDS = ("spin", "stop_wood_a", "stop_wood_b", "stop_wood_c", "stop_metal_a", "stop_metal_b",
          "stop_metal_c", "win_small", "win_big", "coin", "big_win", "music_base",
          "music_freespins")
SCRIPT_NAME = "demo.script.json"


def _spin(sr, rng):
    """One second of reel whir: 16 clicks a second over a band of noise (loops cleanly)."""
    frames = sr
    noise = syn.shaped_noise(rng, frames, sr, 300.0, 3000.0) * 0.08
    clicks = np.zeros(frames)
    tick = syn.shaped_noise(rng, sr // 100, sr, 2000.0, 8000.0) * np.exp(-np.arange(sr // 100) / (sr * 0.002))
    for k in range(16):
        syn.add_wrapped(clicks, k * frames // 16, 0.3 * tick)
    return noise + clicks


def _thunk(sr, rng, freq_hz, bright):
    frames = int(0.35 * sr)
    t = np.arange(frames) / sr
    body = np.sin(2 * np.pi * freq_hz * t) * np.exp(-t / 0.06)
    noise = syn.shaped_noise(rng, frames, sr, 800.0, 6000.0 if bright else 2500.0) * np.exp(-t / 0.01)
    ring = syn.bell(freq_hz * 4.1, sr, 0.35) * (0.25 if bright else 0.0)
    return body + 0.4 * noise + ring


def _arpeggio(sr, notes, step_s, seconds):
    out = np.zeros(int(seconds * sr))
    for i, note in enumerate(notes):
        bell = syn.bell(syn.midi_to_hz(note), sr, seconds - i * step_s)
        start = int(i * step_s * sr)
        out[start:start + len(bell)] += bell
    return out


def _music(sr, stems):
    from fluxforge.demo.project import render_stem
    def stereo(audio):
        audio = audio.astype(np.float64)
        return audio if audio.ndim == 2 else np.stack([audio, audio], axis=1)
    return sum(stereo(render_stem(s, sr)) * g for s, g in stems)


def render_sound(name, samplerate=SAMPLERATE):
    """Render slot sound ``name`` (one of ``SOUNDS``) as float32, normalised to its peak.

    Example
    -------
    >>> render_sound("coin").dtype
    dtype('float32')
    """
    sr, rng = samplerate, np.random.default_rng(SOUNDS.index(name) + 101)
    recipes = {
        "spin": lambda: _spin(sr, rng),
        "win_small": lambda: _arpeggio(sr, (72, 76, 79), 0.08, 1.2),
        "win_big": lambda: _arpeggio(sr, (72, 76, 79, 84, 88, 91), 0.07, 2.0),
        "coin": lambda: syn.bell(syn.midi_to_hz(96), sr, 0.4),
        "big_win": lambda: _arpeggio(sr, (60, 64, 67, 72, 76, 79, 84), 0.05, 2.5),
        "music_base": lambda: _music(sr, (("pad", 0.6), ("bass", 0.8))),
        "music_freespins": lambda: _music(sr, (("drums", 0.8), ("bass", 0.7), ("lead", 0.6))),
    }
    for i, letter in enumerate("abc"):
        recipes[f"stop_wood_{letter}"] = lambda i=i: _thunk(sr, rng, 90.0 + 25.0 * i, False)
        recipes[f"stop_metal_{letter}"] = lambda i=i: _thunk(sr, rng, 160.0 + 40.0 * i, True)
    if name not in recipes:
        raise KeyError(f"unknown slot sound {name!r}; choose from {', '.join(SOUNDS)}")
    audio = recipes[name]()
    peak = 0.5 if name.startswith("music") else 0.8
    return (audio * (peak / np.max(np.abs(audio)))).astype(np.float32)


def write_slot_sounds(folder):
    """Write every slot sound as ``folder/slot/<name>.wav``; returns name -> relative path."""
    (Path(folder) / "slot").mkdir(parents=True, exist_ok=True)
    files = {}
    for name in SOUNDS:
        files[name] = f"slot/{name}.wav"
        with atomic_path(Path(folder) / files[name]) as tmp:
            soundfile.write(tmp, render_sound(name), SAMPLERATE, subtype="PCM_24", format="WAV")
    return files


def _random(prefix, seed):
    return {"type": "random", "mode": "shuffle_no_repeat", "seed": seed,
            "children": [{"clip": f"slot/{prefix}_{c}.wav"} for c in "abc"]}


def slot_middleware():
    """The demo's ``"middleware"`` definitions (clip paths relative to the session folder)."""
    events = {f"REEL_STOP_{i}": {"voices": {"max": 3}, "layers": [
        {"container": "ReelStop", "bus": "Sfx", "pan": round(-0.8 + 0.4 * i, 2)}]}
        for i in range(REELS)}
    events.update({
        "SPIN_START": {"stage": "spin", "max_instances": 1, "layers": [
            {"clip": "slot/spin.wav", "bus": "Sfx", "loop": True, "volume_db": -6.0,
             "fade_out_ms": 150.0}]},
        "WIN_SMALL": {"stage": "win_small", "layers": [{"container": "Win", "bus": "Sfx"}]},
        "WIN_BIG": {"stage": "win_big", "layers": [{"container": "Win", "bus": "Sfx"},
                                                   {"clip": "slot/coin.wav", "bus": "Sfx",
                                                    "delay_ms": 120.0}]},
        "COIN": {"voices": {"max": 4}, "layers": [{"clip": "slot/coin.wav", "bus": "Sfx",
                                                    "volume_db": -4.0}]},
        "BIG_WIN": {"layers": [{"clip": "slot/big_win.wav", "bus": "Voice"}]},
    })
    return {
        "states": {"GameMode": {"states": ["Base", "FreeSpins"], "transition_ms": 0}},
        "switches": {"ReelSurface": {"switches": ["Wood", "Metal"]}},
        "rtpc": {"WinAmount": {"min": 0, "max": 100, "default": 0, "slew_per_s": 100,
                               "bindings": [{"target": {"bus_volume": "Music"},
                                             "curve": [[0, -4.0, "linear"], [100, 0.0]]}]}},
        "ducking": [{"source": "Sfx", "target": "Music", "amount_db": -6.0, "attack_ms": 30.0,
                     "release_ms": 400.0}],
        "containers": {
            "StopWood": _random("stop_wood", 5), "StopMetal": _random("stop_metal", 9),
            "ReelStop": {"type": "switch", "group": "ReelSurface",
                         "children": {"Wood": {"container": "StopWood"},
                                      "Metal": {"container": "StopMetal"}}},
            "Win": {"type": "blend", "rtpc": "WinAmount", "children": [
                {"clip": "slot/win_small.wav", "from": 0, "to": 60},
                {"clip": "slot/win_big.wav", "from": 40, "to": 100}]}},
        "events": events,
        "music": {"bus": "Music",
                  "segments": {"Base": {"clip": "slot/music_base.wav", "tempo_bpm": 120},
                               "FreeSpins": {"clip": "slot/music_freespins.wav", "tempo_bpm": 120}},
                  "stingers": {"BigWin": {"clip": "slot/big_win.wav", "sync": "beat"}},
                  "transitions": [{"from": "*", "to": "*", "sync": "bar", "fade_out_ms": 50}],
                  "state_group": "GameMode",
                  "state_segments": {"Base": "Base", "FreeSpins": "FreeSpins"}},
    }


def slot_script():
    """One spin with a big win (``fluxforge render --script``; 8 s are enough)."""
    script = [{"at_s": 0.0, "music": "Base"}, {"at_s": 0.5, "post": "SPIN_START"}]
    script += [{"at_s": round(1.5 + 0.3 * i, 2), "post": f"REEL_STOP_{i}"} for i in range(REELS)]
    script += [{"at_s": 2.7, "stop": "SPIN_START", "fade_ms": 150},
               {"at_s": 3.0, "rtpc": ["WinAmount", 90]}, {"at_s": 3.0, "post": "WIN_BIG"},
               {"at_s": 3.2, "stinger": "BigWin"}, {"at_s": 4.0, "state": ["GameMode", "FreeSpins"]}]
    return script

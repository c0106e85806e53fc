"""The built-in demo: a few musical stems and a session that mixes them.

``write_demo(folder)`` renders six loopable stems (4 bars of A minor at
120 BPM, 8 s at 48 kHz) as WAV files into ``folder/stems`` and writes
``folder/demo.fluxforge.json`` routing drums, bass, pad and lead to the Music
bus, the coin chimes to Sfx and the room tone to Ambience. Everything is
deterministic (fixed seeds), so the files are identical on every run.

Example
-------
>>> import tempfile
>>> session_path = write_demo(tempfile.mkdtemp())
>>> session_path.name
'demo.fluxforge.json'
"""
from pathlib import Path

import numpy as np
import soundfile

import fluxforge.demo.synth as syn
from fluxforge.cache.atomic import atomic_path
from fluxforge.session.files import save_session
from fluxforge.session.schema import BusSpec, EqBand, LoopSpec, MasterSpec, Session, TrackSpec

SAMPLERATE = 48000
TEMPO_BPM = 120.0
BARS = 4
STEPS_PER_BAR = 16
SESSION_NAME = "demo.fluxforge.json"

# A minor: Am - F - C - G, one chord per bar (MIDI notes).
CHORDS = ((57, 60, 64), (53, 57, 60), (55, 60, 64), (55, 59, 62))
BASS_ROOTS = (45, 41, 48, 43)
# (step, length in steps, MIDI note) over the 64 sixteenth-note steps.
MELODY = ((0, 3, 76), (3, 1, 74), (4, 2, 72), (6, 2, 69), (8, 4, 72), (12, 4, 74),
          (16, 3, 72), (19, 1, 69), (20, 4, 67), (24, 6, 69), (30, 2, 72),
          (32, 3, 76), (35, 1, 79), (36, 4, 76), (40, 2, 74), (42, 2, 72), (44, 4, 76),
          (48, 3, 74), (51, 1, 72), (52, 2, 71), (54, 2, 74), (56, 8, 69))
STEMS = ("drums", "bass", "pad", "lead", "coins", "room")


def _step_frames(samplerate):
    return int(round(samplerate * 60.0 / TEMPO_BPM / 4))


def _loop_frames(samplerate):
    return _step_frames(samplerate) * STEPS_PER_BAR * BARS


def _drums(sr, rng):
    loop, step = np.zeros((_loop_frames(sr), 2)), _step_frames(sr)
    kick, snare = syn.kick(sr), syn.snare(sr, rng)
    for bar in range(BARS):
        base = bar * STEPS_PER_BAR
        for s in (0, 8) + ((10,) if bar % 2 else (7,)):
            syn.add_wrapped(loop, (base + s) * step, syn.pan_mono(kick, 0.0))
        for s in (4, 12):
            syn.add_wrapped(loop, (base + s) * step, syn.pan_mono(snare, -0.05))
        for s in range(0, STEPS_PER_BAR, 2):
            accent = 1.0 if s % 4 == 0 else 0.6
            if s == 14 and bar == BARS - 1:
                syn.add_wrapped(loop, (base + s) * step, syn.pan_mono(syn.hat(sr, rng, True), -0.4))
            else:
                syn.add_wrapped(loop, (base + s) * step, syn.pan_mono(accent * syn.hat(sr, rng), 0.35))
    return loop


def _bass(sr):
    loop, step = np.zeros(_loop_frames(sr)), _step_frames(sr)
    for bar, root in enumerate(BASS_ROOTS):
        for i, s in enumerate(range(0, STEPS_PER_BAR, 2)):
            note = root + (12 if i in (3, 7) else 0)
            frames = int(2.4 * step)
            tone = (syn.additive(syn.midi_to_hz(note), frames, sr, syn.saw_partials(24)) * 0.5
                    + syn.additive(syn.midi_to_hz(note - 12), frames, sr, [(1, 0.8)]))
            env = syn.envelope(frames, sr, 0.004, 0.18, 0.35, 0.03, gate_s=1.6 * step / sr)
            syn.add_wrapped(loop, (bar * STEPS_PER_BAR + s) * step, tone * env)
    return loop


def _pad(sr):
    loop, bar_frames = np.zeros((_loop_frames(sr), 2)), _step_frames(sr) * STEPS_PER_BAR
    frames = bar_frames + sr
    env = syn.envelope(frames, sr, 0.35, 1.0, 1.0, 0.5, gate_s=bar_frames / sr)
    for bar, chord in enumerate(CHORDS):
        for note in chord:
            for side, cents in ((0, -7.0), (1, 7.0)):
                freq = syn.midi_to_hz(note) * 2.0 ** (cents / 1200.0)
                tone = syn.additive(freq, frames, sr, syn.saw_partials(12), 0.3 + 0.1 * side, 4.0)
                voice = np.zeros((frames, 2))
                voice[:, side] = tone * env
                syn.add_wrapped(loop, bar * bar_frames, voice)
    return loop


def _lead(sr):
    loop, step = np.zeros(_loop_frames(sr)), _step_frames(sr)
    for start, length, note in MELODY:
        gate_s = (length - 0.3) * step / sr
        frames = int((length + 2) * step)
        tone = syn.additive(syn.midi_to_hz(note), frames, sr, syn.square_partials(10), 5.5, 12.0)
        env = syn.envelope(frames, sr, 0.01, 0.4, 0.6, 0.08, gate_s=gate_s)
        syn.add_wrapped(loop, start * step, tone * env)
    return loop


def _coins(sr):
    loop, step = np.zeros((_loop_frames(sr), 2)), _step_frames(sr)
    for at, pan in ((30, -0.6), (62, 0.6)):
        for offset, note in ((0, 83), (1, 88)):
            syn.add_wrapped(loop, (at + offset) * step,
                            syn.pan_mono(syn.bell(syn.midi_to_hz(note), sr), pan))
    return loop


def _room(sr, rng):
    frames = _loop_frames(sr)
    t = np.arange(frames) / frames
    swell = 0.75 + 0.25 * np.sin(2 * np.pi * 2 * t)   # two slow swells per loop
    return np.stack([syn.shaped_noise(rng, frames, sr, 80.0, 900.0, -3.0) * swell
                     for _ in range(2)], axis=1)


# stem -> (peak level after normalisation, rendering function of (samplerate, rng))
_STEM_RECIPES = {
    "drums": (0.8, _drums), "bass": (0.55, lambda sr, rng: _bass(sr)),
    "pad": (0.35, lambda sr, rng: _pad(sr)), "lead": (0.4, lambda sr, rng: _lead(sr)),
    "coins": (0.5, lambda sr, rng: _coins(sr)), "room": (0.12, _room),
}


def render_stem(name, samplerate=SAMPLERATE):
    """Render one demo stem as float32, shape (frames,) for mono or (frames, 2).

    Parameters
    ----------
    name : str
        One of ``STEMS``.
    samplerate : int
        Sample rate in Hz (8000..192000).

    Example
    -------
    >>> render_stem("bass").shape
    (384000,)
    """
    if name not in _STEM_RECIPES:
        raise KeyError(f"unknown demo stem {name!r}; choose from {', '.join(STEMS)}")
    if isinstance(samplerate, bool) or not isinstance(samplerate, int) or not 8000 <= samplerate <= 192000:
        raise ValueError(f"samplerate must be an integer 8000..192000 Hz, not {samplerate!r}")
    peak, recipe = _STEM_RECIPES[name]
    audio = recipe(samplerate, np.random.default_rng(STEMS.index(name) + 7))
    return (audio * (peak / np.max(np.abs(audio)))).astype(np.float32)


def demo_session(stem_files):
    """The demo ``Session`` for stems written at ``stem_files`` (name -> relative path)."""
    def track(name, label, bus, volume, color, **kw):
        return TrackSpec(name=label, file=stem_files[name], bus=bus, volume=volume,
                         color=color, **kw)
    return Session(
        name="FluxForge demo", samplerate=SAMPLERATE, tempo_bpm=TEMPO_BPM,
        tracks=[
            track("drums", "Drums", "Music", 0.9, "#e2574c",
                  eq=[EqBand(0, "highpass", 30.0), EqBand(1, "peaking", 4000.0, 1.0, 1.5)]),
            track("bass", "Bass", "Music", 0.8, "#f0a830", pan=0.0,
                  eq=[EqBand(0, "lowshelf", 120.0, 0.707, 2.0)]),
            track("pad", "Pad", "Music", 0.7, "#5bc0be", eq=[EqBand(0, "highpass", 150.0)]),
            track("lead", "Lead", "Music", 0.7, "#9b6bd6", pan=0.15),
            track("coins", "Coins", "Sfx", 0.8, "#f4d35e"),
            track("room", "Room", "Ambience", 0.6, "#6c8ead"),
        ],
        buses={"Music": BusSpec(volume=0.85), "Sfx": BusSpec(volume=0.9),
               "Voice": BusSpec(), "Ambience": BusSpec(volume=0.7), "Aux": BusSpec()},
        master=MasterSpec(volume=0.9, soft_clip=True),
        loop=LoopSpec(0, _loop_frames(SAMPLERATE)),
        middleware={})


def write_demo(folder):
    """Write the demo stems and session into ``folder`` (created if needed).

    Files are written atomically; rerunning overwrites them with identical
    content.

    Returns
    -------
    Path
        The session file, ``folder/demo.fluxforge.json``.

    Example
    -------
    >>> write_demo("out/demo")
    PosixPath('out/demo/demo.fluxforge.json')
    """
    if not isinstance(folder, (str, Path)):
        raise TypeError(f"folder must be a path, not {type(folder).__name__}")
    folder = Path(folder)
    (folder / "stems").mkdir(parents=True, exist_ok=True)
    files = {}
    for name in STEMS:
        files[name] = f"stems/{name}.wav"
        with atomic_path(folder / files[name]) as tmp:
            soundfile.write(tmp, render_stem(name), SAMPLERATE, subtype="PCM_24", format="WAV")
    session = demo_session(files)
    session.folder = folder.absolute()
    return save_session(session, folder / SESSION_NAME)

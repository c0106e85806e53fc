"""Bounce an engine offline: the one render loop of every tool.

:func:`play_into` renders a playing engine block by block (a middleware
script's actions applied at their frames); :func:`bounce` writes it into an
audio file. ``fluxforge render`` (also its measuring pass) and
``fluxforge render-batch`` both render through :func:`play_into`, so their
files are bit-identical. The file appears complete or not at all (written to
a temporary file, then renamed), also on Ctrl-C; the engine is closed
afterwards.

Example
-------
>>> output_format(Path("mix.wav"), None)
('WAV', 'FLOAT')
"""
from pathlib import Path

import numpy as np
import soundfile

from fluxforge.cache.atomic import atomic_path
from fluxforge.engine.render_file import open_render_file

CHUNK_FRAMES = 32768


def output_format(path, subtype):
    """``(format, subtype)`` of an output file from its extension (FLOAT by default)."""
    fmt = path.suffix[1:].upper()
    if fmt not in soundfile.available_formats():
        raise ValueError(f"cannot write {path.name!r}: unknown audio file extension "
                         f"{path.suffix or '(none)'!r} (try .wav or .flac)")
    if subtype is None:
        return fmt, "FLOAT" if "FLOAT" in soundfile.available_subtypes(fmt) else None
    subtype = subtype.upper()
    if not soundfile.check_format(fmt, subtype):
        raise ValueError(f"--subtype {subtype} is not valid for {fmt} files "
                         f"(valid: {', '.join(soundfile.available_subtypes(fmt))})")
    return fmt, subtype


def bounce(engine, frames, output, samplerate, fmt, subtype, on_block=None, script=None):
    """Play ``engine`` for ``frames`` into ``output``; returns the linear sample peak.

    ``script``: a JSON file of timed middleware actions
    (:mod:`fluxforge.middleware.script`), each applied at its frame.
    ``on_block(done_frames)`` is called about every :data:`CHUNK_FRAMES`.
    """
    peak = 0.0
    try:
        with atomic_path(output) as tmp, open_render_file(tmp, samplerate, fmt, subtype) as out:
            def write(block):
                nonlocal peak
                out.write(block)
                if block.shape[0]:
                    peak = max(peak, float(np.max(np.abs(block))))

            play_into(engine, frames, write, script, on_block)
    finally:
        engine.close()
    return peak


def play_into(engine, frames, sink, script=None, on_block=None):
    """Play ``engine`` for ``frames`` frames, passing each block to ``sink(block)``.

    ``script``: a JSON file of timed middleware actions
    (:mod:`fluxforge.middleware.script`), each applied at its frame.
    ``on_block(done_frames)`` is called about every :data:`CHUNK_FRAMES`.
    """
    from fluxforge.middleware.script import load_script, render_script
    done = 0

    def counted(block):
        nonlocal done
        sink(block)
        done += block.shape[0]
        if on_block is not None and (done % CHUNK_FRAMES < block.shape[0] or done == frames):
            on_block(done)

    actions = load_script(script, engine.middleware) if script else None
    engine.play()
    if actions is not None:
        render_script(engine, engine.middleware, actions, frames, sink=counted)
    while done < frames:
        counted(engine.render(min(CHUNK_FRAMES, frames - done)))

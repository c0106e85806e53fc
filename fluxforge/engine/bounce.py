"""Bounce an engine offline into an audio file: the one render loop of every tool.

``fluxforge render`` and ``fluxforge render-batch`` both call :func:`bounce`,
so their files are bit-identical. The file appears complete or not at all
(written to a temporary file, then renamed), also on Ctrl-C; the engine is
closed afterwards.

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
    from fluxforge.middleware.script import load_script, render_script
    peak, done = 0.0, 0
    try:
        actions = load_script(script, engine.middleware) if script else None
        engine.play()
        with atomic_path(output) as tmp, open_render_file(tmp, samplerate, fmt, subtype) as out:
            def write(block):
                nonlocal peak, done
                out.write(block)
                if block.shape[0]:
                    peak = max(peak, float(np.max(np.abs(block))))
                done += block.shape[0]
                if on_block is not None and (done % CHUNK_FRAMES < block.shape[0]
                                             or done == frames):
                    on_block(done)

            if actions is not None:
                render_script(engine, engine.middleware, actions, frames, sink=write)
            while done < frames:
                write(engine.render(min(CHUNK_FRAMES, frames - done)))
    finally:
        engine.close()
    return peak

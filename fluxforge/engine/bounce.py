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


def bounce(engine, frames, output, samplerate, fmt, subtype, on_block=None):
    """Play ``engine`` for ``frames`` into ``output``; returns the linear sample peak.

    ``on_block(done_frames)`` is called after each block written.
    """
    peak = 0.0
    try:
        engine.play()
        with atomic_path(output) as tmp, open_render_file(tmp, samplerate, fmt, subtype) as out:
            done = 0
            while done < frames:
                block = engine.render(min(CHUNK_FRAMES, frames - done))
                out.write(block)
                peak = max(peak, float(np.max(np.abs(block))))
                done += block.shape[0]
                if on_block is not None:
                    on_block(done)
    finally:
        engine.close()
    return peak

"""Audio files whose bytes depend only on their samples (reproducible bounces).

libsndfile adds a PEAK chunk to floating-point WAV/AIFF files that carries the
time of writing, so two renders of the same session would differ in four
bytes. ``open_render_file`` switches that chunk off (it is optional metadata),
which makes a bounce bit-identical from run to run. ``render_to_file`` is the
body of ``Engine.render_to_file``.

Example
-------
>>> import numpy as np, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.wav"
>>> with open_render_file(path, 48000, "WAV", "FLOAT") as f:
...     f.write(np.zeros((10, 2), np.float32))
>>> b"PEAK" in path.read_bytes()
False
"""
from pathlib import Path

import soundfile

from fluxforge.cache.atomic import atomic_path
from fluxforge.checks import check_frame

FILE_CHUNK_FRAMES = 65536
SFC_SET_ADD_PEAK_CHUNK = 0x1050   # sndfile.h
SF_FALSE = 0


def open_render_file(path, samplerate, fmt, subtype):
    """Open a stereo ``soundfile.SoundFile`` for writing, with no time-stamped chunk."""
    out = soundfile.SoundFile(path, "w", samplerate, 2, subtype=subtype, format=fmt)
    soundfile._snd.sf_command(out._file, SFC_SET_ADD_PEAK_CHUNK, soundfile._ffi.NULL, SF_FALSE)
    return out


def render_to_file(engine, path, frames, subtype=None):
    """Render ``frames`` frames of ``engine`` into ``path``; see ``Engine.render_to_file``."""
    path = Path(path)
    frames = check_frame(frames, "frames")
    fmt = path.suffix[1:].upper()
    if fmt not in soundfile.available_formats():
        raise ValueError(f"unsupported audio file extension {path.suffix!r}")
    if subtype is None:
        subtype = "FLOAT" if "FLOAT" in soundfile.available_subtypes(fmt) else None
    if subtype is not None and not soundfile.check_format(fmt, subtype):
        raise ValueError(f"subtype {subtype!r} is not valid for {fmt} files")
    with atomic_path(path) as tmp, open_render_file(tmp, engine.samplerate, fmt, subtype) as out:
        done = 0
        while done < frames:
            chunk = min(FILE_CHUNK_FRAMES, frames - done)
            out.write(engine.render(chunk))
            done += chunk
    return path

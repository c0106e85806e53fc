"""Audio files whose bytes depend only on their samples (reproducible bounces).

libsndfile adds a PEAK chunk to floating-point WAV/AIFF files that carries the
time of writing, so two renders of the same session would differ in four
bytes. ``open_render_file`` switches that chunk off (it is optional metadata),
which makes a bounce bit-identical from run to run.

Example
-------
>>> import numpy as np, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.wav"
>>> with open_render_file(path, 48000, "WAV", "FLOAT") as f:
...     f.write(np.zeros((10, 2), np.float32))
>>> b"PEAK" in path.read_bytes()
False
"""
import soundfile

SFC_SET_ADD_PEAK_CHUNK = 0x1050   # sndfile.h
SF_FALSE = 0


def open_render_file(path, samplerate, fmt, subtype):
    """Open a stereo ``soundfile.SoundFile`` for writing, with no time-stamped chunk."""
    out = soundfile.SoundFile(path, "w", samplerate, 2, subtype=subtype, format=fmt)
    soundfile._snd.sf_command(out._file, SFC_SET_ADD_PEAK_CHUNK, soundfile._ffi.NULL, SF_FALSE)
    return out

"""Read an audio file block by block for the waveform caches (soundfile).

A cache entry is valid while its source is unchanged: :func:`source_stamp`
is the file's (size, mtime in ns), stored in every cache file header.

Example
-------
>>> with AudioSource("drums.wav") as src:
...     for block in src.blocks(65536):
...         print(block.shape)
(65536, 2)
(30464, 2)
"""
import os

import numpy as np
import soundfile


class WaveSourceError(ValueError):
    """An audio file cannot be read (corrupt, truncated, unsupported format)."""


def source_stamp(path):
    """``(size_bytes, mtime_ns)`` of ``path``; FileNotFoundError names a missing file."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"audio file not found: {os.fspath(path)}") from None
    return st.st_size, st.st_mtime_ns


class AudioSource:
    """An open audio file: ``frames``, ``channels``, ``sample_rate`` and ``blocks()``.

    Parameters
    ----------
    path : str or os.PathLike
        Any file libsndfile reads (WAV, FLAC, OGG, ...).

    Raises
    ------
    FileNotFoundError, WaveSourceError
    """

    def __init__(self, path):
        self.path = os.fspath(path)
        self.stamp = source_stamp(path)
        try:
            self._file = soundfile.SoundFile(self.path)
        except (soundfile.LibsndfileError, RuntimeError, TypeError) as error:
            raise WaveSourceError(f"cannot read audio file {self.path}: {error}") from None
        self.frames = self._file.frames
        self.channels = self._file.channels
        self.sample_rate = self._file.samplerate

    def blocks(self, block_frames):
        """Yield float32 (n, channels) blocks of ``block_frames`` frames (the last shorter)."""
        done = 0
        try:
            while done < self.frames:
                block = self._file.read(min(block_frames, self.frames - done), dtype="float32",
                                        always_2d=True)
                if block.shape[0] == 0:
                    break
                done += block.shape[0]
                yield np.ascontiguousarray(block)
        except (soundfile.LibsndfileError, RuntimeError) as error:
            raise WaveSourceError(f"cannot read audio file {self.path}: {error}") from None
        if done != self.frames:
            raise WaveSourceError(f"audio file {self.path} is truncated: read {done} of "
                                  f"{self.frames} frames")

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

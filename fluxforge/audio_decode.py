"""Decode an audio file into the engine's clip layout.

The engine plays ``(frames, channels)`` C-ordered float32 arrays, mono or
stereo, at its own sample rate. ``decode_audio`` reads a file with soundfile,
resamples it with soxr when the rates differ, and returns such an array,
read-only so no one can change samples the audio thread may be reading.

Example
-------
>>> samples = decode_audio("drums.wav", samplerate_hz=48000)    # doctest: +SKIP
>>> samples.dtype, samples.shape
(dtype('float32'), (96000, 2))
"""
import os

import numpy as np
import soundfile
import soxr


class AudioFileError(ValueError):
    """An audio file cannot be decoded (corrupt, truncated, unsupported, empty, ...)."""


def decode_audio(path, samplerate_hz):
    """Read ``path`` as read-only float32 ``(frames, channels)`` at ``samplerate_hz``.

    Parameters
    ----------
    path : str or os.PathLike
    samplerate_hz : int or float
        The engine's sample rate; the file is resampled (soxr, high quality)
        if its own rate differs.

    Returns
    -------
    numpy.ndarray
        float32, C order, shape ``(frames, 1 or 2)``, not writeable.

    Raises
    ------
    FileNotFoundError
        No such file.
    AudioFileError
        The file is corrupt, truncated, empty, or has more than two channels.
    TypeError, ValueError
        Bad ``path`` type or sample rate.

    Examples
    --------
    >>> decode_audio("voice.flac", 48000).shape[1]   # doctest: +SKIP
    1
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    if isinstance(samplerate_hz, bool) or not isinstance(samplerate_hz, (int, float)):
        raise TypeError(f"samplerate_hz must be a number, got {type(samplerate_hz).__name__}")
    if not (np.isfinite(samplerate_hz) and 1000 <= samplerate_hz <= 768000):
        raise ValueError(f"samplerate_hz must be in [1000, 768000], got {samplerate_hz}")
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"audio file not found: {path!r}")
    try:
        with soundfile.SoundFile(path) as source:
            file_rate = source.samplerate
            samples = source.read(dtype="float32", always_2d=True)
    except soundfile.SoundFileError as exc:
        raise AudioFileError(f"cannot decode {path!r}: {exc}") from exc
    if samples.shape[0] == 0:
        raise AudioFileError(f"cannot decode {path!r}: it holds no audio frames")
    if samples.shape[1] not in (1, 2):
        raise AudioFileError(f"cannot decode {path!r}: {samples.shape[1]} channels; "
                             "the engine plays mono or stereo clips")
    if not np.isfinite(samples).all():
        raise AudioFileError(f"cannot decode {path!r}: it contains NaN or infinite samples")
    if file_rate != samplerate_hz:
        samples = soxr.resample(samples, file_rate, samplerate_hz, quality="HQ")
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    samples.setflags(write=False)
    return samples

"""Decoded audio clips: load a file or array once, at the engine's sample rate.

A :class:`Clip` holds float32 ``(frames, channels)`` C-contiguous, read-only
samples (mono or stereo), its 64-bit key (:mod:`fluxforge.cache.keys`), a name and
the source path. Files are decoded with soundfile (whatever libsndfile reads:
WAV, FLAC, OGG, MP3, ...); a clip at another sample rate is resampled on load
with soxr (high quality). The audio cache wraps :func:`load_clip`.

Example
-------
>>> import numpy as np
>>> clip = load_clip(np.zeros(480, np.float32), 48000)
>>> clip.frames, clip.channels
(480, 1)
"""
import numbers
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import soxr

from fluxforge.cache.keys import clip_key, path_key

MAX_CHANNELS = 2


@dataclass(frozen=True, eq=False)
class Clip:
    """Decoded audio ready for the engine.

    Attributes
    ----------
    data : numpy.ndarray
        float32 ``(frames, channels)``, C-contiguous, read-only.
    key : int
        Unsigned 64-bit key (path key for files, content key for arrays).
    name : str
    path : pathlib.Path or None
    samplerate : int
        The rate of ``data`` (the rate it was loaded for).
    source_samplerate : int
        The rate the audio had before resampling.

    Example
    -------
    >>> clip = load_clip(np.zeros((10, 2), np.float32), 48000, name="pad")
    >>> clip.name, clip.channels
    ('pad', 2)
    """
    data: np.ndarray
    key: int
    name: str
    path: Path | None
    samplerate: int
    source_samplerate: int

    @property
    def frames(self):
        return self.data.shape[0]

    @property
    def channels(self):
        return self.data.shape[1]

    @property
    def nbytes(self):
        return self.data.nbytes


def _check_rate(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number of Hz, got {type(value).__name__}")
    if not (np.isfinite(value) and 1000 <= value <= 768000):
        raise ValueError(f"{name} must be in [1000, 768000] Hz, got {value}")
    return int(round(value))


def _as_frames(array, what):
    """float32 (frames, channels) array of finite samples, 1 or 2 channels."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"{what} must be a NumPy array, got {type(array).__name__}")
    if not np.issubdtype(array.dtype, np.floating):
        raise TypeError(f"{what} must hold floating-point samples, got dtype {array.dtype}")
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(f"{what} must have shape (frames,) or (frames, channels), "
                         f"got {array.shape}")
    if not 1 <= array.shape[1] <= MAX_CHANNELS:
        raise ValueError(f"{what} must be mono or stereo (1 or 2 channels, as columns), "
                         f"got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{what} is empty (0 frames)")
    if not np.isfinite(array).all():
        raise ValueError(f"{what} contains NaN or inf samples")
    return np.array(array, dtype=np.float32, order="C", copy=True)


def _resample(data, from_hz, to_hz):
    if from_hz == to_hz:
        return data
    return np.ascontiguousarray(soxr.resample(data, from_hz, to_hz, quality="HQ"),
                                dtype=np.float32)


def _decode(path):
    if not path.is_file():
        raise FileNotFoundError(f"audio file not found: {path}")
    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as exc:
        raise ValueError(f"cannot decode audio file {path}: {exc}") from None
    return data, rate


def load_clip(source, samplerate, name=None, source_samplerate=None):
    """Load a clip from a file path or an array, at ``samplerate`` Hz.

    Parameters
    ----------
    source : str, pathlib.Path or numpy.ndarray
        A file soundfile can read, or float samples shaped ``(frames,)`` or
        ``(frames, channels)`` with 1 or 2 channels.
    samplerate : int
        The engine's rate; the clip is resampled to it (soxr, HQ) when needed.
    name : str, optional
        Defaults to the file's stem, or ``"clip"`` for arrays.
    source_samplerate : int, optional
        Only for arrays: the rate of the samples (default: ``samplerate``).

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    ValueError
        Undecodable file, empty audio, more than two channels, NaN/inf samples.
    TypeError
        Wrong argument types.

    Example
    -------
    >>> clip = load_clip(np.zeros(441, np.float32), 48000, source_samplerate=44100)
    >>> clip.frames
    480
    """
    rate = _check_rate(samplerate, "samplerate")
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if isinstance(source, (str, Path)):
        if source_samplerate is not None:
            raise ValueError("source_samplerate applies to arrays only; files carry their rate")
        path = Path(source).expanduser().resolve()
        raw, from_hz = _decode(path)
        data = _as_frames(raw, f"audio file {path}")
        key = path_key(path)
        default_name = path.stem
    elif isinstance(source, np.ndarray):
        path = None
        from_hz = rate if source_samplerate is None else _check_rate(
            source_samplerate, "source_samplerate")
        data = _as_frames(source, "clip array")
        key = clip_key(b"array:" + data.tobytes())
        default_name = "clip"
    else:
        raise TypeError(f"source must be a path or a NumPy array, got {type(source).__name__}")
    data = _resample(data, from_hz, rate)
    data.flags.writeable = False
    return Clip(data=data, key=key, name=name or default_name, path=path, samplerate=rate,
                source_samplerate=int(from_hz))


def as_clip(source, samplerate, name=None, source_samplerate=None):
    """``source`` as a Clip at ``samplerate``: a Clip is checked, anything else loaded.

    Raises ValueError for a Clip loaded at another rate (it would play at the
    wrong speed).

    Example
    -------
    >>> clip = load_clip(np.zeros(10, np.float32), 48000)
    >>> as_clip(clip, 48000) is clip
    True
    """
    if isinstance(source, Clip):
        if source_samplerate is not None:
            raise ValueError("source_samplerate does not apply to a Clip")
        if source.samplerate != samplerate:
            raise ValueError(f"clip {source.name!r} was loaded at {source.samplerate} Hz; "
                             f"this engine runs at {samplerate} Hz")
        return source
    return load_clip(source, samplerate, name=name, source_samplerate=source_samplerate)

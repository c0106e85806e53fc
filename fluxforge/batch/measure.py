"""The figures of one audio file, read block by block: loudness, peaks, DC, clipping.

Example
-------
>>> import tempfile, numpy as np, soundfile
>>> path = tempfile.mkdtemp() + "/half.wav"
>>> soundfile.write(path, np.full((4800, 1), 0.5), 48000, subtype="FLOAT")
>>> f = measure_file(path)
>>> f["duration_s"], f["channels"], round(f["sample_peak_dbfs"], 2), f["dc_offset"]
(0.1, 1, -6.02, 0.5)
"""
from pathlib import Path

import numpy as np
import soundfile

from fluxforge.metering import LoudnessMeter

BLOCK_FRAMES = 16384           # blocks and scratch reused: no large allocation per block
CLIP_LEVEL = 32767 / 32768      # full scale of 16-bit PCM: at or above it counts as clipped


def _open(path):
    if not Path(path).is_file():
        raise OSError(f"{path}: no such file")
    try:
        return soundfile.SoundFile(str(path))
    except (soundfile.LibsndfileError, RuntimeError) as err:
        raise OSError(f"cannot read {path}: {err}") from None


def _non_finite(path, block, frames_before):
    frame, channel = np.argwhere(~np.isfinite(block))[0]
    return ValueError(f"{path}: non-finite sample ({block[frame, channel]}) at frame "
                      f"{frames_before + frame}, channel {channel}; loudness needs finite samples")


def measure_file(path):
    """The figures of one audio file, as a dict (raises OSError/ValueError naming it).

    Keys: ``duration_s``, ``samplerate``, ``channels``, ``dc_offset`` (the
    per-channel mean of largest magnitude), ``clipped_samples`` (samples with
    magnitude >= 32767/32768) and the loudness meter's figures
    (``sample_peak_dbfs``, ``true_peak_dbtp``, ``integrated_lufs``, ``lra_lu``,
    ``max_momentary_lufs``, ``max_short_term_lufs``).
    """
    with _open(path) as sound:
        try:
            meter = LoudnessMeter(sound.samplerate, sound.channels)
        except ValueError as err:
            raise ValueError(f"{path}: {err}") from None
        frames, clipped = 0, 0
        sums = np.zeros(sound.channels)
        buffer = np.empty((BLOCK_FRAMES, sound.channels))
        scratch = np.empty_like(buffer)
        while True:
            block = sound.read(dtype="float64", always_2d=True, out=buffer)   # a view of it
            if not len(block):
                break
            try:
                meter.process(block)
            except ValueError:
                raise _non_finite(path, block, frames) from None
            sums += block.sum(axis=0)
            magnitude = np.abs(block, out=scratch[:len(block)])
            clipped += int(np.count_nonzero(magnitude >= CLIP_LEVEL))
            frames += len(block)
        means = sums / frames if frames else sums
        dc = float(means[np.argmax(np.abs(means))]) if len(means) else 0.0
        return {"duration_s": frames / sound.samplerate, "samplerate": sound.samplerate,
                "channels": sound.channels, "dc_offset": dc, "clipped_samples": clipped,
                **meter.figures()}

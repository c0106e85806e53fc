"""Type stub of the compiled module fluxforge._loudness (see fluxforge.metering)."""
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Audio = npt.NDArray[np.float32] | npt.NDArray[np.float64]
MAX_CHANNELS: int

def kweight_coefficients(samplerate_hz: float) -> tuple[tuple[float, ...], tuple[float, ...]]: ...
def analyze(samples: Audio, samplerate: float,
            channel_weights: Sequence[float] | None = ...,
            true_peak: bool = ...) -> dict[str, float]: ...
def analysis_segments(samplerate: float, channels: int, frames: int) -> int: ...

class LoudnessCore:
    samplerate: float
    channels: int
    channel_weights: tuple[float, ...]
    oversampling: int
    subblock_frames: int
    duration_s: float
    momentary_lufs: float
    short_term_lufs: float
    integrated_lufs: float
    lra_lu: float
    max_momentary_lufs: float
    max_short_term_lufs: float
    true_peak_dbtp: float
    sample_peak_dbfs: float
    def __init__(self, samplerate: float, channels: int = ...,
                 channel_weights: Sequence[float] | None = ...) -> None: ...
    def process(self, block: Audio) -> None: ...
    def reset(self) -> None: ...
    def figures(self) -> dict[str, float]: ...

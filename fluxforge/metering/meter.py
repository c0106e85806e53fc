"""Streaming loudness: :class:`LoudnessMeter`."""
from fluxforge._loudness import MAX_CHANNELS, LoudnessCore
from fluxforge.metering.analysis import LoudnessResult, as_float_samples

__all__ = ["LoudnessMeter", "MAX_CHANNELS"]


class LoudnessMeter(LoudnessCore):
    """A live loudness meter per ITU-R BS.1770-4 / EBU R128, fed block by block.

    Blocks may have any number of frames; the figures update every 100 ms
    sub-block (``subblock_frames`` frames), so the same signal gives the
    same figures however it is cut. Memory is fixed (histograms), so a
    meter may run for days; ``reset()`` starts a new measurement. Calls
    from several threads are serialised; processing releases the GIL.

    Parameters
    ----------
    samplerate : float
        Sample rate in Hz (at least 10).
    channels : int, default 2
        1..``MAX_CHANNELS`` (8).
    channel_weights : sequence of float, optional
        One weight per channel (default: BS.1770-4 weights; 7-8 channels need them).

    Attributes
    ----------
    momentary_lufs, short_term_lufs : float
        Loudness of the last 400 ms / 3 s (silence before the start counts).
    integrated_lufs, lra_lu, max_momentary_lufs, max_short_term_lufs,
    true_peak_dbtp, sample_peak_dbfs : float
        As in :class:`fluxforge.metering.LoudnessResult`, so far.

    Example
    -------
    >>> import numpy as np
    >>> meter = LoudnessMeter(48000, channels=1)
    >>> tone = 0.1 * np.sin(2 * np.pi * 1000 * np.arange(48000) / 48000)
    >>> for block in np.split(tone, 100):
    ...     meter.process(block)
    >>> round(meter.momentary_lufs, 1)
    -23.0
    """

    def process(self, block):
        """Add a block: float32/float64 shaped (frames,) (mono) or (frames, channels)."""
        super().process(as_float_samples(block, "block"))

    def result(self):
        """The figures so far, as a :class:`LoudnessResult`."""
        return LoudnessResult(**self.figures())

"""Gain that brings a signal to a target integrated loudness under a true-peak ceiling."""
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class NormaliseGain:
    """The gain :func:`normalise_gain` chose.

    Attributes
    ----------
    gain_db : float
        Gain to apply to every sample, in dB.
    limited : bool
        True when the true-peak ceiling, not the loudness target, set the gain.
    integrated_lufs, true_peak_dbtp : float
        The figures of the signal after the gain (exact: loudness and true
        peak scale linearly with a constant gain).
    """

    gain_db: float
    limited: bool
    integrated_lufs: float
    true_peak_dbtp: float

    @property
    def volume(self):
        """The gain as a linear factor."""
        return 10.0 ** (self.gain_db / 20.0)


def check_target(target_lufs, true_peak_ceiling_dbtp):
    """Raise ValueError unless the target (-70..0 LUFS) and ceiling (<= 0 dBTP) are usable."""
    if not (isinstance(target_lufs, (int, float)) and math.isfinite(target_lufs)
            and -70.0 <= target_lufs <= 0.0):
        raise ValueError(f"loudness target must be a number of LUFS in -70..0, got {target_lufs!r}")
    if not (isinstance(true_peak_ceiling_dbtp, (int, float))
            and math.isfinite(true_peak_ceiling_dbtp) and true_peak_ceiling_dbtp <= 0.0):
        raise ValueError(f"true-peak ceiling must be a number of dBTP <= 0, "
                         f"got {true_peak_ceiling_dbtp!r}")


def normalise_gain(result, target_lufs, true_peak_ceiling_dbtp=-1.0):
    """The gain that moves ``result``'s integrated loudness to ``target_lufs``,
    lowered so the true peak stays at or below ``true_peak_ceiling_dbtp``.

    Parameters
    ----------
    result : LoudnessResult
        Figures of the signal as it is (true peak measured).
    target_lufs : float
        Target integrated loudness in LUFS (finite, -70..0).
    true_peak_ceiling_dbtp : float, default -1.0
        Highest true peak allowed after the gain, in dBTP (finite, <= 0).

    Returns
    -------
    NormaliseGain

    Raises
    ------
    ValueError
        For a bad target or ceiling, or a signal without integrated loudness
        (digital silence or everything below the -70 LUFS gate).

    Example
    -------
    >>> from fluxforge.metering import LoudnessResult
    >>> r = LoudnessResult(-20.0, 5.0, -18.0, -19.0, -6.0, -6.2)
    >>> normalise_gain(r, -16.0)
    NormaliseGain(gain_db=4.0, limited=False, integrated_lufs=-16.0, true_peak_dbtp=-2.0)
    >>> normalise_gain(r, -14.0).limited
    True
    """
    check_target(target_lufs, true_peak_ceiling_dbtp)
    if not math.isfinite(result.integrated_lufs):
        raise ValueError("cannot normalise: the signal has no integrated loudness "
                         "(silent, or entirely below the -70 LUFS gate)")
    gain_db = target_lufs - result.integrated_lufs
    limited = result.true_peak_dbtp + gain_db > true_peak_ceiling_dbtp
    if limited:
        gain_db = true_peak_ceiling_dbtp - result.true_peak_dbtp
    return NormaliseGain(gain_db, limited, result.integrated_lufs + gain_db,
                         result.true_peak_dbtp + gain_db)

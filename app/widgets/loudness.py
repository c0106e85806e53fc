"""The master strip's loudness section. Layout and bindings: loudness.kv beside this file.

Momentary (M), short-term (S) and integrated (I) loudness in LUFS and true
peak (TP, dBTP) of the master, as the mixer's :class:`app.loudness_state.LoudnessState`
formats them once per frame; the integrated reading is coloured against the
target, which the target button cycles through -23 / -16 / -14 LUFS; the
reset button starts a new measurement (through the mixer model, which asks
the engine). Both buttons are at least 9 mm tall and wide.
"""

from ..loudness_state import NO_READING
from .kvload import load_kv
from .mw_sections import TARGET_DP
from .strip_part import StripPart


class LoudnessSection(StripPart):
    """Readings, target and reset of the master; ``mixer`` (and ``model``) are required.

    Example
    -------
    >>> LoudnessSection(model=mixer.master, mixer=mixer).ids.integrated.text
    'I   \u2014'
    """


load_kv("loudness", TARGET_DP=TARGET_DP, NO_READING=NO_READING)

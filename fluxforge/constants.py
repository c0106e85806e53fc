"""The engine's fixed names and sizes, defined once for Python.

Pure Python (no compiled import), so the session schema and the UI can use
them cheaply. The sizes equal the C core's ``#define``\\ s in
``pyx/csrc/engine/ff_engine.h`` (``FF_BUSES``, ``FF_EQ_BANDS``, ``FF_VOICES``), which
``fluxforge._engine`` exposes as ``BUS_COUNT``, ``EQ_BANDS`` and
``VOICE_SLOTS``; ``tests/test_constants.py`` ties the three together.

Example
-------
>>> BUS_NAMES[0], BUS_COUNT, EQ_BAND_COUNT
('Master', 6, 4)
>>> EQ_KINDS.index("peaking")
5
"""

#: Bus names in the engine's order: a bus's index is its position; 0 is the master output.
BUS_NAMES = ("Master", "Music", "Sfx", "Voice", "Ambience", "Aux")
#: Number of buses, the master included (``FF_BUSES``).
BUS_COUNT = len(BUS_NAMES)
#: Biquad kinds in the order of the C design function's ``kind`` argument.
EQ_KINDS = ("lowpass", "highpass", "bandpass", "notch", "allpass", "peaking",
            "lowshelf", "highshelf", "bypass")
#: EQ bands per track (``FF_EQ_BANDS``).
EQ_BAND_COUNT = 4
#: Voice slots of the engine (``FF_VOICES``).
VOICE_COUNT = 256
#: Highest linear volume of a track, bus, voice or the master (+6 dB).
MAX_VOLUME = 2.0

__all__ = ["BUS_NAMES", "BUS_COUNT", "EQ_KINDS", "EQ_BAND_COUNT", "VOICE_COUNT", "MAX_VOLUME"]

"""Colours of the mixing surface (RGBA 0..1), shared by Python and kv."""

MUTE_COLOR = (1.0, 0.62, 0.1, 1)
#: mute button of a strip silenced by another strip's solo
IMPLICIT_MUTE_COLOR = (0.45, 0.3, 0.12, 1)
SOLO_COLOR = (0.95, 0.85, 0.15, 1)
OFF_COLOR = (0.3, 0.3, 0.33, 1)

"""The mixing engine and what it is made of.

:mod:`~fluxforge.engine.engine` defines :class:`Engine` (the offline and live
mixer), built from :mod:`~fluxforge.engine.tracks`, :mod:`~fluxforge.engine.buses`,
:mod:`~fluxforge.engine.ducking`, :mod:`~fluxforge.engine.loudness` (live loudness)
and :mod:`~fluxforge.engine.voices` over the compiled core ``fluxforge._engine``;
:mod:`~fluxforge.engine.types` holds the value types and checks,
:mod:`~fluxforge.engine.clips` the audio clips, :mod:`~fluxforge.engine.render_file`
the offline bounce, :mod:`~fluxforge.engine.devices` and
:mod:`~fluxforge.engine.stream` the sound card. ``Engine`` is imported on first
use, so importing a sibling (e.g. ``fluxforge.engine.devices``) stays cheap.
"""
from importlib import import_module

__all__ = ["Engine"]


def __getattr__(name):
    if name == "Engine":
        value = import_module("fluxforge.engine.engine").Engine
        globals()[name] = value
        return value
    raise AttributeError(f"module 'fluxforge.engine' has no attribute {name!r}")

"""The mixing engine and what it is made of.

:mod:`~fluxforge.engine.engine` defines :class:`Engine` (the offline and live
mixer). It owns the compiled core ``fluxforge._engine`` and is built from
parts, each in its own module: :mod:`~fluxforge.engine.tracks`,
:mod:`~fluxforge.engine.buses`, :mod:`~fluxforge.engine.voices`,
:mod:`~fluxforge.engine.ducking`, :mod:`~fluxforge.engine.loudness` (live
loudness), :mod:`~fluxforge.engine.transport`,
:mod:`~fluxforge.engine.commands` (the command ring's sender) and
:mod:`~fluxforge.engine.live` (its live stream); :mod:`~fluxforge.engine.forward`
makes the parts' methods the engine's. :mod:`~fluxforge.engine.params` is the
one table of parameters (ranges, defaults, C fields);
:mod:`~fluxforge.engine.types` holds the value types and checks,
:mod:`~fluxforge.engine.clips` the audio clips, :mod:`~fluxforge.engine.render_file`
and :mod:`~fluxforge.engine.bounce` the offline bounces, :mod:`~fluxforge.engine.devices`
and :mod:`~fluxforge.engine.stream` the sound card. ``Engine`` is imported on first
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

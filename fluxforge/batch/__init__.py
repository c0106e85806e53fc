"""Batch work over many files on Dask: analyse a sound library, render many sessions.

:func:`analyze` measures audio files (loudness, peaks, DC, clipping) into
rows and fills the waveform caches; :class:`ResultStore` keeps the report and
skips unchanged files on a rerun; :func:`render_sessions` renders session
files (and per-bus stems) bit-identically to ``fluxforge render``.
"""
from fluxforge.batch.analyze import analyze
from fluxforge.batch.render import render_sessions
from fluxforge.batch.row import ROW_COLUMNS, analyze_row
from fluxforge.batch.store import ResultStore

__all__ = ["analyze", "analyze_row", "ROW_COLUMNS", "ResultStore", "render_sessions"]

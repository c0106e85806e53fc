"""Waveform overviews and zoom pyramids of audio files.

:mod:`~fluxforge.waveform.reduce` (min/max reduction over the compiled ``fluxforge._wave``),
:mod:`~fluxforge.waveform.pyramid` (the zoom pyramid and its whole-clip overview),
:mod:`~fluxforge.waveform.source` (reading audio files), :mod:`~fluxforge.waveform.file_format`
(the ``.wfm`` / ``.wfp`` files), :mod:`~fluxforge.waveform.pyramid_cache` (pyramids cached
on disk and in memory: the mixer's strip waveforms) and
:mod:`~fluxforge.waveform.overview_service` (fixed 2048-point overview files).
"""

"""Caching parts shared by the engine and the waveform code.

:mod:`~fluxforge.cache.lru` (the compiled LRU index), :mod:`~fluxforge.cache.keys`
(cache keys of files and clips), :mod:`~fluxforge.cache.disk_quota` (a folder kept
within a byte budget), :mod:`~fluxforge.cache.atomic` (write-then-rename files) and
:mod:`~fluxforge.cache.audio_cache` (decoded clips within a memory budget).
"""

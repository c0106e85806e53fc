"""Where FluxForge keeps its caches on disk: one folder shared by the app and the tools.

``cache_folder()`` is ``$XDG_CACHE_HOME/fluxforge`` (``~/.cache/fluxforge``).
Inside it, ``waveforms/`` holds the overview files (``<path key>.wfm``,
:class:`~fluxforge.waveform.overview_service.WaveformCacheService`) and
``pyramids/`` the zoomable min/max pyramids (``<path key>.wfp``,
:class:`~fluxforge.waveform.pyramid_cache.WaveCacheManager`).
``fluxforge analyze`` fills both; the mixer draws its strips' waveforms from
``pyramids/``, so a library analysed once opens without decoding.

Example
-------
>>> waveform_cache_dir().parent == cache_folder(), pyramid_cache_dir().name
(True, 'pyramids')
"""
import os
from pathlib import Path


def cache_folder():
    """FluxForge's cache folder: ``$XDG_CACHE_HOME/fluxforge`` (~/.cache/fluxforge)."""
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "fluxforge"


def waveform_cache_dir():
    """Folder of the ``.wfm`` waveform overviews: ``cache_folder() / 'waveforms'``."""
    return cache_folder() / "waveforms"


def pyramid_cache_dir():
    """Folder of the ``.wfp`` waveform pyramids: ``cache_folder() / 'pyramids'``."""
    return cache_folder() / "pyramids"

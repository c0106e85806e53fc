"""FluxForge: a real-time audio mixing engine with a touch mixing surface.

The public API lives here; compiled modules (``fluxforge._dsp``,
``fluxforge._engine``, ...) are private and re-exported by the plain-Python
modules below. Names are imported lazily so that ``import fluxforge`` stays
cheap and a missing optional part (no audio device, no display) never breaks
the rest.

Example
-------
>>> import fluxforge
>>> fluxforge.dsp.simd_level()
'avx512'
"""
from importlib import import_module

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Engine": "fluxforge.engine.engine",
    "Biquad": "fluxforge.dsp",
    "BiquadBank": "fluxforge.dsp",
    "BUS_NAMES": "fluxforge.engine.types",
    "TrackInfo": "fluxforge.engine.types",
    "Clip": "fluxforge.engine.clips",
    "load_clip": "fluxforge.engine.clips",
    "devices": "fluxforge.engine.devices",
    "NoAudioDeviceError": "fluxforge.engine.devices",
    "EngineStream": "fluxforge.engine.stream",
    "LruIndex": "fluxforge.cache.lru",
    "LruFullError": "fluxforge.cache.lru",
    "AudioCache": "fluxforge.cache.audio_cache",
    "WaveCacheManager": "fluxforge.waveform.pyramid_cache",
    "WaveformCacheService": "fluxforge.waveform.overview_service",
    "Session": "fluxforge.session.files",
    "load_session": "fluxforge.session.files",
    "save_session": "fluxforge.session.files",
    "SessionError": "fluxforge.session.files",
    "write_demo": "fluxforge.demo.project",
    "engine_from_session": "fluxforge.session.apply",
    "session_from_engine": "fluxforge.session.apply",
    "LoudnessMeter": "fluxforge.loudness",
    "LoudnessResult": "fluxforge.loudness",
}
# attribute -> module (the sub-packages, and a few modules under their short names)
_SUBMODULES = {
    "dsp": "fluxforge.dsp",
    "engine": "fluxforge.engine",
    "waveform": "fluxforge.waveform",
    "cache": "fluxforge.cache",
    "session": "fluxforge.session",
    "cli": "fluxforge.cli",
    "demo": "fluxforge.demo",
    "bench": "fluxforge.bench",
    "loudness": "fluxforge.loudness",
    "lru": "fluxforge.cache.lru",
    "devices": "fluxforge.engine.devices",
}


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = import_module(_SUBMODULES[name])
    else:
        raise AttributeError(f"module 'fluxforge' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)

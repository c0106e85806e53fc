"""FluxForge: a real-time audio mixing engine with a touch mixing surface.

The public API lives here; compiled modules (``fluxforge._dsp``,
``fluxforge._engine``, ...) are private and re-exported by the plain-Python
modules below. Names are imported lazily so that ``import fluxforge`` stays
cheap and a missing optional part (no audio device, no display) never breaks
the rest.

Example
-------
>>> import fluxforge
>>> fluxforge.dsp.simd_level()  # doctest: +SKIP
'avx512'
"""
from importlib import import_module

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Engine": "fluxforge.engine",
    "Biquad": "fluxforge.dsp",
    "BiquadBank": "fluxforge.dsp",
    "BUS_NAMES": "fluxforge.engine_types",
    "TrackInfo": "fluxforge.engine_types",
    "Clip": "fluxforge.clips",
    "load_clip": "fluxforge.clips",
    "devices": "fluxforge.devices",
    "NoAudioDeviceError": "fluxforge.devices",
    "EngineStream": "fluxforge.stream",
    "LruIndex": "fluxforge.lru",
    "LruFullError": "fluxforge.lru",
    "AudioCache": "fluxforge.audio_cache",
    "WaveCacheManager": "fluxforge.wavecache",
    "WaveformCacheService": "fluxforge.waveform_service",
    "Session": "fluxforge.session",
    "load_session": "fluxforge.session",
    "save_session": "fluxforge.session",
    "SessionError": "fluxforge.session",
    "write_demo": "fluxforge.demo",
    "engine_from_session": "fluxforge.session_apply",
    "session_from_engine": "fluxforge.session_apply",
    "LoudnessMeter": "fluxforge.loudness",
    "LoudnessResult": "fluxforge.loudness",
}
_SUBMODULES = {"loudness", "dsp", "demo", "cli", "session", "lru", "engine", "devices"}


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = import_module(f"fluxforge.{name}")
    else:
        raise AttributeError(f"module 'fluxforge' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)

"""One row of a batch analysis: a file's figures, or the reason it has none.

A row has exactly :data:`ROW_COLUMNS`; ``error`` is None when the file was
measured, else a message naming the file and the reason (and the figures are
None). Digital silence's -inf dB figures are kept as ``-inf`` floats.
Measuring a file also writes its waveform overview and pyramid into the
waveform caches (:mod:`fluxforge.cache.location`), so the mixer opens it
without decoding.

Example
-------
>>> row = analyze_row("/no/such.wav", cache_dir=None)
>>> row["error"], row["duration_s"]
('/no/such.wav: no such file', None)
"""
import warnings
from pathlib import Path

from fluxforge.batch.measure import measure_file

ROW_COLUMNS = ("path", "duration_s", "samplerate", "channels", "sample_peak_dbfs",
               "true_peak_dbtp", "integrated_lufs", "lra_lu", "dc_offset", "clipped_samples",
               "error")
_caches = {}    # cache folder -> (overviews, pyramids), one pair per process


def error_row(path, message):
    """The row of a file that could not be measured."""
    return {**dict.fromkeys(ROW_COLUMNS), "path": str(path), "error": message}


def _waveform_caches(cache_dir):
    from fluxforge.waveform.overview_service import WaveformCacheService
    from fluxforge.waveform.pyramid_cache import WaveCacheManager
    key = str(cache_dir)
    if key not in _caches:
        root = Path(cache_dir)
        _caches[key] = (WaveformCacheService(root / "waveforms", memory_entries=1),
                        WaveCacheManager(root / "pyramids", memory_budget_bytes=64 * 1024**2))
    return _caches[key]


def write_waveforms(path, cache_dir):
    """Build ``path``'s overview (``.wfm``) and pyramid (``.wfp``) into ``cache_dir``."""
    overviews, pyramids = _waveform_caches(cache_dir)
    overviews.overview(path)
    pyramids.pyramid(path)
    pyramids.unload(path)


def analyze_row(path, cache_dir):
    """Measure one file; with a ``cache_dir``, also write its waveforms there.

    Never raises for a bad file: the row's ``error`` names the file and reason.
    """
    try:
        figures = measure_file(path)
    except (OSError, ValueError, MemoryError) as err:
        return error_row(path, str(err))
    row = {k: figures.get(k) for k in ROW_COLUMNS}
    row["path"] = str(path)
    if cache_dir is not None and figures["duration_s"] > 0:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                write_waveforms(path, cache_dir)
        except (OSError, ValueError) as err:
            row["error"] = f"{path}: measured, but waveform cache not written: {err}"
    return row

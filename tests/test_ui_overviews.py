"""The strips' waveforms come from the waveform pyramids the analyzer leaves in the cache.

Real WAV files, a real cache folder: ``fluxforge analyze``'s row function
writes each file's ``.wfp`` pyramid; the mixer's overview loader then reads
those files (no decode, no build) and every strip gets the pyramid's
whole-clip overview; a track made from an array gets one from memory.
"""
import numpy as np
import pytest

from fluxforge.batch.row import analyze_row
from fluxforge.waveform.pyramid import WavePyramid
from fluxforge.waveform.pyramid_cache import WaveCacheManager
from fluxforge.waveform.reduce import OVERVIEW_POINTS, minmax_pyramid

pytestmark = pytest.mark.gui


def expected_overview(samples, samplerate=48000):
    pyramid = WavePyramid.from_levels(minmax_pyramid(samples), samples.shape[0], samplerate)
    return pyramid.overview(OVERVIEW_POINTS)


def load(kivy_ui, engine, pyramids):
    from app.mixer_model import MixerModel
    model = MixerModel(engine, offline=True)
    loader = model.load_overviews(pyramids)
    assert loader.join(30.0) and not loader.failures
    kivy_ui.frames(2)                         # the overviews are set on the UI thread
    return model


def test_analysed_files_open_from_the_cached_pyramids(kivy_ui, write_audio, tmp_path):
    from fluxforge import Engine
    cache = tmp_path / "cache"
    files = [write_audio(f"stem{i}.wav", 30000 + 7000 * i, channels=1 + i % 2, seed=i)
             for i in range(3)]
    for path, _ in files:
        assert analyze_row(path, cache)["error"] is None
    assert len(list((cache / "pyramids").glob("*.wfp"))) == 3
    engine = Engine(48000, 512)
    for path, _ in files:
        engine.add_track(path)
    with WaveCacheManager(cache / "pyramids") as pyramids:
        model = load(kivy_ui, engine, pyramids)
        stats = pyramids.stats()
    assert (stats["file_loads"], stats["builds"]) == (3, 0)      # read, never decoded
    for strip, (_, samples) in zip(model.tracks, files):
        np.testing.assert_array_equal(strip.overview, expected_overview(samples))
        assert strip.overview.shape[1] == 2 and strip.overview.shape[0] <= OVERVIEW_POINTS


def test_a_file_without_a_cached_pyramid_is_built_into_the_folder(kivy_ui, write_audio,
                                                                   tmp_path):
    from fluxforge import Engine
    path, samples = write_audio("new.wav", 48000)
    engine = Engine(48000, 512)
    engine.add_track(path)
    engine.add_track(samples[:, 0].copy(), name="array")
    with WaveCacheManager(tmp_path / "pyramids") as pyramids:
        model = load(kivy_ui, engine, pyramids)
        assert pyramids.stats()["builds"] == 2              # the file, and the array in memory
    assert len(list((tmp_path / "pyramids").glob("*.wfp"))) == 1   # only the file's
    np.testing.assert_array_equal(model.tracks[0].overview, expected_overview(samples))
    np.testing.assert_array_equal(model.tracks[1].overview,
                                  expected_overview(samples[:, :1]))

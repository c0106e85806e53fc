"""Edits collected by the mixer model reach the engine exactly (Hypothesis).

Random edits to random strips, with frames in between: after every frame the
engine's state equals what the strips show, and each frame made at most one
batch call however many edits it carried. No window is needed: the model is
Kivy properties only.
"""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.balance import balance_to_dual_pan
from app.taper import MAX_DB, db_to_volume

TRACKS = 6

volume_db = st.one_of(st.just(-math.inf), st.floats(-80.0, MAX_DB))
edit = st.one_of(
    st.tuples(st.integers(0, TRACKS - 1), st.just("volume_db"), volume_db),
    st.tuples(st.integers(0, TRACKS - 1), st.just("pan"), st.floats(-1.0, 1.0)),
    st.tuples(st.integers(0, TRACKS - 1), st.just("muted"), st.booleans()),
    st.tuples(st.integers(0, TRACKS - 1), st.just("solo"), st.booleans()),
    st.tuples(st.integers(0, TRACKS - 1), st.just("bus"), st.integers(0, 5)),
)
frames = st.lists(st.lists(edit, max_size=12), min_size=1, max_size=6)


@pytest.fixture(scope="module")
def engine_and_model():
    from fluxforge import Engine

    from app.mixer_model import MixerModel
    engine = Engine(samplerate=48000, blocksize=512)
    for i in range(TRACKS):
        audio = np.sin(np.arange(4800) * 0.05 * (i + 1)).astype(np.float32)
        engine.add_track(audio if i % 2 else np.stack([audio, audio], axis=1), name=f"T{i}")
    yield engine, MixerModel(engine, offline=True)
    engine.close()


def expected_pans(strip):
    if strip.stereo:
        return balance_to_dual_pan(strip.pan)
    return strip.pan, None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frames)
def test_engine_follows_the_strips(engine_and_model, script):
    engine, model = engine_and_model
    for edits in script:
        before = model.stats["batch_calls"]
        for index, prop, value in edits:
            setattr(model.tracks[index], prop, value)
        model.frame(1 / 60)
        assert model.stats["batch_calls"] - before <= 1
        any_solo = any(s.solo for s in model.tracks)
        for strip in model.tracks:
            info = engine.track(strip.ident)
            assert info.volume == pytest.approx(db_to_volume(strip.volume_db), abs=1e-12)
            pan, pan_right = expected_pans(strip)
            assert info.pan == pytest.approx(pan)
            if pan_right is not None:
                assert info.pan_right == pytest.approx(pan_right)
            assert (info.muted, info.solo, info.bus) == (strip.muted, strip.solo, strip.bus)
            assert strip.implicit_muted == (any_solo and not strip.solo)
            assert strip.bus_name == engine.BUS_NAMES[strip.bus]


def test_a_session_without_tracks_still_has_buses_and_master():
    from fluxforge import Engine

    from app.mixer_model import MixerModel
    with Engine() as engine:
        model = MixerModel(engine, offline=True)
        model.play()
        model.frame(1 / 60)
        assert model.tracks == [] and len(model.buses) == 5
        assert model.meters.levels.shape == (6, 6)
        assert model.stats["meter_reads"] == 1


def test_a_sessions_own_dual_pan_stays_until_the_balance_moves():
    from fluxforge import Engine

    from app.mixer_model import MixerModel
    with Engine() as engine:
        audio = np.zeros((4800, 2), np.float32)
        tid = engine.add_track(audio, name="Narrow")
        engine.set_track_pan(tid, -0.5)
        engine.set_track_pan_right(tid, 0.5)
        model = MixerModel(engine, offline=True)
        strip = model.tracks[0]
        strip.volume_db = -6.0
        model.frame(1 / 60)
        info = engine.track(tid)
        assert info.volume == pytest.approx(db_to_volume(-6.0))
        assert (info.pan, info.pan_right) == (-0.5, 0.5)
        strip.pan = 0.5
        model.frame(1 / 60)
        info = engine.track(tid)
        assert (info.pan, info.pan_right) == pytest.approx(balance_to_dual_pan(0.5))


def test_bus_meters_land_in_the_bus_and_master_columns(engine_and_model):
    engine, model = engine_and_model
    for strip in model.tracks:                      # audible, whatever earlier tests left
        strip.volume_db, strip.muted, strip.solo = 0.0, False, False
    model.play()
    model.frame(0.05)
    model.stop()
    n = len(model.tracks)
    want = [np.zeros(6) for _ in range(5)]
    engine.read_bus_meters(*want)
    np.testing.assert_array_equal(model.meters.levels[:4, n:], np.array(want[:4]))
    assert model.meters.levels[0, n] > 0                 # the master column moves
    assert model.strip_at(n) is model.master

"""Mute and solo rules: tracks, buses, and their meters."""
import numpy as np
import pytest

from tests.fixtures.engine import dc

GAIN = np.cos(np.pi / 4)   # centred mono, per side


def three_tracks(engine):
    """Tracks 0.1, 0.2, 0.4 (DC, mono, centred): the output level tells which sound."""
    return [engine.add_track(dc(v, 8192)) for v in (0.1, 0.2, 0.4)]


def level_after_ramp(engine):
    engine.render(engine.blocksize)          # the ramp block
    return float(engine.render(256)[-1, 0]) / GAIN


@pytest.mark.parametrize("muted,soloed,audible", [
    ((), (), (0, 1, 2)),
    ((0,), (), (1, 2)),
    ((), (1,), (1,)),
    ((), (0, 2), (0, 2)),
    ((1,), (1,), ()),               # solo does not override mute
    ((0,), (1, 2), (1, 2)),
    ((2,), (1, 2), (1,)),
])
def test_track_mute_solo(make_engine, simd_level, muted, soloed, audible):
    engine = make_engine()
    ids = three_tracks(engine)
    for i in muted:
        engine.set_track_mute(ids[i], True)
    for i in soloed:
        engine.set_track_solo(ids[i], True)
    engine.play()
    assert level_after_ramp(engine) == pytest.approx(sum((0.1, 0.2, 0.4)[i] for i in audible),
                                                     abs=1e-6)


def test_unsolo_restores_everything(make_engine):
    engine = make_engine()
    ids = three_tracks(engine)
    engine.play()
    engine.set_track_solo(ids[0], True)
    assert level_after_ramp(engine) == pytest.approx(0.1, abs=1e-6)
    engine.batch_set_track_params(ids, solo=[False] * 3)
    assert level_after_ramp(engine) == pytest.approx(0.7, abs=1e-6)


def test_muted_track_meters_fall_not_freeze(make_engine):
    engine = make_engine()
    tid = engine.add_track(dc(0.5, 48000 * 4))
    engine.play()
    engine.render(4096)
    ids, meters = np.zeros(1, np.uint64), [np.zeros(1) for _ in range(5)]
    engine.read_meters(ids, *meters)
    assert meters[0][0] == pytest.approx(0.5 * GAIN, abs=1e-9)
    engine.set_track_mute(tid, True)
    engine.render(512)            # ramp to silence
    previous = None
    for _ in range(5):
        engine.render(512)
        engine.read_meters(ids, *meters)
        if previous is not None:
            assert meters[0][0] == pytest.approx(previous * 10 ** (-26 * 512 / 48000 / 20),
                                                 rel=1e-9)
        previous = meters[0][0]
    assert 0 < previous < 0.5 * GAIN


@pytest.mark.parametrize("soloed,routes,audible", [
    ((), {}, ("master", "music", "sfx")),
    (("Music",), {}, ("music",)),
    (("Music", "Sfx"), {}, ("music", "sfx")),
    # everything passes through Master: soloing it alone silences nothing
    (("Master",), {}, ("master", "music", "sfx")),
    # Sfx feeds Music: soloing Music keeps Sfx (it passes through Music) ...
    (("Music",), {"Sfx": "Music"}, ("music", "sfx")),
    # ... soloing Sfx keeps Music's own inputs out, Music still passes Sfx on
    (("Sfx",), {"Sfx": "Music"}, ("sfx",)),
])
def test_bus_solo(make_engine, soloed, routes, audible):
    engine = make_engine()
    levels = {"master": 0.1, "music": 0.2, "sfx": 0.4}
    engine.add_track(dc(levels["master"], 8192), bus="Master")
    engine.add_track(dc(levels["music"], 8192), bus="Music")
    engine.add_track(dc(levels["sfx"], 8192), bus="Sfx")
    for bus, output in routes.items():
        engine.set_bus_output(bus, output)
    for bus in soloed:
        engine.set_bus_solo(bus, True)
    engine.play()
    assert level_after_ramp(engine) == pytest.approx(sum(levels[n] for n in audible), abs=1e-6)


def test_bus_mute_silences_what_passes_through(make_engine):
    engine = make_engine()
    engine.add_track(dc(0.2, 8192), bus="Music")
    engine.add_track(dc(0.4, 8192), bus="Sfx")
    engine.set_bus_output("Sfx", "Music")
    engine.set_bus_mute("Music", True)
    engine.play()
    assert level_after_ramp(engine) == pytest.approx(0.0, abs=1e-7)
    engine.set_bus_mute("Music", False)
    engine.set_bus_mute("Sfx", True)
    assert level_after_ramp(engine) == pytest.approx(0.2, abs=1e-6)


def test_track_solo_is_separate_from_bus_solo(make_engine):
    engine = make_engine()
    a = engine.add_track(dc(0.2, 8192), bus="Music")
    engine.add_track(dc(0.4, 8192), bus="Sfx")
    engine.set_track_solo(a, True)
    engine.set_bus_solo("Sfx", True)
    engine.play()
    assert level_after_ramp(engine) == pytest.approx(0.0, abs=1e-7)

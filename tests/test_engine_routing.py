"""Bus routing: chains, self-routes and cycles fall back to Master."""
import numpy as np
import pytest

from fluxforge.engine.buses import processing_order, resolve_routing
from tests.fixtures.engine import dc

GAIN = np.cos(np.pi / 4)


@pytest.mark.parametrize("requested,resolved", [
    ([0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]),
    ([0, 2, 3, 0, 0, 0], [0, 2, 3, 0, 0, 0]),          # chain 1 -> 2 -> 3 -> Master
    ([0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]),          # self-route
    ([0, 2, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0]),          # 2-cycle
    ([0, 2, 3, 1, 3, 0], [0, 0, 0, 0, 3, 0]),          # 3-cycle; 4 feeds into it
    ([0, 0, 0, 0, 5, 4], [0, 0, 0, 0, 0, 0]),
])
def test_resolve_routing(requested, resolved):
    assert resolve_routing(requested) == resolved
    order = processing_order(resolved)
    assert sorted(order) == list(range(6)) and order[-1] == 0
    for bus in range(1, 6):
        assert order.index(bus) < order.index(resolved[bus])


def test_chain_applies_every_bus_gain(make_engine, simd_level):
    engine = make_engine()
    engine.add_track(dc(0.1, 8192), bus="Sfx")
    engine.set_bus_output("Sfx", "Voice")
    engine.set_bus_output("Voice", "Aux")
    engine.set_bus_volume("Sfx", 2.0)
    engine.set_bus_volume("Voice", 1.5)
    engine.set_bus_volume("Aux", 0.5)
    engine.set_master_volume(0.8)
    engine.play()
    out = engine.render(1024)
    np.testing.assert_allclose(out[:, 0], 0.1 * GAIN * 2.0 * 1.5 * 0.5 * 0.8, rtol=1e-6)


def test_cycle_plays_through_master_and_is_reported(make_engine):
    engine = make_engine()
    engine.add_track(dc(0.1, 8192), bus="Music")
    engine.add_track(dc(0.2, 8192), bus="Sfx")
    engine.set_bus_output("Music", "Sfx")
    engine.set_bus_output("Sfx", "Music")
    engine.set_bus_volume("Sfx", 2.0)
    engine.play()
    engine.render(512)
    out = engine.render(512)
    # Music would go into Sfx, but Sfx -> Music closes a cycle: both play straight to Master
    np.testing.assert_allclose(out[:, 0], (0.1 + 0.2 * 2.0) * GAIN, rtol=1e-6)
    assert engine.bus_state("Music").output == 2
    assert engine.bus_state("Music").routed_to == 0
    engine.set_bus_output("Sfx", "Master")          # break the cycle: Music -> Sfx now holds
    engine.render(512)
    out = engine.render(512)
    np.testing.assert_allclose(out[:, 0], (0.1 + 0.2) * 2.0 * GAIN, rtol=1e-6)


def test_master_cannot_be_routed(make_engine):
    engine = make_engine()
    with pytest.raises(ValueError, match="Master"):
        engine.set_bus_output("Master", "Music")
    engine.set_bus_output(0, 0)


def test_bus_meters_and_master_meter(make_engine):
    engine = make_engine()
    engine.add_track(dc(0.2, 8192), bus="Music")
    engine.set_master_volume(0.5)
    engine.play()
    engine.render(1024)
    meters = [np.zeros(6) for _ in range(5)]
    assert engine.read_bus_meters(*meters) == 6
    peak_l = meters[0]
    assert peak_l[1] == pytest.approx(0.2 * GAIN, rel=1e-6)        # Music, post fader
    assert peak_l[0] == pytest.approx(0.2 * GAIN * 0.5, rel=1e-6)  # Master = after master stage
    assert np.all(peak_l[2:] == 0)
    assert meters[4][1] == pytest.approx(1.0)                      # L == R: correlation 1

"""The fader taper and meter scale (pure functions, no Kivy)."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.taper import (FADER_BREAKPOINTS, MAX_DB, db_to_position, db_to_volume,
                       format_db, meter_db_to_position, meter_positions,
                       position_to_db, round_db, volume_to_db)


def test_taper_anchor_points():
    assert db_to_position(-math.inf) == 0.0
    assert position_to_db(0.0) == -math.inf
    assert db_to_position(0.0) == pytest.approx(0.75)
    assert position_to_db(0.75) == pytest.approx(0.0)
    assert db_to_position(MAX_DB) == 1.0
    assert position_to_db(1.0) == pytest.approx(6.0206, abs=1e-4)


def test_taper_clamps_outside_the_travel():
    assert db_to_position(40.0) == 1.0
    assert position_to_db(1.5) == pytest.approx(MAX_DB)
    assert position_to_db(-0.2) == -math.inf


@given(st.floats(0.0, 1.0))
def test_position_round_trips(position):
    assert db_to_position(position_to_db(position)) == pytest.approx(position, abs=1e-9)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_taper_is_monotonic(a, b):
    lo, hi = sorted((a, b))
    assert position_to_db(lo) <= position_to_db(hi)


def test_taper_is_continuous_at_every_breakpoint():
    for position, gain_db in FADER_BREAKPOINTS:
        assert position_to_db(position - 1e-9) == pytest.approx(gain_db, abs=1e-4)
        assert position_to_db(position + 1e-9) == pytest.approx(gain_db, abs=1e-4)


def test_more_travel_per_db_near_zero_than_at_the_bottom():
    near_zero = db_to_position(0.0) - db_to_position(-1.0)
    low = db_to_position(-40.0) - db_to_position(-41.0)
    assert near_zero > 2 * low


def test_volume_conversions():
    assert volume_to_db(1.0) == 0.0
    assert volume_to_db(0.0) == -math.inf
    assert db_to_volume(-math.inf) == 0.0
    assert db_to_volume(MAX_DB) == pytest.approx(2.0)
    assert db_to_volume(volume_to_db(0.5)) == pytest.approx(0.5)


@pytest.mark.parametrize("gain_db, text", [
    (-math.inf, "-inf"), (0.0, "0.0"), (-0.04, "0.0"), (0.049, "0.0"), (1.25, "+1.2"),
    (-12.04, "-12.0"), (-3.16, "-3.2"), (MAX_DB, "+6.0")])
def test_readout_has_0_1_db_resolution(gain_db, text):
    assert format_db(gain_db) == text


def test_round_db():
    assert round_db(-3.14159) == -3.1
    assert round_db(-math.inf) == -math.inf


@pytest.mark.parametrize("bad, exc", [("0", TypeError), (None, TypeError), (True, TypeError),
                                      (float("nan"), ValueError)])
def test_bad_input_is_rejected_with_a_clear_error(bad, exc):
    with pytest.raises(exc, match="gain_db"):
        db_to_position(bad)
    with pytest.raises(exc, match="position"):
        position_to_db(bad)


def test_negative_volume_is_rejected():
    with pytest.raises(ValueError, match="volume"):
        volume_to_db(-0.1)


def test_meter_positions_in_place():
    levels = np.array([[0.0, 1e-3, 1.0, 2.0, 10.0]])
    out = np.empty_like(levels)
    result = meter_positions(levels, out)
    assert result is out
    assert out[0, 0] == 0.0
    assert out[0, 1] == pytest.approx(meter_db_to_position(-60.0))
    assert out[0, 2] == pytest.approx(meter_db_to_position(0.0))
    assert out[0, 3] == pytest.approx(meter_db_to_position(20 * math.log10(2.0)))
    assert out[0, 4] == 1.0


def test_meter_positions_shape_mismatch():
    with pytest.raises(ValueError, match="shape"):
        meter_positions(np.zeros(3), np.zeros(4))

"""Peak hold, clip latch and meter display arrays (NumPy only)."""
import numpy as np
import pytest

from app.meter_state import (CLIP_LEVEL, HOLD_L, HOLD_R, PEAK_HOLD_S, PEAK_L, PEAK_R,
                             MeterState)
from app.taper import meter_db_to_position


def test_peak_hold_stays_for_its_time_then_follows_the_meter():
    state = MeterState(1)
    state.levels[PEAK_L] = 0.5
    state.update(now_s=10.0)
    state.levels[PEAK_L] = 0.1
    state.update(now_s=10.0 + PEAK_HOLD_S - 0.01)
    assert state.levels[HOLD_L, 0] == 0.5
    state.update(now_s=10.0 + PEAK_HOLD_S + 0.01)
    assert state.levels[HOLD_L, 0] == pytest.approx(0.1)
    state.levels[PEAK_L] = 0.05
    state.update(now_s=10.0 + PEAK_HOLD_S + 0.02)
    assert state.levels[HOLD_L, 0] == pytest.approx(0.05)


def test_a_new_peak_restarts_the_hold_time():
    state = MeterState(1)
    state.levels[PEAK_R] = 0.3
    state.update(0.0)
    state.levels[PEAK_R] = 0.6
    state.update(1.0)
    state.levels[PEAK_R] = 0.2
    state.update(1.0 + PEAK_HOLD_S - 0.1)
    assert state.levels[HOLD_R, 0] == 0.6


def test_clip_light_latches_until_cleared_and_reports_only_new_clips():
    state = MeterState(3)
    state.levels[PEAK_R, 2] = CLIP_LEVEL
    assert state.update(0.0).tolist() == [2]
    state.levels[PEAK_R, 2] = 0.1
    assert state.update(0.1).tolist() == []
    assert state.clipped.tolist() == [False, False, True]
    state.clear_clip(2)
    assert not state.clipped[2]
    state.levels[PEAK_L, 2] = 1.5
    assert state.update(0.2).tolist() == [2]


def test_display_rows_are_meter_scale_fractions():
    state = MeterState(2)
    state.levels[PEAK_L] = [1.0, 0.0]
    state.update(0.0)
    assert state.display[PEAK_L, 0] == pytest.approx(meter_db_to_position(0.0))
    assert state.display[PEAK_L, 1] == 0.0
    assert state.display[HOLD_L, 0] == pytest.approx(meter_db_to_position(0.0))


def test_update_does_not_reallocate_the_arrays():
    state = MeterState(4)
    levels, display = state.levels, state.display
    state.levels[:4] = np.random.default_rng(1).random((4, 4))
    state.update(0.0)
    assert state.levels is levels and state.display is display


@pytest.mark.parametrize("count, exc", [(-1, ValueError), (2.0, TypeError), (True, TypeError)])
def test_bad_count(count, exc):
    with pytest.raises(exc, match="count"):
        MeterState(count)


def test_clear_clip_out_of_range():
    with pytest.raises(IndexError, match="strip index 5"):
        MeterState(2).clear_clip(5)

"""Kinetic scrolling physics (no window needed beyond Kivy's metrics)."""
import math

import pytest

from app.widgets.fling import (DECAY_PER_S, MAX_FLING_DP_S, MIN_FLING_DP_S, Fling,
                               VelocityTracker)


def test_velocity_uses_only_the_recent_window():
    v = VelocityTracker()
    v.add(0.0, 0.0)
    v.add(1.0, 1000.0)   # a slow drag a second ago...
    v.add(1.05, 1000.0)
    v.add(1.10, 1000.0)  # ...then the finger held still
    assert v.velocity() == pytest.approx(0.0)


def test_velocity_needs_two_samples():
    v = VelocityTracker()
    assert v.velocity() == 0.0
    v.add(0.0, 5.0)
    assert v.velocity() == 0.0


def test_slow_releases_do_not_fling_and_fast_ones_are_capped(kivy_window):
    from kivy.metrics import dp
    fling = Fling()
    assert not fling.start(dp(MIN_FLING_DP_S) * 0.5)
    assert not fling.start(math.nan)
    assert fling.start(-1e9)
    assert fling.velocity == -dp(MAX_FLING_DP_S)


def test_fling_distance_is_the_integral_of_the_decaying_speed(kivy_window):
    fling = Fling()
    fling.start(2000.0)
    total = sum(fling.step(0.01) for _ in range(1000))
    # v0 / k in the limit, minus the tail cut off below the stop speed
    assert total == pytest.approx(2000.0 / DECAY_PER_S, rel=0.02)
    assert not fling.active
    assert fling.step(0.01) == 0.0

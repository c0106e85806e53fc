"""Loudness readings of the surface: formatting, colours, and work only when a value moved."""
import math

import numpy as np
import pytest

from app.loudness_state import (IDLE_COLOR, NEAR_TARGET_COLOR, NO_READING, OFF_TARGET_COLOR,
                                ON_TARGET_COLOR, TARGETS_LUFS, TEXT_COLOR, LoudnessState,
                                format_reading, target_color)
from app.strip_model import StripModel
from fluxforge.engine.loudness import (INTEGRATED_LUFS, MOMENTARY_LUFS, SHORT_TERM_LUFS,
                                       TRUE_PEAK_DBTP)


def make_state():
    buses = [StripModel(kind="bus", index=i, ident=i) for i in range(1, 6)]
    return LoudnessState(buses), buses


def test_readings_are_formatted_with_a_dash_for_none():
    assert format_reading(-23.04) == "-23.0"
    assert format_reading(-0.04) == "0.0"
    assert format_reading(1.25) == "+1.2"
    assert format_reading(-math.inf) == NO_READING == format_reading(math.nan)


@pytest.mark.parametrize("integrated, target, color", [
    (-23.0, -23.0, ON_TARGET_COLOR), (-24.0, -23.0, ON_TARGET_COLOR),
    (-21.9, -23.0, NEAR_TARGET_COLOR), (-19.0, -16.0, NEAR_TARGET_COLOR),
    (-23.0, -14.0, OFF_TARGET_COLOR), (-math.inf, -14.0, IDLE_COLOR)])
def test_integrated_colour_against_the_target(integrated, target, color):
    assert target_color(integrated, target) == color


def test_texts_change_only_when_a_value_moved_by_a_tenth():
    state, buses = make_state()
    state.rows[0, [MOMENTARY_LUFS, SHORT_TERM_LUFS, INTEGRATED_LUFS, TRUE_PEAK_DBTP]] = \
        [-20.0, -21.0, -23.2, -0.5]
    state.rows[2, SHORT_TERM_LUFS] = -30.0
    state.refresh()
    assert (state.momentary_text, state.short_term_text, state.integrated_text,
            state.true_peak_text) == ("-20.0", "-21.0", "-23.2", "-0.5")
    assert buses[1].short_term_text == "-30.0" and buses[0].short_term_text == NO_READING
    assert tuple(state.integrated_color) == ON_TARGET_COLOR and tuple(state.true_peak_color) == OFF_TARGET_COLOR
    formats = state.formats
    state.rows[0, MOMENTARY_LUFS] = -20.06            # moved less than 0.1: nothing to do
    state.refresh()
    state.refresh()
    assert state.formats == formats and state.momentary_text == "-20.0"
    state.rows[0, MOMENTARY_LUFS] = -20.12
    state.rows[0, TRUE_PEAK_DBTP] = -3.0
    state.refresh()
    assert state.momentary_text == "-20.1" and state.formats == formats + 2
    assert tuple(state.true_peak_color) == TEXT_COLOR


def test_nan_readings_of_metering_switched_off_are_formatted_once():
    state, _ = make_state()
    state.rows[:] = np.nan
    state.refresh()
    formats = state.formats
    state.refresh()
    assert state.formats == formats and state.integrated_text == NO_READING


def test_target_cycles_and_recolours_the_integrated_reading():
    state, _ = make_state()
    state.rows[0, INTEGRATED_LUFS] = -16.3
    state.refresh()
    assert state.target_lufs == TARGETS_LUFS[0] and tuple(state.integrated_color) == OFF_TARGET_COLOR
    assert state.cycle_target() == -16.0 and tuple(state.integrated_color) == ON_TARGET_COLOR
    assert state.cycle_target() == -14.0 and tuple(state.integrated_color) == NEAR_TARGET_COLOR
    assert state.cycle_target() == -23.0


def test_clear_shows_no_reading():
    state, buses = make_state()
    state.rows[:, SHORT_TERM_LUFS] = -20.0
    state.rows[0, INTEGRATED_LUFS] = -20.0
    state.refresh()
    state.clear()
    assert state.integrated_text == state.short_term_text == NO_READING
    assert all(b.short_term_text == NO_READING for b in buses)
    assert tuple(state.integrated_color) == IDLE_COLOR

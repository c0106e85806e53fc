"""The stereo balance knob <-> the engine's dual pan."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.balance import balance_to_dual_pan, dual_pan_to_balance


@given(st.floats(-1.0, 1.0))
def test_balance_round_trips(balance):
    assert dual_pan_to_balance(*balance_to_dual_pan(balance)) == pytest.approx(balance)


@pytest.mark.parametrize("balance, dual", [
    (0.0, (-1.0, 1.0)), (1.0, (1.0, 1.0)), (-1.0, (-1.0, -1.0)),
    (0.25, (-0.5, 1.0)), (-0.25, (-1.0, 0.5)), (7.0, (1.0, 1.0))])
def test_balance_moves_only_the_far_channel(balance, dual):
    assert balance_to_dual_pan(balance) == pytest.approx(dual)


def test_engine_defaults_show_as_centre():
    assert dual_pan_to_balance(-1.0, 1.0) == 0.0

"""The shared argument checks: accepted values, and errors that name the argument."""
import math

import numpy as np
import pytest

from fluxforge.checks import MAX_FRAME, check_flag, check_frame, check_int, check_number, clamp


@pytest.mark.parametrize("value", [3, 2.5, np.float32(0.5), np.int64(7)])
def test_check_number_accepts_reals_as_float(value):
    result = check_number(value, "volume")
    assert type(result) is float and result == float(value)


@pytest.mark.parametrize("value, error, text", [
    (True, TypeError, "volume must be a number, got bool"),
    ("1", TypeError, "volume must be a number, got str"),
    (math.nan, ValueError, "volume must be finite, got nan"),
    (math.inf, ValueError, "volume must be finite, got inf"),
])
def test_check_number_rejects(value, error, text):
    with pytest.raises(error, match=text):
        check_number(value, "volume")


def test_check_number_allow_inf_still_rejects_nan():
    assert check_number(-math.inf, "gain_db", allow_inf=True) == -math.inf
    with pytest.raises(ValueError, match="gain_db must be a number, not NaN"):
        check_number(math.nan, "gain_db", allow_inf=True)


def test_check_flag():
    assert check_flag(np.bool_(True), "muted") is True
    assert check_flag(0, "muted") is False
    with pytest.raises(TypeError, match="muted must be a bool, got 2"):
        check_flag(2, "muted")


def test_check_int_bounds_and_types():
    assert check_int(np.int32(5), "max_points", minimum=1, maximum=5) == 5
    with pytest.raises(ValueError, match="max_points must be >= 1, got 0"):
        check_int(0, "max_points", minimum=1)
    with pytest.raises(ValueError, match="max_points must be <= 5, got 6"):
        check_int(6, "max_points", maximum=5)
    with pytest.raises(TypeError, match="budget_bytes must be an int, got float"):
        check_int(1.0, "budget_bytes")
    with pytest.raises(TypeError, match="got bool"):
        check_int(True, "budget_bytes")


def test_check_frame_and_clamp():
    assert check_frame(MAX_FRAME, "frames") == MAX_FRAME
    with pytest.raises(ValueError, match=r"frames must be in \[0, 2\*\*62\] frames, got -1"):
        check_frame(-1, "frames")
    assert clamp(3.0, 0.0, 2.0) == 2.0 and clamp(-1.0, 0.0, 2.0) == 0.0

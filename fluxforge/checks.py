"""Argument checks shared by the whole Python API.

Each check returns the value in its plain Python type or raises an exception
that names the argument and the bad value: wrong types -> TypeError, values
out of range or not finite -> ValueError. bools are never accepted as numbers.

Example
-------
>>> check_number(3, "volume")
3.0
>>> check_int(0, "disk_quota_bytes", minimum=0)
0
>>> check_number(float("nan"), "pan")
Traceback (most recent call last):
...
ValueError: pan must be finite, got nan
"""
import math
import numbers

import numpy as np

__all__ = ["check_number", "check_flag", "check_int", "check_frame", "clamp", "MAX_FRAME"]

#: Largest frame index or count the engine accepts.
MAX_FRAME = 2 ** 62


def check_number(value, name, *, allow_inf=False):
    """A real number as float: finite, or only not NaN with ``allow_inf``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if math.isnan(value) or (not allow_inf and math.isinf(value)):
        raise ValueError(f"{name} must be {'a number, not NaN' if allow_inf else 'finite'}, "
                         f"got {value}")
    return value


def check_flag(value, name):
    """A bool (also NumPy bools and the ints 0/1)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    raise TypeError(f"{name} must be a bool, got {value!r}")


def check_int(value, name, *, minimum=None, maximum=None):
    """An int (NumPy ints too) in [minimum, maximum] (either bound optional)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return int(value)


def check_frame(value, name):
    """A frame index: an int in [0, 2**62]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int number of frames, got {type(value).__name__}")
    if not 0 <= value <= MAX_FRAME:
        raise ValueError(f"{name} must be in [0, 2**62] frames, got {value}")
    return int(value)


def clamp(value, low, high):
    """``value`` limited to [low, high]."""
    return low if value < low else high if value > high else value

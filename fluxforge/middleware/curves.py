"""RTPC curves: piecewise shapes through points ``[x, y, shape]``.

The shape of a point applies to the segment from that point to the next. On
the segment's normalised position ``t`` in [0, 1] the shapes are:

``linear`` t; ``exp1`` t**1.41; ``exp3`` t**3; ``log1`` 1-(1-t)**1.41;
``log3`` 1-(1-t)**3; ``sine`` sin(t*pi/2) (equal-power rise); ``s``
(1-cos(pi*t))/2; ``inv_s`` acos(1-2t)/pi (the inverse of ``s``); ``constant``
0 (the segment holds its first point's y). Left of the first point and right
of the last the curve holds the end values.

Example
-------
>>> c = Curve([[0, 0.0, "linear"], [100, -12.0, "exp3"]])
>>> c(50)
-6.0
>>> Curve([[0, 0.0, "exp3"], [1, 1.0]])(0.5)
0.125
"""
import bisect
import math
import numbers

SHAPES = {
    "linear": lambda t: t,
    "exp1": lambda t: t ** 1.41,
    "exp3": lambda t: t ** 3,
    "log1": lambda t: 1.0 - (1.0 - t) ** 1.41,
    "log3": lambda t: 1.0 - (1.0 - t) ** 3,
    "sine": lambda t: math.sin(t * math.pi / 2),
    "s": lambda t: (1.0 - math.cos(math.pi * t)) / 2,
    "inv_s": lambda t: math.acos(1.0 - 2.0 * t) / math.pi,
    "constant": lambda t: 0.0,
}


def _number(value, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return float(value)


class Curve:
    """A curve through ``points`` (``[x, y]`` or ``[x, y, shape]``, x strictly increasing).

    Raises ValueError naming the point for non-finite numbers, an unknown
    shape, or x values that do not increase.
    """

    __slots__ = ("xs", "ys", "shapes", "_funcs")

    def __init__(self, points):
        if not isinstance(points, (list, tuple)) or not points:
            raise ValueError(f"a curve needs a list of at least one point, got {points!r}")
        xs, ys, shapes = [], [], []
        for i, point in enumerate(points):
            if not isinstance(point, (list, tuple)) or len(point) not in (2, 3):
                raise ValueError(f"point [{i}] must be [x, y] or [x, y, shape], got {point!r}")
            x = _number(point[0], f"point [{i}] x")
            y = _number(point[1], f"point [{i}] y")
            shape = point[2] if len(point) == 3 else "linear"
            if shape not in SHAPES:
                raise ValueError(f"point [{i}] shape {shape!r} is not one of {', '.join(SHAPES)}")
            if xs and x <= xs[-1]:
                raise ValueError(f"point [{i}] x {x:g} does not increase (previous {xs[-1]:g})")
            xs.append(x)
            ys.append(y)
            shapes.append(shape)
        self.xs, self.ys, self.shapes = xs, ys, shapes
        self._funcs = [SHAPES[s] for s in shapes]

    def __call__(self, x):
        xs = self.xs
        if x <= xs[0]:
            return self.ys[0]
        if x >= xs[-1]:
            return self.ys[-1]
        i = bisect.bisect_right(xs, x) - 1
        t = (x - xs[i]) / (xs[i + 1] - xs[i])
        y0 = self.ys[i]
        return y0 + (self.ys[i + 1] - y0) * self._funcs[i](t)

    def to_list(self):
        """The points as JSON-ready ``[x, y, shape]`` lists."""
        return [[x, y, s] for x, y, s in zip(self.xs, self.ys, self.shapes)]

    def __repr__(self):
        return f"Curve({self.to_list()!r})"

"""One knob for a stereo track's dual pan: a balance control.

The engine pans a stereo track's channels separately (``pan`` for the left
channel, default -1; ``pan_right`` for the right, default +1). A strip has
one knob, so for stereo tracks it is a balance, as on a console's stereo
channel: turning right moves the left channel towards the right (the right
channel stays hard right) until both sit hard right; turning left does the
mirror image. Centre is the untouched stereo image. A session's narrower
image (say -0.5/+0.5) is shown as the nearest balance and replaced by the
balance mapping only once the knob is moved.
"""


def balance_to_dual_pan(balance):
    """``(pan, pan_right)`` for a balance -1..+1 (clamped).

    Example
    -------
    >>> balance_to_dual_pan(0.0), balance_to_dual_pan(0.5), balance_to_dual_pan(-1.0)
    ((-1.0, 1.0), (0.0, 1.0), (-1.0, -1.0))
    """
    b = min(max(float(balance), -1.0), 1.0)
    return -1.0 + 2.0 * max(b, 0.0), 1.0 + 2.0 * min(b, 0.0)


def dual_pan_to_balance(pan, pan_right):
    """The balance a stereo track's ``(pan, pan_right)`` shows as.

    Example
    -------
    >>> dual_pan_to_balance(-1.0, 1.0), dual_pan_to_balance(0.0, 1.0), dual_pan_to_balance(-1.0, 0.0)
    (0.0, 0.5, -0.5)
    """
    left_moved = (float(pan) + 1.0) / 2.0
    right_moved = (1.0 - float(pan_right)) / 2.0
    return min(max(left_moved - right_moved, -1.0), 1.0)

"""Drive the engine from the UI frame clock when there is no audio device.

Each frame renders exactly the frames of audio that the elapsed wall time
represents (fractions carried over), so the transport, meters and playhead
move as they would with a device; the rendered audio is discarded.
"""


class OfflineClock:
    """Render ``elapsed_s * samplerate`` frames per call to :meth:`advance`.

    Example
    -------
    >>> clock = OfflineClock(engine)
    >>> clock.advance(1 / 60)  # renders 800 frames at 48 kHz
    800
    """

    #: never render more than this much audio in one frame (after a stall)
    MAX_STEP_S = 1.0

    def __init__(self, engine):
        self.engine = engine
        self._carry = 0.0
        self.frames_rendered = 0

    def advance(self, elapsed_s):
        """Render the audio of ``elapsed_s`` seconds; returns frames rendered."""
        if not elapsed_s >= 0:
            raise ValueError(f"elapsed_s must be >= 0, got {elapsed_s}")
        exact = min(elapsed_s, self.MAX_STEP_S) * self.engine.samplerate + self._carry
        frames = int(exact)
        self._carry = exact - frames
        if frames:
            self.engine.render(frames)
            self.frames_rendered += frames
        return frames

"""Overview waveform with a playhead, drawn as one mesh and one rectangle."""
import numpy as np
from kivy.graphics import Color, Mesh, Rectangle
from kivy.metrics import dp
from kivy.properties import ColorProperty, ObjectProperty
from kivy.uix.widget import Widget


def envelope(overview):
    """(low, high) arrays in -1..1 from an overview.

    ``overview`` is either peak values (1-D, signed extremes: drawn
    symmetric) or min/max pairs (shape ``(n, 2)``).

    Example
    -------
    >>> lo, hi = envelope(np.array([0.5, -0.25], dtype=np.float32))
    >>> lo.tolist(), hi.tolist()
    ([-0.5, -0.25], [0.5, 0.25])
    """
    data = np.asarray(overview, dtype=np.float64)
    if data.ndim == 1:
        amp = np.abs(data)
        return -amp, amp
    if data.ndim == 2 and data.shape[1] == 2:
        return data[:, 0], data[:, 1]
    raise ValueError(f"overview must be 1-D peaks or (n, 2) min/max pairs, got shape {data.shape}")


class Waveform(Widget):
    """Draws ``overview`` (see :func:`envelope`) and a playhead.

    Nothing is drawn while ``overview`` is None (no cached waveform yet).

    Example
    -------
    >>> w = Waveform(size=(80, 40))
    >>> w.overview = np.sin(np.linspace(0, 20, 512)).astype(np.float32)
    >>> w.set_playhead(0.5)
    """

    overview = ObjectProperty(None, allownone=True, force_dispatch=True)  # arrays do not compare with ==
    color = ColorProperty((0.4, 0.7, 1.0, 1.0))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._playhead_frac = -1.0
        with self.canvas:
            Color(0.06, 0.06, 0.07, 1)
            self._bg = Rectangle()
            self._wave_color = Color(*self.color)
            self._mesh = Mesh(mode="triangle_strip")
            Color(1, 1, 1, 0.9)
            self._playhead = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, overview=self._redraw)
        self.bind(color=self._recolor)

    def _recolor(self, *_):
        self._wave_color.rgba = self.color

    def _redraw(self, *_):
        self._bg.pos, self._bg.size = self.pos, self.size
        if self.overview is None or len(self.overview) == 0:
            self._mesh.vertices, self._mesh.indices = [], []
        else:
            lo, hi = envelope(self.overview)
            n = len(lo)
            xs = self.x + np.linspace(0.0, self.width, n)
            mid, half = self.center_y, self.height / 2 * 0.95
            vertices = np.zeros((n, 2, 4))
            vertices[:, 0, 0] = xs
            vertices[:, 0, 1] = mid + np.clip(lo, -1, 1) * half
            vertices[:, 1, 0] = xs
            vertices[:, 1, 1] = mid + np.clip(hi, -1, 1) * half
            self._mesh.vertices = vertices.ravel().tolist()
            self._mesh.indices = list(range(2 * n))
        self.set_playhead(self._playhead_frac)

    def set_playhead(self, frac):
        """Move the playhead to ``frac`` of the clip (negative hides it)."""
        self._playhead_frac = frac
        if frac < 0:
            self._playhead.size = (0, 0)
            return
        self._playhead.pos = (self.x + min(frac, 1.0) * self.width - dp(0.5), self.y)
        self._playhead.size = (dp(1), self.height)

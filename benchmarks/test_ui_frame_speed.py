"""UI frame cost of the mixing surface with 64 tracks (offscreen Kivy window).

What is timed is the frame callback - ``MixerModel.frame`` plus the
surface's meter redraw it triggers - never the GL renderer. Between rounds
the engine renders one frame of audio (untimed) so the meters animate.
Ratios follow the benchmarks' convention: in each group the benchmark with
``extra_info["baseline"] = True`` is the reference.

Groups:
- ui-frame-64: meters of 64 tracks + 6 buses animating, no edits. The
  surface's frame (one meter read into preallocated arrays, NumPy peak hold
  and scale, canvas updates for the strips in view) against the plain-Python
  baseline: per-strip loops and one Kivy property per meter value, each
  bound to a canvas callback (what "bind every meter to a property" costs).
  The surface redraws the strips in view (``test_surface_frame``) or, as a
  worst case, all 69 (``..._every_strip_drawn``); the baseline updates 64.
  ``..._while_dragging_one_fader`` also moves one fader every frame and
  records which strips' property callbacks fired (only the dragged one).
  Target: <= 4 ms per frame on one core.
- ui-edits-64: every one of 64 strips edited (volume, pan, mute, solo) in
  one frame: the model's single ``batch_set_track_params`` call against the
  seed's "before", 256 single setter calls.
"""
import collections
import itertools
import math

import numpy as np
import pytest

FRAME_S = 1 / 60
TRACKS = 64


@pytest.fixture
def surface64(kivy_window, ui_engine_factory):
    from app.mixer_model import MixerModel
    from app.widgets.surface import MixerSurface
    engine = ui_engine_factory(TRACKS, seconds=4.0)
    engine.set_loop(0, engine.length_frames)
    model = MixerModel(engine, offline=False)
    surface = kivy_window.mount(MixerSurface(model))
    model.play()
    for _ in range(10):
        engine.render(800)
        model.frame(FRAME_S)
    yield engine, model, surface
    kivy_window.clear()


def animate(engine):
    engine.render(800)


@pytest.mark.benchmark(group="ui-frame-64")
def test_surface_frame(benchmark, surface64):
    engine, model, surface = surface64
    benchmark.extra_info["visible_strips"] = len(surface.row.visible_strips)
    benchmark.pedantic(model.frame, args=(FRAME_S,), setup=lambda: animate(engine),
                       rounds=300, warmup_rounds=10)
    assert model.meters.display[0, :TRACKS].max() > 0  # the meters really moved


@pytest.mark.benchmark(group="ui-frame-64")
def test_surface_frame_every_strip_drawn(benchmark, surface64):
    """Worst case: all 64 track + 5 bus strips in view (a very wide screen)."""
    engine, model, surface = surface64
    surface.row.visible_strips = list(surface.row.strips)
    benchmark.extra_info["visible_strips"] = len(surface.row.visible_strips)
    benchmark.pedantic(model.frame, args=(FRAME_S,), setup=lambda: animate(engine),
                       rounds=300, warmup_rounds=10)
    assert model.meters.display[0, :TRACKS].max() > 0


@pytest.mark.benchmark(group="ui-frame-64")
def test_surface_frame_while_dragging_one_fader(benchmark, surface64):
    """A finger drags strip 5's fader a little every frame; the property
    callbacks of all 64 strips are counted: only strip 5's may fire."""
    from app.strip_model import StripModel
    engine, model, surface = surface64
    fired = collections.Counter()
    for strip in surface.track_strips:
        for prop in StripModel().properties():
            strip.model.fbind(prop, lambda *_a, i=strip.model.index: fired.update([i]))
    fader = surface.track_strips[5].fader
    moves = itertools.cycle([-3.0] * 20 + [3.0] * 20)

    def drag_and_animate():
        fader.drag_by(0.0, next(moves), 1.0)
        animate(engine)

    benchmark.pedantic(model.frame, args=(FRAME_S,), setup=drag_and_animate,
                       rounds=300, warmup_rounds=10)
    benchmark.extra_info["strips_with_property_callbacks"] = sorted(fired)
    benchmark.extra_info["property_callbacks"] = sum(fired.values())
    assert set(fired) == {5}


class NaiveStripMeters:
    """Baseline: one Kivy property per meter value, each redrawing a bar."""

    def __init__(self, count):
        from kivy.event import EventDispatcher
        from kivy.graphics import Rectangle
        from kivy.properties import BooleanProperty, NumericProperty

        class MeterProps(EventDispatcher):
            peak_l = NumericProperty(0.0)
            peak_r = NumericProperty(0.0)
            rms_l = NumericProperty(0.0)
            rms_r = NumericProperty(0.0)
            hold_l = NumericProperty(0.0)
            hold_r = NumericProperty(0.0)
            clipped = BooleanProperty(False)

        self.props = [MeterProps() for _ in range(count)]
        self.bars = [[Rectangle() for _ in range(6)] for _ in range(count)]
        self.hold_until = [[0.0, 0.0] for _ in range(count)]
        for props, bars in zip(self.props, self.bars):
            for k, name in enumerate(("peak_l", "peak_r", "rms_l", "rms_r", "hold_l", "hold_r")):
                props.bind(**{name: lambda _p, v, bar=bars[k]: setattr(bar, "size", (10, 300 * v))})

    def frame(self, engine, ids, arrays, now_s):
        pk_l, pk_r, rms_l, rms_r, corr = arrays
        engine.read_meters(ids, pk_l, pk_r, rms_l, rms_r, corr)
        for i, props in enumerate(self.props):
            levels = (pk_l[i], pk_r[i], rms_l[i], rms_r[i])
            frac = [min(max((20 * math.log10(max(v, 1e-10)) + 60) / 66, 0.0), 1.0) for v in levels]
            props.peak_l, props.peak_r, props.rms_l, props.rms_r = frac
            for ch, name in ((0, "hold_l"), (1, "hold_r")):
                if frac[ch] > getattr(props, name) or now_s >= self.hold_until[i][ch]:
                    setattr(props, name, frac[ch])
                    self.hold_until[i][ch] = now_s + 1.5
            if levels[0] >= 1.0 or levels[1] >= 1.0:
                props.clipped = True


@pytest.mark.benchmark(group="ui-frame-64")
def test_per_property_frame_baseline(benchmark, surface64):
    engine, _model, _surface = surface64
    naive = NaiveStripMeters(TRACKS)
    ids = np.zeros(TRACKS, dtype=np.uint64)
    arrays = [np.zeros(TRACKS) for _ in range(5)]
    clock = iter(np.arange(0.0, 1e6, FRAME_S))
    benchmark.extra_info["baseline"] = True
    benchmark.pedantic(lambda: naive.frame(engine, ids, arrays, next(clock)),
                       setup=lambda: animate(engine), rounds=300, warmup_rounds=10)
    assert max(p.peak_l for p in naive.props) > 0


def edit_every_strip(model, step):
    for i, strip in enumerate(model.tracks):
        strip.volume_db = -10.0 - (i + step) % 7
        strip.pan = ((i + step) % 5 - 2) / 2
        strip.muted = (i + step) % 3 == 0
        strip.solo = (i + step) % 11 == 0


@pytest.mark.benchmark(group="ui-edits-64")
def test_one_batch_call_for_64_strips(benchmark, surface64):
    engine, model, _surface = surface64
    steps = iter(range(10**9))
    benchmark.pedantic(model.send_edits, setup=lambda: edit_every_strip(model, next(steps)),
                       rounds=200, warmup_rounds=5)
    info = engine.track(model.tracks[5].ident)
    assert info.volume == pytest.approx(10 ** (model.tracks[5].volume_db / 20))


@pytest.mark.benchmark(group="ui-edits-64")
def test_256_single_setters_baseline(benchmark, surface64):
    engine, model, _surface = surface64
    from app.taper import db_to_volume
    steps = iter(range(10**9))

    def send_one_by_one():
        for strip in model.tracks:
            engine.set_track_volume(strip.ident, db_to_volume(strip.volume_db))
            engine.set_track_pan(strip.ident, strip.pan)
            engine.set_track_mute(strip.ident, strip.muted)
            engine.set_track_solo(strip.ident, strip.solo)
        model._dirty_tracks.clear()  # sent here instead of by the model

    benchmark.extra_info["baseline"] = True
    benchmark.pedantic(send_one_by_one, setup=lambda: edit_every_strip(model, next(steps)),
                       rounds=200, warmup_rounds=5)
    info = engine.track(model.tracks[5].ident)
    assert info.volume == pytest.approx(10 ** (model.tracks[5].volume_db / 20))

"""Engine speed against NumPy/SciPy (or plain-Python) formulations of the same work.

Convention (benchmarks/conftest.py): in each group the benchmark with
``extra_info["baseline"] = True`` is the reference; the summary prints ratios.

Groups
- engine-render-N{8,64,256,1024}: N stereo tracks (distinct clips of about
  1 s, fewer frames past 256 tracks so the clips stay ~100 MB, looped), each
  with volume, dual pan, meters and one active EQ band (peaking 1 kHz),
  512-frame blocks at 48 kHz, mixed in float64. The baseline does the same
  work the best way NumPy/SciPy can: one ``sosfilt`` call over all 2N
  channels with kept state, broadcast gain/pan matrices, vectorised meters
  with ballistics, and the bus mix as one matmul. The engine runs the public
  ``render(512)`` (Python call, output allocation and service included) at
  AVX-512 and AVX2. ``extra_info``: ``realtime_x`` = block duration / mean
  time, ``us_per_track`` = median / N (the scaling from 8 to 1,024 tracks).
  Targets: N=256 >= 20x the baseline and >= 100x real time (AVX-512; >= 60x
  with AVX2); N=8 <= 15 us per block. engine-render-N256-noeq is the same
  without the EQ band (it shows what the biquad bank costs);
  engine-render-N256-eq4 has all four bands on every track (``x_one_band`` =
  its median over the one-band engine's, timed in the same test; target <= 1.5).
- The N=256 engine entry also times, in the same test, (a) a plain read of
  exactly the clip bytes a block touches (``read_floor_us``, C, 16-byte
  loads) and (b) the biquad bank alone over the same 512 rows of 512 frames
  on in-cache data (``bank_us``, one ``BiquadBank.process`` call), and
  reports ``limit_ratio`` = engine / max(a, b) (target <= 1.5).
- engine-batch-256x4: 256 tracks x 4 parameters in one batch call against
  1024 single setter calls (the seed's "before"). Target >= 20x.
- engine-read-meters-256: read_meters into preallocated arrays (zero
  allocation; target <= 5 us) against a plain-Python snapshot of the same
  256 x 5 values as a new dict of tuples (the seed's cloned map).
"""
import time

import numpy as np
import pytest
from scipy.signal import sosfilt

from fluxforge import _kernels, dsp
from fluxforge.engine import Engine
from fluxforge.engine.types import EQ_KINDS

SAMPLERATE = 48000
BLOCK = 512
CLIP_FRAMES = BLOCK * 94           # about 1 s, a whole number of blocks
PAN, PAN_RIGHT, VOLUME = -0.3, 0.5, 0.8
EQ = ("peaking", 1000.0, 1.0, 3.0)
EQ4 = [("lowpass", 12000.0, 0.707, 0.0), ("highpass", 40.0, 0.707, 0.0), EQ,
       ("highshelf", 8000.0, 0.707, -3.0)]
METER_DECAY = 10 ** (-26 * BLOCK / SAMPLERATE / 20)
LEVELS = [level for level in ("avx512", "avx2") if level in dsp.available_simd_levels()]


def clip_frames(n):
    """About 1 s per clip up to 256 tracks; past that the clips total the same ~100 MB."""
    return BLOCK * max(1, min(CLIP_FRAMES // BLOCK, CLIP_FRAMES // BLOCK * 256 // n))


def make_clips(n):
    rng = np.random.default_rng(n)
    return (rng.standard_normal((n, clip_frames(n), 2)) * 0.1).astype(np.float32)


def median_us(fn, rounds=400):
    """Median wall time of fn() in microseconds (after a few warm-up calls)."""
    for _ in range(5):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1e6


def realtime_factor(benchmark):
    if benchmark.stats is not None:
        benchmark.extra_info["realtime_x"] = BLOCK / SAMPLERATE / benchmark.stats.stats.mean


class NumpyMixer:
    """The baseline: the engine's per-block work as whole-array NumPy/SciPy calls."""

    def __init__(self, engine, clips, bands=1):
        n = len(clips)
        self.clips = clips
        self.frames = clips.shape[1]
        self.eq = bands > 0
        designs = [engine._core.design_biquad(EQ_KINDS.index(kind), *args)
                   for kind, *args in (EQ4 if bands == 4 else [EQ])]
        self.sos = np.array([[b0, b1, b2, 1.0, a1, a2] for b0, b1, b2, a1, a2 in designs])
        self.zi = np.zeros((len(self.sos), 2 * n, 2))
        self.gains = np.tile(np.array(engine._core.strip_gains(VOLUME, PAN, PAN_RIGHT, 2)), (n, 1))
        self.routing = np.zeros((6, n))
        self.routing[np.arange(n) % 6, np.arange(n)] = 1.0
        self.peak = np.zeros((n, 2))
        self.rms = np.zeros((n, 2))
        self.pos = 0

    def render(self):
        n = len(self.clips)
        block = self.clips[:, self.pos:self.pos + BLOCK, :]
        self.pos = (self.pos + BLOCK) % self.frames
        x = np.ascontiguousarray(block.transpose(0, 2, 1), dtype=np.float64).reshape(2 * n, BLOCK)
        if self.eq:
            x, self.zi = sosfilt(self.sos, x, axis=-1, zi=self.zi)
        y = x.reshape(n, 2, BLOCK)
        g = self.gains
        out_l = g[:, 0, None] * y[:, 0] + g[:, 1, None] * y[:, 1]
        out_r = g[:, 2, None] * y[:, 0] + g[:, 3, None] * y[:, 1]
        strips = np.stack([out_l, out_r], axis=1)
        self.peak = np.maximum(self.peak * METER_DECAY, np.abs(strips).max(axis=2))
        sums = np.einsum("nct,nct->nc", strips, strips)
        self.rms = np.maximum(self.rms * METER_DECAY, np.sqrt(sums / BLOCK))
        lr = np.einsum("nt,nt->n", out_l, out_r)
        den = np.sqrt(sums[:, 0] * sums[:, 1])
        self.corr = np.where(den > 1e-10, lr / np.maximum(den, 1e-300), 0.0)
        buses = (self.routing @ strips.reshape(n, 2 * BLOCK)).reshape(6, 2, BLOCK)
        return np.ascontiguousarray(buses.sum(axis=0).T, dtype=np.float32)


def build_engine(clips, bands=1):
    engine = Engine(SAMPLERATE, BLOCK, max_tracks=max(len(clips), 8))
    for i, clip in enumerate(clips):
        tid = engine.add_track(clip, bus=i % 6)
        engine.set_track_volume(tid, VOLUME)
        engine.set_track_pan(tid, PAN)
        engine.set_track_pan_right(tid, PAN_RIGHT)
        for band, (kind, freq_hz, q, gain_db) in enumerate(EQ4 if bands == 4 else [EQ][:bands]):
            engine.set_track_eq(tid, band, kind, freq_hz, q=q, gain_db=gain_db)
    engine.set_loop(0, clips.shape[1])
    engine.set_dc_block(False)          # the baseline has none: same work
    engine.play()
    return engine


@pytest.mark.parametrize("bands", [1, 4])
def test_the_baseline_does_the_same_work(bands):
    clips = make_clips(12)
    engine = build_engine(clips, bands)
    mixer = NumpyMixer(engine, clips, bands)
    for _ in range(100):                 # wraps the loop once
        np.testing.assert_allclose(engine.render(BLOCK), mixer.render(), atol=2e-6)
    ids, arrays = np.zeros(12, np.uint64), [np.zeros(12) for _ in range(5)]
    engine.read_meters(ids, *arrays)
    np.testing.assert_allclose(arrays[0], mixer.peak[:, 0], rtol=1e-5)
    np.testing.assert_allclose(arrays[3], mixer.rms[:, 1], rtol=1e-5)
    np.testing.assert_allclose(arrays[4], mixer.corr, atol=1e-6)


SESSIONS = {"N8": (8, 1), "N64": (64, 1), "N256": (256, 1), "N1024": (1024, 1),
            "N256-noeq": (256, 0), "N256-eq4": (256, 4)}


@pytest.fixture(scope="module", params=list(SESSIONS))
def session(request):
    n, bands = SESSIONS[request.param]
    clips = make_clips(n)
    engine = build_engine(clips, bands)
    yield f"engine-render-{request.param}", engine, NumpyMixer(engine, clips, bands), clips
    engine.close()


@pytest.fixture(params=LEVELS)
def simd(request):
    with dsp.forced_simd_level(request.param):
        yield request.param


def test_render_numpy_scipy(benchmark, session):
    group, _, mixer, _ = session
    benchmark.group = group
    benchmark.extra_info["baseline"] = True
    for _ in range(5):
        mixer.render()
    benchmark(mixer.render)
    realtime_factor(benchmark)


def test_render_engine(benchmark, session, simd):
    group, engine, _, clips = session
    benchmark.group = group
    benchmark.extra_info["simd"] = simd
    for _ in range(5):
        engine.render(BLOCK)
    out = benchmark(engine.render, BLOCK)
    assert out.shape == (BLOCK, 2) and np.abs(out).max() > 0
    realtime_factor(benchmark)
    if benchmark.stats is None:
        return
    median = benchmark.stats.stats.median * 1e6
    benchmark.extra_info["us_per_track"] = median / len(clips)
    if group == "engine-render-N256":
        limits(benchmark, clips, median)
    elif group == "engine-render-N256-eq4":
        one_band = build_engine(clips, 1)
        benchmark.extra_info["x_one_band"] = median / median_us(lambda: one_band.render(BLOCK))
        one_band.close()


def limits(benchmark, clips, engine_us):
    """(a) a plain read of the clip bytes a block touches, (b) the bank alone in cache."""
    frames = clips.shape[1]
    pos = [0]

    def read_block():
        _kernels._read_floor(clips, pos[0], BLOCK)
        pos[0] = (pos[0] + BLOCK) % frames

    bank = dsp.BiquadBank(2 * len(clips), SAMPLERATE)
    for c in range(2 * len(clips)):
        bank.set(c, "allpass", EQ[1], EQ[2])    # the same arithmetic, level kept over rounds
    rows = np.ascontiguousarray(clips[:, :BLOCK, :].transpose(0, 2, 1), np.float64)
    rows = rows.reshape(2 * len(clips), BLOCK)
    read_us = median_us(read_block)
    bank_us = median_us(lambda: bank.process(rows))
    benchmark.extra_info["read_floor_us"] = read_us
    benchmark.extra_info["bank_us"] = bank_us
    benchmark.extra_info["limit_ratio"] = engine_us / max(read_us, bank_us)


@pytest.fixture(scope="module")
def engine256():
    engine = Engine(SAMPLERATE, BLOCK, max_tracks=256)
    clip = np.zeros((BLOCK, 2), np.float32)
    ids = np.array([engine.add_track(clip) for _ in range(256)], dtype=np.uint64)
    engine.play()
    engine.render(BLOCK * 4)
    yield engine, ids
    engine.close()


@pytest.mark.benchmark(group="engine-batch-256x4")
def test_single_setters(benchmark, engine256):
    engine, ids = engine256
    benchmark.extra_info["baseline"] = True
    values = [(int(t), 0.5 + i / 1000, -0.5 + i / 512, i % 3 == 0, i % 7 == 0)
              for i, t in enumerate(ids)]

    def single():
        for tid, volume, pan, muted, solo in values:
            engine.set_track_volume(tid, volume)
            engine.set_track_pan(tid, pan)
            engine.set_track_mute(tid, muted)
            engine.set_track_solo(tid, solo)

    benchmark(single)


@pytest.mark.benchmark(group="engine-batch-256x4")
def test_batch(benchmark, engine256):
    engine, ids = engine256
    i = np.arange(256)
    volumes, pans = 0.5 + i / 1000, -0.5 + i / 512
    muted, solo = i % 3 == 0, i % 7 == 0
    applied = benchmark(engine.batch_set_track_params, ids, volumes=volumes, pans=pans,
                        muted=muted, solo=solo)
    assert applied == 256


@pytest.mark.benchmark(group="engine-read-meters-256")
def test_meters_as_dict(benchmark, engine256):
    engine, ids = engine256
    benchmark.extra_info["baseline"] = True
    table = np.zeros((256, 5))
    keys = [int(t) for t in ids]
    rows = table.tolist()

    def snapshot():
        return {tid: tuple(row) for tid, row in zip(keys, rows)}

    assert len(benchmark(snapshot)) == 256


@pytest.mark.benchmark(group="engine-read-meters-256")
def test_read_meters(benchmark, engine256):
    engine, _ = engine256
    ids = np.zeros(256, np.uint64)
    arrays = [np.zeros(256) for _ in range(5)]
    assert benchmark(engine.read_meters, ids, *arrays) == 256

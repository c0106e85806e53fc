"""Middleware algorithms against hand-computed cases: curves, blend, random, sequence, rules, grid."""
import math

import pytest

from fluxforge.middleware import Curve, Middleware
from fluxforge.middleware.containers import blend_gains, sequence_order
from fluxforge.middleware.music import Rule, find_rule
from fluxforge.middleware.music_grid import Grid
from fluxforge.middleware.random_pick import Picker


@pytest.mark.parametrize("shape, t, expected", [
    ("linear", 0.25, 0.25), ("exp3", 0.5, 0.125), ("log3", 0.5, 0.875),
    ("exp1", 0.5, 0.5 ** 1.41), ("log1", 0.5, 1 - 0.5 ** 1.41),
    ("sine", 0.5, math.sqrt(0.5)), ("s", 0.25, (1 - math.cos(math.pi / 4)) / 2),
    ("s", 0.5, 0.5), ("inv_s", (1 - math.cos(math.pi / 4)) / 2, 0.25), ("constant", 0.9, 0.0),
])
def test_curve_shapes_at_known_points(shape, t, expected):
    curve = Curve([[0, 0.0, shape], [1, 1.0]])
    assert curve(t) == pytest.approx(expected, abs=1e-12)
    assert curve(0) == 0.0 and curve(1) == 1.0


def test_curve_segments_ends_and_scaling():
    curve = Curve([[0, 0.0, "linear"], [50, -6.0, "exp3"], [100, -12.0]])
    assert curve(-10) == 0.0 and curve(200) == -12.0
    assert curve(25) == -3.0
    assert curve(75) == pytest.approx(-6.0 - 6.0 * 0.125)


@pytest.mark.parametrize("points, message", [
    ([], "at least one point"), ([[0, 1], [0, 2]], "does not increase"),
    ([[0, float("nan")]], "finite"), ([[0, 1, "cubic"]], "shape 'cubic'"), ([[0]], "[x, y]"),
])
def test_bad_curves(points, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Curve(points)


def test_blend_gains_are_equal_power_in_the_overlap():
    ranges = [(0, 60), (40, 100)]
    assert blend_gains(ranges, 20) == [1.0, 0.0]
    assert blend_gains(ranges, 80) == [0.0, 1.0]
    low, high = blend_gains(ranges, 45)           # a quarter into the overlap
    assert low == pytest.approx(math.cos(math.pi / 8)) and high == pytest.approx(math.sin(math.pi / 8))
    for x in (40, 42.5, 50, 57, 60):
        a, b = blend_gains(ranges, x)
        assert a * a + b * b == pytest.approx(1.0)


def test_shuffle_without_repeats_across_cycle_boundaries():
    for seed in range(40):
        picker = Picker("shuffle_no_repeat", [1, 1, 1], seed=seed)
        picks = [picker.next() for _ in range(300)]
        for start in range(0, 300, 3):
            assert sorted(picks[start:start + 3]) == [0, 1, 2]   # each cycle a permutation
        assert all(a != b for a, b in zip(picks, picks[1:]))      # never twice in a row


def test_plain_shuffle_may_repeat_at_a_boundary_and_is_seeded():
    repeats = 0
    for seed in range(60):
        picker = Picker("shuffle", [1, 1, 1], seed=seed)
        picks = [picker.next() for _ in range(30)]
        repeats += sum(a == b for a, b in zip(picks, picks[1:]))
        again = Picker("shuffle", [1, 1, 1], seed=seed)
        assert [again.next() for _ in range(30)] == picks
    assert repeats > 0


def test_round_robin_and_weighted():
    picker = Picker("round_robin", [5, 1, 1, 1])
    assert [picker.next() for _ in range(9)] == [0, 1, 2, 3, 0, 1, 2, 3, 0]
    weighted = Picker("weighted", [3, 1, 0], seed=1)
    picks = [weighted.next() for _ in range(4000)]
    assert 2 not in picks
    assert picks.count(0) / len(picks) == pytest.approx(0.75, abs=0.03)


@pytest.mark.parametrize("end, expected", [
    ("stop", [0, 1, 2]), ("hold", [0, 1, 2]),
    ("loop", [0, 1, 2, 0, 1, 2, 0, 1]), ("ping-pong", [0, 1, 2, 1, 0, 1, 2, 1]),
])
def test_sequence_order_at_the_ends(end, expected):
    assert list(sequence_order(3, end, limit=8)) == expected


def _sequence_mw(end):
    mw = Middleware()
    mw.load({"containers": {"Count": {"type": "sequence", "end": end, "steps": [
                {"clip": "a.wav", "delay_ms": 0}, {"clip": "b.wav", "delay_ms": 120},
                {"clip": "c.wav", "delay_ms": 30}]}},
             "events": {"COUNT": {"layers": [{"container": "Count", "delay_ms": 10}]}}})
    return mw


@pytest.mark.parametrize("end, clips, offsets_ms, loops", [
    ("stop", "abc", [10, 130, 160], [False] * 3),
    ("hold", "abc", [10, 130, 160], [False, False, True]),
])
def test_finite_sequences_start_each_step_after_its_delay(end, clips, offsets_ms, loops):
    inst = _sequence_mw(end).post_event("COUNT")
    assert [p.clip[0] for p in inst.plays] == list(clips)
    assert [p.offset for p in inst.plays] == [48 * ms for ms in offsets_ms]
    assert [p.loop for p in inst.plays] == loops
    assert not inst.playing


@pytest.mark.parametrize("end, clips, offsets_ms", [
    ("loop", "abcabc", [10, 130, 160, 160, 280, 310]),
    ("ping-pong", "abcbab", [10, 130, 160, 280, 280, 400]),   # each step: its delay after the previous start
])
def test_endless_sequences_are_scheduled_ahead_as_time_passes(end, clips, offsets_ms):
    mw = _sequence_mw(end)
    inst = mw.post_event("COUNT")
    assert all(p.offset < 0.25 * 48000 for p in inst.plays)        # the first 250 ms only
    mw.update(frames=48 * 200)                                       # 200 ms later
    got = inst.plays[:len(clips)]
    assert [p.clip[0] for p in got] == list(clips)
    assert [p.offset for p in got] == [48 * ms for ms in offsets_ms]
    assert inst.playing
    inst.stop()
    assert not inst.playing


def test_transition_rule_lookup_order():
    exact, to_dest, from_src, anything = (Rule("Base", "FS", "immediate"), Rule("*", "FS", "beat"),
                                          Rule("Base", "*", "end"), Rule("*", "*", "bar"))
    rules = [anything, from_src, to_dest, exact]      # listed order must not matter
    assert find_rule(rules, "Base", "FS") is exact
    assert find_rule(rules, "Bonus", "FS") is to_dest
    assert find_rule(rules, "Base", "Bonus") is from_src
    assert find_rule(rules, "Bonus", "Base") is anything
    assert find_rule([from_src], "Bonus", "Base").sync == "immediate"      # no rule: immediate


def test_grid_boundaries_in_frames():
    # 120 bpm at 48 kHz: 24000 frames a beat, 3/4 -> 72000 a bar; loop beats 2..6 of a 10-beat clip
    g = Grid(t0=1000, tempo_bpm=120, meter=(3, 4), samplerate=48000, length=240000, loop=True,
             loop_start=48000, loop_end=144000)
    assert g.next_boundary(1000, "beat") == 1000
    assert g.next_boundary(1001, "beat") == 25000
    assert g.next_boundary(30000, "bar") == 73000
    assert g.next_boundary(100000, "bar") == 145000            # capped at the loop end
    assert g.position(145000 + 10) == 48010                   # jumped back to the loop start
    assert g.next_boundary(145000 + 10, "beat") == 145000 + 24000
    assert g.next_boundary(5000, "end") == 145000
    assert g.next_boundary(5000, "immediate") == 5000
    odd = Grid(t0=0, tempo_bpm=140, meter=(4, 4), samplerate=44100, length=10 ** 6)
    assert odd.next_boundary(1, "beat") == round(60 * 44100 / 140)
    assert odd.next_boundary(18901, "beat") == round(2 * 60 * 44100 / 140)

"""Ducking rules: envelope time constants measured in a render, strongest rule, read_ducking."""
import math

import numpy as np
import pytest

from tests.alloc_check import bytes_allocated
from tests.fixtures.engine import dc

MUSIC_LEVEL = 0.5


def ducked_engine(make_engine, samplerate=48000, blocksize=512, **rule):
    """Music: a looping DC voice, left channel only; Sfx voices go right only."""
    engine = make_engine(samplerate=samplerate, blocksize=blocksize)
    engine.play_voice(dc(MUSIC_LEVEL, 1000), bus="Music", pan=-1.0, loop=True)
    rule_id = engine.add_ducking("Sfx", "Music", **rule) if rule else None
    return engine, rule_id


def music_db(out):
    return 20 * np.log10(out[:, 0].astype(np.float64) / MUSIC_LEVEL)


def one_pole(ms, samplerate):
    return 1 - math.exp(-1000 / (ms * samplerate))


@pytest.mark.parametrize("samplerate,blocksize", [(48000, 512), (44100, 64), (96000, 1000)])
@pytest.mark.parametrize("attack_ms,release_ms", [(50.0, 500.0), (5.0, 20.0)])
def test_attack_and_release_follow_the_one_pole(make_engine, simd_level, samplerate, blocksize,
                                                attack_ms, release_ms):
    engine, _ = ducked_engine(make_engine, samplerate, blocksize, amount_db=-6.0,
                              attack_ms=attack_ms, release_ms=release_ms)
    attack_frames = round(attack_ms * samplerate / 1000)
    delay, sfx_frames = 333, 6 * attack_frames
    engine.play_voice(dc(0.3, sfx_frames), bus="Sfx", pan=1.0,
                      start_frame=engine.frame_clock + delay)
    total = delay + sfx_frames + 6 * round(release_ms * samplerate / 1000)
    env = music_db(engine.render(total))
    a, r = one_pole(attack_ms, samplerate), one_pole(release_ms, samplerate)
    k = np.arange(sfx_frames)
    want_attack = -6.0 * (1 - (1 - a) ** (k + 1))
    at_end = want_attack[-1]
    j = np.arange(total - delay - sfx_frames)
    want_release = at_end * (1 - r) ** (j + 1)
    np.testing.assert_allclose(env[:delay], 0.0, atol=1e-5)
    np.testing.assert_allclose(env[delay:delay + sfx_frames], want_attack, atol=2e-5)
    np.testing.assert_allclose(env[delay + sfx_frames:], want_release, atol=2e-5)
    # the definition: 63.2 % of amount_db after attack_ms, 36.8 % left after release_ms
    assert env[delay + attack_frames - 1] / -6.0 == pytest.approx(1 - math.exp(-1), abs=1e-3)
    release_frames = round(release_ms * samplerate / 1000)
    assert (env[delay + sfx_frames + release_frames - 1] / at_end
            == pytest.approx(math.exp(-1), abs=1e-3))


def test_strongest_rule_wins(make_engine):
    engine, _ = ducked_engine(make_engine, amount_db=-6.0, attack_ms=1.0, release_ms=1.0)
    engine.add_ducking("Voice", "Music", amount_db=-12.0, attack_ms=1.0, release_ms=1.0)
    engine.play_voice(dc(0.3, 4800), bus="Sfx", pan=1.0)
    engine.play_voice(dc(0.3, 2400), bus="Voice", pan=1.0)
    env = music_db(engine.render(9600))
    np.testing.assert_allclose(env[1000:2400], -12.0, atol=1e-4)    # both: -12 wins
    np.testing.assert_allclose(env[3400:4800], -6.0, atol=1e-4)     # Sfx alone
    np.testing.assert_allclose(env[6000:], 0.0, atol=1e-4)


def test_read_ducking_reports_each_bus(make_engine):
    engine, _ = ducked_engine(make_engine, amount_db=-9.0, attack_ms=1.0, release_ms=1.0)
    engine.add_ducking("Sfx", "Ambience", amount_db=-3.0, attack_ms=1.0)
    engine.play_voice(dc(0.3, 48000), bus="Sfx", pan=1.0)
    engine.render(4800)
    out = np.full(6, 99.0)
    engine.read_ducking(out)
    np.testing.assert_allclose(out, [0.0, -9.0, 0.0, 0.0, -3.0, 0.0], atol=1e-5)
    assert bytes_allocated(lambda: engine.read_ducking(out)) == 0


def test_tracks_on_the_source_bus_do_not_duck(make_engine):
    engine, _ = ducked_engine(make_engine, amount_db=-6.0, attack_ms=1.0)
    engine.set_track_pan(engine.add_track(dc(0.3, 48000), bus="Sfx"), 1.0)
    engine.play()
    env = music_db(engine.render(4800))
    np.testing.assert_allclose(env, 0.0, atol=1e-6)


def test_a_pending_voice_does_not_duck_before_its_start(make_engine):
    engine, _ = ducked_engine(make_engine, blocksize=512, amount_db=-6.0, attack_ms=0.0)
    engine.play_voice(dc(0.3, 100), bus="Sfx", pan=1.0, start_frame=700)
    env = music_db(engine.render(1024))
    np.testing.assert_allclose(env[:700], 0.0, atol=1e-6)
    np.testing.assert_allclose(env[700:800], -6.0, atol=1e-6)   # attack 0: at once


def test_removed_rule_releases_instead_of_jumping(make_engine):
    engine, rule = ducked_engine(make_engine, blocksize=128, amount_db=-6.0, attack_ms=1.0,
                                 release_ms=10.0)
    engine.play_voice(dc(0.3, 48000), bus="Sfx", pan=1.0)
    engine.render(2000)
    engine.remove_ducking(rule)
    env = music_db(engine.render(4800))
    r = one_pole(10.0, 48000)
    np.testing.assert_allclose(env, -6.0 * (1 - r) ** (np.arange(4800) + 1), atol=2e-5)
    assert engine.ducking_rules == {}
    with pytest.raises(KeyError, match=f"unknown ducking rule id {rule}"):
        engine.remove_ducking(rule)


def test_clear_ducking_releases_every_rule(make_engine):
    engine, _ = ducked_engine(make_engine, amount_db=-6.0, attack_ms=1.0, release_ms=1.0)
    engine.add_ducking("Voice", "Music", amount_db=-12.0, attack_ms=1.0)
    engine.play_voice(dc(0.3, 48000), bus="Sfx", pan=1.0)
    engine.render(2000)
    engine.clear_ducking()
    env = music_db(engine.render(2000))
    assert env[0] < -5.0 and abs(env[-1]) < 1e-5
    assert engine.ducking_rules == {}
    # slots are free again: 64 new rules fit
    ids = [engine.add_ducking("Sfx", "Music") for _ in range(64)]
    assert len(set(ids)) == 64
    with pytest.raises(RuntimeError, match="at most 64 ducking rules"):
        engine.add_ducking("Sfx", "Music")


@pytest.mark.parametrize("args,kwargs,error,match", [
    (("Sfx", "Sfx"), {}, ValueError, "cannot duck itself"),
    (("Sfx", "Musik"), {}, ValueError, "unknown bus 'Musik'"),
    (("Sfx", 9), {}, ValueError, "bus must be in"),
    (("Sfx", "Music"), {"amount_db": 3.0}, ValueError, "amount_db must be <= 0"),
    (("Sfx", "Music"), {"amount_db": float("nan")}, ValueError, "amount_db"),
    (("Sfx", "Music"), {"attack_ms": -1.0}, ValueError, "attack_ms"),
    (("Sfx", "Music"), {"release_ms": float("inf")}, ValueError, "release_ms"),
    (("Sfx", "Music"), {"attack_ms": "fast"}, TypeError, "attack_ms"),
])
def test_bad_rules_change_nothing(make_engine, args, kwargs, error, match):
    engine, _ = ducked_engine(make_engine, amount_db=-6.0)
    before = engine.ducking_rules
    with pytest.raises(error, match=match):
        engine.add_ducking(*args, **kwargs)
    assert engine.ducking_rules == before


@pytest.mark.parametrize("out,error,match", [
    (np.zeros(5), ValueError, "room for 5"),
    (np.zeros(6, np.float32), TypeError, "float64"),
    ([0.0] * 6, TypeError, "NumPy array"),
])
def test_read_ducking_checks_its_array(make_engine, out, error, match):
    engine, _ = ducked_engine(make_engine)
    with pytest.raises(error, match=match):
        engine.read_ducking(out)

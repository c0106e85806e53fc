"""A session's tracks and middleware clips come from one AudioCache: each file decoded once.

Real WAV files in a real session folder; the cache's counters tell how often a
file was decoded (misses) and what stays pinned while the engine uses it.
"""
import numpy as np
import pytest
import soundfile

from fluxforge import AudioCache
from fluxforge.middleware import Middleware
from fluxforge.session import Session, TrackSpec
from fluxforge.session.apply import engine_from_session

SR = 48000
EVENTS = {"events": {
    "HIT": {"layers": [{"clip": "kick.wav"}, {"clip": "sub/../kick.wav", "delay_ms": 5}]},
    "BED": {"layers": [{"clip": "pad.wav", "loop": True}]}}}


@pytest.fixture
def folder(tmp_path):
    rng = np.random.default_rng(3)
    for name, channels in (("kick.wav", 1), ("pad.wav", 2), ("bass.wav", 1)):
        soundfile.write(tmp_path / name, (0.1 * rng.standard_normal((SR, channels))
                                          ).astype(np.float32), SR, subtype="FLOAT")
    (tmp_path / "sub").mkdir()
    return tmp_path


def session_in(folder):
    """Three tracks on two files (kick twice, bass), and events on kick and pad."""
    return Session(name="shared", folder=folder, middleware=EVENTS, tracks=[
        TrackSpec(name="Kick", file="kick.wav"), TrackSpec(name="Kick 2", file="kick.wav"),
        TrackSpec(name="Bass", file="bass.wav")])


def test_a_file_used_by_tracks_and_events_is_decoded_once(folder):
    engine = engine_from_session(session_in(folder))
    try:
        cache = engine.middleware.audio_cache
        stats = cache.stats()
        assert stats["misses"] == 3 and stats["entries"] == 3          # kick, bass, pad
        kick, kick2, bass = engine.track_ids
        assert engine.clip_data(kick) is engine.clip_data(kick2)
        assert engine.middleware.clip("kick.wav") is engine.middleware.clip("sub/../kick.wav")
        assert engine.middleware.clip("kick.wav").data is engine.clip_data(kick)
        assert stats["pinned"] == 3 and engine.on_clip_touched == cache.touch
        engine.middleware.post_event("HIT")
        engine.play()
        assert np.abs(engine.render(SR // 4)).max() > 0.01
    finally:
        engine.close()


def test_reloading_the_definitions_decodes_nothing_again(folder):
    engine = engine_from_session(session_in(folder))
    try:
        cache = engine.middleware.audio_cache
        old = engine.middleware
        definitions = old.to_dict()
        old.dispose()                                   # what the studio's clocked middleware does
        assert cache.stats()["pinned"] == 2             # the tracks' clips stay pinned
        again = Middleware(engine, audio_cache=cache)
        again.load(definitions, folder=folder)
        assert cache.stats()["misses"] == 3 and cache.stats()["pinned"] == 3
        again.load({}, folder=folder)                   # nothing in use: unpinned, still cached
        assert cache.stats()["pinned"] == 2 and len(cache) == 3
    finally:
        engine.close()


def test_engines_given_one_cache_share_the_decodes(folder):
    with AudioCache(samplerate_hz=SR) as cache:
        first = engine_from_session(session_in(folder), audio_cache=cache)
        second = engine_from_session(session_in(folder), audio_cache=cache)
        try:
            assert cache.stats()["misses"] == 3
            assert first.clip_data(first.track_ids[2]) is second.clip_data(second.track_ids[2])
        finally:
            first.close()
            second.close()


def test_the_cache_stays_within_its_budget_for_clips_no_longer_used(folder):
    clip_bytes = SR * 4                                         # one mono second
    with AudioCache(budget_bytes=clip_bytes, samplerate_hz=SR) as cache:
        engine = engine_from_session(session_in(folder), audio_cache=cache)
        try:
            engine.middleware.load({}, folder=folder)           # pad (stereo) no longer used
            assert cache.wait_evicted()
            assert cache.key_of(folder / "pad.wav") not in cache
            assert cache.stats()["pinned"] == 2 and len(cache) == 2   # the tracks' files stay
        finally:
            engine.close()


def test_a_cache_at_another_rate_is_refused(folder):
    with AudioCache(samplerate_hz=44100) as cache, pytest.raises(ValueError, match="44100 Hz"):
        engine_from_session(session_in(folder), audio_cache=cache)


def test_a_failed_session_leaves_nothing_pinned(folder):
    session = session_in(folder)
    session.tracks.append(TrackSpec(name="Gone", file="missing.wav"))
    with AudioCache(samplerate_hz=SR) as cache:
        with pytest.raises(FileNotFoundError, match=r"tracks\[3\] \('Gone'\)"):
            engine_from_session(session, audio_cache=cache)
        assert cache.stats()["pinned"] == 0 and len(cache) == 2

"""AudioCache: hits and misses, one loader per path, worker eviction to 80 %, pins, bad files."""
import threading

import numpy as np
import pytest

from fluxforge import AudioCache

FRAMES = 1000                    # stereo float32: 8000 bytes per clip
CLIP_BYTES = FRAMES * 2 * 4


@pytest.fixture
def cache():
    with AudioCache(budget_bytes=int(3.5 * CLIP_BYTES), samplerate_hz=48000) as cache:
        yield cache


@pytest.fixture
def clips(write_audio):
    """Five files of CLIP_BYTES each, distinct content."""
    return [write_audio(f"clip{i}.wav", FRAMES, seed=i) for i in range(5)]


def keys_of(cache, clips):
    return [cache.key_of(path) for path, _ in clips]


def test_miss_then_hit_returns_the_same_decoded_clip(cache, clips):
    path, samples = clips[0]
    first = cache.load(path)
    again = cache.load(str(path))
    assert again is first
    assert first.key == cache.key_of(path)
    np.testing.assert_array_equal(first.data, samples)
    assert cache.get(first.key) is first
    assert cache.get(12345) is None
    stats = cache.stats()
    assert (stats["entries"], stats["bytes_used"]) == (1, CLIP_BYTES)
    assert (stats["hits"], stats["misses"], stats["evictions"]) == (2, 2, 0)


def test_one_loader_per_path_concurrent_requests_share_one_decode(cache, write_audio):
    path, _ = write_audio("long.wav", 48000 * 20)
    cache.budget_bytes = 1 << 30
    start = threading.Barrier(8)
    results = []

    def request():
        start.wait()
        results.append(cache.load(path))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(clip is results[0] for clip in results)
    assert cache.stats()["entries"] == 1


def test_corrupt_file_raises_and_leaves_the_cache_unchanged(cache, clips, tmp_path):
    cache.load(clips[0][0])
    before = cache.stats()
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" + bytes(64))
    errors = []

    def request():
        try:
            cache.load(bad)
        except ValueError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 4 and all("cannot decode" in str(exc) for exc in errors)
    after = cache.stats()
    for field in ("entries", "bytes_used", "evictions", "loading"):
        assert after[field] == before[field]
    with pytest.raises(FileNotFoundError):
        cache.load(tmp_path / "missing.wav")
    assert cache.load(clips[0][0]).key == cache.key_of(clips[0][0])


def test_over_budget_evicts_least_recent_down_to_80_percent(cache, clips):
    keys = keys_of(cache, clips)
    for path, _ in clips[:3]:
        cache.load(path)
    cache.touch(keys[0])                 # order, oldest first: 1, 2, 0
    cache.load(clips[3][0])              # 4 clips > 3.5: evict to <= 2.8 clips
    assert cache.wait_evicted()
    assert [k in cache for k in keys[:4]] == [True, False, False, True]
    stats = cache.stats()
    assert stats["evictions"] == 2 and stats["bytes_used"] == 2 * CLIP_BYTES


def test_a_clip_held_elsewhere_survives_its_eviction(cache, clips):
    held = cache.load(clips[0][0])
    for path, _ in clips[1:]:
        cache.load(path)
    assert cache.wait_evicted()
    assert held.key not in cache
    np.testing.assert_array_equal(held.data, clips[0][1])


def test_pinned_clips_are_never_evicted_and_return_as_newest(cache, clips):
    keys = keys_of(cache, clips)
    cache.load(clips[0][0])
    cache.pin(keys[0])
    cache.pin(keys[0])
    for path, _ in clips[1:]:
        cache.load(path)
        assert cache.wait_evicted()
    assert keys[0] in cache
    cache.unpin(keys[0])
    assert cache.stats()["pinned"] == 1
    cache.unpin(keys[0])
    cache.budget_bytes = int(1.5 * CLIP_BYTES)   # keep 1 clip: the just-unpinned one is newest
    assert cache.wait_evicted()
    assert keys[0] in cache and len(cache) == 1


def test_load_with_pin_keeps_the_clip_from_any_eviction(clips):
    with AudioCache(budget_bytes=CLIP_BYTES // 2, samplerate_hz=48000) as tiny:
        pinned = tiny.load(clips[0][0], pin=True)       # over budget at once, yet kept
        tiny.load(clips[1][0])
        assert tiny.wait_evicted()
        assert pinned.key in tiny and len(tiny) == 1
        assert tiny.load(clips[0][0], pin=True) is pinned          # a hit pins again
        assert tiny.stats()["pinned"] == 1
        tiny.unpin(pinned.key)
        assert pinned.key in tiny                                   # still pinned once
        tiny.unpin(pinned.key)
        assert tiny.wait_evicted() and len(tiny) == 0


def test_an_idle_cache_has_no_thread_and_needs_no_close(clips):
    import gc
    import weakref

    def workers():
        return [t for t in threading.enumerate() if t.name == "fluxforge-audio-cache-evict"]

    before = len(workers())
    cache = AudioCache(budget_bytes=int(1.5 * CLIP_BYTES), samplerate_hz=48000)
    for path, _ in clips:
        cache.load(path)
    assert cache.wait_evicted() and cache.stats()["evictions"] == 4
    for _ in range(500):                          # the worker ends with its work
        if len(workers()) == before:
            break
        threading.Event().wait(0.01)
    assert len(workers()) == before
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None


def test_everything_pinned_over_budget_stays(cache, clips):
    keys = keys_of(cache, clips)
    for key, (path, _) in zip(keys, clips):
        assert cache.load(path, pin=True).key == key
    assert cache.wait_evicted()
    assert len(cache) == 5 and cache.stats()["bytes_used"] > cache.budget_bytes


def test_bad_arguments(cache, clips):
    with pytest.raises(TypeError, match="path must be"):
        cache.load(42)
    with pytest.raises(KeyError, match="not in the audio cache"):
        cache.pin(42)
    cache.load(clips[0][0])
    with pytest.raises(KeyError, match="not pinned"):
        cache.unpin(cache.key_of(clips[0][0]))
    with pytest.raises(ValueError, match="budget_bytes"):
        cache.budget_bytes = 0
    with pytest.raises(TypeError, match="budget_bytes"):
        AudioCache(budget_bytes=1.5)
    with pytest.raises(ValueError, match="samplerate_hz"):
        AudioCache(samplerate_hz=-1)


def test_closed_cache_refuses_loads(clips):
    cache = AudioCache(budget_bytes=CLIP_BYTES * 10)
    cache.load(clips[0][0])
    cache.close()
    assert len(cache) == 0
    with pytest.raises(RuntimeError, match="closed"):
        cache.load(clips[0][0])
    with pytest.raises(RuntimeError, match="closed"):
        cache.prefetch(clips[0][0])


def test_the_engine_render_touches_the_clips_it_plays(cache, clips):
    from fluxforge import Engine

    playing, idle, other = (cache.load(path) for path, _ in clips[:3])
    with Engine(48000, 512) as engine:
        engine.on_clip_touched = cache.touch
        engine.add_track(playing)
        engine.play()
        engine.render(48000)               # render() drains the touch events
    cache.load(clips[3][0])                # over budget: the two least recent go
    assert cache.wait_evicted()
    assert playing.key in cache
    assert idle.key not in cache and other.key not in cache


def test_prefetch_loads_in_the_background_and_shares_the_decode(cache, clips, tmp_path):
    future = cache.prefetch(clips[0][0])
    loaded = cache.load(clips[0][0])
    assert future.result(timeout=10) is loaded
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not audio at all")
    assert isinstance(cache.prefetch(bad).exception(timeout=10), ValueError)
    assert len(cache) == 1

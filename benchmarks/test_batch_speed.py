"""Batch analysis on Dask: scaling with worker processes and the Dask path's overhead.

Every round measures the files for real: loudness, peaks, DC, clipping, and
the waveform overview and pyramid written into a fresh cache folder. The
clusters (``distributed.LocalCluster``, one thread per worker process) are
started once per module, outside the timings.

Groups:
- batch-200-files-workers: 200 files of 1 s stereo 48 kHz; baseline one
  worker process, against two (the goal on 2 cores is >= 1.7x).
- batch-overhead-5s-files: 40 files of 5 s stereo 48 kHz; baseline a plain
  loop over ``analyze_row`` in this process, against ``fluxforge.batch.analyze``
  on a one-worker cluster (the goal is <= 20 % overhead, i.e. ratio >= 0.83).
"""
import itertools
import logging

import numpy as np
import pytest
import soundfile

from fluxforge.batch import analyze, analyze_row

SR = 48000


def _write_files(folder, count, seconds):
    rng = np.random.default_rng(1)
    noise = rng.uniform(-0.5, 0.5, (SR * seconds, 2)).astype(np.float32)
    paths = []
    for i in range(count):
        path = folder / f"f{i:03d}.wav"
        soundfile.write(path, np.roll(noise, 997 * i, axis=0), SR, subtype="PCM_24")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def files_1s(tmp_path_factory):
    return _write_files(tmp_path_factory.mktemp("batch-1s"), 200, 1)


@pytest.fixture(scope="module")
def files_5s(tmp_path_factory):
    return _write_files(tmp_path_factory.mktemp("batch-5s"), 40, 5)


@pytest.fixture(scope="module")
def clients():
    from distributed import Client, LocalCluster
    made = {}
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0",
                      silence_logs=logging.ERROR) as one, Client(one) as c1, \
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0",
                         silence_logs=logging.ERROR) as two, Client(two) as c2:
        made.update({1: c1, 2: c2})
        yield made


@pytest.fixture
def fresh_cache(tmp_path):
    counter = itertools.count()
    return lambda: tmp_path / f"cache{next(counter)}"


def _on_cluster(benchmark, client, files, fresh_cache, rounds):
    def run(cache):
        return analyze(files, client=client, cache_dir=cache)
    rows = benchmark.pedantic(run, setup=lambda: ((fresh_cache(),), {}), rounds=rounds,
                              iterations=1)
    assert len(rows) == len(files) and all(r["error"] is None for r in rows)


@pytest.mark.benchmark(group="batch-200-files-workers")
def test_one_worker(benchmark, clients, files_1s, fresh_cache):
    benchmark.extra_info["baseline"] = True
    _on_cluster(benchmark, clients[1], files_1s, fresh_cache, rounds=3)


@pytest.mark.benchmark(group="batch-200-files-workers")
def test_two_workers(benchmark, clients, files_1s, fresh_cache):
    _on_cluster(benchmark, clients[2], files_1s, fresh_cache, rounds=3)


@pytest.mark.benchmark(group="batch-overhead-5s-files")
def test_plain_loop(benchmark, files_5s, fresh_cache):
    benchmark.extra_info["baseline"] = True

    def run(cache):
        return [analyze_row(p, str(cache)) for p in files_5s]
    rows = benchmark.pedantic(run, setup=lambda: ((fresh_cache(),), {}), rounds=3, iterations=1)
    assert all(r["error"] is None for r in rows)


@pytest.mark.benchmark(group="batch-overhead-5s-files")
def test_dask_one_worker(benchmark, clients, files_5s, fresh_cache):
    _on_cluster(benchmark, clients[1], files_5s, fresh_cache, rounds=3)

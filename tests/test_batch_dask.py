"""fluxforge.batch on real Dask clusters: same rows as the serial path, error rows,
a killed worker, reruns that skip what is done, and the command line."""
import json
import os
import threading
import time

import numpy as np
import pytest
import soundfile

from fluxforge.batch import ROW_COLUMNS, ResultStore, analyze
from fluxforge.batch.store import json_ready
from tests.fixtures.dask_cluster import dask_processes, free_port


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """50 files in nested folders: 48 good (varied rate/channels), one corrupt, one empty."""
    root = tmp_path_factory.mktemp("library")
    rng = np.random.default_rng(7)
    for i in range(48):
        folder = root / f"set{i % 4}"
        folder.mkdir(exist_ok=True)
        channels, rate = (1, 44100) if i % 3 == 0 else (2, 48000)
        x = rng.uniform(-0.5, 0.5, (rate // 2 + 97 * i, channels)) + 0.01 * (i % 5)
        if i == 5:
            x[100:110] = 1.0      # ten clipped frames
        soundfile.write(folder / f"take{i:02d}.{'flac' if i % 2 else 'wav'}", x, rate)
    (root / "set1" / "corrupt.wav").write_bytes(b"RIFF\x00\x10\x00\x00WAVEfmt garbage" * 20)
    (root / "set2" / "empty.wav").write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def serial_rows(library):
    return analyze([library], workers=0, cache_dir=None)


@pytest.fixture(scope="module")
def processes():
    with dask_processes(workers=2) as cluster:
        yield cluster


def test_serial_rows_have_48_good_and_two_error_rows(serial_rows):
    assert len(serial_rows) == 50 and all(tuple(r) == ROW_COLUMNS for r in serial_rows)
    errors = {os.path.basename(r["path"]): r["error"] for r in serial_rows if r["error"]}
    assert sorted(errors) == ["corrupt.wav", "empty.wav"]
    assert all(name in message for name, message in errors.items())
    clipped = [r for r in serial_rows if r["path"].endswith("take05.flac")][0]
    assert clipped["clipped_samples"] == 20 and clipped["error"] is None


def test_local_cluster_rows_equal_the_serial_rows(library, serial_rows, local_cluster, tmp_path):
    rows = analyze([library], client=local_cluster[1], cache_dir=tmp_path)
    assert rows == serial_rows
    assert len(list((tmp_path / "waveforms").glob("*.wfm"))) == 48
    assert len(list((tmp_path / "pyramids").glob("*.wfp"))) == 48


def test_rerun_skips_unchanged_files_and_remeasures_changed_ones(
        library, serial_rows, local_cluster, tmp_path):
    store = ResultStore(tmp_path / "report.parquet")
    analyze([library], client=local_cluster[1], store=store, cache_dir=None)
    # same size and mtime, other content: a skipped file keeps its old row
    kept = library / "set0" / "take00.wav"
    st = os.stat(kept)
    x, rate = soundfile.read(kept)
    soundfile.write(kept, x * 0.5, rate)
    os.utime(kept, ns=(st.st_atime_ns, st.st_mtime_ns))
    try:
        rerun = analyze([library], client=local_cluster[1], store=ResultStore(store.path),
                        cache_dir=None)
        assert rerun == serial_rows
        os.utime(kept, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))   # now it changed
        again = analyze([library], client=local_cluster[1], store=ResultStore(store.path),
                        cache_dir=None)
        changed = [r for r, s in zip(again, serial_rows) if r != s]
        assert [r["path"] for r in changed] == [str(kept)]
        assert changed[0]["sample_peak_dbfs"] == pytest.approx(
            serial_rows[0]["sample_peak_dbfs"] - 6.0206, abs=1e-3)
    finally:
        soundfile.write(kept, x, rate)
        os.utime(kept, ns=(st.st_atime_ns, st.st_mtime_ns))
    import pyarrow.parquet as pq
    assert pq.read_table(store.path).column_names == list(ROW_COLUMNS)


def test_cli_on_a_scheduler_started_with_dask_commands(run_cli, library, serial_rows,
                                                       processes, tmp_path):
    address, _ = processes
    out = tmp_path / "report.json"
    result = run_cli("analyze", library, "--scheduler", address, "--out", out, timeout=180,
                     env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 1          # two files could not be measured
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("fluxforge analyze: error: ") for e in errors)
    assert "wrote 50 rows (2 errors)" in result.stdout
    assert json.loads(out.read_text()) == [json_ready(r) for r in serial_rows]
    assert len(list((tmp_path / "cache" / "fluxforge" / "waveforms").glob("*.wfm"))) == 48


def test_render_batch_cli_on_the_scheduler_equals_serial_render(run_cli, demo_dir, processes,
                                                               tmp_path):
    address, _ = processes
    session = demo_dir / "demo.fluxforge.json"
    serial = tmp_path / "serial.wav"
    assert run_cli("render", session, "-o", serial, "--seconds", "1.5").returncode == 0
    (tmp_path / "out").mkdir()
    result = run_cli("render-batch", session, "--out-dir", tmp_path / "out", "--seconds", "1.5",
                     "--stems", "--scheduler", address, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "rendered 6 of 6 files" in result.stdout
    assert (tmp_path / "out" / "demo.Master.wav").read_bytes() == serial.read_bytes()


def test_killing_a_worker_mid_batch_still_completes(tmp_path, processes):
    address, workers = processes
    from distributed import Client
    rng = np.random.default_rng(3)
    for i in range(40):
        soundfile.write(tmp_path / f"f{i:02d}.wav", rng.uniform(-0.5, 0.5, (96000, 2)), 48000)
    cache = tmp_path / "cache"
    result = {}
    with Client(address) as client:
        run = threading.Thread(target=lambda: result.update(
            rows=analyze([tmp_path], client=client, cache_dir=cache)))
        run.start()
        deadline = time.monotonic() + 120
        while len(list((cache / "waveforms").glob("*.wfm"))) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers[0].kill()
        run.join(timeout=180)
    assert not run.is_alive()
    rows = result["rows"]
    assert len(rows) == 40 and all(r["error"] is None for r in rows)
    assert rows == analyze([tmp_path], workers=0, cache_dir=None)


def test_cli_errors_are_one_line(run_cli, tmp_path):
    soundfile.write(tmp_path / "a.wav", np.zeros((480, 2)), 48000)
    for args, needle in [
            (["--scheduler", f"tcp://127.0.0.1:{free_port()}"], "cannot connect to the Dask scheduler"),
            (["--out", tmp_path / "report.txt"], "unknown extension '.txt'"),
            (["--out", tmp_path / "no" / "report.csv"], "does not exist")]:
        result = run_cli("analyze", tmp_path / "a.wav", *args, timeout=120)
        assert result.returncode == 1, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("fluxforge analyze: error: ")
        assert needle in lines[0]

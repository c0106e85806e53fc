"""fluxforge analyze, run as a subprocess: table, JSON, per-file errors."""
import json

import numpy as np
import pytest
import soundfile

from tests.loudness_signals import segments, sine

import fluxforge
from fluxforge.batch.row import ROW_COLUMNS


@pytest.fixture
def run_cli(run_cli, tmp_path):
    """``run_cli`` with the waveform cache in ``tmp_path/cache`` (not the user's)."""
    return lambda *args: run_cli(*args, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})


def test_table_lists_every_file(run_cli, tmp_path):
    soundfile.write(tmp_path / "tone.wav", sine(5, -23), 48000, subtype="PCM_24")
    soundfile.write(tmp_path / "mono.flac", sine(4, -20, 44100, channels=1)[:, 0], 44100)
    result = run_cli("analyze", tmp_path / "tone.wav", tmp_path / "mono.flac")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["file", "duration", "rate", "ch"]
    assert "I LUFS" in lines[0] and "TP dBTP" in lines[0] and "LRA LU" in lines[0]
    tone = lines[1].split()
    assert tone[1:5] == ["5.00", "s", "48000", "2"] and tone[7] == "-23.0"
    assert lines[2].split()[4] == "1"


def test_json_equals_the_offline_function(run_cli, tmp_path):
    x = segments([(4, -20), (4, -30)])
    soundfile.write(tmp_path / "a.wav", x, 48000, subtype="FLOAT")
    soundfile.write(tmp_path / "silence.wav", np.zeros((48000, 2)), 48000, subtype="FLOAT")
    result = run_cli("analyze", "--json", tmp_path / "a.wav", tmp_path / "silence.wav")
    assert result.returncode == 0, result.stderr
    a, silence = json.loads(result.stdout)
    expected = fluxforge.loudness(x.astype(np.float32), 48000).as_dict()
    assert tuple(a) == ROW_COLUMNS and a["error"] is None
    assert {k: a[k] for k in expected if k in a} == {k: expected[k] for k in expected if k in a}
    assert (a["duration_s"], a["samplerate"], a["channels"]) == (8.0, 48000, 2)
    assert a["clipped_samples"] == 0 and abs(a["dc_offset"]) < 1e-3
    assert silence["integrated_lufs"] is None and silence["true_peak_dbtp"] is None


def test_unreadable_files_get_one_line_each_and_exit_1(run_cli, tmp_path):
    soundfile.write(tmp_path / "good.wav", sine(1, -10), 48000)
    (tmp_path / "junk.wav").write_text("not audio")
    bad = sine(1, -10)
    bad[500, 1] = np.nan
    soundfile.write(tmp_path / "nan.wav", bad, 48000, subtype="FLOAT")
    result = run_cli("analyze", tmp_path / "missing.wav", tmp_path / "junk.wav",
                     tmp_path / "nan.wav", tmp_path / "good.wav")
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3 and all(e.startswith("fluxforge analyze: error: ") for e in errors)
    assert "missing.wav: no such file" in errors[0]
    assert "junk.wav" in errors[1]
    assert "nan.wav: non-finite sample (nan) at frame 500, channel 1" in errors[2]
    assert "Traceback" not in result.stderr
    assert "good.wav" in result.stdout


def test_a_folder_is_searched_and_fills_the_waveform_caches(run_cli, tmp_path):
    (tmp_path / "lib" / "sub").mkdir(parents=True)
    soundfile.write(tmp_path / "lib" / "a.wav", sine(1, -10), 48000)
    soundfile.write(tmp_path / "lib" / "sub" / "b.flac", sine(1, -20), 48000)
    (tmp_path / "lib" / "notes.txt").write_text("not audio, not listed")
    result = run_cli("analyze", tmp_path / "lib")
    assert result.returncode == 0, result.stderr
    assert ["a.wav" in result.stdout, "b.flac" in result.stdout] == [True, True]
    cache = tmp_path / "cache" / "fluxforge"
    assert len(list((cache / "waveforms").glob("*.wfm"))) == 2
    assert len(list((cache / "pyramids").glob("*.wfp"))) == 2

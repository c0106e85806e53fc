"""fluxforge render --loudness: the bounce measures the target (or the ceiling limits it)."""
import re

import numpy as np
import pytest
import soundfile

import fluxforge
from fluxforge.metering import LoudnessResult, normalise_gain


def _applied_gain_db(stdout):
    return float(re.search(r"applied ([-+]\d+\.\d+) dB gain", stdout).group(1))


@pytest.mark.parametrize("target", [-23.0, -16.0])
def test_bounce_measures_the_target(run_cli, demo_dir, tmp_path, target):
    out = tmp_path / "mix.wav"
    result = run_cli("render", demo_dir / "demo.fluxforge.json", "-o", out, "--seconds", "4",
                     "--loudness", target)
    assert result.returncode == 0, result.stderr
    assert f"to the {target:g} LUFS target" in result.stdout
    x, sr = soundfile.read(out)
    r = fluxforge.loudness(x, sr)
    assert r.integrated_lufs == pytest.approx(target, abs=0.1)
    assert r.true_peak_dbtp <= -1.0 + 0.05


def test_ceiling_limits_the_gain_and_says_so(run_cli, demo_dir, tmp_path):
    plain, loud = tmp_path / "plain.wav", tmp_path / "loud.wav"
    session = demo_dir / "demo.fluxforge.json"
    assert run_cli("render", session, "-o", plain, "--seconds", "4").returncode == 0
    result = run_cli("render", session, "-o", loud, "--seconds", "4", "--loudness", "-6",
                     "--true-peak-ceiling", "-2")
    assert result.returncode == 0, result.stderr
    assert "limited by the -2 dBTP true-peak ceiling" in result.stdout
    before, sr = soundfile.read(plain)
    after, _ = soundfile.read(loud)
    gain_db = _applied_gain_db(result.stdout)
    np.testing.assert_allclose(after, before * 10 ** (gain_db / 20), rtol=1e-3, atol=1e-9)   # gain printed to 0.01 dB
    r = fluxforge.loudness(after, sr)
    assert r.true_peak_dbtp == pytest.approx(-2.0, abs=0.05)
    assert r.integrated_lufs < -6.0 - 0.5
    assert f"integrated {r.integrated_lufs:.1f} LUFS" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--loudness", "3"], "loudness target must be a number of LUFS in -70..0, got 3.0"),
    (["--loudness", "-16", "--true-peak-ceiling", "1"], "true-peak ceiling must be"),
    (["--loudness", "loud"], "invalid float value"),
])
def test_bad_targets_are_refused_and_nothing_is_written(run_cli, demo_dir, tmp_path, args, message):
    out = tmp_path / "mix.wav"
    result = run_cli("render", demo_dir / "demo.fluxforge.json", "-o", out, *args)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_silence_cannot_be_normalised():
    silent = LoudnessResult(-np.inf, 0.0, -np.inf, -np.inf, -np.inf, -np.inf)
    with pytest.raises(ValueError, match="no integrated loudness"):
        normalise_gain(silent, -16.0)


def test_true_peak_off_gives_the_same_loudness_and_nan_peak():
    rng = np.random.default_rng(3)
    x = 0.1 * rng.standard_normal((48000 * 5, 2))
    full = fluxforge.loudness(x, 48000)
    fast = fluxforge.loudness(x, 48000, true_peak=False)
    assert np.isnan(fast.true_peak_dbtp)
    assert {k: v for k, v in fast.as_dict().items() if k != "true_peak_dbtp"} == \
        {k: v for k, v in full.as_dict().items() if k != "true_peak_dbtp"}


def test_loudness_is_a_plain_function_export():
    from fluxforge import loudness
    from fluxforge.metering import loudness as metering_loudness
    assert loudness is metering_loudness and fluxforge.loudness is metering_loudness
    assert type(fluxforge.metering).__name__ == "module"

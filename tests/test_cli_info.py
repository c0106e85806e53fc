"""fluxforge info: version, SIMD levels (also forced), denormal mode, devices."""
import json

import pytest

import fluxforge
from fluxforge import dsp


def test_text_report(run_cli):
    result = run_cli("info")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"fluxforge {fluxforge.__version__} (Python 3.")
    assert lines[1].startswith(f"SIMD level:  {dsp.simd_level()};")
    assert ", ".join(dsp.available_simd_levels()) in lines[1]
    assert lines[2].startswith("denormals:   ")
    assert "audio output devices:" in result.stdout


@pytest.mark.parametrize("level", ["scalar", "sse4.2"])
def test_json_report_shows_a_forced_level(run_cli, level):
    if level not in dsp.available_simd_levels():
        pytest.skip(f"{level} is not available on this CPU")
    facts = json.loads(run_cli("info", "--json", env={"FLUXFORGE_SIMD": level}).stdout)
    assert facts["simd"] == {"level": level, "available": list(dsp.available_simd_levels()),
                             "forced_by_env": level}
    if facts["machine"] in ("x86_64", "AMD64"):
        assert facts["denormals"]["flush_to_zero_supported"] is True
    assert facts["version"] == fluxforge.__version__


@pytest.mark.jack
def test_lists_the_jack_device(run_cli, jack_server):
    env = {"JACK_DEFAULT_SERVER": jack_server.name, "JACK_NO_START_SERVER": "1"}
    facts = json.loads(run_cli("info", "--json", env=env).stdout)
    jack = [d for d in facts["audio"]["devices"] if d["host_api"] == "JACK Audio Connection Kit"]
    assert jack and jack[0]["channels"] >= 2 and facts["audio"]["chosen"] == jack[0]["index"]
    text = run_cli("info", env=env).stdout
    assert f"*   {jack[0]['index']}  system  [JACK Audio Connection Kit, 2 ch, 48000 Hz" in text

"""fluxforge.devices(): listing and choosing output devices, with and without one."""
import json
import os
import subprocess
import sys

import pytest

import fluxforge
from fluxforge.engine.devices import (
    JACK_HOST_API, NoAudioDeviceError, OutputDevice, choose_output_device, devices)
from tests.fixtures.jack import JACK_RATE_HZ
from tests.fixtures.rtsan import REPO

NO_DEVICE_CHILD = """
import json, fluxforge
from fluxforge.engine.devices import NoAudioDeviceError, choose_output_device
listed = fluxforge.devices()
try:
    choose_output_device()
    outcome = "chosen"
except NoAudioDeviceError as exc:
    outcome = "NoAudioDeviceError: " + str(exc)
print(json.dumps({"listed": len(listed), "outcome": outcome}))
"""


@pytest.mark.jack
def test_the_jack_device_is_listed_and_preferred(jack_server):
    listed = fluxforge.devices()
    jack = [d for d in listed if d.host_api == JACK_HOST_API]
    assert len(jack) == 1 and isinstance(jack[0], OutputDevice)
    assert jack[0].channels >= 2
    assert jack[0].default_samplerate_hz == JACK_RATE_HZ
    assert jack[0].low_latency_s > 0
    assert choose_output_device() == jack[0]
    assert choose_output_device(jack[0].index) == jack[0]
    assert choose_output_device(jack[0].name.upper()) == jack[0]


@pytest.mark.jack
def test_unknown_devices_are_rejected_by_name(jack_server):
    with pytest.raises(ValueError, match="not an output device"):
        choose_output_device(10_000)
    with pytest.raises(ValueError, match="no-such-card"):
        choose_output_device("no-such-card")


@pytest.mark.parametrize("bad", [1.5, True, b"system", ["system"]])
def test_device_must_be_none_int_or_str(bad):
    with pytest.raises(TypeError, match="device must be"):
        choose_output_device(bad)


def test_no_device_gives_a_clear_error():
    env = {**os.environ, "JACK_DEFAULT_SERVER": f"fluxforge-absent-{os.getpid()}",
           "JACK_NO_START_SERVER": "1", "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", NO_DEVICE_CHILD], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["listed"]:
        pytest.skip("this machine has a sound card: the no-device case cannot be shown")
    assert result["outcome"].startswith("NoAudioDeviceError: no audio output device found")
    assert "Offline rendering works" in result["outcome"]


def test_devices_returns_a_list_of_output_devices():
    listed = devices()
    assert isinstance(listed, list)
    assert all(isinstance(d, OutputDevice) and d.channels > 0 for d in listed)
    assert NoAudioDeviceError is fluxforge.NoAudioDeviceError

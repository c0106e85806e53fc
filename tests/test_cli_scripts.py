"""The set-up path: scripts parse, install what the project needs, and rerun quickly."""
import os
import re
import subprocess
import sys
import time
import tomllib

import pytest

from tests.fixtures.cli import REPO

SCRIPTS = ["scripts/bootstrap.sh", "scripts/run.sh", "scripts/test.sh", ".ci/run"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_is_valid_bash(script):
    result = subprocess.run(["bash", "-n", str(REPO / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci/run").read_text()
    assert re.search(r"^exec bash .*scripts/test\.sh", ci, re.M)


def test_bootstrap_installs_the_required_apt_packages():
    text = (REPO / "scripts/bootstrap.sh").read_text()
    listed = set(re.search(r"APT_PACKAGES=\((.*?)\)", text, re.S).group(1).split())
    assert {"build-essential", "python3-dev", "python3-venv", "libportaudio2", "libsndfile1",
            "jackd2", "libgl1", "libegl1", "libmtdev1", "xvfb", "xauth", "gcc",
            "binutils"} <= listed
    assert "DEBIAN_FRONTEND=noninteractive" in text and "apt-get -q update" in text


def test_pyproject_is_the_one_list_of_pip_packages():
    with open(REPO / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)
    names = " ".join(project["build-system"]["requires"] + project["project"]["dependencies"]
                     + project["project"]["optional-dependencies"]["ui"]
                     + project["project"]["optional-dependencies"]["test"]).lower()
    for package in ("numpy>=2", "cython>=3", "setuptools", "wheel", "scipy", "pytest-benchmark",
                    "pytest-timeout", "hypothesis", "kivy[base]==2.3.1", "sounddevice",
                    "soundfile", "soxr", "pytest>="):
        assert package in names, package


@pytest.mark.skipif(os.environ.get("CI") != "true" or sys.prefix != str(REPO / ".venv"),
                    reason="reruns the bootstrap of this checkout's .venv: CI only")
def test_bootstrap_rerun_is_quick_and_changes_nothing():
    started = time.monotonic()
    result = subprocess.run(["bash", str(REPO / "scripts/bootstrap.sh")], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "apt packages: all present" in result.stdout
    assert "pip packages: up to date" in result.stdout
    assert time.monotonic() - started < 120
    build_log = (REPO / "build" / "logs" / "build.log").read_text()
    compiled = [line for line in build_log.splitlines() if " -c " in line or " -shared " in line]
    assert compiled == [], "the rerun compiled or linked again:\n" + "\n".join(compiled[:5])


@pytest.mark.skipif(os.environ.get("CI") != "true" or sys.prefix != str(REPO / ".venv"),
                    reason="runs scripts/run.sh (bootstrap + the mixer) of this checkout: CI only")
def test_run_script_opens_the_mixer_on_the_demo(tmp_path):
    shot = tmp_path / "mixer.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                             "SDL_VIDEODRIVER")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")      # the demo is written afresh
    result = subprocess.run(["bash", str(REPO / "scripts/run.sh"), "--offline", "--seconds", "2",
                             "--screenshot", str(shot)], env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no display found" in result.stdout                     # says how it falls back
    assert "FluxForge demo: 6 tracks" in result.stdout
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert (tmp_path / "cache" / "fluxforge" / "demo" / "demo.fluxforge.json").is_file()

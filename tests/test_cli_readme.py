"""The README's promises: its Python example runs, its command table is complete."""
import re
import subprocess
import sys

import soundfile

from fluxforge.cli import COMMANDS
from tests.fixtures.cli import REPO, _cli_env

README = (REPO / "README.md").read_text()


def test_the_python_example_renders_the_demo(tmp_path):
    example = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    assert len(example.strip().splitlines()) == 5
    result = subprocess.run([sys.executable, "-c", example], cwd=tmp_path, env=_cli_env(),
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    info = soundfile.info(tmp_path / "mix.wav")
    assert (info.frames, info.channels, info.samplerate) == (48000 * 8, 2, 48000)
    assert (tmp_path / "demo" / "demo.fluxforge.json").is_file()


def test_every_command_is_in_the_readme():
    for command in COMMANDS:
        assert f"| `fluxforge {command}" in README


def test_the_two_setup_commands_exist():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    assert commands == ["bash scripts/run.sh", "bash scripts/test.sh"]
    for command in commands:
        assert (REPO / command.split()[1]).is_file()


def test_local_links_and_images_exist():
    targets = re.findall(r"\]\(([^)#]+)\)", README)
    assert "docs/mixer.png" in targets and "docs/session-format.md" in targets
    for target in targets:
        if not target.startswith("http"):
            assert (REPO / target).is_file(), target

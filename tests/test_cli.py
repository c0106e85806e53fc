"""The fluxforge command line, run as a real subprocess: help, usage errors, demo."""
import tomllib

import pytest

from tests.fixtures.cli import REPO

from fluxforge.cli import COMMANDS
from fluxforge.session import load_session


def test_entry_point_is_cli_main():
    with open(REPO / "pyproject.toml", "rb") as f:
        scripts = tomllib.load(f)["project"]["scripts"]
    assert scripts["fluxforge"] == "fluxforge.cli:main"


def test_help_lists_every_command(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(run_cli, command):
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: fluxforge {command}")


def test_usage_errors_exit_2_with_a_message(run_cli):
    result = run_cli()
    assert result.returncode == 2 and "required: COMMAND" in result.stderr
    result = run_cli("dance")
    assert result.returncode == 2 and "invalid choice: 'dance'" in result.stderr


def test_version(run_cli):
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("fluxforge 0.")


def test_demo_writes_a_loadable_session(run_cli, demo_dir):
    session = load_session(demo_dir / "demo.fluxforge.json")
    assert [t.name for t in session.tracks] == ["Drums", "Bass", "Pad", "Lead", "Coins", "Room"]


def test_demo_defaults_to_a_folder_in_the_current_directory(run_cli, tmp_path):
    result = run_cli("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "fluxforge-demo" / "demo.fluxforge.json").is_file()
    assert "wrote the demo session" in result.stdout


def test_demo_into_an_unwritable_place_fails_cleanly(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("demo", blocker / "inside")
    assert result.returncode == 1
    assert result.stderr.startswith("fluxforge demo: error:") and "Traceback" not in result.stderr
    assert "[Errno" not in result.stderr


def test_os_errors_read_as_words_with_the_path():
    from fluxforge.cli.main import describe
    err = PermissionError(13, "Permission denied", "/srv/mix.wav")
    assert describe(err) == "cannot use /srv/mix.wav: permission denied"
    assert str(describe(FileNotFoundError("no session file x.json"))) == "no session file x.json"

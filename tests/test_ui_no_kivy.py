"""``fluxforge-studio`` where Kivy cannot be imported: one line naming the ui extra, exit 1."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCKER = '''
import importlib.abc, sys
class NoKivy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "kivy" or name.startswith("kivy."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NoKivy())
'''


def run_studio(tmp_path, *args):
    (tmp_path / "sitecustomize.py").write_text(BLOCKER)
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    code = "import sys; from app.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_without_kivy_one_line_and_exit_1(tmp_path):
    done = run_studio(tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'fluxforge[ui]'" in lines[0]
    assert "Traceback" not in done.stderr


def test_the_blocker_really_blocks_kivy(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(BLOCKER)
    done = subprocess.run([sys.executable, "-c", "import kivy"], capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 1 and "No module named 'kivy'" in done.stderr

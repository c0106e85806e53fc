"""The installed layout: every package is listed, the surface installs as fluxforge_studio."""
import ast
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOOL = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def _installed_name(folder):
    rel = folder.relative_to(REPO).parts
    renamed = {"app": ("fluxforge_studio",), "benchmarks": ("fluxforge", "benchmarks")}
    return ".".join(renamed.get(rel[0], rel[:1]) + rel[1:])


def _build_pure_python(tmp_path):
    """setuptools' build_py of the project into ``tmp_path/lib`` (what a wheel holds, minus
    the compiled modules); returns ``(folder, build messages)``."""
    out = tmp_path / "lib"
    built = subprocess.run([sys.executable, "-c", "import sys; from setuptools import setup; "
                            "sys.argv = ['setup.py', '-q', 'build_py', '-d', sys.argv[1]]; setup()",
                            out], cwd=REPO, check=True, capture_output=True, text=True)
    return out, built.stdout + built.stderr


def test_every_package_folder_is_installed():
    folders = [p.parent for top in ("fluxforge", "app", "benchmarks") for p in (REPO / top).rglob("__init__.py")]
    assert sorted(map(_installed_name, folders)) == sorted(TOOL["packages"])
    assert TOOL["package-dir"] == {"fluxforge_studio": "app", "fluxforge.benchmarks": "benchmarks"}


def test_kv_files_sit_beside_their_widget():
    kv_files = sorted((REPO / "app").rglob("*.kv"))
    assert kv_files
    for kv in kv_files:
        assert kv.with_suffix(".py").is_file(), kv
        assert "app." not in kv.read_text(), f"{kv} names the package 'app'"


def test_the_surface_imports_itself_relatively():
    for path in (REPO / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                     else [])
            assert not any(n == "app" or n.startswith("app.") for n in names), path


def test_built_packages_import_under_their_installed_names(tmp_path):
    out, messages = _build_pure_python(tmp_path)
    assert "Deprecat" not in messages      # e.g. the old license table
    assert (out / "fluxforge_studio" / "widgets" / "strip.kv").is_file()
    assert not (out / "app").exists()
    code = ("import fluxforge_studio.main, fluxforge_studio.widgets.kvload as k; "
            "print(k.__file__)")
    env = {**os.environ, "PYTHONPATH": f"{out}{os.pathsep}{REPO}", "KIVY_NO_ARGS": "1",
           "KIVY_NO_CONSOLELOG": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out / "fluxforge_studio" / "widgets" / "kvload.py")


def test_bench_runs_from_an_installed_copy(tmp_path):
    """``fluxforge bench`` with only the built package on the path (no checkout)."""
    out, _ = _build_pure_python(tmp_path)
    assert (out / "fluxforge" / "benchmarks" / "conftest.py").is_file()
    for compiled in (REPO / "fluxforge").glob("_*.so"):
        (out / "fluxforge" / compiled.name).write_bytes(compiled.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(out)}
    done = subprocess.run([sys.executable, "-m", "fluxforge.cli", "bench", "--quick", "-k",
                           "read_meters or meters_as_dict", "--json", tmp_path / "s.json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = json.loads((tmp_path / "s.json").read_text())["rows"]
    assert any(r.get("group") == "engine-read-meters-256" and r.get("ratio") for r in rows)

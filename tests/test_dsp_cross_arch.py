"""The C kernels checked in C against the scalar table, natively and on aarch64.

tests/c/kernels_vs_scalar.c runs every available kernel table against the
scalar one (lengths 0..1100, unaligned starts, NaN peaks, banks of 1..37
channels carried across two calls, the single-channel filter), and every
SIMD level's fused engine track kernel (float32 clip frames through the EQ
bands, gain ramps, meter statistics and bus add) against a plain reference
built on the scalar biquad (tests/c/check_fused.h). It is built from
every C file under pyx/csrc with the per-ISA flags of setup.py (read from
it, not copied).
The aarch64 run cross-compiles with aarch64-linux-gnu-gcc and runs under
qemu-aarch64, which is how the NEON table is tested on an x86 machine; it
is skipped, with the reason, where those tools are missing
(apt: gcc-aarch64-linux-gnu qemu-user).
"""
import ast
import platform
import shutil
import subprocess
from pathlib import Path

import pytest

from fluxforge import dsp

REPO = Path(__file__).resolve().parents[1]
CSRC = REPO / "pyx" / "csrc"
DRIVER = REPO / "tests" / "c" / "kernels_vs_scalar.c"
X86_ISAS = {"sse42", "avx2", "avx512"}


def setup_constants():
    """COMMON_CFLAGS and ISA_CFLAGS as setup.py defines them."""
    found = {}
    for node in ast.parse((REPO / "setup.py").read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("COMMON_CFLAGS", "ISA_CFLAGS"):
                found[node.targets[0].id] = ast.literal_eval(node.value)
    return found["COMMON_CFLAGS"], found["ISA_CFLAGS"]


def isa_of(path, isa_flags):
    return next((isa for isa in isa_flags if path.stem.endswith("_" + isa)), "")


def build(tmp_path, cc, skip_isas, extra=()):
    common, isa_flags = setup_constants()
    objects = []
    for src in sorted(CSRC.rglob("*.c")):
        isa = isa_of(src, isa_flags)
        if isa in skip_isas:
            continue
        obj = tmp_path / (src.stem + ".o")
        compile_checked([cc, *common, *isa_flags.get(isa, []), f"-I{CSRC}", "-c", str(src),
                         "-o", str(obj)])
        objects.append(str(obj))
    exe = tmp_path / "kernels_vs_scalar"
    compile_checked([cc, "-O2", "-std=gnu11", f"-I{CSRC}", str(DRIVER), *objects, "-o", str(exe),
                     *extra, "-lm"])
    return exe


def compile_checked(command):
    """Run a compiler command; a failure shows the compiler's own messages."""
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}{done.stderr}"


def run_checked(command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    fused = [ln.split()[1] for ln in lines if ln.startswith("fused")]
    return ([ln.split()[1] for ln in lines if ln.startswith("checked")], lines[-1].split()[1],
            fused)


def native_build(tmp_path, build):
    """``build(tmp_path, cc, skip_isas)`` with this machine's compiler: every x86
    level on x86, none elsewhere (skipped when there is no C compiler)."""
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler on PATH")
    on_x86 = platform.machine().lower() in ("x86_64", "amd64")
    return build(tmp_path, cc, skip_isas=set() if on_x86 else X86_ISAS)


def test_native_tables_match_the_scalar_table(tmp_path):
    exe = native_build(tmp_path, build)
    checked, best, fused = run_checked([str(exe)])
    assert checked == dsp.available_simd_levels()
    assert best == dsp.best_simd_level()
    assert fused == [level for level in checked if level != "scalar"]


def aarch64_tools():
    """``(cross compiler, qemu-aarch64)``; skips on aarch64 itself or without them."""
    cc, qemu = shutil.which("aarch64-linux-gnu-gcc"), shutil.which("qemu-aarch64")
    if platform.machine().lower() in ("aarch64", "arm64"):
        pytest.skip("native aarch64: the native test covers NEON")
    if cc is None or qemu is None:
        pytest.skip("needs aarch64-linux-gnu-gcc and qemu-aarch64 "
                    "(apt: gcc-aarch64-linux-gnu qemu-user)")
    return cc, qemu


def test_neon_table_matches_the_scalar_table_under_qemu(tmp_path):
    cc, qemu = aarch64_tools()
    exe = build(tmp_path, cc, skip_isas=X86_ISAS, extra=["-static"])
    checked, best, fused = run_checked([qemu, str(exe)])
    assert checked == ["scalar", "neon"] and best == "neon"
    assert fused == ["neon"]

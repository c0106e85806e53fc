"""The whole-signal loudness analysis of every SIMD level checked in C against
the streaming meter, natively and on aarch64 (NEON) under qemu.

tests/c/loudness_lanes_vs_meter.c is built from the loudness, true-peak,
dispatch and DSP kernel C files with the per-ISA flags of setup.py (read
from it, as tests/test_dsp_cross_arch.py reads them); the aarch64 run is
skipped, with the reason, where aarch64-linux-gnu-gcc or qemu-aarch64 is
missing (apt: gcc-aarch64-linux-gnu qemu-user).
"""
import subprocess
from pathlib import Path

from fluxforge import dsp
from tests.test_dsp_cross_arch import (X86_ISAS, aarch64_tools, compile_checked, isa_of,
                                       native_build, setup_constants)

REPO = Path(__file__).resolve().parents[1]
CSRC = REPO / "pyx" / "csrc"
DRIVER = REPO / "tests" / "c" / "loudness_lanes_vs_meter.c"
STEMS = ("ff_loudness", "ff_true_peak", "ff_dispatch", "ff_kernels_", "ff_kernel_tables")


def build(tmp_path, cc, skip_isas, extra=()):
    common, isa_flags = setup_constants()
    sources = sorted(p for p in CSRC.rglob("*.c") if p.stem.startswith(STEMS))
    includes = [f"-I{CSRC}"] + sorted({f"-I{p.parent}" for p in CSRC.rglob("*.h")} -
                                      {f"-I{CSRC}"})
    objects = []
    for src in sources:
        isa = isa_of(src, isa_flags)
        if isa in skip_isas:
            continue
        obj = tmp_path / (src.stem + ".o")
        compile_checked([cc, *common, *isa_flags.get(isa, []), *includes, "-c", str(src),
                         "-o", str(obj)])
        objects.append(str(obj))
    exe = tmp_path / "loudness_lanes_vs_meter"
    compile_checked([cc, "-O2", "-std=gnu11", *includes, str(DRIVER), *objects, "-o", str(exe),
                     *extra, "-lm"])
    return exe


def run_checked(command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return [line.split()[1] for line in done.stdout.splitlines() if line.startswith("checked")]


def test_native_levels_match_the_streaming_meter(tmp_path):
    exe = native_build(tmp_path, build)
    assert run_checked([str(exe)]) == dsp.available_simd_levels()


def test_neon_level_matches_the_streaming_meter_under_qemu(tmp_path):
    cc, qemu = aarch64_tools()
    exe = build(tmp_path, cc, skip_isas=X86_ISAS, extra=["-static"])
    assert run_checked([qemu, str(exe)]) == ["scalar", "neon"]

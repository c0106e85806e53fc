"""Build FluxForge's compiled modules.

Every ``pyx/_<name>.pyx`` becomes the private module ``fluxforge._<name>``.
The plain C files under ``pyx/csrc/`` (kernels/, engine/, rt/, lru/, wave/,
loudness/) are compiled once into a static library ``ffcore`` that every
module links (the linker keeps only what a module uses); they include each
other by their path below ``pyx/csrc`` (``#include "kernels/ff_kernels.h"``),
the one include directory.
Each instruction-set file gets its own flags here and nowhere else; nothing is
built for the build machine's own CPU: the best level is chosen at run time.

Environment:
    FLUXFORGE_DEBUG=1   turn Cython's bounds/wraparound checks back on.
"""
import os
import platform
import sys
from pathlib import Path

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.modified import newer_group

ROOT = Path(__file__).parent
PYX = ROOT / "pyx"
CSRC = PYX / "csrc"

MACHINE = platform.machine().lower()
IS_X86 = MACHINE in ("x86_64", "amd64", "i686", "x86")
IS_ARM64 = MACHINE in ("aarch64", "arm64")

COMMON_CFLAGS = ["-O3", "-std=gnu11", "-fno-fast-math", "-fno-math-errno", "-Wall"]
ISA_CFLAGS = {
    "scalar": ["-fno-tree-vectorize"],
    "sse42": ["-msse4.2"],
    "avx2": ["-mavx2", "-mfma"],
    "avx512": ["-mavx512f", "-mavx512dq", "-mavx512vl", "-mavx2", "-mfma"],
    "neon": [],
}
ISA_ARCH = {"sse42": IS_X86, "avx2": IS_X86, "avx512": IS_X86, "neon": IS_ARM64}

DEBUG = os.environ.get("FLUXFORGE_DEBUG") == "1"
DIRECTIVES = {
    "language_level": 3,
    "boundscheck": DEBUG,
    "wraparound": DEBUG,
    "initializedcheck": DEBUG,
    "cdivision": True,
    "embedsignature": True,
}


def isa_of(path):
    """The instruction set a C file is written for ('' for plain C)."""
    stem = path.stem
    for isa in ISA_CFLAGS:
        if stem.endswith("_" + isa):
            return isa
    return ""


class BuildWithKernels(build_ext):
    """build_ext that first compiles pyx/csrc into the static library ffcore.

    A C file is compiled only when it, or any header under pyx/csrc, is newer
    than its object file (or with ``--force``).
    """

    def build_extensions(self):
        lib_dir = Path(self.build_temp) / "ffcore"
        lib_dir.mkdir(parents=True, exist_ok=True)
        headers = sorted(str(h) for h in CSRC.rglob("*.h"))
        objects = []
        for src in sorted(CSRC.rglob("*.c")):
            isa = isa_of(src)
            if isa and not ISA_ARCH.get(isa, True):
                continue
            out_dir = str(lib_dir / (isa or "plain"))
            obj, = self.compiler.object_filenames([str(src)], output_dir=out_dir)
            if self.force or newer_group([str(src)] + headers, obj):
                flags = COMMON_CFLAGS + ISA_CFLAGS.get(isa, [])
                self.compiler.compile([str(src)], output_dir=out_dir,
                                      include_dirs=[str(CSRC)], extra_postargs=flags)
            objects.append(obj)
        # the archiver and the extension links skip what is up to date: a rebuild
        # with nothing changed compiles and links nothing
        self.compiler.create_static_lib(objects, "ffcore", output_dir=str(lib_dir))
        for ext in self.extensions:
            ext.library_dirs.append(str(lib_dir))
            ext.libraries[:0] = ["ffcore"]
            ext.libraries.append("m")
        super().build_extensions()


def kernel_sources():
    """Every C file and header a module may depend on (rebuild when any changes)."""
    return sorted(str(p.relative_to(ROOT)) for p in CSRC.rglob("*.[ch]")) + \
        sorted(str(p.relative_to(ROOT)) for p in PYX.glob("*.pxd"))


def extensions():
    depends = kernel_sources()
    mods = []
    for pyx in sorted(PYX.glob("_*.pyx")):
        mods.append(Extension(
            "fluxforge." + pyx.stem,
            [str(pyx.relative_to(ROOT))],
            depends=depends,
            include_dirs=[str(CSRC), numpy.get_include()],
            define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
            extra_compile_args=["-O3", "-fno-fast-math", "-Wno-unused-function"],
        ))
    return cythonize(mods, compiler_directives=DIRECTIVES, include_path=[str(PYX)],
                     quiet=True, nthreads=1)


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildWithKernels})

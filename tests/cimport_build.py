"""Build a throw-away extension that cimports one of FluxForge's .pxd files.

The cimport tests prove that another compiled module can use a C API nogil,
exactly as a FluxForge module would: they write a small client .pyx into a
temporary folder, compile it with the C sources it needs and import it.
"""
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSRC = ROOT / "pyx" / "csrc"


def build_client(folder, name, pyx_source, c_sources):
    """Compile ``pyx_source`` as module ``name`` in ``folder`` and import it.

    Parameters
    ----------
    folder : pathlib.Path
        Empty temporary folder for the sources, objects and the module.
    name : str
        Module name (the .pyx is written as ``<name>.pyx``).
    pyx_source : str
        Cython source; it may ``cimport`` any .pxd in pyx/.
    c_sources : list of str
        Paths below pyx/csrc of the C files compiled into the module, e.g.
        ``["lru/ff_lru.c"]``.

    Examples
    --------
    In a module-scoped fixture (``CLIENT_PYX`` cimports from _lru)::

        client = build_client(tmp_path_factory.mktemp("lru_client"), "lru_client",
                              CLIENT_PYX, ["lru/ff_lru.c"])
    """
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    (folder / f"{name}.pyx").write_text(pyx_source)
    ext = Extension(name, [str(folder / f"{name}.pyx")] + [str(CSRC / c) for c in c_sources],
                    include_dirs=[str(CSRC)])
    dist = Distribution({"ext_modules": cythonize(
        [ext], include_path=[str(ROOT / "pyx")], quiet=True,
        compiler_directives={"language_level": 3})})
    cmd = dist.get_command_obj("build_ext")
    cmd.build_lib, cmd.build_temp = str(folder), str(folder / "tmp")
    cmd.ensure_finalized()
    cmd.run()
    path = next(folder.glob(f"{name}*.so"))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules.pop(name, None)
    return module

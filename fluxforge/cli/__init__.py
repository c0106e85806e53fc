"""The ``fluxforge`` command line: one module per command, built by :mod:`fluxforge.cli.main`.

``fluxforge = fluxforge.cli:main`` is the console script; ``python -m fluxforge.cli``
runs the same command line.
"""
from fluxforge.cli.main import COMMANDS, build_parser, error, main

__all__ = ["COMMANDS", "build_parser", "error", "main"]

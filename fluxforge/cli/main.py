"""The ``fluxforge`` command line: demo, play, render, render-batch, analyze, info, bench.

Each command lives in its own module (``fluxforge.cli.<command>``) with an
``add_arguments(parser)`` and a ``run(args) -> exit status``; this file builds
the parser and turns errors into one-line messages and exit statuses:

====  ==========================================================
0     success (also: playback stopped with Ctrl-C, as intended)
1     the command failed (invalid session, missing file, no device...)
2     wrong usage (unknown command or option; argparse's convention)
130   interrupted with Ctrl-C (nothing half-written is left behind)
====  ==========================================================

Example
-------
>>> main(["demo", "fluxforge-demo"])
wrote the demo session fluxforge-demo/demo.fluxforge.json (6 stems in fluxforge-demo/stems)
0
"""
import argparse
import sys
from importlib import import_module

from fluxforge import __version__
from fluxforge.cache.atomic import os_reason

COMMANDS = {
    "demo": "create the demo session (musical stems + session file) in a folder",
    "play": "play a session live on the sound card, with a text meter (Ctrl-C stops)",
    "render": "bounce a session offline to an audio file, with a progress bar",
    "render-batch": "render many sessions (or per-bus stems) on a Dask cluster",
    "analyze": "measure loudness, peaks, DC and clipping of audio files and folders",
    "info": "show the version, SIMD levels, denormal mode and audio devices",
    "bench": "run the benchmarks and print the performance summary table",
}


def build_parser():
    """The argument parser of the ``fluxforge`` command (one sub-parser per command)."""
    parser = argparse.ArgumentParser(
        prog="fluxforge", description="FluxForge: real-time audio mixing engine.",
        epilog="Run 'fluxforge COMMAND --help' for a command's options.")
    parser.add_argument("--version", action="version", version=f"fluxforge {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, summary in COMMANDS.items():
        module = import_module(f"fluxforge.cli.{name.replace('-', '_')}")
        sub = commands.add_parser(name, help=summary, description=module.__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def error(command, message):
    """Print ``fluxforge COMMAND: error: MESSAGE`` to stderr and return exit status 1."""
    print(f"fluxforge {command}: error: {message}", file=sys.stderr)
    return 1


def main(argv=None):
    """Run the command line; returns the exit status (see the module docstring)."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print(f"\nfluxforge {args.command}: interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError, KeyError, RuntimeError) as err:
        return error(args.command, describe(err))


def describe(err):
    """The user-facing message of an error: a KeyError's text, an OSError's reason
    and path in words (``cannot use PATH: permission denied``, never ``[Errno 13]``)."""
    if isinstance(err, KeyError) and err.args:
        return err.args[0]
    if isinstance(err, OSError) and err.strerror:
        where = " ".join(str(f) for f in (err.filename, err.filename2) if f is not None)
        return f"cannot use {where}: {os_reason(err)}" if where else os_reason(err)
    return err


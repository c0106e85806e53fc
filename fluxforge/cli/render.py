"""fluxforge render: bounce a session offline to an audio file, with a progress bar.

The render is the same C function that plays live, so the file is exactly
what you hear, and it is bit-identical from run to run. The format comes from
the extension (.wav, .flac, .aiff, ...); the file appears complete or not at
all (written to a temporary file, then renamed), also on Ctrl-C.

Example
-------
    fluxforge demo && fluxforge render fluxforge-demo/demo.fluxforge.json -o mix.wav
    fluxforge render session.fluxforge.json -o mix.flac --seconds 30 --subtype PCM_24
    fluxforge render game.fluxforge.json -o game.wav --seconds 10 --script spins.json

``--script`` renders a game's timeline: a JSON list of middleware actions
(``{"at_s": 1.0, "post": "SPIN_START"}``, ``state``, ``rtpc``, ``switch``,
``stop``, ``music``, ``stinger``), each applied at exactly its frame.
"""
import sys
from pathlib import Path

import numpy as np

from fluxforge.cli.session_args import add_session_arguments, open_engine
from fluxforge.engine.bounce import bounce, output_format

BAR_WIDTH = 30


def add_arguments(parser):
    add_session_arguments(parser)
    parser.add_argument("-o", "--output", required=True, help="audio file to write (e.g. mix.wav)")
    parser.add_argument("--subtype", default=None,
                        help="sample format, e.g. FLOAT (default where the format has it), "
                             "PCM_24, PCM_16")
    parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar (it is drawn only on a terminal)")
    parser.add_argument("--script", default=None,
                        help="JSON list of timed middleware actions to apply during the render")


def progress_line(done, total, samplerate):
    """``rendering [#####.....]  50%  4.0/8.0 s`` for ``done`` of ``total`` frames."""
    fraction = done / total if total else 1.0
    filled = int(round(fraction * BAR_WIDTH))
    return (f"rendering [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {100 * fraction:3.0f}%  "
            f"{done / samplerate:.1f}/{total / samplerate:.1f} s")


def run(args):
    output = Path(args.output)
    fmt, subtype = output_format(output, args.subtype)
    if not output.parent.is_dir():
        raise FileNotFoundError(f"cannot write {output}: folder {output.parent} does not exist")
    if args.script is not None and args.seconds is None:
        raise ValueError("--script needs --seconds (how long the scripted render lasts)")
    session, engine, frames = open_engine(args)
    progress = not args.no_progress and sys.stderr.isatty()   # no \r lines in a log

    def show(done):
        print("\r" + progress_line(done, frames, session.samplerate), end="",
              file=sys.stderr, flush=True)

    peak = bounce(engine, frames, output, session.samplerate, fmt, subtype,
                  on_block=show if progress else None, script=args.script)
    if progress:
        print(file=sys.stderr)
    peak_db = 20 * np.log10(max(peak, 1e-10))
    print(f"rendered {frames / session.samplerate:.2f} s of {session.name!r} to {output} "
          f"({session.samplerate} Hz, {subtype or 'default'}), peak {peak_db:.1f} dBFS")
    return 0

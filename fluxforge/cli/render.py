"""fluxforge render: bounce a session offline to an audio file, with a progress bar.

The render is the same C function that plays live, so the file is exactly
what you hear, and it is bit-identical from run to run. The format comes from
the extension (.wav, .flac, .aiff, ...); the file appears complete or not at
all (written to a temporary file, then renamed), also on Ctrl-C.

Example
-------
    fluxforge demo && fluxforge render fluxforge-demo/demo.fluxforge.json -o mix.wav
    fluxforge render session.fluxforge.json -o mix.flac --seconds 30 --subtype PCM_24
    fluxforge render session.fluxforge.json -o mix.wav --loudness -16 --true-peak-ceiling -1

With ``--loudness TARGET`` the session is rendered twice (the render is
deterministic): once to measure it, once to write it with the one constant
gain that brings its integrated loudness to TARGET LUFS - lowered, and said
so, when that would put the true peak above the ceiling.

    fluxforge render game.fluxforge.json -o game.wav --seconds 10 --script spins.json

``--script`` renders a game's timeline: a JSON list of middleware actions
(``{"at_s": 1.0, "post": "SPIN_START"}``, ``state``, ``rtpc``, ``switch``,
``stop``, ``music``, ``stinger``), each applied at exactly its frame.
"""
import sys
from pathlib import Path

import numpy as np

from fluxforge.cache.atomic import atomic_path
from fluxforge.cli.session_args import add_session_arguments, open_engine
from fluxforge.engine.bounce import output_format, play_into
from fluxforge.engine.render_file import open_render_file
from fluxforge.metering import LoudnessMeter, normalise_gain
from fluxforge.metering.normalise import check_target

BAR_WIDTH = 30


def add_arguments(parser):
    add_session_arguments(parser)
    parser.add_argument("-o", "--output", required=True, help="audio file to write (e.g. mix.wav)")
    parser.add_argument("--subtype", default=None,
                        help="sample format, e.g. FLOAT (default where the format has it), "
                             "PCM_24, PCM_16")
    parser.add_argument("--loudness", type=float, default=None, metavar="LUFS",
                        help="normalise to this integrated loudness, e.g. -23, -16, -14")
    parser.add_argument("--true-peak-ceiling", type=float, default=-1.0, metavar="DBTP",
                        help="with --loudness: highest true peak allowed (default -1 dBTP)")
    parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar (it is drawn only on a terminal)")
    parser.add_argument("--script", default=None,
                        help="JSON list of timed middleware actions to apply during the render")


def progress_line(done, total, samplerate, verb="rendering"):
    """``rendering [#####.....]  50%  4.0/8.0 s`` for ``done`` of ``total`` frames."""
    fraction = done / total if total else 1.0
    filled = int(round(fraction * BAR_WIDTH))
    return (f"{verb} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {100 * fraction:3.0f}%  "
            f"{done / samplerate:.1f}/{total / samplerate:.1f} s")


def _bounce(args, write, label):
    """Render the session once (with its ``--script``), passing each block to
    ``write(session, block)``; returns ``(session, frames)``."""
    session, engine, frames = open_engine(args)
    progress = not args.no_progress and sys.stderr.isatty()   # no \r lines in a log

    def show(done):
        print("\r" + progress_line(done, frames, session.samplerate, label), end="",
              file=sys.stderr, flush=True)
    try:
        play_into(engine, frames, lambda block: write(session, block), args.script,
                  show if progress else None)
    finally:
        engine.close()
    if progress:
        print(file=sys.stderr)
    return session, frames


def _measure_gain(args):
    """First pass of ``--loudness``: the :class:`NormaliseGain` for the session."""
    meter = []

    def measure(session, block):
        if not meter:
            meter.append(LoudnessMeter(session.samplerate, channels=2))
        meter[0].process(block)
    _bounce(args, measure, "measuring")
    return normalise_gain(meter[0].result(), args.loudness, args.true_peak_ceiling)


def run(args):
    output = Path(args.output)
    fmt, subtype = output_format(output, args.subtype)
    if not output.parent.is_dir():
        raise FileNotFoundError(f"cannot write {output}: folder {output.parent} does not exist")
    if args.script is not None and args.seconds is None:
        raise ValueError("--script needs --seconds (how long the scripted render lasts)")
    normalise = None
    if args.loudness is not None:
        check_target(args.loudness, args.true_peak_ceiling)
        normalise = _measure_gain(args)
    volume = 1.0 if normalise is None else normalise.volume
    peak = 0.0
    with atomic_path(output) as tmp:
        out = []

        def write(session, block):
            nonlocal peak
            if not out:
                out.append(open_render_file(tmp, session.samplerate, fmt, subtype))
            if volume != 1.0:
                block = block * volume
            out[0].write(block)
            if block.shape[0]:
                peak = max(peak, float(np.max(np.abs(block))))
        try:
            session, frames = _bounce(args, write, "rendering")
        finally:
            if out:
                out[0].close()
    peak_db = 20 * np.log10(max(peak, 1e-10))
    print(f"rendered {frames / session.samplerate:.2f} s of {session.name!r} to {output} "
          f"({session.samplerate} Hz, {subtype or 'default'}), peak {peak_db:.1f} dBFS")
    if normalise is not None:
        how = (f"limited by the {args.true_peak_ceiling:g} dBTP true-peak ceiling"
               if normalise.limited else f"to the {args.loudness:g} LUFS target")
        print(f"loudness: applied {normalise.gain_db:+.2f} dB gain ({how}): integrated "
              f"{normalise.integrated_lufs:.1f} LUFS, true peak {normalise.true_peak_dbtp:.1f} dBTP")
    return 0

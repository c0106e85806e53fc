"""fluxforge render-batch: render many sessions (and per-bus stems) on Dask.

Each session is rendered to DIR/<session>.wav, bit-identical to
``fluxforge render SESSION -o DIR/<session>.wav``. With --stems, one file
per bus instead: DIR/<session>.<Bus>.wav for Master, Music, Sfx, Voice,
Ambience and Aux, each the session rendered with that bus soloed (only the
sources passing through it, through the master section; Master is the full
mix). More than one file starts a local Dask cluster of one worker process
per core (--workers N to choose, 0 for none), or runs on an existing cluster
with --scheduler tcp://HOST:8786 (workers must see the same paths). A
session that cannot be rendered gets a one-line error; the others are still
rendered and the exit status is then 1.

Example
-------
    fluxforge render-batch events/*.fluxforge.json --out-dir previews
    fluxforge render-batch slot.fluxforge.json --stems --out-dir stems --seconds 30
    fluxforge render-batch game*.fluxforge.json --out-dir previews --seconds 10 --script spins.json
"""
import sys

from fluxforge.batch.render import render_sessions
from fluxforge.cli.analyze import worker_count
from fluxforge.cli.session_args import seconds_value


def add_arguments(parser):
    parser.add_argument("sessions", nargs="+", metavar="SESSION", help="session files (*.fluxforge.json)")
    parser.add_argument("--out-dir", required=True, metavar="DIR", help="folder for the rendered files")
    parser.add_argument("--stems", action="store_true", help="one file per bus instead of the mix")
    parser.add_argument("--seconds", type=seconds_value, default=None,
                        help="how long (default: each session's loop, else its longest track)")
    parser.add_argument("--subtype", default=None, help="sample format, e.g. PCM_24 (default FLOAT)")
    parser.add_argument("--script", default=None, metavar="SCRIPT.json",
                        help="JSON list of timed middleware actions applied to every session "
                             "(needs --seconds), as fluxforge render --script")
    parser.add_argument("--allow-outside", action="store_true",
                        help="allow track files outside the sessions' folders")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="run on this Dask cluster, e.g. tcp://127.0.0.1:8786")
    parser.add_argument("--workers", type=worker_count, default=None, metavar="N",
                        help="worker processes of the local Dask cluster (0: in this process)")


def run(args):
    results = render_sessions(args.sessions, args.out_dir, args.stems, scheduler=args.scheduler,
                              workers=args.workers, seconds=args.seconds, subtype=args.subtype,
                              allow_outside=args.allow_outside, script=args.script)
    failed = {}
    for job, error in results:
        if error is not None:
            failed.setdefault(error, job)
    for error in failed:
        print(f"fluxforge render-batch: error: {error}", file=sys.stderr)
    done = [job for job, error in results if error is None]
    print(f"rendered {len(done)} of {len(results)} files into {args.out_dir}")
    return 1 if failed else 0

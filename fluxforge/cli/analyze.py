"""fluxforge analyze: loudness, peaks, DC offset and clipping of audio files and folders.

For each audio file (folders are searched recursively; any format libsndfile
reads): duration, sample rate, channels, sample peak (dBFS), true peak (dBTP,
4x oversampled), integrated loudness (LUFS, ITU-R BS.1770-4 / EBU R128),
loudness range (LU), DC offset and the count of clipped samples. Each file's
waveform overview and pyramid are written into the app's waveform cache
($XDG_CACHE_HOME/fluxforge, i.e. ~/.cache/fluxforge), so the mixer opens them
without decoding. A file that cannot be measured (missing, not audio, more
than 8 channels, NaN samples) gets a one-line error and the others are still
measured; the exit status is then 1.

Up to 7 files are measured in this process; more start a local Dask cluster
of one worker process per core (--workers N to choose, 0 for none), or run on
an existing cluster with --scheduler tcp://HOST:8786 (workers must see the
same paths). A progress line is drawn on a terminal.

With --out the rows go to a report (.csv, .json or .parquet, written
atomically); a rerun with the same --out measures only new or changed files
(size or modification time). Without --out the figures are printed as a
table, or with --json as one JSON list of rows (-inf, digital silence, is
null).

Example
-------
    fluxforge analyze mix.wav stems/*.flac
    fluxforge analyze --json mix.wav
    fluxforge analyze ~/library --out library.parquet --scheduler tcp://render-01:8786
"""
import json
import math
import sys

from fluxforge.batch.analyze import analyze
from fluxforge.batch.store import ResultStore, json_ready

COLUMNS = (  # key, heading, format
    ("duration_s", "duration", "{:.2f} s"),
    ("samplerate", "rate", "{:.0f}"),
    ("channels", "ch", "{}"),
    ("sample_peak_dbfs", "peak dBFS", "{:.1f}"),
    ("true_peak_dbtp", "TP dBTP", "{:.1f}"),
    ("integrated_lufs", "I LUFS", "{:.1f}"),
    ("lra_lu", "LRA LU", "{:.1f}"),
    ("dc_offset", "DC", "{:.4f}"),
    ("clipped_samples", "clipped", "{}"),
)


def worker_count(text):
    """argparse type: a worker count >= 0."""
    import argparse
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a worker count (0, 1, 2, ...)")
    return int(text)


def add_arguments(parser):
    parser.add_argument("files", nargs="+", metavar="FILE_OR_FOLDER",
                        help="audio files, and folders to search recursively")
    parser.add_argument("--json", action="store_true", help="print one JSON list instead of a table")
    parser.add_argument("--out", metavar="REPORT", default=None,
                        help="write the rows to REPORT (.csv, .json or .parquet); a rerun "
                             "skips files measured unchanged")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="run on this Dask cluster, e.g. tcp://127.0.0.1:8786")
    parser.add_argument("--workers", type=worker_count, default=None, metavar="N",
                        help="worker processes of the local Dask cluster (default: one per "
                             "core for 8 files or more; 0: measure in this process)")


def _cell(value, fmt):
    return "-inf" if isinstance(value, float) and math.isinf(value) else fmt.format(value)


def format_table(rows):
    """The text table of measured ``rows`` (see :data:`fluxforge.batch.ROW_COLUMNS`)."""
    head = ["file"] + [h for _, h, _ in COLUMNS]
    body = [[r["path"]] + [_cell(r[k], f) for k, _, f in COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in [head] + body) for i in range(len(head))]
    lines = []
    for line in [head] + body:
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run(args):
    store = ResultStore(args.out) if args.out else None
    rows = analyze(args.files, scheduler=args.scheduler, workers=args.workers, store=store)
    failed = [r for r in rows if r["error"] is not None]
    for row in failed:
        print(f"fluxforge analyze: error: {row['error']}", file=sys.stderr)
    if args.json:
        print(json.dumps([json_ready(r) for r in rows], indent=2))
    elif store is not None:
        print(f"wrote {len(rows)} rows ({len(failed)} errors) to {store.path}")
    else:
        good = [r for r in rows if r["error"] is None]
        if good:
            print(format_table(good))
    return 1 if failed else 0

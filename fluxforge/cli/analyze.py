"""fluxforge analyze: loudness and peaks of audio files (ITU-R BS.1770-4 / EBU R128).

For each file: duration, sample rate, channels, sample peak (dBFS), true peak
(dBTP, 4x oversampled), integrated loudness (LUFS), loudness range (LU) and
the maximum momentary (400 ms) and short-term (3 s) loudness. Files are read
in blocks, so any length works. A file that cannot be measured (missing,
not audio, more than 8 channels, NaN samples) gets a one-line error and the
others are still measured; the exit status is then 1. With --json the
figures come as one JSON list (digital silence, -inf, is written as null).

Example
-------
    fluxforge analyze mix.wav stems/*.flac
    fluxforge analyze --json mix.wav
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import soundfile

from fluxforge.metering import LoudnessMeter

BLOCK_FRAMES = 65536
COLUMNS = (  # key, heading, format
    ("duration_s", "duration", "{:.2f} s"),
    ("samplerate_hz", "rate", "{:.0f}"),
    ("channels", "ch", "{}"),
    ("sample_peak_dbfs", "peak dBFS", "{:.1f}"),
    ("true_peak_dbtp", "TP dBTP", "{:.1f}"),
    ("integrated_lufs", "I LUFS", "{:.1f}"),
    ("lra_lu", "LRA LU", "{:.1f}"),
    ("max_momentary_lufs", "max M", "{:.1f}"),
    ("max_short_term_lufs", "max S", "{:.1f}"),
)


def add_arguments(parser):
    parser.add_argument("files", nargs="+", metavar="FILE", help="audio files to measure")
    parser.add_argument("--json", action="store_true", help="print one JSON list instead of a table")


def analyze_file(path):
    """The figures of one audio file, as a dict (raises OSError/ValueError)."""
    if not Path(path).is_file():
        raise OSError(f"{path}: no such file")
    try:
        sound = soundfile.SoundFile(str(path))
    except (soundfile.LibsndfileError, RuntimeError) as err:
        raise OSError(f"cannot read {path}: {err}") from None
    with sound:
        try:
            meter = LoudnessMeter(sound.samplerate, sound.channels)
        except ValueError as err:
            raise ValueError(f"{path}: {err}") from None
        frames = 0
        for block in sound.blocks(BLOCK_FRAMES, dtype="float64", always_2d=True):
            try:
                meter.process(block)
            except ValueError:
                frame, channel = np.argwhere(~np.isfinite(block))[0]
                raise ValueError(f"{path}: non-finite sample ({block[frame, channel]}) at "
                                 f"frame {frames + frame}, channel {channel}; loudness needs "
                                 f"finite samples") from None
            frames += len(block)
        return {"file": str(path), "duration_s": frames / sound.samplerate,
                "samplerate_hz": sound.samplerate, "channels": sound.channels,
                **meter.figures()}


def _cell(value, fmt):
    return "-inf" if isinstance(value, float) and math.isinf(value) else fmt.format(value)


def format_table(rows):
    """The text table of ``rows`` (dicts of :func:`analyze_file`)."""
    head = ["file"] + [h for _, h, _ in COLUMNS]
    body = [[r["file"]] + [_cell(r[k], f) for k, _, f in COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in [head] + body) for i in range(len(head))]
    lines = []
    for line in [head] + body:
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _json_ready(row):
    return {k: (None if isinstance(v, float) and math.isinf(v) else v) for k, v in row.items()}


def run(args):
    rows, failed = [], False
    for path in args.files:
        try:
            rows.append(analyze_file(path))
        except (OSError, ValueError) as err:
            print(f"fluxforge analyze: error: {err}", file=sys.stderr)
            failed = True
    if args.json:
        print(json.dumps([_json_ready(r) for r in rows], indent=2))
    elif rows:
        print(format_table(rows))
    return 1 if failed else 0

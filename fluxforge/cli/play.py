"""fluxforge play: play a session live on the sound card, with a text meter.

Plays through PortAudio (the JACK device when JACK runs, else the default
output; choose with --device). The line below the title shows the position and
the master meter (peak, -60..0 dBFS). A session with a loop plays until you
press Ctrl-C (a clean stop, exit status 0); without one it stops at its end.
--seconds plays for that long. With no sound card it says so and exits with
status 1: use 'fluxforge render' to bounce the session to a file instead.

Example
-------
    fluxforge demo && fluxforge play fluxforge-demo/demo.fluxforge.json
    fluxforge play session.fluxforge.json --device 3 --seconds 10
"""
import math
import signal
import sys
import time

import numpy as np

from fluxforge.cli.session_args import add_session_arguments, open_engine

METER_WIDTH = 24
METER_FLOOR_DB = -60.0
REFRESH_S = 0.1


def add_arguments(parser):
    add_session_arguments(parser)
    parser.add_argument("--device", default=None,
                        help="output device: an index or part of a name (see 'fluxforge info')")
    parser.add_argument("--latency", default=None,
                        help="output latency: 'low', 'high' or seconds (default: low)")


def _device(text):
    return int(text) if text is not None and text.lstrip("-").isdigit() else text


def _latency(text):
    if text is None or text in ("low", "high"):
        return text
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"--latency must be 'low', 'high' or seconds, not {text!r}") from None


def meter_bar(peak):
    """A text bar for a linear peak: ``#`` up to its level on a -60..0 dBFS scale."""
    db = 20 * math.log10(peak) if peak > 1e-10 else -math.inf
    filled = int(round(METER_WIDTH * min(max((db - METER_FLOOR_DB) / -METER_FLOOR_DB, 0.0), 1.0)))
    label = f"{db:6.1f}" if db > -100 else "  -inf"
    return f"{'#' * filled}{'.' * (METER_WIDTH - filled)} {label} dB"


def meter_line(position_frames, samplerate, peak_left, peak_right):
    """``  0:03.25  L ####...  -12.3 dB  R ###...  -14.0 dB`` for the master meter."""
    seconds = position_frames / samplerate
    return (f"{int(seconds // 60):3d}:{seconds % 60:05.2f}  L {meter_bar(peak_left)}  "
            f"R {meter_bar(peak_right)}")


class _MasterMeter:
    """Reads the six bus meters into arrays made once; bus 0 is the master output."""

    def __init__(self, engine):
        self.engine = engine
        self.arrays = [np.zeros(len(engine.BUS_NAMES)) for _ in range(5)]

    def peaks(self):
        self.engine.read_bus_meters(*self.arrays)
        return self.arrays[0][0], self.arrays[1][0]


def _play(session, engine, frames, args):
    until = None if (args.seconds is None and session.loop is not None) else frames / session.samplerate
    tty = sys.stdout.isatty()
    meter = _MasterMeter(engine)
    engine.play()
    engine.start(device=_device(args.device), latency=_latency(args.latency))
    how_long = "until Ctrl-C" if until is None else f"for {until:.1f} s (Ctrl-C stops)"
    print(f"playing {session.name!r} on {engine.device_name!r} {how_long}", flush=True)
    started = last_line = time.monotonic()
    while until is None or time.monotonic() - started < until:
        time.sleep(REFRESH_S)
        stats = engine.stats()
        if not stats.get("stream_active", False):
            raise RuntimeError(f"audio output stopped: {stats.get('stream_error') or 'unknown reason'}")
        line = meter_line(engine.position, session.samplerate, *meter.peaks())
        if tty:
            print("\r" + line, end="", flush=True)
        elif time.monotonic() - last_line >= 1.0:
            print(line, flush=True)
            last_line = time.monotonic()
    return "finished"


def _stop_requested(signum, frame):
    raise KeyboardInterrupt


def run(args):
    session, engine, frames = open_engine(args)
    # Ctrl-C and SIGTERM both stop cleanly, also when the shell started us with SIGINT ignored.
    previous = {sig: signal.signal(sig, _stop_requested) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        outcome = _play(session, engine, frames, args)
    except KeyboardInterrupt:
        outcome = "stopped"
    finally:
        engine.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(f"\n{outcome}" if sys.stdout.isatty() else outcome)
    return 0

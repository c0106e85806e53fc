"""Shared by ``fluxforge play`` and ``fluxforge render``: open a session, size the job.

Example
-------
>>> parser = argparse.ArgumentParser(); add_session_arguments(parser)
>>> parser.parse_args(["mix.fluxforge.json", "--seconds", "2"]).seconds
2.0
"""
import argparse
import math

from fluxforge.session.files import load_session
from fluxforge.session.apply import engine_from_session

MAX_SECONDS = 24 * 3600.0


def seconds_value(text):
    """argparse type: a positive, finite number of seconds (at most a day)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration in (0, {MAX_SECONDS:.0f}] s")
    return value


def add_session_arguments(parser):
    parser.add_argument("session", help="session file (*.fluxforge.json)")
    parser.add_argument("--seconds", type=seconds_value, default=None,
                        help="how long (default: the session's loop, else its longest track)")
    parser.add_argument("--allow-outside", action="store_true",
                        help="allow track files outside the session's folder")


def open_engine(args):
    """Load ``args.session`` and return ``(session, engine, frames to play)``."""
    return open_session_engine(args.session, args.seconds, args.allow_outside)


def open_session_engine(path, seconds=None, allow_outside=False):
    """Load the session file ``path``; return ``(session, engine, frames to play)``."""
    session = load_session(path, allow_outside=allow_outside, permit_with="--allow-outside")
    engine = engine_from_session(session)
    if seconds is not None:
        frames = int(round(seconds * session.samplerate))
    elif session.loop is not None:
        frames = session.loop.end_frame
    else:
        frames = engine.length_frames
    if frames == 0:
        engine.close()
        raise ValueError(f"session {session.name!r} has no tracks and no loop to tell how long "
                         "it lasts; pass --seconds")
    return session, engine, frames

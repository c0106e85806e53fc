"""``fluxforge-studio [session]``: open the touch mixer.

With no session the built-in demo session is opened (written once into the
user's cache folder). Audio plays through the default device; with no
device the surface says so and runs on the offline clock, so meters and
playheads still move. With no screen it explains how to run headless and
does the headless job: runs the mixer offscreen for a few seconds and writes
a screenshot, then says where it is.

Exit statuses: 0 success, 1 the session could not be opened or Kivy is not
installed (one line names ``pip install 'fluxforge[ui]'``), 2 wrong usage.

Example (a shell; with no screen it runs offscreen for 3 s)::

    fluxforge-studio --seconds 3 --screenshot mixer.png
"""
import argparse
import os
import sys
import tempfile
from pathlib import Path

from .display import (HEADLESS_HELP, configure_window, display_available,
                         prepare_kivy_environment, size_offscreen_window)
from .formatting import format_position

HEADLESS_SECONDS = 3.0
NO_KIVY = "fluxforge-studio: error: Kivy is not installed; install the touch surface with: pip install 'fluxforge[ui]'"


def kivy_missing():
    """Whether Kivy cannot be imported (the ``ui`` extra is not installed)."""
    import importlib.util
    try:
        return importlib.util.find_spec("kivy") is None
    except (ImportError, ValueError):
        return True


def build_parser():
    """The argument parser of ``fluxforge-studio``.

    Example
    -------
    >>> build_parser().parse_args(["--offline"]).offline
    True
    """
    parser = argparse.ArgumentParser(
        prog="fluxforge-studio", description="FluxForge Studio: the touch mixing surface.")
    parser.add_argument("session", nargs="?", type=Path,
                        help="session file (*.fluxforge.json); default: the demo session")
    parser.add_argument("--device", default=None,
                        help="output device: PortAudio index or part of its name")
    parser.add_argument("--offline", action="store_true",
                        help="do not open an audio device; run on the offline clock")
    parser.add_argument("--seconds", type=float, default=None,
                        help="quit after this many seconds")
    parser.add_argument("--screenshot", type=Path, default=None,
                        help="write a PNG of the mixer just before quitting (needs --seconds)")
    parser.add_argument("--verbose", action="store_true", help="show Kivy's log on the console")
    return parser


def _device_arg(text):
    return int(text) if text is not None and text.isdigit() else text


def main(argv=None):
    """Run ``fluxforge-studio``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if kivy_missing():
        print(NO_KIVY, file=sys.stderr)
        return 1
    if args.seconds is not None and not args.seconds > 0:
        parser.error(f"--seconds must be > 0, got {args.seconds}")
    if args.screenshot is not None and args.seconds is None:
        parser.error("--screenshot needs --seconds (the screenshot is taken when the mixer quits)")
    headless = not display_available()
    if headless:
        args.seconds = args.seconds or HEADLESS_SECONDS
        args.screenshot = args.screenshot or Path(tempfile.gettempdir()) / f"fluxforge-studio-{os.getpid()}.png"
        print(HEADLESS_HELP.format(seconds=args.seconds, path=args.screenshot))
    if not args.verbose:
        os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    prepare_kivy_environment(offscreen=headless)
    configure_window()
    size_offscreen_window()

    from .session_open import SessionOpenError, open_session
    try:
        opened = open_session(args.session)
    except SessionOpenError as exc:
        print(f"fluxforge-studio: error: {exc}", file=sys.stderr)
        return 1
    from .audio_link import start_audio
    try:
        link = start_audio(opened.engine, device=_device_arg(args.device), offline=args.offline)
    except ValueError as exc:  # --device names no usable output device
        opened.engine.close()
        print(f"fluxforge-studio: error: {exc}", file=sys.stderr)
        return 1
    print(f"fluxforge-studio: {opened.title}: {len(opened.engine.track_ids)} tracks; {link.detail}")
    from .studio_app import StudioApp
    studio = StudioApp(opened=opened, link=link, seconds=args.seconds, screenshot=args.screenshot)
    try:
        studio.run()
        stopped_at = format_position(opened.engine.position, opened.engine.samplerate)
    finally:
        opened.engine.close()
    print(f"fluxforge-studio: stopped at {stopped_at}")
    if studio.written_screenshot is not None:
        print(f"fluxforge-studio: screenshot written to {studio.written_screenshot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

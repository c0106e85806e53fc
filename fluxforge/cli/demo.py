"""fluxforge demo: write the demo session (six musical stems and a session file).

The stems are four loopable bars at 120 BPM (drums, bass, pad, lead, coin
chimes, room tone; 48 kHz WAV); the session routes them to the Music, Sfx and
Ambience buses. Rerunning rewrites identical files.

Example
-------
    fluxforge demo out/demo && fluxforge play out/demo/demo.fluxforge.json
"""
from fluxforge.demo.project import STEMS, write_demo


def add_arguments(parser):
    parser.add_argument("folder", nargs="?", default="fluxforge-demo",
                        help="where to write it (default: ./fluxforge-demo)")


def run(args):
    path = write_demo(args.folder)
    print(f"wrote the demo session {path} ({len(STEMS)} stems in {path.parent / 'stems'})")
    return 0

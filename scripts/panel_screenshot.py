"""Write docs/middleware-panel.png: the slot demo on the surface, offscreen, mid-spin.

Run from a checkout: ``python scripts/panel_screenshot.py [out.png]``. The
demo is written into a temporary folder, opened on the offline clock, and
played for a moment: music, a spinning reel, two reel stops, coins, a win
with WinAmount raised (the Music bus ducked under the Sfx).
"""
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ["KIVY_NO_ARGS"] = os.environ["KIVY_NO_CONSOLELOG"] = "1"
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="fluxforge-kivy-"))


def main(out):
    from kivy.config import Config
    Config.set("graphics", "width", "1280")
    Config.set("graphics", "height", "800")
    from kivy.base import EventLoop
    from kivy.clock import Clock
    from kivy.core.window import Window

    from app.mixer_model import MixerModel
    from app.mw_link import clocked_middleware, start_music
    from app.screenshot import save_screenshot
    from app.widgets.surface import MixerSurface
    from fluxforge.demo import write_demo
    from fluxforge.session import load_session
    from fluxforge.session.apply import engine_from_session

    EventLoop.ensure_window()
    Window.size = (1280, 800)
    with tempfile.TemporaryDirectory() as tmp:
        session = load_session(write_demo(tmp))
        engine = engine_from_session(session)
        mw = clocked_middleware(engine, session.folder, Clock)
        model = MixerModel(engine, offline=True)
        surface = MixerSurface(model, mw=mw)
        Window.add_widget(surface)
        model.play()
        start_music(mw)

        def run(frames):
            for _ in range(frames):
                model.frame(1 / 60)
                mw.update()
                EventLoop.idle()

        run(30)
        mw.post_event("SPIN_START")
        run(20)
        for name in ("REEL_STOP_0", "REEL_STOP_1", "COIN", "COIN", "COIN"):
            mw.post_event(name)
        mw.rtpc.set("WinAmount", 80.0)
        mw.post_event("WIN_BIG")
        run(12)
        written = save_screenshot(surface, out)
        mw.dispose()
        engine.close()
    print(f"wrote {written}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "middleware-panel.png")

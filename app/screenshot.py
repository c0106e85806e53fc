"""Write the Kivy window to an exact PNG path."""
import shutil
from pathlib import Path


def save_screenshot(window, path):
    """Render the window and write it to ``path`` (a ``.png``); returns it.

    Kivy's ``Window.screenshot(name='x.png')`` numbers its files
    (``x0001.png``); this writes exactly ``path`` instead, creating folders.

    Example
    -------
    >>> save_screenshot(Window, "out/mixer.png")  # doctest: +SKIP
    PosixPath('out/mixer.png')
    """
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"screenshot path must end in .png, got {str(path)!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    from kivy.base import EventLoop
    window.canvas.ask_update()
    EventLoop.idle()
    written = window.screenshot(name=str(path.with_suffix("")) + ".png")
    if not written:
        raise RuntimeError(f"Kivy could not write a screenshot to {path}")
    shutil.move(written, path)
    return path

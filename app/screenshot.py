"""Write a widget (normally the whole surface) to an exact PNG path."""
from pathlib import Path


def save_screenshot(widget, path):
    """Render ``widget`` into an offscreen framebuffer and write ``path``.

    Drawing into a framebuffer object (``Widget.export_to_png``) does not
    depend on when in the frame it is called, unlike reading the window's
    back buffer (undefined after a buffer swap). For the root widget the
    picture is the window's content; folders are created as needed.

    Example
    -------
    >>> from kivy.uix.label import Label
    >>> save_screenshot(window.mount(Label(text="FluxForge")), "out/label.png")
    PosixPath('out/label.png')
    """
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"screenshot path must end in .png, got {str(path)!r}")
    if not callable(getattr(widget, "export_to_png", None)):
        raise TypeError(f"widget must be a Kivy widget, got {type(widget).__name__}")
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.export_to_png(str(path))
    if not path.is_file():
        raise RuntimeError(f"Kivy could not write a screenshot to {path}")
    return path

"""Is there a screen to open a window on? And what to say when there is not."""
import os
import sys

HEADLESS_HELP = """\
fluxforge-studio: no display found (DISPLAY and WAYLAND_DISPLAY are not set).
To see the mixer on a machine without a screen, run it headless:
  SDL_VIDEODRIVER=offscreen fluxforge-studio [session] --seconds 5 --screenshot mixer.png
or inside a virtual X server:
  xvfb-run -s "-screen 0 1280x800x24" fluxforge-studio [session]
Running offscreen now for {seconds:g} s; the screenshot will be written to {path}."""


def display_available(environ=None, platform=None):
    """True when a window can be opened (or SDL was told where to draw).

    Example
    -------
    >>> display_available({"DISPLAY": ":0"}, "linux")
    True
    >>> display_available({}, "linux")
    False
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return True  # Windows and macOS always have a window server
    return any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"))


def prepare_kivy_environment(offscreen):
    """Set Kivy's environment before Kivy is imported.

    ``offscreen`` selects SDL's offscreen video driver (no display needed).

    Example
    -------
    >>> prepare_kivy_environment(offscreen=True)
    """
    if "kivy" in sys.modules and offscreen and os.environ.get("SDL_VIDEODRIVER") != "offscreen":
        raise RuntimeError("Kivy was imported before the headless environment could be set")
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "MIXED")  # keep sys.stderr for our own messages
    if offscreen:
        os.environ["SDL_VIDEODRIVER"] = "offscreen"


#: window size for a landscape tablet or a desktop, in dp
WINDOW_SIZE_DP = (1280, 800)
MIN_WINDOW_SIZE_DP = (800, 560)


def configure_window():
    """Window size (dp) and mouse behaviour, set before the window exists.

    The mouse is a plain pointer (Kivy's right-click multi-touch emulation is
    off), so on a desktop the surface works like any mixer with a mouse.

    Example
    -------
    >>> configure_window()  # before `from kivy.core.window import Window`
    """
    from kivy.config import Config
    # Config sizes are the window system's units (points on HiDPI macOS,
    # pixels at density 1): the dp sizes as they are. Calling dp() here would
    # create the window (Kivy asks it for the dpi) before this config applies.
    Config.set("graphics", "width", str(WINDOW_SIZE_DP[0]))
    Config.set("graphics", "height", str(WINDOW_SIZE_DP[1]))
    Config.set("graphics", "minimum_width", str(MIN_WINDOW_SIZE_DP[0]))
    Config.set("graphics", "minimum_height", str(MIN_WINDOW_SIZE_DP[1]))
    Config.set("input", "mouse", "mouse,disable_multitouch")


def window_size_px():
    """``WINDOW_SIZE_DP`` in pixels for this screen's density.

    Example
    -------
    >>> window_size_px()  # at 1 px per dp
    (1280, 800)
    """
    from kivy.metrics import dp
    return int(dp(WINDOW_SIZE_DP[0])), int(dp(WINDOW_SIZE_DP[1]))


def size_offscreen_window():
    """SDL's offscreen driver ignores the configured size: create the window
    now and size it before anything is drawn.

    Example
    -------
    >>> size_offscreen_window()  # a no-op unless SDL_VIDEODRIVER=offscreen
    """
    if os.environ.get("SDL_VIDEODRIVER") == "offscreen":
        from kivy.core.window import Window
        Window.size = window_size_px()

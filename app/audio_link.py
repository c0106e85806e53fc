"""Start live audio, or explain why not and fall back to the offline clock."""
from dataclasses import dataclass


@dataclass
class AudioLink:
    """How the surface hears the engine.

    Attributes
    ----------
    live : bool
        True: the engine plays through a device (its own real-time thread).
        False: no device; the mixer model renders with the offline clock.
    status : str
        A few words for the transport bar.
    detail : str
        The full story for the console (why there is no device).

    Example
    -------
    >>> AudioLink(False, "Offline clock (--offline)").live
    False
    """

    live: bool
    status: str
    detail: str = ""


def start_audio(engine, device=None, offline=False):
    """Start ``engine`` on ``device`` (None: the default), or fall back.

    Returns an :class:`AudioLink`. With ``offline=True`` no device is tried.
    A missing device (``NoAudioDeviceError``, PortAudio errors, PortAudio not
    installed) is not an error for the surface: it says so and runs offline.

    Example
    -------
    >>> link = start_audio(engine, offline=True)
    >>> link.live, link.status
    (False, 'Offline clock (--offline)')
    """
    if offline:
        return AudioLink(False, "Offline clock (--offline)", "Offline clock: --offline given")
    from fluxforge.engine.devices import NoAudioDeviceError
    try:
        import sounddevice
        device_errors = (NoAudioDeviceError, sounddevice.PortAudioError)
    except OSError as exc:  # PortAudio library missing
        return AudioLink(False, "Offline clock (no PortAudio)",
                         f"Offline clock: PortAudio is not available ({exc})")
    try:
        engine.start(device=device)
    except device_errors as exc:
        return AudioLink(False, "Offline clock (no audio device)",
                         f"Offline clock: no audio device ({exc})")
    name = getattr(engine, "device_name", None) or "live output"
    return AudioLink(True, f"Audio: {name}", f"Audio: playing through {name}")

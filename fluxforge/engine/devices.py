"""Output devices, as PortAudio (through sounddevice) sees them.

``devices()`` lists every output device; ``choose_output_device()`` picks the
one a live stream should use. The engine is stereo, so only devices with at
least two output channels qualify. When PortAudio is missing or lists no
usable device, :class:`NoAudioDeviceError` says so; offline rendering never
needs a device.

Example
-------
>>> from fluxforge.engine.devices import devices
>>> [d.name for d in devices() if d.host_api.startswith("JACK")]
['system']
"""
from dataclasses import dataclass

JACK_HOST_API = "JACK Audio Connection Kit"
ENGINE_CHANNELS = 2


class NoAudioDeviceError(RuntimeError):
    """PortAudio is unavailable or has no output device the engine can use.

    Offline rendering (``Engine.render``) still works without a device.
    """


@dataclass(frozen=True)
class OutputDevice:
    """One PortAudio output device.

    Attributes
    ----------
    index : int
        PortAudio device index (what ``Engine.start(device=...)`` accepts).
    name : str
    host_api : str
        e.g. ``'ALSA'`` or ``'JACK Audio Connection Kit'``.
    channels : int
        Maximum output channels.
    default_samplerate_hz : float
    low_latency_s : float
        PortAudio's default low output latency.
    is_default : bool
        PortAudio's default output device.
    """

    index: int
    name: str
    host_api: str
    channels: int
    default_samplerate_hz: float
    low_latency_s: float
    is_default: bool


def _sounddevice():
    """Import sounddevice, turning a missing PortAudio library into NoAudioDeviceError."""
    try:
        import sounddevice
    except OSError as exc:
        raise NoAudioDeviceError(
            f"PortAudio is not available ({exc}); install libportaudio2 for live "
            "output. Offline rendering works without it.") from exc
    return sounddevice


def devices():
    """List the output devices PortAudio knows (empty list if it knows none).

    Returns
    -------
    list of OutputDevice

    Raises
    ------
    NoAudioDeviceError
        If the PortAudio library itself is missing.

    Examples
    --------
    >>> import fluxforge
    >>> for dev in fluxforge.devices():
    ...     if dev.host_api.startswith("JACK"):
    ...         print(dev.name, dev.host_api, dev.channels)
    system JACK Audio Connection Kit 2
    """
    sd = _sounddevice()
    host_apis = sd.query_hostapis()
    try:
        default_index = sd.query_devices(kind="output")["index"]
    except sd.PortAudioError:
        default_index = None
    return [
        OutputDevice(
            index=info["index"], name=info["name"],
            host_api=host_apis[info["hostapi"]]["name"],
            channels=info["max_output_channels"],
            default_samplerate_hz=float(info["default_samplerate"]),
            low_latency_s=float(info["default_low_output_latency"]),
            is_default=info["index"] == default_index)
        for info in sd.query_devices() if info["max_output_channels"] > 0
    ]


def choose_output_device(device=None):
    """Pick the output device for a live stream.

    Parameters
    ----------
    device : None, int or str
        None: the JACK host API device when JACK runs (lowest latency), else
        PortAudio's default output, else the first stereo output device.
        int: a PortAudio device index. str: a substring of a device name.

    Returns
    -------
    OutputDevice

    Raises
    ------
    NoAudioDeviceError
        No usable output device.
    ValueError
        ``device`` names no output device, or one with fewer than 2 channels.
    TypeError
        ``device`` is not None, int or str.

    Examples
    --------
    >>> choose_output_device().host_api
    'JACK Audio Connection Kit'
    """
    if device is not None and (isinstance(device, bool) or not isinstance(device, (int, str))):
        raise TypeError(f"device must be None, an int index or a name (str), "
                        f"got {type(device).__name__}")
    outputs = devices()
    stereo = [d for d in outputs if d.channels >= ENGINE_CHANNELS]
    if device is None:
        if not stereo:
            raise NoAudioDeviceError(
                "no audio output device found (PortAudio lists "
                f"{len(outputs)} output device(s), none stereo). Offline rendering "
                "works without one.")
        ranked = sorted(stereo, key=lambda d: (d.host_api != JACK_HOST_API, not d.is_default))
        return ranked[0]
    if isinstance(device, int):
        matches = [d for d in outputs if d.index == device]
    else:
        matches = [d for d in outputs if device.lower() in d.name.lower()]
    if not matches:
        known = ", ".join(f"{d.index}: {d.name!r}" for d in outputs) or "none"
        raise ValueError(f"device {device!r} is not an output device (outputs: {known})")
    usable = [d for d in matches if d.channels >= ENGINE_CHANNELS]
    if not usable:
        raise ValueError(f"device {device!r} has {matches[0].channels} output channel(s); "
                         f"the engine needs {ENGINE_CHANNELS}")
    jack_first = sorted(usable, key=lambda d: d.host_api != JACK_HOST_API)
    return jack_first[0]


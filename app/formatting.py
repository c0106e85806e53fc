"""Text of transport readouts (pure functions, no Kivy)."""


def format_position(frames, samplerate):
    """``'mm:ss.mmm'`` of a frame position.

    Example
    -------
    >>> format_position(48000 * 83 + 24000, 48000)
    '01:23.500'
    """
    if samplerate <= 0:
        raise ValueError(f"samplerate must be > 0, got {samplerate}")
    total_ms = int(round(max(frames, 0) * 1000 / samplerate))
    minutes, ms = divmod(total_ms, 60000)
    return f"{minutes:02d}:{ms // 1000:02d}.{ms % 1000:03d}"

"""The render's events (released tracks, ended voices, clip touches), handed on.

:meth:`fluxforge.engine.Engine.service` drains them from the event ring and
passes them here: a released track's slot goes back to the tracks, an ended
voice is retired by the voices, and then the engine's callbacks hear of the
touched clips and the ended voices (outside every lock).

Example
-------
>>> from fluxforge._engine import EVENT_CLIP_TOUCHED
>>> touched = []
>>> dispatch_events([(EVENT_CLIP_TOUCHED, 0, 42)], None, None, touched.append, None)
>>> touched
[42]
"""
from fluxforge._engine import EVENT_CLIP_TOUCHED, EVENT_TRACK_RELEASED, EVENT_VOICE_ENDED


def dispatch_events(events, tracks, voices, on_clip_touched, on_voice_ended):
    """Apply ``(kind, slot, value)`` events to ``tracks`` and ``voices``, then call
    ``on_clip_touched(key)`` and ``on_voice_ended(voice_id, reason)`` (when set)."""
    touched, ended = [], []
    for kind, slot, value in events:
        if kind == EVENT_TRACK_RELEASED:
            tracks.release_slot(slot)
        elif kind == EVENT_VOICE_ENDED:
            ended.append(voices.ended(value, slot))
        elif kind == EVENT_CLIP_TOUCHED:
            touched.append(value)
    if on_clip_touched is not None:
        for key in touched:
            on_clip_touched(key)
    if on_voice_ended is not None:
        for voice_id, reason in ended:
            on_voice_ended(voice_id, reason)

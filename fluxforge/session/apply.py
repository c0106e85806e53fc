"""Between sessions and engines: build an ``Engine`` from a ``Session``, and back.

``engine_from_session`` decodes every track's file (resampled to the
session's rate when needed), adds the tracks in order and applies volumes,
pans, mute/solo, EQ bands, bus settings and routing, the master stage, the
loop and the middleware (``engine.middleware``). The track files and the
middleware's clips are decoded through one
:class:`~fluxforge.cache.audio_cache.AudioCache` (``engine.middleware.audio_cache``),
so a file that several tracks or events use is decoded once; the clips in use
stay pinned in it, and the render's clip touches go to it. ``session_from_engine``
captures an engine's current mix back into a session (for saving what was
mixed on the touch surface).

Example
-------
>>> from fluxforge.demo import write_demo
>>> from fluxforge.session import load_session
>>> engine = engine_from_session(load_session(write_demo("ff-demo")))
>>> engine.play(); mix = engine.render(48000)
"""
import copy
from pathlib import Path

from fluxforge.cache.audio_cache import AudioCache
from fluxforge.engine.engine import Engine
from fluxforge.middleware import Middleware
from fluxforge.session.files import track_path
from fluxforge.session.schema import BUS_NAMES, BusSpec, EqBand, LoopSpec, MasterSpec, Session

__all__ = ["engine_from_session", "session_from_engine"]


def _apply_track(engine, session, index, track, audio_cache, pinned):
    try:
        clip = audio_cache.load(track_path(session, track), pin=True)
    except (OSError, ValueError) as err:
        raise type(err)(f"tracks[{index}] ({track.name!r}): {err}") from err
    pinned.append(clip.key)
    track_id = engine.add_track(clip, name=track.name, bus=track.bus)
    engine.set_track_volume(track_id, track.volume)
    if track.pan is not None:
        engine.set_track_pan(track_id, track.pan)
    if track.pan_right is not None:
        engine.set_track_pan_right(track_id, track.pan_right)
    engine.set_track_mute(track_id, track.mute)
    engine.set_track_solo(track_id, track.solo)
    for band in track.eq:
        engine.set_track_eq(track_id, band.band, band.kind, band.freq_hz, q=band.q,
                            gain_db=band.gain_db, enabled=band.enabled)
    return track_id


def _apply_bus(engine, name, bus):
    engine.set_bus_volume(name, bus.volume)
    engine.set_bus_pan(name, bus.pan)
    engine.set_bus_pan_right(name, bus.pan_right)
    engine.set_bus_mute(name, bus.mute)
    engine.set_bus_solo(name, bus.solo)
    engine.set_bus_output(name, bus.output)


def engine_from_session(session, audio_cache=None):
    """A new ``Engine`` set up as ``session`` describes, transport stopped at 0.

    Parameters
    ----------
    session : Session
        Usually from ``fluxforge.load_session`` (track paths are resolved
        against ``session.folder``).
    audio_cache : AudioCache, optional
        Where the tracks' files and the middleware's clips are decoded (its
        rate must be the session's); default: a new one for this engine.
        Several engines given one cache decode a file they share once.

    Returns
    -------
    Engine
        Track ids follow the session's track order (``engine.track_ids``);
        ``engine.middleware`` is a ``fluxforge.middleware.Middleware`` with
        the session's middleware definitions loaded (clip paths relative to
        the session folder) and ``audio_cache`` as its ``audio_cache``.

    Raises
    ------
    FileNotFoundError, ValueError
        A track's file is missing or cannot be decoded (the message names
        the track).

    Example
    -------
    >>> from fluxforge.demo import write_demo
    >>> from fluxforge.session import load_session, save_session
    >>> session = load_session(write_demo("demo"))
    >>> engine = engine_from_session(session)
    >>> engine.play(); engine.render_to_file("mix.wav", 48000)
    PosixPath('mix.wav')
    """
    if not isinstance(session, Session):
        raise TypeError(f"session must be a fluxforge.session.Session, not {type(session).__name__}")
    if audio_cache is None:
        audio_cache = AudioCache(samplerate_hz=session.samplerate)
    elif audio_cache.samplerate_hz != session.samplerate:
        raise ValueError(f"the audio cache decodes at {audio_cache.samplerate_hz:g} Hz; "
                         f"the session runs at {session.samplerate} Hz")
    engine = Engine(samplerate=session.samplerate, blocksize=session.blocksize,
                    max_tracks=max(512, len(session.tracks)))
    engine.on_clip_touched = audio_cache.touch
    pinned = []                     # the tracks' clips, pinned while the engine lives
    try:
        for index, track in enumerate(session.tracks):
            _apply_track(engine, session, index, track, audio_cache, pinned)
        for name, bus in session.buses.items():
            _apply_bus(engine, name, bus)
        engine.set_master_volume(session.master.volume)
        engine.set_soft_clip(session.master.soft_clip)
        if session.loop is not None:
            engine.set_loop(session.loop.start_frame, session.loop.end_frame)
        engine.middleware = Middleware(engine, audio_cache=audio_cache)
        engine.middleware.load(session.middleware, folder=session.folder or Path.cwd(),
                               allow_outside=True)
    except BaseException:
        engine.close()
        for key in pinned:
            audio_cache.unpin(key)
        raise
    return engine


def _eq_from_engine(bands):
    return [EqBand(band=i, kind=b.kind, freq_hz=b.freq_hz, q=b.q, gain_db=b.gain_db,
                   enabled=b.enabled) for i, b in enumerate(bands) if b is not None]


def _unless_default(was, value, default):
    """Keep "engine default" (None) when the value still is the default."""
    if default is None or (was is None and value == default):
        return None
    return value


def session_from_engine(engine, session):
    """A copy of ``session`` with the engine's current mix written into it.

    Track files, names, colours and middleware come from ``session``; volumes,
    pans, mute/solo, EQ and buses from ``engine``, whose tracks must be the
    session's tracks in the same order (as ``engine_from_session`` made them).

    Example
    -------
    >>> from fluxforge.demo import write_demo
    >>> from fluxforge.session import load_session, save_session
    >>> session = load_session(write_demo("demo"))
    >>> engine = engine_from_session(session)
    >>> engine.set_track_volume(engine.track_ids[0], 0.5)
    >>> save_session(session_from_engine(engine, session), "mixed.fluxforge.json")
    PosixPath('mixed.fluxforge.json')
    """
    ids = list(engine.track_ids)
    if len(ids) != len(session.tracks):
        raise ValueError(f"engine has {len(ids)} tracks but the session has "
                         f"{len(session.tracks)}; they must match one to one")
    result = copy.deepcopy(session)
    result.folder = session.folder
    for spec, track_id in zip(result.tracks, ids):
        info = engine.track(track_id)
        default_pan, default_pan_right = (-1.0, 1.0) if info.channels == 2 else (0.0, None)
        spec.bus = BUS_NAMES[info.bus]
        spec.volume, spec.mute, spec.solo = info.volume, info.muted, info.solo
        spec.pan = _unless_default(spec.pan, info.pan, default_pan)
        spec.pan_right = _unless_default(spec.pan_right, info.pan_right, default_pan_right)
        spec.eq = _eq_from_engine(info.eq)
    for name in BUS_NAMES[1:]:
        state = engine.bus_state(name)
        result.buses[name] = BusSpec(volume=state.volume, pan=state.pan, pan_right=state.pan_right,
                                     mute=state.muted, solo=state.solo,
                                     output=BUS_NAMES[state.output])
    master = engine.master_state()
    result.master = MasterSpec(volume=master.volume, soft_clip=master.soft_clip)
    result.loop = LoopSpec(*engine.loop) if engine.loop else None
    return result


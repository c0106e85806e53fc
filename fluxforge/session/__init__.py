"""Session files: the schema (dataclasses), parsing, loading/saving, and applying to an Engine.

:mod:`~fluxforge.session.schema` holds the dataclasses, :mod:`~fluxforge.session.parse`
turns a JSON document into them, :mod:`~fluxforge.session.files` loads and saves
``*.fluxforge.json`` files, and :mod:`~fluxforge.session.apply` builds an Engine
from a session and back (imported on demand: it loads the engine).
"""
from fluxforge.session.files import (
    SCHEMA_VERSION, SESSION_SUFFIX, BusSpec, EqBand, LoopSpec, MasterSpec, Session, SessionError,
    TrackSpec, load_session, save_session, session_to_json, track_path)

__all__ = ["Session", "TrackSpec", "BusSpec", "EqBand", "MasterSpec", "LoopSpec",
           "SessionError", "SCHEMA_VERSION", "SESSION_SUFFIX", "load_session",
           "save_session", "session_to_json", "track_path"]

"""The parameter table, the compiled store's field numbers and the C struct agree.

``fluxforge.engine.params`` gives every stored parameter a field number
(``c_index``) and the ``ff_params`` member it lives in; the compiled
``ParamStore`` numbers its fields by the names it exports; ``ff_params`` in
the C header fixes the members' order and types. A row added, moved or
retyped in one place and not the others fails here.
"""
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from fluxforge import Engine, _engine
from fluxforge.engine.params import BUS, BUS_REF, EQ_BAND, FLAG, FLOAT, INT, MASTER, TRACK
from fluxforge.session.parse import session_from_dict
from fluxforge.session.schema import SessionError

CSRC = Path(__file__).resolve().parents[1] / "pyx" / "csrc"
C_TYPES = {FLOAT: "double", FLAG: "int32_t", INT: "int32_t", BUS_REF: "int32_t"}


def ff_params_members():
    """[(name, C type)] of ``struct ff_params``, in declaration order."""
    for header in sorted(CSRC.rglob("*.h")):
        match = re.search(r"typedef struct ff_params \{(.*?)\} ff_params;", header.read_text(),
                          re.S)
        if match:
            body = re.sub(r"/\*.*?\*/", "", match[1], flags=re.S)
            return [(m[3], m[1]) for m in re.finditer(r"(\w+)\s*(\*?)\s*(\w+)\s*(\[\w+\])?;",
                                                       body)]
    raise AssertionError(f"no 'typedef struct ff_params' under {CSRC}")


@pytest.mark.parametrize("table, compiled, prefix", [
    (TRACK, _engine.TRACK_FIELDS, "track_"), (BUS, _engine.BUS_FIELDS, "bus_"),
    (MASTER, _engine.GLOBAL_FIELDS, None)])
def test_field_numbers_follow_the_c_struct(table, compiled, prefix):
    members = ff_params_members()
    if prefix is None:      # the master stage and transport: the scalars but the seek request
        members = [(n, t) for n, t in members
                   if not n.startswith(("track_", "bus_")) and n != "seek"]
    else:
        members = [(n, t) for n, t in members if n.startswith(prefix)]
    assert table.c_fields == compiled == tuple(name for name, _ in members)
    for row, (_, c_type) in zip(table.stored, members):
        assert C_TYPES[row.kind] == c_type, row
    assert [row.c_index for row in table.stored] == list(range(len(compiled)))


def test_the_batch_keywords_are_the_table_rows():
    rows = {row.batch: row.c_index for row in TRACK if row.batch}
    assert rows == _engine.BATCH_FIELDS
    keywords = list(inspect.signature(Engine.batch_set_track_params).parameters)[2:]
    assert sorted(keywords) == sorted(rows)


def test_single_setters_and_batch_clamp_to_the_table():
    engine = Engine(48000, 64)
    a, b = (engine.add_track(np.zeros((64, 2), np.float32)) for _ in range(2))
    for name, setter, batch in (("volume", engine.set_track_volume, "volumes"),
                                ("pan", engine.set_track_pan, "pans"),
                                ("pan_right", engine.set_track_pan_right, "pans_right")):
        low, high = TRACK[name].bounds()
        for value, clamped in ((high + 3.0, high), (low - 3.0, low)):
            setter(a, value)
            engine.batch_set_track_params([b], **{batch: [value]})
            assert getattr(engine.track(a), name) == getattr(engine.track(b), name) == clamped


def test_new_tracks_buses_and_master_start_at_the_table_defaults():
    engine = Engine(48000, 64)
    info = engine.track(engine.add_track(np.zeros(64, np.float32)))
    for row in TRACK:
        assert getattr(info, row.name) == row.default, row.name
    bus = engine.bus_state("Sfx")
    for row in BUS:
        assert getattr(bus, row.name) == row.default, row.name
    master = engine.master_state()
    assert (master.volume, master.soft_clip, master.dc_block, master.meter_decay_db_per_s,
            master.ramp_ms) == tuple(MASTER[n].default for n in (
                "master_volume", "soft_clip", "dc_block", "meter_decay_db_per_s", "ramp_ms"))


@pytest.mark.parametrize("where, row", [
    ("track", TRACK["volume"]), ("track", TRACK["pan"]), ("track", TRACK["pan_right"]),
    ("bus", BUS["volume"]), ("bus", BUS["pan"]), ("master", MASTER["master_volume"]),
    ("eq", EQ_BAND["q"]), ("eq", EQ_BAND["gain_db"]), ("eq", EQ_BAND["freq_hz"])])
def test_sessions_refuse_what_the_setters_would_clamp(where, row):
    low, high = row.bounds(48000)
    doc = {"format": "fluxforge-session", "schema_version": 1, "name": "x",
           "tracks": [{"name": "t", "file": "t.wav",
                       "eq": [{"band": 0, "kind": "peaking", "freq_hz": 1000.0}]}],
           "buses": {"Music": {}}, "master": {}}
    target = {"track": doc["tracks"][0], "bus": doc["buses"]["Music"], "master": doc["master"],
              "eq": doc["tracks"][0]["eq"][0]}[where]
    target[row.session] = high
    session_from_dict(doc)                     # the ends of the range are valid
    target[row.session] = high * 1.5 + 1.0
    with pytest.raises(SessionError, match=f"is outside the range {low}..{high}"):
        session_from_dict(doc)

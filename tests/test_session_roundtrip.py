"""Property: any valid session survives save -> load unchanged, byte for byte on re-save."""
import tempfile
from pathlib import Path

from hypothesis import given, settings, strategies as st

from fluxforge.session import load_session, save_session
from fluxforge.session.schema import (
    BUS_NAMES, EQ_BANDS, EQ_KINDS, BusSpec, EqBand, LoopSpec, MasterSpec, Session, TrackSpec)

SR = 48000
finite = dict(allow_nan=False, allow_infinity=False)
volumes = st.floats(0.0, 2.0, **finite)
pans = st.floats(-1.0, 1.0, **finite)
names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
files = st.lists(st.text("abcdefgh_-0123456789", min_size=1, max_size=8), min_size=1,
                 max_size=3).map(lambda parts: "/".join(parts) + ".wav")


@st.composite
def eq_bands(draw):
    bands = draw(st.lists(st.integers(0, EQ_BANDS - 1), unique=True, max_size=EQ_BANDS))
    return [EqBand(band=b, kind=draw(st.sampled_from(EQ_KINDS)),
                   freq_hz=draw(st.floats(1.0, SR / 2 - 1, **finite)),
                   q=draw(st.floats(0.01, 100.0, **finite)),
                   gain_db=draw(st.floats(-60.0, 24.0, **finite)), enabled=draw(st.booleans()))
            for b in bands]


tracks = st.builds(TrackSpec, name=names, file=files, bus=st.sampled_from(BUS_NAMES),
                   volume=volumes, pan=st.none() | pans, pan_right=st.none() | pans,
                   mute=st.booleans(), solo=st.booleans(),
                   color=st.none() | st.from_regex(r"#[0-9a-f]{6}", fullmatch=True),
                   eq=eq_bands())


@st.composite
def bus_maps(draw):
    # outputs only point "down" the list, so routing never forms a cycle
    order = list(BUS_NAMES[1:])
    buses = {}
    for i, name in enumerate(order):
        output = draw(st.sampled_from(["Master"] + order[i + 1:]))
        buses[name] = BusSpec(volume=draw(volumes), pan=draw(pans), pan_right=draw(pans),
                              mute=draw(st.booleans()), solo=draw(st.booleans()), output=output)
    return buses


@st.composite
def loops(draw):
    start = draw(st.integers(0, 10**9))
    return LoopSpec(start, start + draw(st.integers(1, 10**9)))


@st.composite
def middleware_defs(draw):
    """Valid middleware definitions: state/switch groups and RTPCs."""
    groups = st.lists(names, min_size=1, max_size=4, unique=True)
    states = draw(st.dictionaries(names, groups, max_size=3))
    low = draw(st.floats(-1000, 1000, **finite))
    rtpc = {n: {"min": low, "max": low + draw(st.floats(1, 1000, **finite)), "default": low,
                "slew_per_s": draw(st.floats(0, 1000, **finite)), "bindings": []}
            for n in draw(st.lists(names, max_size=2, unique=True))}
    return {"states": {n: {"states": s, "default": s[-1], "transition_ms": 0.0}
                       for n, s in states.items()},
            "switches": {n: {"switches": s, "default": s[0]} for n, s in states.items()},
            "rtpc": rtpc}

sessions = st.builds(
    Session, name=names, samplerate=st.just(SR), blocksize=st.integers(16, 8192),
    tempo_bpm=st.none() | st.floats(1.0, 999.0, **finite), tracks=st.lists(tracks, max_size=5),
    buses=bus_maps(), master=st.builds(MasterSpec, volume=volumes, soft_clip=st.booleans()),
    loop=st.none() | loops(), middleware=middleware_defs())


@settings(max_examples=150, deadline=None)
@given(sessions)
def test_save_load_round_trip(session):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.fluxforge.json"
        save_session(session, path)
        loaded = load_session(path, check_files=False)
        assert loaded == session
        first = path.read_bytes()
        save_session(loaded, path)
        assert path.read_bytes() == first

"""Sessions become engines (and back): settings applied, mixes audible and reproducible."""
import hashlib

import numpy as np
import pytest
import soundfile

from fluxforge.demo import write_demo
from fluxforge.session import BusSpec, EqBand, LoopSpec, Session, TrackSpec, load_session
from fluxforge.session import save_session
from fluxforge.session.apply import engine_from_session, session_from_engine

SR = 48000


@pytest.fixture(scope="module")
def demo_session(tmp_path_factory):
    return load_session(write_demo(tmp_path_factory.mktemp("apply-demo")))


@pytest.fixture
def sine_folder(tmp_path):
    t = np.arange(SR) / SR
    soundfile.write(tmp_path / "sine.wav", 0.5 * np.sin(2 * np.pi * 1000 * t), SR, subtype="FLOAT")
    return tmp_path


def _one_track_session(folder, **track):
    return Session(name="one", folder=folder,
                   tracks=[TrackSpec(name="Sine", file="sine.wav", **track)])


def _peak_after_ramp(engine, frames=SR // 2):
    engine.play()
    out = engine.render(frames)
    return np.abs(out[4096:]).max(axis=0)


def test_demo_session_is_applied(demo_session):
    engine = engine_from_session(demo_session)
    try:
        infos = [engine.track(tid) for tid in engine.track_ids]
        assert [i.name for i in infos] == [t.name for t in demo_session.tracks]
        assert [engine.BUS_NAMES[i.bus] for i in infos] == [t.bus for t in demo_session.tracks]
        assert [i.volume for i in infos] == pytest.approx([t.volume for t in demo_session.tracks])
        assert infos[0].eq[1].kind == "peaking" and infos[0].eq[1].gain_db == 1.5
        assert engine.bus_state("Music").volume == pytest.approx(0.85)
        assert engine.master_state().soft_clip
        assert engine.loop == (0, demo_session.loop.end_frame)
    finally:
        engine.close()


def test_engine_round_trips_to_the_same_session(demo_session):
    engine = engine_from_session(demo_session)
    try:
        assert session_from_engine(engine, demo_session) == demo_session
        bass = engine.track_ids[1]
        engine.set_track_volume(bass, 0.25)
        engine.set_track_mute(bass, True)
        engine.set_bus_output("Sfx", "Aux")
        mixed = session_from_engine(engine, demo_session)
    finally:
        engine.close()
    assert (mixed.tracks[1].volume, mixed.tracks[1].mute) == (0.25, True)
    assert mixed.buses["Sfx"].output == "Aux"
    assert demo_session.tracks[1].volume == 0.8          # the original is untouched


def test_saved_mix_reloads_into_the_same_engine_state(demo_session, tmp_path):
    engine = engine_from_session(demo_session)
    engine.set_track_pan(engine.track_ids[3], -0.4)
    engine.set_track_eq(engine.track_ids[3], 2, "lowpass", 8000.0, q=0.9)
    mixed = session_from_engine(engine, demo_session)
    engine.close()
    path = save_session(mixed, demo_session.folder / "mixed.fluxforge.json")
    again = engine_from_session(load_session(path))
    try:
        lead = again.track(again.track_ids[3])
        assert lead.pan == pytest.approx(-0.4) and lead.eq[2].kind == "lowpass"
    finally:
        again.close()


def test_rendering_a_session_is_bit_identical_across_engines(demo_session):
    digests = []
    for _ in range(2):
        engine = engine_from_session(demo_session)
        engine.play()
        digests.append(hashlib.sha256(engine.render(SR * 3).tobytes()).hexdigest())
        engine.close()
    assert digests[0] == digests[1]


def test_demo_mix_is_audible_and_does_not_clip(demo_session):
    engine = engine_from_session(demo_session)
    engine.play()
    mix = engine.render(demo_session.loop.end_frame)
    engine.close()
    rms_db = 20 * np.log10(np.sqrt(np.mean(mix.astype(np.float64) ** 2)))
    assert -30 < rms_db < -8
    assert np.abs(mix).max() < 1.0


def test_volume_and_centre_pan_reach_the_output(sine_folder):
    engine = engine_from_session(_one_track_session(sine_folder, volume=0.5))
    try:
        left, right = _peak_after_ramp(engine)
    finally:
        engine.close()
    expected = 0.5 * 0.5 * np.cos(np.pi / 4)
    assert left == pytest.approx(expected, rel=0.01) and right == pytest.approx(expected, rel=0.01)


@pytest.mark.parametrize("track, buses", [
    ({"mute": True}, {}),
    ({"bus": "Sfx"}, {"Sfx": BusSpec(mute=True)}),
    ({"bus": "Voice"}, {"Voice": BusSpec(output="Aux"), "Aux": BusSpec(volume=0.0)}),
])
def test_mute_and_routing_silence_the_track(sine_folder, track, buses):
    session = _one_track_session(sine_folder, **track)
    session.buses.update(buses)
    engine = engine_from_session(session)
    try:
        assert _peak_after_ramp(engine).max() < 1e-6
    finally:
        engine.close()


def test_eq_band_is_applied(sine_folder):
    cut = _one_track_session(sine_folder, eq=[EqBand(0, "lowpass", 100.0)])
    engine = engine_from_session(cut)
    try:
        assert _peak_after_ramp(engine).max() < 0.02      # 1 kHz through a 100 Hz lowpass
    finally:
        engine.close()


def test_loop_is_applied(sine_folder):
    session = _one_track_session(sine_folder)
    session.loop = LoopSpec(0, 1000)
    engine = engine_from_session(session)
    try:
        engine.play()
        engine.render(2500)
        assert engine.position == 500
    finally:
        engine.close()


def test_missing_audio_names_the_track(sine_folder):
    session = _one_track_session(sine_folder)
    session.tracks[0].file = "gone.wav"
    with pytest.raises(FileNotFoundError, match=r"tracks\[0\] \('Sine'\)"):
        engine_from_session(session)
    with pytest.raises(TypeError, match="session must be"):
        engine_from_session("demo.fluxforge.json")
